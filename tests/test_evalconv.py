"""Conversation scoring (evalconv.py): replayed with the history, first turns and follow-ups apart."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.evaluation import evalconv
from assistant.evaluation.evaluate import set_kind
from assistant.types import Answer, Citation


def _ans(q: str, cid: tuple[str, str] | None, text: str = "") -> Answer:
    cites = (Citation(1, cid[0], "T", "", "", cid[1], "q", "t"),) if cid else ()
    return Answer(q, cid is not None, text, cites)


def test_a_conversation_set_is_told_from_point_and_broad_sets(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "c1", "lang": "en", "turns": [{"question": "a", "gold": []}]}) + "\n")
    assert set_kind(f) == "conversation"


def test_each_turn_is_asked_with_the_turns_before_it_and_scored() -> None:
    conv = evalconv.Conversation("c1", "en", (
        evalconv.ConvTurn("Who chairs the ferry group?", ("d ¶2",), ("Lisbon",)),
        evalconv.ConvTurn("and the toll group?", ("d ¶5",), ("Porto",)),
        evalconv.ConvTurn("and its budget?", (), ())))
    seen: list[tuple[str, int]] = []

    def ask(q: str, history):
        seen.append((q, len(history)))
        return {0: _ans(q, ("d", "¶2"), "Lisbon chairs."), 1: _ans(q, ("d", "¶7"), "Braga."),
                2: _ans(q, None)}[len(history)]

    rows = evalconv.replay(conv, ask)
    assert [n for _, n in seen] == [0, 1, 2]
    assert [r["right"] for r in rows] == [True, False, True]
    assert rows[0]["key"] == 1.0 and rows[1]["recall"] == 0.0
    rep = evalconv.report(rows)["summary"]
    assert rep["first turns"]["hit1"] == 1.0 and rep["follow-ups"]["unanswerable_refused"] == "1/1"
