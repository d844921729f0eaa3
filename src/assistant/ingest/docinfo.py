"""What a document says about itself, without metadata.json: title, symbol, adoption
or meeting date and issue date, issuing body, meeting, place and kind, each with the
text it was read from (DocMeta.evidence).

Sources, strongest first: front matter (a fact the extraction tool recorded, though
its title may be cut and its date is the distribution date), cover lines ("Resolution
adopted by the General Assembly on ...", "Distr.: General 15 October 2025", "18th
plenary meeting"), the title line, the header, then the first paragraphs ("met in
Awaza, Turkmenistan, from 5 to 8 August 2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.ingest import firstpage
from assistant.ingest.frontmatter import parse_fields
from assistant.ingest.layout import cover_kind, data
from assistant.types import Block, DocMeta

_FIRST_BLOCKS = 40  # the header and first page: a document describes itself there
_UN_SYMBOL = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z0-9.]+)*/RES/\d{1,4}/\d{1,4}(?:\s?\([A-Z]+\))?")
_PLACE = r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}),\s+([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})"
_ORDINAL_MEETING = re.compile(r"\b([IVXLC]{1,6})\s+([A-Z]{3,10})\b(?![-\w])")
_OF = re.compile(r"\s(?i:of|de|do|da|du)\s")
_CAPITALISED = re.compile(r"^(?:[A-Z][a-z][\w'’-]*\s?){1,3}")


@dataclass
class _Found:
    values: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)

    def put(self, key: str, value: str, evidence: str) -> None:
        if value and not self.values.get(key):
            self.values[key] = value
            self.evidence[key] = " ".join(evidence.split())[:200]


def infer(source: str, blocks: list[Block], doc_id: str) -> DocMeta:
    f = _Found()
    front = parse_fields("\n".join(b.text for b in blocks if b.kind == "front"))
    body = [b for b in blocks if b.kind not in ("front", "footnote", "rule")]
    covers = [(cover_kind(b.text), b.text) for b in body[:_FIRST_BLOCKS]]
    covers += [(k, b.text) for b in body[_FIRST_BLOCKS:] if (k := cover_kind(b.text)) == "plenary"]
    _from_cover(f, [(k, t) for k, t in covers if k])
    _from_front(f, front)
    rest = [b for b in body if not cover_kind(b.text)]
    _from_header(f, rest)
    _from_text(f, " ".join(b.text for b in rest[:_FIRST_BLOCKS]))
    v = f.values
    date = v.get("adopted") or v.get("issued") or firstpage.find_date(rest)
    held = v.get("held", "")
    year_of = held or date
    return DocMeta(
        doc_id=doc_id, title=(v.get("title") or Path(source).stem)[:200], source=source,
        symbol=v.get("symbol", ""), date=date, meeting=_meeting(v), place=v.get("place", ""),
        year=int(year_of[:4]) if year_of else None, kind=v.get("kind", ""), body=v.get("body", ""),
        issued=v.get("issued", ""), evidence=f.evidence,
        language=(front.get("language", "")[:2].lower() if len(front.get("language", "")) == 2 else "")
        or firstpage.guess_language(" ".join(b.text for b in rest[:60])))


def _first_date(text: str) -> str:
    found = firstpage._dates(text)
    return found[0][1] if found else ""


def _from_cover(f: _Found, covers: list[tuple[str, str]]) -> None:
    d = data()
    for kind, text in covers:
        if kind == "adopted":
            f.put("adopted", _first_date(text), text)
            if m := re.search(d["adopted_by"], text, re.I):
                f.put("body", m.group(1).strip(), text)
            f.put("kind", text.split()[0].lower(), text)
        elif kind == "distribution":
            f.put("issued", _first_date(text), text)
            if m := re.match(d["body_before_distr"], text, re.I):
                f.put("body", m.group(1).strip(), text)
        elif kind == "resolution-title":
            f.put("title", text.split(". ", 1)[1].strip(), text)
        elif kind == "plenary":
            f.put("plenary", re.split(r"\s+(?=\d{1,2}\s+[A-Za-z])", text.strip(), maxsplit=1)[0], text)
            f.put("adopted", _first_date(text), text)
        elif kind == "agenda":
            f.put("session", re.split(data()["cover"]["agenda"], text, flags=re.I)[0].strip(), text)


def _from_front(f: _Found, front: dict[str, str]) -> None:
    if not front:
        return
    f.put("symbol", front.get("symbol", ""), f"front matter symbol: {front.get('symbol', '')}")
    title = re.sub(r"\s*[:;,]\s*$", "", front.get("title", ""))  # "Awaza Political Declaration :"
    f.put("title", title, f"front matter title: {front.get('title', '')}")
    if iso := _first_date(front.get("date", "")):
        f.put("issued", iso, f"front matter date: {front.get('date', '')}")


def _from_header(f: _Found, rest: list[Block]) -> None:
    head = firstpage.header(rest)
    text = "\n".join(b.text for b in head)
    if m := _UN_SYMBOL.search(text):
        f.put("symbol", m.group(0), m.group(0))
    if sym := firstpage.find_symbol(rest):
        f.put("symbol", sym, sym)
        f.put("issued", firstpage.find_date(rest), sym)  # the date on the symbol line
    if title := firstpage.find_title(rest):
        f.put("title", title, title)
    for b in head:
        if re.match(data()["organisation_cue"], b.text, re.I):
            f.put("body", b.text, b.text)
        elif re.search(data()["meeting_cue"], b.text, re.I) and firstpage._dates(b.text) \
                and not re.search(data()["adoption_cues"], b.text, re.I):
            f.put("meeting_name", re.split(r"\s+(?=[A-Z][a-z]+ \d)", b.text, maxsplit=1)[0], b.text)
            f.put("held", _first_date(b.text), b.text)
    _kind_from(f, f.values.get("title", ""))


def _kind_from(f: _Found, title: str) -> None:
    for kind, pattern in data()["kinds"]:
        if re.search(pattern, title, re.I):
            f.put("kind", kind, title)
            return


def _from_text(f: _Found, text: str) -> None:
    d = data()
    if m := re.search(d["place_cues"] + _PLACE, text):
        f.put("place", f"{m.group(1)}, {m.group(2)}", text[m.start():m.end() + 60])
        f.put("held", _first_date(text[m.end():m.end() + 80]), text[m.start():m.end() + 80])
    if m := re.search(d["held_cues"], text, re.I):
        f.put("held", _first_date(text[m.end():m.end() + 40]), text[m.start():m.end() + 40])
    title = f.values.get("title", "")
    # "Plan of Action of Buenos Aires 2021": the place a title is named after is its last "of X"
    parts = _OF.split(title.title() if title.isupper() else title)
    last = _CAPITALISED.match(parts[-1]) if len(parts) > 1 else None
    if last and not any(re.search(p, f"of {parts[-1]}", re.I) for _, p in d["kinds"]):
        virtual = re.search(d["virtual_cues"], text, re.I)
        place = last.group(0).strip()
        f.put("place", f"{place} (virtual)" if virtual else place, title)
    if m := re.search(d["adoption_cues"], text, re.I):
        f.put("adopted", _first_date(text[m.end():m.end() + 40]), text[m.start():m.end() + 40])
    if m := _ORDINAL_MEETING.search(text):
        f.put("conference", m.group(0), text[max(0, m.start() - 40):m.end() + 20])
    if m := re.search(rf"((?:[A-Z][\w-]+ )+{d['body_words']}(?: (?:of|on|for|de|and|[A-Z][\w-]+))*)"
                      r" \(([A-Z]{2,10})\)", text):
        f.put("body", m.group(0), m.group(0))
    if re.search(d["virtual_cues"], text, re.I):
        f.put("virtual", "held virtually", "virtual")


def _meeting(v: dict[str, str]) -> str:
    """"General Assembly, Eightieth session, 18th plenary meeting" or "XXI IACML, held
    virtually" or "XX IACML, Quito, Ecuador, 2019-12-03"."""
    if v.get("plenary"):
        parts = [v.get("body", ""), v.get("session", ""), v["plenary"]]
    else:
        where = v.get("place", "") if not v.get("virtual") else v.get("virtual", "")
        parts = [v.get("conference", "") or v.get("meeting_name", ""), where, v.get("held", "")]
    return ", ".join(p for p in parts if p)
