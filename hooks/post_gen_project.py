"""Finish the generated project; cookiecutter runs this from the project's root."""

import importlib
import json
import secrets
import shutil
import sys
from pathlib import Path

# Read the answers as JSON, as the pre-generation hook explains.
ANSWERS = json.loads(r"""{{ cookiecutter | jsonify }}""")
SLUG = ANSWERS["project_slug"]


def prune_blog():
    """Remove the blog app, and the pages that show or describe it, when not wanted.

    Each page has a variant without the blog; the core catalogue has one too, so that
    `make messages` finds exactly the text the home page marks in either bake."""
    core_templates = Path(SLUG, "core", "templates", "core")
    core_catalogue = Path(SLUG, "core", "locale", "pt_BR", "LC_MESSAGES")
    without_blog = {
        core_templates / "home_without_blog.html": core_templates / "home.html",
        core_catalogue / "django_without_blog.po": core_catalogue / "django.po",
        Path("docs", "architecture_without_blog.md"): Path("docs", "architecture.md"),
    }
    if ANSWERS["include_blog"]:
        for variant in without_blog:
            variant.unlink(missing_ok=True)
        return
    shutil.rmtree(Path(SLUG, "blog"))
    for variant, page in without_blog.items():
        if variant.exists():
            variant.replace(page)


def prune_redis_cache():
    """The cache backend that outlives a Redis outage is only needed with Redis."""
    if ANSWERS["cache"] != "redis":
        Path(SLUG, "caching", "redis_backend.py").unlink()
        Path(SLUG, "caching", "tests", "test_redis_backend.py").unlink()
        Path("deploy", "redis.conf").unlink()


def prune_compose():
    """compose.yaml runs the site beside its PostgreSQL and Redis servers; with SQLite
    or the local cache, the README runs the image alone, with a volume for its state."""
    if (ANSWERS["database"], ANSWERS["cache"]) != ("postgresql", "redis"):
        Path("compose.yaml").unlink()


def prune_s3_storage():
    """The object-storage backend and its test are only needed with the s3 option."""
    if ANSWERS["media_storage"] != "s3":
        Path("config", "settings", "media_s3.py").unlink()
        Path(SLUG, "images", "s3.py").unlink()
        Path(SLUG, "images", "tests", "test_s3.py").unlink()


def prune_translations():
    """An English-only site keeps its marked text, but no translations, language
    links or tests of them. Runs before create_apps(), which copies app_template/."""
    if ANSWERS["languages"] != "en":
        return
    for locale in [*Path(SLUG).glob("*/locale"), Path("app_template", "locale")]:
        shutil.rmtree(locale)
    shutil.rmtree(Path(SLUG, "languages"))
    for path in Path(SLUG).glob("*/tests/test_languages.py"):
        path.unlink()
    layout = Path(SLUG, "core", "templates", "base.html")
    lines = layout.read_text(encoding="utf-8").splitlines(keepends=True)
    layout.write_text(
        "".join(line for line in lines if "languages/links.html" not in line),
        encoding="utf-8",
    )


def prune_ci():
    """Remove the GitHub Actions workflow unless GitHub CI was chosen."""
    if ANSWERS["ci"] != "github":
        shutil.rmtree(".github")


def choose_license():
    """Keep the chosen licence as LICENSE and drop the others."""
    licenses = Path("_licenses")
    (licenses / ANSWERS["license"]).replace("LICENSE")
    shutil.rmtree(licenses)


def create_apps():
    """Create the apps named at bake time, with the code `manage.py startapp` runs.

    A bad name stops the bake with a message, and cookiecutter removes the project.
    """
    sys.dont_write_bytecode = True  # leave no __pycache__ in the new project
    sys.path.insert(0, str(Path.cwd()))
    appgen = importlib.import_module(f"{SLUG}.appgen.generator")
    names = appgen.parse_names(ANSWERS["apps"])
    # Baked again over an earlier bake (cookiecutter -f): its apps keep their files
    # and are registered again in the settings and URLs just rewritten.
    kept = [name for name in names if Path(SLUG, name, "apps.py").is_file()]
    try:
        new = [name for name in names if name not in kept]
        appgen.create_apps(new, Path.cwd(), SLUG)
        for name in kept:
            for path, text in appgen.registration(name, Path.cwd(), SLUG):
                path.write_text(text, encoding="utf-8")
    except appgen.AppError as error:
        print(f"ERROR: apps {error}.", file=sys.stderr)
        sys.exit(1)


def write_env():
    """Give the project its own secret key, in a file only its owner can read."""
    # Generated here rather than as a template variable so that the key never
    # lands in cookiecutter's replay files. URL-safe characters need no quoting.
    env_file = Path(".env")
    try:
        env_file.touch(mode=0o600, exist_ok=False)
    except FileExistsError:
        # Baked again over an earlier bake (cookiecutter -f): its .env holds the
        # secret key the site already uses, and whatever else was set there.
        print("Kept the existing .env, with its secret key.")
        return
    env_file.write_text(
        "# Settings for this machine only; .env is gitignored, never commit it.\n"
        f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}\n"
    )


def print_next_steps():
    """The first commands to type, all Makefile targets the README explains."""
    blog = ANSWERS["include_blog"]
    seed = ["make seed       # a demo user and some posts"] if blog else []
    steps = [
        f"cd {SLUG}",
        "make install    # .venv with the project and its dev tools",
        "make migrate",
        *seed,
        "make run        # http://127.0.0.1:8000",
        "make test",
    ]
    print("Next steps:", *(f"  {step}" for step in steps), sep="\n")


prune_blog()
prune_redis_cache()
prune_compose()
prune_s3_storage()
prune_translations()
prune_ci()
choose_license()
create_apps()
write_env()
print_next_steps()
