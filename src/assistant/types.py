"""The few core types shared by every stage of the pipeline (all frozen)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocMeta:
    """What we know about one document of the corpus."""

    doc_id: str  # short, stable id used in citations: "poa-ba-2021"
    title: str
    source: str  # file name inside the corpus folder
    symbol: str = ""  # "CIMT-20/GT1-GT2/doc.10/19"
    date: str = ""  # ISO date of the document itself
    meeting: str = ""  # "XXI IACML (virtual, 22-24 September 2021)"
    place: str = ""
    year: int | None = None
    language: str = "en"
    kind: str = ""  # "plan of action", "meeting summary", ...
    body: str = ""  # the issuing or adopting body: "General Assembly"
    issued: str = ""  # ISO date of issue or distribution, when it differs from `date`
    evidence: dict[str, str] = field(default_factory=dict)  # field -> the text it was read from

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Block:
    """One paragraph as a reader found it, before any structure is inferred.

    `kind` is what the file format itself says ("heading" for a Markdown or DOCX
    heading, "bullet" for a list item); numbered paragraphs and lettered items in
    plain text are recognised later, by the same code for every format.
    """

    text: str
    kind: str = "para"  # "para" | "heading" | "bullet" | "toc"
    level: int = 0  # heading level, or nesting depth of a bullet (0 = top)
    line: int = 0  # 1-based line of the source where the paragraph starts


@dataclass(frozen=True)
class Document:
    meta: DocMeta
    blocks: tuple[Block, ...]
    sha256: str = ""


@dataclass(frozen=True)
class Unit:
    """One citable piece of a document: the thing a citation points at."""

    doc_id: str
    ref: str  # "¶9(d)", "¶8, bullet 6", "Panel 2, bullet 5", "§I, para 2"
    text: str  # the document's own words for this unit (or this part of it)
    order: int  # position in the document, 0-based, over all units
    kind: str = "paragraph"  # "paragraph" | "item" | "bullet" | "para"
    group: str = ""  # ref of the list or panel this unit belongs to ("¶8", "Panel 1")
    lead: str = ""  # the parent's lead-in sentence, for embedding only
    headings: tuple[str, ...] = ()  # section, working group, panel, ...
    part: int = 0  # 1, 2, ... when a long unit was split; 0 when whole
    source_line: int = 0
    notes: tuple[str, ...] = ()  # the footnotes it calls ("4. Ibid., vol. 1577"): shown, never cited

    @property
    def key(self) -> str:
        """Unique within the index (parts of one ref differ here, not in the ref)."""
        base = f"{self.doc_id} {self.ref}"
        return f"{base} #{self.part}" if self.part else base

    def embed_text(self) -> str:
        """The text the embedder sees: headings and lead-in give a sub-item its context."""
        parts = [h for h in self.headings[-2:] if h]
        if self.lead:
            parts.append(self.lead)
        parts.append(self.text)
        parts.extend(self.notes)  # a note is found through the paragraph that calls it
        return " \n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["headings"] = list(self.headings)
        d["notes"] = list(self.notes)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Unit:
        d = dict(d)
        d["headings"] = tuple(d.get("headings", ()))
        d["notes"] = tuple(d.get("notes", ()))
        return cls(**d)


@dataclass(frozen=True)
class Hit:
    unit: Unit
    score: float
    via: str = "dense"  # "dense" | "bm25" | "fused" | "ref" | "group"


@dataclass(frozen=True)
class NamedDoc:
    """A document a question names, and how: by its place, year or meeting (strong, "the
    Quito meeting") or only by its kind (weak, "the plan"); `words` are the question's
    words that named it."""

    doc_id: str
    words: frozenset[str]
    strong: bool
    plural: bool = False  # named with others by a plural kind ("the two resolutions")


@dataclass(frozen=True)
class QueryFeatures:
    """Everything the pipeline reads from a question, read once (features.py): search,
    evidence and answer use this record and never the question's string again."""

    text: str  # the question as cleaned (what the reranker and the answer echo)
    language: str
    scripts: frozenset[str]  # the writing systems of its letters
    cross: bool  # asked in a language none of the documents is in
    spelled: str  # acronyms spelled out
    lexical: str  # what BM25 / n-grams see
    dense: tuple[str, ...]  # what the embedder sees: the question, then its focus (naming words out)
    terms: tuple[str, ...]  # its content terms, stopped and stemmed in its own language
    names: tuple[str, ...]  # specific names (in English when asked in another language)
    countries: tuple[str, ...]  # countries it names, in English
    numbers: tuple[str, ...]  # numbers of two or more digits
    refs: tuple[str, ...]  # explicit references ("¶9(d)")
    asks_title: bool  # asks for a document's title
    named: tuple[NamedDoc, ...]  # documents it names, best first
    answer_type: str  # "quantity" | "date" | "person" | ""
    measure: str  # a share, sum, duration or age asked for, or ""
    role: bool  # "who is the <role>": only a person answers
    counted: tuple[str, ...]  # what "how many" counts, in English words
    count_other: bool  # a count asked by the cue of another language than English
    meetings: tuple[str, ...]  # numbered meetings it asks about ("XXI")
    listing: bool  # worded as a listing question ("what are the ...")
    scope: str  # what its wording asks for: point | topic | comparison | parts | overview | follow-up
    parts: tuple[str, ...] = ()  # the parts of a several-part question, each as asked
    agreed: bool = False  # asks what was agreed (agreed texts go before discussions)
    # its content terms as each document language stems them: (language, terms), per language
    doc_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def terms_for(self, lang: str) -> tuple[str, ...]:
        """Its terms to compare with a text in `lang`: its own words and stopwords, that
        language's stems (its own terms when no document is in `lang`)."""
        return dict(self.doc_terms).get(lang, self.terms)

    @property
    def named_ids(self) -> list[str]:
        return [n.doc_id for n in self.named]

    @property
    def several_ids(self) -> list[str]:
        """The documents named one by one ("the plan and the Quito summary") or together
        by a plural ("the two resolutions"): a question about both sides."""
        return [n.doc_id for n in self.named if n.strong or n.plural]

    @property
    def strong_ids(self) -> list[str]:
        return [n.doc_id for n in self.named if n.strong]

    @property
    def strong_words(self) -> frozenset[str]:
        return frozenset().union(*(n.words for n in self.named if n.strong))


@dataclass(frozen=True)
class Evidence:
    """What the search found for a question, as the refusal scorer weighs it (refusal.py)."""

    has_hits: bool
    ref_matched: bool  # an explicit reference ("paragraph 9 d") resolved to units
    dense_top: float  # the question's best cosine to a unit
    sentence_top: float  # ...to a sentence of the best unit
    known: float  # share of the question's content words the corpus has at all
    lead: float  # fused-score gap between the best two searched units
    cross_lingual: bool
    named_elsewhere: bool  # a document named strongly is not where the best evidence is
    unknown_numbers: tuple[str, ...] = ()  # numbers the corpus never uses
    lacks: str = ""  # the kind of answer asked for that the best units do not hold
    missing: tuple[str, ...] = ()  # names the best units do not mention
    unknown_names: tuple[str, ...] = ()  # names the corpus never uses

    def reasons(self) -> list[str]:
        """The evidence against answering, in words, for the JSON answer and the UI."""
        out = [f"{what}: {', '.join(items)}" for what, items in (
            ("numbers the documents never use", self.unknown_numbers),
            ("names the best paragraphs do not mention", self.missing),
            ("names the documents never use", self.unknown_names)) if items]
        if self.lacks:
            out.append(f"the best paragraphs hold no {self.lacks}")
        if self.named_elsewhere:
            out.append("the document named is not where the best evidence is")
        return out


@dataclass(frozen=True)
class Citation:
    n: int  # the number shown in the answer's reference list
    doc_id: str
    doc_title: str
    meeting: str
    date: str
    ref: str
    quote: str  # the sentence the statement rests on, verbatim
    text: str  # the whole unit

    @property
    def cid(self) -> str:
        from assistant.cite import format_cid

        return format_cid(self.doc_id, self.ref)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "meeting": self.meeting,
            "date": self.date,
            "ref": self.ref,
            "quote": self.quote,
            "text": self.text,
        }


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of a model's written reply and what the checks made of it (written.py)."""

    text: str  # as kept (invented ids removed), or as the model wrote it when dropped
    kept: bool
    why: str = ""  # "" when kept; "no-citation", "invented-id", "misquote: ..." when dropped
    cites: tuple[str, ...] = ()  # citation ids it carries that were in the prompt
    removed: tuple[str, ...] = ()  # ids it carried that were not in the prompt

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kept": self.kept, "why": self.why,
                "cites": list(self.cites), "removed": list(self.removed)}


