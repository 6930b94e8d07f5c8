"""Typed exceptions raised by the public API.

The CLI prints ``str(error)`` and exits 1, so the message of each exception is the user-facing text:
it names the file (and line and field, where one exists) and says what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class DonorkitError(Exception):
    """Base of every error donorkit raises on purpose."""


class LibraryError(DonorkitError):
    """The library folder cannot be used at all (missing, not a folder)."""


class ProjectNotFound(DonorkitError):
    def __init__(self, slug: str, known: Sequence[str] = ()) -> None:
        from difflib import get_close_matches

        # Slugs are long; people type their beginning, a word of them, or some of their words
        # ("kenya-chfs" for "kenya-county-health-financing-support-chfs").
        words = [w for w in slug.lower().replace("_", "-").split("-") if w]
        hint = ([k for k in known if k.startswith(slug.lower())]
                or [k for k in known if slug.lower() in k.lower()]
                or [k for k in known if len(words) > 1
                    and all(w in k.lower().split("-") for w in words)]
                or get_close_matches(slug, list(known), n=1))
        extra = f"; did you mean {hint[0]!r}?" if hint and len(slug) >= 3 else ""
        super().__init__(f"no project with slug {slug!r}{extra}")
        self.slug = slug
        self.slugs = [slug]

    @classmethod
    def many(cls, slugs: Sequence[str], known: Sequence[str] = ()) -> ProjectNotFound:
        """One error for several unknown slugs; each keeps its own hint."""
        first = cls(slugs[0], known)
        if len(slugs) > 1:
            first.args = ("; ".join(str(cls(s, known)) for s in slugs),)
            first.slugs = list(slugs)
        return first


class PageNotLoaded(ProjectNotFound):
    """The page a slug names exists but failed to load (its errors say why)."""

    def __init__(self, slug: str, problems: Sequence[str]) -> None:
        DonorkitError.__init__(
            self, f"project {slug!r} failed to load, so no document uses it:\n  "
            + "\n  ".join(problems))
        self.slug = slug
        self.problems = list(problems)


class SelectionError(DonorkitError):
    """A selection option has a value that cannot be used, or nothing was selected."""


class StrictError(DonorkitError):
    """--strict turned warnings into a failure."""


class VocabularyError(DonorkitError):
    """A template rendered HTML outside the closed vocabulary (docs/vocabulary.md)."""

    def __init__(self, template: str, problems: Sequence[str]) -> None:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"template {template} rendered HTML outside the vocabulary (docs/vocabulary.md):\n"
            f"  {shown}{more}"
        )
        self.template = template
        self.problems = list(problems)


class TemplateError(DonorkitError):
    """A template could not be found, compiled or rendered."""


class BrandError(DonorkitError):
    """A brand folder or its _brand.yml is invalid, or one of its files is missing."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line else f"{file}: "
        field = f"{key}: " if key else ""
        super().__init__(f"{where}{field}{message}")
        self.file, self.line, self.key = file, line, key


class SpecError(DonorkitError):
    """A capability-statement spec or batch manifest is invalid (all problems are listed)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class AssetError(DonorkitError):
    """A resource outside the allowed folders, or one that does not exist, was requested."""


class RenderError(DonorkitError):
    """A document could not be produced for one project or selection."""


class OutputError(DonorkitError):
    """An output file or folder cannot be written."""


class CheckerMissing(DonorkitError):
    """An optional checker (the ``accessibility`` extra) is not installed."""


class TorError(DonorkitError):
    """Terms of reference cannot be read: an unsupported, unreadable or image-only file."""


class BatchError(DonorkitError):
    """A batch cannot run at all: no scheduler, no Dask, or a script that would restart it in
    every worker."""
