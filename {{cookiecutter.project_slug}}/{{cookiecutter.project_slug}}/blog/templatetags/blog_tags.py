"""Template tags: the blog's pieces that other apps' templates can show."""

from django import template

from ..models import Post

register = template.Library()


@register.inclusion_tag("blog/latest_posts.html")
def latest_posts(count=5):
    """Render the newest published posts, e.g. on the home page."""
    posts = Post.objects.published().select_related("author").with_comment_count()
    return {"posts": posts[:count]}