@dataclass(frozen=True)
class Written:
    """How a written answer went: used, or why the extractive answer was given instead."""

    used: bool
    model: str = ""
    sentences: tuple[SentenceCheck, ...] = ()
    fallback: str = ""  # why the extractive answer stands: "nothing-kept", "LLMTimeout: ...", ...
    first_token_s: float | None = None
    total_s: float = 0.0
    extractive: str = ""  # the extractive answer's text, kept when the written one replaces it

    def to_dict(self) -> dict[str, Any]:
        return {"used": self.used, "model": self.model, "fallback": self.fallback,
                "sentences": [s.to_dict() for s in self.sentences],
                "first_token_s": self.first_token_s, "total_s": round(self.total_s, 3),
                "extractive": self.extractive}


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    text: str  # the answer with inline citation marks, then nothing else
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    language: str = "en"
    related: tuple[Unit, ...] = field(default=())  # shown when not answered
    reason: str = ""  # why the question guard refused it ("too-long", "no-content", "script", ...)
    written: Written | None = None  # the checked written answer, when a model is configured
    carried: str = ""  # what a follow-up took from the previous turns (conversation.py)

    def to_dict(self, question_id: Any = None) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if question_id is not None:
            d["id"] = question_id
        d.update(
            question=self.question,
            answered=self.answered,
            answer=self.text,
            language=self.language,
            citations=[c.to_dict() for c in self.citations],
            hits=[
                {"doc_id": h.unit.doc_id, "ref": h.unit.ref, "text": h.unit.text,
                 "score": round(float(h.score), 4)}
                for h in self.hits
            ],
            related=[{"doc_id": u.doc_id, "ref": u.ref, "text": u.text} for u in self.related],
        )
        if self.reason:
            d["reason"] = self.reason
        if self.written is not None:
            d["written"] = self.written.to_dict()
        if self.carried:
            d["carried"] = self.carried
        return d


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation: what was asked, answered and cited."""

    question: str
    answer: str = ""
    cids: tuple[str, ...] = ()  # "doc_id ref", as cite.format_cid writes them
