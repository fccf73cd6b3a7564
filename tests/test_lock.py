"""The bake's lock: `make lock` pins every version, and both ways of installing obey it.

`make install` (and so the bake's CI) installs exactly what uv.lock says; a server
installs requirements.txt with plain pip, hashes checked. Both resolve against the
package index, which these tests need.
"""

import json
import re
import sys
import tomllib

import pytest
from conftest import production_env, run
from packaging.markers import Marker
from test_tooling import SHARED_VENV, copy_of

pytestmark = pytest.mark.slow

# A requirements.txt entry: "name==version ; marker \", then its hashes, one a line.
PIN = re.compile(
    r"^([A-Za-z0-9._-]+)==([^ ;\\]+)(?: ; ([^\\]+))? \\\n((?:\s+--hash=\S+.*\n)+)",
    re.MULTILINE,
)
# What a virtualenv holds that the lock does not name.
VENV_OWN = {"pip"}


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(venv):
    listing = run([venv / "bin" / "python", "-m", "pip", "list", "--format=json"], venv)
    return {
        normalized(package["name"]): package["version"]
        for package in json.loads(listing.stdout)
    }


@pytest.fixture(scope="module")
def locked(bake, tmp_path_factory):
    """A copy of the default bake after `make lock`, with the shared venv's uv."""
    work = copy_of(bake("default"), tmp_path_factory.mktemp("locked"))
    run(["make", "lock", f"VENV={SHARED_VENV}"], cwd=work)
    return work


def pins(project):
    """requirements.txt's pins for this machine: {name: version}, each entry hashed."""
    entries = PIN.findall((project / "requirements.txt").read_text("utf-8"))
    assert entries
    assert all("--hash=sha256:" in hashes for *_, hashes in entries)
    return {
        normalized(name): version
        for name, version, marker, _ in entries
        if not marker or Marker(marker).evaluate()
    }


def lock_versions(project):
    lock = tomllib.loads((project / "uv.lock").read_text("utf-8"))
    return {
        normalized(package["name"]): package["version"]
        for package in lock["package"]
        if package["name"] != project.name
    }


def test_the_lock_pins_every_package_and_the_site_alone_for_servers(locked):
    locked_versions = lock_versions(locked)
    pinned = pins(locked)
    requirements = (locked / "requirements.txt").read_text("utf-8")

    assert {"django", "gunicorn", "pytest", "ruff"} <= set(locked_versions)
    # The site's own needs, no dev tool, each at the lock's version, each hashed.
    assert {"django", "gunicorn", "whitenoise", "django-environ"} <= set(pinned)
    assert not {"pytest", "ruff", "mypy", "uv"} & set(pinned)
    assert all(locked_versions[name] == version for name, version in pinned.items())
    entries = re.findall(r"^[A-Za-z0-9]", requirements, re.MULTILINE)
    assert len(entries) == len(PIN.findall(requirements)), "an entry PIN cannot read"


def test_make_install_installs_exactly_the_locked_versions(locked, tmp_path):
    venv = tmp_path / "venv"
    run(["make", "install", f"VENV={venv}", f"PYTHON={sys.executable}"], cwd=locked)
    locked_versions = lock_versions(locked)

    versions = installed(venv)
    versions.pop(normalized(locked.name))  # the project itself, editable
    assert {"django", "pytest", "uv"} <= set(versions)
    differing = {
        name: (version, locked_versions.get(name))
        for name, version in versions.items()
        if name not in VENV_OWN and locked_versions.get(name) != version
    }
    assert not differing, differing
    run([venv / "bin" / "python", "manage.py", "check"], cwd=locked)


def test_a_server_installs_the_pins_with_plain_pip_and_starts(locked, tmp_path):
    """The deploy recipe's commands: hashes checked, nothing but the pins."""
    venv = tmp_path / "server"
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    run(
        [python, "-m", "pip", "install", "--require-hashes", "-r", "requirements.txt"],
        locked,
    )
    run([python, "-m", "pip", "install", "--no-deps", "."], cwd=locked)

    versions = installed(venv)
    versions.pop(normalized(locked.name))
    assert {n: v for n, v in versions.items() if n not in VENV_OWN} == pins(locked)
    run(
        [python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=locked,
        env=production_env(),
    )


def test_a_tampered_pin_is_refused(locked, tmp_path):
    """pip checks each file against the lock's hashes: a changed hash stops it."""
    requirements = (locked / "requirements.txt").read_text("utf-8")
    django = re.search(r"^django==.*?(?=^\S)", requirements, re.MULTILINE | re.DOTALL)
    tampered = tmp_path / "requirements.txt"
    tampered.write_text(
        re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, django.group()),
        encoding="utf-8",
    )
    venv = tmp_path / "server"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    pip_install = [venv / "bin" / "python", "-m", "pip", "install", "--no-deps"]
    refused = run(
        [*pip_install, "--require-hashes", "-r", tampered], locked, check=False
    )
    assert refused.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in refused.stderr
    assert "django" not in installed(venv)
