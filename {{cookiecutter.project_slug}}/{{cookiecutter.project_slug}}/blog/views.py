"""Blog views: take a request, ask the models, answer with a page (the V in MVT)."""

import logging

from allauth.decorators import rate_limit
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.views import SuccessMessageMixin
from django.db import OperationalError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    TemplateView,
    UpdateView,
)

from {{ cookiecutter.project_slug }}.caching.decorators import (
    cache_for_anonymous,
)
from {{ cookiecutter.project_slug }}.caching.kept import (
    kept_until_changed,
)
from {{ cookiecutter.project_slug }}.users.access import (
    VerifiedEmailRequiredMixin,
    verified_email_required,
)

from .forms import CommentForm, PostForm
from .mixins import OwnPostsMixin, ShowSaveErrorsMixin
from .models import Post
from .pages import PostListPage, drafts_page
from .tasks import notify_post_author

logger = logging.getLogger(__name__)

BUSY_MESSAGE = _(
    "The site is too busy to save your comment right now. Nothing was saved: "
    "send it again in a moment."
)


# Anonymous visitors share cached copies of the public pages, forgotten when a post or
# comment changes (apps.py): one per page of the list, whatever else the address holds.
@method_decorator(
    cache_for_anonymous(timeout=300, query_parameters=("after", "before")),
    name="dispatch",
)
class PostListView(TemplateView):
    """Published posts, newest first, ten to a page.

    A page is found from the post next to it rather than by its number: ?after=<slug>
    lists the posts older than that one, ?before=<slug> the newer ones. The database
    finds that post in the list's index and reads on from there, so the 5,000th page
    costs what the first does; with ?page=5000 it would count every post and then
    read and skip the 49,990 before the page (OFFSET).
    """

    template_name = "blog/post_list.html"
    page_size = 10

    def get_context_data(self, **kwargs):
        if "after" in self.request.GET and "before" in self.request.GET:
            # One neighbour names a page; both would name it twice over.
            raise Http404
        after = self.neighbour("after")
        return super().get_context_data(
            # Signed-in readers get the page rendered for them, but the list is the
            # same for everyone: kept until a post or comment changes, and only read
            # from the database when it is not.
            page=PostListPage(
                self.page_size,
                after=after,
                before=None if after else self.neighbour("before"),
            ),
            **kwargs,
        )

    def neighbour(self, parameter):
        """The published post the query string names, if it names one."""
        if slug := self.request.GET.get(parameter):
            return get_object_or_404(Post.objects.published(), slug=slug)
        return None


class DraftListView(LoginRequiredMixin, TemplateView):
    """The signed-in author's drafts, ten to a page (?page=2), numbered: counting and
    skipping stay cheap within one author's drafts, which their index holds together.
    """

    template_name = "blog/draft_list.html"

    def get_context_data(self, **kwargs):
        # Read only if the page is not kept in a fragment (draft_list.html).
        page = drafts_page(self.request.user, self.request.GET.get("page"), size=10)
        return super().get_context_data(page_obj=page, posts=page, **kwargs)


# A comment a visitor wrote while logged out, kept in their session until they log in.
UNSENT_COMMENT_KEY = "blog:unsent_comment"


def post_detail_context(request, post, comment_form=None):
    """What the post page shows; shared by PostDetailView and add_comment."""
    return {
        "post": post,
        "can_edit": post.can_be_edited_by(request.user),
        # The same for every reader: kept in fragments until a post or comment
        # changes, and only read or made when they are not.
        "comments": SimpleLazyObject(lambda: post.comments.select_related("author")),
        "comment_form": comment_form or SimpleLazyObject(CommentForm),
        "comment_form_is_empty": comment_form is None,
    }


def comment_form_url(post):
    return f"{post.get_absolute_url()}#comment-form"


