"""Languages: tag resolution, Babel formats, translated countries, the glossary, translated page
content (front matter and sibling pages), `check --language`, and the catalogs themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from donorkit.checking import check_library
from donorkit.cli import app
from donorkit.errors import SpecError
from donorkit.i18n import resolve_language
from donorkit.i18n.catalogs import LOCALE_DIR, catalog
from donorkit.i18n.content import Localiser
from donorkit.i18n.countries import country_name
from donorkit.i18n.formatting import longdate, money, number, percent
from donorkit.i18n.glossary import load_glossary
from donorkit.i18n.locales import LanguageError
from donorkit.library import load_library
from donorkit.library.model import Money
from donorkit.spec import Spec

NBSP = "\u00a0"


# -- tags ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "normal", "code", "babel_id"), [
    ("fr", "fr", "fr", "fr"), ("fr-CA", "fr-CA", "fr", "fr_CA"), ("pt_br", "pt-BR", "pt", "pt_BR"),
    ("es-419", "es-419", "es", "es_419"), ("en", "en", "en", "en_GB"), (None, "en", "en", "en_GB"),
    ("en-US", "en-US", "en", "en_US"),
])
def test_bcp47_tags_resolve(tag, normal, code, babel_id):
    lang = resolve_language(tag)
    assert (lang.tag, lang.code, lang.babel_id) == (normal, code, babel_id)


@pytest.mark.parametrize("tag", ["de", "ar", "xx", "fr-QQQ", "klingon"])
def test_unknown_language_lists_available(tag):
    with pytest.raises(LanguageError) as info:
        resolve_language(tag)
    assert repr(tag) in str(info.value)
    assert "available: en, fr, es, pt" in str(info.value)


def test_spec_language_is_checked_with_its_line(tmp_path):
    path = tmp_path / "bid.yml"
    path.write_text("title: Offre\nlanguage: de\n", encoding="utf-8")
    from donorkit.spec import load_spec

    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert f"{path}:2" in str(info.value) and "available: en, fr, es, pt" in str(info.value)
    assert Spec(language="pt_br").language == "pt-BR"


# -- formats (CLDR) ------------------------------------------------------------------------------

def test_numbers_money_percent_dates_follow_the_locale():
    fr, es, pt, en = (resolve_language(t) for t in ("fr", "es", "pt-BR", "en"))
    assert number(fr, 12345) == f"12{NBSP}345"  # U+202F made U+00A0: every font has it
    assert number(es, 12345) == "12.345" and number(en, 12345) == "12,345"
    assert percent(fr, 0.62) == f"62{NBSP}%" and percent(en, 0.625, 1) == "62.5%"
    assert percent(pt, 0.5) == "50%"
    assert money(fr, Money(amount=9_800_000, currency="USD")) == f"9,8{NBSP}millions{NBSP}USD"
    assert money(es, Money(amount=24_000_000, currency="EUR")) == f"24{NBSP}millones{NBSP}EUR"
    assert money(pt, Money(amount=9_800_000, currency="USD")) == f"USD{NBSP}9,8{NBSP}milhões"
    assert money(en, Money(amount=9_800_000, currency="USD")) == "USD 9.8 million"
    assert money(fr, Money(amount=980_000, currency="EUR")) == f"980{NBSP}000{NBSP}EUR"
    day = dt.date(2026, 12, 2)
    assert longdate(fr, day) == "2 décembre 2026"
    assert longdate(es, day) == "2 de diciembre de 2026"
    assert longdate(pt, day) == "2 de dezembro de 2026"
    assert longdate(en, day) == "2 December 2026"


# -- countries (pycountry's ISO 3166 translations) ------------------------------------------------

@pytest.mark.parametrize(("iso", "fr", "es", "pt"), [
    ("EG", "Égypte", "Egipto", "Egito"),
    ("KR", "Corée du Sud", "Corea del Sur", "Coreia do Sul"),
    ("BO", "Bolivie", "Estado plurinacional de Bolivia", "Bolívia"),  # read in order, not "X, Y"
])
def test_country_names_are_translated(iso, fr, es, pt):
    assert [country_name(iso, c, "?") for c in ("fr", "es", "pt")] == [fr, es, pt]
    assert country_name(iso, "en", "As written") == "As written"


# -- glossary ------------------------------------------------------------------------------------

def test_glossary_adds_and_overrides_terms(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("fr:\n  Public Financial Management: Gestion des finances publiques\n"
                    "  World Bank: Groupe de la Banque mondiale\n"
                    "fr-CA:\n  Health: Santé publique\n", encoding="utf-8")
    glossary = load_glossary(path)
    fr = Localiser.create("fr", glossary)
    assert fr.term("Public Financial Management") == "Gestion des finances publiques"
    assert fr.term("World Bank") == "Groupe de la Banque mondiale"  # the library's wording wins
    assert fr.term("Health") == "Santé"  # the catalog's
    assert Localiser.create("fr-CA", glossary).term("Health") == "Santé publique"
    assert fr.term("Unknown Practice") == "Unknown Practice"


def test_glossary_problems_are_reported_together_with_lines(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("de:\n  Health: Gesundheit\nfr:\n  Health: [a, list]\nes: just text\n",
                    encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_glossary(path)
    problems = info.value.problems if hasattr(info.value, "problems") else str(info.value)
    text = str(problems)
    assert f"{path}:1" in text and f"{path}:4" in text and f"{path}:5" in text


# -- translated page content ---------------------------------------------------------------

PAGE = """title: Kenya—County Health Financing Support
summary: Helped counties budget for health.
start: 2013
end: 2018
client: World Bank
country: Kenya, Egypt
regions: Africa
solutions: [Health, Public Financial Management]
beneficiaries: 12000
"""


@pytest.fixture
def translated_library(write_page, tmp_path):
    write_page(PAGE + "translations:\n  fr:\n    title: Kenya—Appui au financement de la santé\n"
               "    summary: A aidé les comtés à budgétiser la santé.\n",
               body="\nEnglish overview.\n\n## Results\n\n* Budgets doubled.\n", name="chfs.md")
    write_page("title: Kenia—Apoyo al financiamiento de la salud\nsummary: Ayudó a los condados.\n",
               body="\nPanorama en español.\n\n## Resultados\n\n* Presupuestos duplicados.\n",
               name="chfs.es.md")
    write_page(PAGE.replace("Kenya—County Health", "Nepal—Other"), name="other.md")
    write_page("title: Orphan\n", name="gone.fr.md")
    return load_library(tmp_path)


def test_sibling_pages_are_not_projects(translated_library):
    assert sorted(p.slug for p in translated_library) == ["chfs", "other"]
    chfs = translated_library.get("chfs")
    assert chfs.translated_languages == ["es", "fr"]
    orphan = [d for d in translated_library.diagnostics if d.file.endswith("gone.fr.md")]
    assert orphan and "without its original" in orphan[0].message


def test_front_matter_translation_is_used_and_the_body_fallback_warned(translated_library):
    warnings: list[str] = []
    chfs = Localiser.create("fr").project(translated_library.get("chfs"), warnings.append)
    assert chfs.title == "Kenya—Appui au financement de la santé"
    assert (chfs.place, chfs.name) == ("Kenya", "Appui au financement de la santé")
    assert chfs.summary == "A aidé les comtés à budgétiser la santé."
    assert chfs.country_names == ["Kenya", "Égypte"]
    assert chfs.clients == ["Banque mondiale"] and chfs.regions == ["Afrique"]
    assert chfs.solutions == ["Santé", "Public Financial Management"]  # unknown: as written
    assert chfs.beneficiaries == f"12{NBSP}000"
    assert chfs.body.overview.title == "Présentation"  # the generated title
    assert len(warnings) == 1 and "chfs.md" in warnings[0] and "no body (chfs.fr.md)" in warnings[0]


def test_sibling_page_body_is_used(translated_library):
    warnings: list[str] = []
    chfs = Localiser.create("es-MX").project(translated_library.get("chfs"), warnings.append)
    assert warnings == []
    assert chfs.title.startswith("Kenia—")
    assert "Panorama en español." in chfs.body.sections[0].html
    assert chfs.body.results.title == "Resultados"
    original = translated_library.get("chfs")
    assert "English overview." in original.body.sections[0].html  # the library is untouched


def test_missing_translation_is_warned_naming_the_page(translated_library):
    warnings: list[str] = []
    other = Localiser.create("pt").project(translated_library.get("other"), warnings.append)
    assert other.title == translated_library.get("other").title
    assert len(warnings) == 1 and "other.md" in warnings[0]
    assert "no Portuguese translation" in warnings[0] and "other.pt.md" in warnings[0]


def test_english_documents_take_pages_as_written(translated_library):
    warnings: list[str] = []
    page = translated_library.get("other")
    assert Localiser.create("en").project(page, warnings.append) is page and warnings == []


def test_words_the_parser_writes_are_translated(write_page, tmp_path):
    write_page(PAGE, body='\nIntro.\n\n<iframe src="https://player.vimeo.com/video/1"></iframe>\n'
               '\n## More\n\n<iframe src="https://example.org/v"></iframe>\n'
               '\n<iframe title="Riego &amp; agua <b>" src="https://youtu.be/x"></iframe>\n',
               name="v.md")
    page = load_library(tmp_path).get("v")
    html = "".join(s.html for s in Localiser.create("es").project(page, print).body.sections)
    assert ">Vídeo en Vimeo</a>" in html and ">Vídeo</a>" in html
    # the page's own title, escaped once, inside the translated words
    assert ">Vídeo: Riego &amp; agua &lt;b&gt;</a>" in html
    assert "Video on" not in html
    assert "Video on Vimeo" in page.body.sections[0].html  # the page is untouched


def test_malformed_front_matter_translations_are_warned(write_page, tmp_path):
    write_page(PAGE + "translations:\n  nonsense-tag-xx: {title: X}\n  fr: {title: T, client: Y}\n",
               name="p.md")
    lib = load_library(tmp_path)
    messages = [str(d) for d in lib.diagnostics]
    assert any(":12:" in m and "not a language tag" in m for m in messages)
    assert any("translations.fr.client" in m and "cannot be translated" in m for m in messages)
    assert lib.get("p").translated_languages == ["fr"]


def test_check_language_lists_untranslated_pages(translated_library, tmp_path):
    report = check_library(translated_library, language="fr")
    # chfs translates its title and summary but not its body: listed, as the export warns
    assert report.untranslated == [translated_library.get(s).source for s in ("chfs", "other")]
    assert any("no translation into fr" in d.message for d in report.warnings)
    assert check_library(translated_library, language="es").untranslated == \
        [translated_library.get("other").source]
    result = CliRunner().invoke(app, ["check", "--library", str(tmp_path), "--language", "pt"])
    assert "2 pages without a complete pt translation" in result.stderr
    result = CliRunner().invoke(app, ["check", "--library", str(tmp_path), "--language", "de"])
    assert result.exit_code == 1 and "available: en, fr, es, pt" in result.stderr


# -- catalogs --------------------------------------------------------------------------------------

def test_compiled_catalogs_match_their_po_files():
    """The committed .mo files are what the .po files say (run scripts/catalogs.sh)."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    for lang in ("fr", "es", "pt", "pt_BR"):
        folder = LOCALE_DIR / lang / "LC_MESSAGES"
        with open(folder / "donorkit.po", "rb") as po, open(folder / "donorkit.mo", "rb") as mo:
            source, compiled = read_po(po), read_mo(mo)
        expected = {m.id if isinstance(m.id, str) else m.id[0]: tuple(m.string) for m in source
                    if m.id and m.string and (isinstance(m.string, str) or all(m.string))
                    and "fuzzy" not in m.flags}
        found = {m.id if isinstance(m.id, str) else m.id[0]: tuple(m.string) for m in compiled
                 if m.id}
        assert found == expected, f"{lang}: the .mo is stale; run scripts/catalogs.sh"


