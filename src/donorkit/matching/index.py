"""The text index of a library: one BM25 index (bm25s) per field, weighted when scored.

Built the first time a library is searched and cached on disk under the user's cache folder (or
``$DONORKIT_CACHE_DIR``), keyed by a hash of every page's indexed text: a changed, added or
removed page gives a new key, so a stale index is never read. Only the few most recent indexes
are kept. The cache is a folder of ``.npy`` arrays and JSON (no pickle): reading it runs no code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..library.model import Project
from .analysis import detect_language, strip_markup, terms

log = logging.getLogger("donorkit")

#: Field weights: a word in the title says more about a project than one in its body.
FIELDS: dict[str, float] = {"title": 3.0, "summary": 2.0, "body": 1.0}
INDEX_VERSION = "2"
KEEP = 4  # indexes kept in the cache (one per library state)


def field_texts(project: Project) -> dict[str, str]:
    return {"title": project.title, "summary": project.summary,
            "body": strip_markup(project._body_source)}


def fingerprint(projects: Sequence[Project]) -> str:
    digest = hashlib.blake2b(f"donorkit-index {INDEX_VERSION}\n".encode(), digest_size=16)
    for p in projects:
        for text in (p.slug, p.title, p.summary, p._body_source):
            digest.update(text.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
    return digest.hexdigest()


def cache_root() -> Path:
    """donorkit's cache folder ($DONORKIT_CACHE_DIR, else the user cache folder)."""
    from ..cachestore import cache_dir

    return cache_dir()


@dataclass
class TextIndex:
    """BM25 per field over a fixed list of projects (``slugs``, in library order)."""

    slugs: list[str]
    languages: list[str]  # per page, for stemming queries the way the page was stemmed
    retrievers: dict[str, Any]  # field -> bm25s.BM25; a field no page has text in is absent

    @property
    def index_languages(self) -> list[str]:
        return sorted(set(self.languages))

    def scores(self, query: dict[str, float]) -> Any:
        """Weighted BM25 score of every page for weighted query terms (numpy array)."""
        import numpy as np

        total = np.zeros(len(self.slugs), dtype="float32")
        for name, retriever in self.retrievers.items():
            weight = FIELDS[name]
            vocab = retriever.vocab_dict
            # bm25s sums its terms unweighted: group the query's terms by weight instead.
            groups: dict[float, list[str]] = {}
            for term, w in query.items():
                if term in vocab:
                    groups.setdefault(round(w, 2), []).append(term)
            for w, group in groups.items():
                total += weight * w * retriever.get_scores(group)
        return total

    def docs_with(self, term: str) -> set[int]:
        """Positions (in ``slugs``) of the pages that have *term* in any field."""
        found: set[int] = set()
        for retriever in self.retrievers.values():
            tid = retriever.vocab_dict.get(term)
            if tid is not None:
                indptr = retriever.scores["indptr"]
                found.update(retriever.scores["indices"][indptr[tid]:indptr[tid + 1]].tolist())
        return found

    def idf(self, term: str) -> float:
        """Inverse page frequency of *term*, by the field where it is most common (0 when no
        page has it)."""
        df = 0
        for retriever in self.retrievers.values():
            tid = retriever.vocab_dict.get(term)
            if tid is not None:
                indptr = retriever.scores["indptr"]
                df = max(df, int(indptr[tid + 1] - indptr[tid]))
        if not df:
            return 0.0
        n = len(self.slugs)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


def build(projects: Sequence[Project]) -> TextIndex:
    import bm25s

    languages, fields = [], {name: [] for name in FIELDS}
    for p in projects:
        texts = field_texts(p)
        lang = detect_language(texts["summary"] + "\n" + texts["body"][:3000])
        languages.append(lang)
        for name in FIELDS:
            fields[name].append(terms(texts[name], lang))
    retrievers = {}
    for name, corpus in fields.items():
        if not any(corpus):
            continue  # bm25s cannot index a field without a single word (no page has a summary)
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
        retrievers[name] = retriever
    return TextIndex([p.slug for p in projects], languages, retrievers)


def load_or_build(projects: Sequence[Project], cache: Path | None | bool = None) -> TextIndex:
    """The index of *projects*, from the cache when it holds this exact library state.

    ``cache``: a folder, ``None`` for :func:`cache_root`, or ``False`` for no cache at all. A
    cache that cannot be read or written is ignored (logged): searching never fails for it."""
    from ..cachestore import enabled

    if cache is False or not projects or (cache is None and not enabled()):
        return build(projects)  # --no-cache ($DONORKIT_NO_CACHE) covers this cache too
    root = (Path(cache) if isinstance(cache, (str, Path)) else cache_root()) / "match-index"
    key = fingerprint(projects)
    folder = root / key
    if folder.is_dir():
        try:
            index = _load(folder)
            os.utime(folder)  # most recently used
            return index
        except (OSError, ValueError, KeyError) as exc:
            log.debug("match index cache %s unreadable (%s): rebuilding", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)  # else the rebuilt one cannot replace it
    index = build(projects)
    try:
        _save(index, root, key)
        _prune(root)
    except OSError as exc:
        log.debug("match index cache %s not written: %s", folder, exc)
    return index


def _save(index: TextIndex, root: Path, key: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    try:
        for name, retriever in index.retrievers.items():
            retriever.save(str(tmp / name))
        (tmp / "pages.json").write_text(json.dumps(
            {"version": INDEX_VERSION, "slugs": index.slugs, "languages": index.languages,
             "fields": list(index.retrievers)}), encoding="utf-8")
        os.replace(tmp, root / key)  # atomic: a reader sees the whole index or none
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (root / key).is_dir():
            raise


def _load(folder: Path) -> TextIndex:
    import bm25s

    pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    if pages.get("version") != INDEX_VERSION:
        raise ValueError("index version")
    retrievers = {name: bm25s.BM25.load(str(folder / name), load_corpus=False)
                  for name in pages["fields"] if name in FIELDS}
    return TextIndex(pages["slugs"], pages["languages"], retrievers)


def _prune(root: Path) -> None:
    entries = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
