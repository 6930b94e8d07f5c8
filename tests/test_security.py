"""Security: no network request unless --allow-remote, and no file read outside the allowed folders.

Two witnesses that do not depend on donorkit's own account of what it did: a loopback HTTP server
that counts the requests it receives, and a ``sys.addaudithook`` hook that sees every file Python
opens and every socket it connects. (C libraries such as fontconfig open files without an audit
event; what they read is the system's font set, not a path a page can name.)

test_hostile_pages.py uses :class:`Loopback` and :func:`watch` from here as well.
"""

from __future__ import annotations

import contextlib
import io
import os
import site
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from donorkit.brand import load_brand
from donorkit.errors import AssetError
from donorkit.exporting import ExportOptions, export
from donorkit.library import Selection, load_library
from donorkit.rendering.assets import AssetPolicy, link_allowed
from donorkit.rendering.document import RenderedDocument
from donorkit.resources import styles_dir, templates_dir
from donorkit.writers import WRITERS
from textutil import docx_text, project_page


def png_bytes(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, "PNG")
    return out.getvalue()


# -- the loopback server ---------------------------------------------------------------------------


class Loopback:
    """An HTTP server on 127.0.0.1 (a free port) that records every request and answers each
    with a small PNG, so a fetch that did happen would also succeed and be embedded."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorded = self.requests
        body = png_bytes("blue")

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
                recorded.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_HEAD = do_GET  # noqa: N815 - a page may try any method

            def log_message(self, format, *args) -> None:  # noqa: A002 - keep test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def __enter__(self) -> Loopback:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    with Loopback() as server:
        yield server


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    # A proxy from the environment would receive the requests in the server's place.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


# -- the audit hook --------------------------------------------------------------------------------

_EVENTS = {"open", "os.listdir", "os.scandir", "socket.connect", "socket.getaddrinfo"}


@dataclass
class Accesses:
    """What Python opened, listed and connected to while a :func:`watch` block ran."""

    paths: list[tuple[str, Path]] = field(default_factory=list)  # (event, absolute path)
    connects: list[tuple[str, object]] = field(default_factory=list)

    def outside(self, roots: list[Path]) -> list[tuple[str, Path]]:
        resolved = [r.resolve() for r in roots]
        return [(event, path) for event, path in self.paths
                if not any(path.is_relative_to(root) for root in resolved)]

    def touched(self, path: Path) -> bool:
        path = path.resolve()
        return any(p == path or p.resolve() == path for _, p in self.paths)


_ACTIVE: list[Accesses] = []


def _audit(event: str, args: tuple) -> None:
    if not _ACTIVE or event not in _EVENTS:
        return
    if event.startswith("socket."):
        for accesses in _ACTIVE:
            accesses.connects.append((event, args[1] if len(args) > 1 else args))
        return
    target = args[0] if args else None
    if isinstance(target, int) or target is None:  # an already open descriptor
        return
    path = Path(os.path.abspath(os.fsdecode(target)))
    for accesses in _ACTIVE:
        accesses.paths.append((event, path))


# Audit hooks cannot be removed: install one for the session, and let it record only while a
# watch() block is active.
sys.addaudithook(_audit)


def _warm_up() -> None:
    """Do what the first export of a process does once, whatever it exports: WeasyPrint's import
    probes for its C libraries (ldconfig, /dev/null, a temporary file) and mimetypes reads the
    system's type map. These are not reads a page could cause or steer."""
    import mimetypes

    import weasyprint  # noqa: F401
    import weasyprint.text.ffi  # noqa: F401

    import donorkit.writers.docx  # noqa: F401

    mimetypes.init()


@contextlib.contextmanager
def watch() -> Iterator[Accesses]:
    _warm_up()
    accesses = Accesses()
    _ACTIVE.append(accesses)
    try:
        yield accesses
    finally:
        _ACTIVE.remove(accesses)


