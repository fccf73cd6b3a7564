"""Translations: every marked text is translated, no text is left unmarked, and an
English-only bake carries nothing of the Portuguese."""

import ast
import json
import re
import shutil
import sys

import pytest
from conftest import TEMPLATE_DIR, run
from servers import require_binary

pytestmark = pytest.mark.slow

# The template also holds a variant of a catalogue for bakes without the blog.
PO_FILES = "**/locale/pt_BR/LC_MESSAGES/django*.po"
# One message: its id, its plural id if any, then its translation(s). A string may be
# split over several quoted lines.
ENTRY = re.compile(
    r'^msgid ((?:".*"\n)+)(?:msgid_plural ((?:".*"\n)+))?'
    r'((?:msgstr(?:\[\d\])? (?:".*"(?:\n|$))+)+)',
    re.MULTILINE,
)
TRANSLATION = re.compile(r'^msgstr(?:\[\d\])? ((?:".*"(?:\n|$))+)', re.MULTILINE)


def joined(quoted_lines):
    """The text of a .po string split over quoted lines."""
    return "".join(ast.literal_eval(line) for line in quoted_lines.splitlines())


def messages(po_file):
    """{msgid (a plural's as "singular|plural"): [translations]}, header left out."""
    found = {}
    for singular, plural, translations in ENTRY.findall(po_file.read_text("utf-8")):
        msgid = joined(singular) + (f"|{joined(plural)}" if plural else "")
        found[msgid] = [joined(each) for each in TRANSLATION.findall(translations)]
    found.pop("", None)
    return found


def message_ids(po_file):
    return set(messages(po_file))


def po_files(project):
    found = sorted(project.glob(PO_FILES))
    assert found, f"no .po file in {project}"
    return found


def test_every_message_is_translated_and_none_is_fuzzy(bake):
    msgfmt = require_binary("msgfmt")
    shipped = [
        *po_files(TEMPLATE_DIR / "{{cookiecutter.project_slug}}"),
        *po_files(bake("portuguese")),
    ]
    for po_file in shipped:
        result = run(
            [msgfmt, "--check", "--statistics", "-o", "/dev/null", po_file],
            cwd=po_file.parent,
        )
        # msgfmt reports on stderr: "N translated messages[, M fuzzy...]." An app
        # made from the app template has its three names in English, marked fuzzy
        # for the user to translate.
        fuzzy = ", 3 fuzzy translations" if made_by_startapp(po_file) else ""
        assert re.fullmatch(rf"\d+ translated messages?{fuzzy}\.\n", result.stderr), (
            f"{po_file}: {result.stderr}"
        )


def made_by_startapp(po_file):
    return "startapp copied the app's and the model's names" in po_file.read_text(
        "utf-8"
    )


@pytest.mark.parametrize("with_blog", [True, False], ids=["blog", "no_blog"])
def test_make_messages_on_a_fresh_bake_changes_no_catalogue(
    with_blog, bake, cookies, tmp_path
):
    """Text marked in the project must be translated in the template, and each
    catalogue shipped as `make messages` writes it: on a fresh bake, with the blog or
    without, the command adds no message id and rewrites no byte of any .po file."""
    require_binary("msgfmt")
    if with_blog:
        baked = bake("portuguese")
    else:
        result = cookies.bake(
            extra_context={"languages": "en,pt-br", "include_blog": False},
            template=str(TEMPLATE_DIR),
        )
        assert result.exit_code == 0, result.exception
        baked = result.project_path
    project = shutil.copytree(baked, tmp_path / "project")
    before = {path: path.read_bytes() for path in po_files(project)}

    run(["make", "messages", f"VENV={sys.prefix}"], cwd=project)

    after = {path: path.read_bytes() for path in po_files(project)}
    assert after.keys() == before.keys()
    new = {
        str(path.relative_to(project)): sorted(message_ids(path) - ids_in(before[path]))
        for path in after
    }
    assert {path: ids for path, ids in new.items() if ids} == {}, (
        "marked but not translated; translate them in the template"
    )
    rewritten = [
        str(path.relative_to(project)) for path in after if after[path] != before[path]
    ]
    assert rewritten == [], "write the template's catalogues as `make messages` does"


def ids_in(po_text):
    """The message ids of a catalogue's bytes."""
    return {
        joined(singular) + (f"|{joined(plural)}" if plural else "")
        for singular, plural, _ in ENTRY.findall(po_text.decode("utf-8"))
    } - {""}


SHOWN = """
import json, sys
from django.utils import translation
translation.activate("pt-br")
print(json.dumps({text: translation.gettext(text) for text in json.load(sys.stdin)}))
"""


