"""Document type declarations are parsed once per process and again when their file changes."""

from __future__ import annotations

import os

from donorkit.rendering.templates import get_doctype

DECL = """\
name: note
label: {label}
per: project
template: note/document.html.j2
title: "{{{{ project.title }}}}"
filename: "{{{{ project.slug }}}}"
"""


def test_changed_declaration_is_read_again(tmp_path):
    decl = tmp_path / "note" / "doctype.yml"
    decl.parent.mkdir()
    decl.write_text(DECL.format(label="Note"), encoding="utf-8")
    first = get_doctype("note", [tmp_path])
    assert first.label == "Note"
    assert get_doctype("note", [tmp_path]) is first  # not parsed again
    decl.write_text(DECL.format(label="Briefing note"), encoding="utf-8")
    stat = decl.stat()
    os.utime(decl, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert get_doctype("note", [tmp_path]).label == "Briefing note"
    assert get_doctype("case-study").per == "project"
