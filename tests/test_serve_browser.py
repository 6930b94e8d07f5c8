"""End to end in a real browser: Debian's chromium driven by Playwright against a uvicorn server.

Skipped, with the reason, where chromium or Playwright is missing (`scripts/install.sh` installs
both where it can). Set DONORKIT_SCREENSHOTS=docs/images/serve to refresh the screenshots in
docs/serve.md.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from donorkit import load_library
from textutil import docx_text, pdf_text, squash

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "examples" / "library"
CHROMIUM = os.environ.get("DONORKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
KENYA = "kenya-county-health-financing-support-chfs"
NEPAL = "nepal-municipal-governance-and-service-delivery-programme-mgsd"
PHILIPPINES = "philippines-local-fiscal-transparency-project-lift"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from donorkit.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(LIBRARY), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install playwright; no browser download "
                    "needed: the test uses Debian's chromium)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium, or set "
                    "DONORKIT_CHROMIUM)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def _shot(page: object, name: str, *, full: bool = False) -> None:
    folder = os.environ.get("DONORKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"),  # type: ignore[attr-defined]
                        full_page=full)


def test_browse_preview_download_and_build(server: str, browser: object,
                                           tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True,  # type: ignore[attr-defined]
                                  viewport={"width": 1360, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # The library, filtered to one country (the select submits itself).
    page.goto(server + "/")
    total = int(page.locator("#count").inner_text())
    assert total == len(load_library(LIBRARY).select())
    _shot(page, "library")
    with page.expect_navigation():
        page.select_option("select[name=country]", "Kenya")
    assert "country=Kenya" in page.url
    rows = page.locator("table.projects tbody tr")
    assert 0 < rows.count() < total
    assert all("Kenya" in rows.nth(i).inner_text() for i in range(rows.count()))

    # A project: key facts, the live preview, the PDF's page images, the DOCX download.
    page.click(f"a[href='/projects/{KENYA}']")
    title = page.locator("h1").inner_text()
    assert "Kenya" in title
    preview = page.frame_locator("iframe.preview")
    assert preview.locator("h1").first.inner_text(timeout=10_000) in title
    page.locator(".thumbs img").first.wait_for(timeout=15_000)
    assert page.locator(".thumbs img").first.evaluate("img => img.naturalWidth") > 100
    _shot(page, "project", full=True)
    with page.expect_download() as info:
        page.click("#download-docx")
    docx = tmp_path / info.value.suggested_filename
    info.value.save_as(docx)
    assert docx.suffix == ".docx"
    assert squash(title) in squash(docx_text(docx))

    # A capability statement of two projects: preview, then the PDF.
    page.goto(server + "/capability")
    page.check(f"input[name=project][value='{NEPAL}']")
    page.check(f"input[name=project][value='{PHILIPPINES}']")
    assert page.locator("#ticked").inner_text() == "2"
    page.fill("input[name=title]", "Fiscal Governance in Asia")
    page.fill("input[name=client]", "Asian Development Bank")
    page.click("#preview-button")
    frame = page.frame_locator("iframe[name=preview]")
    frame.locator("text=Fiscal Governance in Asia").first.wait_for(timeout=15_000)
    _shot(page, "capability")
    with page.expect_download() as info:
        page.click("#pdf-button")
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    text = squash(pdf_text(pdf, body_only=False))
    assert squash("Fiscal Governance in Asia") in text
    assert squash("Asian Development Bank") in text
    for slug in (NEPAL, PHILIPPINES):
        title = page.locator(f"input[value='{slug}'] + span").inner_text()
        assert squash(title) in text

    # The page a broken address gets.
    page.goto(server + "/projects/no-such-project")
    assert "did you mean" in page.locator(".message").inner_text() or page.locator("h1").count()
    _shot(page, "error")
    assert not [e for e in errors if "404" not in e], errors
    context.close()
