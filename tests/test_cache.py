"""The library cache: hits, misses on any change, concurrent processes, --no-cache, cache clear."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from donorkit import cachestore
from donorkit.cli import app
from donorkit.library import load_library
from donorkit.library import normalise as normalise_module

AN_HOUR = 3600


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DONORKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("DONORKIT_NO_CACHE", raising=False)
    return folder


def write(lib: Path, slug: str, title: str, *, age: float = AN_HOUR, body: str = "Body.") -> Path:
    path = lib / f"{slug}.md"
    path.write_text(f"---\ntitle: Kenya—{title}\nsummary: About {slug}.\ncountry: Kenya\n"
                    f"posted: 2016\nstart: 2015\nend: 2019\n---\n\n{body}\n", encoding="utf-8")
    if age:
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def lib(tmp_path) -> Path:
    folder = tmp_path / "projects"
    folder.mkdir()
    for i in range(3):
        write(folder, f"p{i}", f"Project {i}", body=f"Overview {i}.\n\n## Results\n\n* one\n* two")
    return folder


@pytest.fixture
def normalised(monkeypatch) -> list[str]:
    """The pages normalise() was called for (a cache hit calls it for none)."""
    calls: list[str] = []
    real = normalise_module.normalise

    def counting(record, today=None):
        calls.append(record.path.name)
        return real(record, today)

    monkeypatch.setattr(normalise_module, "normalise", counting)
    return calls


def dump(library) -> list:
    return [(p.model_dump(exclude={"body"}), p.source, p._path) for p in library] + \
        [str(d) for d in library.diagnostics]


def test_warm_load_equals_a_fresh_one_and_reads_no_page(lib, cache_folder, normalised):
    cold = load_library(lib)
    assert len(normalised) == 3
    assert list((cache_folder / "pages").glob("*.pickle"))
    warm = load_library(lib)
    assert len(normalised) == 3  # nothing normalised again
    fresh = load_library(lib, cache=False)
    assert dump(warm) == dump(cold) == dump(fresh)
    assert any("stray key 'posted'" in str(d) for d in warm.diagnostics)


def test_a_changed_page_is_read_again(lib, cache_folder, normalised):
    load_library(lib)
    write(lib, "p1", "Changed title")
    library = load_library(lib)
    assert normalised.count("p1.md") == 2 and normalised.count("p0.md") == 1
    assert library.get("p1").title == "Kenya—Changed title"


def test_same_size_and_time_but_new_bytes_is_caught_by_the_hash(lib, cache_folder):
    """A page rewritten within the same clock tick (same size, same time) is not trusted by its
    time: its bytes are hashed."""
    path = write(lib, "p1", "Project A", age=0)
    load_library(lib)
    st = path.stat()
    write(lib, "p1", "Project B", age=0)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    assert load_library(lib).get("p1").title == "Kenya—Project B"


def test_touched_but_unchanged_page_is_a_hit(lib, cache_folder, normalised):
    load_library(lib)
    os.utime(lib / "p2.md")  # new time, same bytes
    assert load_library(lib).get("p2").title == "Kenya—Project 2"
    assert normalised.count("p2.md") == 1


def test_deleted_and_added_pages(lib, cache_folder):
    load_library(lib)
    (lib / "p0.md").unlink()
    write(lib, "p9", "New")
    assert sorted(p.slug for p in load_library(lib)) == ["p1", "p2", "p9"]


def test_relative_root_and_other_folder_relabel_diagnostics(lib, cache_folder, monkeypatch):
    load_library(lib)
    monkeypatch.chdir(lib.parent)
    library = load_library(Path("projects"))
    assert {p.source for p in library} == {"projects/p0.md", "projects/p1.md", "projects/p2.md"}
    assert all(d.file.startswith("projects/") for d in library.diagnostics)


def test_corrupt_cache_files_are_ignored_and_rewritten(lib, cache_folder):
    load_library(lib)
    library = load_library(lib)
    library.get("p0").body  # noqa: B018 - fills the body cache
    files = list(cache_folder.rglob("*.pickle"))
    assert len(files) == 2  # the pages of the library, one body
    for path in files:
        path.write_bytes(b"\x80\x05truncated")
    again = load_library(lib)
    assert again.get("p0").body.results.items == ["one", "two"]
    assert all(path.stat().st_size > 100 for path in files)


def test_bodies_come_from_the_cache(lib, cache_folder, monkeypatch):
    first = load_library(lib).get("p1").body
    import donorkit.library.body as body_module

    def fail(source, first_line=1):
        raise AssertionError("parsed again")

    monkeypatch.setattr(body_module, "parse_body", fail)
    assert load_library(lib).get("p1").body == first
    with pytest.raises(AssertionError, match="parsed again"):
        load_library(lib).get("p0").body  # noqa: B018 - never parsed: not cached


def test_no_cache_writes_nothing(lib, cache_folder, monkeypatch):
    monkeypatch.setenv("DONORKIT_NO_CACHE", "1")
    load_library(lib).get("p0").body  # noqa: B018
    monkeypatch.delenv("DONORKIT_NO_CACHE")
    load_library(lib, cache=False)
    assert not cache_folder.exists()


def test_cli_no_cache_and_cache_clear(lib, cache_folder, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(app, ["--no-cache", "projects", "list", "--json", "-l", str(lib)])
    assert result.exit_code == 0, result.output
    # --no-cache set it for the rest of the process (as for batch workers); not through
    # monkeypatch, which would restore it after the test
    assert os.environ.pop("DONORKIT_NO_CACHE") == "1"
    assert not cache_folder.exists()
    result = runner.invoke(app, ["projects", "list", "--no-cache", "-l", str(lib)])
    assert result.exit_code == 0, result.output
    assert os.environ.pop("DONORKIT_NO_CACHE") == "1"
    assert not cache_folder.exists()
    assert runner.invoke(app, ["projects", "list", "-l", str(lib)]).exit_code == 0
    info = runner.invoke(app, ["cache", "info"])
    assert f"{cache_folder}: 1 files" in info.stdout
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 1 cached file" in cleared.stdout
    assert not list(cache_folder.rglob("*.pickle"))


def test_status_follows_the_day_without_reading_pages_again(lib, cache_folder, normalised):
    from datetime import date

    assert load_library(lib, today=date(2019, 6, 1)).get("p0").status == "ongoing"
    assert load_library(lib, today=date(2024, 6, 1)).get("p0").status == "completed"
    assert load_library(lib, today=date(2019, 6, 1)).get("p0").status == "ongoing"
    assert len(normalised) == 3  # each page normalised once, whatever the day


CONCURRENT = textwrap.dedent("""\
    import os, sys, time
    from pathlib import Path
    from donorkit.library import load_library
    lib, me = Path(sys.argv[1]), sys.argv[2]
    for i in range(25):
        page = lib / f"{me}.md"
        temp = lib / f".{me}.tmp"  # renamed into place: the other process never sees half a page
        temp.write_text(f"---\\ntitle: Kenya—{me} {i}\\ncountry: Kenya\\n---\\nBody {i}.\\n")
        os.replace(temp, page)
        library = load_library(lib)
        assert library.get(me).title == f"Kenya—{me} {i}", library.get(me).title
        assert len(library) == 5, len(library)
        assert not library.diagnostics.errors, library.diagnostics.errors
        library.get("p0").body
    """)


def test_two_processes_share_the_cache_without_corrupting_it(lib, cache_folder, tmp_path):
    """Two processes load and rewrite the same library's cache at once, each changing its own
    page every time: every load is right, and the cache left behind reads back."""
    script = tmp_path / "race.py"
    script.write_text(CONCURRENT)
    for name in ("alpha", "beta"):
        write(lib, name, name)
    env = {**os.environ, "DONORKIT_CACHE_DIR": str(cache_folder)}
    procs = [subprocess.Popen([sys.executable, str(script), str(lib), name], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("alpha", "beta")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert not list(cache_folder.rglob("*.part"))  # no temp file left behind
    (stored,) = (cache_folder / "pages").glob("*.pickle")
    assert isinstance(cachestore.load(stored), dict)
    assert sorted(p.slug for p in load_library(lib)) == ["alpha", "beta", "p0", "p1", "p2"]


BRAND_PROBE = """\
import sys
from donorkit.brand import load_brand
brand = load_brand(sys.argv[1])
print(brand.colors.primary, "brand_yml" in sys.modules, "fontTools" in sys.modules)
"""


def test_brand_comes_from_the_cache_until_a_file_changes(tmp_path, cache_folder):
    """A validated brand is kept: the next process neither imports brand_yml nor reads the fonts,
    and any change to the brand folder validates it afresh."""
    import shutil

    from donorkit.resources import styles_dir

    brand = tmp_path / "acme"
    shutil.copytree(styles_dir() / "default", brand)
    probe = tmp_path / "probe.py"
    probe.write_text(BRAND_PROBE)
    env = {**os.environ, "DONORKIT_CACHE_DIR": str(cache_folder)}

    def run() -> list[str]:
        done = subprocess.run([sys.executable, str(probe), str(brand)], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    first = run()
    assert first[1:] == ["True", "True"]  # validated: brand_yml and fontTools were needed
    assert run() == [first[0], "False", "False"]  # from the cache
    text = (brand / "_brand.yml").read_text()
    colour = first[0]
    assert colour in text.upper()
    index = text.upper().index(colour)
    (brand / "_brand.yml").write_text(text[:index] + "#123456" + text[index + 7:])
    assert run() == ["#123456", "True", "True"]


def test_same_body_at_another_line_is_parsed_for_that_line(tmp_path, cache_folder):
    """Problems found in a body name file lines, so one body text at two places in two pages is
    two cache entries."""
    from donorkit.library.cache import BodyCache

    seen: list[int] = []

    def parse(source, first_line=1):
        seen.append(first_line)
        return f"parsed at {first_line}"

    bodies = BodyCache()
    assert bodies.get("Same body.", 5, parse) == "parsed at 5"
    assert bodies.get("Same body.", 9, parse) == "parsed at 9"
    assert bodies.get("Same body.", 5, parse) == "parsed at 5"
    assert seen == [5, 9]
