"""Scoring conversations: each one replayed turn by turn through `ask(..., history=...)`.

A conversation set has lines `{"id", "lang", "turns": [{"question", "gold": [{"file",
"span"}], "key": [...]}, ...]}`; turns after the first only make sense with the earlier
ones ("and what about WG1?"). A turn is right when the answer's first citation holds a gold
span (hit@1); recall is the share of its gold paragraphs cited; a turn with no gold is
right when it is not answered. First turns and follow-ups are reported apart, per language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.evaluate import Question, _matches, read_set, resolve_spans
from assistant.textnorm import for_match
from assistant.types import Answer, DocMeta, Turn, Unit


@dataclass(frozen=True)
class ConvTurn:
    question: str
    gold: tuple[str, ...]  # citation ids of the units holding the gold spans
    key: tuple[str, ...]
    spans: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Conversation:
    id: str
    lang: str
    turns: tuple[ConvTurn, ...]


def _conversation(d: dict[str, Any]) -> Conversation:
    turns = tuple(ConvTurn(str(t["question"]), (), tuple(map(str, t.get("key", []))),
                           tuple((str(g["file"]), str(g["span"])) for g in t.get("gold", [])))
                  for t in d["turns"])
    return Conversation(str(d["id"]), str(d.get("lang", "en")), turns)


def load(path: Path) -> list[Conversation]:
    return read_set(path, _conversation)


def resolve(convs: Sequence[Conversation], units: Sequence[Unit],
            docs: dict[str, DocMeta]) -> list[Conversation]:
    """Each turn's spans become the citation ids of the units holding them."""
    probes = [Question(f"{ci}:{ti}", t.question, c.lang, "", (), (), t.spans)
              for ci, c in enumerate(convs) for ti, t in enumerate(c.turns) if t.spans]
    found, _ = resolve_spans(probes, list(units), docs)
    gold = {q.id: q.gold for q in found}
    return [Conversation(c.id, c.lang, tuple(ConvTurn(t.question, gold.get(f"{ci}:{ti}", ()), t.key)
                                             for ti, t in enumerate(c.turns)))
            for ci, c in enumerate(convs)]


def score_turn(t: ConvTurn, ans: Answer) -> dict[str, Any]:
    cited = [(c.doc_id, c.ref) for c in ans.citations]
    row: dict[str, Any] = {"question": t.question, "answered": ans.answered, "carried": ans.carried,
                           "cited": [f"{d} {r}" for d, r in cited]}
    if not t.gold:
        return {**row, "answerable": False, "right": not ans.answered}
    hit = bool(cited) and _matches(*cited[0], t.gold)
    covered = sum(any(_matches(d, r, (g,)) for d, r in cited) for g in t.gold)
    text = for_match(ans.text)
    keys = sum(for_match(k) in text for k in t.key) / len(t.key) if t.key else None
    return {**row, "answerable": True, "right": hit, "hit1": hit, "recall": covered / len(t.gold),
            "key": keys}


def replay(c: Conversation, ask: Callable[[str, Sequence[Turn]], Answer]) -> list[dict[str, Any]]:
    history: list[Turn] = []
    rows = []
    for i, t in enumerate(c.turns):
        ans = ask(t.question, tuple(history))
        rows.append({"id": c.id, "lang": c.lang, "turn": i + 1, **score_turn(t, ans)})
        history.append(Turn(t.question, ans.text, tuple(x.cid for x in ans.citations)))
    return rows


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 3) if xs else None


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    return {"n": len(rows), "hit1": _mean([float(r["hit1"]) for r in ans]),
            "recall": _mean([r["recall"] for r in ans]),
            "key": _mean([r["key"] for r in ans if r["key"] is not None]),
            "refused_answerable": sum(not r["answered"] for r in ans),
            "unanswerable_refused": f"{sum(r['right'] for r in una)}/{len(una)}",
            "carried": sum(bool(r["carried"]) for r in rows)}


def report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    slices: dict[str, list[dict[str, Any]]] = {"first turns": [], "follow-ups": []}
    for r in rows:
        part = "first turns" if r["turn"] == 1 else "follow-ups"
        slices[part].append(r)
        slices.setdefault(f"{part}, lang={r['lang']}", []).append(r)
    return {"summary": {k: summarize(v) for k, v in sorted(slices.items())}, "rows": rows}


def table(rep: dict[str, Any]) -> str:
    cols = ("n", "hit1", "recall", "key", "refused_answerable", "unanswerable_refused", "carried")
    lines = ["| slice | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, s in rep["summary"].items():
        lines.append(f"| {name} | " + " | ".join("-" if s[c] is None else str(s[c]) for c in cols) + " |")
    return "\n".join(lines)


def measure(a: Any, path: Path, k: int) -> dict[str, Any]:
    convs = resolve(load(path), a.index.units, a.index.docs)
    rows = [r for c in convs for r in replay(c, lambda q, h: a.ask(q, k, history=h, written=False))]
    return report(rows)
