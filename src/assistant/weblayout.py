"""The web UI's Gradio layout: the filters, the Ask, Briefing note, corpus and
upload tabs, the source panel, and the events that wire them to `Handlers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import gradio as gr

from .brief import Note
from .webhandlers import MAX_UPLOAD_MB, UPLOAD_TYPES, Handlers
from .webhtml import EMPTY_NOTE, EMPTY_SOURCE, corpus_html

EXAMPLES = [
    "What does WG2 follow up on?",
    "Which actions will the RIAL pursue?",
    "What was said about labor inspection?",
    "¿Qué dice el plan sobre inspección laboral?",
    "¿Qué temas sigue el Grupo de Trabajo 2?",
]
PRIVATE: dict[str, Any] = {"api_visibility": "private"}


def asset(name: str) -> str:
    """A file shipped with the package (the page's CSS and JavaScript)."""
    return resources.files("assistant").joinpath(name).read_text(encoding="utf-8")


@dataclass
class _Shared:
    """Components and states several tabs use."""

    h: Handlers
    doc: Any
    k: Any
    source: Any
    quotes: Any
    note: Any
    last: Any
    note_outputs: list[Any] = field(default_factory=list)


def _ask_tab(s: _Shared) -> Any:
    chat = gr.Chatbot(elem_id="chat", height=520, show_label=False, sanitize_html=False,
                      feedback_options=None, buttons=["copy"], group_consecutive_messages=False,
                      placeholder="Ask about the documents; every statement carries its source.")
    with gr.Row():
        question = gr.Textbox(elem_id="question", show_label=False, scale=6, autofocus=True,
                              placeholder="e.g. What does WG2 follow up on?  (Enter to ask)")
        ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
    with gr.Row():
        pin = gr.Button("Pin to note", size="sm", elem_id="pin-btn")
        clear = gr.Button("Clear chat", size="sm")
    gr.Examples(EXAMPLES, inputs=question, label="Example questions (English and Spanish)",
                **PRIVATE)
    args: dict[str, Any] = dict(fn=s.h.respond, inputs=[question, chat, s.k, s.doc, s.quotes],
                                outputs=[chat, question, s.quotes, s.last], show_progress="hidden",
                                **PRIVATE)
    question.submit(**args)
    ask.click(**args)
    clear.click(lambda: ([], None, EMPTY_SOURCE), None, [chat, s.last, s.source], **PRIVATE)
    return pin


def _brief_tab(s: _Shared) -> None:
    brief = gr.State(None)
    with gr.Row():
        topic = gr.Textbox(label="Topic", scale=5, elem_id="brief-topic",
                           placeholder="e.g. labor inspection, child labor, social dialogue")
        run = gr.Button("Brief", variant="primary", scale=1, elem_id="brief-btn")
    view = gr.HTML(elem_id="brief-view")
    add = gr.Button("Pin brief to note", size="sm")
    gr.Markdown("### The note")
    with gr.Row():
        md = gr.DownloadButton("Download Markdown", interactive=False, elem_id="dl-md", size="md")
        docx = gr.DownloadButton("Download DOCX", interactive=False, elem_id="dl-docx", size="md")
        clear = gr.Button("Clear note", size="md")
    preview = gr.Markdown(EMPTY_NOTE, elem_id="note-view", max_height=520, container=True,
                          padding=True)
    s.note_outputs[:] = [s.note, preview, md, docx]
    topic.submit(s.h.compile, [topic, s.k, s.doc, s.quotes], [view, brief, s.quotes], **PRIVATE)
    run.click(s.h.compile, [topic, s.k, s.doc, s.quotes], [view, brief, s.quotes], **PRIVATE)
    add.click(s.h.pin, [s.note, brief], s.note_outputs, **PRIVATE)
    clear.click(s.h.clear_note, s.note, s.note_outputs, **PRIVATE)


def _upload_tab(s: _Shared, corpus_view: Any) -> None:
    gr.Markdown(f"Add a document to the corpus ({', '.join(UPLOAD_TYPES)}, up to "
                f"{MAX_UPLOAD_MB} MB). It is copied into the corpus folder and the index is "
                "rebuilt in the background.")
    up = gr.File(label="Document", file_types=list(UPLOAD_TYPES), file_count="single",
                 type="filepath", elem_id="upload")
    status = gr.Markdown(s.h.live.status, elem_id="upload-status")
    seen = gr.State(s.h.live.generation)
    up.upload(s.h.upload, up, status, **PRIVATE)
    gr.Timer(1.0).tick(s.h.tick, seen, [status, s.doc, corpus_view, seen], show_progress="hidden",
                       **PRIVATE)


def layout(h: Handlers, allow_upload: bool) -> None:
    """Everything below the title, built inside the caller's `gr.Blocks`."""
    source = gr.HTML(EMPTY_SOURCE, elem_id="source-panel", js_on_load=asset("webapp.js"),
                     render=False)
    s = _Shared(h, None, None, source, gr.State({}), gr.State(Note()), gr.State(None))
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            with gr.Row():
                s.doc = gr.Dropdown(h.doc_choices(), value="", label="Document", scale=3,
                                    elem_id="doc-filter")
                s.k = gr.Slider(1, 20, value=8, step=1, label="Passages searched (k)", scale=2)
            with gr.Tabs():
                with gr.Tab("Ask", id="ask"):
                    pin = _ask_tab(s)
                with gr.Tab("Briefing note", id="brief"):
                    _brief_tab(s)
                with gr.Tab("What's in the corpus", id="corpus"):
                    corpus_view = gr.HTML(corpus_html(h.assistant), elem_id="corpus-view")
                if allow_upload:
                    with gr.Tab("Add a document", id="upload"):
                        _upload_tab(s, corpus_view)
        with gr.Column(scale=2, elem_id="source-column"):
            gr.Markdown("### Source")
            source.render()
    pin.click(h.pin, [s.note, s.last], s.note_outputs, **PRIVATE)
    source.click(h.show_source, s.quotes, source, show_progress="hidden", **PRIVATE)
    gr.api(h.api_ask, api_name="ask")
