"""The generated project explains itself: module docstrings and docs/architecture.md."""

import ast
import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR, run

pytestmark = pytest.mark.slow


def app_modules(project):
    """The Python modules of the baked apps, without migrations or empty markers."""
    package = project / project.name
    for path in sorted(package.rglob("*.py")):
        generated = "migrations" in path.relative_to(package).parts
        marker = path.name == "__init__.py" and not path.read_text("utf-8").strip()
        if not (generated or marker):
            yield path


def test_every_app_module_opens_with_a_docstring(project):
    modules = list(app_modules(project))
    undocumented = [
        str(path.relative_to(project))
        for path in modules
        if not ast.get_docstring(ast.parse(path.read_text("utf-8")))
    ]

    assert len(modules) > 10
    assert not undocumented, f"modules without an opening docstring: {undocumented}"


# --- The architecture page names only what exists --------------------------------
#
# docs/architecture.md writes every name it means in a code span; the Mermaid diagram
# uses the same names in its participant labels and messages. Each name is checked by
# its shape:
#   `blog/models.py`, `base.html`, `blog/post_list.html#post_card`  a file or folder
#   `/blog/new/`                                                     a URL path
#   `blog:post_detail`                                               a URL name
#   `PostForm`, `Post.publish()`, `forget_latest_posts()`            a definition
#   `ROOT_URLCONF`, `CACHE_URL`                                      a setting, variable
#   `django.contrib.auth`, `config.settings.production`              a module path
#   `python manage.py seed_demo`                                     a command
# Anything else (prose in code, placeholders like `<app>`, `https://...`) is not a name.

CODE_SPAN = re.compile(r"`([^`\n]+)`")
MERMAID = re.compile(r"```mermaid\n(.*?)```", re.DOTALL)
# A participant's label, or the text of a message (after the first colon).
MERMAID_TEXT = re.compile(
    r"^\s*(?:participant|actor)\s+\w+\s+as\s+(.*)$"
    r"|^[^:]*:\s*(.*)$"
)
MERMAID_TOKEN = re.compile(r"[A-Za-z_/][\w./:#-]*(?:\(\))?")
COMMAND = re.compile(r"^(?:python )?manage\.py (\w+)")
URL_NAME = re.compile(r"^[a-z_]\w*(?::[a-z_]\w*)+$")
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]+$")
PYTHON_NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(\))?$")
FILE_SUFFIXES = {".py", ".html", ".md", ".toml", ".css", ".svg", ".txt", ".example"}
# Files known by a name without a suffix, which would otherwise read as class names.
FILE_NAMES = {"Containerfile"}


def kind_of(name):
    """What a name in the page claims to be, or None when it is not a name."""
    if " " in name:
        return "command" if COMMAND.match(name) else None
    if "<" in name or "://" in name or "*" in name:
        return None
    if name.startswith("/"):
        return "url_path"
    if URL_NAME.match(name):
        return "url_name"
    if (
        "/" in name
        or name in FILE_NAMES
        or Path(name.split("#")[0]).suffix in FILE_SUFFIXES
    ):
        return "path"
    if CONSTANT.match(name):
        return "constant"
    if PYTHON_NAME.match(name) and (name.endswith("()") or name[0].isupper()):
        return "definition"
    if PYTHON_NAME.match(name) and "." in name:
        return "module"
    return None


def names_in(page):
    """Every (kind, name) the page mentions, in code spans and in its diagram."""
    found = set()
    for diagram in MERMAID.findall(page):
        for line in diagram.splitlines():
            if match := MERMAID_TEXT.match(line):
                text = match.group(1) or match.group(2)
                for token in MERMAID_TOKEN.findall(text):
                    token = token.rstrip(".,:")
                    # Words of the messages are prose; only shaped names count.
                    shaped = token[0].isupper() or not token.isidentifier()
                    if shaped and kind_of(token) and not CONSTANT.match(token):
                        found.add((kind_of(token), token))
    for span in CODE_SPAN.findall(MERMAID.sub("", page)):
        if kind := kind_of(span):
            found.add((kind, span))
    return found


