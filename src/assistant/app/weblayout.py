"""The web UI's Gradio layout: sources and conversations, the Ask, Note, Read,
corpus and manage tabs, the source panel, and the events that wire them to `Handlers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import gradio as gr

from assistant.app.deskhtml import document_html
from assistant.app.webhandlers import UPLOAD_TYPES, Handlers
from assistant.app.webhtml import EMPTY_SOURCE, corpus_html
from assistant.settings import current

EXAMPLES = [
    "What does WG2 follow up on?",
    "Which actions will the RIAL pursue?",
    "What was said about labor inspection?",
    "¿Qué dice el plan sobre inspección laboral?",
    "¿Qué temas sigue el Grupo de Trabajo 2?",
]
PRIVATE: dict[str, Any] = {"api_visibility": "private"}
# Desk edits arrive one after another (a pin right after a chip click must not be dropped,
# as Gradio's default trigger mode does while one is pending) and run one at a time (each
# takes milliseconds), so two edits never start from the same desk.
DESK_EVENT: dict[str, Any] = {**PRIVATE, "trigger_mode": "multiple", "concurrency_limit": 1,
                              "concurrency_id": "desk"}
DESK_KEY = "iacml-desk-v1"  # the browser's localStorage entry holding its desk's key


def asset(name: str) -> str:
    """A file shipped with the package (the page's CSS and JavaScript)."""
    return resources.files("assistant.app").joinpath(name).read_text(encoding="utf-8")


@dataclass
class _Shared:
    """Components and states several tabs use."""

    h: Handlers
    desk: Any
    chosen: Any
    k: Any
    source: Any
    quotes: Any
    chat: Any = None
    convs: Any = None
    note_outputs: list[Any] = field(default_factory=list)
    doc_outputs: list[Any] = field(default_factory=list)


def _ask_tab(s: _Shared) -> None:
    with gr.Row(elem_id="conv-row"):
        s.convs = gr.Dropdown([], label="Conversation", scale=4, elem_id="conv-pick", interactive=True)
        new = gr.Button("New conversation", size="sm", scale=1, elem_id="new-conv")
    s.chat = gr.Chatbot(elem_id="chat", height=520, show_label=False, sanitize_html=False,
                        feedback_options=None, buttons=["copy"], group_consecutive_messages=False,
                        placeholder="Ask about the documents; every statement carries its source.")
    with gr.Row():
        # no max_length: a pasted over-long question gets the named error, not a silent cut
        question = gr.Textbox(elem_id="question", show_label=False, scale=6, autofocus=True,
                              placeholder="e.g. What does WG2 follow up on?  (Enter to ask)")
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
    # shown only when the user's own model is configured (settings llm.url / --llm)
    write = gr.Checkbox(False, label="Written answer (your model; every citation checked)",
                        visible=s.h.assistant.writer is not None, elem_id="written-toggle")
    gr.Examples(EXAMPLES, inputs=question, label="Example questions (English and Spanish)", **PRIVATE)
    args: dict[str, Any] = dict(fn=s.h.respond, inputs=[question, s.desk, s.k, s.chosen, s.quotes, write],
                                outputs=[s.chat, question, s.quotes, s.desk, s.source, s.convs],
                                show_progress="hidden", **PRIVATE)
    question.submit(**args)
    ask.click(**args)
    new.click(s.h.new_conversation, s.desk, [s.desk, s.chat, s.convs, s.source], **PRIVATE)
    s.convs.input(s.h.switch_conversation, [s.convs, s.desk], [s.desk, s.chat, s.source], **PRIVATE)


def _note_tab(s: _Shared) -> None:
    brief = gr.State(None)
    with gr.Row():
        topic = gr.Textbox(label="Brief on a topic", scale=5, elem_id="brief-topic",
                           placeholder="e.g. labor inspection, child labor, social dialogue")
        run = gr.Button("Brief", variant="primary", scale=1, elem_id="brief-btn")
    view = gr.HTML(elem_id="brief-view")
    add = gr.Button("Pin brief to note", size="sm", elem_id="pin-brief")
    gr.Markdown("### The note")
    with gr.Row():
        md = gr.DownloadButton("Download Markdown", interactive=False, elem_id="dl-md", size="md")
        docx = gr.DownloadButton("Download DOCX (A4)", interactive=False, elem_id="dl-docx", size="md")
        clear = gr.Button("Clear note", size="md", elem_id="clear-note")
    editor = gr.HTML("", elem_id="note-view", js_on_load=asset("note.js"))
    s.note_outputs[:] = [s.desk, editor, md, docx]
    with gr.Row(visible=s.h.assistant.writer is not None):  # only with the user's own model
        summarise = gr.Button("Write a summary of this note", size="md", elem_id="note-summarise")
    summary = gr.HTML("", elem_id="note-summary")
    summarise.click(s.h.summarise_note, [s.desk, s.quotes], [summary, s.quotes], **PRIVATE)
    for ev in (topic.submit, run.click):
        ev(s.h.compile, [topic, s.k, s.chosen, s.quotes], [view, brief, s.quotes], **PRIVATE)
    add.click(s.h.pin_brief, [s.desk, brief], s.note_outputs, **DESK_EVENT)
    clear.click(s.h.clear_note, s.desk, s.note_outputs, **DESK_EVENT)
    for name in ("click", "submit"):
        getattr(editor, name)(s.h.note_act, s.desk, s.note_outputs, **DESK_EVENT)


def _read_tab(s: _Shared) -> None:
    with gr.Row():
        pick = gr.Dropdown(s.h.doc_choices(), label="Document", scale=4, elem_id="read-doc")
        goto = gr.Textbox(label="Go to paragraph", placeholder="8, ¶9(d), Panel 2", scale=2,
                          elem_id="read-goto")
    view = gr.HTML(document_html(s.h.assistant, ""), elem_id="doc-view", js_on_load=asset("docview.js"))
    s.doc_outputs[:] = [view, pick]
    pick.input(s.h.read, [pick, goto], view, **PRIVATE)
    goto.submit(s.h.read, [pick, goto], view, **PRIVATE)


def _manage_tab(s: _Shared, corpus_view: Any, sources: Any) -> None:
    lim = current().limits
    gr.Markdown(f"Add documents ({', '.join(UPLOAD_TYPES)}; up to {lim.upload_files} files of "
                f"{lim.upload_bytes // 1_000_000} MB each). A file with the name of one already in "
                "the corpus replaces it. The index is rebuilt in the background; the current one "
                "keeps answering meanwhile.")
    up = gr.File(label="Documents", file_types=list(UPLOAD_TYPES), file_count="multiple",
                 type="filepath", elem_id="upload")
    with gr.Row():
        gone = gr.Dropdown(s.h.doc_choices(), label="Remove a document", scale=4, elem_id="remove-doc")
        rm = gr.Button("Remove", variant="stop", scale=1, elem_id="remove-btn")
    status = gr.Markdown(s.h.live.status, elem_id="upload-status")
    up.upload(s.h.upload, up, status, **PRIVATE)
    rm.click(s.h.remove, gone, status, **PRIVATE)
    _follow(s, status, corpus_view, sources, gone)


def _follow(s: _Shared, status: Any, corpus_view: Any, sources: Any, gone: Any) -> None:
    seen = gr.State(s.h.live.generation)
    gr.Timer(1.0).tick(s.h.tick, [seen, s.chosen],
                       [status, seen, sources, corpus_view, s.doc_outputs[1], gone],
                       show_progress="hidden", **PRIVATE)


def layout(h: Handlers, allow_upload: bool) -> Any:
    """Everything below the title, built inside the caller's `gr.Blocks`; returns the tabs."""
    source = gr.HTML(EMPTY_SOURCE, elem_id="source-panel", js_on_load=asset("webapp.js"), render=False)
    desk = gr.BrowserState(None, storage_key=DESK_KEY, secret=h.desks.secret())  # the desk's key
    s = _Shared(h, desk, gr.State(None), None, source, gr.State({}))
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            with gr.Accordion("Sources: which documents to ask", open=False, elem_id="sources-fold"):
                sources = gr.HTML(h.sources(), elem_id="sources", js_on_load=asset("sources.js"))
                chosen_line = gr.Markdown(h.chosen_line(None), elem_id="sources-chosen")
            with gr.Accordion("Advanced", open=False, elem_id="advanced"):
                s.k = gr.Slider(1, 20, value=8, step=1, label="Passages searched (k)")
            with gr.Tabs(elem_id="tabs") as tabs:
                with gr.Tab("Ask", id="ask"):
                    _ask_tab(s)
                with gr.Tab("Note", id="brief"):
                    _note_tab(s)
                with gr.Tab("Read", id="read"):
                    _read_tab(s)
                with gr.Tab("Corpus", id="corpus"):
                    corpus_view = gr.HTML(corpus_html(h.assistant), elem_id="corpus-view")
                if allow_upload:
                    with gr.Tab("Manage", id="upload"):
                        _manage_tab(s, corpus_view, sources)
        with gr.Column(scale=2, elem_id="source-column"):
            gr.Markdown("### Source")
            source.render()
    if not allow_upload:
        _follow(s, gr.Markdown("", visible=False), corpus_view, sources, gr.State(None))
    sources.input(h.choose, None, [s.chosen, chosen_line], **PRIVATE)
    source.click(h.act, [s.desk, s.quotes], [source, *s.note_outputs, *s.doc_outputs, tabs],
                 show_progress="hidden", **DESK_EVENT)
    gr.api(h.api_ask, api_name="ask")
    return [s.desk, s.chat, s.convs, *s.note_outputs[1:]]
