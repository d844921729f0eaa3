"""Citation ids: the one place that knows their format, how to parse and render them.

A citation id is a document's short id and a ref: ``poa-ba-2021 ¶9(d)``,
``wg2-quito-2019 Panel 2, bullet 5``. Refs are assigned once, when units are
built; everything downstream only carries them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.types import Citation, DocMeta, Unit

# Document ids are lower-case slugs with at least one hyphen ("poa-ba-2021").
MARK = re.compile(r"\[([a-z0-9][a-z0-9._]*-[a-z0-9._-]+) ([^\[\]]+)\]")


def para_ref(n: str) -> str:
    return f"¶{n}"


def item_ref(parent: str, label: str) -> str:
    return f"{parent}({label})"


def bullet_ref(container: str, n: int, sub: int = 0) -> str:
    return f"{container}, bullet {n}.{sub}" if sub else f"{container}, bullet {n}"


def plain_ref(container: str, n: int) -> str:
    return f"{container}, para {n}"


def format_cid(doc_id: str, ref: str) -> str:
    return f"{doc_id} {ref}"


def parse_cid(cid: str) -> tuple[str, str]:
    """'poa-ba-2021 ¶9(d)' -> ('poa-ba-2021', '¶9(d)')."""
    doc_id, _, ref = cid.strip().partition(" ")
    if not doc_id or not ref:
        raise ValueError(f"not a citation id: {cid!r}")
    return doc_id, ref


def mark(doc_id: str, ref: str) -> str:
    """The inline mark placed after a statement in an answer."""
    return f"[{format_cid(doc_id, ref)}]"


def marks_in(text: str) -> list[str]:
    return [format_cid(m.group(1), m.group(2)) for m in MARK.finditer(text)]


def strip_unknown_marks(text: str, shown: Iterable[str]) -> str:
    """Remove any citation mark that is not in the references shown with the answer."""
    known = set(shown)
    return MARK.sub(lambda m: m.group(0) if format_cid(m.group(1), m.group(2)) in known else "",
                    text)


def container_of(ref: str) -> str:
    """The paragraph or panel a ref sits in: '¶9(d)' -> '¶9', 'Panel 2, bullet 5' -> 'Panel 2'."""
    head = ref.split(",", 1)[0].strip()
    return head.split("(", 1)[0]


def within(ref: str, gold: str) -> bool:
    """Is `ref` the gold ref itself or a piece inside it?

    '¶8, bullet 3' is within '¶8'; '¶9(d)' is within '¶9'; 'Panel 1, bullet 6.2' is
    within 'Panel 1, bullet 6'; '¶9' is not within '¶9(d)'.
    """
    if ref == gold:
        return True
    if not ref.startswith(gold):
        return False
    rest = ref[len(gold):]
    return rest.startswith(("(", ", ", "."))


def resolve_in(ref: str, refs: Iterable[str]) -> list[str]:
    """The refs of one document a question's ref means: itself and what it holds; else,
    when the document numbers that paragraph only inside one container ("Annex ¶15" for
    "¶15"), that one. Empty when the document has no such paragraph."""
    refs = list(refs)
    found = [r for r in refs if within(r, ref)]
    if found or not ref.startswith("¶"):
        return found
    heads = {head for r in refs if " ¶" in r
             for head, _, rest in [r.partition(" ¶")] if within(f"¶{rest}", ref)}
    if len(heads) != 1:
        return []
    return resolve_in(f"{heads.pop()} {ref}", refs)


def paragraph_span(refs: Iterable[str], container: str = "") -> str:
    """"1-25": the numbered paragraphs a document (or its container) has, for saying that
    a paragraph asked for is not there."""
    prefix = f"{container} ¶" if container else "¶"
    nums = sorted({int(m.group(1)) for r in refs if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", r))})
    if not nums:
        return ""
    runs: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [0]:
        if n != prev + 1:
            runs.append(f"{start}-{prev}" if prev > start else str(start))
            start = n
        prev = n
    return ", ".join(runs)


def paragraph_spans(refs: Iterable[str]) -> str:
    """"1-2; Annex 1-25": the numbered paragraphs of a document and of each container."""
    refs = list(refs)
    containers = sorted({r.split(" ¶", 1)[0] for r in refs if " ¶" in r})
    spans = [paragraph_span(refs)] + [f"{c} {paragraph_span(refs, c)}" for c in containers]
    return "; ".join(s for s in spans if s.strip() and not s.endswith(" "))


def missing_paragraph(title: str, ref: str, refs: Iterable[str], language: str = "en") -> str:
    """"The Awaza Political Declaration has no paragraph 40 (its paragraphs are 1-25).", in
    `language` (the lexicons' no_paragraph / no_numbered / no_ref messages)."""
    from assistant.query import lang

    if not ref.startswith("¶"):
        return lang.say("no_ref", language, doc=title, ref=ref)
    span = paragraph_spans(refs)
    return lang.say("no_paragraph" if span else "no_numbered", language, doc=title,
                    ref=ref.lstrip("¶"), span=span)


def ref_sort_key(ref: str) -> tuple[object, ...]:
    """Sort refs in reading order within a document ('¶9(d)' before '¶10')."""
    return tuple(int(t) if t.isdigit() else t for t in re.findall(r"\d+|[^\d\s,()]+", ref))


def citation_for(n: int, unit: Unit, meta: DocMeta | None, quote: str) -> Citation:
    return Citation(
        n=n, doc_id=unit.doc_id, doc_title=meta.title if meta else unit.doc_id,
        meeting=meta.meeting if meta else "", date=meta.date if meta else "",
        ref=unit.ref, quote=quote, text=unit.text,
    )


def beside(symbol: str, date: str) -> str:
    """What an export writes beside a reference: "A/RES/80/3; dated 2025-10-14"."""
    return "; ".join(p for p in (symbol, f"dated {date}" if date else "") if p)


def render_reference(c: Citation) -> str:
    """One line of the reference list: number, id, document, meeting, quote."""
    where = c.doc_title + (f" ({c.meeting})" if c.meeting else "")
    return f"[{c.n}] {format_cid(c.doc_id, c.ref)} — {where}: “{c.quote}”"


def render_references(citations: Iterable[Citation]) -> str:
    return "\n".join(render_reference(c) for c in citations)