class Definitions:
    """The classes, functions and module-level names defined in a bake's Python."""

    def __init__(self, project):
        self.classes = {}  # name -> names defined in its body
        self.functions = set()
        self.constants = set()
        for path in project.rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef):
                    members = self.classes.setdefault(node.name, set())
                    members.update(defined_names(node.body))
                elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.functions.add(node.name)
            self.constants.update(defined_names(tree.body))

    def has(self, name):
        parts = name.removesuffix("()").split(".")
        if len(parts) == 1:
            return parts[0] in (self.classes if name[0].isupper() else self.functions)
        owner, member = parts[-2], parts[-1]
        return owner in self.classes and member in self.classes[owner]


def defined_names(body):
    """Names bound by the statements of a module or class body."""
    for node in body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name
        elif isinstance(node, ast.Assign):
            yield from (t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id


def path_exists(project, name):
    """A file or folder of the bake: from its root, its package, or a template name."""
    relative, _, partial = name.partition("#")
    package = project / project.name
    if "/" not in relative.rstrip("/"):
        candidates = list(project.rglob(relative.rstrip("/")))
    else:
        candidates = [project / relative, package / relative]
        candidates += [folder / relative for folder in package.rglob("templates")]
    found = [path for path in candidates if path.exists()]
    if partial:
        pattern = re.compile(r"\{%\s*partialdef\s+" + re.escape(partial) + r"\b")
        found = [path for path in found if pattern.search(path.read_text("utf-8"))]
    return bool(found)


def module_exists(project, name):
    """A dotted path to a module of the bake, or to something defined in one."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        base = project.joinpath(*parts[:end])
        for module in (base.with_suffix(".py"), base / "__init__.py"):
            if module.exists():
                rest = parts[end:]
                tree = ast.parse(module.read_text("utf-8"))
                return not rest or rest[0] in set(defined_names(tree.body))
    return None  # not the bake's: ask Python


# Run in the bake under its test settings: URL names and paths resolve, commands and
# outside modules exist. Reads a JSON object of lists, prints the names that do not.
DJANGO_CHECKS = """
import importlib, json, sys
import django
django.setup()
from django.core.management import get_commands
from django.urls import Resolver404, get_resolver, resolve

def url_name(name):
    *namespaces, name = name.split(":")
    resolver = get_resolver()
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return name in resolver.reverse_dict

def url_path(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True

def module(name):
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            found = getattr(found, part, None)
        return found is not None
    return False

checks = {
    "url_name": url_name,
    "url_path": url_path,
    "command": get_commands().__contains__,
    "module": module,
}
names = json.load(sys.stdin)
print(json.dumps([n for kind, ns in names.items() for n in ns if not checks[kind](n)]))
"""


def stale_names(project, page=None):
    """The names a page (the bake's docs/architecture.md) mentions that it lacks."""
    if page is None:
        page = (project / "docs" / "architecture.md").read_text("utf-8")
    names = names_in(page)
    definitions = Definitions(project)
    env_example = (project / ".env.example").read_text("utf-8").splitlines()
    documented = {line.lstrip("# ").partition("=")[0] for line in env_example}
    stale, ask_django = (
        [],
        {"url_name": [], "url_path": [], "command": [], "module": []},
    )
    for kind, name in sorted(names):
        if kind == "path":
            ok = path_exists(project, name)
        elif kind == "definition":
            ok = definitions.has(name)
        elif kind == "constant":
            ok = name in definitions.constants or name in documented
        elif kind == "module" and (local := module_exists(project, name)) is not None:
            ok = local
        else:
            if kind == "command":
                name = COMMAND.match(name).group(1)
            ask_django[kind].append(name)
            continue
        if not ok:
            stale.append(name)
    result = run(
        [sys.executable, "-c", DJANGO_CHECKS],
        cwd=project,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test"},
        input=json.dumps(ask_django),
    )
    return names, stale + json.loads(result.stdout)


@pytest.mark.parametrize("variant", ["default", "no_blog"])
def test_architecture_page_names_only_what_exists(bake, variant):
    project = bake(variant)
    names, stale = stale_names(project)

    kinds = {kind for kind, _ in names}
    assert kinds == {
        "path",
        "url_path",
        "url_name",
        "definition",
        "constant",
        "module",
        "command",
    }
    assert len(names) > 40
    assert not stale, f"docs/architecture.md names what the project lacks: {stale}"


# The page's table of import contracts and its drawing of an app's layers.
CONTRACTS_TABLE = re.compile(
    r"<!-- contracts:begin.*?-->(.*?)<!-- contracts:end -->", re.S
)
CONTRACT_ROW = re.compile(r"^\| `([^`]+)` \|", re.MULTILINE)
LAYERS_DRAWING = re.compile(r"```text\n(.*?)```", re.DOTALL)
ORDER = "Apps build on each other one way, on the platform's ground floor"


@pytest.mark.parametrize("variant", ["default", "no_blog"])
def test_architecture_page_shows_the_import_contracts_as_configured(bake, variant):
    project = bake(variant)
    page = (project / "docs" / "architecture.md").read_text("utf-8")
    pyproject = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    [layers, order] = [
        contract["layers"] for contract in contracts if contract["type"] == "layers"
    ]

    table = CONTRACTS_TABLE.search(page).group(1)
    assert CONTRACT_ROW.findall(table) == [contract["name"] for contract in contracts]
    assert contracts[1]["name"] == ORDER
    # The drawings list the apps, then the layers of an app, in order; parentheses
    # (an optional layer) aside in the second.
    [apps_order, app_layers] = LAYERS_DRAWING.findall(page)
    assert app_layers.splitlines() == [re.sub(r"[()]", "", layer) for layer in layers]
    assert apps_order.splitlines() == order


def test_architecture_page_matches_the_bake(bake):
    with_blog = (bake("default") / "docs" / "architecture.md").read_text("utf-8")
    without_blog = (bake("no_blog") / "docs" / "architecture.md").read_text("utf-8")

    assert "PostCreateView" in with_blog
    assert "blog" not in without_blog.lower()
    assert "sequenceDiagram" in without_blog
    assert not list((bake("default") / "docs").glob("*without_blog*"))
    readme = (bake("no_blog") / "README.md").read_text("utf-8")
    assert "(docs/architecture.md)" in readme


def test_a_renamed_class_url_or_file_is_reported(bake, tmp_path):
    project = tmp_path / bake("default").name
    shutil.copytree(bake("default"), project)
    blog = project / project.name / "blog"
    for module in ("views.py", "urls.py"):
        code = (blog / module).read_text("utf-8")
        (blog / module).write_text(code.replace("PostCreateView", "NewPostView"))
    urls = (blog / "urls.py").read_text("utf-8")
    (blog / "urls.py").write_text(urls.replace('"post_detail"', '"post_page"'))
    (blog / "tasks.py").rename(blog / "jobs.py")
    views = (blog / "views.py").read_text("utf-8")
    (blog / "views.py").write_text(views.replace("from .tasks", "from .jobs"))

    _, stale = stale_names(project)

    assert set(stale) >= {"PostCreateView", "blog:post_detail", "blog/tasks.py"}


def test_template_readme_map_names_what_the_default_bake_has(bake):
    readme = (TEMPLATE_DIR / "README.md").read_text("utf-8")
    section = re.search(r"<!-- mvt:begin.*?-->(.*)<!-- mvt:end -->", readme, re.DOTALL)
    names, stale = stale_names(bake("default"), section.group(1))

    assert len(names) > 15
    assert not stale, f"the README's MVT map names what a bake lacks: {stale}"


# --- What the page says stays out of views and templates stays out ----------------
#
# The page's "What stays out of views and templates" makes claims about the code, not
# only about names: templates hold no permission rules and run no queries, views do
# not filter by hand. Each claim is looked for in the page and checked in the code.

CLAIMS = (
    "no permission rules",
    "no queries beyond following what the view gave them",
    "Views do not hold business rules",
)
# A template tag comparing something with the user: a permission rule.
PERMISSION_RULE = re.compile(r"\{%\s*(?:if|elif)\b[^%]*(?:==|!=)[^%]*\buser\b[^%]*%\}")
# A QuerySet method called from a template: a query the view did not make.
TEMPLATE_QUERY = re.compile(
    r"\{[{%][^}]*?\.(?:all|count|exists|filter|exclude|aggregate|annotate|values)\b"
    r"|\{[{%][^}]*?\w_set\b"
)
# A view filtering with field lookups instead of asking a named QuerySet method.
HAND_FILTERS = {"filter", "exclude"}


def broken_claims(project):
    """Where the bake's templates and views do what its architecture page rules out."""
    package = project / project.name
    found = []
    for path in sorted(package.rglob("templates/**/*.html")):
        text = path.read_text("utf-8")
        where = path.relative_to(package)
        for rule, kind in ((PERMISSION_RULE, "permission"), (TEMPLATE_QUERY, "query")):
            found += [(kind, f"{where}: {match}") for match in rule.findall(text)]
    for path in sorted(package.rglob("views.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if call and node.func.attr in HAND_FILTERS:
                line = f"{path.relative_to(package)}:{node.lineno}"
                found.append(("filter", f"{line}: .{node.func.attr}()"))
    return found


@pytest.mark.parametrize("variant", ["default", "no_blog", "apps"])
def test_templates_and_views_keep_out_what_the_page_says_they_do(bake, variant):
    project = bake(variant)
    page = " ".join((project / "docs" / "architecture.md").read_text("utf-8").split())

    assert all(claim in page for claim in CLAIMS), "the page no longer makes its claims"
    assert broken_claims(project) == []


def test_a_permission_rule_query_or_hand_filter_is_reported(bake, tmp_path):
    project = tmp_path / bake("default").name
    shutil.copytree(bake("default"), project)
    blog = project / project.name / "blog"
    templates = blog / "templates" / "blog"
    detail = templates / "post_detail.html"
    detail.write_text(
        detail.read_text("utf-8").replace(
            "{% if can_edit %}", "{% if post.author_id == user.pk %}"
        )
    )
    delete = templates / "post_confirm_delete.html"
    delete.write_text(
        delete.read_text("utf-8").replace("post.comment_count", "post.comments.count")
    )
    views = blog / "views.py"
    views.write_text(
        views.read_text("utf-8").replace(
            "Post.objects.published()",
            "Post.objects.filter(status=Post.Status.PUBLISHED)",
            1,
        )
    )

    kinds = sorted(kind for kind, _ in broken_claims(project))

    assert kinds == ["filter", "permission", "query"]


# --- Each module reads at a sitting ------------------------------------------------
#
# A module that grows past some 250 lines holds more than one concern: split it where
# the concerns part (its querysets, its mixins, the behaviour a test module covers).
# Migrations are written by makemigrations; the demo seeder is a script of sample
# data, not code the site builds on.

MODULE_LINES = 250
NOT_HELD = ("blog/management/commands/seed_demo.py",)
# Every option that adds code: PostgreSQL, Redis, S3, a second language, more apps.
ALL_OPTIONS = {
    "database": "postgresql",
    "cache": "redis",
    "media_storage": "s3",
    "languages": "en,pt-br",
    "apps": "notes, recipe_box",
}


@pytest.fixture(scope="module")
def bake_with_all_options(cookies_session):
    result = cookies_session.bake(extra_context=ALL_OPTIONS, template=str(TEMPLATE_DIR))
    assert result.exit_code == 0, result.exception
    return result.project_path


def long_modules(project):
    """The bake's Python modules over MODULE_LINES lines, with their lengths."""
    found = {}
    for path in sorted(project.rglob("*.py")):
        name = path.relative_to(project).as_posix()
        if "migrations" in path.parts or name.endswith(NOT_HELD):
            continue
        if (lines := len(path.read_text("utf-8").splitlines())) > MODULE_LINES:
            found[name] = lines
    return found


@pytest.mark.parametrize("variant", ["default", "all_options"])
def test_no_module_is_longer_than_250_lines(request, bake, variant):
    if variant == "default":
        project = bake("default")
    else:
        project = request.getfixturevalue("bake_with_all_options")

    assert len(list(project.rglob("*.py"))) > 100
    assert not long_modules(project), f"modules over {MODULE_LINES} lines"