def test_a_regional_catalog_says_only_what_differs():
    brazil, portugal = Localiser.create("pt-BR"), Localiser.create("pt")
    assert (brazil.term("Governance"), portugal.term("Governance")) == ("Governança", "Governação")
    assert brazil.term("Health") == portugal.term("Health") == "Saúde"  # from pt's catalog
    plural = brazil.ngettext("%(count)d project of %(organisation)s",
                             "%(count)d projects of %(organisation)s", 3)
    assert plural.startswith("%(count)d projetos")
    assert country_name("KE", "pt_BR", "Kenya") == "Quênia"
    assert country_name("KE", "pt", "Kenya") == "Quénia"
    assert Localiser.create("fr-CA").term("Governance") == "Gouvernance"  # no fr_CA catalog


def test_catalogs_translate_plurals_in_every_form():
    for lang, word in (("fr", "projets"), ("es", "proyectos"), ("pt", "projetos")):
        for n in (2, 5, 1_000_000):
            text = catalog(lang).ngettext("%(count)d project of %(organisation)s",
                                          "%(count)d projects of %(organisation)s", n)
            assert word in text



# -- every template label goes through the catalogs ---------------------------------------------

def _template_sources() -> list[Path]:
    from donorkit.resources import templates_dir

    return sorted(templates_dir().rglob("*.j2"))


