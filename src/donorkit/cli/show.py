"""Readable `projects show` and `brands show`: YAML a person can scan (and paste into a page or a
brand file), instead of a Python dict; --json keeps the whole model for scripts."""

from __future__ import annotations

from typing import Any

from . import output


def as_yaml(data: Any) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        # long text as a folded block, so a summary reads as a paragraph
        style = ">" if len(value) > 80 and "\n" not in value else "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=96,
                     default_flow_style=False)


def project_view(project: Any) -> dict[str, Any]:
    """The front matter as donorkit read it, and the body as its section titles with sizes."""
    from ..context import plain

    data = project.model_dump(mode="json", exclude={"body", "summary_html", "extra"})
    data["countries"] = project.country_names
    data["promos"] = [{"title": p.title, "url": p.url} for p in project.promos]
    data = {k: v for k, v in data.items() if v not in (None, [], {}, "")}
    body = project.body
    data["body"] = [
        f"{s.title} ({len(s.items)} items)" if s.items
        else f"{s.title} ({len(plain(s.html).split())} words)"
        for s in body.sections
    ] + [f"{m.kind}: {m.caption or m.url}" for m in body.media]
    if project.extra:
        data["extra"] = project.extra
    return data


def print_yaml(data: Any) -> None:
    output.out.print(output.escape(as_yaml(data).rstrip()), highlight=False)
