"""The hooks: bad answers stop the bake cleanly; good ones get a finished project."""

import importlib.util
import json
import re
import stat
import sys
import tomllib
from datetime import UTC, datetime
from importlib import metadata

import pytest
from conftest import BIN_DIR, TEMPLATE_DIR, run
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REJECTED = [
    ("project_slug", "My-Site"),
    ("project_slug", "1st_site"),
    ("project_slug", "_site"),
    ("project_slug", "a" * 41),
    ("project_slug", "import"),
    ("project_slug", "match"),  # a soft keyword
    ("project_slug", "json"),  # the standard library
    ("project_slug", "django"),
    ("project_slug", "config"),
    ("project_slug", "blog"),
    ("project_slug", "cookiecutter"),  # installed wherever the template runs
    ("project_name", ""),
    ("project_name", "   "),
    ("project_name", "Two\nlines"),
    ("project_name", "x" * 201),
    ("description", ""),
    ("description", "A\ttab"),
    ("description", "A line\u2028separator"),
    ("author_name", ""),
    ("author_name", "Ada\x1bLovelace"),
    ("author_email", "ada"),
    ("author_email", "ada@localhost"),
    ("author_email", "Ada <ada@example.com>"),
    ("author_email", "ada lovelace@example.com"),
    ("domain_name", "https://example.com/"),
    ("domain_name", "example.com/path"),
    ("domain_name", "example.com:8000"),
    ("domain_name", "localhost"),
    ("domain_name", "Example.com"),
    ("domain_name", "-bad.example.com"),
    ("domain_name", "under_score.example.com"),
    ("domain_name", "a" * 64 + ".com"),
    ("domain_name", ".".join(["a" * 63] * 4) + ".com"),
    ("domain_name", "192.168.0.1"),
    ("time_zone", "Mars/Olympus"),
    ("time_zone", "europe/lisbon"),
    ("include_blog", 2),
    ("apps", "Notes"),
    ("apps", "notes, json"),
    ("apps", "notes, notes"),
    ("apps", "users"),
    ("apps", "notes\nrecipes"),
    ("apps", "notes, none"),
    ("apps", "core"),
    ("apps", "blog"),  # the example blog is included unless told otherwise
    ("apps", "my_site"),  # the package itself
    ("apps", "notes, config"),
    # Folders at the project's root, and what its .gitignore leaves out.
    ("project_slug", "docs"),
    ("project_slug", "deploy"),
    ("project_slug", "app_template"),
    ("project_slug", "conftest"),
    ("project_slug", "manage"),
    ("project_slug", "staticfiles"),
    ("project_slug", "cache"),
    ("project_slug", "htmlcov"),
]

FIRST_LINES = {
    "MIT": "MIT License",
    "BSD-3-Clause": "BSD 3-Clause License",
    "Apache-2.0": "Apache License",
    "Proprietary": "Copyright (c) {year} Ada Lovelace. All rights reserved.",
}


def bake_with(cookies, **answers):
    return cookies.bake(extra_context=answers, template=str(TEMPLATE_DIR))


def baked(cookies, **answers):
    """Bake the real template and return the project's path, failing if it breaks."""
    result = bake_with(cookies, **answers)
    assert result.exit_code == 0, result.exception
    return result.project_path


def mentions_blog(path, project):
    """Whether a baked file's name or text speaks of the blog."""
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8", errors="replace")
    return "blog" in f"{path.relative_to(project)}\n{text}".lower()


def secret_key(project):
    env = (project / ".env").read_text(encoding="utf-8")
    [key] = re.findall(r"^DJANGO_SECRET_KEY=(.+)$", env, re.MULTILINE)
    return key


def leftovers(tmp_path):
    # pytest-cookies bakes into tmp_path/cookies/bakeNN; a refused bake leaves it empty.
    return list((tmp_path / "cookies").glob("*/*"))


@pytest.mark.parametrize(("field", "value"), REJECTED)
def test_a_bad_answer_is_refused_by_name(cookies, tmp_path, field, value):
    # A fixed slug, so that an empty project name cannot empty the slug too.
    result = bake_with(cookies, **{"project_slug": "my_site", field: value})

    message = str(result.exception)
    assert result.exit_code != 0
    assert f"ERROR: {field} " in message
    assert message.count("ERROR:") == 1
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("license", "GPL-3.0"),
        ("include_blog", "maybe"),
        ("database", "mysql"),
        ("cache", "memcached"),
        ("ci", "jenkins"),
        ("languages", "pt-br,en"),
    ],
)
def test_cookiecutter_refuses_unknown_choice(cookies, tmp_path, field, value):
    result = bake_with(cookies, **{field: value})

    assert result.exit_code != 0
    assert field in str(result.exception)
    assert leftovers(tmp_path) == []


