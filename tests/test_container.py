"""The generated Containerfile, built and run with podman: no Docker engine needed.

The base image is made here from Debian's own packages (mmdebstrap, then `podman
import`) and kept under build/ between runs; the wheels are built on this machine and
handed to the build (PIP_INSTALL_ARGS), so nothing in the build needs the package
index. One image per module: web and worker containers run against a state volume
on this machine, a mail goes through the worker to an SMTP server on loopback, the
web container stops on SIGTERM under load, then runs again on a read-only root.
"""

import contextlib
import hashlib
import http.client
import itertools
import os
import re
import shutil
import subprocess
import tarfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import BIN_DIR, TEMPLATE_DIR, VARIANTS, run
from servers import (
    PROXY_HEADERS,
    Visitor,
    free_port,
    get,
    require_binary,
    unavailable,
)
from test_mail_worker import DEMO_EMAIL, MailServer
from traffic import DEMO_PASSWORD, report_figures

pytestmark = pytest.mark.slow

# Debian 13 (trixie): its python3 is 3.13, so the host builds the wheels with 3.13.
BASE_SUITE = "trixie"
BASE_PACKAGES = ["python3", "python3-venv", "passwd", "gettext"]
WHEEL_PYTHON = "python3.13"
# The Containerfile's user; the state folders mounted into the containers are its own.
SITE_UID = 10001
# What the build must not keep: one secret in the environment podman build runs in,
# one in a .env file in the build context.
ENV_SECRET = "env-secret-Zq7Wm3Xc9Vb1Nk5Lp8Rt2Yh6Gd4Fs0Ja-never-in-the-image"
FILE_SECRET = "file-secret-Hq2Ve8Kw4Mz6Ub1Tn9Lc3Xs7Pd5Ry0Gf-never-in-the-image"
SITE_ENV = {
    "DJANGO_SECRET_KEY": "t3st-only-Kq8vX2mZ7pL4wN9rB6yH1cJ5dF0gS3aE8uI2oP7lQ4kW",
    "DJANGO_ALLOWED_HOSTS": "example.com,127.0.0.1",
    "WEB_CONCURRENCY": "4",
    # The test is the TLS proxy: it reaches the container through podman's network.
    "DJANGO_TRUSTED_PROXIES": "10.0.0.0/8,127.0.0.1,::1",
}
# Multilingual, with the blog: the build compiles translations, seed_demo exists.
VARIANT = "portuguese"


class Podman:
    """podman with this machine's settings: runc (crun refuses the hybrid cgroup
    layout) and a containers.conf without the default ulimits, which root here may
    not set."""

    def __init__(self, workdir):
        self.binary = require_binary("podman")
        require_binary("runc")
        conf = workdir / "containers.conf"
        conf.write_text(
            "[containers]\ndefault_ulimits = []\n"
            '[engine]\ncgroup_manager = "cgroupfs"\n'
        )
        self.env = {"CONTAINERS_CONF": str(conf)}
        self.names = (f"site-test-{os.getpid()}-{n}" for n in itertools.count())

    def __call__(self, *args, check=True, env=None):
        return run(
            [self.binary, "--runtime", "runc", *args],
            cwd=TEMPLATE_DIR,
            env={**self.env, **(env or {})},
            check=check,
        )

    def popen(self, *args, **kwargs):
        return subprocess.Popen(
            [self.binary, "--runtime", "runc", *args],
            env={**os.environ, **self.env},
            **kwargs,
        )


def base_tarball():
    """A Debian root file system with Python, made once and kept under build/."""
    key = hashlib.sha256(" ".join([BASE_SUITE, *BASE_PACKAGES]).encode()).hexdigest()
    tarball = TEMPLATE_DIR / "build" / "container" / f"base-{key[:12]}.tar"
    if not tarball.exists():
        mmdebstrap = require_binary("mmdebstrap")
        tarball.parent.mkdir(parents=True, exist_ok=True)
        # A name of this process's own: two processes may build it at once.
        partial = tarball.with_suffix(f".{os.getpid()}.partial.tar")
        run(
            [
                mmdebstrap, "--variant=apt", "--quiet",
                f"--include={','.join(BASE_PACKAGES)}", BASE_SUITE, partial,
            ],
            cwd=tarball.parent,
        )  # fmt: skip
        partial.replace(tarball)
    return tarball