def system_roots() -> list[Path]:
    """Folders an export may read besides the library, the output folder and donorkit's own:
    Python itself, installed packages, shared data and font configuration, the private
    temporary folder in which WeasyPrint hands @font-face files to fontconfig, and donorkit's
    own cache folder (parsed pages, bodies and brands; docs/security.md)."""
    import donorkit
    from donorkit.cachestore import cache_dir

    roots = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             *map(Path, site.getsitepackages()), Path("/usr/share"), Path("/usr/lib"),
             Path("/etc/fonts"), Path(donorkit.__file__).parent, styles_dir(), templates_dir(),
             cache_dir()]
    roots += Path(tempfile.gettempdir()).glob("weasyprint-*")
    return roots


def assert_reads_inside(accesses: Accesses, *roots: Path) -> None:
    allowed = [*system_roots(), *roots]
    # WeasyPrint's font folder is created during the export, after system_roots() looked.
    outside = [(e, p) for e, p in accesses.outside(allowed)
               if not p.parent.name.startswith("weasyprint-")]
    assert outside == [], f"read outside the allowed folders: {outside}"


# -- network ---------------------------------------------------------------------------------------


def remote_body(server: Loopback) -> str:
    """Every way a page can name a remote resource."""
    return f"""Remote references text survives.

![markdown image]({server.url("markdown.png")})

<img src="{server.url("raw-img.png")}" alt="raw image">

<p style="background:url({server.url("style-attr.png")})">Styled paragraph.</p>

<style>body {{ background: url({server.url("style-element.png")}) }}</style>

<link rel="stylesheet" href="{server.url("link.css")}">

<iframe src="{server.url("frame.html")}"></iframe>

<object data="{server.url("object.bin")}"></object>

<svg><image href="{server.url("svg-image.png")}"/></svg>

<video src="{server.url("video.mp4")}" poster="{server.url("poster.png")}"></video>

<audio src="{server.url("audio.mp3")}"></audio>
"""


def test_no_request_without_allow_remote(tmp_path, loopback):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "remote.md").write_text(project_page("Remote", remote_body(loopback)),
                                   encoding="utf-8")
    with watch() as seen:
        results = export("case-study", library=lib, selection=Selection(),
                         options=ExportOptions(formats=("pdf", "docx", "html"),
                                               out=tmp_path / "out"))
    assert [r.error for r in results] == [None]
    assert loopback.requests == []
    assert seen.connects == []
    # The images were left out with a warning that says how to get them.
    assert any("--allow-remote" in w and "markdown.png" in w for w in results[0].warnings)
    assert "Remote references text survives." in docx_text(results[0].files[1])


def test_allow_remote_fetches_images_and_nothing_else(tmp_path, loopback):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "remote.md").write_text(project_page("Remote", remote_body(loopback)),
                                   encoding="utf-8")
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=("pdf", "docx"), out=tmp_path / "out",
                                           allow_remote=True))
    assert [r.error for r in results] == [None]
    fetched = set(loopback.requests)
    assert "/markdown.png" in fetched
    # Opting in to remote images does not let a page's raw HTML load anything: styles, frames,
    # objects and SVG were removed by the sanitiser before any writer saw them.
    assert fetched <= {"/markdown.png", "/raw-img.png"}, fetched
    # Both writers fetched it (the PDF through WeasyPrint, the DOCX through the policy) and
    # embedded it.
    assert loopback.requests.count("/markdown.png") >= 2
    import docx

    document = docx.Document(str(results[0].files[1]))
    assert document.inline_shapes, "the fetched image is not in the DOCX"
    from pypdf import PdfReader

    reader = PdfReader(results[0].files[0])
    assert any(page.images for page in reader.pages), "the fetched image is not in the PDF"


# -- files -----------------------------------------------------------------------------------------