def test_the_translations_shipped_are_the_ones_the_pages_show(bake):
    """Django merges the apps' catalogues, and an app listed earlier (the admin's
    "Log in" is "Acessar") wins over a later one: no shipped msgstr may be shadowed."""
    project = bake("portuguese")
    translated = {
        msgid: translations[0]
        for path in po_files(project)
        for msgid, translations in messages(path).items()
        if "|" not in msgid
    }

    result = run(
        [sys.executable, "manage.py", "shell", "-c", SHOWN],
        cwd=project,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test"},
        input=json.dumps(list(translated)),
    )
    shown = json.loads(result.stdout.splitlines()[-1])

    assert {
        msgid: (ours, shown[msgid])
        for msgid, ours in translated.items()
        if shown[msgid] != ours
    } == {}


def test_an_app_made_at_bake_time_has_its_own_translations(bake):
    po_file = bake("portuguese") / "my_site" / "notes" / "locale"
    po_file = po_file / "pt_BR" / "LC_MESSAGES" / "django.po"

    assert "Notes" in message_ids(po_file)
    assert "$" not in po_file.read_text("utf-8")
    # Its names are copied in English, and marked so that a translator finds them.
    assert '#, fuzzy\nmsgid "Notes"\nmsgstr "Notes"' in po_file.read_text("utf-8")


# Template text left once tags, variables, comments and translated blocks are gone.
IGNORED = re.compile(
    r"\{% comment %\}.*?\{% endcomment %\}"
    r"|\{% blocktranslate\b.*?\{% endblocktranslate %\}"
    r"|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<code>.*?</code>",
    re.DOTALL,
)
TAG = re.compile(r"<[^>]*>")
# Attributes that people read (or hear): their values must be marked too.
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')


def unmarked_text(template):
    """Words in a template that no translate or blocktranslate tag covers."""
    text = IGNORED.sub(" ", template)
    found = [value for value in READ_ATTRIBUTES.findall(text) if value.strip()]
    found += [
        words.strip()
        for words in TAG.sub("\n", text).splitlines()
        if re.search(r"[A-Za-z]", words)
    ]
    return found


def test_no_template_text_is_left_unmarked(bake):
    project = bake("portuguese")
    unmarked = {
        str(path.relative_to(project)): found
        for path in sorted(project.rglob("templates/**/*.html"))
        if (found := unmarked_text(path.read_text("utf-8")))
    }

    assert unmarked == {}, "wrap these in {% translate %} or {% blocktranslate %}"


def test_the_unmarked_text_check_finds_plain_words():
    template = (
        '{% load i18n %}<h1>{% translate "Fine" %}</h1>\n<p>Forgotten words</p>'
        '<nav aria-label="Pages"></nav>{{ post.title }}'
    )

    assert unmarked_text(template) == ["Pages", "Forgotten words"]


def portuguese_words():
    """Every translation the template ships that is not also English (not "Blog")."""
    return {
        translation
        for po_file in po_files(TEMPLATE_DIR / "{{cookiecutter.project_slug}}")
        for msgid, translations in messages(po_file).items()
        for translation in translations
        if translation not in msgid and len(translation) > 4
    }


def test_an_english_only_bake_has_no_portuguese_anywhere(cookies):
    # A bake of its own: other tests add files (static, databases) to the shared one.
    result = cookies.bake(template=str(TEMPLATE_DIR))
    assert result.exit_code == 0, result.exception
    project = result.project_path
    texts = {
        path: path.read_text("utf-8")
        for path in project.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    portuguese = portuguese_words()

    assert list(project.rglob("locale")) == []
    settings = (project / "config" / "settings" / "base.py").read_text("utf-8")
    assert "LocaleMiddleware" not in settings
    assert portuguese  # the check below compares with something
    for path, text in texts.items():
        # Tests may send a browser's Accept-Language: pt-BR, which the site ignores.
        if "tests" not in path.parts:
            assert not re.search(r"pt[-_]br|hreflang", text, re.I), path
        assert not [words for words in portuguese if words in text], path


def test_the_deploy_docs_compile_the_projects_catalogues_only(bake, tmp_path):
    """On a server the virtualenv sits in the project's folder, with catalogues of its
    own (Django's): the documented compilemessages leaves them alone."""
    require_binary("msgfmt")
    baked = bake("portuguese")
    project = shutil.copytree(baked, tmp_path / baked.name)
    installed = project / ".venv" / "lib" / "site-packages" / "somepackage" / "locale"
    shutil.copytree(project / baked.name / "core" / "locale", installed)
    for compiled in project.rglob("*.mo"):
        compiled.unlink()  # each catalogue compiled anew would say so
    readme = (project / "README.md").read_text("utf-8")
    documented = {
        tuple(line.partition("#")[0].split()[1:])
        for line in readme.splitlines()
        if line.startswith(".venv/bin/python manage.py compilemessages")
    }
    assert len(documented) == 1, documented

    result = run([sys.executable, *documented.pop()], cwd=project)

    processed = [
        line for line in result.stdout.splitlines() if "processing file" in line
    ]
    assert processed
    assert [line for line in processed if ".venv" in line] == []