def test_empty_slug_is_refused(cookies, tmp_path):
    # Cookiecutter itself stops here: the project directory would have no name.
    result = bake_with(cookies, project_slug="")

    assert result.exit_code != 0
    assert leftovers(tmp_path) == []


def test_quotes_backslashes_and_accents_are_accepted(cookies):
    author = 'Zoë O\'Brien "Zed" \\ back'

    project = baked(
        cookies,
        project_slug="my_site",
        author_name=author,
        description='A "quoted", """tripled""" back\\slash description.',
    )

    assert author in (project / "LICENSE").read_text(encoding="utf-8")


def test_slug_defaults_from_the_project_name(cookies):
    project = baked(cookies, project_name="Zoë's Blog")

    assert project.name == "zoe_s_blog"


@pytest.mark.parametrize("answer", ["none", "None", " NO ", "-", "n/a", ""])
def test_words_for_no_apps_make_no_apps(cookies, answer):
    project = baked(cookies, apps=answer)
    package = project / project.name

    assert sorted(path.name for path in package.iterdir() if path.is_dir()) == [
        "appgen",
        "backups",
        "blog",
        "caching",
        "core",
        "images",
        "mail",
        "operations",
        "users",
        "worker",
    ]


def test_without_the_example_blog_an_app_may_be_called_blog(cookies):
    project = baked(cookies, include_blog=False, apps="blog")
    blog = project / project.name / "blog"

    assert (blog / "apps.py").is_file()
    assert "class Blog(" in (blog / "models.py").read_text("utf-8")


def test_without_blog_the_app_and_every_mention_are_gone(cookies):
    project = baked(cookies, include_blog=False)
    home = project / project.name / "core" / "templates" / "core" / "home.html"

    assert not (project / project.name / "blog").exists()
    assert home.is_file()
    assert not home.with_name("home_without_blog.html").exists()
    assert not list(project.rglob("django_without_blog.po"))
    assert [path for path in project.rglob("*") if mentions_blog(path, project)] == []


def test_with_blog_the_app_stays_and_the_spare_home_page_goes(cookies):
    project = baked(cookies, include_blog=True)
    core_templates = project / project.name / "core" / "templates" / "core"

    assert (project / project.name / "blog").is_dir()
    assert (core_templates / "home.html").is_file()
    assert not (core_templates / "home_without_blog.html").exists()
    assert not list(project.rglob("django_without_blog.po"))


@pytest.mark.parametrize(("cache", "kept"), [("redis", True), ("local", False)])
def test_the_degrading_redis_cache_comes_with_redis_only(cookies, cache, kept):
    project = baked(cookies, cache=cache)
    caching = project / project.name / "caching"

    assert (caching / "redis_backend.py").exists() == kept
    assert (caching / "tests" / "test_redis_backend.py").exists() == kept
    assert (project / "deploy" / "redis.conf").exists() == kept


@pytest.mark.parametrize("license_name", FIRST_LINES)
def test_chosen_license_becomes_license_file(cookies, license_name):
    project = baked(cookies, license=license_name, author_name="Ada Lovelace")
    text = (project / "LICENSE").read_text(encoding="utf-8")
    year = datetime.now(UTC).year
    first_line = text.strip().splitlines()[0].strip()

    assert first_line == FIRST_LINES[license_name].format(year=year)
    assert re.search(rf"Copyright (\(c\) )?{year},? Ada Lovelace", text)
    assert not (project / "_licenses").exists()


def authors(project):
    metadata = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    return metadata["project"]["authors"]


