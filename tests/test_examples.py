"""The bundled example library loads cleanly and really shows the variants its README lists."""

from __future__ import annotations

import re

import pytest

from donorkit.checking import check_library
from donorkit.library import Library, load_library
from donorkit.resources import example_library

EXAMPLES = example_library()


@pytest.fixture(scope="module")
def lib(today) -> Library:
    return load_library(EXAMPLES, today=today)


def _get(lib: Library, prefix: str):
    (project,) = [p for p in lib if p.slug.startswith(prefix)]
    return project


def test_every_page_loads_without_errors(lib):
    report = check_library(lib)
    assert report.errors == []
    assert lib.files == len(lib) >= 12
    pages = sorted(p.stem for p in EXAMPLES.glob("*.md")
                   if p.name != "README.md" and not TRANSLATION.search(p.name))
    assert sorted(p.slug for p in lib) == pages


TRANSLATION = re.compile(r"\.(fr|es|pt)\.md$")


def test_translation_pages_belong_to_their_originals(lib):
    found = {p.slug.split("-")[0]: p.translated_languages for p in lib if p.translated_languages}
    assert found == {"cote": ["fr"], "andean": ["es"], "mozambique": ["pt"],
                     "niger": ["es", "fr"]}


def test_only_the_documented_warnings(lib):
    report = check_library(lib)
    found = sorted((d.file.rsplit("/", 1)[-1].split("-")[0], d.field) for d in report.warnings)
    # Jekyll keys (jordan: tags, mozambique: layout) are the site's, not stray
    assert found == [("mozambique", "solutions")]


def test_readme_lists_exactly_the_pages():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+\.md)` \|", readme, flags=re.M))
    assert listed == {p.name for p in EXAMPLES.glob("*.md") if p.name != "README.md"}


def test_multi_country_as_list_and_as_comma_string(lib):
    assert [c.iso for c in _get(lib, "west-africa").countries] == ["GH", "TG", "BJ", "NG"]
    assert [c.iso for c in _get(lib, "andean").countries] == ["CO", "EC", "PE"]


def test_regional_and_worldwide_labels(lib):
    regional = _get(lib, "regional-central")
    assert [(c.name, c.iso) for c in regional.countries] == [("Regional", "")]
    assert regional.regions == ["Asia and the Pacific", "Eastern Europe and Central Asia"]
    worldwide = _get(lib, "worldwide")
    assert [(c.name, c.kind) for c in worldwide.countries] == [("Worldwide", "label")]
    assert worldwide.regions == ["Global"]


def test_ongoing_projects(lib):
    ongoing = {p.slug.split("-")[0] for p in lib if p.status == "ongoing"}
    assert ongoing == {"nepal", "worldwide", "sao", "moldova"}


def test_drafts_are_present_and_left_out_by_default(lib):
    drafts = sorted(p.slug.split("-")[0] for p in lib if p.draft)
    assert drafts == ["moldova", "sao"]
    assert len(lib.select()) == len(lib) - 2
    assert len(lib.select(include_drafts=True)) == len(lib)


def test_video_with_caption(lib):
    (video,) = _get(lib, "cote-divoire").body.media
    assert (video.kind, video.provider) == ("video", "vimeo")
    assert video.url == "https://vimeo.com/123456789"
    assert video.caption == "Video courtesy of the Ministry of Water."
    (youtube,) = _get(lib, "worldwide").body.media
    assert (youtube.provider, youtube.caption) == ("youtube", "")


def test_images_exist_on_disk(lib):
    project = _get(lib, "bangladesh")
    images = [m for m in project.body.media if m.kind == "image"]
    assert [m.url for m in images] == ["images/bangladesh-saline-rice-plot.png",
                                       "images/training.png"]
    assert images[0].caption.startswith("Farmers compare a salt-tolerant rice variety")
    assert images[1].alt == "Training session"  # the reference-style image
    for image in images:
        path = project._path.parent / image.url
        assert path.is_file(), path
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_reference_style_links(lib):
    urls = [link.url for link in _get(lib, "bangladesh").body.links]
    assert "https://example.org/ccrap/varieties" in urls
    assert "https://example.org/ccrap/coastal-zone-policy" in urls


def test_non_ascii_names(lib):
    assert _get(lib, "cote-divoire").countries[0].iso == "CI"
    assert _get(lib, "cote-divoire").place == "Côte d'Ivoire"
    assert _get(lib, "turkiye").countries[0].name == "Türkiye"
    sao = _get(lib, "sao-tome")
    assert sao.place == "São Tomé and Príncipe"
    assert sao.countries[0].iso == "ST"
    assert "Chișinău" in _get(lib, "moldova").body.overview.html + _get(lib, "moldova").summary


def test_page_without_headings(lib):
    body = _get(lib, "kenya-county-health").body
    assert [s.key for s in body.sections] == ["overview"]
    assert body.overview.items  # its bullet list


def test_richer_keys(lib):
    nepal = _get(lib, "nepal")
    assert (nepal.value.amount, nepal.value.currency) == (18_400_000, "GBP")
    assert nepal.staff_months == 410
    assert nepal.beneficiaries == "1,350,000"
    assert len(nepal.partners) == 3 and len(nepal.highlights) == 3
    assert nepal.contact.email == "priya.raman@example.org"
    assert nepal.services and nepal.location == "Lumbini and Karnali provinces"
    assert _get(lib, "bangladesh").beneficiaries == "1.2 million farmers"


def test_comma_clients(lib):
    assert _get(lib, "viet-nam").clients == ["World Bank", "Asian Development Bank"]
    assert _get(lib, "nepal").clients == ["UK Foreign, Commonwealth & Development Office"]


def test_readme_example_selection(lib):
    chosen = lib.select(solution="Governance", region="Asia and the Pacific")
    assert len(chosen) == 4


def test_extra_sections(lib):
    assert [s.title for s in _get(lib, "turkiye").body.other] == ["Lessons Learned"]
    assert [s.title for s in _get(lib, "west-africa").body.other] == ["Partners"]


def test_every_body_parses(lib):
    for project in lib:
        body = project.body
        assert body.sections, project.slug
        assert all("<script" not in s.html and "<iframe" not in s.html for s in body.sections)
