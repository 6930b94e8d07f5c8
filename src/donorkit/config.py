"""Project settings: ``donorkit.toml`` in the working folder and ``DONORKIT_*`` variables.

Precedence, highest first: command-line option / API argument, environment variable, donorkit.toml,
built-in default. Every problem in donorkit.toml is reported at once, with its line.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SpecError
from .resources import example_library

CONFIG_NAME = "donorkit.toml"
KEYS = {"library": str, "templates": str, "assets": str, "brand": str, "out": str,
        "allow_remote": bool, "strict": bool, "glossary": str,
        "funders": dict}  # [funders]: aliases added to the built-in table (library/funders.py)


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
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError([f"{path}: {exc}"]) from exc
    problems = []
    for key, value in data.items():
        expected = KEYS.get(key)
        if expected is None:
            problems.append(f"{path}: unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
        elif not isinstance(value, expected):
            problems.append(f"{path}: {key}: expected {expected.__name__}")
    if problems:
        raise SpecError(problems)
    return Config(path, data)


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
