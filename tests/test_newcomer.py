"""The first hour of a newcomer, end to end, as the READMEs tell it.

Bake by typing answers at cookiecutter's prompts (one of them refused first), then
follow the generated README: its shell blocks are read from the file and run as
written, each line in a fresh shell with no virtualenv active, so a README that
drifts from the project fails here. Then add a field and an app, pass every gate,
and try the production settings locally with real requests.
"""

import http.cookiejar
import os
import pty
import re
import select
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR
from servers import free_port, stop_group
from test_mail_worker import MailServer, body

pytestmark = [pytest.mark.slow, pytest.mark.browser]

COOKIECUTTER = Path(sys.executable).parent / "cookiecutter"
PROMPT = re.compile(r"\[(\d+)/\d+\] ([^\n(\[]+)")
# What the newcomer types; Enter (the default) at every other prompt.
ANSWERS = {
    "Project name": "Corner Café",
    "Author name": "Sam Newcomer",
    "Author email": "sam@corner.example.org",
    "Domain": "corner.example.org",
}
SLUG = "corner_cafe"
# The README's sections a newcomer follows, in this order, with their shell blocks.
SECTIONS = ("Run it locally", "Everyday tasks", "Add an app", "Try production locally")
# Commands that serve until stopped: started, asked for pages, then stopped.
SERVERS = ("make run", "make prod-local")
# Commands that work until stopped: started, seen to keep running, then stopped.
WORKERS = ("make worker",)


def type_answers(answers, cwd, config, timeout=120):
    """Run cookiecutter on a terminal, typing each answer when its prompt shows;
    return its exit status and everything it wrote."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [COOKIECUTTER, TEMPLATE_DIR],
        cwd=cwd,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=fresh_shell_env(
            {"TERM": "dumb", "NO_COLOR": "1", "COOKIECUTTER_CONFIG": str(config)}
        ),
    )
    os.close(terminal)
    output, answered, deadline = "", 0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(controller, 4096).decode("utf-8", "replace")
            except OSError:  # the terminal closed: cookiecutter has finished
                break
            output += chunk
        prompts = PROMPT.findall(output)
        waiting = output.rstrip(" ").endswith(":")
        if prompts and int(prompts[-1][0]) > answered and waiting:
            number, text = prompts[-1]
            answer = next((a for q, a in answers.items() if text.startswith(q)), "")
            os.write(controller, answer.encode() + b"\r")
            answered = int(number)
        elif process.poll() is not None and not ready:
            break
    os.close(controller)
    if process.poll() is None:  # stuck at a prompt: fail with what it showed
        process.kill()
    return process.wait(timeout=10), output


def fresh_shell_env(extra=None):
    """A login shell's environment: no Django variable, no virtualenv on PATH."""
    ours = str(Path(sys.executable).parent)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "VIRTUAL_ENV", "PYTEST", "COV_"))
    }
    path = env.get("PATH", "").split(os.pathsep)
    env["PATH"] = os.pathsep.join(part for part in path if part != ours)
    env.update(extra or {})
    return env


def shell_blocks(readme):
    """The ```sh blocks of each `##`/`###` section of a README, by heading."""
    blocks, heading = {}, None
    for part in re.split(
        r"(^#{2,3} [^\n]*$|^```sh\n.*?^```$)", readme, flags=re.M | re.S
    ):
        if part.startswith("#"):
            heading = part.lstrip("#").strip()
        elif part.startswith("```sh"):
            blocks.setdefault(heading, []).append(part[6:-3])
    return blocks


