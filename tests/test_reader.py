"""Stage 1 (reader): bytes on disk -> front matter with key lines, body, or diagnostics."""

from __future__ import annotations

import builtins
import codecs
import io
import time
from datetime import date
from pathlib import Path

import pytest

from donorkit.diagnostics import Diagnostics
from donorkit.library import reader
from donorkit.library.reader import RawRecord, read_record

SIMPLE = (
    "---\n"  # 1
    "title: Kenya—Reader Test\n"  # 2
    "summary: One line.\n"  # 3
    "client: World Bank\n"  # 4
    "country: Kenya\n"  # 5
    "---\n"  # 6
    "\n"  # 7
    "Body starts here.\n"  # 8
)


def _record(path: Path) -> RawRecord:
    result = read_record(path)
    assert isinstance(result, RawRecord), [str(d) for d in result]
    return result


def _errors(path: Path) -> Diagnostics:
    result = read_record(path)
    assert isinstance(result, Diagnostics), f"{path.name} was read without error"
    assert result.errors, "expected at least one error"
    return result


def _write(tmp_path: Path, data: bytes | str, name: str = "page.md") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# -- line numbers ----------------------------------------------------------------------------------


def test_key_lines_of_top_level_nested_and_list_items(library_fixtures):
    record = _record(library_fixtures / "pages" / "line-numbers.md")
    lines = record.key_lines
    assert lines["title"] == 2
    assert lines["summary"] == 3
    assert lines["client"] == 6
    assert lines["client.0"] == 7
    assert lines["client.1"] == 8
    assert lines["value"] == 9
    assert lines["value.amount"] == 10
    assert lines["value.currency"] == 11
    assert lines["highlights.0"] == 13
    assert lines["highlights.0.label"] == 14
    assert lines["highlights.1.value"] == 15
    assert lines["country"] == 17
    assert record.line_of("country") == 17
    assert record.line_of("nonexistent") is None


def test_body_line_is_the_file_line_of_the_first_body_character(library_fixtures):
    path = library_fixtures / "pages" / "line-numbers.md"
    record = _record(path)
    file_lines = path.read_text(encoding="utf-8").split("\n")
    # body[0] is the newline that ends the blank line after the closing '---'.
    assert record.body.startswith("\nFirst body line.")
    assert record.body_line == 19
    assert file_lines[record.body_line - 1] == ""
    assert file_lines[record.body_line] == "First body line."


def test_meta_values_are_loaded(library_fixtures):
    record = _record(library_fixtures / "pages" / "line-numbers.md")
    assert record.meta["summary"] == "A folded summary over two lines."
    assert record.meta["client"] == ["World Bank", "European Union"]
    assert record.meta["value"] == {"amount": 4500000, "currency": "EUR"}
    assert record.diagnostics == []


# -- encodings and line endings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(SIMPLE.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + SIMPLE.encode("utf-8"), id="utf-8-bom"),
        pytest.param(SIMPLE.encode("utf-16"), id="utf-16-bom"),  # Python writes the BOM
        pytest.param(codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(SIMPLE.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(SIMPLE.replace("\n", "\r").encode("utf-8"), id="cr"),
    ],
)
def test_accepted_encodings_and_line_endings_read_the_same(tmp_path, data):
    record = _record(_write(tmp_path, data))
    assert record.meta == {
        "title": "Kenya—Reader Test", "summary": "One line.", "client": "World Bank",
        "country": "Kenya",
    }
    assert record.key_lines["title"] == 2
    assert record.key_lines["country"] == 5
    assert record.body_line == 7
    assert "\r" not in record.body
    assert record.body.strip() == "Body starts here."
    assert "\ufeff" not in record.meta["title"]


def test_latin1_file_is_an_error_naming_the_line_of_the_first_bad_byte(tmp_path):
    text = "---\ntitle: Peru - Test\nsummary: Cusco\nclient: Café Cooperative\ncountry: Perú\n---\n"
    diags = _errors(_write(tmp_path, text.encode("latin-1")))
    (error,) = diags.errors
    assert error.line == 4  # 'é' of Café, before 'ú' on line 5
    assert "UTF-8" in error.message
    assert "0xe9" in error.message
    assert str(error).startswith(f"{tmp_path / 'page.md'}:4: error:")