@pytest.fixture
def fenced(tmp_path, monkeypatch):
    """A library with sentinels around it: a secret beside it, an SSH key in a fake home, an
    image outside it, and a symlink inside it that points out."""
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    key = home / ".ssh" / "id_rsa"
    key.write_text("SSH-SENTINEL", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-SENTINEL", encoding="utf-8")
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "inside.png").write_bytes(png_bytes("green"))
    (lib / "secret-link.png").symlink_to(secret)
    (lib / "outside-link.png").symlink_to(outside)
    body = f"""Text of the fenced page survives.

![allowed](inside.png)

![passwd](/etc/passwd) ![passwd url](file:///etc/passwd) <img src="file:///etc/shadow">

![home](~/.ssh/id_rsa) <img src="file://{key}"> ![home 2]({key})

![secret](../secret.txt) <img src="../secret.txt"> ![secret url](file://{secret})

![encoded](%2e%2e/secret.txt) ![doubly encoded](%252e%252e/secret.txt)

![outside](../outside.png) ![symlink to the secret](secret-link.png)
![symlink outside](outside-link.png)

<link rel="stylesheet" href="file://{secret}">
<style>@import url("file://{secret}"); p {{ background: url("../secret.txt") }}</style>
<object data="file://{secret}"></object>
<svg><image href="file://{secret}"/></svg>
"""
    (lib / "fenced.md").write_text(project_page("Fenced", body), encoding="utf-8")
    return lib, [secret, key, outside]


def test_no_file_outside_the_allowed_folders_is_read(fenced, tmp_path):
    lib, sentinels = fenced
    out = tmp_path / "out"
    with watch() as seen:
        library = load_library(lib)
        results = export("case-study", library=library, selection=Selection(),
                         options=ExportOptions(formats=("pdf", "docx", "html"), out=out))
    assert [r.error for r in results] == [None]
    for sentinel in sentinels:
        assert not seen.touched(sentinel), f"{sentinel} was opened"
    assert_reads_inside(seen, lib, out)
    # The page's own image was read, so the watch did see the reads that were allowed.
    assert seen.touched(lib / "inside.png")
    for path in results[0].files:
        data = path.read_bytes()
        assert b"SECRET-SENTINEL" not in data and b"SSH-SENTINEL" not in data
    warnings = "\n".join(results[0].warnings)
    assert "outside the allowed folders" in warnings


