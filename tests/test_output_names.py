"""Output names never collide (issue 17, defect 2): pages whose documents would share a file are an
error at load time, and an export never writes the same path twice in one run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library

TODAY = date(2024, 6, 1)


def page(folder: Path, name: str, slug: str, client: str = "Donor") -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: Kenya—{name}\nslug: {slug}\nsummary: s\nclient: {client}\n"
                    "country: Kenya\n---\n\nBody of " + name + ".\n", encoding="utf-8")
    return path


def test_slugs_that_make_the_same_file_name_are_errors_naming_both_files(tmp_path: Path):
    page(tmp_path, "one.md", "a b")
    page(tmp_path, "two.md", "a/b")
    page(tmp_path, "three.md", "a-b")
    page(tmp_path, "four.md", "A-B")  # one file on Windows and macOS
    library = load_library(tmp_path, today=TODAY)
    assert [p.source for p in library.projects] == [str(tmp_path / "four.md")]  # sorted first
    errors = sorted(str(d) for d in library.diagnostics.errors)
    assert len(errors) == 3
    for error, name, slug in zip(errors, ["one.md", "three.md", "two.md"], ["a b", "a-b", "a/b"],
                                 strict=True):
        assert error.startswith(f"{tmp_path / name}:3: error: slug: slug {slug!r} gives the same "
                                "file name")
        assert f"of {tmp_path / 'four.md'}" in error and "overwrite each other" in error


def test_distinct_file_names_load(tmp_path: Path):
    page(tmp_path, "one.md", "a-b")
    page(tmp_path, "two.md", "a-b-2")
    assert len(load_library(tmp_path, today=TODAY)) == 2


def test_an_export_never_writes_one_path_twice(tmp_path: Path):
    lib = tmp_path / "lib"
    lib.mkdir()
    page(lib, "one.md", "first", client="Same Donor")
    page(lib, "two.md", "second", client="Same Donor")
    # A team's template names files by client: two projects, one file name.
    (tmp_path / "tpl" / "case-study").mkdir(parents=True)
    (tmp_path / "tpl" / "case-study" / "doctype.yml").write_text(
        "name: case-study\nper: project\ntemplate: case-study/document.html.j2\n"
        'title: "{{ project.title }}"\nfilename: "{{ project.clients[0] }}"\n', encoding="utf-8")
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=("html",), out=tmp_path / "out",
                                           templates=(tmp_path / "tpl",), today=TODAY))
    assert [r.ok for r in results] == [True, False]
    assert results[1].error == ("Same-Donor: the file name of project 'first' in this run; "
                                "'second' not written (make the file names differ)")
    [written] = (tmp_path / "out" / "case-study").iterdir()
    assert written.name == "Same-Donor.html"
    assert "Body of one.md." in written.read_text(encoding="utf-8")