@method_decorator(cache_for_anonymous(timeout=300), name="dispatch")
class PostDetailView(DetailView):
    model = Post  # the author is not joined: only the kept article shows them

    def get_object(self, queryset=None):
        # The row is the same for every reader: kept like the page's fragments.
        find = super().get_object
        post = kept_until_changed(
            self.request, "post", self.kwargs["slug"], make=lambda: find(queryset)
        )
        # Anyone else asking for a draft gets a 404, as if it did not exist.
        if not post.is_visible_to(self.request.user):
            raise Http404
        return post

    def get_context_data(self, **kwargs):
        # Back from logging in: offer their text again; it is not published yet.
        unsent = self.unsent_comment()
        form = CommentForm(initial={"body": unsent}) if unsent else None
        return (
            super().get_context_data(**kwargs)
            | post_detail_context(self.request, self.object, form)
            | {"comment_is_unsent": bool(unsent)}
        )

    def unsent_comment(self):
        if not self.request.user.is_authenticated:
            return None
        unsent = self.request.session.get(UNSENT_COMMENT_KEY)
        if not unsent or unsent["post"] != self.object.pk:
            return None
        del self.request.session[UNSENT_COMMENT_KEY]
        return unsent["body"]


class PostCreateView(
    VerifiedEmailRequiredMixin, ShowSaveErrorsMixin, SuccessMessageMixin, CreateView
):
    form_class = PostForm
    template_name = "blog/post_form.html"
    success_message = _('Saved "%(title)s".')

    def form_valid(self, form):
        form.instance.author = self.request.user
        return super().form_valid(form)


class PostUpdateView(
    OwnPostsMixin, ShowSaveErrorsMixin, SuccessMessageMixin, UpdateView
):
    form_class = PostForm
    template_name = "blog/post_form.html"
    success_message = _('Saved "%(title)s".')


class PostDeleteView(OwnPostsMixin, SuccessMessageMixin, DeleteView):
    success_url = reverse_lazy("blog:post_list")

    def get_queryset(self):
        # The page says how many comments go with the post: count them in SQL.
        return super().get_queryset().with_comment_count()

    def get_success_message(self, cleaned_data):
        return gettext('Deleted "%(title)s".') % {"title": self.object.title}


@require_http_methods(["GET", "POST"])
def add_comment(request, slug):
    """Save a comment on a published post, or show the post again with the errors."""
    post = get_object_or_404(Post.objects.published(), slug=slug)
    if request.method == "GET":
        # Nothing to show here: a link or a log-in that leads here goes to the form.
        return redirect(comment_form_url(post))
    form = CommentForm(request.POST)
    if not form.is_valid():
        # Checked before anything is kept: a session holds no more than the form
        # accepts (a comment's length).
        context = post_detail_context(request, post, form)
        return render(request, "blog/post_detail.html", context)
    if not request.user.is_authenticated:
        # The session ended while they wrote: keep the text through the log-in,
        # then show it again in the form on the post.
        request.session[UNSENT_COMMENT_KEY] = {
            "post": post.pk,
            "body": form.cleaned_data["body"],
        }
        messages.info(
            request,
            gettext(
                "Log in to publish your comment. Your text is kept: it will be "
                "waiting in the form."
            ),
        )
        return redirect_to_login(comment_form_url(post))
    return publish_comment(request, post, form)


@verified_email_required
@rate_limit(action="comment")  # each comment mails the post's author
def publish_comment(request, post, form):
    """Save a signed-in member's comment, and queue the mail to the post's author."""
    comment = form.save(commit=False)
    comment.post = post
    comment.author = request.user
    try:
        # The comment and the task that mails the post's author are saved together
        # or not at all: django-tasks-db writes the task in this same transaction.
        with transaction.atomic():
            comment.save()
            notify_post_author.enqueue(comment.pk)
    except OperationalError:
        # The database is locked or away for longer than a request waits. Nothing
        # was saved: say so (503, not 500) and keep the text in the form.
        logger.warning(
            "Comment on %r not saved: the database is unavailable", post.slug
        )
        form.add_error(None, BUSY_MESSAGE)
        context = post_detail_context(request, post, form)
        return render(request, "blog/post_detail.html", context, status=503)
    messages.success(request, gettext("Thanks! Your comment is published."))
    return redirect(comment)
