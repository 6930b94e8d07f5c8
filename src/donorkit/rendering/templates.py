"""Document types and the Jinja2 environment.

A document type is a folder of ``report_templates/`` with a ``doctype.yml`` declaration; the
environment searches override folders (``--templates``) before the built-in templates, so a team can
replace one partial and keep the rest. Autoescape is on and undefined names are errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2
import yaml
from pydantic import BaseModel, Field, ValidationError

from .. import cachestore
from ..errors import TemplateError
from .declarations import declaration_files, read_raw, search_path

if TYPE_CHECKING:
    from ..i18n.content import Localiser


class DocType(BaseModel):
    name: str
    label: str = ""  # how the document calls itself ("Case study")
    description: str = ""
    per: Literal["project", "selection"]
    template: str
    title: str
    filename: str
    kind: Literal["document", "form"] = "document"  # a form declares its fields (docs/forms.md)
    # "public" documents never see confidential keys (library/confidential.py); only a bid
    # document such as a funder's form may declare "bid"
    audience: Literal["public", "bid"] = "public"
    path: Path | None = Field(default=None, exclude=True)  # the doctype.yml it was read from


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by Jinja, kept in donorkit's cache folder (kind ``templates``): parsing
    and compiling a case study's templates is about 20 ms of every export. Jinja checks each
    entry against a hash of the template's source and its own and Python's versions, so an
    edited template is compiled again; a cache folder that cannot be written costs speed only."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates() -> jinja2.BytecodeCache | None:
    if not cachestore.enabled():
        return None
    folder = cachestore.cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


@lru_cache(maxsize=32)
def _environment(path: tuple[Path, ...], language: str = "en",
                 terms: tuple[tuple[str, str], ...] = ()) -> jinja2.Environment:
    """One environment per template path and language (with the library's glossary terms):
    the catalogs are installed in it, so concurrent renders in other languages never share it."""
    from ..i18n.content import Localiser
    from ..i18n.glossary import Glossary
    from ..i18n.jinja import install

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        bytecode_cache=_compiled_templates(),
    )
    env.filters["slugify"] = slugify
    install(env, Localiser.create(language, Glossary(terms={language: dict(terms)})))
    return env


def environment(overrides: Sequence[Path] = (), localiser: Localiser | None = None
                ) -> jinja2.Environment:
    """The environment for templates under *overrides* then the built-ins, in the language of
    *localiser* (English when none)."""
    for folder in overrides:
        if not Path(folder).is_dir():
            raise TemplateError(f"template folder {folder} does not exist")
    if localiser is None:
        return _environment(search_path(overrides))
    return _environment(search_path(overrides), localiser.language.tag,
                        tuple(sorted(localiser.terms.items())))


def list_doctypes(overrides: Sequence[Path] = ()) -> dict[str, DocType]:
    found: dict[str, DocType] = {}
    for decl in declaration_files(overrides):
        doctype = _read_doctype(decl)
        found[doctype.name] = doctype
    return found


def get_doctype(name: str, overrides: Sequence[Path] = ()) -> DocType:
    known = list_doctypes(overrides)
    if name not in known:
        raise TemplateError(f"unknown document type {name!r}; known: {', '.join(sorted(known))}")
    return known[name]


#: Declarations read by this process, with the (mtime, size) they were read at: every export and
#: every batch task looks its document type up among all of them.
_DECLARED: dict[Path, tuple[tuple[int, int], DocType]] = {}


def _read_doctype(path: Path) -> DocType:
    """The declaration at *path*, read again only when the file changed."""
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = _DECLARED.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        data = read_raw(path)
        doctype = DocType(**{k: v for k, v in data.items() if k != "form"}, path=path)
    except (OSError, yaml.YAMLError, TypeError, AttributeError, ValidationError) as exc:
        raise TemplateError(f"{path}: invalid document type declaration: {exc}") from None
    _DECLARED[path] = (stamp, doctype)
    return doctype


def render_string(env: jinja2.Environment, source: str, context: dict[str, Any]) -> str:
    try:
        return env.from_string(source).render(context)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"cannot render {source!r}: {exc}") from None


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name} not found (searched: "
                            f"{', '.join(str(p) for p in env.loader.searchpath)})") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None


def slugify(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120] or "document"


