"""Writes that really overlap: threads of one baked project on a file SQLite database
and on PostgreSQL, each with its own database connection.

Three claims of the blog are checked here because they only fail when two things
happen at once: saving posts with one title never fails on the slug's unique index;
posting one typed slug at once saves one post and tells the other authors, on the
form, that the slug is taken; and a page rendered while a change is still
uncommitted is never kept as current.
"""

import json
import sys
import textwrap

import pytest
from conftest import run
from servers import prepare_production
from services import service_env

pytestmark = pytest.mark.slow

# The start of the scripts below: at_once(work, arguments) calls work(*each) in a
# thread of its own, every thread released at the same moment, each with its own
# database connection; what a call raises is kept in errors.
AT_ONCE = textwrap.dedent(
    """
    import json
    import sys
    import threading

    import django

    django.setup()

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connections

    Post = apps.get_model("blog", "Post")
    WRITERS, ROUNDS = 8, 5
    errors = []

    def at_once(work, arguments):
        barrier = threading.Barrier(len(arguments))

        def call(each):
            try:
                barrier.wait()
                work(*each)
            except Exception as error:
                errors.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=call, args=(each,)) for each in arguments]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    """
)

# Run inside a bake: WRITERS threads save a post with the same title at the same
# moment, ROUNDS times; the errors and the slugs go to the file named by argv[1].
SAVE_THE_SAME_TITLE = AT_ONCE + textwrap.dedent(
    """
    author = get_user_model().objects.create_user("writer")

    def save(title):
        Post.objects.create(title=title, body="Words.", author=author)

    for number in range(ROUNDS):
        at_once(save, [(f"Same title {number}",)] * WRITERS)

    slugs = list(Post.objects.values_list("slug", flat=True))
    with open(sys.argv[1], "w") as result:
        expected = WRITERS * ROUNDS
        json.dump({"errors": errors, "slugs": slugs, "expected": expected}, result)
    """
)

# Run inside a bake: WRITERS signed-in authors submit the new-post form with the same
# typed slug at the same moment, ROUNDS times; what each got goes to argv[1].
SUBMIT_THE_SAME_SLUG = AT_ONCE + textwrap.dedent(
    """
    from django.test import Client
    from django.urls import reverse

    from allauth.account.models import EmailAddress

    clients = []
    for number in range(WRITERS):
        writer = get_user_model().objects.create_user(f"writer{number}")
        # Only members whose address is confirmed may write.
        EmailAddress.objects.create(
            user=writer, email=f"writer{number}@example.com", verified=True
        )
        client = Client()
        client.force_login(writer)
        clients.append(client)
    answers = []

    def submit(client, slug):
        response = client.post(
            reverse("blog:post_create"),
            {"title": "Words", "slug": slug, "body": "Words.", "status": "draft"},
            secure=True,
            headers={"host": "example.com"},
        )
        told = b"Post with this Slug already exists." in response.content
        answers.append([response.status_code, told])

    for number in range(ROUNDS):
        at_once(submit, [(client, f"same-{number}") for client in clients])

    slugs = list(Post.objects.values_list("slug", flat=True))
    with open(sys.argv[1], "w") as result:
        json.dump({"errors": errors, "answers": answers, "slugs": slugs}, result)
    """
)

# Run inside a bake: a post is retitled in a transaction; while it is uncommitted,
# another thread (its own connection) serves the post's page to an anonymous visitor
# (the page cache) and the home page to a signed-in reader (its cached fragment).
# After the commit both must show the new title.
RENDER_DURING_A_COMMIT = textwrap.dedent(
    """
    import json
    import sys
    import threading

    import django

    django.setup()

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connections, transaction
    from django.test import Client

    Post = apps.get_model("blog", "Post")
    author = get_user_model().objects.create_user("writer")
    reader = get_user_model().objects.create_user("reader")
    post = Post.objects.create(
        title="Old title", body="Words.", author=author, status="published"
    )
    signed_in = Client()
    signed_in.force_login(reader)
    pages = {"post": (Client(), post.get_absolute_url()), "home": (signed_in, "/")}

    def visit():
        shown = {
            name: client.get(url, secure=True, headers={"host": "example.com"})
            for name, (client, url) in pages.items()
        }
        connections.close_all()
        return {name: b"New title" in page.content for name, page in shown.items()}

    saved, served = threading.Event(), threading.Event()
    seen = {}

    def visitor():
        saved.wait()
        seen["during"] = visit()
        served.set()

    thread = threading.Thread(target=visitor)
    thread.start()
    with transaction.atomic():
        post.title = "New title"
        post.save()  # the signals run here, before the commit
        saved.set()
        served.wait(timeout=30)
    thread.join()
    seen["after"] = visit()

    with open(sys.argv[1], "w") as result:
        json.dump(seen, result)
    """
)


def run_in_bake(project, script, tmp_path, **services):
    """Run script in project under production settings; what it wrote as JSON.

    The database is a new SQLite file, and the cache a folder, in tmp_path unless
    services name others (DATABASE_URL, REDIS_URL).
    """
    result_path = tmp_path / "result.json"
    env = prepare_production(project, tmp_path, DJANGO_LOG_LEVEL="ERROR", **services)
    run([sys.executable, "-c", script, result_path], cwd=project, env=env)
    return json.loads(result_path.read_text())


# Each claim is checked on both databases: SQLite's writers queue for one lock, while
# PostgreSQL's overlap row by row.
on_both_databases = pytest.mark.parametrize("database", ["sqlite", "postgresql"])


def run_on(database, script, bake, request, tmp_path):
    """run_in_bake() on the default bake (SQLite), or on PostgreSQL and Redis."""
    if database == "sqlite":
        return run_in_bake(bake("default"), script, tmp_path)
    project = bake("postgres_redis")
    services = service_env(request, project)
    return run_in_bake(project, script, tmp_path, **services)


@on_both_databases
def test_concurrent_saves_of_one_title(bake, request, tmp_path, database):
    outcome = run_on(database, SAVE_THE_SAME_TITLE, bake, request, tmp_path)

    assert outcome["errors"] == []
    assert len(outcome["slugs"]) == outcome["expected"]
    assert len(set(outcome["slugs"])) == outcome["expected"]


@on_both_databases
def test_concurrent_posts_with_one_typed_slug(bake, request, tmp_path, database):
    outcome = run_on(database, SUBMIT_THE_SAME_SLUG, bake, request, tmp_path)

    assert outcome["errors"] == []
    assert sorted(outcome["slugs"]) == [f"same-{number}" for number in range(5)]
    answers = sorted(map(tuple, outcome["answers"]))
    # One author a round saved the post; every other got the form back, saying why.
    assert answers == [(200, True)] * (len(answers) - 5) + [(302, False)] * 5


@on_both_databases
def test_a_page_served_before_the_commit_is_not_kept(bake, request, tmp_path, database):
    outcome = run_on(database, RENDER_DURING_A_COMMIT, bake, request, tmp_path)

    # Served before the commit: the old title, as it should be...
    assert outcome["during"] == {"post": False, "home": False}
    # ...but not kept as the current page or fragment once the change is committed.
    assert outcome["after"] == {"post": True, "home": True}
