"""Faults: an export killed mid-way, an output folder that cannot be written, a full disk, a brand
whose files are missing. Each ends in complete files only and, where a user sees it, one clear
message and exit code 1 (130 for Ctrl-C), never a traceback."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from donorkit.errors import BrandError
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection
from donorkit.resources import styles_dir
from textutil import project_page


def make_library(folder: Path, count: int, paragraphs: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = "\n\n".join(f"Paragraph {n} of project {i}. " * 8 for n in range(paragraphs))
        page = project_page(f"Kenya—Fault project {i}", body)
        (folder / f"p{i:02d}.md").write_text(page, encoding="utf-8")
    return folder


def assert_complete(folder: Path) -> list[Path]:
    """Every PDF and DOCX in *folder* opens and has content; returns them."""
    import docx
    from pypdf import PdfReader

    found = sorted([*folder.glob("*.pdf"), *folder.glob("*.docx")])
    for path in found:
        if path.suffix == ".pdf":
            reader = PdfReader(path, strict=True)
            assert len(reader.pages) >= 1 and "Fault project" in reader.pages[0].extract_text()
        else:
            assert any("Fault project" in p.text for p in docx.Document(str(path)).paragraphs)
    return found


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "donorkit", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


# -- killed exports --------------------------------------------------------------------------------

#: Runs the real CLI with one change: the PDF writer of document N+1 writes half its bytes to the
#: temporary file, flushes them to disk, says so through the marker file, and stalls, so the
#: signal is certain to land mid-write.
STALLING_CLI = textwrap.dedent("""
    import io, os, sys, time
    from pathlib import Path

    import donorkit.writers as writers

    marker, complete = Path(sys.argv[1]), int(sys.argv[2])
    suffix, real = writers.WRITERS["pdf"]
    calls = []

    def stalling(doc, dest, **kw):
        calls.append(doc.name)
        if len(calls) <= complete:
            return real(doc, dest, **kw)
        buffer = io.BytesIO()
        real(doc, buffer, **kw)
        data = buffer.getvalue()
        dest.write(data[: len(data) // 2])
        dest.flush()
        os.fsync(dest.fileno())
        marker.write_text(doc.name)
        time.sleep(300)
        dest.write(data[len(data) // 2:])

    writers.WRITERS["pdf"] = (suffix, stalling)
    sys.argv = ["donorkit", *sys.argv[3:]]
    from donorkit.cli import main

    main()
""")


def start_stalling_export(tmp_path: Path, complete: int) -> tuple[subprocess.Popen, Path, Path]:
    lib = make_library(tmp_path / "lib", 8)
    script = tmp_path / "stalling_cli.py"
    script.write_text(STALLING_CLI, encoding="utf-8")
    marker = tmp_path / "stalled"
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker), str(complete), "export", "case-study",
         "--library", str(lib), "--out", str(out), "-f", "pdf", "-f", "docx"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the export never stalled: {proc.communicate()}")
        time.sleep(0.05)
    return proc, marker, out / "case-study"


def test_sigkill_mid_write_leaves_only_complete_documents(tmp_path):
    proc, marker, out = start_stalling_export(tmp_path, complete=3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    stalled = marker.read_text()
    # Three documents were finished in both formats; the fourth was killed inside its PDF.
    assert len(assert_complete(out)) == 6
    assert not (out / f"{stalled}.pdf").exists()
    # SIGKILL gives no chance to clean up: the half-written temporary file may stay, hidden,
    # and holds the partial bytes; no target name ever does.
    parts = list(out.glob(".*.part"))
    assert [p.name.startswith(f".{stalled}.pdf.") for p in parts] == [True]
    assert 0 < parts[0].stat().st_size


def test_sigint_mid_write_cleans_up_and_exits_130(tmp_path):
    proc, marker, out = start_stalling_export(tmp_path, complete=2)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, stderr = proc.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 130, stderr
    assert len(assert_complete(out)) == 4
    assert not (out / f"{marker.read_text()}.pdf").exists()
    assert list(out.glob("*.part")) + list(out.glob(".*.part")) == []


def test_sigkill_at_a_random_moment_of_a_real_export(tmp_path):
    """No instrumentation: the real CLI over many documents, killed once a few are written."""
    lib = make_library(tmp_path / "lib", 30, paragraphs=12)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "donorkit", "export", "case-study", "--library", str(lib),
         "--out", str(out), "-f", "pdf", "-f", "docx"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    folder = out / "case-study"
    deadline = time.monotonic() + 120
    while len(list(folder.glob("*.docx"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the export finished before it could be killed"
    complete = assert_complete(folder)
    assert 6 <= len(complete) < 60
    assert len(list(folder.glob(".*.part"))) <= 1


# -- output that cannot be written -----------------------------------------------------------------


def test_output_folder_that_cannot_be_created(tmp_path):
    # Root may write anywhere chmod forbids; no one can make a folder under a regular file.
    lib = make_library(tmp_path / "lib", 2)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    out = blocker / "out"
    result = run_cli("export", "case-study", "--library", str(lib), "--out", str(out),
                     cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    # refused once, before any document is built, rather than once per document
    assert f"output folder {out} cannot be created: {blocker} is a file" in result.stderr
    assert "documents written" not in result.stderr
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_output_path_taken_by_a_folder(tmp_path):
    lib = make_library(tmp_path / "lib", 1)
    out = tmp_path / "out"
    (out / "case-study" / "p00.pdf").mkdir(parents=True)  # the target name is a folder
    result = run_cli("export", "case-study", "--library", str(lib), "--out", str(out),
                     "-f", "pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"cannot write {out / 'case-study' / 'p00.pdf'}" in result.stderr
    assert [p.name for p in (out / "case-study").iterdir()] == ["p00.pdf"]


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills while a document is written: the first write of more than a few bytes into
    an output temporary file fails with ENOSPC, as the kernel reports it."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle) -> None:
            self._handle = handle

        def write(self, data) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self._handle.close()

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        target = os.readlink(f"/proc/self/fd/{fd}")
        return Full(handle) if target.endswith(".part") else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
# python-docx leaves its ZipFile to the garbage collector when a write fails, which then tries to
# finish the archive on the closed handle: noise from the failure path, not a second failure.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_full_disk_during_write(fmt, tmp_path, full_disk):
    lib = make_library(tmp_path / "lib", 2)
    out = tmp_path / "out"
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=(fmt,), out=out))
    for result in results:
        target = out / "case-study" / f"{result.name}.{fmt}"
        assert result.error == f"cannot write {target}: No space left on device"
        assert result.files == []
    assert list((out / "case-study").iterdir()) == []


def test_full_disk_at_fsync_keeps_the_previous_document(tmp_path, monkeypatch):
    """A document that exists stays intact when its replacement cannot be written."""
    lib = make_library(tmp_path / "lib", 1)
    out = tmp_path / "out"
    options = ExportOptions(formats=("pdf", "docx"), out=out)
    first = export("case-study", library=lib, selection=Selection(), options=options)
    before = {p: p.read_bytes() for p in first[0].files}

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)
    changed = project_page("Kenya—Fault project 0", "A changed body.")
    (lib / "p00.md").write_text(changed, encoding="utf-8")
    again = export("case-study", library=lib, selection=Selection(), options=options)
    assert again[0].error == f"cannot write {out / 'case-study' / 'p00.pdf'}: " \
                             "No space left on device"
    assert {p: p.read_bytes() for p in first[0].files} == before
    assert sorted(p.name for p in (out / "case-study").iterdir()) == ["p00.docx", "p00.pdf"]


def test_error_inside_a_writer_names_the_file_it_could_not_read(tmp_path, monkeypatch):
    """An OSError raised while a writer reads something (not the output) must not be blamed on
    the output folder."""
    from donorkit import writers

    suffix, _ = writers.WRITERS["html"]

    def reading(doc, dest, **kw) -> None:
        dest.write(b"<p>partial")
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/fonts/missing.ttf")

    monkeypatch.setitem(writers.WRITERS, "html", (suffix, reading))
    lib = make_library(tmp_path / "lib", 1)
    out = tmp_path / "out"
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=("html",), out=out))
    assert results[0].error == (f"cannot write {out / 'case-study' / 'p00.html'}: "
                                "/fonts/missing.ttf: No such file or directory")
    assert list((out / "case-study").iterdir()) == []


def test_written_documents_honour_the_umask(tmp_path):
    lib = make_library(tmp_path / "lib", 1)
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=("html",), out=tmp_path / "out"))
    mask = os.umask(0)
    os.umask(mask)
    assert results[0].files[0].stat().st_mode & 0o777 == 0o666 & ~mask


# -- missing brand files ---------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["logo.png", "fonts/OpenSans-Bold.ttf"])
def test_missing_brand_file_fails_before_rendering(missing, tmp_path):
    brand = tmp_path / "brand"
    shutil.copytree(styles_dir() / "default", brand)
    (brand / missing).unlink()
    lib = make_library(tmp_path / "lib", 2)
    out = tmp_path / "out"
    result = run_cli("export", "case-study", "--library", str(lib), "--out", str(out),
                     "--brand", str(brand), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert Path(missing).name in result.stderr
    assert str(brand) in result.stderr
    assert not out.exists(), "something was written before the brand was checked"
    with pytest.raises(BrandError, match=Path(missing).name):
        export("case-study", library=lib, selection=Selection(),
               options=ExportOptions(out=out, brand=brand))
