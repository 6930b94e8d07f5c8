"""What a command imports when it starts: --help needs neither the library stage nor rendering;
a warm `projects list` never reads YAML; WeasyPrint is imported without a subprocess per library.
(Times are measured in benchmarks/startup.py, not here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from donorkit.resources import example_library

PROBE = textwrap.dedent("""\
    import json, sys
    from donorkit.cli import app
    try:
        app(sys.argv[1:])
    except SystemExit:
        pass
    print(json.dumps(sorted(m for m in sys.modules)), file=sys.stderr)
    """)


def modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          timeout=120, env=env)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_no_stage():
    loaded = modules_after("--help")
    assert "typer" in loaded
    for heavy in ("donorkit.library", "pydantic", "jinja2", "weasyprint", "docx", "yaml"):
        assert heavy not in loaded, heavy


def test_warm_projects_list_reads_no_yaml(tmp_path):
    library = str(example_library())
    env = {**os.environ, "DONORKIT_CACHE_DIR": str(tmp_path / "cache")}
    cold = modules_after("projects", "list", "-l", library, env=env)  # fills the cache
    assert "donorkit.library.normalise" in cold
    loaded = modules_after("projects", "list", "-l", library, env=env)
    assert "donorkit.library.library" in loaded
    for skipped in ("donorkit.library.normalise", "donorkit.library.reader", "frontmatter",
                    "jinja2", "weasyprint", "brand_yml"):
        assert skipped not in loaded, skipped


#: Counts the subprocesses the rest of a probe starts (in `started`).
COUNTING = textwrap.dedent("""\
    import subprocess, sys
    started = []
    real = subprocess.Popen.__init__
    def counting(self, *args, **kwargs):
        started.append(args[0] if args else kwargs.get("args"))
        real(self, *args, **kwargs)
    subprocess.Popen.__init__ = counting
    """)
WEASY = COUNTING + textwrap.dedent("""\
    from donorkit.rendering import weasy
    weasy.load()
    from weasyprint.text import ffi
    print(len(started), ffi.pango is not None, ffi.fontconfig is not None)
    """)


def test_weasyprint_loads_without_searching_for_libraries():
    done = subprocess.run([sys.executable, "-c", WEASY], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True", "True"]


EXPORT = COUNTING + textwrap.dedent("""\
    from donorkit.cli import app
    try:
        app(sys.argv[1:])
    except SystemExit:
        pass
    print("subprocesses:", len(started), started, file=sys.stderr)
    """)


def test_pdf_export_runs_no_subprocess(tmp_path):
    """The export path (not only `weasy.load`) must import WeasyPrint without the search."""
    slug = "worldwide-digital-public-finance-learning-facility-dpflf"
    env = {**os.environ, "DONORKIT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", EXPORT, "export", "case-study", slug, "-f", "pdf",
                           "-l", str(example_library()), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert list((tmp_path / "out").rglob("*.pdf")), done.stderr
    assert "subprocesses: 0 []" in done.stderr, done.stderr


def test_batch_fork_server_preload_runs_no_subprocess():
    probe = WEASY.replace("from donorkit.rendering import weasy\nweasy.load()\n",
                          "import donorkit.batching.preload\n")
    assert probe != WEASY
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True", "True"]
    from donorkit.batching.executors import PRELOAD

    assert PRELOAD == ["donorkit.batching.preload"]
