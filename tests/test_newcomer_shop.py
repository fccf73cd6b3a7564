"""A newcomer's shop, end to end, in the bilingual bake, as the README and docs tell it.

Two apps made with the project's startapp, `products` and `orders`, where an order
names its product: the arrow between them stated the way docs/architecture.md shows,
the starter field `title` of the product renamed to `name`, the README's migration
path run with the answers Django asks for. Then every gate, the arrow's reverse caught
by the import contracts, the pre-commit hooks on a commit from a fresh shell, and
`make prod-local`: its worker mails a password reset to a local SMTP server, and the
new apps' pages answer a signed-in owner in English and in Portuguese.

One bake, with no app made at bake time: these are the newcomer's first apps, and no
other app's catalogue holds the Portuguese their pages start with. One environment:
the shared virtualenv, as `.venv`.
"""

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR
from cookiecutter.main import cookiecutter
from servers import free_port
from test_mail_worker import MailServer, body
from test_newcomer import Server, commands, fresh_shell_env, shell, shell_blocks
from test_tooling import OFFLINE, SHARED_VENV

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ORDER = "Apps build on each other one way, on the platform's ground floor"
LAYERS_MARKER = "# startapp adds new apps to the line below."
OWNER, OWNER_EMAIL = "owner", "owner@corner.example.org"
PASSWORD = "a-long-owner-password-42"
PRODUCT, AN_ORDER = "Café em grãos", "The first order"
# The account pages' addresses, as the site's URLconf names them.
ACCOUNT_URLS = """
import json
from django.urls import reverse

print(json.dumps({
    "login": reverse("account_login"),
    "reset": reverse("account_reset_password"),
}))
"""


def log_in(site, login_url):
    """Sign the owner in from the page a visit to /products/ sent to; where to next."""
    token = site.form_token(f"{login_url}?next=/products/")
    _, headers, _ = site.request(
        f"{login_url}?next=/products/",
        {"csrfmiddlewaretoken": token, "login": OWNER, "password": PASSWORD},
    )
    return headers["Location"]


def shop(package):
    """Code for `manage.py shell`: the shop's first product and order, by their pks."""
    return (
        "import json\n"
        f"from {package}.orders.models import Order\n"
        f"from {package}.products.models import Product\n"
        f"product = Product.objects.create(name={PRODUCT!r})\n"
        f"order = Order.objects.create(title={AN_ORDER!r}, product=product)\n"
        'print(json.dumps({"product": product.pk, "order": order.pk}))\n'
    )


def readme_command(block, verb):
    """The README block's one command that runs `manage.py <verb>`."""
    pattern = re.compile(rf"manage\.py {verb}\b")
    [command] = [line for line in commands(block) if pattern.search(line)]
    return command


def answered(command, cwd, env, answers):
    """Run a command that asks questions, typing the answers; fail with its output."""
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        input="".join(f"{answer}\n" for answer in answers),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"`{command}`:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def shell_json(code, cwd, env):
    """What Python code run by `manage.py shell` prints last, read as JSON."""
    command = f".venv/bin/python manage.py shell --no-imports -c {shlex.quote(code)}"
    return json.loads(shell(command, cwd, env).stdout.strip().splitlines()[-1])


def state_the_arrow(project):
    """orders builds on products: a line of its own above the top line, as the
    architecture page's example states, keeping startapp's marker above it."""
    page = (project / "docs" / "architecture.md").read_text("utf-8")
    example = re.search(r"```toml\nlayers = \[\n(.*?)\]\n```", page, re.S)[1]
    assert example.splitlines()[:2] == [f"    {LAYERS_MARKER}", '    "orders",']
    # and its models' import, as this project writes it.
    assert f"from {project.name}.products.models import Product\n" in page
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    top = re.search(rf"{re.escape(LAYERS_MARKER)}\n    \"([a-z_ |]+)\",\n", text)
    apps = top[1].split(" | ")
    assert apps[-2:] == ["products", "orders"], apps
    beside = " | ".join(apps[:-1])
    pyproject.write_text(
        text.replace(f'    "{top[1]}",\n', f'    "orders",\n    "{beside}",\n'),
        encoding="utf-8",
    )


def order_names_its_product(project):
    orders = project / project.name / "orders"
    models = orders / "models.py"
    code = models.read_text("utf-8")
    core = f"from {project.name}.core.models import TimeStampedModel\n"
    description = "    description = models.TextField(blank=True)\n"
    assert code.count(core) == 1
    assert code.count(description) == 1
    models.write_text(
        code.replace(
            core, core + f"from {project.name}.products.models import Product\n"
        ).replace(
            description,
            description
            + "    product = models.ForeignKey(Product, on_delete=models.PROTECT)\n",
        ),
        encoding="utf-8",
    )
    # The order's page shows its product.
    detail = orders / "templates" / "orders" / "order_detail.html"
    page = detail.read_text("utf-8")
    body = '    <div class="body">{{ order.description }}</div>\n'
    assert page.count(body) == 1
    detail.write_text(
        page.replace(body, body + "    <p>{{ order.product }}</p>\n"), "utf-8"
    )


