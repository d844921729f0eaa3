"""The grounded prompt of a written answer: only the retrieved units, each with its
citation id, document and meeting, the document text delimited as data.

The wording lives in data/prompt.json; the answer's language is named through the
lexicons (`llm_language`). A unit's text can hold anything, including something that
looks like our own delimiters or an instruction: angle brackets are replaced so a
passage cannot close its tag, and the system message says passages are data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from assistant.cite import format_cid
from assistant.query import lang
from assistant.types import Answer, DocMeta

Message = dict[str, str]


@dataclass(frozen=True)
class Source:
    """One unit as the model sees it, and as the checks verify against."""

    doc_id: str
    ref: str
    text: str  # the whole unit (quotes are checked against all of it)
    document: str = ""
    meeting: str = ""
    date: str = ""
    language: str = "en"  # its document's (the support check stems its words so)

    @property
    def cid(self) -> str:
        return format_cid(self.doc_id, self.ref)


@lru_cache(maxsize=1)
def _wording() -> dict[str, object]:
    data = resources.files("assistant").joinpath("data", "prompt.json").read_text(encoding="utf-8")
    return dict(json.loads(data))


def sources_of(ans: Answer, docs: dict[str, DocMeta], limit: int) -> list[Source]:
    """The units an answer rests on: its citations first, then the other hits; one per id."""
    seen: dict[str, Source] = {}
    pairs = [(c.doc_id, c.ref, c.text) for c in ans.citations]
    pairs += [(h.unit.doc_id, h.unit.ref, h.unit.text) for h in ans.hits]
    for doc_id, ref, text in pairs:
        cid = format_cid(doc_id, ref)
        if cid in seen:
            if text not in seen[cid].text:  # another part of a split unit
                old = seen[cid]
                seen[cid] = replace(old, text=f"{old.text} {text}")
            continue
        if len(seen) >= limit:
            continue
        d = docs.get(doc_id)
        seen[cid] = Source(doc_id, ref, text, d.title if d else doc_id, d.meeting if d else "",
                           d.date if d else "", d.language if d else "en")
    return list(seen.values())


def _data(text: str) -> str:
    """A passage as inert data: it cannot open or close a tag of ours."""
    return text.replace("<", "‹").replace(">", "›")


def _attr(text: str) -> str:
    return _data(text).replace('"', "'")


def render_source(s: Source, chars: int) -> str:
    body = s.text if len(s.text) <= chars else s.text[:chars].rsplit(" ", 1)[0] + " …"
    return (f'<source id="{_attr(s.cid)}" document="{_attr(s.document)}" meeting="{_attr(s.meeting)}">\n'
            f"{_data(body)} [{_data(s.cid)}]\n</source>")


def build(question: str, sources: Sequence[Source], language: str, chars: int) -> list[Message]:
    """System and user messages: the rules, then the sources and the question."""
    w = _wording()
    example = sources[0].cid if sources else "doc-id ¶1"
    system = " ".join(str(x) for x in w["system"]).format(  # type: ignore[attr-defined]
        language=lang.say("llm_language", language), example=example)
    user = str(w["user"]).format(sources="\n".join(render_source(s, chars) for s in sources),
                                 question=_data(question), example=example)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
