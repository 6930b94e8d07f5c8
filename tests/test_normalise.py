"""Stage 2 (normalise): every rule that turns real-world front matter into a Project."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from donorkit.diagnostics import Diagnostics
from donorkit.library.model import Project
from donorkit.library.normalise import normalise, split_title, status_for
from donorkit.library.reader import RawRecord, read_record

#: Lines 2-4 of every page below; the field under test starts on line 5.
BASE = "title: Kenya—Normalise Test\nsummary: A summary.\nclient: World Bank\n"


@pytest.fixture
def load(write_page, today):
    """load(front_matter) -> (project or None, diagnostics)."""

    def run(front_matter: str, body: str = "\nBody.\n") -> tuple[Project | None, Diagnostics]:
        record = read_record(write_page(front_matter, body))
        assert isinstance(record, RawRecord), [str(d) for d in record]
        return normalise(record, today)

    return run


@pytest.fixture
def ok(load):
    """ok(front_matter) -> (project, diagnostics); the project must have loaded."""

    def run(front_matter: str, body: str = "\nBody.\n") -> tuple[Project, Diagnostics]:
        project, diags = load(front_matter, body)
        assert project is not None, [str(d) for d in diags]
        return project, diags

    return run


def _only(diags: Diagnostics, field: str, severity: str = "warning"):
    found = [d for d in diags if d.field == field and d.severity == severity]
    assert len(found) == 1, [str(d) for d in diags]
    return found[0]


# -- country ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["Kenya", "[Kenya, Uganda]", "Kenya, Uganda", "'Kenya,Uganda, '", "\n  - Kenya\n  - Uganda"],
)
def test_country_as_string_list_or_comma_joined(ok, value):
    project, _ = ok(BASE + f"country: {value}\n")
    names = [c.name for c in project.countries]
    assert names[0] == "Kenya"
    assert names == (["Kenya"] if value == "Kenya" else ["Kenya", "Uganda"])
    kenya = project.countries[0]
    assert (kenya.iso, kenya.iso3, kenya.numeric, kenya.kind) == ("KE", "KEN", "404", "country")


def test_trailing_comma_in_country_is_an_empty_item_warning(ok):
    _, diags = ok(BASE + "country: 'Kenya,Uganda, '\n")
    assert _only(diags, "country").message == "1 empty item dropped"


@pytest.mark.parametrize("label", ["Regional", "Worldwide", "Global"])
def test_scope_labels_are_kept_with_empty_iso_and_no_warning(ok, label):
    project, diags = ok(BASE + f"country: {label}\n")
    (country,) = project.countries
    assert country.name == label
    assert country.iso == "" and country.iso3 == ""
    assert country.kind == "label"
    assert not [d for d in diags if d.field == "country"]


def test_misspelt_country_warns_with_did_you_mean_on_its_line(ok):
    project, diags = ok(BASE + "country: Keyna\n")
    warning = _only(diags, "country")
    assert warning.line == 5
    assert "did you mean 'Kenya'?" in warning.message
    assert project.countries[0].name == "Keyna"
    assert project.countries[0].kind == "label"


def test_unknown_country_without_close_match_is_kept_as_a_label(ok):
    project, diags = ok(BASE + "country: Atlantis Republic of Zog\n")
    assert "kept as a label" in _only(diags, "country").message
    assert project.countries[0].iso == ""


@pytest.mark.parametrize(
    ("written", "name", "iso", "iso3"),
    [
        ("Burma", "Myanmar", "MM", "MMR"),
        ("The Gambia", "Gambia", "GM", "GMB"),
        ("Kosovo", "Kosovo", "XK", "XKX"),
        ("Ivory Coast", "Côte d'Ivoire", "CI", "CIV"),
        ("Cote d'Ivoire", "Côte d'Ivoire", "CI", "CIV"),
        ("Viet Nam", "Vietnam", "VN", "VNM"),
        ("Vietnam", "Vietnam", "VN", "VNM"),
        ("Türkiye", "Türkiye", "TR", "TUR"),
        ("DRC", "Democratic Republic of the Congo", "CD", "COD"),
        ("Tanzania", "Tanzania", "TZ", "TZA"),
        ("KENYA", "Kenya", "KE", "KEN"),
    ],
)
def test_country_aliases(ok, written, name, iso, iso3):
    project, diags = ok(BASE + f"country: \"{written}\"\n")
    (country,) = project.countries
    assert (country.name, country.iso, country.iso3) == (name, iso, iso3)
    assert not [d for d in diags if d.field == "country"]


@pytest.mark.parametrize(
    ("written", "name", "iso", "warning"),
    [
        ("NA", "Namibia", "NA", "country code 'NA' read as Namibia; write the name if that is "
                                "what you mean"),
        ("KEN", "Kenya", "KE", "country code 'KEN' read as Kenya; write the name if that is "
                               "what you mean"),
        ("No", "No", "", "unknown country 'No'; kept as a label"),  # not Norway
        ("na", "na", "", "unknown country 'na'; kept as a label"),  # not Namibia
        ("Can", "Can", "", "unknown country 'Can'; kept as a label"),  # not Canada
        ("us", "us", "", "unknown country 'us'; did you mean 'United States'?"),
        ("UK", "United Kingdom", "GB", None),  # abbreviations in upper case are names
    ],
)
def test_codes_are_countries_only_in_upper_case_and_with_a_warning(ok, written, name, iso,
                                                                    warning):
    project, diags = ok(BASE + f"country: \"{written}\"\n")
    (country,) = project.countries
    assert (country.name, country.iso) == (name, iso)
    assert [d.message for d in diags if d.field == "country"] == ([warning] if warning else [])


def test_same_country_twice_is_kept_once(ok):
    project, _ = ok(BASE + "country: Burma, Myanmar\n")
    assert [c.iso for c in project.countries] == ["MM"]


# -- regions, solutions, clients -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Africa", "[Africa]", "\n  - Africa"])
def test_regions_single(ok, value):
    project, _ = ok(BASE + f"regions: {value}\n")
    assert project.regions == ["Africa"]


@pytest.mark.parametrize("value",
                         ["Africa, Asia and the Pacific", "[Africa, Asia and the Pacific]"])
def test_regions_string_or_list(ok, value):
    project, _ = ok(BASE + f"regions: {value}\n")
    assert project.regions == ["Africa", "Asia and the Pacific"]


def test_comma_joined_client_is_split(ok):
    project, _ = ok("title: T\nsummary: s\nclient: World Bank, Asian Development Bank\n")
    assert project.clients == ["World Bank", "Asian Development Bank"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Foreign, Commonwealth & Development Office",
         ["Foreign, Commonwealth & Development Office"]),
        ("UK Foreign, Commonwealth & Development Office",
         ["UK Foreign, Commonwealth & Development Office"]),
        ("Foreign, Commonwealth & Development Office, World Bank",
         ["Foreign, Commonwealth & Development Office", "World Bank"]),
        ("European Union, Foreign, Commonwealth and Development Office",
         ["European Union", "Foreign, Commonwealth and Development Office"]),
    ],
)
def test_client_names_containing_a_comma_are_kept_whole(ok, value, expected):
    project, _ = ok(f"title: T\nsummary: s\nclient: {value}\n")
    assert project.clients == expected


def test_client_as_list_is_not_split(ok):
    project, _ = ok("title: T\nsummary: s\nclient:\n- Asian Development Bank\n"
                    "- UK Foreign, Commonwealth & Development Office\n")
    assert project.clients == ["Asian Development Bank",
                               "UK Foreign, Commonwealth & Development Office"]


def test_empty_list_items_are_dropped_with_a_warning_on_the_field_line(ok):
    project, diags = ok(BASE + "solutions:\n- Governance\n-\n- ''\n- Health\n")
    assert project.solutions == ["Governance", "Health"]
    warning = _only(diags, "solutions")
    assert warning.line == 5
    assert warning.message == "2 empty items dropped"


def test_non_text_list_item_is_dropped_with_a_warning(ok):
    project, diags = ok(BASE + "solutions:\n- Governance\n- {nested: mapping}\n")
    assert project.solutions == ["Governance"]
    assert "not text" in _only(diags, "solutions").message


def test_region_given_as_a_mapping_is_an_error(load):
    project, diags = load(BASE + "regions: {name: Africa}\n")
    assert project is None
    assert _only(diags, "regions", "error").line == 5


# -- keys ------------------------------------------------------------------------------------------


def test_stray_keys_are_warned_and_kept_in_extra(ok):
    project, diags = ok(BASE + "layout: project\ntags: [water, cities]\nposted: 2016-02-03\n")
    assert project.extra == {"layout": "project", "tags": ["water", "cities"],
                             "posted": "2016-02-03"}
    assert _only(diags, "posted").line == 7
    assert "stray key 'posted'" in _only(diags, "posted").message
    # Jekyll's own keys are the site's, not stray (a clean site passes check --strict)
    assert not [d for d in diags if d.field in ("layout", "tags")]
    # extra must survive JSON serialisation (the date became a string)
    assert '"posted":"2016-02-03"' in project.model_dump_json()


@pytest.mark.parametrize(
    ("alias", "value", "attribute", "expected"),
    [
        ("region", "Africa", "regions", ["Africa"]),
        ("solution", "Health", "solutions", ["Health"]),
        ("donor", "European Union", "clients", ["European Union"]),
        ("partner", "Local NGO", "partners", ["Local NGO"]),
    ],
)
def test_key_aliases_are_read_as_the_key_they_mean(ok, alias, value, attribute, expected):
    project, diags = ok(f"title: T\nsummary: s\nclient: World Bank\n{alias}: {value}\n"
                        if alias != "donor" else f"title: T\nsummary: s\n{alias}: {value}\n")
    assert getattr(project, attribute) == expected
    warning = _only(diags, alias)
    assert f"key {alias!r} read as" in warning.message
    assert warning.line == (5 if alias != "donor" else 4)
    assert alias not in project.extra


def test_countries_alias(ok):
    project, _ = ok(BASE + "countries: Kenya, Uganda\n")
    assert [c.iso for c in project.countries] == ["KE", "UG"]


def test_alias_beside_its_key_is_kept_in_extra_with_one_warning(ok):
    project, diags = ok(BASE + "regions: Africa\nregion: Asia\n")
    assert project.regions == ["Africa"]
    assert project.extra == {"region": "Asia"}
    assert _only(diags, "region").line == 6


def test_slug_key_overrides_the_file_stem(ok):
    project, _ = ok(BASE + "slug: custom-slug\n")
    assert project.slug == "custom-slug"


def test_slug_defaults_to_the_file_stem(ok):
    project, _ = ok(BASE)
    assert project.slug == "page"


# -- dates and years -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-01-21 22:40:52.765000000 Z", datetime(2016, 1, 21, 22, 40, 52, 765000, UTC)),
        ("'2016-01-21 22:40:52.765000000 Z'",
         datetime(2016, 1, 21, 22, 40, 52, 765000, UTC)),
        ("2020-05-19 13:45:00 Z", datetime(2020, 5, 19, 13, 45, tzinfo=UTC)),
        ("2020-05-19", datetime(2020, 5, 19, tzinfo=UTC)),
        ("'2020-05-19'", datetime(2020, 5, 19, tzinfo=UTC)),
    ],
)
def test_publication_dates(ok, value, expected):
    project, diags = ok(BASE + f"date: {value}\n")
    assert project.published == expected
    assert not [d for d in diags if d.field == "date"]


def test_unreadable_date_is_a_warning(ok):
    project, diags = ok(BASE + "date: sometime in spring\n")
    assert project.published is None
    assert _only(diags, "date").line == 5


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        ("2015", "2019", (2015, 2019)),
        ("'2015'", "'2019'", (2015, 2019)),
        ("2015-03-01", "2019-06", (2015, 2019)),
        ("' 2015 '", "2019.0", None),  # 2019.0 is a float, not a year
    ],
)
def test_years_as_numbers_strings_and_dates(load, start, end, years):
    project, diags = load(BASE + f"start: {start}\nend: {end}\n")
    if years is None:
        assert project is None
        assert _only(diags, "end", "error").line == 6
    else:
        assert (project.start, project.end) == years
        assert project.duration == years[1] - years[0] + 1


@pytest.mark.parametrize("word", ["present", "Present", "ongoing", "current"])
def test_end_present_means_ongoing(ok, word):
    project, _ = ok(BASE + f"start: 2019\nend: {word}\n")
    assert project.end is None
    assert project.status == "ongoing"
    assert project.period == "2019–present"


@pytest.mark.parametrize(
    ("end", "status"),
    [(2023, "completed"), (2024, "ongoing"), (2030, "ongoing"), (2010, "completed")],
)
def test_status_from_end_year_and_a_fixed_today(ok, end, status):
    project, _ = ok(BASE + f"start: 2005\nend: {end}\n")
    assert project.status == status


def test_status_for_helper():
    today = date(2024, 1, 1)
    assert status_for(2023, 2010, today) == "completed"
    assert status_for(2024, 2010, today) == "ongoing"
    assert status_for(None, 2010, today) == "ongoing"
    assert status_for(None, None, today) == "unknown"


def test_end_before_start_is_an_error_on_the_end_line(load):
    project, diags = load(BASE + "start: 2019\nend: 2015\n")
    assert project is None
    error = _only(diags, "end", "error")
    assert error.line == 6
    assert "before start" in error.message


def test_year_out_of_range_is_an_error(load):
    project, diags = load(BASE + "start: 1066\n")
    assert project is None
    assert "out of range" in _only(diags, "start", "error").message


# -- required fields and types ---------------------------------------------------------------------


def test_missing_title_is_an_error(load):
    project, diags = load("summary: s\nclient: World Bank\n")
    assert project is None
    assert _only(diags, "title", "error").message == "missing title"


def test_empty_title_is_an_error(load):
    project, diags = load("title: ''\nsummary: s\nclient: World Bank\n")
    assert project is None
    assert _only(diags, "title", "error").line == 2


def test_wrong_types_are_errors_naming_each_field(load):
    project, diags = load(
        "title: [a list, not text]\n"  # 2
        "summary: s\n"  # 3
        "client: World Bank\n"  # 4
        "start: soon\n"  # 5
        "staff_months: many\n"  # 6
    )
    assert project is None
    errors = {d.field: d for d in diags.errors}
    assert set(errors) == {"title", "start", "staff_months"}
    assert errors["title"].line == 2
    assert "expected text, got list" in errors["title"].message
    assert errors["start"].line == 5
    assert "'soon'" in errors["start"].message
    assert errors["staff_months"].line == 6
    assert "'many'" in errors["staff_months"].message


def test_boolean_year_is_an_error(load):
    project, diags = load(BASE + "start: yes\n")
    assert project is None
    assert _only(diags, "start", "error").line == 5


def test_missing_summary_and_client_are_warnings(ok):
    project, diags = ok("title: Kenya—No Summary\ncountry: Kenya\n")
    assert _only(diags, "summary").message == "missing summary"
    assert _only(diags, "client").message == "missing client"
    assert not diags.errors
    assert project.clients == []


def test_empty_client_list_is_a_missing_client(ok):
    _, diags = ok("title: T\nsummary: s\nclient: []\n")
    assert _only(diags, "client").line == 4


# -- drafts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "draft"),
    [("published: false", True), ("published: true", False), ("draft: true", True),
     ("published: 'false'", True), ("published: no", True), ("draft: 'false'", False),
     ("published:", False), ("", False)],
)
def test_published_false_is_a_draft(ok, line, draft):
    project, _ = ok(BASE + line + "\n")
    assert project.draft is draft


# -- title -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "place", "name"),
    [
        ("Pakistan—Technical Assistance for BRACE", "Pakistan", "Technical Assistance for BRACE"),
        ("Kenya – County Health Financing", "Kenya", "County Health Financing"),
        ("Côte d’Ivoire—Rural Water (CRW)", "Côte d’Ivoire", "Rural Water (CRW)"),
        ("West Africa—Coastal Resilience—Phase II", "West Africa", "Coastal Resilience—Phase II"),
        ("Agri-Food Systems Facility", "", "Agri-Food Systems Facility"),
    ],
)
def test_title_split_at_em_or_en_dash(title, place, name):
    assert split_title(title) == (place, name)


def test_project_carries_place_and_name(ok):
    project, _ = ok(BASE)
    assert (project.place, project.name) == ("Kenya", "Normalise Test")


def test_summary_inline_markdown_is_rendered(ok):
    project, _ = ok("title: T\nsummary: 'Helps *farmers* via [a bank](https://example.org)'\n"
                    "client: World Bank\n")
    assert project.summary_html == (
        'Helps <em>farmers</em> via <a href="https://example.org">a bank</a>')


# -- richer keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "amount", "currency", "text"),
    [
        ("{amount: 12500000, currency: usd}", 12_500_000, "USD", "USD 12.5 million"),
        ("{amount: 3000000, currency: EUR}", 3_000_000, "EUR", "EUR 3 million"),
        ("{amount: '4.2 million', currency: GBP}", 4_200_000, "GBP", "GBP 4.2 million"),
        ("12500000", 12_500_000, "USD", "USD 12.5 million"),
        ("USD 12.5 million", 12_500_000, "USD", "USD 12.5 million"),
        ("'€2.5m'", 2_500_000, "EUR", "EUR 2.5 million"),
        ("'£750,000'", 750_000, "GBP", "GBP 750,000"),
        ("18.4 million GBP", 18_400_000, "GBP", "GBP 18.4 million"),
    ],
)
def test_value_as_mapping_number_or_string(ok, value, amount, currency, text):
    project, _ = ok(BASE + f"value: {value}\n")
    assert project.value.amount == pytest.approx(amount)
    assert project.value.currency == currency
    assert str(project.value) == text


def test_unreadable_value_is_kept_as_written_with_a_warning(load):
    """Issue 10: a form shows what the page says rather than a blank or a dropped project."""
    project, diags = load(BASE + "value: a lot of money\n")
    assert project is not None and project.value.amount is None
    assert str(project.value) == "a lot of money"
    assert _only(diags, "value", "warning").line == 5


def test_richer_keys(ok):
    project, diags = ok(
        BASE
        + "partners: [Municipal Learning Network, Centre for Budget Studies]\n"
        + "staff_months: 410\n"
        + "beneficiaries: 250000\n"
        + "highlights:\n"
        + "  - {value: '62', label: municipalities supported}\n"
        + "  - {value: 38%, label: women on ward committees}\n"
        + "contact: {name: Priya Raman, email: priya@example.org, role: Chief of Party}\n"
        + "services: Technical assistance, Grants management\n"
        + "location: Lumbini and Karnali provinces\n"
    )
    assert not diags
    assert project.partners == ["Municipal Learning Network", "Centre for Budget Studies"]
    assert project.staff_months == 410
    assert project.beneficiaries == "250,000"
    assert [(h.value, h.label) for h in project.highlights] == [
        ("62", "municipalities supported"), ("38%", "women on ward committees")]
    assert project.contact.name == "Priya Raman"
    assert project.contact.email == "priya@example.org"
    assert project.contact.role == "Chief of Party"
    assert project.services == ["Technical assistance", "Grants management"]
    assert project.location == "Lumbini and Karnali provinces"


def test_beneficiaries_as_text_and_contact_as_name(ok):
    project, _ = ok(BASE + "beneficiaries: 1.2 million farmers\ncontact: Jane Mwangi\n")
    assert project.beneficiaries == "1.2 million farmers"
    assert project.contact.name == "Jane Mwangi"
    assert project.contact.email is None


def test_malformed_highlight_is_dropped_with_its_line(ok):
    project, diags = ok(BASE + "highlights:\n  - {value: '1', label: one}\n  - just text\n")
    assert len(project.highlights) == 1
    assert _only(diags, "highlights.1").line == 7


def test_promos(ok):
    project, diags = ok(
        BASE
        + "promos:\n"
        + "- title: 'Ward by Ward: *Budgeting* in Public'\n"
        + "  link: https://example.org/ward-by-ward\n"
        + "- title: No link here\n"
    )
    (promo,) = project.promos
    assert promo.url == "https://example.org/ward-by-ward"
    assert promo.title_html == "Ward by Ward: <em>Budgeting</em> in Public"
    assert _only(diags, "promos.1").line == 8


def test_project_is_json_serialisable(ok):
    project, _ = ok(BASE + "country: Kenya\nstart: 2010\nend: 2012\ndate: 2011-01-01\n")
    data = project.model_dump(mode="json")
    assert data["countries"][0]["iso"] == "KE"
    assert data["published"] == "2011-01-01T00:00:00Z"
    assert data["duration"] == 3
    assert data["body"]["overview"]["html"] == "<p>Body.</p>"


def _render_inline_slow(text: str) -> str:
    from donorkit.text import markdown

    html = markdown.parser().renderInline(markdown.clean_text(text))
    return markdown.normalise_inline_tags(markdown.sanitise(html, inline=True)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "Ward by Ward: How Nepal’s Municipalities Learn", "Côte d'Ivoire — 2019/20 (Phase #2)",
        "Solar Mini-Grid Switched On in Santo António", "“Quoted” title; 50% done?",
        "A & B", "<b>bold</b>", "*emphasis*", "see https://example.org", "x_y_z", "a\\b",
        "line\nbreak", " padded ", "Zero\u200bwidth", "tab\there",
    ],
)
def test_render_inline_shortcut_matches_the_parser(text):
    from donorkit.text.markdown import render_inline

    assert render_inline(text) == _render_inline_slow(text)


def test_render_inline_shortcut_on_random_text():
    import random

    from donorkit.text.markdown import render_inline

    rng = random.Random(7)
    alphabet = list("abcXYZ 019,.;:'\"()-–—’“”?/#%$+=|{}^\t") + ["é", "ş", "中", "\u200b", "\x07"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        assert render_inline(text) == _render_inline_slow(text), repr(text)


@pytest.mark.parametrize(
    "value", [".inf", "9" * 400, "{amount: .nan}", "{amount: '1.2.3'}"])
def test_unusable_amounts_are_errors_not_crashes(load, value):
    project, diags = load(BASE + f"value: {value}\n")
    assert project is None
    assert all(d.line == 5 for d in diags.errors if d.field == "value")
    assert [d.field for d in diags.errors][0] == "value"


def test_text_that_is_not_an_amount_is_kept_not_crashed_on(load):
    project, diags = load(BASE + "value: 1.2.3\n")
    assert project is not None and project.value.amount is None
    assert _only(diags, "value", "warning").line == 5


def test_huge_numbers_do_not_crash(load, ok):
    project, diags = load(BASE + "staff_months: " + "9" * 400 + "\n")
    assert project is None
    assert _only(diags, "staff_months", "error").line == 5
    project, _ = ok(BASE + "beneficiaries: " + "1" + "0" * 30 + "\n")
    assert project.beneficiaries == "1" + ",000" * 10