def test_binary_file_is_an_error(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    diags = _errors(_write(tmp_path, data))
    assert "binary" in diags.errors[0].message


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n"], ids=["empty", "whitespace"])
def test_empty_file_is_an_error(tmp_path, data):
    diags = _errors(_write(tmp_path, data))
    assert diags.errors[0].message == "file is empty"


def test_page_without_front_matter_is_an_error(tmp_path):
    diags = _errors(_write(tmp_path, "# Just Markdown\n\nNo front matter here.\n"))
    assert "no front matter" in diags.errors[0].message
    assert diags.errors[0].line == 1


def test_unclosed_front_matter_is_an_error(tmp_path):
    diags = _errors(_write(tmp_path, "---\ntitle: Never closed\nsummary: x\n\nBody text.\n"))
    assert "not closed" in diags.errors[0].message


def test_malformed_yaml_names_the_line_of_the_problem(tmp_path):
    text = (
        "---\n"  # 1
        "title: Malformed\n"  # 2
        "summary: fine\n"  # 3
        "client: World Bank\n"  # 4
        "  country: Kenya\n"  # 5  indented key under a scalar
        "start: 2010\n"  # 6
        "---\n"
        "Body.\n"
    )
    diags = _errors(_write(tmp_path, text))
    (error,) = diags.errors
    assert error.line == 5
    assert error.message.startswith("malformed front matter:")


def test_unclosed_flow_list_is_reported_at_a_line_inside_the_front_matter(library_fixtures):
    diags = _errors(library_fixtures / "broken" / "beta-broken-page.md")
    assert diags.errors[0].message.startswith("malformed front matter")
    assert diags.errors[0].line in (3, 4)  # the open '[' on line 3; PyYAML notices on line 4


def test_python_object_tag_is_an_error_and_is_not_executed(tmp_path):
    marker = tmp_path / "executed"
    text = (
        "---\n"
        "title: Tagged\n"
        f"summary: !!python/object/apply:os.system ['touch {marker}']\n"
        "---\n"
        "Body.\n"
    )
    diags = _errors(_write(tmp_path, text))
    assert not marker.exists()
    assert diags.errors[0].line == 3
    assert "not allowed" in diags.errors[0].message


def test_python_name_tag_is_not_resolved(tmp_path):
    text = "---\ntitle: !!python/name:os.system\n---\nBody.\n"
    diags = _errors(_write(tmp_path, text))
    assert diags.errors[0].line == 2


def test_alias_bomb_fails_fast(tmp_path):
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "---\ntitle: Billion laughs\n" + "\n".join(levels) + "\n---\nBody.\n"
    path = _write(tmp_path, text)
    started = time.perf_counter()
    diags = _errors(path)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert "expands to more than" in diags.errors[0].message


@pytest.mark.parametrize("depth", [60, 500, 5000])
def test_deeply_nested_front_matter_is_an_error_not_a_crash(tmp_path, depth):
    text = "---\ntitle: Deep\nvalue: " + "[" * depth + "]" * depth + "\n---\nBody.\n"
    diags = _errors(_write(tmp_path, text))
    assert diags.errors[0].line == 3
    assert "nest" in diags.errors[0].message


def test_fifty_levels_are_allowed(tmp_path):
    text = "---\ntitle: Deep\nvalue: " + "[" * 49 + "]" * 49 + "\n---\nBody.\n"
    record = _record(_write(tmp_path, text))
    assert record.meta["title"] == "Deep"


@pytest.mark.parametrize("value", ["&a [one, *a]", "&a {key: *a}"])
def test_recursive_alias_is_an_error_not_a_crash(tmp_path, value):
    diags = _errors(_write(tmp_path, f"---\ntitle: Loop\nvalue: {value}\n---\nBody.\n"))
    assert diags.errors[0].line == 3
    assert "refers to itself" in diags.errors[0].message


def test_merge_keys_are_read_and_explicit_keys_keep_their_lines(tmp_path):
    text = (
        "---\n"  # 1
        "title: Merge\n"  # 2
        "base: &base\n"  # 3
        "  currency: EUR\n"  # 4
        "  amount: 5\n"  # 5
        "value:\n"  # 6
        "  <<: *base\n"  # 7
        "  amount: 7\n"  # 8
        "---\nBody.\n"
    )
    record = _record(_write(tmp_path, text))
    assert record.meta["value"] == {"currency": "EUR", "amount": 7}
    assert record.key_lines["value.amount"] == 8
    assert record.key_lines["value.currency"] == 4


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("12", 12), ("1.5", 1.5), ("yes", True), ("~", None), ("'12'", "12"), ("0x1F", 31),
        ("2020-05-19", date(2020, 5, 19)), ("[1, two, null]", [1, "two", None]),
        ("!!set {a}", {"a"}), ("!!str 12", "12"), ("'2016-01-21'", "2016-01-21"),
    ],
)
def test_scalar_types_are_pyyaml_safe_types(tmp_path, yaml_value, expected):
    record = _record(_write(tmp_path, f"---\ntitle: Types\nvalue: {yaml_value}\n---\nBody.\n"))
    assert record.meta["value"] == expected
    assert type(record.meta["value"]) is type(expected)


