"""The funder alias table (library/funders.py): --client by acronym or another spelling, and
donorkit.toml's [funders] extending it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from donorkit.cli import app
from donorkit.errors import SpecError
from donorkit.library import funders as funders_module
from donorkit.library import load_library

CLIENTS = {
    "usaid": "U.S. Agency for International Development",
    "fcdo": "Foreign, Commonwealth & Development Office",
    "uk-fcdo": "UK Foreign, Commonwealth & Development Office",
    "eu": "European Union",
    "eu-ecowas": "European Union and ECOWAS Commission",
    "eib": "European Investment Bank",
    "cssf": "U.K. Conflict Stability and Security Fund",
    "state": "U.S. Department of State, Embassy Dar es Salaam",
    "mcc": "Millennium Challenge Corporation",
}


@pytest.fixture
def clients_library(tmp_path, today):
    for slug, client in CLIENTS.items():
        (tmp_path / f"{slug}.md").write_text(
            f"---\ntitle: Ruritania—{slug}\nsummary: S.\nclient: {client}\nstart: 2010\n"
            f"end: 2012\n---\n\nBody.\n", encoding="utf-8")
    return load_library(tmp_path, today=today)


def chosen(library, client):
    return sorted(p.slug for p in library.select(client=client))


@pytest.mark.parametrize(("wanted", "expected"), [
    ("USAID", ["usaid"]),
    ("US Agency for International Development", ["usaid"]),
    ("usaid", ["usaid"]),  # an option is typed on purpose: any case
    ("FCDO", ["fcdo", "uk-fcdo"]),
    ("DFID", ["fcdo", "uk-fcdo"]),
    ("Department for International Development", ["fcdo", "uk-fcdo"]),
    ("EU", ["eu", "eu-ecowas"]),
    ("EuropeAid", ["eu", "eu-ecowas"]),
    ("Union européenne", ["eu", "eu-ecowas"]),
    ("ECOWAS", ["eu-ecowas"]),
    ("EIB", ["eib"]),
    ("CSSF", ["cssf"]),
])
def test_client_by_acronym_or_other_name(clients_library, wanted, expected):
    assert chosen(clients_library, wanted) == expected


def test_the_us_state_department_is_not_usaid(clients_library):
    assert "state" not in chosen(clients_library, "USAID")
    assert chosen(clients_library, "Department of State") == ["state"]


def test_cli_client_option(clients_library):
    result = CliRunner().invoke(app, ["projects", "list", "--json", "--client", "DFID", "-l",
                                      str(clients_library.root)])
    assert result.exit_code == 0, result.output
    assert sorted(p["slug"] for p in json.loads(result.stdout)) == ["fcdo", "uk-fcdo"]


def test_donorkit_toml_extends_the_table(clients_library, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "donorkit.toml").write_text(
        '[funders]\n"Ruritanian Aid Agency" = ["RAA", "Ruritania Aid"]\n'
        'USAID = ["American aid agency"]\n', encoding="utf-8")
    monkeypatch.chdir(work)
    table = funders_module.table()
    assert table.identify("American aid agency") == {"USAID"}
    assert table.identify("RAA") == {"Ruritanian Aid Agency"}
    assert table.mentions("Funded by RAA and by the Ruritania Aid programme.") == {
        "Ruritanian Aid Agency": 2}
    assert chosen(clients_library, "American aid agency") == ["usaid"]


def test_donorkit_toml_funders_problems_are_reported_together(tmp_path, monkeypatch):
    (tmp_path / "donorkit.toml").write_text('[funders]\nA = 3\nB = [1]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError) as caught:
        funders_module.table()
    assert len(caught.value.problems) == 2
    assert "funders.A: expected a list of names" in str(caught.value)


def test_acronyms_in_free_text_match_only_as_written():
    table = funders_module.table()
    assert table.mentions("Il a eu lieu; la lutte contre le SIDA; bid for it") == {}
    assert table.mentions("Financé par l'UE et la BAD; Sida supports it") == {
        "EU": 1, "AfDB": 1, "Sida": 1}
