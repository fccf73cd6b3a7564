"""Test data: posts and comments, published unless asked otherwise."""

import factory
from django.utils import timezone

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post
from {{ cookiecutter.project_slug }}.users.tests.factories import UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post number {n}")
    author = factory.SubFactory(UserFactory)
    body = "A few words about Django."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        # PostFactory(draft=True)
        draft = factory.Trait(status=Post.Status.DRAFT, published_at=None)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}")
