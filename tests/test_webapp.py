"""The web app without a browser: HTML rendering, handlers, safe launch, the /ask API."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant import cite, settings
from assistant.app import webapp, webcorpus, webhandlers, webhtml  # noqa: E402
from assistant.app.webapp import UIConfigError  # noqa: E402
from assistant.types import Answer, Citation  # noqa: E402

from .conftest import child_env  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "ingest"
WG2 = "What does WG2 follow up on?"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory):
    from assistant.app.service import open_assistant

    return open_assistant(CORPUS, tmp_path_factory.mktemp("webapp-index"), "fake", quiet=True)


@pytest.fixture()
def handlers(assistant, tmp_path: Path) -> webhandlers.Handlers:
    return webhandlers.Handlers(webhandlers.Live(assistant, tmp_path))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- configuration ----------------------------------------------------------------------
@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_non_loopback_without_auth_is_refused(host: str, monkeypatch) -> None:
    monkeypatch.delenv("ASSISTANT_AUTH", raising=False)
    with pytest.raises(UIConfigError, match="authentication"):
        webapp.resolve_auth(host)
    with pytest.raises(UIConfigError):  # before any model or index is loaded
        webapp.launch(host, 0, corpus=Path("/nonexistent"), index_dir=Path("/nonexistent"),
                      embedder="fake")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_auth(host: str, monkeypatch) -> None:
    monkeypatch.delenv("ASSISTANT_AUTH", raising=False)
    assert webapp.resolve_auth(host) is None


def test_auth_from_argument_or_environment(monkeypatch) -> None:
    monkeypatch.delenv("ASSISTANT_AUTH", raising=False)
    assert webapp.resolve_auth("0.0.0.0", ("ana", "s3cret")) == ("ana", "s3cret")
    assert webapp.resolve_auth("0.0.0.0", "ana:s3:cret") == ("ana", "s3:cret")
    monkeypatch.setenv("ASSISTANT_AUTH", "bob:pw")
    settings.reload()
    assert webapp.resolve_auth("0.0.0.0") == ("bob", "pw")
    monkeypatch.setenv("ASSISTANT_AUTH", "no-colon")
    settings.reload()
    with pytest.raises(UIConfigError, match="user:password"):
        webapp.resolve_auth("127.0.0.1")


def test_sigterm_stops_the_ui_and_removes_its_temp_folder(tmp_path: Path) -> None:
    from assistant.evaluation.perf.coldstart import free_port, wait_http

    from .conftest import CORPUS

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = free_port()
    cmd = [sys.executable, "-m", "assistant.cli", "ui", "--port", str(port), "--embedder", "fake",
           "--corpus", str(CORPUS), "--index", str(tmp_path / "index")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=child_env(TMPDIR=str(tmp), ASSISTANT_RERANK="none"))
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc, 120)
        assert [p.name for p in tmp.glob("assistant-ui-*")], "the UI made no temp folder"
        proc.terminate()  # SIGTERM, as `kill` and service managers send
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not list(tmp.glob("assistant-ui-*"))


def test_uploads_need_a_corpus_to_rebuild(assistant) -> None:
    with pytest.raises(UIConfigError):
        webapp.build_app(assistant, allow_upload=True)


# -- rendering ------------------------------------------------------------------------
def test_every_citation_becomes_a_chip(assistant) -> None:
    ans = assistant.ask("What does ¶8 say?")
    html = webhtml.answer_html(ans)
    assert 'class="answer answered complete"' in html
    for c in ans.citations:
        assert f'data-cid="{c.cid}"' in html
    assert "[poa-ba-2021" not in html  # no raw marks left


def test_streaming_prefixes_grow_to_the_whole_answer(assistant) -> None:
    ans = assistant.ask("What does ¶8 say?")
    n = len(ans.text.splitlines())
    steps = webhandlers._stream_steps(n)
    assert steps[-1] == n and steps == sorted(steps) and len(steps) <= 8
    partial = webhtml.answer_html(ans, steps[0])
    assert "complete" not in partial and len(partial) < len(webhtml.answer_html(ans))


def test_not_found_answers_look_different(assistant) -> None:
    ans = assistant.ask("What is the minimum wage in Argentina?")
    assert not ans.answered
    html = webhtml.answer_html(ans)
    assert "notfound" in html and "nf-banner" in html and "answered" not in html
    for u in ans.related:
        assert f'data-cid="{u.doc_id} {u.ref}"' in html


def test_text_is_escaped() -> None:
    cit = Citation(1, "poa-ba-2021", "T", "M", "", "¶1", "x", "x")
    ans = Answer("q", True, "<script>alert(1)</script> [poa-ba-2021 ¶1]", (cit,))
    html = webhtml.answer_html(ans)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_source_panel_marks_the_quote_in_its_paragraph(assistant) -> None:
    unit = next(u for u in assistant.index.units if u.ref == "¶8, bullet 6")
    html = webhtml.source_html(assistant, f"poa-ba-2021 {unit.ref}", unit.text)
    meta = assistant.index.docs["poa-ba-2021"]
    assert f"<mark>{unit.text}</mark>" in html.replace("&#x27;", "'")
    assert meta.title in html and meta.meeting in html and meta.date in html
    assert 'data-cid="poa-ba-2021 ¶8"' in html  # the lead-in of the same list is shown
    assert "not in the current index" in webhtml.source_html(assistant, "poa-ba-2021 ¶999")


def test_html_rendering_does_not_import_gradio() -> None:
    code = "import sys, assistant.app.webhtml; sys.exit('gradio' in sys.modules)"
    subprocess.run([sys.executable, "-c", code], env=child_env(), check=True, timeout=60)


def test_any_ui_module_imported_first_keeps_gradio_and_the_hub_offline() -> None:
    # the package sets these before any of its modules imports gradio or a hub library
    env = {k: v for k, v in child_env().items() if k not in ("GRADIO_ANALYTICS_ENABLED", "HF_HUB_OFFLINE")}
    code = ("import os, assistant.app.webhandlers, gradio.analytics as a; "
            "print(a.analytics_enabled(), os.environ['HF_HUB_OFFLINE'])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split()[-2:] == ["False", "1"]


def test_corpus_view_says_what_each_date_is(assistant) -> None:
    html = webhtml.corpus_html(assistant)
    for d in assistant.index.docs.values():
        units = [u for u in assistant.index.units if u.doc_id == d.doc_id]
        paragraphs = len({cite.container_of(u.ref) for u in units})
        assert d.title in html and d.meeting in html and d.place in html
        assert f"Document dated {d.date}" in html and f"<td>{paragraphs}</td>" in html
    assert "embedder" not in html and "Units" not in html  # internals stay out of a delegate's view


# -- handlers -------------------------------------------------------------------------
def _last(outs):
    return list(outs)[-1]


def test_respond_streams_into_the_chat_and_keeps_the_turn_on_the_desk(handlers) -> None:
    history, box, quotes, key, source, _ = _last(handlers.respond("What does ¶8 say?", None, 8,
                                                                  None, {}))
    desk = handlers.desks.get(key)
    ans = handlers.assistant.ask("What does ¶8 say?")
    assert box == "" and history[-2]["role"] == "user" and "complete" in history[-1]["content"]
    assert quotes == {c.cid: c.quote for c in ans.citations}
    assert source == webhtml.EMPTY_SOURCE  # the previous answer's passage is cleared
    turns = desk["convs"][0]["turns"]
    assert len(turns) == 1 and turns[0]["rec"]["question"] == "What does ¶8 say?"
    assert 'data-act="pin-answer" data-turn="0"' in history[-1]["content"]


def test_each_browser_has_its_own_desk(handlers) -> None:
    key_a = _last(handlers.respond("What does ¶8 say?", None, 8, None, {}))[3]
    key_b = _last(handlers.respond("labor inspection", "not-a-key", 8, None, {}))[3]
    assert key_a != key_b and len(key_a) == 32
    a, b = handlers.desks.get(key_a), handlers.desks.get(key_b)
    assert [t["rec"]["question"] for t in a["convs"][0]["turns"]] == ["What does ¶8 say?"]
    assert [t["rec"]["question"] for t in b["convs"][0]["turns"]] == ["labor inspection"]
    handlers.act(key_a, {}, _Evt(action="pin-answer", turn=0))
    handlers.act(key_a, {}, _Evt(action="pin-quote", cid="poa-ba-2021 ¶8", quote="not the text"))
    items = handlers.desks.get(key_a)["note"]["items"]
    assert [i["kind"] for i in items] == ["answer", "citation"]  # two quick pins: both kept
    unit = next(u for u in handlers.assistant.index.units if u.doc_id == "poa-ba-2021" and u.ref == "¶8")
    assert items[1]["quotes"][0]["cites"][0]["quote"] == unit.text  # only the document's words
    assert handlers.desks.get(key_b)["note"]["items"] == []


class _Evt:
    def __init__(self, **data) -> None:
        self.__dict__.update(data)


def test_slow_answers_stream_progressively(handlers, monkeypatch) -> None:
    real_ask = handlers.assistant.ask

    def slow_ask(*args, **kwargs):
        time.sleep(webhandlers.STREAM_AFTER + 0.1)
        return real_ask(*args, **kwargs)

    monkeypatch.setattr(handlers.assistant, "ask", slow_ask)
    contents = [out[0][-1]["content"] for out in handlers.respond("What does ¶8 say?", None, 8, None, {})]
    assert contents[0] == webhtml.PENDING_HTML
    growing = contents[1:]
    assert len(growing) > 2 and "complete" in growing[-1]
    assert [len(c) for c in growing] == sorted(len(c) for c in growing)


def test_a_failing_ask_shows_a_named_error_without_python_text(handlers, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("index unreadable at 0x7f3a")

    monkeypatch.setattr(handlers.assistant, "ask", broken)
    history = _last(handlers.respond("anything", None, 8, None, {}))[0]
    assert "InternalError" in history[-1]["content"] and "answer error" in history[-1]["content"]
    assert "0x7f3a" not in history[-1]["content"]
    with pytest.raises(gr.Error) as err:
        handlers.api_ask("anything")
    assert "InternalError" in str(err.value) and "0x7f3a" not in str(err.value)


def test_an_over_long_question_gets_the_named_error(handlers) -> None:
    from assistant import settings

    limit = settings.current().limits.question_chars
    history = _last(handlers.respond("labor " * limit, None, 8, None, {}))[0]
    assert "QuestionTooLong" in history[-1]["content"]
    with pytest.raises(gr.Error, match="QuestionTooLong"):
        handlers.api_ask("x" * (limit + 1))


def test_chosen_sources_are_passed_to_ask_and_named_in_the_first_line(handlers) -> None:
    history, _, quotes, key, _, _ = _last(handlers.respond("labor inspection", None, 8,
                                                           ["wg2-quito-2019"], {}))
    rec = handlers.desks.get(key)["convs"][0]["turns"][-1]["rec"]
    assert rec["citations"] and {c["doc_id"] for c in rec["citations"]} == {"wg2-quito-2019"}
    assert "Searched 1 of 2 documents" in history[-1]["content"]
    assert "NoSourceChosen" in _last(handlers.respond("labor inspection", None, 8, [], {}))[0][-1]["content"]
    with pytest.raises(gr.Error, match="UnknownDocument"):
        handlers.api_ask("labor inspection", 8, "quito")


def test_uploads_refuse_bad_types_sizes_and_counts(assistant, tmp_path: Path, monkeypatch) -> None:
    from assistant import settings

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    h = webhandlers.Handlers(webhandlers.Live(assistant, tmp_path, corpus, tmp_path / "idx", "fake"))
    from assistant.store.generations import held

    gen = Path(assistant.index.path)
    assert gen.name in held(gen.parent)  # the server holds what it answers from: no build prunes it
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(webcorpus.UnsupportedFileType):
        h.live.add([bad])
    assert "UnsupportedFileType" in h.upload(str(bad))
    big = tmp_path / "big.txt"
    big.write_text("x" * 2048)
    small = settings.current().with_values({"limits.upload_bytes": 1000, "limits.upload_files": 2})
    monkeypatch.setattr(settings, "_CURRENT", small)
    assert "FileTooLarge" in h.upload(str(big))
    three = [tmp_path / f"n{i}.txt" for i in range(3)]
    for p in three:
        p.write_text("1. A short paragraph.\n", encoding="utf-8")
    assert "TooManyFiles" in h.upload([str(p) for p in three])
    assert not {p.name for p in [big, bad, *three]} & {p.name for p in corpus.iterdir()}


def _wait_generation(h, n: int) -> None:
    deadline = time.time() + 60
    while (h.live.generation < n or h.live.indexing) and time.time() < deadline:
        time.sleep(0.1)
    assert h.live.generation == n


def test_upload_replace_and_remove_reindex_in_the_background(assistant, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    h = webhandlers.Handlers(webhandlers.Live(assistant, tmp_path, corpus, tmp_path / "idx", "fake"))
    doc = tmp_path / "note-on-telework.md"
    doc.write_text("# Telework note\n\n1. Telework requires clear rules on the right to "
                   "disconnect.\n", encoding="utf-8")
    assert "Indexing" in h.upload([str(doc)])
    _wait_generation(h, 1)
    assert "Indexed" in h.live.status and len(h.assistant.index.docs) == 3
    status, seen, sources, corpus_view, *_ = h.tick(0, None)
    assert seen == 1 and "Telework" in corpus_view and "Telework" in sources
    doc.write_text("# Telework note\n\n1. Telework needs a written agreement.\n", encoding="utf-8")
    h.upload([str(doc)])  # the same name replaces the file
    _wait_generation(h, 2)
    new_id = next(d.doc_id for d in h.assistant.index.docs.values() if d.source == doc.name)
    texts = [u.text for u in h.assistant.index.units if u.doc_id == new_id]
    assert any("written agreement" in t for t in texts) and not any("disconnect" in t for t in texts)
    h.remove(new_id)
    _wait_generation(h, 3)
    assert new_id not in h.assistant.index.docs and not (corpus / doc.name).exists()
    assert not [u for u in h.assistant.index.units if u.doc_id == new_id]
    assert "UnknownDocument" in h.remove(new_id)


def test_the_ui_follows_a_generation_built_by_another_process(tmp_path: Path) -> None:
    from assistant.app.service import open_assistant

    corpus, idx = tmp_path / "corpus", tmp_path / "idx"
    shutil.copytree(CORPUS, corpus)
    first = open_assistant(corpus, idx, "fake", quiet=True)
    live = webhandlers.Live(first, tmp_path, corpus, idx, "fake")
    live.follow()
    assert live.assistant is first and live.generation == 0  # nothing newer: nothing loaded
    (corpus / "extra.md").write_text("# Extra\n\n1. Apprenticeships need employers.\n", encoding="utf-8")
    second = open_assistant(corpus, idx, "fake", quiet=True)  # another process's build
    assert second.index.path != first.index.path
    live.follow()
    deadline = time.time() + 60
    while live.generation == 0 and time.time() < deadline:
        time.sleep(0.05)
    assert Path(live.assistant.index.path) == Path(second.index.path) and len(live.assistant.index.docs) == 3


# -- the app and its API ----------------------------------------------------------------
def test_build_app_and_the_ask_api_match_answer_to_dict(assistant) -> None:
    from gradio_client import Client

    demo = webapp.build_app(assistant)
    assert isinstance(demo, gr.Blocks)
    url = webapp.start(demo, "127.0.0.1", free_port())
    try:
        c = Client(url, verbose=False)
        api = c.view_api(return_format="dict", print_info=False)
        assert set(api["named_endpoints"]) == {"/ask"} and not api["unnamed_endpoints"]
        got = c.predict(WG2, 8, "", api_name="/ask")
        assert got == assistant.ask(WG2, 8).to_dict()
        got = c.predict("What does ¶8 say?", 5, "poa-ba-2021", api_name="/ask")
        assert got == assistant.ask("What does ¶8 say?", 5, ["poa-ba-2021"]).to_dict()
        for path in (CORPUS / "metadata.json", Path(__file__)):  # nothing outside the app folder
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(f"{url}gradio_api/file={path}", timeout=10)
        for route in ("gradio_api/upload", "upload", "gradio_api/upload?upload_id=x"):
            assert _post_files(url + route, [b"hello"]) == 403  # uploads are off: refused outright
    finally:
        demo.close()


def _post_files(url: str, files: list[bytes], declare: bool = True) -> int:
    boundary = "deskboundary1234"
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                    f'filename="f{i}.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode() + data + b"\r\n"
                    for i, data in enumerate(files)) + f"--{boundary}--\r\n".encode()
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_uploads_when_on_are_bounded_in_size_and_count(assistant, tmp_path: Path, monkeypatch) -> None:
    from assistant import settings

    small = settings.current().with_values({"limits.upload_bytes": 4096, "limits.upload_files": 2})
    monkeypatch.setattr(settings, "_CURRENT", small)
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    demo = webapp.build_app(assistant, allow_upload=True, corpus=corpus, index_dir=tmp_path / "i",
                            embedder="fake")
    url = webapp.start(demo, "127.0.0.1", free_port())
    try:
        assert _post_files(url + "gradio_api/upload", [b"one", b"two"]) == 200
        assert _post_files(url + "gradio_api/upload", [b"a", b"b", b"c"]) == 413  # one file too many
        assert _post_files(url + "gradio_api/upload", [b"x" * 200_000]) == 413  # larger than allowed
        assert _post_files(url + "gradio_api/upload", [b"x" * 5000]) == 413  # over upload_bytes
    finally:
        demo.close()


def test_auth_is_enforced_when_given(assistant, monkeypatch) -> None:
    from gradio_client import Client

    monkeypatch.delenv("ASSISTANT_AUTH", raising=False)
    demo = webapp.build_app(assistant)
    url = webapp.start(demo, "127.0.0.1", free_port(), auth="ana:s3cret")
    try:
        with pytest.raises(Exception):  # noqa: B017 -- any refusal will do
            Client(url, verbose=False).predict(WG2, 8, "", api_name="/ask")
        got = Client(url, auth=("ana", "s3cret"), verbose=False).predict(WG2, 8, "",
                                                                         api_name="/ask")
        assert got == assistant.ask(WG2, 8).to_dict()
    finally:
        demo.close()
