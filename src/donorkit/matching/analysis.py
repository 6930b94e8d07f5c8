"""Text analysis shared by the index and the queries: accents folded, words, stop words and
Snowball stemming per language (English, French, Spanish, Portuguese).

A query is stemmed with its own language's stemmer *and* with those of the pages: a French ToR's
"décentralisation" then meets an English page's "decentralisation", and names (Niger, USAID)
survive either way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..library.folding import strip_accents

LANGUAGES = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese"}

#: Frequent function words that tell the four languages apart (folded); enough for a page or a
#: ToR, which are hundreds of words long.
_MARKERS = {
    "en": "the and of to is with for that be will are this by from which on".split(),
    "fr": "le la les des et du une est pour dans sur au aux qui que par avec".split(),
    "es": "el los las del y una es por para con se al como su que".split(),
    "pt": "o os as do da dos das em uma para com nao sao ao pelo pela".split(),
}
_WORD = re.compile(r"[a-z0-9]+")
_MARKUP = re.compile(r"\]\([^)]*\)|https?://\S+|<[^>]+>|\{[:#][^}]*\}")


def fold(text: str) -> str:
    """Lower case without accents: "Développement" -> "developpement"."""
    return strip_accents(text.casefold())


def strip_markup(text: str) -> str:
    """Markdown link targets, bare URLs, HTML tags and kramdown attributes are not words."""
    return _MARKUP.sub(" ", text)


def words(text: str) -> list[str]:
    """Folded words of two letters or more; bare numbers (years, amounts) are left out."""
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1 and not w.isdigit()]


def detect_language(text: str, sample: int = 600) -> str:
    """en, fr, es or pt by counting marker words; English when nothing stands out."""
    counts = Counter(words(text[: sample * 8])[:sample])
    scores = {lang: sum(counts[w] for w in markers) for lang, markers in _MARKERS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] else "en"


#: A language is "sure" when its marker words are this many at least, and twice the next's.
SURE_MARKERS = 8


def sure_language(text: str, sample: int = 600) -> str | None:
    """The text's language when the evidence is plain (a ToR of a few paragraphs in it), else
    None: a document's language is only set from it then (``match --write-spec``)."""
    counts = Counter(words(text[: sample * 8])[:sample])
    scores = sorted(((sum(counts[w] for w in markers), lang)
                     for lang, markers in _MARKERS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= SURE_MARKERS and best >= 2 * second else None


@lru_cache(maxsize=8)
def stop_words(lang: str) -> frozenset[str]:
    from bm25s import stopwords as sw

    lists = {"en": sw.STOPWORDS_EN_PLUS, "fr": sw.STOPWORDS_FRENCH, "es": sw.STOPWORDS_SPANISH,
             "pt": sw.STOPWORDS_PORTUGUESE}
    return frozenset(w for s in lists[lang] for w in words(s))


@lru_cache(maxsize=8)
def boilerplate_words(lang: str) -> frozenset[str]:
    """Words every ToR in *lang* uses that say nothing of its subject ("terms", "required",
    "particularly"): data/tor-stopwords.toml, on top of :func:`stop_words`."""
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files(__package__).joinpath("data/tor-stopwords.toml")
                         .read_text(encoding="utf-8"))
    return stop_words(lang) | frozenset(w for s in data.get(lang, []) for w in words(s))


@lru_cache(maxsize=8)
def _stemmer(lang: str):  # noqa: ANN202 - PyStemmer has no type stubs
    import Stemmer

    return Stemmer.Stemmer(LANGUAGES[lang])


_STEMS: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}


def stem(tokens: list[str], lang: str) -> list[str]:
    """Stems of *tokens*; each distinct word is stemmed once per process (pages repeat words)."""
    known = _STEMS[lang]
    new = [w for w in set(tokens) if w not in known]
    if new:
        known.update(zip(new, _stemmer(lang).stemWords(new), strict=True))
    return [known[w] for w in tokens]


def terms(text: str, lang: str) -> list[str]:
    """The indexed terms of a text: words less stop words, stemmed in *lang*."""
    stops = stop_words(lang)
    return stem([w for w in words(strip_markup(text)) if w not in stops], lang)


def query_terms(text: str, lang: str, index_languages: Iterable[str]) -> dict[str, float]:
    """Weighted query terms of a (long) text: each word stemmed in the text's language and in
    every language of the index; weight 1 + log(frequency), so a ToR's subject outweighs the
    words its boilerplate uses once."""
    import math

    stops = stop_words(lang)
    counts = Counter(w for w in words(strip_markup(text)) if w not in stops)
    unique = list(counts)
    stems: Counter[str] = Counter()
    for language in dict.fromkeys([lang, *index_languages]):
        per_lang: Counter[str] = Counter()
        for word, s in zip(unique, stem(unique, language), strict=True):
            per_lang[s] += counts[word]
        for s, n in per_lang.items():
            stems[s] = max(stems[s], n)
    return {s: 1.0 + math.log(n) for s, n in stems.items() if n}


def surfaces(text: str, lang: str) -> dict[str, Counter[str]]:
    """stem -> the folded words of *text* that have it, with their counts (for reasons)."""
    stops = stop_words(lang)
    counts = Counter(w for w in words(strip_markup(text)) if w not in stops)
    unique = list(counts)
    out: dict[str, Counter[str]] = {}
    for word, s in zip(unique, stem(unique, lang), strict=True):
        out.setdefault(s, Counter())[word] += counts[word]
    return out
