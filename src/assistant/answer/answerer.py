"""Answers without an LLM: the document's own sentences, each followed by its citation.

Three shapes: a listing (a lead-in and every item of its list, in order), a
short answer (the one to three sentences that best answer the question), or an
honest "not in these documents" with the nearest paragraphs as related.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant import cite, settings
from assistant.answer import outline, sentences, topic
from assistant.decide.refusal import RefusalModel, evidence_of, for_broad, model_for
from assistant.query import lang, scope
from assistant.query.answertype import announces_list
from assistant.query.features import LISTING_Q
from assistant.query.guard import Refusal
from assistant.search.retrieve import Retriever, SearchResult
from assistant.types import Answer, Citation, DocMeta, Evidence, Hit, Unit

_LISTING_Q = LISTING_Q  # a question worded as a listing one (read once, in features.py)


# The knobs live in the one settings object (settings.AnswerPolicy, with ranges and reasons).
Policy = settings.AnswerPolicy


def policy_for(embedder: str) -> Policy:
    """The settings' answer policy (the same for every embedder since the brief's cosine floor,
    the one embedder-specific knob, gave way to the topic answers' relative cut-off)."""
    return settings.current().answer


def decide(res: SearchResult, model: RefusalModel) -> bool:
    """Do the documents answer? The one decision, by the fitted scorer (refusal.py)."""
    return model.decide(evidence_of(res))


def listing_group(listing: bool | str, top: Unit, retriever: Retriever, first: bool = True) -> str:
    """The list a listing question asks for, when its best unit is that list's lead-in
    or one of its items ("" when it is not a listing question).

    A lead-in of its own sub-list ("the next steps are:") lists its sub-items, not
    its siblings. The best hit being a lead-in is enough; an item, or a lower hit, also
    needs the question to be worded as a listing question and its list to be announced
    ("the following topics:"): a bullet of a panel that announces nothing answers alone
    (listing the 20 bullets of Panel 1 cited 19 paragraphs the question did not ask for)."""
    key = top.ref if retriever.has_items(top) else top.group
    group = retriever.group_units(top.doc_id, key)
    if len(group) < 3:
        return ""
    head = next((u for u in group if u.ref == key), None)
    announces = head is not None and announces_list(head.text)
    if top.ref == key and announces and first:
        return key
    # `listing`: the features say it is worded as a listing question (a string is read so)
    worded = bool(LISTING_Q.search(listing)) if isinstance(listing, str) else listing
    return key if worded and announces else ""


