"""Blog tasks: work the worker does after a request has been answered."""

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string

from {{ cookiecutter.project_slug }}.mail.tasks import send_email

from .models import Comment


@task
def notify_post_author(comment_id):
    """Tell a post's author by mail that someone else commented on it."""
    comment = (
        Comment.objects.select_related("post__author", "author")
        .filter(pk=comment_id)
        .first()
    )
    # Gone (deleted since), the author's own comment, or an author without an address.
    if comment is None or not comment.should_notify_post_author():
        return
    context = {
        "comment": comment,
        "post": comment.post,
        "site_title": settings.SITE_TITLE,
        "url": f"{settings.SITE_URL}{comment.get_absolute_url()}",
    }
    subject = render_to_string("blog/email/new_comment_subject.txt", context)
    body = render_to_string("blog/email/new_comment_body.txt", context)
    send_email.enqueue("".join(subject.splitlines()), body, [comment.post.author.email])
