"""Project settings: ``donorkit.toml`` in the working folder and ``DONORKIT_*`` variables.

Precedence, highest first: command-line option / API argument, environment variable, donorkit.toml,
built-in default. Every problem in donorkit.toml is reported at once, with its line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

from .errors import SpecError
from .formats import FORMATS
from .resources import example_library

CONFIG_NAME = "donorkit.toml"
KEYS: dict[str, type | tuple[type, ...]] = {
    "library": str, "templates": str, "assets": str, "brand": str, "out": str,
    "allow_remote": bool, "strict": bool, "formats": (list, str), "paper": str, "language": str,
    "glossary": str,  # the library's own terms in other languages (i18n/glossary)
    "funders": dict,  # [funders]: aliases added to the built-in table (library/funders.py)
}
#: Keys whose value must be one of these (formats: each item).
CHOICES = {"formats": FORMATS, "paper": ("A4", "Letter")}
_TYPE_NAMES = {str: "text", bool: "true or false", list: "a list", dict: "a table"}


@dataclass
class Config:
    path: Path | None = None
    values: dict[str, object] = field(default_factory=dict)

    def get_path(self, key: str) -> Path | None:
        value = self.values.get(key)
        if not isinstance(value, str):
            return None
        base = self.path.parent if self.path else Path.cwd()
        return (base / value).expanduser()


def load_config(folder: Path | None = None) -> Config:
    path = (folder or Path.cwd()) / CONFIG_NAME
    if not path.is_file():
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        at = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        where = f"{path}:{at.group(1)}" if at else str(path)
        message = str(exc).replace(at.group(0), "").strip() if at else str(exc)
        raise SpecError([f"{where}: error: {message}"]) from None
    problems = config_problems(path, data, text)
    if problems:
        raise SpecError(problems)
    if isinstance(data.get("formats"), str):
        data["formats"] = [data["formats"]]
    if isinstance(data.get("paper"), str):
        data["paper"] = {"a4": "A4", "letter": "Letter"}[data["paper"].lower()]
    return Config(path, data)


def _line_of(text: str, key: str) -> int | None:
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def config_problems(path: Path, data: dict[str, object], text: str) -> list[str]:
    """Every problem of donorkit.toml as ``file:line: error: key: message``, top to bottom."""
    problems = []
    for key, value in data.items():
        line = _line_of(text, key)
        where = f"{path}:{line}" if line else str(path)
        expected = KEYS.get(key)
        if expected is None:
            hint = get_close_matches(key, list(KEYS), n=1)
            known = (f"did you mean {hint[0]!r}?" if hint
                     else f"known keys: {', '.join(sorted(KEYS))}")
            problems.append((line or 0, f"{where}: error: {key}: unknown key {key!r}; {known}"))
            continue
        types = expected if isinstance(expected, tuple) else (expected,)
        # bool is an int in Python, and a TOML string is never a bool: check exact types
        if not any(type(value) is t for t in types):
            wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            problems.append((line or 0, f"{where}: error: {key}: {value!r}: expected {wanted}"))
            continue
        choices = CHOICES.get(key)
        items = value if isinstance(value, list) else [value]
        for item in items if choices else []:
            if not isinstance(item, str) or item.lower() not in {c.lower() for c in choices}:
                problems.append((line or 0, f"{where}: error: {key}: {item!r} is not one of "
                                            f"{', '.join(choices)}"))
        refers = REFERS.get(key)
        message = refers(path, value) if refers else None
        if message:
            problems.append((line or 0, f"{where}: error: {key}: {message}"))
    return [text for _, text in sorted(problems, key=lambda p: p[0])]


def _language_problem(path: Path, value: object) -> str | None:
    from .i18n.locales import LanguageError, resolve_language

    try:
        resolve_language(str(value))
    except LanguageError as exc:
        return str(exc)
    return None


def _brand_problem(path: Path, value: object) -> str | None:
    from .brand import find_brand
    from .errors import DonorkitError

    name = str(value)
    try:
        # a name is looked up as every brand option's is; a folder is relative to this file
        find_brand(path.parent / name if "/" in name or "\\" in name else name)
    except DonorkitError as exc:
        return str(exc)
    return None


#: Keys whose (well-typed) value names something that must exist, checked in the same pass as
#: the rest so that one run reports every problem of the file, each with its line. Imported
#: when the key is present only: most commands never read a brand or a catalog.
REFERS = {"language": _language_problem, "brand": _brand_problem}


@dataclass
class LibraryChoice:
    path: Path
    source: str  # "option", "DONORKIT_LIBRARY", "donorkit.toml", "./projects", "example"

    @property
    def note(self) -> str | None:
        if self.source == "example":
            return (f"no library given (--library, DONORKIT_LIBRARY, donorkit.toml or ./projects): "
                    f"using the bundled example library {self.path}")
        return None


def choose_library(option: Path | None = None, config: Config | None = None) -> LibraryChoice:
    if option is not None:
        return LibraryChoice(Path(option), "option")
    env = os.environ.get("DONORKIT_LIBRARY")
    if env:
        return LibraryChoice(Path(env).expanduser(), "DONORKIT_LIBRARY")
    config = config if config is not None else load_config()
    configured = config.get_path("library")
    if configured is not None:
        return LibraryChoice(configured, "donorkit.toml")
    if Path("projects").is_dir():
        return LibraryChoice(Path("projects"), "./projects")
    return LibraryChoice(example_library(), "example")
