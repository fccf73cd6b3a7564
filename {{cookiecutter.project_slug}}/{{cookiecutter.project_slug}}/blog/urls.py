"""URLconf: the blog's addresses under /blog/, each naming the view that answers it."""

from django.urls import path

from . import views

app_name = "blog"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    # Fixed words first: "new" and "drafts" would otherwise match <slug>.
    path("new/", views.PostCreateView.as_view(), name="post_create"),
    path("drafts/", views.DraftListView.as_view(), name="draft_list"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("<slug:slug>/edit/", views.PostUpdateView.as_view(), name="post_update"),
    path("<slug:slug>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
    path("<slug:slug>/comments/", views.add_comment, name="add_comment"),
]
