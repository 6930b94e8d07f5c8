"""Reading terms of reference: PDF (pypdf), DOCX (python-docx, paragraphs and table cells), Markdown
or plain text, from a file or from bytes (standard input). Then the facts a bid starts from: the
title line, the tender reference and the language.

A ToR is untrusted input: every failure to read it is a :class:`TorError` naming the file and
saying what to do, never a traceback.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import TorError
from .analysis import detect_language, fold, sure_language

SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt")
MAX_BYTES = 64 * 1024 * 1024  # a ToR with annexes and scans; larger is not a ToR
MIN_CHARS_PER_PAGE = 20  # below this a PDF page has no real text layer


@dataclass
class Tor:
    """The text of terms of reference and what was found in it."""

    text: str
    source: str = "<text>"
    title: str = ""
    reference: str = ""
    language: str = "en"
    #: *language* was plain from the text (not a guess between close counts, nor English
    #: because nothing stood out): a bid document may be written in it.
    language_sure: bool = False

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> Tor:
        if not text.strip():
            raise TorError(f"{source}: the terms of reference contain no text")
        language = detect_language(text)
        return cls(text=text, source=source, title=find_title(text),
                   reference=find_reference(text), language=language,
                   language_sure=sure_language(text) == language)


def read_tor(path: str | Path) -> Tor:
    """Read a ToR file (.pdf, .docx, .md, .markdown or .txt)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise TorError(f"{path}: is a folder, not a file")
    if suffix not in SUFFIXES:
        raise TorError(f"{path}: unsupported file type {suffix or '(none)'!r}; give a .pdf, "
                       ".docx, .md or .txt file (or - for standard input)")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TorError(f"{path}: larger than {MAX_BYTES // 1048576} MB; is it a ToR?")
        data = path.read_bytes()
    except IsADirectoryError:
        raise TorError(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise TorError(f"{path}: no such file") from None
    except OSError as exc:
        raise TorError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return read_bytes(data, str(path), kind=suffix.lstrip("."))


def read_bytes(data: bytes, source: str = "<stdin>", kind: str | None = None) -> Tor:
    """Read a ToR from bytes; *kind* (pdf, docx, md, txt) is sniffed when not given."""
    if kind is None:
        kind = "pdf" if data.startswith(b"%PDF") else "docx" if data.startswith(b"PK") else "txt"
    if kind == "pdf":
        text = _pdf_text(data, source)
    elif kind == "docx":
        text = _docx_text(data, source)
    else:
        text = _plain_text(data, source)
    return Tor.from_text(text, source)


def _plain_text(data: bytes, source: str) -> str:
    if b"\0" in data[:4096]:
        raise TorError(f"{source}: not a text file (binary content); give a .pdf, .docx, .md "
                       "or .txt file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Word's "Save as text" on Windows writes cp1252; it decodes every byte that matters.
        return data.decode("cp1252", errors="replace")


def _pdf_text(data: bytes, source: str) -> str:
    # Imported here: pypdf takes a quarter of a second to import, and only PDF ToRs need it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise TorError(f"{source}: the PDF is password-protected; save an unprotected "
                               "copy")
            pages = [page.extract_text() or "" for page in reader.pages]
    except TorError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError) as exc:  # pypdf raises plain errors on damaged files
        raise TorError(f"{source}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if not pages:
        raise TorError(f"{source}: the PDF has no pages")
    if len(text.strip()) < MIN_CHARS_PER_PAGE * len(pages):
        raise TorError(
            f"{source}: the PDF has no text layer (a scanned document?): {len(pages)} page(s), "
            f"{len(text.strip())} characters of text. Run it through OCR (for example "
            "`ocrmypdf in.pdf out.pdf`) or save the text as a .txt file, then match that.")
    return text


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs its repairs of damaged files ("invalid pdf header", "EOF marker not found")
    as warnings: on the user's terminal above donorkit's own error they are noise, and for a
    file it reads they say nothing the user can act on."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _docx_text(data: bytes, source: str) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
        lines = list(_docx_lines(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TorError(f"{source}: not a readable Word document (.docx): {exc}") from None
    return "\n".join(lines)


def _docx_lines(container) -> list[str]:  # noqa: ANN001 - a Document or a table cell
    """Paragraphs and table cells in reading order; a merged cell once; nested tables too."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            # the elements themselves, not their id(): a proxy lxml has freed may give its id
            # to the next cell's, which was then skipped as "already read"
            seen: set[object] = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    lines.extend(_docx_lines(cell))
        elif block.text.strip():
            lines.append(block.text)
    return lines


# -- what the ToR says about itself ----------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^(?:(?:annex|annexe|anexo|appendix|section|part|partie|parte|chapter|chapitre|capitulo)"
    r"\s*[a-z0-9ivx.:-]*|terms of reference|termes de reference|terminos de referencia|"
    r"termos de referencia|tor|tdr|request for (?:proposals?|quotations?|applications?)|"
    r"rfp|rfq|invitation to tender|tender dossier|dossier d'appel d'offres|"
    r"appel d'offres|cahier des charges|pliego de condiciones|draft|final|confidential|"
    r"table of contents|contents|sommaire|indice|page \d+(?: of \d+)?|\d+)\W*$")
_PREFIX = re.compile(
    r"^(?:terms of reference|termes de r[ée]f[ée]rence|t[ée]rminos de referencia|"
    r"termos de refer[êe]ncia|tor|tdr)\s*(?:for|pour|para|de|du|des)?\s*[:–—-]?\s*",
    re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:title|titre|titulo|título|project|projet|proyecto|projeto|"
                    r"assignment|mission)\s*(?:title|name)?\s*[:：]\s*(.+)$", re.IGNORECASE)


def find_title(text: str) -> str:
    """The ToR's title line: a "Title:" line, else the first line that is not boilerplate
    ("TERMS OF REFERENCE", "Annex II", a page number), with a "Terms of reference for" prefix
    removed; Markdown heading marks are dropped. A title a PDF broke over lines is joined with
    the lines that continue it (see :func:`_continues`)."""
    raw = [" ".join(re.sub(r"^#+\s*|\s*#+$|[*_]{2}", "", line).split())
           for line in text.splitlines()[:200]]
    # (position in raw, line) of the lines with text; a blank line ends a title
    lines = [(i, line) for i, line in enumerate(raw) if line]
    for at, line in lines[:40]:
        labelled = _LABEL.match(line)
        if labelled and len(labelled.group(1).split()) >= 2:
            return _tidy(_with_continuation(labelled.group(1), raw, at)[0])
    after = -1  # lines up to here were read as part of the line before
    for at, line in lines[:25]:
        if at <= after or _BOILERPLATE.match(fold(line)) or _is_reference_line(line):
            continue
        # "Terms of / Reference" wrapped is boilerplate too, as is "Terms of reference for"
        # wrapped before its subject
        line, after = _with_continuation(line, raw, at)
        if _BOILERPLATE.match(fold(line)):
            continue
        rest = _PREFIX.sub("", line).strip(" :-–—")
        if rest != line:  # "Terms of reference for the X" -> "X"
            rest = re.sub(r"^(?:the|la|le|les|el|los|las|l')\s*", "", rest, flags=re.IGNORECASE)
        if len(rest.split()) >= 2 and re.search(r"[^\W\d_]", rest):
            return _tidy(rest)
    return ""


def _is_reference_line(line: str) -> bool:
    """"Reference: RFP No. 72065623R00012", "Réf. : AO-2026-014": a line that ends with the
    reference it labels."""
    reference = find_reference(line)
    return bool(reference) and line.rstrip(" .;)").endswith(reference)


MAX_TITLE_LINES = 8  # a long title in a narrow column; 40 words at most


def _with_continuation(title: str, raw: list[str], at: int) -> tuple[str, int]:
    """(*title*, found on line *at*, with the lines right after it that continue it; the
    position of the last line taken)."""
    previous, last = title, at
    for line in raw[at + 1:at + MAX_TITLE_LINES]:
        if not line or not _continues(title, previous, line):
            break
        title = f"{title[:-1]}{line}" if title.endswith(("-", "‐")) and line[:1].islower() \
            else f"{title} {line}"
        previous, last = line, last + 1
    return title, last


def _continues(title: str, previous: str, line: str) -> bool:
    """Whether *line* goes on with *title*, as when a PDF wraps a long title: the title has no
    sentence end and the line is no label, reference, boilerplate or heading, and either the
    title ends on a word that needs more ("of", "and", "-"), the line opens in lower case ("in
    the Ministry of Finance"), or both are set alike (all capitals, or Title Case) with the line
    no longer than the title's last line (*previous*): a sentence that follows a title reads
    otherwise."""
    from .analysis import boilerplate_words, words

    if title.endswith((".", "!", "?", ":", ";")) or _LABEL.match(line) or (
            _is_reference_line(line) or _BOILERPLATE.match(fold(line))
            or re.match(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s", line, re.IGNORECASE)
            or re.match(r"^\w+(?:\s+\w+)?\s*:", line)):  # "Background:", "Country: Ghana"
        return False
    if len(title.split()) + len(line.split()) > 40:
        return False
    last = title.split()[-1].lower()
    if last in _SMALL or title.endswith(("-", "‐", "–", ",", "&", "/")):
        return True
    if line[:1].islower():
        return True
    if set(words(line)) <= boilerplate_words("en") | boilerplate_words("fr") \
            | boilerplate_words("es") | boilerplate_words("pt"):
        return False  # "Background", "OBJECTIVES": a heading, not the title's end
    if len(line) > len(previous):
        return False
    if previous.isupper() and line.isupper():
        return True
    return _is_title_case(previous) and _is_title_case(line)


def _is_title_case(text: str) -> bool:
    """Every word capitalised but the small ones ("Reform of Public Finances in Ghana")."""
    found = re.findall(r"[^\W\d_][\w'’-]*", text)
    return bool(found) and all(w[0].isupper() or w.lower() in _SMALL for w in found) and any(
        w[0].isupper() for w in found)


def _tidy(title: str) -> str:
    title = title.strip(" .:;-–—")
    if len(title) > 200:
        title = title[:200].rsplit(" ", 1)[0] + "…"
    if title.isupper():
        title = _title_case(title)
    return title


_SMALL = {"and", "of", "the", "for", "in", "to", "on", "at", "de", "des", "du", "la", "le", "les",
          "et", "y", "el", "los", "las", "para", "en", "do", "da", "e", "o", "a", "au", "aux",
          "del", "al", "dos", "das", "com", "con", "par", "sur", "by", "with"}


def _title_case(title: str) -> str:
    """A title typed in capitals reads as shouting on a cover. Acronyms keep their capitals: a
    word in brackets, a word without vowels (PFM), a funder's acronym (USAID)."""
    from ..library.funders import is_acronym, table

    acronyms = {a for f in table().funders.values() for a in (f.id, *f.aliases)
                if is_acronym(a) and a.isupper()}
    words = []
    for i, word in enumerate(title.split()):
        core = word.strip("()[],.:;")
        if word.startswith("(") or core in acronyms or not re.search(r"[AEIOUY]", core):
            words.append(word)
        elif i and word.lower() in _SMALL:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)


# A label may follow another ("Reference: RFP No. 72065623R00012"): the code is after the last.
_REFERENCE = re.compile(
    r"(?:(?:(?:publication\s+)?reference|r[ée]f\.?|r[ée]f[ée]rence|referencia|refer[êe]ncia|"
    r"tender|solicitation|rfp|rfq|rfa|itt|contract|contrat|contrato|procurement|notice|dossier|"
    r"appel d'offres|licitaci[óo]n|licita[çc][ãa]o|avis)"
    r"\s*(?:no\.?|n[°ºo]\.?|number|num[ée]ro|n[úu]mero|#|id)?\s*[:.]?\s*)+"
    r"([A-Z0-9][A-Za-z0-9]*(?:[/_.-][A-Za-z0-9]+)*)", re.IGNORECASE)
_EUROPEAID = re.compile(r"\bEuropeAid/\d+/[A-Z0-9/_.-]+", re.IGNORECASE)


def find_reference(text: str) -> str:
    """A tender reference ("EuropeAid/123456/DD/ACT/KE", "RFP No. 72062123R00004"): the first
    labelled code that holds a digit and is at least five characters long."""
    found = _EUROPEAID.search(text)
    if found:
        return found.group(0).rstrip("./-")
    for m in _REFERENCE.finditer(text[:20000]):
        code = m.group(1).rstrip("./-")
        if len(code) >= 5 and any(ch.isdigit() for ch in code) and not re.fullmatch(
                r"(?:19|20)\d\d", code):
            return code
    return ""