def _untranslated_literals(source: str) -> list[tuple[int, str]]:
    """Text a template writes that does not go through gettext: words in the HTML outside
    {% trans %} blocks, and string literals in expressions that are not _() arguments and do not
    look like identifiers (section names, CSS classes) or template paths."""
    import re

    import jinja2

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    found: list[tuple[int, str]] = []
    in_trans = False
    previous: list[tuple[str, str]] = []
    # The HTML with every Jinja construct replaced by a blank, so tags cut by an expression
    # (<h2 id="{{ x }}">) are still whole tags; (offset, line) says where each data token began.
    skeleton: list[str] = []
    starts: list[tuple[int, int]] = []
    size = 0
    tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    for index, (lineno, kind, value) in enumerate(tokens):
        following = tokens[index + 1][2] if index + 1 < len(tokens) else ""
        if kind == "name" and value == "trans" and previous and previous[-1][0] == "block_begin":
            in_trans = True
        elif kind == "name" and value == "endtrans":
            in_trans = False
        elif kind == "data":
            text = " " * len(value) if in_trans else value
            starts.append((size, lineno))
            skeleton.append(text)
            size += len(text)
        elif kind == "string":
            text = value[1:-1]
            after = previous[-1][1] if previous else ""
            if re.search(r"[^\W\d_]", text) and after not in ("include", "extends", "import"):
                in_gettext = (after == "(" and len(previous) > 1
                              and previous[-2][1] in ("_", "gettext", "ngettext")) or \
                    (after == "," and _inside_gettext(previous))
                # A lowercase word is an identifier ("cover" in sections), unless it is what an
                # expression prints: {{ "project" if n == 1 else "projects" }}.
                printed = after in ("variable_begin", "else") or following in ("if", "variable_end")
                if not in_gettext and (printed or not re.fullmatch(r"[a-z][a-z0-9_-]*", text)):
                    found.append((lineno, repr(text)))
        if kind in ("variable_begin", "block_begin", "comment_begin"):
            skeleton.append(" ")
            size += 1
        previous.append((kind, value))
    html = "".join(skeleton)
    html = re.sub(r"<[^>]*>|&[a-z]+;|&#\d+;", lambda m: re.sub(r"[^\n]", " ", m[0]), html)
    for match in re.finditer(r"[^\W\d_]{2,}(?: [^\W\d_]+)*", html):
        line = next(ln for start, ln in reversed(starts) if start <= match.start())
        line += html.count("\n", next(st for st, ln in reversed(starts) if st <= match.start()),
                           match.start())
        found.append((line, match[0]))
    return sorted(found)