# The field, in the model and wherever the app's files name it: its declaration,
# attribute reads (self.title, product.title), names in lists ("title",) and
# keyword arguments (title=...). Template blocks ({% block title %}) and the string
# method (.title()) are not it.
RENAMES = (
    (re.compile(r"\btitle(?= *= *models\.)"), "name"),
    (re.compile(r"(?<=[\w)])\.title\b(?!\()"), ".name"),
    (re.compile(r"([\"'])title\1"), r"\1name\1"),
    (re.compile(r"\btitle(?==[^=])"), "name"),
)


def rename_title_to_name(app):
    """What a careful sed over the app's files does; its migrations stay as they are."""
    changed = []
    for path in sorted(app.rglob("*")):
        if not path.is_file() or "migrations" in path.parts:
            continue
        if path.suffix not in {".py", ".html", ".txt"}:
            continue
        text = path.read_text("utf-8")
        new = text
        for pattern, replacement in RENAMES:
            new = pattern.sub(replacement, new)
        if new != text:
            path.write_text(new, "utf-8")
            changed.append(path.relative_to(app).as_posix())
    assert "models.py" in changed
    code = (app / "models.py").read_text("utf-8")
    assert "name = models.CharField(" in code
    assert "return self.name" in code
    assert not re.search(r"\btitle\b", code)
    return changed


def add_the_reverse_import(project):
    """products using orders: the arrow's wrong way. Inside a function, so that ruff,
    which runs first in make lint, accepts it. Returns how to take it out again."""
    views = project / project.name / "products" / "views.py"
    code = views.read_text("utf-8")
    views.write_text(
        code + "\n\ndef orders_too():\n"
        f"    from {project.name}.orders.models import Order\n\n    return Order\n",
        encoding="utf-8",
    )
    return lambda: views.write_text(code, encoding="utf-8")


