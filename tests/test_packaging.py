"""Installed from a wheel, donorkit works from any directory: templates, brands, fonts and the
example library ship inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(dist), str(ROOT)], check=True, capture_output=True,
                   timeout=300)
    return next(dist.glob("donorkit-*.whl"))


def test_wheel_carries_templates_brands_fonts_and_examples(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("donorkit/report_templates/case-study/document.html.j2",
                     "donorkit/report_templates/capability-statement/doctype.yml",
                     "donorkit/styles/base.css", "donorkit/styles/default/_brand.yml",
                     "donorkit/styles/default/fonts/OpenSans-Regular.ttf",
                     "donorkit/styles/harbour/_brand.yml",
                     "donorkit/examples/library/kenya-county-health-financing-support-chfs.md",
                     "donorkit/web/templates/library.html", "donorkit/web/static/app.css",
                     "donorkit/i18n/locale/fr/LC_MESSAGES/donorkit.mo",
                     "donorkit/i18n/locale/es/LC_MESSAGES/donorkit.mo",
                     "donorkit/i18n/locale/pt/LC_MESSAGES/donorkit.mo"):
        assert required in names, required


def test_installed_wheel_exports_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("DONORKIT_LIBRARY", None)
    where = subprocess.run([sys.executable, "-c", "import donorkit; print(donorkit.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(target))
    french = subprocess.run([sys.executable, "-c", "from donorkit.i18n.catalogs import catalog; "
                             "print(catalog('fr').gettext('Case study'))"],
                            cwd=work, env=env, capture_output=True, text=True, check=True)
    assert french.stdout.strip() == "Étude de cas"  # the compiled catalog, from the wheel
    result = subprocess.run(
        [sys.executable, "-m", "donorkit", "export", "case-study",
         "kenya-county-health-financing-support-chfs", "--brand", "harbour"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "bundled example library" in result.stderr
    out = work / "out" / "case-study"
    assert sorted(p.name for p in out.iterdir()) == [
        "kenya-county-health-financing-support-chfs.docx",
        "kenya-county-health-financing-support-chfs.pdf"]