def _doc_with(html_body: str) -> RenderedDocument:
    html = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>'
            f"<body><section>{html_body}</section></body></html>")
    return RenderedDocument("case-study", "raw", "T", html, "case-study/document.html.j2")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_writers_enforce_the_policy_themselves(fmt, tmp_path, loopback):
    """The second line: HTML that reached a writer unsanitised (a template could emit it) still
    loads nothing outside the policy."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    lib = tmp_path / "lib"
    lib.mkdir()
    doc = _doc_with(f'<p>Writer text survives.</p><img src="{secret.as_uri()}" alt="s">'
                    f'<img src="{loopback.url("writer.png")}" alt="r">'
                    '<img src="file:///etc/passwd" alt="p">')
    warnings: list[str] = []
    policy = AssetPolicy(roots=[lib], warn=warnings.append)
    suffix, writer = WRITERS[fmt]
    with watch() as seen:
        with open(tmp_path / f"raw{suffix}", "wb") as handle:
            writer(doc, handle, brand=load_brand("default"), policy=policy)
    assert not seen.touched(secret)
    assert not seen.touched(Path("/etc/passwd"))
    assert loopback.requests == []
    assert seen.connects == []
    # Each refusal is reported, not silent.
    reported = "\n".join(warnings + doc.warnings)
    assert secret.name in reported and "writer.png" in reported


def test_weasyprint_fetcher_refuses_outside_and_remote(tmp_path, loopback):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "ok.png").write_bytes(png_bytes())
    fetcher = AssetPolicy(roots=[lib]).weasyprint_fetcher()
    assert fetcher.fetch((lib / "ok.png").as_uri()).read() == (lib / "ok.png").read_bytes()
    for url in ("file:///etc/passwd", (lib / ".." / "x.png").as_uri(), loopback.url("f.png"),
                "ftp://127.0.0.1/x", "gopher://127.0.0.1/"):
        with pytest.raises(AssetError):
            fetcher.fetch(url)
    assert loopback.requests == []


def test_assets_folder_widens_reads_to_itself_only(tmp_path):
    assets = tmp_path / "site"
    (assets / "uploads").mkdir(parents=True)
    (assets / "uploads" / "photo.png").write_bytes(png_bytes())
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    lib = tmp_path / "lib"
    lib.mkdir()
    body = ("Assets text survives.\n\n![photo](/uploads/photo.png)\n\n"
            "![climb](/uploads/../../secret.png)\n\n![climb 2](/../secret.png)\n")
    (lib / "assets.md").write_text(project_page("Assets", body), encoding="utf-8")
    with watch() as seen:
        results = export("case-study", library=lib, selection=Selection(),
                         options=ExportOptions(formats=("pdf", "docx"), out=tmp_path / "out",
                                               assets=assets))
    assert [r.error for r in results] == [None]
    assert seen.touched(assets / "uploads" / "photo.png")
    assert not seen.touched(secret)
    import docx

    assert len(docx.Document(str(results[0].files[1])).inline_shapes) >= 1


def test_site_paths_without_assets_folder_are_left_out_with_one_warning(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    body = "Site path text survives.\n\n![photo](/uploads/photo.png)\n"
    (lib / "site.md").write_text(project_page("Site", body), encoding="utf-8")
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=("pdf", "docx"), out=tmp_path / "out"))
    assert [r.error for r in results] == [None]
    about = [w for w in results[0].warnings if "/uploads/photo.png" in w]
    assert len(about) == 1 and "--assets" in about[0]


# -- links -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("href", "allowed"), [
    ("https://example.org/x", True),
    ("HTTP://EXAMPLE.ORG", True),
    ("mailto:a@example.org", True),
    ("#section", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("java&#x09;script:alert(1)", False),
    ("jav&#97;script:alert(1)", False),
    ("vbscript:msgbox(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("file:///etc/passwd", False),
    ("../secret.txt", False),
    ("/uploads/report.pdf", False),
    ("http://[::1", False),  # urlsplit raises: not a link anyone can follow
])
def test_link_allowed(href, allowed):
    assert link_allowed(href) is allowed


def test_unsafe_links_from_front_matter_leave_no_trace_in_any_format(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "promos.md").write_text(
        "---\ntitle: Promos\nsummary: S.\nstart: 2015\nend: 2018\nclient: D\ncountry: Kenya\n"
        "promos:\n"
        "  - {title: Script promo, link: \"javascript:alert('PAYLOAD-PROMO')\"}\n"
        "  - {title: File promo, link: \"file:///etc/passwd\"}\n"
        "  - {title: Safe promo, link: \"https://example.org/promo\"}\n"
        "---\n\nBody.\n", encoding="utf-8")
    results = export("case-study", library=lib, selection=Selection(),
                     options=ExportOptions(formats=("pdf", "docx", "html"), out=tmp_path / "out"))
    assert [r.error for r in results] == [None]
    pdf, docx_path, html = results[0].files
    from pypdf import PdfReader

    uris = [a.get_object()["/A"].get("/URI") for page in PdfReader(pdf).pages
            for a in page.get("/Annots", []) if a.get_object().get("/A")]
    assert "https://example.org/promo" in uris
    assert not [u for u in uris if not u.startswith(("http", "mailto"))], uris
    assert "PAYLOAD-PROMO" not in html.read_text(encoding="utf-8")
    assert "/etc/passwd" not in html.read_text(encoding="utf-8")
    import docx

    targets = [r.target_ref for r in docx.Document(str(docx_path)).part.rels.values()
               if r.is_external]
    assert targets == ["https://example.org/promo"]
    # The titles are content and stay, as text.
    text = docx_text(docx_path)
    assert "Script promo" in text and "File promo" in text
