"""The optional bid keys of a project page (issue 10): read, normalised, and every problem
reported by `donorkit check` with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from donorkit.checking import check_library
from donorkit.cli import app
from donorkit.library import load_library
from donorkit.library.confidential import public_view

BIDS = Path(__file__).parent / "fixtures" / "library" / "bids"
BASE = "title: Kenya—Water\nsummary: s\nclient: World Bank\ncountry: Kenya\n"


def test_every_bid_key_is_read():
    lib = load_library(BIDS)
    assert not lib.diagnostics
    bid = lib.get("full-ghana-schools").bid
    assert (bid.contract_number, bid.contract_type, bid.funding) == (
        "GH-WB-2016-044", "Lump sum", "IDA grant H-123")
    assert (bid.role, bid.share, bid.staff) == ("lead", 80, 7)
    assert (bid.services_value.amount, bid.services_value.currency) == (1_900_000, "GBP")
    assert [(a.name, a.staff_months) for a in bid.associated] == [("Bolga Water Engineers", 18)]
    assert [(p.name, p.function) for p in bid.key_staff] == [
        ("Ama Owusu", "Team Leader"), ("Kofi Mensah", "Water engineer")]
    assert bid.contacts[0].email == "edarko@example.org"
    assert (str(bid.start_date), str(bid.end_date)) == ("2016-02", "2019-07")
    assert bid.confidential == ["location"]


@pytest.mark.parametrize(("extra", "key", "line", "message"), [
    ("share: 140", "share", 6, "percentage from 0 to 100"),
    ("share: most", "share", 6, "percentage from 0 to 100"),
    ("role: sponsor", "role", 6, "expected one of lead, subcontractor"),
    ("start_date: 2019-13", "start_date", 6, "expected a month such as 2019-03"),
    ("staff: -3", "staff", 6, "whole number of people"),
    ("start_date: 2020-05\nend_date: 2019-01", "end_date", 7, "before start_date"),
    ("contacts:\n  - {title: Officer}", "contacts.0", 7, "expected {name, title"),
    ("associated:\n  - {name: X, staff_months: many}", "associated.0.staff_months", 7,
     "expected a number"),
    ("services_value: {amount: lots}", "services_value", 6, "numeric 'amount'"),
])
def test_bad_bid_keys_are_errors_with_file_line_and_key(write_page, extra, key, line, message):
    page = write_page(BASE + extra + "\n", name="lib/page.md")
    report = check_library(page.parent)
    [error] = report.errors
    assert (error.file, error.line, error.field) == (str(page), line, key)
    assert message in error.message


@pytest.mark.parametrize(("extra", "key", "message"), [
    ("services_value: a fair share", "services_value", "shown as written"),
    ("confidential: [colour]", "confidential.0", "not a key of this page"),
    ("contacts:\n  - {name: A, fax: 1}", "contacts.0", "unknown contact key fax"),
])
def test_doubtful_bid_keys_are_warnings(write_page, extra, key, message):
    page = write_page(BASE + extra + "\n", name="lib/page.md")
    report = check_library(page.parent)
    assert not report.errors
    assert any(w.field == key and message in w.message for w in report.warnings), report.warnings


@pytest.mark.parametrize(("written", "role"), [
    ("prime", "lead"), ("Lead", "lead"), ("sub-contractor", "subcontractor"),
    ("JV", "joint venture"), ("consortium partner", "consortium member"),
])
def test_roles_are_normalised(write_page, written, role):
    page = write_page(BASE + f"role: {written}\n", name="lib/page.md")
    assert load_library(page.parent).projects[0].bid.role == role


def test_month_dates_give_the_years_when_start_and_end_are_missing(write_page):
    page = write_page("title: T\nsummary: s\nclient: C\nstart_date: 2018-04\nend_date: 2020-02\n",
                      name="lib/page.md")
    project = load_library(page.parent).projects[0]
    assert (project.start, project.end, project.period) == (2018, 2020, "2018–2020")


def test_check_cli_prints_bid_key_errors_as_path_line(write_page, tmp_path):
    page = write_page(BASE + "share: most\n", name="lib/page.md")
    result = CliRunner().invoke(app, ["check", "--library", str(page.parent)])
    assert result.exit_code == 1
    assert f"{page}:6: error: share: expected a percentage" in result.output


def test_public_view_blanks_confidential_keys_only():
    project = load_library(BIDS).get("full-ghana-schools")
    public = public_view(project)
    assert public.bid.contacts == [] and public.bid.key_staff == []
    assert public.bid.services_value is None and public.bid.share is None
    assert public.bid.contract_number == ""
    assert public.location is None  # the page marked it confidential
    assert public.value == project.value and public.bid.role == "lead"  # the rest stays
    assert project.location == "Bawku and Zebilla districts"  # the original is untouched
