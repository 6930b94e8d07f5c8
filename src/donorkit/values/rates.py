"""Exchange rates the user supplies (``--rates rates.yml``): donorkit never asks the network.

::

    date: 2026-11-30          # the date the rates are for, printed on the form
    base: EUR                 # 1 EUR = ... of each currency below (the ECB's convention)
    rates: {USD: 1.08, GBP: 0.85}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:  # the model imports this package's parser: import it lazily
    from ..library.model import Money


class Rates(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    base: str = "EUR"
    source: str = ""  # where the rates come from, e.g. "ECB reference rates"
    rates: dict[str, float] = Field(default_factory=dict)

    @field_validator("base")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.strip().upper()

    @field_validator("rates")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in value.items() if not v > 0]
        if bad:
            raise ValueError(f"rates must be positive numbers ({', '.join(bad)})")
        return {k.strip().upper(): v for k, v in value.items()}

    def rate(self, currency: str) -> float | None:
        return 1.0 if currency == self.base else self.rates.get(currency)

    def convert(self, money: Money, target: str) -> Money | None:
        """*money* in *target*, or None when a rate is missing."""
        if money.amount is None:
            return None
        if money.currency == target:
            return money
        have, want = self.rate(money.currency), self.rate(target)
        if have is None or want is None:
            return None
        from ..library.model import Money

        return Money(amount=money.amount / have * want, currency=target)


def load_rates(path: str | Path) -> Rates:
    from ..yamlfile import load_model

    return load_model(path, Rates)
