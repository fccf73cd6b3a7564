"""Test data: posts and comments, published unless asked otherwise."""

from itertools import count

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post
from {{ cookiecutter.project_slug }}.users.tests.factories import make_user

post_numbers = count(1)
comment_numbers = count(1)


def make_post(*, draft=False, save=True, **fields):
    """A post by a new author, published unless draft=True; unsaved if save=False."""
    fields.setdefault("title", f"Post number {next(post_numbers)}")
    fields.setdefault("body", "A few words about Django.")
    fields.setdefault("status", Post.Status.DRAFT if draft else Post.Status.PUBLISHED)
    fields.setdefault("published_at", None if draft else timezone.now())
    if "author" not in fields:
        # An unsaved post gets an unsaved author: neither touches the database.
        fields["author"] = make_user() if save else get_user_model()(username="author")
    post = Post(**fields)
    if save:
        post.save()
    return post


def make_posts(number, **fields):
    """That number of posts, each made by make_post with the same fields."""
    return [make_post(**fields) for _ in range(number)]


def make_comment(**fields):
    """Save and return a comment by a new author on a new post, unless given them."""
    if "post" not in fields:
        fields["post"] = make_post()
    if "author" not in fields:
        fields["author"] = make_user()
    fields.setdefault("body", f"Comment number {next(comment_numbers)}")
    return Comment.objects.create(**fields)


def make_comments(number, **fields):
    """That number of comments, each made by make_comment with the same fields."""
    return [make_comment(**fields) for _ in range(number)]


def retitle_behind_djangos_back(post, title):
    """Change a post's title with a plain QuerySet: no signal, no project code runs."""
    QuerySet(model=Post).filter(pk=post.pk).update(title=title)