def test_the_author_defaults_to_the_users_git_identity(cookies, monkeypatch, tmp_path):
    git_config = tmp_path / "gitconfig"
    git_config.write_text(
        "[user]\n\tname = Grace Hopper\n\temail = grace@example.org\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(git_config))

    project = baked(cookies)

    assert authors(project) == [{"name": "Grace Hopper", "email": "grace@example.org"}]
    assert "Grace Hopper" in (project / "LICENSE").read_text("utf-8")


@pytest.mark.parametrize("git_user", ["", "[user]\n\temail = root@localhost\n"])
def test_without_a_usable_git_identity_the_author_is_a_placeholder(
    cookies, monkeypatch, tmp_path, git_user
):
    git_config = tmp_path / "gitconfig"
    git_config.write_text(git_user)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(git_config))

    project = baked(cookies)

    assert authors(project) == [{"name": "Your Name", "email": "you@example.com"}]
    assert "Your Name" in (project / "LICENSE").read_text("utf-8")


def test_env_file_is_private_and_holds_a_strong_secret_key(cookies):
    project = baked(cookies)
    env_file = project / ".env"
    key = secret_key(project)

    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert "gitignored" in env_file.read_text(encoding="utf-8")
    # What Django's security.W009 check asks of a production key.
    assert len(key) >= 50
    assert len(set(key)) >= 5
    assert not key.startswith("django-insecure-")


def test_baking_again_over_a_bake_keeps_its_env_file_and_apps(tmp_path):
    """`cookiecutter -f` over an earlier bake: its .env and apps stay as they were."""
    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\n", encoding="utf-8")
    command = [BIN_DIR / "cookiecutter", "--no-input", "--config-file", config]
    command += ["-o", tmp_path, TEMPLATE_DIR, "apps=notes"]
    run(command, cwd=tmp_path)
    env_file = tmp_path / "my_site" / ".env"
    env_file.write_text(env_file.read_text("utf-8") + "DJANGO_DEBUG=true\n", "utf-8")
    before = env_file.read_text("utf-8")

    notes_model = tmp_path / "my_site" / "my_site" / "notes" / "models.py"
    notes_model.write_text(notes_model.read_text("utf-8") + "# Mine.\n", "utf-8")

    result = run([*command, "-f", "description=Baked again."], cwd=tmp_path)

    assert "Kept the existing .env" in result.stdout
    assert notes_model.read_text("utf-8").endswith("# Mine.\n")
    urls = (tmp_path / "my_site" / "config" / "urls.py").read_text("utf-8")
    assert urls.count('include("my_site.notes.urls")') == 1
    assert env_file.read_text("utf-8") == before
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    readme = (tmp_path / "my_site" / "README.md").read_text("utf-8")
    assert "Baked again." in readme


def test_each_bake_gets_its_own_secret_key(cookies):
    assert secret_key(baked(cookies)) != secret_key(baked(cookies))


def test_an_answer_with_unparsable_jinja_is_refused_by_name(cookies, tmp_path):
    # Cookiecutter renders answers given without prompting as Jinja templates.
    result = bake_with(cookies, project_slug="my_site", project_name="Tea {% and cake")

    assert result.exit_code != 0
    assert "Unable to render variable 'project_name'" in str(result.exception)
    assert "does not parse" in str(result.exception)
    assert leftovers(tmp_path) == []


def test_an_answer_with_jinja_that_parses_is_rendered(cookies):
    project = baked(cookies, project_slug="my_site", project_name="Site {{ 6 * 7 }}")

    assert (project / "README.md").read_text("utf-8").startswith("# Site 42\n")


@pytest.mark.parametrize("include_blog", [True, False])
def test_next_steps_are_make_targets_in_order(cookies, capfd, include_blog):
    project = baked(cookies, include_blog=include_blog)
    printed = capfd.readouterr().out
    steps = re.findall(r"^  (cd \S+|make [a-z-]+)", printed, re.MULTILINE)
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    seed = ["make seed"] if include_blog else []

    assert steps == [
        f"cd {project.name}",
        "make install",
        "make migrate",
        *seed,
        "make run",
        "make test",
    ]
    assert {step.removeprefix("make ") for step in steps[1:]} <= targets


@pytest.mark.parametrize(("ci", "has_workflow"), [("github", True), ("none", False)])
def test_github_workflow_only_when_chosen(cookies, ci, has_workflow):
    project = baked(cookies, ci=ci)
    readme = (project / "README.md").read_text(encoding="utf-8")

    assert (project / ".github" / "workflows" / "ci.yml").is_file() == has_workflow
    assert (project / ".github").exists() == has_workflow
    assert ("GitHub Actions" in readme) == has_workflow


