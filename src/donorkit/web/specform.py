"""The capability-statement builder's form <-> a :class:`donorkit.Spec`, and the spec as the YAML
file that ``donorkit export capability-statement --spec`` reads."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import ValidationError

from ..spec import SECTIONS, PreparedFor, Spec

FIELDS = ("title", "subtitle", "client", "tender", "reference", "profile", "intro")
#: Spec keys the form has no field for; an opened spec keeps them in a hidden field.
CARRIED = ("overrides", "max_results", "date", "name")


class FormProblem(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def spec_from_form(form: Mapping[str, str], projects: Sequence[str], sections: Sequence[str],
                   brand: str | None, language: str = "en") -> Spec:
    """A validated spec; FormProblem lists every field that is wrong, in words for the form."""
    carried: dict[str, Any] = {}
    if form.get("carry"):
        try:
            carried = {k: v for k, v in json.loads(form["carry"]).items() if k in CARRIED}
        except (ValueError, AttributeError):
            carried = {}
    if not projects:
        raise FormProblem(["Tick at least one project."])
    chosen = [s for s in SECTIONS if s in sections]
    if not chosen:
        raise FormProblem(["Choose at least one section."])
    data = {
        "title": form.get("title", "").strip() or "Capability statement",
        "subtitle": form.get("subtitle", "").strip(),
        "prepared_for": PreparedFor(client=form.get("client", "").strip(),
                                    tender=form.get("tender", "").strip()),
        "reference": form.get("reference", "").strip(),
        "intro": form.get("intro", "").strip(),
        "profile": form.get("profile") or "short",
        "projects": list(projects),
        "sections": chosen,
        "brand": brand,
        "language": language,
        **carried,
    }
    try:
        return Spec.model_validate(data)
    except ValidationError as exc:
        raise FormProblem([f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                           for e in exc.errors()]) from None


def form_from_spec(spec: Spec) -> dict[str, Any]:
    """The builder's field values for *spec* (an opened file, or the defaults)."""
    carried = spec.model_dump(mode="json", include=set(CARRIED), exclude_defaults=True)
    return {
        "title": spec.title, "subtitle": spec.subtitle, "client": spec.prepared_for.client,
        "tender": spec.prepared_for.tender, "reference": spec.reference, "intro": spec.intro,
        "profile": spec.profile, "sections": spec.included, "brand": spec.brand,
        "language": spec.language,
        "carry": json.dumps(carried) if carried else "",
    }


def spec_yaml(spec: Spec) -> str:
    data = spec.model_dump(mode="json", exclude_defaults=True)
    data.pop("formats", None)
    data["formats"] = ["pdf", "docx"]
    header = ("# Capability statement spec saved by `donorkit serve`. Make the document with\n"
              "#   donorkit export capability-statement --spec THIS_FILE\n"
              "# or open it again in the builder.\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