def find_wheel_python():
    """A Python of the base image's version, to build the wheels the image installs
    (pyenv's shim for it answers only where a .python-version names it)."""
    candidates = [
        *sorted(Path.home().glob(f".pyenv/versions/3.13*/bin/{WHEEL_PYTHON}")),
        *(Path(folder, WHEEL_PYTHON) for folder in ("/usr/local/bin", "/usr/bin")),
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return unavailable(f"{WHEEL_PYTHON} is not installed (to build the wheels)")


@pytest.fixture(scope="module")
def podman(tmp_path_factory):
    return Podman(tmp_path_factory.mktemp("podman"))


@pytest.fixture(scope="module")
def image(bake, podman, tmp_path_factory):
    """The bake's image, built from a copy of it with secrets planted around it."""
    wheel_python = find_wheel_python()
    context = tmp_path_factory.mktemp("context") / "site"
    shutil.copytree(bake(VARIANT), context)
    (context / ".env").write_text(f"DJANGO_SECRET_KEY={FILE_SECRET}\n")
    # The wheels of the project, its dependencies and its build backend.
    run(
        [wheel_python, "-m", "pip", "wheel", "-q", "-w", "wheels", ".", "hatchling"],
        cwd=context,
    )
    tag = next(podman.names)
    base = f"localhost/{tag}-base"
    podman("import", base_tarball(), base)
    image = f"localhost/{tag}"
    built = podman(
        # No cached layers left behind: each run builds afresh.
        "build", "--layers=false", "--format", "docker", "--build-arg", f"BASE={base}",
        "--build-arg", "PIP_INSTALL_ARGS=--no-index --find-links=wheels",
        "-t", image, context,
        env={"DJANGO_SECRET_KEY": ENV_SECRET},
    )  # fmt: skip
    try:
        yield image, built.stdout + built.stderr
    finally:
        podman("rmi", "-f", image, base, check=False)


@pytest.fixture
def state(tmp_path):
    """The state and cache folders the containers mount, owned by the site's user."""
    folders = tmp_path / "data", tmp_path / "cache"
    for folder in folders:
        folder.mkdir()
        os.chown(folder, SITE_UID, SITE_UID)
    return folders


def mounts(state):
    data, cache = state
    return ["-v", f"{data}:/data", "-v", f"{cache}:/cache"]


def environment(**extra):
    return [arg for k, v in {**SITE_ENV, **extra}.items() for arg in ("-e", f"{k}={v}")]


def one_off(podman, image, state, *command, smtp_url="smtp://127.0.0.1:25"):
    """A manage.py command in a container of its own, removed when it ends."""
    return podman(
        "run", "--rm", *environment(DJANGO_SMTP_URL=smtp_url), *mounts(state),
        image, *command,
    )  # fmt: skip


@contextlib.contextmanager
def container(podman, image, state, *args, command=(), smtp_url="smtp://127.0.0.1:25"):
    """A detached container; yields its name, and removes it (logs shown on failure)."""
    name = next(podman.names)
    podman(
        "run", "-d", "--name", name, *environment(DJANGO_SMTP_URL=smtp_url),
        *mounts(state), *args, image, *command,
    )  # fmt: skip
    try:
        yield name
    finally:
        print(podman("logs", name, check=False).stderr[-4000:])
        podman("rm", "-f", "-t", "0", name, check=False)


def web(podman, image, state, *args, **kwargs):
    """The web role, published on a loopback port: yields (name, port)."""
    port = free_port()

    @contextlib.contextmanager
    def started():
        with container(
            podman, image, state, "-p", f"127.0.0.1:{port}:8000", *args, **kwargs
        ) as name:
            wait_until_healthy(podman, name, port)
            yield name, port

    return started()


def wait_until_healthy(podman, name, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if podman("inspect", "-f", "{{.State.Running}}", name).stdout.strip() != "true":
            pytest.fail(f"container exited:\n{podman('logs', name).stderr}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(port, "/healthz", {"Host": "example.com"})[0].status == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"/healthz did not answer within {timeout}s")


def test_web_and_worker_serve_pages_static_files_and_mail(podman, image, state):
    image, _ = image
    one_off(podman, image, state, "migrate", "--noinput")
    seeded = one_off(podman, image, state, "seed_demo", "--password", DEMO_PASSWORD)
    assert "demo" in seeded.stdout + seeded.stderr
    assert (state[0] / "db.sqlite3").stat().st_uid == SITE_UID

    with (
        MailServer() as mail,
        web(podman, image, state, smtp_url=mail.url) as (name, port),
        # On the host's network, to reach the mail server on loopback.
        container(
            podman, image, state, "--network", "host",
            command=["worker"], smtp_url=mail.url,
        ) as worker,
    ):  # fmt: skip
        visitor = Visitor()
        response, page = visitor.get(port, "/")
        assert response.status == 200
        # The build collected and compressed the static files.
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)[1]
        response, _ = get(port, stylesheet, {**PROXY_HEADERS, "Accept-Encoding": "br"})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "br"
        assert "immutable" in response.getheader("Cache-Control")
        # The build compiled the translations (.mo files stay out of its context).
        response, page = visitor.get(port, "/pt-br/no-such-page/")
        assert response.status == 404
        assert "Página não encontrada" in page

        # The web container queues the mail in the shared database; the worker
        # container sends it.
        response, _ = Visitor().submit(
            port, "/accounts/password/reset/", {"email": DEMO_EMAIL}
        )
        assert response.status == 302
        [message] = mail.wait_for(1)
        assert message["To"] == DEMO_EMAIL
        assert "/accounts/password/reset/" in message.get_body(("plain",)).get_content()

        assert podman("exec", name, "id", "-u").stdout.strip() == str(SITE_UID)
        assert podman("healthcheck", "run", name, check=False).returncode == 0

        # The worker, PID 1 of its container, stops on SIGTERM by itself.
        signalled = time.monotonic()
        podman("stop", "-t", "40", worker)
        assert time.monotonic() - signalled < 15
        exit_code = podman("inspect", "-f", "{{.State.ExitCode}}", worker).stdout
        assert exit_code.strip() == "0"

    archive = one_off(podman, image, state, "backup").stdout.strip().splitlines()[-1]
    assert Path(archive).parent == Path("/data/backups")
    assert (state[0] / "backups" / Path(archive).name).stat().st_size > 0


def test_health_check_fails_when_the_site_does_not_answer(podman, image, state):
    """The HEALTHCHECK is a real probe: with gunicorn stopped inside, it fails."""
    image, _ = image
    one_off(podman, image, state, "migrate", "--noinput")
    with web(podman, image, state) as (name, _):
        assert podman("healthcheck", "run", name, check=False).returncode == 0
        # Another health check run, against a port nothing listens on.
        probe = podman(
            "exec", "-e", "PORT=8001", name, "python", "container/healthcheck.py",
            check=False,
        )  # fmt: skip
        assert probe.returncode == 1


def test_sigterm_under_load_fails_no_request_then_a_read_only_root_serves(
    podman, image, state, record_property
):
    image, _ = image
    one_off(podman, image, state, "migrate", "--noinput")
    with web(podman, image, state) as (name, port):
        load = Load(port, clients=3)
        with load:
            time.sleep(3)
            # A request in flight when the signal arrives: its headers half sent.
            in_flight = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            in_flight.connect()
            in_flight.sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: example.com\r\n")
            time.sleep(0.5)
            signalled = time.monotonic()
            stopping = podman.popen("stop", "-t", "40", name, stdout=subprocess.PIPE)
            time.sleep(1)
            in_flight.sock.sendall(b"Connection: close\r\n\r\n")
            reply = in_flight.sock.recv(4096)
            stopping.wait(timeout=60)
            stopped = time.monotonic()
        exit_code = podman("inspect", "-f", "{{.State.ExitCode}}", name).stdout
        logs = podman("logs", name).stderr

    assert reply.startswith(b"HTTP/1.1 200"), reply
    # gunicorn exited by itself, well within the grace period (no SIGKILL: 137).
    assert exit_code.strip() == "0"
    assert stopped - signalled < 30
    assert "Shutting down: Master" in logs
    before = [r for r in load.results if r.started < signalled]
    assert len(before) > 50
    assert all(r.status == 200 for r in before), {r.status for r in before}
    # After the signal: answered in full, or turned away before any answer began.
    after = [r for r in load.results if r.started >= signalled]
    assert all(r.status in (200, *Load.TURNED_AWAY) for r in after)
    turned_away = sum(r.status in Load.TURNED_AWAY for r in after)
    report_figures(
        record_property,
        f"{len(before)} requests before SIGTERM, all 200; after it "
        f"{len(after) - turned_away} answered 200 and {turned_away} turned away "
        f"before an answer; stopped in {stopped - signalled:.1f}s",
    )

    # Again, on a read-only root: only the state and cache volumes are written.
    with web(podman, image, state, "--read-only") as (name, port):
        visitor = Visitor()
        response, _ = visitor.get(port, "/")
        assert response.status == 200
        response, _ = visitor.submit(
            port, "/accounts/login/", {"login": "nobody", "password": "wrong"}
        )
        assert response.status == 200  # the form again, the failure counted
        response, body = get(port, "/readyz", {"Host": "example.com"})
        assert (response.status, body) == (200, b"ok")
        write = podman("exec", name, "touch", "/app/written", check=False)
        assert write.returncode != 0
        assert "Read-only file system" in write.stderr
    assert any(state[1].iterdir())  # the page cache was written to its volume


class Load:
    """Threads that ask for the home page and a probe until stopped, one new
    connection per request; each result keeps when it started and what came back."""

    TURNED_AWAY = ("refused", "reset before an answer")

    class Result:
        def __init__(self, started, status):
            self.started, self.status = started, status

    def __init__(self, port, clients):
        self.port = port
        self.clients = clients
        self.results = []
        self._stop = threading.Event()
        self._threads = []

    def _client(self):
        for path in itertools.cycle(["/", "/healthz"]):
            if self._stop.is_set():
                return
            started = time.monotonic()
            try:
                response, _ = get(self.port, path, PROXY_HEADERS)
                status = response.status
            except ConnectionRefusedError:
                status = "refused"
            except (ConnectionResetError, http.client.RemoteDisconnected):
                # gunicorn closes the sockets its workers had not accepted yet.
                status = "reset before an answer"
            except Exception as error:  # kept as the result
                status = repr(error)
            self.results.append(self.Result(started, status))
            if status == "refused":
                time.sleep(0.05)

    def __enter__(self):
        self._threads = [
            threading.Thread(target=self._client) for _ in range(self.clients)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=70)


def test_no_secret_reaches_the_image_history_or_layers(podman, image, tmp_path):
    image, _ = image
    history = podman("history", "--no-trunc", image).stdout
    archive = tmp_path / "image.tar"
    podman("save", "--format", "docker-archive", "-o", archive, image)
    found = occurrences(
        archive,
        [
            ENV_SECRET.encode(),
            FILE_SECRET.encode(),
            # Controls: what the search must find, or it proves nothing.
            b"useradd --uid 10001",
            b"The image's entry point",
        ],
    )

    assert ENV_SECRET not in history
    assert FILE_SECRET not in history
    assert "useradd --uid 10001" in history
    assert found == {
        ENV_SECRET.encode(): False,
        FILE_SECRET.encode(): False,
        b"useradd --uid 10001": True,
        b"The image's entry point": True,
    }


def occurrences(archive, needles, chunk=1 << 22):
    """Which needles appear anywhere in the saved image: its configuration and every
    layer, whose files a docker-archive holds uncompressed."""
    found = dict.fromkeys(needles, False)
    overlap = max(map(len, needles))
    with tarfile.open(archive) as outer:
        for member in outer:
            if not member.isfile():
                continue
            stream = outer.extractfile(member)
            tail = b""
            while block := stream.read(chunk):
                window = tail + block
                for needle in needles:
                    found[needle] = found[needle] or needle in window
                tail = window[-overlap:]
    return found


def test_dockerignore_is_the_containerignore(bake):
    project = bake("default")
    assert (project / ".dockerignore").read_text() == (
        project / ".containerignore"
    ).read_text()
    ignored = (project / ".containerignore").read_text().splitlines()
    for kept_out in [".env", "db.sqlite3", "media/", "cache/", "staticfiles/"]:
        assert kept_out in ignored


def test_variants_other_than_postgres_and_redis_have_no_compose_file(bake):
    assert VARIANTS["postgres_redis"] == {"database": "postgresql", "cache": "redis"}
    assert not (bake("default") / "compose.yaml").exists()
    assert (bake("postgres_redis") / "compose.yaml").exists()


def test_compose_file_starts_each_service_after_what_it_needs(bake):
    compose = yaml.safe_load((bake("postgres_redis") / "compose.yaml").read_text())
    services = compose["services"]

    assert set(services) == {"database", "cache", "migrate", "web", "worker"}
    assert set(compose["volumes"]) == {"state", "database"}
    for name in ("database", "cache"):
        assert services[name]["healthcheck"]["test"][0] == "CMD"
    ready = {"database": "service_healthy", "cache": "service_healthy"}
    assert conditions(services["migrate"]) == ready
    for name in ("web", "worker"):
        assert conditions(services[name]) == {
            **ready,
            "migrate": "service_completed_successfully",
        }
        assert services[name]["read_only"] is True
        assert services[name]["volumes"] == ["state:/data"]
        assert services[name]["build"]["dockerfile"] == "Containerfile"
    assert [services[name]["command"][0] for name in ("migrate", "web", "worker")] == [
        "migrate",
        "web",
        "worker",
    ]
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services["worker"]["environment"]["WORKER_ID"] == "worker-1"
    assert services["database"]["volumes"] == ["database:/var/lib/postgresql/data"]


def conditions(service):
    return {name: rule["condition"] for name, rule in service["depends_on"].items()}


def test_compose_reads_the_file_and_refuses_a_missing_password(bake):
    """podman-compose resolves the file as compose would; a required variable left
    out stops it with the message the file gives."""
    podman_compose = shutil.which("podman-compose", path=str(BIN_DIR))
    if podman_compose is None:
        unavailable("podman-compose is not installed (pip install podman-compose)")
    project = bake("postgres_redis")
    env = {"POSTGRES_PASSWORD": "pw-for-the-test", "DJANGO_SMTP_URL": "smtp://mail"}

    resolved = yaml.safe_load(run([podman_compose, "config"], project, env).stdout)
    without = run(
        [podman_compose, "config"],
        project,
        {**env, "POSTGRES_PASSWORD": ""},
        check=False,
    )

    web = resolved["services"]["web"]["environment"]
    assert web["DATABASE_URL"] == (
        "postgres://my_site:pw-for-the-test@database:5432/my_site"
    )
    # The secret key comes from the project's .env, which compose reads itself.
    secret_key = (project / ".env").read_text().split("DJANGO_SECRET_KEY=")[1]
    assert web["DJANGO_SECRET_KEY"] == secret_key.split()[0]
    assert without.returncode != 0
    assert "set POSTGRES_PASSWORD" in without.stderr
