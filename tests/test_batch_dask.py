"""Batch on Dask (donorkit[dask]): a local cluster of two worker processes runs the same jobs as the
built-in pool, with the same incremental manifest.json, failures and CLI."""

from __future__ import annotations

import json
import textwrap

import pytest

pytest.importorskip("distributed", reason="Dask is the optional extra donorkit[dask]; "
                    "scripts/install.sh installs it with the test extra")

from distributed import LocalCluster  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from donorkit.batching import batch  # noqa: E402
from donorkit.cli import app  # noqa: E402
from donorkit.errors import BatchError  # noqa: E402
from test_batch import interrupted_batch, page  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as running:
        yield running


@pytest.fixture
def manifest(tmp_path):
    lib = tmp_path / "projects"
    lib.mkdir()
    for slug, country in (("a", "Kenya"), ("b", "Ghana"), ("c", "Nepal"), ("d", "Peru")):
        page(lib, slug, country)
    path = tmp_path / "batch.yml"
    path.write_text(textwrap.dedent("""\
        defaults: {library: projects/, formats: "html,docx", out: out/}
        jobs:
          - doctype: case-study
          - doctype: case-study
            select: {slug: [a, no-such-slug]}
        """), encoding="utf-8")
    return path


def test_dask_cluster_builds_the_same_documents_incrementally(cluster, manifest):
    out = manifest.parent / "out"
    report = batch(manifest, scheduler=cluster.scheduler_address)
    assert sorted(r.key for r in report.built) == [f"case-study/{s}" for s in "abcd"]
    # the misspelt slug fails its own job, and only it
    (failed,) = report.failed
    assert failed.key == "jobs.1 (case-study)" and "no-such-slug" in failed.error
    assert f"{manifest}:4: jobs.1:" in failed.error
    workers = {r.worker for r in report.built}
    assert len(workers) == 2  # both worker processes took documents
    state = json.loads((out / "manifest.json").read_text())
    assert sorted(state["documents"]) == [f"case-study/{s}" for s in "abcd"]
    assert sorted(state["documents"]["case-study/a"]["outputs"]) == [
        "case-study/a.docx", "case-study/a.html"]
    assert "Project a" in (out / "case-study" / "a.html").read_text()

    again = batch(manifest, scheduler=cluster.scheduler_address)
    assert len(again.skipped) == 4 and not again.built
    page(manifest.parent / "projects", "b", "Ghana", body="Changed.")
    third = batch(manifest, scheduler=cluster.scheduler_address)
    assert [r.key for r in third.built] == ["case-study/b"]


def test_cli_scheduler_local(manifest):
    result = CliRunner().invoke(app, ["batch", str(manifest), "--scheduler", "local", "-j", "2"])
    assert result.exit_code == 1, result.output  # the misspelt slug's job failed
    assert "4 built, 0 unchanged, 1 failed" in result.output
    assert "no-such-slug" in result.output


def test_unreachable_scheduler_is_a_clear_error(manifest, monkeypatch):
    import donorkit.batching.cluster as cluster_module

    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(BatchError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        batch(manifest, scheduler="tcp://127.0.0.1:9")


def test_ctrl_c_on_a_local_cluster_stops_cleanly(tmp_path):
    """As with the built-in pool: exit 130, no traceback from any worker, complete files only,
    and a manifest.json that lists only documents that exist."""
    from pypdf import PdfReader

    returncode, output, out = interrupted_batch(tmp_path, 24, 2, "--scheduler", "local",
                                                "-j", "2", wait=180)
    assert returncode == 130, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert "(interrupted)" in output
    pdfs = list(out.glob("*.pdf"))
    assert 2 <= len(pdfs) < 24
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) >= 1
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    state = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert set(state["documents"]) <= {f"case-study/{p.stem}" for p in pdfs}
