"""What the blog keeps about a member, for the data they download (users app)."""

from {{ cookiecutter.project_slug }}.users.personal_data import collects

from .models import Comment, Post


@collects("blog")
def blog_data(user):
    return {
        "posts": [
            {
                "title": post.title,
                "slug": post.slug,
                "body": post.body,
                "status": post.status,
                "created": post.created.isoformat(),
                "published_at": (
                    post.published_at.isoformat() if post.published_at else None
                ),
            }
            for post in Post.objects.filter(author=user)
        ],
        "comments": [
            {
                "post": comment.post.slug,
                "body": comment.body,
                "created": comment.created.isoformat(),
            }
            for comment in Comment.objects.filter(author=user).select_related("post")
        ],
    }