def test_collection_as_a_key_is_an_error(tmp_path):
    diags = _errors(_write(tmp_path, "---\ntitle: T\n? [a, b]\n: c\n---\nBody.\n"))
    assert "unhashable" in diags.errors[0].message


def test_moderate_aliases_are_fine(tmp_path):
    text = "---\ntitle: Aliases\nbase: &b [Governance]\nsolutions: *b\n---\nBody.\n"
    record = _record(_write(tmp_path, text))
    assert record.meta["solutions"] == ["Governance"]


class _NoRead:
    """A file handle whose contents must not be read."""

    def __init__(self, fh) -> None:
        self._fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._fh.close()

    def read(self, *args):
        raise AssertionError("an oversized file must not be read")

    def __getattr__(self, name):
        return getattr(self._fh, name)


def test_oversized_file_is_rejected_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.md"
    with path.open("wb") as fh:
        fh.write(b"---\ntitle: Huge\n---\n")
        fh.write(b"x" * (reader.MAX_FILE_BYTES + 1024))
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        fh = real_open(file, *args, **kwargs)
        return _NoRead(fh) if str(file) == str(path) else fh

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)  # pathlib opens through io.open
    started = time.perf_counter()
    diags = _errors(path)
    assert time.perf_counter() - started < 0.5
    assert diags.errors[0].message == ("file is 65 KB; project pages are limited to 64 KB "
                                       "(split a longer page)")


def test_file_just_under_the_limit_is_read(tmp_path):
    body = "word " * ((reader.MAX_FILE_BYTES - 1024) // 5)
    record = _record(_write(tmp_path, SIMPLE + body))
    assert record.meta["title"] == "Kenya—Reader Test"


def test_front_matter_that_is_a_list_is_an_error(tmp_path):
    text = "---\n- title: A list\n- summary: not a mapping\n---\nBody.\n"
    diags = _errors(_write(tmp_path, text))
    assert "must be a mapping" in diags.errors[0].message
    assert "list" in diags.errors[0].message


def test_front_matter_that_is_a_scalar_is_an_error(tmp_path):
    diags = _errors(_write(tmp_path, "---\njust a sentence\n---\nBody.\n"))
    assert "must be a mapping" in diags.errors[0].message


def test_unreadable_path_is_an_error(tmp_path):
    diags = _errors(tmp_path / "missing.md")
    assert "cannot read" in diags.errors[0].message


def test_body_may_contain_horizontal_rules(tmp_path):
    record = _record(_write(tmp_path, SIMPLE + "\n---\n\nAfter the rule.\n"))
    assert "After the rule." in record.body
    assert record.meta["country"] == "Kenya"


@pytest.mark.parametrize(
    ("value", "message"),
    [("9" * 5000, "cannot read '9999")],
    ids=["int-too-long"],
)
def test_values_pyyaml_cannot_build_are_errors_on_their_line(tmp_path, value, message):
    diags = _errors(_write(tmp_path, f"---\ntitle: T\nsummary: s\ndate: {value}\n---\nBody.\n"))
    (error,) = diags.errors
    assert error.line == 4
    assert error.message.startswith(message)


def test_an_impossible_date_is_kept_as_the_text_it_is(tmp_path):
    """PyYAML cannot build 2020-13-45; kept as text, the key's reader says it is not a date
    with the page's other problems (the normaliser warns; see test_errors_one_pass)."""
    record = _record(_write(tmp_path, "---\ntitle: T\nsummary: s\ndate: 2020-13-45\n"
                                      "start: 2019-02-30\n---\nBody.\n"))
    assert (record.meta["date"], record.meta["start"]) == ("2020-13-45", "2019-02-30")
    assert record.line_of("start") == 5
