"""Shared fixtures: where the fixture pages live, a fixed "today", and a writer for one-off pages.

Test modules take these as fixtures rather than importing this file (it is not importable as
``conftest`` once ``tests`` is a package).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

# Tests never touch the real user cache: every process the tests start (CLI runs, batch workers)
# inherits this private cache folder, made fresh for the session.
os.environ["DONORKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="donorkit-test-cache-")
os.environ.pop("DONORKIT_NO_CACHE", None)

FIXTURES = Path(__file__).parent / "fixtures"
#: A fixed "today" so statuses computed from the end year do not change with the calendar.
TODAY = date(2024, 6, 1)


@pytest.fixture(scope="session", autouse=True)
def _cache_in_a_temp_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Search indexes (donorkit match, --query) go to a temporary folder, never the user's cache.
    Set in os.environ so CLI subprocesses inherit it."""
    import os

    os.environ["DONORKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def today() -> date:
    return TODAY


@pytest.fixture(scope="session")
def library_fixtures() -> Path:
    """tests/fixtures/library (see its README.md)."""
    return FIXTURES / "library"


@pytest.fixture
def write_page(tmp_path: Path) -> Callable[..., Path]:
    """write_page(front_matter, body="...", name="page.md") -> path of a new page in tmp_path.

    *front_matter* is the YAML text between the two ``---`` lines (a trailing newline is added
    when missing), so line N of it is line N + 1 of the file.
    """

    def write(front_matter: str, body: str = "\nSome body text.\n", name: str = "page.md") -> Path:
        if front_matter and not front_matter.endswith("\n"):
            front_matter += "\n"
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
        return path

    return write


@pytest.fixture
def own_brand(tmp_path: Path) -> Path:
    """A brand folder of a firm's own (the default brand's look, another name and logo): the
    bundled demo brand, or a copy of it with the demo logo, is itself a warning."""
    import shutil

    from PIL import Image

    from donorkit.resources import styles_dir

    own = tmp_path / "own-brand"
    shutil.copytree(styles_dir() / "default", own)
    brand_file = own / "_brand.yml"
    brand_file.write_text(brand_file.read_text(encoding="utf-8").replace(
        "Meridian Development Partners", "Lakeside Advisory"), encoding="utf-8")
    Image.new("RGB", (360, 90), (0x1F, 0x4E, 0x79)).save(own / "logo.png")
    return own


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current templates (review the diff)")
    parser.addoption("--update-visual", action="store_true", default=False,
                     help="rewrite tests/visual/ reference pages from the current output "
                          "(look at them before committing)")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import shutil

    shutil.rmtree(os.environ["DONORKIT_CACHE_DIR"], ignore_errors=True)
