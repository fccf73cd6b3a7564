"""Every answer the hooks accept bakes a project that passes all of its own gates.

The answers below are the edges of what the hooks accept: package names that sort
before and after `config` (the project's other first-party package), one letter long,
at the length limit, with digits and underscores, or close to words the project uses
elsewhere; the longest free text, a domain with many labels, time zones with `+` and
`-`, app names as long as allowed. Each is baked once, in parallel; ruff checks every
bake, and the slower gates (djlint, django-upgrade, mypy, the project's own suite,
makemigrations) run on the few bakes that differ most.
"""

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import BIN_DIR, TEMPLATE_DIR, run

pytestmark = pytest.mark.slow

LONGEST_SLUG = "a_forty_character_package_name_for_tests"
LONG_TEXT = "A long name, with words; and punctuation! " * 4 + "The end."
ACCEPTED = {
    # Before `config`, in the order ruff's isort sorts first-party packages.
    "one_letter": {"project_slug": "a"},
    "before_config": {"project_slug": "cms"},
    "prefix_of_config": {"project_slug": "conf"},
    # After `config`.
    "config_prefixed": {"project_slug": "config_site"},
    "digits_and_underscores": {"project_slug": "site_2_0"},
    "last": {"project_slug": "zz_top"},
    "longest": {"project_slug": LONGEST_SLUG},
    # Close to the names of the project's own apps and folders.
    "blogs": {"project_slug": "blogs"},
    "core_site": {"project_slug": "core_site"},
    "account": {"project_slug": "account", "include_blog": False},
    "item": {"project_slug": "item", "apps": "notes"},
    # Everything else an answer can stretch.
    "long_answers": {
        "project_slug": "b",
        "project_name": LONG_TEXT,
        "description": LONG_TEXT,
        "author_name": LONG_TEXT,
        "author_email": "first.last+django@mail.sub.example.co.uk",
        "domain_name": ".".join("abcdefghijklmn") + ".example.co.uk",
        "time_zone": "Etc/GMT+12",
        "apps": "notes, an_app_name_27_characters_x",
    },
    "longest_domain": {
        "project_slug": "c",
        "domain_name": ".".join(["a" * 63] * 3 + ["b" * 57, "com"]),
        "author_email": "me@" + ".".join(["a" * 63] * 3 + ["b" * 57, "com"]),
    },
    "longest_with_apps": {
        "project_slug": LONGEST_SLUG.replace("tests", "apps_"),
        "time_zone": "Etc/GMT-14",
        "apps": "notes, recipes",
    },
}
# The bakes that run the slow gates: before config, the longest answers, the longest
# package with apps.
FULL_GATES = ["one_letter", "long_answers", "longest_with_apps"]


def bake_cli(answers, output_dir):
    """Bake with the cookiecutter command, as a person would; return the project."""
    pairs = [f"{key}={value}" for key, value in answers.items()]
    # Its own replay folder, not the user's.
    config = output_dir / "cookiecutter.yaml"
    config.write_text(f"replay_dir: {output_dir / 'replay'}\n", encoding="utf-8")
    command = [BIN_DIR / "cookiecutter", "--no-input", "--config-file", config]
    run([*command, "-o", output_dir, TEMPLATE_DIR, *pairs], cwd=output_dir)
    return output_dir / answers["project_slug"]


@pytest.fixture(scope="module")
def baked(tmp_path_factory):
    """{case: project path}; every case baked once, two at a time."""
    roots = {case: tmp_path_factory.mktemp(case) for case in ACCEPTED}
    with ThreadPoolExecutor(max_workers=2) as pool:
        projects = pool.map(
            lambda case: bake_cli(
                {key: str(value) for key, value in ACCEPTED[case].items()},
                roots[case],
            ),
            ACCEPTED,
        )
        return dict(zip(ACCEPTED, projects, strict=True))


@pytest.mark.parametrize("case", ACCEPTED)
def test_ruff_check_and_format_pass(baked, case):
    run([BIN_DIR / "ruff", "check", "--no-cache", "."], cwd=baked[case])
    run([BIN_DIR / "ruff", "format", "--check", "--no-cache", "."], cwd=baked[case])


@pytest.mark.parametrize("case", FULL_GATES)
def test_the_slow_gates_pass(baked, case, tmp_path):
    project = baked[case]
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test"}

    upgrade = [BIN_DIR / "django-upgrade", "--target-version", "6.1", "--check"]

    run([BIN_DIR / "djlint", "--lint", project.name], cwd=project)
    run([*upgrade, *sorted(project.rglob("*.py"))], cwd=project)
    run([BIN_DIR / "mypy", "--cache-dir", tmp_path / "mypy", "."], cwd=project)
    run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=project,
        env=env,
    )
    run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
