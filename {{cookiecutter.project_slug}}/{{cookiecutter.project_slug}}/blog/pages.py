"""Pages of posts, read only when a page is shown (beside models.py): the public
list's, and an author's drafts."""

from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject, cached_property

from .models import Post


class PostListPage:
    """A page of the published posts, newest first: the first page, or the one next
    to a published post (``after`` it come older posts, or else ``before`` it newer
    ones).

    Nothing is read until the page is used: a template that finds the page cached
    in a fragment makes no query at all.
    """

    def __init__(self, size, *, after=None, before=None):
        self.size = size
        self.after = after
        self.before = before

    @cached_property
    def _posts_and_more(self):
        # One query for the page however many posts and comments: the authors are
        # joined and the comments counted in SQL (no N+1).
        posts = Post.objects.select_related("author").with_comment_count()
        if self.after:
            posts = posts.older_than(self.after)
        elif self.before:
            posts = posts.newer_than(self.before)
        else:
            posts = posts.published()
        # One post more than the page shows tells whether another page follows.
        found = list(posts[: self.size + 1])
        shown = found[: self.size]
        if self.before:
            shown.reverse()  # newer_than() lists them nearest first
        return shown, len(found) > self.size

    @property
    def posts(self):
        return self._posts_and_more[0]

    @property
    def has_newer(self):
        posts, more = self._posts_and_more
        newer = more if self.before else self.after is not None
        return newer and bool(posts)

    @property
    def has_older(self):
        posts, more = self._posts_and_more
        older = True if self.before else more
        return older and bool(posts)


def drafts_page(author, number, *, size):
    """Page ``number`` (as the query string gives it) of ``author``'s drafts, newest
    first, read only when the template uses it. A number past the last page gives
    the last page; a missing or bad one, the first."""

    def page():
        drafts = (
            Post.objects.by(author)
            .drafts()
            .select_related("author")
            .with_comment_count()
        )
        return Paginator(drafts, size).get_page(number)

    return SimpleLazyObject(page)
