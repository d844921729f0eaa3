"""Plain text, including text dumped from a PDF with its lines hard-wrapped."""

from __future__ import annotations

from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.layout import opens_section, stands_alone
from assistant.ingest.structure import is_heading_line, is_toc, starts_item
from assistant.textnorm import join_lines
from assistant.types import Block


def is_pdf_dump(lines: list[str]) -> bool:
    """PDF text dumps put an empty line after nearly every line and mark real
    paragraph breaks with a line holding only spaces."""
    body = [i for i, ln in enumerate(lines[:-1]) if ln.strip()]
    if len(body) < 5:
        return False
    followed_by_empty = sum(1 for i in body if lines[i + 1] == "")
    spacer_lines = sum(1 for ln in lines if ln and not ln.strip())
    return followed_by_empty / len(body) > 0.6 and spacer_lines > 0


def _groups(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Lines grouped into raw paragraphs, with their 1-based line numbers."""
    dump = is_pdf_dump(lines)
    groups: list[list[tuple[int, str]]] = [[]]
    for no, line in enumerate(lines, 1):
        if dump and line == "":
            continue  # the empty line a PDF dump puts after every line
        if not line.strip():
            groups.append([])
            continue
        groups[-1].append((no, line))
    return [g for g in groups if g]


def _split_group(group: list[tuple[int, str]]) -> list[Block]:
    """One raw paragraph may hold a heading and a paragraph glued by a page break,
    or several items and bullets: split it where a new one starts."""
    blocks: list[Block] = []
    cur: list[tuple[int, str]] = []
    cur_heading = False

    def flush() -> None:
        if cur:
            text = join_lines([ln for _, ln in cur])
            kind = "heading" if cur_heading else "para"
            blocks.append(Block(text=text, kind=kind, line=cur[0][0]))

    for no, line in group:
        heading = is_heading_line(line)
        if cur and (starts_item(line) or heading != cur_heading or stands_alone(line)
                    or opens_section(line)
                    or stands_alone(cur[-1][1])):
            flush()
            cur = []
        if not cur:
            cur_heading = heading
        cur.append((no, line))
    flush()
    return blocks


def blocks_from_text(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front = split_front_matter(lines)
    out: list[Block] = [Block("\n".join(lines[:front]), "front", 0, 1)] if front else []
    lines = [""] * front + lines[front:]  # keep line numbers
    for group in _groups(lines):
        joined = "\n".join(ln for _, ln in group)
        if is_toc(joined):
            out.append(Block(text=joined.strip(), kind="toc", line=group[0][0]))
            continue
        out.extend(_split_group(group))
    return out