class Answerer:
    def __init__(self, retriever: Retriever, policy: Policy | None = None,
                 refusal: RefusalModel | None = None) -> None:
        self.r = retriever
        self.policy = policy or policy_for(retriever.embedder.name)
        self.refusal = refusal or model_for(retriever.embedder.name)
        self.docs: dict[str, DocMeta] = retriever.idx.docs

    def ask(self, question: str, k: int = 8, doc_ids: Sequence[str] | None = None) -> Answer:
        question = question.strip()
        # broad answers look deeper than the k hits a point answer shows
        res = self.r.search(question, max(k, settings.current().broad.depth), doc_ids)
        if res.refused is not None:
            return refused(question, res.refused)
        lg = res.language  # detected once, by the search
        hits = tuple(res.hits[:k])
        if res.unmet_refs and not any(h.via == "ref" for h in res.hits):
            return self._unmet(question, lg, res, hits)
        broad = self._broad(question, lg, res, hits, doc_ids)
        if broad is not None:
            return broad
        if not res.hits or not decide(res, self.refusal):
            return self._not_found(question, lg, hits)
        ref_hits = [h.unit for h in res.hits if h.via == "ref"]
        if ref_hits:
            return self._listing(question, lg, ref_hits, hits)
        # Only the best hit's list by default (Policy.list_depth): looking further down
        # listed a neighbouring list when the best hit was the right single item.
        for i, h in enumerate(res.hits[:self.policy.list_depth]):
            key = listing_group(res.features.listing if res.features else False, h.unit, self.r,
                                first=i == 0)
            if key:
                units = self.r.group_units(h.unit.doc_id, key)
                return self._listing(question, lg, units, hits)
        return self._sentences(question, lg, res, hits)

    def _broad(self, question: str, lg: str, res: SearchResult, hits: tuple[Hit, ...],
               doc_ids: Sequence[str] | None) -> Answer | None:
        """A topic, comparison, several-part or overview answer when the question asks to
        cover (scope.py decides from its wording and the spread of what was found)."""
        f = res.features
        if f is None or f.scope not in scope.BROAD or not res.hits:
            return None
        b = settings.current().broad
        near = res.hits[:b.depth]
        found = scope.spread([h.unit for h in near], self.r.closeness(topic.question_vec(res), near), b.near)
        kind = scope.decide(f, found, len(f.named_ids))
        ev = for_broad(evidence_of(res), f)
        if kind not in scope.BROAD or not self.refusal.decide(ev) and not self._on_topic(ev):
            return None
        if kind == scope.PARTS and f.parts:
            return topic.parts_answer(self.r, question, f.parts, lg, hits, doc_ids)
        if kind == scope.OVERVIEW:
            return outline.outline_answer(self.r, question, res, lg, hits)
        sides = f.named_ids if kind == scope.COMPARISON else ()
        return topic.topic_answer(self.r, question, res, lg, hits, sides)

    def _on_topic(self, e: Evidence) -> bool:
        """A broad question the point scorer would refuse is still answered when its words
        are the documents' words and no name it uses is missing from them."""
        return e.has_hits and e.known >= settings.current().broad.known and not (
            e.unknown_names or e.unknown_numbers or e.missing)

    # -- shapes ----------------------------------------------------------------
    def _frame(self, doc_id: str, lg: str) -> str:
        d = self.docs.get(doc_id)
        name = f"{d.title} ({d.meeting})" if d and d.meeting else (d.title if d else doc_id)
        return lang.say("according", lg, doc=name)

    def _listing(self, question: str, lg: str, units: list[Unit], hits: tuple[Hit, ...]) -> Answer:
        cites: list[Citation] = []
        lines: list[str] = []
        doc = ""
        for u in units[:60]:
            if u.doc_id != doc:
                doc = u.doc_id
                lines.append(self._frame(doc, lg))
            if u.part > 1 and cites and cites[-1].ref == u.ref and cites[-1].doc_id == u.doc_id:
                continue  # parts of one unit are cited once
            c = cite.citation_for(len(cites) + 1, u, self.docs.get(u.doc_id), u.text)
            cites.append(c)
            lead_in = u.ref == u.group or u.kind == "paragraph" or self.r.has_items(u)
            prefix = "" if lead_in else "- "
            lines.append(f"{prefix}{u.text} {cite.mark(u.doc_id, u.ref)}")
        return Answer(question, True, "\n".join(lines), tuple(cites), hits, lg)

    def _sentences(self, question: str, lg: str, res: SearchResult, hits: tuple[Hit, ...]) -> Answer:
        picked = sentences.answer_first(sentences.pick(self.r, self.policy, question, res))
        cites: list[Citation] = []
        lines: list[str] = []
        doc = ""
        for unit, sents in sentences.by_unit(picked):
            if unit.doc_id != doc:
                doc = unit.doc_id
                lines.append(self._frame(doc, lg))
            quote = " … ".join(sents)
            cites.append(cite.citation_for(len(cites) + 1, unit, self.docs.get(unit.doc_id), quote))
            opens = unit.text.startswith(sents[0])
            lead = sentences.whole_lead(unit.lead, self.policy.lead_chars) if opens else ""
            quoted = " … ".join(f"“{s}”" for s in sents)
            lines.append(f"- {lead + ' ' if lead else ''}{quoted} {cite.mark(unit.doc_id, unit.ref)}")
        return Answer(question, True, "\n".join(lines), tuple(cites), hits, lg)

    def _unmet(self, question: str, lg: str, res: SearchResult, hits: tuple[Hit, ...]) -> Answer:
        """A reference the documents in scope lack is said so, never answered from another
        document's paragraph or by search: "… has no paragraph 40 (its paragraphs are 1-25)"."""
        lines = []
        for doc_id in res.ref_scope or list(self.docs):
            d, refs = self.docs.get(doc_id), self.r.doc_refs(doc_id)
            title = d.title if d else doc_id
            lines += [cite.missing_paragraph(title, ref, refs, lg) for ref in res.unmet_refs]
        return Answer(question, False, "\n".join(lines), (), hits, lg)

    def _not_found(self, question: str, lg: str, hits: tuple[Hit, ...]) -> Answer:
        related = tuple(h.unit for h in hits[:3])
        lines = [lang.say("not_found", lg)]
        if related:
            lines.append(lang.say("related", lg))
            lines += [f"- {cite.format_cid(u.doc_id, u.ref)}: {u.text[:160]}" for u in related]
        return Answer(question, False, "\n".join(lines), (), hits, lg, related)


def refused(question: str, why: Refusal) -> Answer:
    """The guard's refusal: no hits, no citation. The question is echoed cut to the length
    limit (a 10 MB question is not sent back whole) and with lone surrogates replaced, so the
    answer always encodes as UTF-8 JSON."""
    shown = question[:settings.current().limits.question_chars]
    shown = shown.encode("utf-8", "replace").decode("utf-8")
    return Answer(shown, False, f"{lang.say('not_found', 'en')} ({why.detail})", language="en",
                  reason=why.reason)


def render(ans: Answer) -> str:
    """Human output: the answer, then the numbered references."""
    out = [ans.text]
    if ans.citations:
        out += ["", lang.say("references", ans.language) + ":", cite.render_references(ans.citations)]
    return "\n".join(out)
