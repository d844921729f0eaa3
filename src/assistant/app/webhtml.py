"""HTML for the web UI: answers with citation chips, the source panel, the corpus
view and briefs. Pure string building (no gradio), so it can be tested quickly.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from assistant import cite
from assistant.query import lang

if TYPE_CHECKING:
    from assistant.answer.brief import Brief
    from assistant.app.service import Assistant
    from assistant.types import Answer, Unit

CONTEXT_LIMIT = 40  # units shown around a cited unit in the source panel


def chip(doc_id: str, ref: str) -> str:
    cid = cite.format_cid(doc_id, ref)
    return (f'<button type="button" class="cite-chip" data-cid="{escape(cid)}" '
            f'title="{escape(cid)}">{escape(ref)}</button>')


def with_chips(text: str) -> str:
    """Escape `text` and turn every citation mark in it into a chip."""
    out, pos = [], 0
    for m in cite.MARK.finditer(text):
        out += [escape(text[pos:m.start()]), chip(m.group(1), m.group(2))]
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _lines_html(lines: list[str]) -> str:
    out: list[str] = []
    in_list = False
    for line in lines:
        bullet = line.startswith("- ")
        if bullet != in_list:
            out.append("<ul>" if bullet else "</ul>")
            in_list = bullet
        body = with_chips(line[2:] if bullet else line)
        frame = not bullet and not cite.MARK.search(line)
        out.append(f"<li>{body}</li>" if bullet else
                   f'<p class="{"ans-frame" if frame else "ans-lead"}">{body}</p>')
    return "".join(out) + ("</ul>" if in_list else "")


def _refs_html(ans: Answer) -> str:
    items = "".join(f"<li>{escape(cite.render_reference(c).split('] ', 1)[-1])}</li>"
                    for c in ans.citations)
    title = f'{lang.say("references", ans.language)} ({len(ans.citations)})'
    return f'<details class="refs"><summary>{title}</summary><ol>{items}</ol></details>'


def _clip(text: str, limit: int = 260) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def not_found_html(ans: Answer) -> str:
    items = "".join(f'<li>{chip(u.doc_id, u.ref)} <span class="doc-tag">{escape(u.doc_id)}</span> '
                    f"{escape(_clip(u.text))}</li>" for u in ans.related)
    related = (f'<p>{escape(lang.say("related", ans.language))}</p><ul class="related">{items}</ul>'
               if ans.related else "")
    banner = escape(lang.say("not_found", ans.language))
    return f'<div class="answer notfound complete"><p class="nf-banner">{banner}</p>{related}</div>'


def pin_button(turn: int | None) -> str:
    if turn is None:
        return ""
    return (f'<button type="button" class="desk-act pin-answer" data-act="pin-answer" '
            f'data-turn="{turn}">Pin answer to note</button>')


def answer_html(ans: Answer, upto: int | None = None, turn: int | None = None, scope: str = "") -> str:
    """The answer as one line of HTML; `upto` shows only its first lines (streaming);
    `scope` (already HTML) is its first line, and `turn` adds its pin button."""
    if not ans.answered:
        return not_found_html(ans).replace('complete">', f'complete">{scope}', 1)
    lines = ans.text.splitlines()
    done = upto is None or upto >= len(lines)
    body = _lines_html(lines if done else lines[:upto])
    tail = (_refs_html(ans) if ans.citations else "") + pin_button(turn) if done else ""
    return f'<div class="answer answered{" complete" if done else ""}">{scope}{body}{tail}</div>'


def public_error(e: BaseException) -> str:
    """What a user may read of an error: our named errors say what to do; anything else is
    reported by name only (its Python text stays in the server's log)."""
    if type(e).__module__.startswith("assistant.") or type(e).__name__ == "Error":
        return f"{type(e).__name__}: {e}"
    return "InternalError: this request could not be completed; the server log has the details"


def error_html(e: BaseException) -> str:
    name, _, text = public_error(e).partition(": ")
    return f'<div class="answer error complete"><b>{escape(name)}</b>: {escape(text)}</div>'


PENDING_HTML = '<div class="answer pending">Searching the documents</div>'
EMPTY_NOTE = "_The note is empty: pin answers (Ask tab) or briefs to it._"
EMPTY_SOURCE = ('<div class="source empty">Click a citation chip (such as '
                '<span class="cite-chip">¶8</span>) to see the passage in its document.</div>')


def _unit_text(u: Unit, ref: str, quote: str, hit: Unit | None) -> str:
    """A context unit's text; the cited one marked (its quote if found, else all of it)."""
    if u.ref != ref:
        return escape(u.text)
    if hit is None:
        return f"<mark>{escape(u.text)}</mark>"
    if u is not hit:
        return escape(u.text)
    a, b = u.text.split(quote, 1)
    return f"{escape(a)}<mark>{escape(quote)}</mark>{escape(b)}"


def _context(assistant: Assistant, unit: Unit) -> list[Unit]:
    units = assistant.retriever.group_units(unit.doc_id, unit.group) if unit.group else []
    if not any(u.key == unit.key for u in units):
        units = [u for u in assistant.index.units
                 if u.doc_id == unit.doc_id and abs(u.order - unit.order) <= 1]
    at = next(i for i, u in enumerate(units) if u.key == unit.key)
    lo = max(0, at - CONTEXT_LIMIT // 2)
    return units[lo:lo + CONTEXT_LIMIT]


def notes_html(u: Any) -> str:
    """The footnotes a unit calls, under it: shown and searchable, never cited as its text."""
    if not u.notes:
        return ""
    return ('<div class="doc-notes"><span class="notes-label">Footnotes</span>'
            + "".join(f"<div class=\"doc-note\">{escape(n)}</div>" for n in u.notes) + "</div>")


def source_html(assistant: Assistant, cid: str, quote: str = "") -> str:
    """The cited unit inside its paragraph or panel, the quote marked, with its document."""
    try:
        doc_id, ref = cite.parse_cid(cid)
    except ValueError:
        return f'<div class="source empty">Not a citation: {escape(cid)}</div>'
    cited = [u for u in assistant.index.units if u.doc_id == doc_id and u.ref == ref]
    if not cited:
        return f'<div class="source empty">{escape(cid)} is not in the current index.</div>'
    hit = next((u for u in cited if quote and quote in u.text), None)
    rows = []
    for u in _context(assistant, cited[0]):
        cls = "unit cited" if u.ref == ref else "unit"
        rows.append(f'<div class="{cls}">{chip(u.doc_id, u.ref)}{_unit_text(u, ref, quote, hit)}'
                    f"{notes_html(u)}</div>")
    meta = assistant.index.docs.get(doc_id)
    title = meta.title if meta else doc_id
    facts = [("Meeting", meta.meeting if meta else ""), ("Document dated", meta.date if meta else ""),
             ("Symbol", meta.symbol if meta else ""), ("Ref", ref)]
    facts_html = " · ".join(f"<b>{k}:</b> {escape(v)}" for k, v in facts if v)
    path = " › ".join(escape(h) for h in cited[0].headings)
    return (f'<div class="source" data-cid="{escape(cid)}">{_source_tools(cid, quote or cited[0].text)}'
            f'<h3>{escape(title)}</h3>'
            f'<div class="meta">{facts_html}</div><div class="path">{path}</div>'
            f"{''.join(rows)}</div>")


def _source_tools(cid: str, quote: str) -> str:
    def act(name: str, label: str, extra: str = "") -> str:
        return (f'<button type="button" class="desk-act" data-act="{name}" '
                f'data-cid="{escape(cid)}"{extra}>{label}</button>')
    return ('<div class="source-tools">' + act("pin-quote", "Pin this passage",
                                             f' data-quote="{escape(quote)}"')
            + act("open-doc", "Read the whole document here")
            + act("close-source", "Close") + "</div>")


def corpus_html(assistant: Assistant) -> str:
    """What's in the corpus, as a delegate knows it: title, meeting, place, each date with
    what it is, symbol, language and the number of paragraphs."""
    from assistant.app.deskhtml import paragraphs

    by_doc: dict[str, list[Unit]] = {}
    for u in assistant.index.units:
        by_doc.setdefault(u.doc_id, []).append(u)
    rows = "".join(
        f"<tr><td><b>{escape(d.title)}</b><br><code>{escape(d.doc_id)}</code></td>"
        f"<td>{escape(d.meeting)}</td><td>{escape(d.place)}</td>"
        f"<td>{'Document dated ' + escape(d.date) if d.date else ''}</td>"
        f"<td>{escape(d.symbol)}</td><td>{escape(d.language)}</td>"
        f"<td>{paragraphs(by_doc.get(d.doc_id, []))}</td></tr>"
        for d in assistant.index.docs.values())
    skipped = assistant.index.report.get("skipped", [])
    skip_html = "".join(f"<li>{escape(str(s.get('file', '')))}: {escape(str(s.get('reason', '')))}</li>"
                        for s in skipped)
    return (f'<div class="corpus"><p>{len(assistant.index.docs)} documents. The meeting column '
            "gives when and where the meeting was held; “document dated” is the date the document "
            "itself carries.</p><table><tr><th>Document</th><th>Meeting (when held)</th><th>Place</th>"
            "<th>Date of the document</th><th>Symbol</th><th>Language</th><th>Paragraphs</th></tr>"
            f"{rows}</table>"
            + (f"<p>Files not read:</p><ul>{skip_html}</ul>" if skipped else "") + "</div>")


def brief_html(b: Brief) -> str:
    if not b.groups:
        return ('<div class="answer notfound complete"><p class="nf-banner">Nothing in these '
                f"documents meets the relevance cut for “{escape(b.topic)}”.</p></div>")
    parts = [f'<div class="brief-view"><p><b>{len(b.citations)} passages on '
             f"“{escape(b.topic)}”</b></p>"]
    for g in b.groups:
        items = "".join(f"<li>“{escape(c.quote)}” {chip(c.doc_id, c.ref)}</li>" for c in g.citations)
        parts.append(f'<div class="group"><h4>{escape(g.title)}</h4><div class="meeting">'
                     f"{escape(g.meeting)} {escape(g.date)}</div><ul>{items}</ul></div>")
    return "".join(parts) + "</div>"
