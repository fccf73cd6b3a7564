"""Mail through the task worker, against real servers: no mocks.

Production settings under gunicorn, a real `manage.py db_worker` process and a real SMTP
server (aiosmtpd on a free loopback port). A visitor asks for a password reset over
HTTP, the test reads the mail the server received, follows its link, sets a new
password and logs in with it; a reader signs up, confirms the address by the mailed
link, and their comment reaches the post's author by mail.
Then the faults: the worker stopped, the worker killed in the middle of sending, the
mail server down. With PostgreSQL and Redis the worker runs as a second node.
"""

import asyncio
import contextlib
import email
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from email import policy

import pytest
from conftest import clean_env, run
from servers import (
    Visitor,
    free_port,
    gunicorn,
    prepare_production,
    require_binary,
    stop,
    stop_group,
    wait_until_listening,
)
from services import prepare_seeded_site
from traffic import DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.slow

DEMO_EMAIL = "demo@example.com"
NEW_PASSWORD = "a-brand-new-passphrase-42"
POST = "/blog/demo-models/"
# A page that enqueues mail answers within this many seconds, whatever the mail server
# does; a mail sent in the request would wait for the SMTP timeout (10 s).
AT_ONCE = 5.0
MAIL_WAIT = 30


class MailServer:
    """aiosmtpd on 127.0.0.1, keeping each message it accepts.

    With stall=True the first message is held, unanswered, until release(): the
    sender sees a mail server that has not yet acknowledged anything. With delay,
    each message is answered that many seconds after it arrived: a slow server.
    `received` is set as the first message arrives.
    """

    def __init__(self, stall=False, delay=0):
        self.port = free_port()
        self.messages = []
        self.received = threading.Event()
        self._release = threading.Event()
        self._stall = stall
        self._delay = delay
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.set()
        await asyncio.sleep(self._delay)
        if self._stall:
            self._stall = False
            while not self._release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Not stored; try again later"
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=policy.default)
        )
        return "250 2.0.0 Stored"

    def release(self):
        self._release.set()

    def wait_for(self, count=1, timeout=MAIL_WAIT):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, (
            f"{len(self.messages)} mails after {timeout}s"
        )
        return self.messages

    def first_to(self, address, containing="", timeout=MAIL_WAIT):
        """The first mail to address whose text holds containing, once it came."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                if message["To"] == address and containing in body(message):
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no mail to {address} with {containing!r} in {timeout}s")

    def __enter__(self):
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def __exit__(self, *exc_info):
        self.release()
        self._controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


@contextlib.contextmanager
def worker(project, env, workdir, worker_id="node-2-worker"):
    """`manage.py run_worker` as deploy/worker.service runs it; yields the process.

    As it starts, it queues again the tasks this worker id left running.
    """
    manage = [sys.executable, "manage.py"]
    log_path = workdir / f"worker-{worker_id}.log"
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [
                *manage, "run_worker", "--worker-id", worker_id,
                "--interval", "0.2", "--no-startup-delay", "--no-reload",
            ],
            cwd=project,
            env=clean_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield process
    finally:
        stop(process)


def task_results(project, env):
    """[(task name, status, exception class)] of every task the database holds."""
    code = (
        "import json; from django_tasks_db.models import DBTaskResult; "
        "print(json.dumps([[r.task_path.rsplit('.', 1)[1], r.status, "
        "r.exception_class_path] "
        "for r in DBTaskResult.objects.order_by('enqueued_at')]))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=project,
        env=clean_env(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return [tuple(row) for row in json.loads(result.stdout.strip().splitlines()[-1])]


def ask_for_a_reset(port):
    """Post the reset form for the demo user; returns (status, seconds it took)."""
    started = time.monotonic()
    response, _ = Visitor().submit(
        port, "/accounts/password/reset/", {"email": DEMO_EMAIL}
    )
    return response.status, time.monotonic() - started


def reset_link(message):
    assert message["To"] == DEMO_EMAIL
    return re.search(
        r"https://example\.com(/accounts/password/reset/key/\S+)", body(message)
    )[1]


def body(message):
    return message.get_body(("plain",)).get_content()


def reset_and_log_in(port, mail):
    """The whole flow a visitor goes through, from asking to logging in anew."""
    status, took = ask_for_a_reset(port)
    assert status == 302
    assert took < AT_ONCE
    [message] = mail.wait_for(1)
    link = reset_link(message)

    visitor = Visitor()
    response, _ = visitor.get(port, link)
    assert response.status == 302
    form = response.getheader("Location")
    response, _ = visitor.submit(
        port, form, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status == 302
    assert response.getheader("Location") == "/accounts/password/reset/key/done/"
    # The link worked once.
    _, page = Visitor().get(port, link)
    assert "Bad Token" in page

    for password, expected in ((DEMO_PASSWORD, 200), (NEW_PASSWORD, 302)):
        response, _ = Visitor().submit(
            port, "/accounts/login/", {"login": "demo", "password": password}
        )
        assert response.status == expected


def comment_as_a_reader(port, mail):
    """Sign up, confirm the address by the link the worker mails, log in, comment."""
    reader = Visitor()
    response, _ = reader.submit(
        port,
        "/accounts/signup/",
        {
            "username": "reader",
            "email": "reader@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status == 302
    confirmation = mail.first_to("reader@example.com", "/accounts/confirm-email/")
    link = re.search(
        r"https://example\.com(/accounts/confirm-email/\S+)", body(confirmation)
    )[1]
    response, _ = reader.submit(port, link, {})
    assert response.status == 302
    response, _ = reader.submit(
        port, "/accounts/login/", {"login": "reader", "password": NEW_PASSWORD}
    )
    assert response.status == 302
    started = time.monotonic()
    response, _ = reader.submit(
        port, POST, {"body": "Clear and short, thanks!"}, action=f"{POST}comments/"
    )
    assert response.status == 302
    assert time.monotonic() - started < AT_ONCE


@pytest.fixture
def site(bake, tmp_path):
    """The seeded default bake with production settings: (project, env, workdir)."""
    project = bake("default")

    def prepare(**extra):
        env = prepare_production(
            project, tmp_path, DJANGO_MAIL_RETRY_SECONDS="1,1", **extra
        )
        seed_demo(project, env)
        return env

    return project, prepare, tmp_path


def test_reset_and_comment_mail_go_through_the_worker(site):
    project, prepare, workdir = site
    with MailServer() as mail:
        env = prepare(DJANGO_SMTP_URL=mail.url)
        with (
            gunicorn(project, env, workdir) as (port, _, _),
            worker(project, env, workdir),
        ):
            reset_and_log_in(port, mail)
            comment_as_a_reader(port, mail)
            comment_mail = mail.first_to(DEMO_EMAIL, "commented on your post")

    assert comment_mail["To"] == DEMO_EMAIL
    assert "reader commented on your post" in body(comment_mail)
    assert "Clear and short, thanks!" in body(comment_mail)
    assert f"https://example.com{POST}#comment-" in body(comment_mail)
    assert {status for _, status, _ in task_results(project, env)} == {"SUCCESSFUL"}


@pytest.mark.faults
def test_a_mail_queued_while_the_worker_is_stopped_leaves_when_it_starts(site):
    project, prepare, workdir = site
    with MailServer() as mail:
        env = prepare(DJANGO_SMTP_URL=mail.url)
        with gunicorn(project, env, workdir) as (port, _, _):
            status, took = ask_for_a_reset(port)
            time.sleep(1)
            assert mail.messages == []
            assert task_results(project, env) == [("send_password_reset", "READY", "")]

            with worker(project, env, workdir):
                [message] = mail.wait_for(1)

    assert reset_link(message)
    assert (status, took < AT_ONCE) == (302, True)


@pytest.mark.faults
def test_a_worker_killed_while_sending_loses_no_mail(site):
    project, prepare, workdir = site
    with MailServer(stall=True) as mail:
        env = prepare(DJANGO_SMTP_URL=mail.url)
        with gunicorn(project, env, workdir) as (port, _, _):
            with worker(project, env, workdir) as process:
                status, took = ask_for_a_reset(port)
                assert mail.received.wait(MAIL_WAIT), "the worker never sent the mail"
                process.kill()
                process.wait()
            mail.release()
            assert task_results(project, env) == [
                ("send_password_reset", "RUNNING", "")
            ]

            # The same worker, restarted (as systemd does), sends it again.
            with worker(project, env, workdir):
                [message] = mail.wait_for(1)
                time.sleep(1)

    assert len(mail.messages) == 1
    assert reset_link(message)
    assert (status, took < AT_ONCE) == (302, True)
    assert task_results(project, env) == [("send_password_reset", "SUCCESSFUL", "")]


@pytest.mark.faults
def test_a_mail_server_that_is_down_gets_retries_then_a_recorded_failure(site):
    project, prepare, workdir = site
    # Nothing listens on this port: every connection is refused.
    env = prepare(DJANGO_SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    with gunicorn(project, env, workdir) as (port, _, _), worker(project, env, workdir):
        status, took = ask_for_a_reset(port)
        deadline = time.monotonic() + MAIL_WAIT
        while time.monotonic() < deadline:
            results = task_results(project, env)
            if len(results) == 3 and all(s == "FAILED" for _, s, _ in results):
                break
            time.sleep(0.5)

    assert (status, took < AT_ONCE) == (302, True)
    refused = "builtins.ConnectionRefusedError"
    # The first try and both retries, each recorded with its error.
    assert results == [("send_password_reset", "FAILED", refused)] * 3
    log = (workdir / "worker-node-2-worker.log").read_text()
    assert "Gave up sending" in log


def test_on_postgresql_and_redis_a_worker_on_a_second_node_sends_the_mail(
    bake, tmp_path, postgres, redis
):
    project = bake("postgres_redis")
    web_dir, worker_dir = tmp_path / "node-1", tmp_path / "node-2"
    web_dir.mkdir()
    worker_dir.mkdir()
    with MailServer() as mail:
        env = prepare_seeded_site(project, web_dir, postgres, redis)
        env |= {"DJANGO_SMTP_URL": mail.url}
        # The worker shares nothing with gunicorn but PostgreSQL, Redis and SMTP.
        with (
            gunicorn(project, env, web_dir) as (port, _, _),
            worker(project, env, worker_dir, worker_id="node-2-worker"),
        ):
            reset_and_log_in(port, mail)
            comment_as_a_reader(port, mail)
            mail.first_to(DEMO_EMAIL, "commented on your post")

    recipients = {message["To"] for message in mail.messages}
    assert recipients == {DEMO_EMAIL, "reader@example.com"}
    assert {status for _, status, _ in task_results(project, env)} == {"SUCCESSFUL"}


# Run inside a bake: four mails enqueued, then aged by hand. Prints the subjects left
# once argv[1] (the prune command) has run.
AGED_TASK_RESULTS = """
import sys
from datetime import timedelta

