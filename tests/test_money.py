"""Money as pages write it (issue 10): a table of strings and what they parse to, how amounts
are shown per locale, and conversion at the user's own rates."""

from __future__ import annotations

import datetime as dt

import pytest

from donorkit.library.model import Money
from donorkit.values.dates import MonthDate, months_between, parse_month_date
from donorkit.values.money import format_money, parse_money
from donorkit.values.rates import Rates

#: what real project pages and CVs contain -> (amount, ISO currency)
MONEY_STRINGS = [
    ("GBP 18.4 million", 18_400_000, "GBP"),
    ("$12,500,000", 12_500_000, "USD"),
    ("€70 million", 70_000_000, "EUR"),
    ("US$ 3.2m", 3_200_000, "USD"),
    ("70 million euros", 70_000_000, "EUR"),
    ("USD 12.5M", 12_500_000, "USD"),
    ("£1.2bn", 1_200_000_000, "GBP"),
    ("EUR 4,200,000", 4_200_000, "EUR"),
    ("12 500 000 EUR", 12_500_000, "EUR"),
    ("EUR 4,2 millions", 4_200_000, "EUR"),
    ("1.250.000 EUR", 1_250_000, "EUR"),
    ("USD 1.250,50", 1_250.50, "USD"),
    ("USD 1,250.50", 1_250.50, "USD"),
    ("EUR 3,500", 3_500, "EUR"),
    ("2,5 Mio. EUR", 2_500_000, "EUR"),
    ("approx. USD 5 million", 5_000_000, "USD"),
    ("USD 12.5M (approx.)", 12_500_000, "USD"),
    ("about $2m", 2_000_000, "USD"),
    ("5 million US dollars", 5_000_000, "USD"),
    ("2 million pounds sterling", 2_000_000, "GBP"),
    ("CHF 3 million", 3_000_000, "CHF"),
    ("A$ 750k", 750_000, "AUD"),
    ("750,000 usd", 750_000, "USD"),
    ("12500000", 12_500_000, "USD"),  # a bare number: USD, as `value: 12500000` always was
]
NOT_MONEY = ["a lot of money", "1.2.3", "ABC 5", "USD 5 EUR", "tbd", "", "12,34,56",
             "five million dollars"]


@pytest.mark.parametrize(("text", "amount", "currency"), MONEY_STRINGS)
def test_money_strings_parse_to_amount_and_iso_currency(text, amount, currency):
    money = parse_money(text)
    assert money is not None, text
    assert money.amount == pytest.approx(amount)
    assert money.currency == currency
    assert money.text == text  # what the page said is kept


@pytest.mark.parametrize("text", NOT_MONEY)
def test_text_that_is_not_an_amount_is_not_guessed(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "USD\u00a012,500,000"),
    ("fr", "12\u202f500\u202f000\u00a0USD"),
    ("de", "12.500.000\u00a0USD"),
    ("xx-nonsense", "USD\u00a012,500,000"),  # an unknown language falls back to English
])
def test_amounts_are_shown_in_the_document_locale(locale, expected):
    assert format_money(Money(amount=12_500_000, currency="USD"), locale) == expected


def test_unparsed_text_is_shown_as_written():
    money = Money(amount=None, currency="", text="a lot of money")
    assert format_money(money) == str(money) == "a lot of money"


def test_conversion_uses_the_users_rates_only():
    rates = Rates(date=dt.date(2026, 11, 30), base="EUR", rates={"USD": 1.1, "GBP": 0.85})
    usd = Money(amount=1_100_000, currency="USD")
    assert rates.convert(usd, "EUR").amount == pytest.approx(1_000_000)
    assert rates.convert(Money(amount=850, currency="GBP"), "USD").amount == pytest.approx(1100)
    assert rates.convert(Money(amount=1, currency="JPY"), "EUR") is None  # no rate: no guess


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-03", MonthDate(year=2019, month=3)),
    ("2019-03-15", MonthDate(year=2019, month=3)),
    (dt.date(2019, 3, 15), MonthDate(year=2019, month=3)),
    ("03/2019", MonthDate(year=2019, month=3)),
    (2019, MonthDate(year=2019)),
    ("2019", MonthDate(year=2019)),
    ("2019-13", None),
    ("March 2019", None),
    (True, None),
])
def test_month_dates(value, expected):
    assert parse_month_date(value) == expected


def test_duration_in_months_counts_both_ends_and_years_only_is_approximate():
    assert months_between(MonthDate(year=2016, month=2), MonthDate(year=2019, month=7)) == (
        42, False)
    assert months_between(MonthDate(year=2016), MonthDate(year=2019)) == (48, True)
    assert months_between(MonthDate(year=2016), None) == (None, False)
    assert MonthDate(year=2016, month=2).show("fr") == "février 2016"
    assert MonthDate(year=2016, month=2).show() == "February 2016"
