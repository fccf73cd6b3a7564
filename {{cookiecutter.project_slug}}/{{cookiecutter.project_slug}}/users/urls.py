"""URLconf: the account page and what it offers, under /accounts/ beside allauth's."""

from django.urls import path

from . import views

app_name = "users"
urlpatterns = [
    path("", views.account, name="account"),
    path("data/", views.download_data, name="download_data"),
    path("delete/", views.delete_account, name="delete_account"),
]
