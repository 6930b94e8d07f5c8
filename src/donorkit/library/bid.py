"""The optional keys a project page holds for bids (``Project.bid``).

Forms (``wb-experience``, ``eu-references``, ...) read them; what public documents may not show
is decided in :mod:`.confidential`. Read and validated from front matter by :mod:`.bidkeys`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..values.dates import MonthDate
from .model import Money

Role = Literal["lead", "subcontractor", "consortium member", "joint venture"]
ROLES: tuple[str, ...] = Role.__args__

#: Never in a public document, whatever the page says.
CONFIDENTIAL_BY_DEFAULT = ("contacts", "services_value", "share", "contract_number",
                           "key_staff")


class StaffMember(BaseModel):
    name: str
    function: str = ""


class Associate(BaseModel):
    """An associated consultant (a sub-consultant firm) and the staff-months it provided."""

    name: str
    staff_months: float | None = None


class Referee(BaseModel):
    """A client reference who can vouch for the work (a contracting or technical officer)."""

    name: str
    title: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


class Bid(BaseModel):
    contract_number: str = ""
    contract_type: str = ""
    funding: str = ""  # origin of funding; forms fall back to the client
    role: Role | None = None
    share: float | None = None  # percent of the work carried out by the firm
    services_value: Money | None = None
    staff: int | None = None  # number of staff provided
    associated: list[Associate] = Field(default_factory=list)
    key_staff: list[StaffMember] = Field(default_factory=list)
    contacts: list[Referee] = Field(default_factory=list)
    start_date: MonthDate | None = None
    end_date: MonthDate | None = None
    confidential: list[str] = Field(default_factory=list)  # the page's own additions

    @property
    def hidden(self) -> list[str]:
        """Every key a public document must not show."""
        return list(dict.fromkeys([*CONFIDENTIAL_BY_DEFAULT, *self.confidential]))