def test_a_refused_typed_answer_ends_the_output_and_can_be_replayed(tmp_path):
    """Typed at the prompts: the refusal is the last thing printed, without a
    traceback, and the saved answers bake once the bad one is corrected."""
    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\n", encoding="utf-8")
    replay_file = tmp_path / "replay" / f"{TEMPLATE_DIR.name}.json"
    output = tmp_path / "out"
    command = [BIN_DIR / "cookiecutter", "--config-file", config, "-o", output]
    typed = ["Tea Room", "json", "Tea, and a room for it."] + [""] * 12

    result = run(
        [*command, TEMPLATE_DIR], tmp_path, check=False, input="\n".join(typed) + "\n"
    )

    printed = (result.stdout + result.stderr).rstrip().splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    # The last prompt's line ends where the refusal begins: the input is not echoed.
    assert printed[-4].endswith(
        "ERROR: project_slug 'json' is a standard-library module; choose another name."
    )
    assert printed[-3:] == [
        "",
        f"Every answer is saved in {replay_file}: correct the one refused there, "
        "then run again without retyping the others:",
        f"  cookiecutter --replay-file {replay_file} {TEMPLATE_DIR}",
    ]
    assert not output.exists() or list(output.iterdir()) == []

    saved = json.loads(replay_file.read_text("utf-8"))
    saved["cookiecutter"]["project_slug"] = "tea_room"
    replay_file.write_text(json.dumps(saved), "utf-8")
    run([*command, "--replay-file", replay_file, TEMPLATE_DIR], tmp_path)

    readme = (output / "tea_room" / "README.md").read_text("utf-8")
    assert readme.startswith("# Tea Room\n\nTea, and a room for it.\n")


def readme_options():
    """{option: (default, meaning)} from the template README's option table."""
    readme = (TEMPLATE_DIR / "README.md").read_text("utf-8")
    section = readme.split("\n## Options\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines()]
    return {
        cells[0].strip().strip("`"): (cells[1].strip(), cells[2].strip())
        for cells in rows
        if len(cells) == 3 and cells[0].strip().startswith("`")
    }


def test_the_readme_option_table_matches_cookiecutter_json():
    context = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text("utf-8"))
    options = {key: value for key, value in context.items() if not key.startswith("_")}
    documented = readme_options()

    assert list(documented) == list(options)
    for option, default in options.items():
        shown, meaning = documented[option]
        if isinstance(default, list):
            assert shown == f"`{default[0]}`", option
            assert all(f"`{choice}`" in meaning for choice in default), option
        elif isinstance(default, bool):
            assert shown == ("yes" if default else "no"), option
        elif "{{" not in default:
            assert shown == (f"`{default}`" if default else ""), option
        else:  # computed; a literal it falls back on is shown as it is
            literal = re.match(r"\{\{ '([^']*)'", default)
            assert shown, option
            assert literal is None or f"`{literal[1]}`" in shown, option


def load_answers_rules():
    spec = importlib.util.spec_from_file_location(
        "template_answers", TEMPLATE_DIR / "hooks" / "answers.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_names_needed_by_a_bake():
    """Top-level import names of a bake's dependencies and theirs, as installed in
    the shared virtualenv (the template's "project" group stands for them)."""
    groups = tomllib.loads((TEMPLATE_DIR / "pyproject.toml").read_text("utf-8"))
    wanted = [Requirement(text) for text in groups["dependency-groups"]["project"]]
    extras_of = {}
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        if name in extras_of and set(requirement.extras) <= extras_of[name]:
            continue
        extras = extras_of.setdefault(name, set())
        extras |= set(requirement.extras)
        for text in metadata.requires(name) or []:
            needed = Requirement(text)
            markers = [{"extra": extra} for extra in extras or {""}]
            if needed.marker is None or any(map(needed.marker.evaluate, markers)):
                wanted.append(needed)
    return {
        module
        for module, distributions in metadata.packages_distributions().items()
        if {canonicalize_name(each) for each in distributions} & set(extras_of)
    }


def test_every_dependency_of_a_bake_is_refused_as_a_slug():
    """Where cookiecutter runs, these may not be installed, so the hook names them."""
    rules = load_answers_rules()
    could_be_slugs = {
        name
        for name in import_names_needed_by_a_bake()
        if rules.SLUG.fullmatch(name) and "__" not in name
    }

    assert could_be_slugs - rules.DEPENDENCIES - sys.stdlib_module_names == set()