def test_a_newcomer_builds_a_shop_of_two_apps_in_two_languages(tmp_path):
    config = tmp_path / "cookiecutter.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\n")
    project = Path(
        cookiecutter(
            str(TEMPLATE_DIR),
            no_input=True,
            config_file=str(config),
            output_dir=str(tmp_path),
            extra_context={"project_name": "Corner Shop", "languages": "en,pt-br"},
        )
    )
    package = project.name
    assert package == "corner_shop"
    readme = (project / "README.md").read_text("utf-8")
    blocks = shell_blocks(readme)
    env = fresh_shell_env(
        {
            "PORT": str(free_port()),
            "MYPY_CACHE_DIR": str(tmp_path / "mypy"),
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
            "WEB_CONCURRENCY": "2",
            "GIT_AUTHOR_NAME": "Sam Newcomer",
            "GIT_AUTHOR_EMAIL": "sam@corner.example.org",
            "GIT_COMMITTER_NAME": "Sam Newcomer",
            "GIT_COMMITTER_EMAIL": "sam@corner.example.org",
        }
    )

    # What `make install` does: the virtualenv (the shared one here), and the catalogues
    # compiled.
    (project / ".venv").symlink_to(SHARED_VENV)
    shell("make compile-messages", project, env)

    # Everyday tasks: git init and pre-commit install.
    for block in blocks["Everyday tasks"]:
        for command in commands(block):
            shell(command, project, env)
    # .venv is a link to the shared virtualenv here, which .venv/ does not ignore.
    with (project / ".git" / "info" / "exclude").open("a") as exclude:
        exclude.write("/.venv\n")

    # Add an app, twice, with the README's own startapp line.
    [add_an_app] = blocks["Add an app"]
    startapp = readme_command(add_an_app, "startapp")
    assert startapp.endswith("startapp recipes --model Recipe")
    for app, model in (("products", "Product"), ("orders", "Order")):
        created = shell(
            startapp.replace("recipes", app).replace("Recipe", model), project, env
        ).stdout
        assert f"Created the app {app}, served at /{app}/." in created
        # Its Portuguese catalogue is compiled, for its pages under /pt-br/.
        assert "Its translations are compiled." in created

    state_the_arrow(project)
    order_names_its_product(project)
    renamed = rename_title_to_name(project / package / "products")

    # The README's migration path, with the answers Django asks for: yes, title was
    # renamed; a one-off product for the orders that exist (there are none yet).
    makemigrations = readme_command(add_an_app, "makemigrations")
    asked = answered(
        makemigrations.replace(" recipes", " products orders"),
        project,
        env,
        ["y", "1", "1"],
    )
    assert "Rename field title on product to name" in asked
    assert "Add field product to order" in asked
    shell(readme_command(add_an_app, "migrate"), project, env)
    shell(".venv/bin/python manage.py makemigrations --check --dry-run", project, env)

    # The arrow's reverse, products using orders, fails the import contracts.
    take_it_out = add_the_reverse_import(project)
    wrong_way = subprocess.run(
        ["make", "lint"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    take_it_out()
    assert wrong_way.returncode != 0
    assert f"{ORDER} BROKEN" in wrong_way.stdout, wrong_way.stdout + wrong_way.stderr
    assert f"{package}.products.views -> {package}.orders.models" in wrong_way.stdout

    # Every gate, as the README's table names them.
    for gate in ("make lint", "make typecheck", "make test"):
        assert f"`{gate}`" in readme
        result = shell(gate, project, env)
    assert "Contracts: 3 kept, 0 broken." in shell("make lint", project, env).stdout
    assert re.search(r"Required test coverage of 95(\.0)?% reached", result.stdout)

    # The hooks, as git runs them on a commit: no virtualenv, nothing downloaded.
    hooks_env = env | OFFLINE
    shell("git add -A", project, hooks_env)
    commit = subprocess.run(
        ["git", "commit", "-m", "A shop: products, and orders that name them"],
        cwd=project,
        env=hooks_env,
        capture_output=True,
        text=True,
        check=False,
    )
    hooks_said = commit.stdout + commit.stderr
    assert commit.returncode == 0, hooks_said
    hooks = ("ruff check", "ruff format", "django-upgrade", "djlint", "mypy")
    for hook in (*hooks, "import contracts", "migrations match the models"):
        assert re.search(rf"^{hook}\.+Passed$", hooks_said, re.MULTILINE), hook
    committed = shell("git ls-files", project, env).stdout.splitlines()
    assert f"{package}/products/migrations/0002_rename_title_product_name.py" in (
        committed
    )
    assert all(f"{package}/products/{path}" in committed for path in renamed)

    # An owner, the shop's first product and order, and the account pages' addresses.
    shell(
        f".venv/bin/python manage.py createsuperuser --noinput --username {OWNER}"
        f" --email {OWNER_EMAIL}",
        project,
        env | {"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    made = shell_json(shop(package), project, env)
    urls = shell_json(ACCOUNT_URLS, project, env)

    # Try production locally, the README's way, with its mail going to a local server.
    (trial,) = commands(blocks["Try production locally"][0])
    assert trial.startswith("make prod-local")
    with MailServer() as mail:
        trial_env = env | {"MAIL_PORT": str(mail.port)}
        with Server(trial, project, trial_env, tmp_path / "prod.log") as site:
            # A forgotten password: the worker beside gunicorn mails the link.
            token = site.form_token(urls["reset"])
            status, _, _ = site.request(
                urls["reset"], {"csrfmiddlewaretoken": token, "email": OWNER_EMAIL}
            )
            assert status == 302
            messages = mail.wait_for(1)
            assert any(OWNER_EMAIL in message["To"] for message in messages)

            # New apps are private: signed out, a visitor is sent to log in.
            status, headers, _ = site.get("/products/")
            assert status == 302
            assert headers["Location"].startswith(urls["login"])
            # The owner's first sign-in mails the link that confirms the address
            # (the README's Accounts); once it is followed, the sign-in works.
            before = len(mail.messages)
            assert log_in(site, urls["login"]) != "/products/"
            confirmation = mail.wait_for(before + 1)[before]
            assert confirmation["To"] == OWNER_EMAIL
            link = re.search(
                r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body(confirmation)
            )[1]
            token = site.form_token(link)
            assert site.request(link, {"csrfmiddlewaretoken": token})[0] == 302
            assert log_in(site, urls["login"]) == "/products/", "no sign-in"

            pages = {
                "en": ("", "Back to the list"),
                "pt-br": ("/pt-br", "Voltar à lista"),
            }
            for language, (prefix, back) in pages.items():
                for path, shown in (
                    ("/products/", PRODUCT),
                    (f"/products/{made['product']}/", PRODUCT),
                    ("/orders/", AN_ORDER),
                    (f"/orders/{made['order']}/", PRODUCT),
                ):
                    status, _, page = site.get(prefix + path)
                    assert status == 200, (prefix + path, page)
                    assert f'<html lang="{language}">' in page
                    assert shown in page, prefix + path
                    if path.count("/") == 3:  # a detail page, with its way back
                        assert back in page, prefix + path
