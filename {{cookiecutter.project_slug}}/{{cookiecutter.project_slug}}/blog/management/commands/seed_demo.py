"""Management command: fill the blog with a demo user, posts and comments."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from {{ cookiecutter.project_slug }}.blog.models import Comment, Post

DEMO_USERNAME = "demo"
TOPICS = (
    "models",
    "views",
    "templates",
    "URLs",
    "forms",
    "the admin",
    "migrations",
    "querysets",
    "signals",
    "template partials",
    "messages",
    "tests",
)
COMMENTS = (
    "Clear and short, thanks.",
    "Where would you put this in a bigger project?",
)
# Comments go on the newest posts only, so some posts show none.
POSTS_WITH_COMMENTS = 3


class Command(BaseCommand):
    help = (
        f"Create the user '{DEMO_USERNAME}' with {len(TOPICS)} published posts and "
        "a few comments. Running it again adds nothing that is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for a new demo user (default: a random one, printed once).",
        )

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        user = self.get_or_create_demo_user(password)
        now = timezone.now()
        posts_created = comments_created = 0
        for age_in_days, topic in enumerate(TOPICS):
            # A stable slug is what makes a second run find the post instead of
            # adding another.
            post, created = Post.objects.get_or_create(
                slug=slugify(f"demo {topic}"),
                defaults={
                    "title": f"A short note on {topic}",
                    "author": user,
                    "body": f"This demo post is about {topic} in Django.\n\n"
                    "Edit or delete it once you are logged in as the demo user.",
                    "status": Post.Status.PUBLISHED,
                    "published_at": now - timedelta(days=age_in_days),
                },
            )
            posts_created += created
            if age_in_days < POSTS_WITH_COMMENTS:
                for body in COMMENTS:
                    _, created = Comment.objects.get_or_create(
                        post=post, author=user, body=body
                    )
                    comments_created += created

        self.stdout.write(
            self.style.SUCCESS(
                f"Posts: {posts_created} created, "
                f"{len(TOPICS) - posts_created} already there. "
                f"Comments: {comments_created} created."
            )
        )

    def get_or_create_demo_user(self, password):
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "demo@example.com"}
        )
        if not created:
            self.stdout.write(
                f"User '{DEMO_USERNAME}' already exists; its password is unchanged "
                f"(manage.py changepassword {DEMO_USERNAME} sets a new one)."
            )
            return user
        if password is None:
            password = secrets.token_urlsafe(12)
            self.stdout.write(f"Generated password (shown only now): {password}")
        user.set_password(password)
        user.save()
        self.stdout.write(f"Created user '{DEMO_USERNAME}'.")
        return user
