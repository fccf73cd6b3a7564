"""Processes that keep writing to a baked site's database while a test backs it up.

Each writer is `python manage.py shell -c WRITER`: it adds a post and its comment (or a
user, in a bake without the blog) in one transaction, again and again, until its stop
file appears or it has written ROWS_PER_WRITER of them.
"""

import contextlib
import subprocess
import sys
import time

from conftest import clean_env

ROWS_PER_WRITER = 2000

WRITER = """
import os, time
from pathlib import Path
from django.contrib.auth import get_user_model
from django.db import transaction
stop, name = Path(os.environ["STOP_FILE"]), os.environ["WRITER"]
limit = int(os.environ["ROWS"])
try:
    from {slug}.blog.models import Comment, Post
except ImportError:
    Post = None
author, _ = get_user_model().objects.get_or_create(username=f"writer-{{name}}")
deadline = time.monotonic() + 120
for i in range(limit):
    if stop.exists() or time.monotonic() > deadline:
        break
    with transaction.atomic():
        if Post is None:
            get_user_model().objects.create(username=f"user-{{name}}-{{i}}")
        else:
            post = Post.objects.create(
                title=f"Post {{name}} {{i}}", author=author,
                body="Written during a backup.", status=Post.Status.PUBLISHED,
            )
            Comment.objects.create(post=post, author=author, body=f"Comment on {{i}}")
"""


def counted_rows(has_blog):
    """The SQL that counts what the writers add."""
    if has_blog:
        return {
            "posts": "SELECT count(*) FROM blog_post",
            "comments": "SELECT count(*) FROM blog_comment",
        }
    return {"users": "SELECT count(*) FROM users_user"}


@contextlib.contextmanager
def writers(project, env, workdir, slug, count=2):
    """Start `count` writer processes; stop them on the way out."""
    stop_file = workdir / "stop-writers"
    stop_file.unlink(missing_ok=True)
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", WRITER.format(slug=slug)],
            cwd=project,
            env=clean_env(
                {
                    **env,
                    "STOP_FILE": str(stop_file),
                    "WRITER": str(number),
                    "ROWS": str(ROWS_PER_WRITER),
                }
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(count)
    ]
    try:
        yield processes
    finally:
        stop_file.touch()
        for process in processes:
            _, errors = process.communicate(timeout=60)
            assert process.returncode == 0, errors


def wait_for_rows(count_rows, minimum, timeout=60):
    """Wait until the writers have written at least `minimum` rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if min(count_rows().values()) >= minimum:
            return
        time.sleep(0.1)
    raise AssertionError(f"the writers wrote fewer than {minimum} rows in {timeout} s")
