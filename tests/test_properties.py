"""Property tests (Hypothesis): whatever a page holds, loading it raises nothing but donorkit's own
errors (a bad page becomes diagnostics), and rendering keeps every visible word of its body.

Runs are derandomised (the same examples every run, no example database), so a failure here is
reproducible rather than a lucky draw; the examples are few and small to keep the module well
under a minute.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.library.normalise import KEY_ALIASES, KNOWN_KEYS
from textutil import docx_text, squash

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2024, 6, 1)

GOOD_FRONT = {"title": "Kenya—Property page", "summary": "A generated page.", "start": 2015,
              "end": 2018, "client": "Test Donor", "country": "Kenya"}


def write_page(folder: Path, front: str, body: str = "Body text.\n", name: str = "page.md"
               ) -> Path:
    page = folder / name
    page.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return page


#: A page that always loads, beside the generated one: whatever the generated page holds, it may
#: not stop the library (no exception, not even a DonorkitError, and the good page still loads).
GOOD_PAGE = "0-good-neighbour.md"


def load_checked(folder: Path, page: Path):
    """Load *folder*; the page must come out as a project or as an error naming its file, and
    its good neighbour must load whatever happens to it."""
    write_page(folder, yaml.safe_dump(GOOD_FRONT, allow_unicode=True), name=GOOD_PAGE)
    library = load_library(folder, today=TODAY)
    loaded = {Path(p.source).name: p for p in library.projects}
    assert GOOD_PAGE in loaded, library.diagnostics  # one bad page never stops the others
    errors = [d for d in library.diagnostics if d.severity == "error"]
    assert (page.name in loaded) != bool(errors), (list(loaded), errors)
    for d in library.diagnostics:
        assert Path(d.file).name == page.name and d.message
    for project in library.projects:
        project.body  # noqa: B018 - the body is parsed lazily; parsing must not raise either
    return library


# -- front matter ----------------------------------------------------------------------------------

_TEXT = st.text(max_size=30)
#: Shapes real pages use for values, including the wrong ones: years as text, money as text,
#: comma-joined lists, ongoing words.
_SHAPED = st.sampled_from(["2015", "2015-06", "present", "ongoing", "$12 million", "USD 3.5m",
                           "Kenya, Nepal", "Regional", "", " ", "~", "yes", "no", "1e3", "-",
                           "Foreign, Commonwealth & Development Office", "12,500,000"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**15), 10**15),
                     st.floats(allow_nan=True, allow_infinity=True), _TEXT, _SHAPED,
                     st.dates(), st.datetimes())
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.one_of(_TEXT, st.sampled_from(["title", "link", "value", "label",
                                                        "amount", "currency", "name"])),
                      children, max_size=4),
    max_leaves=12)
#: Every donorkit key (and the misspellings it accepts) present or not, each with any value, and a
#: few keys of no meaning: the loader sees every field take every shape.
_FRONT = st.tuples(
    st.fixed_dictionaries({}, optional={key: _VALUES
                                        for key in sorted(KNOWN_KEYS | set(KEY_ALIASES))}),
    st.dictionaries(st.text(min_size=1, max_size=12), _VALUES, max_size=3),
).map(lambda parts: {**parts[1], **parts[0]})


@SETTINGS
@given(overrides=_FRONT)
@example(overrides={"promos": [{"title": None, "link": ["x"]}]})
@example(overrides={"start": float("nan"), "end": 10**30, "value": {"amount": float("inf")}})
def test_front_matter_never_crashes_the_loader(overrides):
    front = yaml.safe_dump({**GOOD_FRONT, **overrides}, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        load_checked(folder, write_page(folder, front))


#: Characters that matter to YAML, so random text reaches the parser's corners (flow
#: collections, anchors, tags, block scalars, quoting, comments, directives).
_YAML_TEXT = st.text(alphabet=st.sampled_from(list(":-?[]{},&*!|>'\"#%@` \n\tab01.~=<")),
                     max_size=120)


@SETTINGS
@given(raw=_YAML_TEXT)
@example(raw="a: &a [*a]\n")
@example(raw="!!python/object/apply:os.system [true]\n")
@example(raw="? [a, b]\n: c\n")
@example(raw="%YAML 1.1\n---\na: 1\n")
def test_raw_yaml_never_crashes_the_loader(raw):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        load_checked(folder, write_page(folder, raw + "\n"))


# -- bodies ----------------------------------------------------------------------------------------

#: Words of letters and digits from every script: nothing Markdown could read as syntax.
_WORD = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")),
                min_size=1, max_size=10)


@st.composite
def _inline(draw) -> tuple[str, list[str]]:
    words = draw(st.lists(_WORD, min_size=1, max_size=3))
    text = " ".join(words)
    form = draw(st.sampled_from(["plain", "em", "strong", "link", "code", "html"]))
    markup = {
        "plain": text,
        "em": f"*{text}*",
        "strong": f"**{text}**",
        "link": f"[{text}](https://example.org/{draw(st.integers(0, 99))})",
        "code": f"`{text}`",
        "html": f"<strong>{text}</strong>",
    }[form]
    return markup, words


@st.composite
def _block(draw) -> tuple[str, list[str]]:
    kind = draw(st.sampled_from(["para", "para", "heading", "ul", "ol", "nested", "quote"]))
    if kind == "heading":
        markup, words = draw(_inline())
        return "#" * draw(st.integers(1, 4)) + " " + markup, words
    if kind in ("ul", "ol", "nested"):
        items = draw(st.lists(_inline(), min_size=1, max_size=4))
        lines, words = [], []
        for n, (markup, item_words) in enumerate(items):
            bullet = f"{n + 1}." if kind == "ol" else "-"
            indent = "  " if kind == "nested" and n % 2 else ""
            lines.append(f"{indent}{bullet} {markup}")
            words += item_words
        return "\n".join(lines), words
    parts = draw(st.lists(_inline(), min_size=1, max_size=5))
    markup = " ".join(p for p, _ in parts)
    words = [w for _, ws in parts for w in ws]
    return ("> " + markup if kind == "quote" else markup), words


_BODY = st.lists(_block(), min_size=1, max_size=6)


def export_one(body: str, fmt: str, folder: Path) -> Path:
    lib = folder / "lib"
    lib.mkdir()
    front = yaml.safe_dump(GOOD_FRONT, allow_unicode=True, sort_keys=False)
    write_page(lib, front, body + "\n")
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=(fmt,), out=folder / "out", today=TODAY))
    assert [r.error for r in results] == [None]
    return results[0].files[0]


def _missing(words: list[str], text: str) -> list[str]:
    squashed = squash(text)
    return [w for w in words if squash(w) not in squashed]


@SETTINGS
@given(blocks=_BODY)
@example(blocks=[("Overview words", ["Overview", "words"]),
                 ("## Sample Activities", ["Sample", "Activities"]),
                 ("- first\n- second", ["first", "second"])])
def test_rendered_html_keeps_every_word(blocks):
    body = "\n\n".join(markup for markup, _ in blocks)
    words = [w for _, ws in blocks for w in ws]
    with tempfile.TemporaryDirectory() as tmp:
        html = export_one(body, "html", Path(tmp))
        root = lxml_html.document_fromstring(html.read_text(encoding="utf-8"))
        text = root.find("body").text_content()
    assert _missing(words, text) == []


@settings(SETTINGS, max_examples=8)
@given(blocks=_BODY)
def test_rendered_docx_keeps_every_word(blocks):
    body = "\n\n".join(markup for markup, _ in blocks)
    words = [w for _, ws in blocks for w in ws]
    with tempfile.TemporaryDirectory() as tmp:
        text = docx_text(export_one(body, "docx", Path(tmp)))
    assert _missing(words, text) == []