def commands(block):
    """Each command of a shell block, with its continuation lines joined."""
    return [line for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def shell(command, cwd, env):
    """Run one README command in a fresh bash; fail with its output if it fails."""
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, (
        f"the README's `{command}` failed:\n{result.stdout}\n{result.stderr}"
    )
    return result


def keeps_running(command, cwd, env, log_path, seconds=5):
    """Start a command that runs until stopped; fail if it ends within ``seconds``."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return
    finally:
        stop_group(process)
    pytest.fail(f"the README's `{command}` stopped:\n{log_path.read_text()}")


class Server:
    """A README command that serves until stopped, on PORT."""

    def __init__(self, command, cwd, env, log_path):
        self.port = int(env["PORT"])
        self.log_path = log_path
        with log_path.open("w") as log:
            self.process = subprocess.Popen(
                ["bash", "-c", command],
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # stopped as a group: make and its server
            )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirects,
        )

    def __enter__(self):
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log_path.read_text()
            try:
                self.get("/")
                return self
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"nothing answered on {self.port}:\n{self.log_path.read_text()}")

    def __exit__(self, *exc):
        stop_group(self.process)

    def get(self, path):
        return self.request(path)

    def request(self, path, data=None):
        url = f"http://127.0.0.1:{self.port}{path}"
        body = urllib.parse.urlencode(data).encode() if data else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def form_token(self, path):
        _, _, page = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Let the test see a redirect instead of following it."""

    def redirect_request(self, *args):
        return None


def add_a_field(project):
    """What a newcomer does first: a new field on the blog's post, in its form too."""
    blog = project / SLUG / "blog"
    for module, old, new in (
        (
            "models.py",
            '    title = models.CharField(_("title"), max_length=200)\n',
            '    subtitle = models.CharField(_("subtitle"), max_length=200,'
            " blank=True)\n",
        ),
        ("forms.py", '("title",', ' "subtitle",'),
    ):
        code = (blog / module).read_text("utf-8")
        assert code.count(old) == 1, f"{old!r} is not in blog/{module} once"
        (blog / module).write_text(code.replace(old, old + new))


def test_a_newcomer_bakes_follows_the_readme_customises_and_tries_production(
    tmp_path,
):
    # A refused answer: the bake stops with a message naming the field, and leaves
    # nothing; typed again, the answers bake.
    config = tmp_path / "cookiecutter.yaml"
    config.write_text(
        f"cookiecutters_dir: {tmp_path / 'templates'}\n"
        f"replay_dir: {tmp_path / 'replay'}\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    refused = ANSWERS | {"Author email": "sam at home"}
    status, output = type_answers(refused, work, config)
    assert status != 0
    assert "author_email" in output
    assert not list(work.iterdir())
    status, output = type_answers(ANSWERS, work, config)
    assert status == 0, output
    project = work / SLUG
    readme = (project / "README.md").read_text("utf-8")
    blocks = shell_blocks(readme)
    assert all(blocks.get(section) for section in SECTIONS), list(blocks)
    env = fresh_shell_env({"PORT": str(free_port())})

    def follow(section):
        for block in blocks[section]:
            for command in commands(block):
                if command.startswith(SERVERS):
                    yield command
                elif command.startswith(WORKERS):
                    keeps_running(command, project, env, tmp_path / "worker.log")
                else:
                    shell(command, project, env)

    # Run it locally: install, migrate, seed, then the development server.
    for server in follow("Run it locally"):
        with Server(server, project, env, tmp_path / "run.log") as site:
            status, _, page = site.get("/")
            assert status == 200
            assert "Corner Café" in page
    list(follow("Everyday tasks"))  # git init and pre-commit install

    add_a_field(project)
    shell(".venv/bin/python manage.py makemigrations blog", project, env)
    list(follow("Add an app"))

    # Every gate, as the README's table names them.
    for gate in ("make lint", "make typecheck", "make test"):
        assert f"`{gate}`" in readme
        shell(gate, project, env)
    shell(".venv/bin/python manage.py makemigrations --check --dry-run", project, env)

    # The production settings on this machine, over plain HTTP, with the mail its
    # worker sends caught on a port of this machine.
    (trial,) = follow("Try production locally")
    with (
        MailServer() as mail,
        Server(
            trial, project, env | {"MAIL_PORT": str(mail.port)}, tmp_path / "prod.log"
        ) as site,
    ):
        status, _, page = site.get("/")
        assert status == 200
        assert 'id="djDebug"' not in page
        stylesheet = re.search(r'href="(/static/core/site\.[0-9a-f]+\.css)"', page)[1]
        assert site.get(stylesheet)[0] == 200
        # A new app's pages are private: a visitor is sent to log in.
        status, headers, _ = site.get("/recipes/")
        assert (status, headers["Location"]) == (302, "/accounts/login/?next=/recipes/")
        assert site.get("/no-such-page/")[0] == 404

        token = site.form_token("/accounts/signup/")
        password = "a-long-trial-password-42"
        status, _, _ = site.request(
            "/accounts/signup/",
            {
                "csrfmiddlewaretoken": token,
                "username": "trial",
                "email": "trial@example.org",
                "password1": password,
                "password2": password,
            },
        )
        assert status == 302, "signing up over plain HTTP did not work"
        # The address is confirmed by the link the worker mails, then the account
        # logs in.
        [confirmation] = mail.wait_for(1)
        link = re.search(
            r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body(confirmation)
        )[1]
        status, _, _ = site.request(
            link, {"csrfmiddlewaretoken": site.form_token(link)}
        )
        assert status == 302, "confirming the address did not work"
        status, _, _ = site.request(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": site.form_token("/accounts/login/"),
                "login": "trial",
                "password": password,
            },
        )
        assert status == 302, "logging in over plain HTTP did not work"
        status, _, page = site.get("/blog/new/")
        assert status == 200
        assert "Subtitle" in page
        assert site.get("/recipes/")[0] == 200
