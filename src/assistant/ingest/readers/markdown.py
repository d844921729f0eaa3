"""Markdown: ATX headings, bold-only lines as headings, nested bullets, paragraphs."""

from __future__ import annotations

import re

from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.layout import opens_section, stands_alone
from assistant.ingest.structure import is_toc, starts_item
from assistant.textnorm import join_lines
from assistant.types import Block

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE = re.compile(r"^\[\^[^\]\s]{1,12}\]:")
_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")


def strip_inline(text: str) -> str:
    """Markdown syntax is not the document's words: keep link text, drop emphasis marks."""
    text = _LINK.sub(r"\1", text)
    prev = None
    while prev != text:
        prev = text
        text = _EMPH.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return text.replace("\\$", "$").replace("\\", "")


def _is_bold_only(lines: list[str]) -> bool:
    joined = " ".join(ln.strip() for ln in lines)
    return joined.startswith("**") and joined.endswith("**") and joined.count("**") == 2


def _indent_level(spaces: str, unit: int) -> int:
    return len(spaces.replace("\t", "    ")) // unit


def blocks_from_markdown(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front = split_front_matter(lines)
    head = [Block("\n".join(lines[:front]), "front", 0, 1)] if front else []
    return head + _blocks(lines[front:], front)


def _blocks(lines: list[str], offset: int) -> list[Block]:
    indents = [len(m.group(1)) for ln in lines if (m := _BULLET.match(ln)) and m.group(1)]
    unit = min(indents) if indents else 2
    out: list[Block] = []
    para: list[str] = []
    para_line = 0
    bullet: list[str] = []
    bullet_level = 0
    bullet_line = 0

    def flush() -> None:
        nonlocal para, bullet
        if bullet:
            out.append(Block(strip_inline(join_lines(bullet)), "bullet", bullet_level, bullet_line))
        elif para:
            raw = "\n".join(para)
            if is_toc(raw):
                out.append(Block(strip_inline(raw.strip()), "toc", 0, para_line))
            elif _FOOTNOTE.match(para[0]):
                out.append(Block(join_lines(para), "footnote", 0, para_line))
            else:
                kind = "heading" if _is_bold_only(para) else "para"
                out.append(Block(strip_inline(join_lines(para)), kind, 0, para_line))
        para, bullet = [], []

    for no, line in enumerate(lines, offset + 1):
        if not line.strip() or _RULE.match(line):
            flush()
            if _RULE.match(line):
                out.append(Block("", "rule", 0, no))  # a hard break: never joined across
            continue
        if m := _ATX.match(line):
            flush()
            out.append(Block(strip_inline(m.group(2)), "heading", len(m.group(1)), no))
            continue
        if m := _BULLET.match(line):
            flush()
            bullet, bullet_level, bullet_line = [m.group(2)], _indent_level(m.group(1), unit), no
            continue
        if bullet:  # a lazy continuation line of the bullet
            bullet.append(line)
            continue
        if para and (_FOOTNOTE.match(line) or starts_item(line) or stands_alone(line) or opens_section(line)
                     or stands_alone(para[-1])):
            flush()  # a footnote text, a numbered paragraph or item, an "Annex" or "II." line
        if not para:
            para_line = no
        para.append(line)
    flush()
    return [b for b in out if b.text or b.kind == "rule"]
