"""Compiled templates are kept in the cache folder (rendering/templates.py): a later process
renders without compiling them again; a cache that cannot be written costs nothing but time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import jinja2

from donorkit.rendering.templates import _CompiledTemplates
from donorkit.resources import example_library

PROBE = textwrap.dedent("""\
    import sys, jinja2
    compiled = []
    real = jinja2.Environment._compile
    def counting(self, source, filename):
        compiled.append(filename)
        return real(self, source, filename)
    jinja2.Environment._compile = counting
    from donorkit.cli import app
    try:
        app(sys.argv[1:])
    except SystemExit:
        pass
    print("compiled:", sum(1 for f in compiled if f and f.endswith(".j2")), file=sys.stderr)
    """)


def _export(tmp_path, env):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "export", "case-study",
         "worldwide-digital-public-finance-learning-facility-dpflf", "-l", str(example_library()),
         "-f", "html", "-o", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, env=env)
    assert list((tmp_path / "out").rglob("*.html")), done.stderr
    return int(done.stderr.split("compiled:")[1].split()[0])


def test_a_later_process_does_not_compile_again(tmp_path):
    env = {**os.environ, "DONORKIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DONORKIT_NO_CACHE", None)
    assert _export(tmp_path, env) > 3
    assert list((tmp_path / "cache" / "templates").iterdir())
    assert _export(tmp_path, env) == 0
    assert _export(tmp_path, {**env, "DONORKIT_NO_CACHE": "1"}) > 3


def test_unwritable_cache_is_ignored(tmp_path):
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"}),
                             bytecode_cache=_CompiledTemplates(str(tmp_path / "missing")))
    assert env.get_template("t.html").render() == "2"
