"""The chat's written answer: the toggle only with a model, the reply streamed, then the
checked answer with its chips (the fake embedder and the scripted fake model)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.app import webhandlers
from assistant.models.llmclient import ChatWriter
from assistant.settings import LLM

from .fake_llm import FakeLLM, Reply


@pytest.fixture
def fake():
    server = FakeLLM().start()
    yield server
    server.stop()


def _handlers(assistant, tmp_path: Path) -> webhandlers.Handlers:
    return webhandlers.Handlers(webhandlers.Live(assistant, tmp_path))


def _ask(h: webhandlers.Handlers, written: bool) -> list[tuple]:
    return list(h.respond("What does ¶8 say?", None, 8, None, {}, written))


def test_the_written_reply_streams_then_the_checked_answer_keeps_its_chips(fake_assistant, fake, tmp_path):
    plain = fake_assistant.ask("What does ¶8 say?")
    cid, own = plain.citations[0].cid, " ".join(plain.citations[0].text.split()[:8])
    fake.reply = lambda body: Reply(f"{own} [{cid}]. It is great. "
                                    f"<img src=x onerror=alert(1)> {own} [{cid}].")
    h = _handlers(replace(fake_assistant, writer=ChatWriter(LLM(url=fake.url))), tmp_path)
    outs = _ask(h, True)
    streamed = [o[0][-1]["content"] for o in outs if "writing" in o[0][-1]["content"]]
    assert len(streamed) > 2 and "It is great" in streamed[-1]  # the raw reply, while it comes
    final = outs[-1][0][-1]["content"]
    assert own.split()[-1] in final and "It is great" not in final and "cite-chip" in final
    assert "<img" not in final  # the model's text is text, never markup (here also unsupported)
    assert all("<img" not in html for html in streamed) and "&lt;img" in streamed[-1]
    assert cid in outs[-1][2]  # the chip opens its passage in the source panel


def test_without_the_toggle_the_model_is_not_asked(fake_assistant, fake, tmp_path):
    h = _handlers(replace(fake_assistant, writer=ChatWriter(LLM(url=fake.url))), tmp_path)
    _ask(h, False)
    h.api_ask("What does ¶8 say?")
    assert fake.requests == []


def test_the_toggle_is_shown_only_when_a_model_is_configured(fake_assistant, fake):
    from assistant.app.webapp import build_app

    def toggle_visible(a) -> bool:
        demo = build_app(a)
        found = [b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "written-toggle"]
        return bool(found) and bool(found[0].visible)

    assert not toggle_visible(fake_assistant)
    assert toggle_visible(replace(fake_assistant, writer=ChatWriter(LLM(url=fake.url))))


class _Evt:
    def __init__(self, **data) -> None:
        self.__dict__.update(data)


def test_the_note_s_summary_is_written_from_its_pinned_passages_and_checked(fake_assistant, fake, tmp_path):
    unit = next(u for u in fake_assistant.index.units if u.ref == "¶8")
    cid = f"{unit.doc_id} {unit.ref}"
    own = " ".join(unit.text.split()[:8])
    fake.reply = lambda body: Reply(f"{own} [{cid}]. Invented [{cid}9].")
    h = _handlers(replace(fake_assistant, writer=ChatWriter(LLM(url=fake.url))), tmp_path)
    key = _ask(h, False)[-1][3]
    h.act(key, {}, _Evt(action="pin-quote", cid=cid, quote="anything"))
    outs = list(h.summarise_note(key, {}))
    assert len(outs) > 2 and "writing" in outs[-2][0]
    final, quotes = outs[-1]
    assert own.split()[-1] in final and "Invented" not in final and cid in quotes
    (request,) = fake.requests
    assert f'id="{cid}"' in request["messages"][1]["content"]
