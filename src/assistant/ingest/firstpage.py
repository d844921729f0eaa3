"""What a document's first page says about it: title, symbol, date and language.

OAS documents open with a header: the organisation and council, the meeting,
then a block of document symbols, the date and the original language, and
only then the document's own title. The header ends at the first numbered
paragraph, table of contents or long paragraph.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant import lexicons
from assistant.ingest.structure import starts_item
from assistant.types import Block

MONTHS = lexicons.month_numbers()  # every language's spellings and abbreviations -> 1-12
_M = lexicons.month_words(abbreviations=True)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°|o)?\s+(?:de\s+)?({_M})\.?,?\s+(?:de\s+|del\s+)?"
                  rf"(\d{{4}})\b", re.I)
# "December 3 – 5, 2019", "September 22, 23 and 24, 2021": the first day of a range
_MDY = re.compile(rf"\b({_M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                  rf"(?:\s*(?:[–-]|,|and|y|e|et)\s*\d{{1,2}}\b)*,?\s+(\d{{4}})\b",
                  re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")

_SERIES = re.compile(r"\b(?:OEA|OAS)/Ser\.[A-Z](?:/[A-Z0-9][\w.-]*[\w])+")
_DOC_SYMBOL = re.compile(r"\b[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]+)*(?:/[A-Za-z0-9-]+)*/"
                         r"(?:doc|DOC|Doc|INF|inf|RES|res|dec|DEC)\.\s?\d+(?:/\d+)?"
                         r"(?:\s?(?:rev|corr|add)\.\s?\d+)*")
_BOILERPLATE = re.compile(
    r"^(organi[sz]ation of american states|organizaci[oó]n de los estados americanos|"
    r"organiza[cç][aã]o dos estados americanos|organisation des [eé]tats am[eé]ricains|"
    r"inter-american council|consejo interamericano|conselho interamericano|conseil interam[eé]ricain|"
    r"original|distribution|distribuci[oó]n|contents?$|[ií]ndice$|index$|sumario$|sum[aá]rio$|"
    r"table des mati[eè]res$)", re.I)

def header(blocks: list[Block], limit: int = 25) -> list[Block]:
    """The blocks before the body starts."""
    out: list[Block] = []
    for b in blocks[:limit]:
        if b.kind == "toc" or (b.kind != "heading" and (starts_item(b.text) or len(b.text.split()) > 40)):
            break
        out.append(b)
    return out


def find_symbol(blocks: list[Block]) -> str:
    """"CIMT-20/GT1-GT2/doc.10/19 (OEA/Ser.L/XIX.VI.1)": the document symbol, with
    the OAS series in brackets when both appear; only the header is read, since
    the body cites other documents' symbols."""
    text = "\n".join(b.text for b in header(blocks))
    doc, series = _DOC_SYMBOL.search(text), _SERIES.search(text)
    if doc and series:
        return f"{doc.group(0)} ({series.group(0)})"
    found = doc or series
    return found.group(0).rstrip(".,;") if found else ""


def _valid(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _dates(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for m in _DMY.finditer(text):
        found.append((m.start(), _valid(int(m[3]), MONTHS[m[2].lower()], int(m[1]))))
    for m in _MDY.finditer(text):
        found.append((m.start(), _valid(int(m[3]), MONTHS[m[1].lower()], int(m[2]))))
    for m in _ISO.finditer(text):
        found.append((m.start(), _valid(int(m[1]), int(m[2]), int(m[3]))))
    for m in _NUMERIC.finditer(text):
        a, b = int(m[1]), int(m[2])
        day, month = (b, a) if b > 12 >= a else (a, b)  # day first, as OAS documents write it
        found.append((m.start(), _valid(int(m[3]), month, day)))
    return sorted((pos, iso) for pos, iso in found if iso)


def find_date(blocks: list[Block]) -> str:
    """The document's own date: on its symbol line if it has one, else the first
    date of the header, else the first date of the first page."""
    head = header(blocks)
    for b in head:
        if (_DOC_SYMBOL.search(b.text) or _SERIES.search(b.text)) and (d := _dates(b.text)):
            return d[0][1]
    for text in ("\n".join(b.text for b in head), "\n".join(b.text for b in blocks[:25])):
        if d := _dates(text):
            return d[0][1]
    return ""


def _is_boilerplate(text: str) -> bool:
    t = text.strip()
    return bool(_BOILERPLATE.match(t) or _SERIES.fullmatch(t) or _DOC_SYMBOL.fullmatch(t)
                or (_dates(t) and len(t.split()) <= 6))


def find_title(blocks: list[Block]) -> str:
    """A top-level heading (Markdown #, Word Title/Heading 1); else the first
    heading after the symbol block; else the first heading or short line."""
    first = blocks[:25]
    if top := next((b.text for b in first if b.kind == "heading" and b.level == 1 and b.text.strip()),
                   ""):
        return top
    head = header(blocks)
    marks = [i for i, b in enumerate(head) if _SERIES.search(b.text) or _DOC_SYMBOL.search(b.text)]
    after = head[marks[-1] + 1:] if marks else []
    for pool in (after, head):
        for b in pool:
            if b.kind == "heading" and len(b.text.split()) >= 2 and not _is_boilerplate(b.text):
                return b.text
    return next((b.text for b in head if 3 <= len(b.text.split()) <= 30 and not _is_boilerplate(b.text)
                 and not starts_item(b.text)), "")


def guess_language(text: str) -> str:
    """en, es, pt or fr: the questions' own detector (lang.detect, words and spelling from
    the lexicons) read on the document's opening text; English when unsure."""
    from assistant.query.lang import detect

    return detect(text)
