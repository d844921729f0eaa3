"""Synthetic official documents in many layouts, with the units they must produce.

Layouts: Markdown or plain text, paragraphs separated by blank lines or not, a hard-wrapped
PDF text dump (an empty line after every line, a space-only line between paragraphs),
paragraph numbers glued mid-line after a sentence end or a section title, a numbering
that restarts under an annex heading, resolution preamble clauses, lettered items,
footnote calls ("word[^3]", "word 3", "word,3") with their texts at the end, YAML front
matter and cover lines, LF or CRLF. Every document comes with the (ref, text) of each
paragraph, clause and item it holds, the text as it must be quoted (calls removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

WORDS = ("labour inspection policy workers employers dialogue council measures rights training "
         "programme support countries transport trade finance resources report members agenda "
         "cooperation protection development monitoring partners strategy access").split()
OPENERS = ("We", "The", "Member", "Governments", "Parties")
CLAUSES = ("Recalling", "Reaffirming", "Noting", "Stressing", "Recognizing", "Welcoming")


@dataclass
class Doc:
    text: str
    fmt: str  # "md" | "txt"
    expected: list[tuple[str, str]] = field(default_factory=list)  # (ref, text as quoted)


@dataclass
class _Layout:
    fmt: str
    blank: bool  # a blank line between paragraphs
    pdf: bool  # hard-wrapped text dump
    glue: bool  # paragraph numbers glued after the previous paragraph's sentence end
    notes: bool


@st.composite
def _sentence(draw, layout: _Layout, calls: list[int], first: str, end: str) -> tuple[str, str]:
    """(as written, as quoted)."""
    words = [first] + draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))
    written, quoted = list(words), list(words)
    if layout.notes and draw(st.booleans()):
        k = draw(st.integers(1, len(words) - 1))
        calls.append(len(calls) + 1)
        style = draw(st.sampled_from(["marked", "bare", "comma"] if layout.fmt == "md" else ["bare"]))
        n = calls[-1]
        forms = {"marked": f"{words[k]}[^{n}]", "bare": f"{words[k]} {n}", "comma": f"{words[k]},{n}"}
        written[k] = forms[style]
        quoted[k] = f"{words[k]}," if style == "comma" else words[k]
    return " ".join(written) + end, " ".join(quoted) + end


@st.composite
def documents(draw) -> Doc:
    fmt = draw(st.sampled_from(["md", "txt"]))
    pdf = fmt == "txt" and draw(st.booleans())
    layout = _Layout(fmt, pdf or draw(st.booleans()), pdf, not pdf and draw(st.booleans()),
                     fmt == "md" and draw(st.booleans()))
    calls: list[int] = []
    blocks: list[str] = []  # paragraphs as written, in order
    doc = Doc("", fmt)
    if fmt == "md" and draw(st.booleans()):
        blocks.append("---\nsymbol: X/RES/1/2\ntitle: \"Made-up resolution :\"\n---")
    blocks += ["General Council Distr.: General", "Original: English"]
    if layout.blank and draw(st.booleans()):  # resolution preamble
        blocks.append("The General Council,")
        for i in range(1, draw(st.integers(1, 4)) + 1):
            w, q = draw(_sentence(layout, calls, draw(st.sampled_from(CLAUSES)), ","))
            blocks.append(w)
            doc.expected.append((f"Preamble, para {i}", q))
    for part in range(draw(st.integers(1, 2))):
        prefix = ""
        if part:
            blocks.append("Annex")
            prefix = "Annex "
        _numbered(draw, layout, calls, blocks, doc, prefix)
    if calls:
        blocks += [f"[^{n}]: Note number {n} of the document." for n in calls]
    sep = "\n\n" if layout.blank else "\n"
    text = sep.join(b for b in blocks if b)
    if pdf:
        text = _pdf_dump(blocks)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    doc.text = text + "\n"
    return doc


def _numbered(draw, layout: _Layout, calls: list[int], blocks: list[str], doc: Doc, prefix: str) -> None:
    for n in range(1, draw(st.integers(1, 7)) + 1):
        if n > 1 and draw(st.integers(0, 4)) == 0:  # a section title before the paragraph
            title = f"{'IVX'[draw(st.integers(0, 2))]}. {draw(st.sampled_from(WORDS)).capitalize()} and tasks"
            glue_title = layout.glue and draw(st.booleans())
            if not glue_title:
                blocks.append(title)
        else:
            title, glue_title = "", False
        items = draw(st.integers(0, 3)) if draw(st.booleans()) else 0
        w, q = draw(_sentence(layout, calls, draw(st.sampled_from(OPENERS)), ":" if items else "."))
        para = f"{n}. {w}"
        if glue_title:
            para = f"{title} {para}"
        if layout.glue and n > 1 and not glue_title and not blocks[-1].startswith(("(", "I", "V", "X")) \
                and draw(st.booleans()):
            blocks[-1] = f"{blocks[-1]} {para}"
        else:
            blocks.append(para)
        doc.expected.append((f"{prefix}¶{n}", q))
        for k in range(items):
            label = "abcdefgh"[k]
            w, q = draw(_sentence(layout, calls, draw(st.sampled_from(WORDS)).capitalize(), ";"))
            blocks.append(f"({label}) {w}")
            doc.expected.append((f"{prefix}¶{n}({label})", q))


def _pdf_dump(blocks: list[str]) -> str:
    """Lines wrapped at about 60 characters, each followed by an empty line; a line holding
    one space between paragraphs."""
    out: list[str] = []
    for b in blocks:
        line = ""
        for word in b.split():
            if len(line) + len(word) > 60 and line:
                out += [line + " ", ""]
                line = word
            else:
                line = f"{line} {word}".strip()
        out += [line + " ", "", " ", ""]
    return "\n".join(out)