import django

django.setup()

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from my_site.mail.tasks import send_email

now = timezone.now()
ages = {"sent 20 days ago": 20, "failed 20 days ago": 20, "sent yesterday": 1}
for subject, days in ages.items():
    result = send_email.enqueue(subject, "Words.", ["reader@example.com"])
    status = "FAILED" if subject.startswith("failed") else "SUCCESSFUL"
    DBTaskResult.objects.filter(id=result.id).update(
        status=status, finished_at=now - timedelta(days=days)
    )
send_email.enqueue("still waiting", "Words.", ["reader@example.com"])
DBTaskResult.objects.update(enqueued_at=now - timedelta(days=30))

call_command(*sys.argv[1:])
print(sorted(r.args_kwargs["args"][0] for r in DBTaskResult.objects.all()))
"""


def test_the_daily_prune_deletes_task_results_finished_two_weeks_ago(bake, tmp_path):
    systemd_analyze = require_binary("systemd-analyze")
    deploy = bake("default") / "deploy"
    service = (deploy / "prune-tasks.service").read_text()
    [command] = [line for line in service.splitlines() if line.startswith("ExecStart=")]
    python, manage, *arguments = command.removeprefix("ExecStart=").split()
    assert (python, manage) == ("/srv/my_site/.venv/bin/python", "manage.py")
    env = prepare_production(deploy.parent, tmp_path, DJANGO_LOG_LEVEL="ERROR")

    left = run(
        [sys.executable, "-c", AGED_TASK_RESULTS, *arguments],
        cwd=deploy.parent,
        env=env,
    )

    assert left.stdout.splitlines()[-1] == "['sent yesterday', 'still waiting']"
    # Installed under the names the timer and the files' comments use; verify wants
    # the program to exist, and this machine has no deployed site.
    units = [
        tmp_path / "my_site-prune-tasks.service",
        tmp_path / "my_site-prune-tasks.timer",
    ]
    units[0].write_text(service.replace(python, sys.executable))
    units[1].write_text((deploy / "prune-tasks.timer").read_text())
    verified = run([systemd_analyze, "verify", *units], cwd=tmp_path, check=False)
    assert verified.returncode == 0, verified.stderr
    assert "Unit=my_site-prune-tasks.service" in units[1].read_text()


def test_make_prod_local_runs_the_worker_and_its_mail_leaves(bake, tmp_path):
    """The local trial of the production settings sends mail, as production does:
    its worker runs beside gunicorn."""
    project = shutil.copytree(bake("default"), tmp_path / "my_site")
    run(["make", "migrate", "seed", f"VENV={sys.prefix}"], cwd=project)
    port = free_port()
    log_path = tmp_path / "prod-local.log"
    with MailServer() as mail, log_path.open("w") as log:
        ports = [f"PORT={port}", f"MAIL_PORT={mail.port}"]
        trial = subprocess.Popen(
            ["make", "prod-local", *ports, f"VENV={sys.prefix}"],
            cwd=project,
            env=clean_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_listening(port, trial, log_path, timeout=120)
            browser = Visitor(
                headers={"Host": f"127.0.0.1:{port}"}, origin=f"http://127.0.0.1:{port}"
            )
            response, _ = browser.submit(
                port, "/accounts/password/reset/", {"email": DEMO_EMAIL}
            )
            assert response.status == 302
            [message] = mail.wait_for(1)
        finally:
            stop_group(trial)

    assert message["To"] == DEMO_EMAIL
    assert f"http://127.0.0.1:{port}/accounts/password/reset/key/" in body(message)
