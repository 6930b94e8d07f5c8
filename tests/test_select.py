"""Stage 3: loading a library folder, and the selection filters shared by every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from donorkit.errors import LibraryError, ProjectNotFound, SelectionError
from donorkit.library import Library, Selection, load_library

FIXTURES = Path(__file__).parent / "fixtures"

KCWG = "kenya-county-water-governance-programme-kcwg"
EATC = "east-africa-trade-corridors-facility-eatc"
SLP = "regional-sahel-livelihoods-programme-slp"
TPS = "myanmar-township-planning-support-tps"
EPF = "global-evidence-for-public-finance-facility-epf"
DHB = "nepal-district-health-budgets-dhb"  # published: false
ARSP = "peru-andean-rural-sanitation-project-arsp"  # in archive/

#: Every published project in the default order (end year, latest and ongoing first).
BY_END = [EPF, EATC, TPS, KCWG, SLP, ARSP]


@pytest.fixture(scope="module")
def mini(today) -> Library:
    return load_library(FIXTURES / "library" / "mini", today=today)


def slugs(projects) -> list[str]:
    return [p.slug for p in projects]


# -- loading ---------------------------------------------------------------------------------------


def test_mini_library_loads_clean_with_recursion_and_skips(mini):
    assert [str(d) for d in mini.diagnostics] == []
    assert mini.files == 7  # README.md and _drafts/ are not counted
    assert len(mini) == 7
    assert set(slugs(mini)) == {KCWG, EATC, SLP, TPS, EPF, DHB, ARSP}
    assert ARSP in slugs(mini)  # from the archive/ subfolder
    assert "zambia-unfinished-notes" not in slugs(mini)
    assert mini.get(ARSP).source.endswith("archive/peru-andean-rural-sanitation-project-arsp.md")


def test_one_broken_file_never_stops_the_others(today):
    library = load_library(FIXTURES / "library" / "broken", today=today)
    assert slugs(library) == ["alpha-good-page", "gamma-good-page"]
    assert library.files == 3
    (error,) = library.diagnostics.errors
    assert error.file.endswith("beta-broken-page.md")
    assert error.line in (3, 4)
    assert "malformed front matter" in error.message


def test_many_broken_files_are_all_reported(tmp_path, today):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "latin.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    (tmp_path / "nofm.md").write_text("Just text.\n")
    (tmp_path / "notitle.md").write_text("---\nsummary: s\n---\nBody.\n")
    (tmp_path / "good.md").write_text("---\ntitle: Good\nsummary: s\nclient: W\n---\nBody.\n")
    library = load_library(tmp_path, today=today)
    assert slugs(library) == ["good"]
    failed = sorted({d.file.rsplit("/", 1)[-1] for d in library.diagnostics.errors})
    assert failed == ["empty.md", "latin.md", "nofm.md", "notitle.md"]


def test_duplicate_slugs_are_an_error(tmp_path, today):
    page = "---\ntitle: {}\nsummary: s\nclient: W\n{}---\nBody.\n"
    (tmp_path / "a-first.md").write_text(page.format("First", "slug: same\n"))
    (tmp_path / "b-second.md").write_text(page.format("Second", "slug: same\n"))
    (tmp_path / "c.md").write_text(page.format("Third", ""))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text(page.format("Fourth", ""))
    library = load_library(tmp_path, today=today)
    assert [p.title for p in library] == ["First", "Third"]
    errors = sorted(library.diagnostics.errors, key=lambda d: d.file)
    assert len(errors) == 2
    assert errors[0].file.endswith("b-second.md")
    assert errors[0].field == "slug"
    assert errors[0].line == 5  # the slug: key
    assert "duplicate slug 'same'" in errors[0].message
    assert "a-first.md" in errors[0].message  # names the page that has it first
    assert errors[1].file.endswith("sub/c.md")
    assert "duplicate slug 'c'" in errors[1].message


def test_hidden_and_underscored_files_and_other_suffixes(tmp_path, today):
    page = "---\ntitle: T\nsummary: s\nclient: W\n---\nBody.\n"
    for name in ("visible.md", "long.markdown", ".hidden.md", "_partial.md", "notes.txt",
                 ".git/HEAD.md", "_drafts/d.md", "LICENSE.md", "index.md", "deep/er/page.MD"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page)
    library = load_library(tmp_path, today=today)
    assert sorted(slugs(library)) == ["long", "page", "visible"]


def test_symlinked_folders_are_followed_but_loops_end(tmp_path, today):
    page = "---\ntitle: T\nsummary: s\nclient: W\n---\nBody.\n"
    (tmp_path / "lib" / "inner").mkdir(parents=True)
    (tmp_path / "lib" / "inner" / "one.md").write_text(page)
    (tmp_path / "lib" / "inner" / "loop").symlink_to(tmp_path / "lib")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "two.md").write_text(page)
    (tmp_path / "lib" / "linked").symlink_to(tmp_path / "elsewhere")
    library = load_library(tmp_path / "lib", today=today)
    assert sorted(slugs(library)) == ["one", "two"]
    assert [str(d) for d in library.diagnostics] == []


def test_missing_library_folder_is_an_error(tmp_path):
    with pytest.raises(LibraryError, match="does not exist"):
        load_library(tmp_path / "nowhere")
    (tmp_path / "file.md").write_text("x")
    with pytest.raises(LibraryError, match="not a folder"):
        load_library(tmp_path / "file.md")


def test_sources_are_relative_to_the_working_folder(monkeypatch, today):
    monkeypatch.chdir(FIXTURES / "library")
    library = load_library("mini", today=today)
    assert library.get(KCWG).source == f"mini/{KCWG}.md"
    assert library.get(ARSP).source == f"mini/archive/{ARSP}.md"


def test_get_is_case_insensitive_and_suggests(mini):
    assert mini.get(KCWG.upper()).slug == KCWG
    with pytest.raises(ProjectNotFound, match=f"did you mean '{KCWG}'"):
        mini.get("kenya-county-water-governance-programme-kcwx")


def test_bodies_are_parsed_lazily(today):
    library = load_library(FIXTURES / "library" / "mini", today=today)
    project = library.get(KCWG)
    assert "body" not in project.__dict__
    assert project.body.activities.items[0] == "Draft county water acts and tariff guidelines."
    assert "body" in project.__dict__


# -- selection -------------------------------------------------------------------------------------


def test_no_filter_is_every_published_project_by_end_year(mini):
    assert slugs(mini.select()) == BY_END


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (["Kenya"], [EATC, KCWG]),
        (["kenya"], [EATC, KCWG]),
        (["KE"], [EATC, KCWG]),
        (["ken"], [EATC, KCWG]),  # ISO3, case-insensitive
        (["Uganda"], [EATC]),  # a member of "Kenya, Uganda, Tanzania"
        (["TZA"], [EATC]),
        (["Tanzania, United Republic of"], [EATC]),
        (["Burma"], [TPS]),  # alias of the page's country and of the query
        (["Myanmar"], [TPS]),
        (["MM"], [TPS]),
        (["Regional"], [SLP]),
        (["global"], [EPF]),
        (["Peru", "Kenya"], [EATC, KCWG, ARSP]),  # OR within the option
        (["Nepal"], []),  # only in a draft
    ],
)
def test_country_filter(mini, wanted, expected):
    assert slugs(mini.select(country=wanted)) == expected


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("Africa", [EATC, KCWG, SLP]),
        ("middle east and north africa", [SLP]),  # the second item of a regions list
        ("Asia and the Pacific", [TPS]),
    ],
)
def test_region_filter(mini, wanted, expected):
    assert slugs(mini.select(region=wanted)) == expected


def test_solution_filter_and_drafts(mini):
    assert slugs(mini.select(solution="governance")) == [EPF, TPS, KCWG]
    assert slugs(mini.select(solution="Governance", include_drafts=True)) == [EPF, DHB, TPS, KCWG]
    assert slugs(mini.select(solution=["Health"])) == []
    assert slugs(mini.select(solution=["Health"], include_drafts=True)) == [DHB]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("World Bank", [EATC, ARSP]),  # whole words: also "World Bank Group"
        ("world bank group", [EATC, ARSP]),  # the same funder (library/funders.py)
        ("Bank", [EATC, ARSP]),
        ("Foreign, Commonwealth & Development Office", [TPS]),
        ("development", [TPS, KCWG]),
        ("US Agency for International Development", [KCWG]),
    ],
)
def test_client_filter_matches_whole_words(mini, wanted, expected):
    assert slugs(mini.select(client=wanted)) == expected


@pytest.mark.parametrize(
    ("field", "wanted", "message"),
    [
        ("country", ["Atlantis"], "no project matches the selection (country=['Atlantis']); "
                                  "no country 'Atlantis'"),
        ("region", ["Asia"], "no region 'Asia'; did you mean 'Asia and the Pacific'?"),
        ("client", ["Wor"], "no client 'Wor'"),  # whole words only
    ],
)
def test_a_value_no_project_has_is_an_error(mini, field, wanted, message):
    with pytest.raises(SelectionError) as info:
        mini.select(**{field: wanted})
    assert message in str(info.value)


@pytest.mark.parametrize("field", ["country", "region", "solution", "client"])
def test_one_misspelt_value_among_several_is_an_error_with_a_suggestion(mini, field):
    """Review item 9: "--country Kenia --country Peru" used to give Peru alone, without a
    word about Kenia. As with a misspelt slug in a list, every such value is named at once."""
    typed, good = {"country": (["Kenia", "Peru", "Narnia"], "Kenya"),
                   "region": (["Afrika", "Asia and the Pacific"], "Africa"),
                   "solution": (["Governanse", "Water and Sanitation"], "Governance"),
                   "client": (["Wrld Bank", "USAID"], "World Bank")}[field]
    assert mini.select(**{field: [v for v in typed if v not in (typed[0], "Narnia")]})
    with pytest.raises(SelectionError) as info:
        mini.select(**{field: typed})
    text = str(info.value)
    assert f"no {field} {typed[0]!r}; did you mean {good!r}" in text
    assert "every value must match a project" in text
    if field == "country":
        assert "no country 'Narnia'" in text  # all of them, not one per run
    # a value only drafts have is a real value, not a typo: no error, the drafts stay out
    assert mini.select(country=["Nepal", "Peru"])


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (2018, None, [EPF, EATC, TPS]),
        (2030, None, [EPF, EATC]),
        (None, 2004, [ARSP]),
        (2005, 2009, [SLP]),
        (2010, 2013, [KCWG]),
        (2003, 2005, [SLP, ARSP]),  # touching either end counts as active
        (2017, 2017, [EATC, TPS, KCWG]),
    ],
)
def test_since_until_select_projects_active_in_the_period(mini, since, until, expected):
    assert slugs(mini.select(since=since, until=until)) == expected


def test_until_before_since_is_an_error(mini):
    with pytest.raises(SelectionError, match="before"):
        mini.select(since=2015, until=2010)


def test_status_filter(mini):
    assert slugs(mini.select(status="ongoing")) == [EPF, EATC]
    assert slugs(mini.select(status="completed")) == [TPS, KCWG, SLP, ARSP]


def test_slug_keeps_the_given_order_and_includes_drafts(mini):
    assert slugs(mini.select(slug=[ARSP, KCWG, DHB])) == [ARSP, KCWG, DHB]
    assert slugs(mini.select(slug=[TPS, TPS])) == [TPS]
    assert slugs(mini.select(slug=[ARSP, KCWG], country="Kenya")) == [KCWG]


def test_unknown_slug_raises_project_not_found_with_a_suggestion(mini):
    with pytest.raises(ProjectNotFound) as info:
        mini.select(slug=[KCWG, "myanmar-township-planing-support-tps"])
    assert info.value.slug == "myanmar-township-planing-support-tps"
    assert f"did you mean '{TPS}'?" in str(info.value)


def test_and_across_options(mini):
    assert slugs(mini.select(country="Kenya", solution="Governance")) == [KCWG]
    assert slugs(mini.select(region="Africa", status="ongoing")) == [EATC]
    assert slugs(mini.select(region="Africa", client="European Union", since=2000)) == [SLP]
    assert slugs(mini.select(country=["Kenya", "Peru"], client="World Bank")) == [EATC, ARSP]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("end", BY_END),
        ("start", [EPF, EATC, TPS, KCWG, SLP, ARSP]),
        ("title", [EATC, EPF, KCWG, TPS, ARSP, SLP]),
    ],
)
def test_sort_modes(mini, sort, expected):
    assert slugs(mini.select(sort=sort)) == expected


def test_limit(mini):
    assert slugs(mini.select(limit=2)) == BY_END[:2]
    assert slugs(mini.select(sort="title", limit=1)) == [EATC]
    with pytest.raises(SelectionError, match="limit: 0"):  # donorkit's error, not pydantic's
        Selection(limit=0)


def test_selection_object_and_keyword_filters_combine(mini):
    selection = Selection(region=["Africa"])
    assert slugs(mini.select(selection)) == [EATC, KCWG, SLP]
    assert slugs(mini.select(selection, status="completed")) == [KCWG, SLP]


def test_unknown_selection_field_is_rejected(mini):
    with pytest.raises(SelectionError, match="unknown key 'colour'; did you mean 'country'"):
        mini.select(colour="blue")
    with pytest.raises(SelectionError, match="status: 'done' is not one of"):
        Selection(status="done")


# -- query -----------------------------------------------------------------------------------------


@pytest.fixture
def query_library(tmp_path, today) -> Library:
    pages = {
        # 'sanitation' once in the title (weight 5)
        "title-hit": ("Peru—Sanitation Markets", "Latrine sales.", "Village shops sell latrines."),
        # 'sanitation' three times in the body (weight 1 each)
        "body-hits": ("Bolivia—Village Water", "Wells.",
                      "Sanitation committees. Sanitation fees. Sanitation days."),
        # 'sanitation' once in the summary (weight 3)
        "summary-hit": ("Chile—Latrines", "Rural sanitation.", "Latrines."),
        "no-hit": ("Ecuador—Roads", "Roads.", "Gravel roads."),
    }
    for slug, (title, summary, body) in pages.items():
        (tmp_path / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nsummary: {summary}\nclient: W\nstart: 2010\nend: 2012\n---\n\n"
            f"{body}\n", encoding="utf-8")
    return load_library(tmp_path, today=today)


def test_query_ranks_title_above_summary_above_body(query_library):
    # BM25 by field (title 3, summary 2, body 1): three mentions in a body saturate and do not
    # outweigh one in a summary.
    assert slugs(query_library.select(query="sanitation")) == [
        "title-hit", "summary-hit", "body-hits"]


def test_query_needs_every_word(query_library):
    assert slugs(query_library.select(query="sanitation markets")) == ["title-hit"]
    assert slugs(query_library.select(query="sanitation gravel")) == []


def test_query_finds_a_funder_by_its_acronym(query_library, tmp_path, today):
    (tmp_path / "usaid.md").write_text(
        "---\ntitle: Peru—Sanitation Loans\nsummary: Loans.\nclient: U.S. Agency for "
        "International Development\nstart: 2010\nend: 2012\n---\n\nLoans for latrines.\n",
        encoding="utf-8")
    library = load_library(tmp_path, today=today)
    # "USAID" is in no page's text: it is the client's acronym (library/funders.py).
    assert slugs(library.select(query="USAID latrines")) == ["usaid"]
    assert slugs(library.select(query="USAID gravel")) == []


def test_query_with_another_sort(query_library):
    assert slugs(query_library.select(query="sanitation", sort="title")) == [
        "body-hits", "summary-hit", "title-hit"]


def test_query_on_the_mini_library(mini):
    assert slugs(mini.select(query="irrigation")) == [SLP, ARSP]
    assert slugs(mini.select(query="water", limit=1)) == [KCWG]
