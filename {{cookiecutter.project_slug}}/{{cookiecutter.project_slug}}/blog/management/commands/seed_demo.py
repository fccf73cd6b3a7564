"""Management command: fill the blog with a demo user, posts and comments."""

import itertools
import secrets
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
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

# --posts and --comments: many generated posts, to see how the site behaves with a
# big blog. The demo user and three writers share them, as on a real blog.
GENERATED_SLUG_PREFIX = "demo-note-"
WRITERS = ("writer-1", "writer-2", "writer-3")
# One post in 25 is a draft and about one in 100 is scheduled for tomorrow (numbers
# prime to the number of writers, so that each writer has some); the others came
# out every quarter of an hour, going back in time.
DRAFT_EVERY = 25
SCHEDULED_EVERY = 99
PUBLISHING_INTERVAL = timedelta(minutes=15)
# Rows built in memory and inserted together: few round trips, bounded memory.
BATCH_SIZE = 5_000


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
        parser.add_argument(
            "--posts",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure N generated posts exist, shared by a few authors "
            "(e.g. 100000 to try the site at scale).",
        )
        parser.add_argument(
            "--comments",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure the generated posts have N comments between them.",
        )

    @transaction.atomic
    def handle(self, *args, password=None, posts=0, comments=0, **options):
        if posts < 0 or comments < 0:
            raise CommandError("--posts and --comments take a number of 0 or more.")
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
        if posts or comments:
            self.seed_generated(user, posts, comments)

    def get_or_create_demo_user(self, password):
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "demo@example.com"}
        )
        # Its address counts as confirmed, so that it signs in at once: no mail
        # ever reaches example.com.
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
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

    def seed_generated(self, demo, posts, comments):
        """Insert the generated posts and comments that are missing, in bulk.

        bulk_create() sends many rows in each INSERT, and skips save() and the
        signals: generated_post() fills in what save() would, the slug and the date.
        """
        started, now = time.perf_counter(), timezone.now()
        authors = [demo, *map(self.get_or_create_writer, WRITERS)]
        existing = set(
            Post.objects.filter(slug__startswith=GENERATED_SLUG_PREFIX).values_list(
                "slug", flat=True
            )
        )
        missing = (
            self.generated_post(number, authors, now)
            for number in range(1, posts + 1)
            if f"{GENERATED_SLUG_PREFIX}{number}" not in existing
        )
        posts_created = self.bulk_create(Post, missing)

        generated = Post.objects.published().filter(
            slug__startswith=GENERATED_SLUG_PREFIX
        )
        comments_wanted = comments - Comment.objects.filter(post__in=generated).count()
        post_ids = list(generated.values_list("pk", flat=True))
        comments_created = 0
        if post_ids and comments_wanted > 0:
            # Round the posts, so that each gets about the same number of comments.
            new_comments = (
                Comment(post_id=post_id, author=author, body=body)
                for post_id, author, body in zip(
                    itertools.islice(itertools.cycle(post_ids), comments_wanted),
                    itertools.cycle(authors),
                    itertools.cycle(COMMENTS),
                )
            )
            comments_created = self.bulk_create(Comment, new_comments)
        if posts_created or comments_created:
            self.update_planner_statistics(Post, Comment)

        self.stdout.write(
            self.style.SUCCESS(
                f"Generated posts: {posts_created} created, "
                f"{len(existing)} already there. "
                f"Comments on them: {comments_created} created "
                f"(in {time.perf_counter() - started:.1f} s)."
            )
        )

    def generated_post(self, number, authors, now):
        # Counting from 0, so that even a few generated posts include a draft: the
        # first one, by the demo user.
        index, topic = number - 1, TOPICS[number % len(TOPICS)]
        status = Post.Status.PUBLISHED
        if index % DRAFT_EVERY == 0:
            status, published_at = Post.Status.DRAFT, None
        elif index % SCHEDULED_EVERY == SCHEDULED_EVERY - 1:
            published_at = now + timedelta(days=1)
        else:
            published_at = now - number * PUBLISHING_INTERVAL
        return Post(
            title=f"Note {number} on {topic}",
            slug=f"{GENERATED_SLUG_PREFIX}{number}",
            author=authors[index % len(authors)],
            body=f"Generated post number {number}, about {topic} in Django.",
            status=status,
            published_at=published_at,
        )

    def bulk_create(self, model, objects):
        """Insert objects BATCH_SIZE at a time; return how many were inserted."""
        created = 0
        while batch := list(itertools.islice(objects, BATCH_SIZE)):
            model.objects.bulk_create(batch)
            created += len(batch)
        return created

    def update_planner_statistics(self, *models):
        # As the PostgreSQL and SQLite manuals advise after a bulk load. Until its
        # statistics are updated (by autovacuum, a minute or so later), PostgreSQL
        # plans as if any post could have thousands of comments, and a post's page
        # takes a hundred times longer.
        with connection.cursor() as cursor:
            for model in models:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"ANALYZE {table}")

    def get_or_create_writer(self, username):
        writer, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            # Nobody logs in as a writer: no password to hash or to leak.
            writer.set_unusable_password()
            writer.save()
        return writer
