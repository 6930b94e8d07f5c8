"""What a public document (case study, capability statement) may show of a project.

Public document types receive :func:`public_view` of each project, in which the confidential
keys are blank whatever a template (or a team's template override) asks for: the guarantee does
not depend on templates remembering to leave something out.
"""

from __future__ import annotations

from .bid import Bid
from .model import Project

#: Project keys a page may mark confidential -> the value that blanks them.
_PROJECT_BLANKS: dict[str, object] = {
    "value": None, "partners": [], "staff_months": None, "beneficiaries": None,
    "highlights": [], "contact": None, "services": [], "location": None, "client": [],
}
_FIELD_OF = {"client": "clients"}


def public_view(project: Project) -> Project:
    """*project* as a public document may show it: bid keys that are confidential by default,
    and every key the page lists under ``confidential``, are blank."""
    bid = project.bid
    hidden = bid.hidden
    bid_blank = {k: Bid.model_fields[k].get_default(call_default_factory=True)
                 for k in hidden if k in Bid.model_fields}
    update: dict[str, object] = {"bid": bid.model_copy(update=bid_blank)}
    for key in hidden:
        if key in _PROJECT_BLANKS:
            update[_FIELD_OF.get(key, key)] = _PROJECT_BLANKS[key]
    extra = {k: v for k, v in project.extra.items() if k not in hidden}
    if len(extra) != len(project.extra):
        update["extra"] = extra
    return project.model_copy(update=update)