def _inside_gettext(tokens: list[tuple[str, str]]) -> bool:
    depth = 0
    for i in range(len(tokens) - 1, 0, -1):
        kind, value = tokens[i]
        if value == ")":
            depth += 1
        elif value == "(":
            if depth == 0:
                return tokens[i - 1][1] in ("_", "gettext", "ngettext")
            depth -= 1
    return False


def test_no_template_writes_a_label_outside_the_catalogs():
    problems = []
    for path in _template_sources():
        for line, text in _untranslated_literals(path.read_text(encoding="utf-8")):
            problems.append(f"{path.parent.name}/{path.name}:{line}: {text}")
    assert problems == [], "wrap these labels in _() or {% trans %}:\n" + "\n".join(problems)


def test_scanner_finds_an_unwrapped_label():
    source = ('<dt>Client</dt>{{ _("Country") }}{% trans %}Page{% endtrans %}\n'
              '<h2 id="{{ a }}">{{ "Clients" if x else "client" }}</h2>'
              '{% if "cover" in sections %}{% include "_base/x.j2" %}{% endif %}'
              '{{ ngettext("one", "%(num)d more", 2) }}')
    assert _untranslated_literals(source) == [(1, "Client"), (2, "'Clients'"), (2, "'client'")]


def _extracted_labels() -> dict[str, set[str]]:
    """msgid -> the languages it must be translated into, for every message of the templates and
    doctype declarations (babel.cfg). A form's labels need only the languages its funder
    publishes the form in (``languages:`` in its doctype.yml)."""
    import yaml
    from babel.messages.extract import extract_from_dir

    from donorkit.resources import templates_dir

    root = templates_dir()
    method_map = [("**.j2", "jinja2"), ("*/doctype.yml", "donorkit.i18n.extract:extract_doctype")]
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    labels: dict[str, set[str]] = {}
    # Babel's walk skips folders named "_..." such as _base: it is walked on its own.
    found = [m for folder in (root, root / "_base") for m in extract_from_dir(
        str(folder), method_map, options_map=options,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)})]
    assert any(m[2] == "Page %(number)s of %(count)s" for m in found)  # _base/partials too
    for file, _line, message, _comments, _context in found:
        languages = {"fr", "es", "pt"}
        if file.endswith("doctype.yml"):
            form = (yaml.safe_load((root / file).read_text(encoding="utf-8")) or {}).get("form")
            if form and form.get("languages"):
                languages &= set(form["languages"])
        msgid = message if isinstance(message, str) else message[0]
        labels.setdefault(msgid, set()).update(languages)
    return labels


@pytest.mark.parametrize("lang", ["fr", "es", "pt"])
def test_every_template_label_has_a_translation(lang):
    """Fails when a label is added to a template (or a doctype.yml) without a translation:
    run scripts/catalogs.sh and translate the new entries."""
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "donorkit.po", "rb") as handle:
        po = read_po(handle)
    labels = _extracted_labels()
    assert len(labels) > 20
    missing = []
    for msgid in (m for m, languages in labels.items() if lang in languages):
        message = po.get(msgid) or next((m for m in po if isinstance(m.id, tuple)
                                         and m.id[0] == msgid), None)
        strings = [] if message is None else (
            [message.string] if isinstance(message.string, str) else list(message.string))
        if message is None or not all(strings) or "fuzzy" in message.flags:
            missing.append(msgid)
    assert missing == [], f"{lang}: no translation for {missing}"
