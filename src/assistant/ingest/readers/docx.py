"""Word .docx through python-docx: heading and list styles give the structure."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from assistant.ingest.readers.errors import ReaderError
from assistant.textnorm import fold_spaces
from assistant.types import Block

MAX_UNZIPPED = 200 * 1024 * 1024  # all members together, as declared in the zip directory
MAX_RATIO = 100  # real Word files compress XML 5-20 times; a bomb compresses zeros 1000 times
MAX_MEMBERS = 10_000


def check_zip(path: Path, max_unzipped: int = MAX_UNZIPPED, max_ratio: int = MAX_RATIO) -> None:
    """Refuse a zip bomb before anything is extracted. zipfile never reads past
    a member's declared size, so the declared sizes bound the expansion."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as e:
        raise ReaderError("truncated", f"the zip directory is missing or broken ({e}); "
                          "the file is cut off or not a real .docx") from e
    if len(infos) > MAX_MEMBERS:
        raise ReaderError("zip-bomb", f"{len(infos)} members (limit {MAX_MEMBERS})")
    unzipped = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if unzipped > max_unzipped:
        raise ReaderError("zip-bomb", f"expands to {unzipped} bytes (limit {max_unzipped})")
    if unzipped > (1 << 20) and unzipped > max_ratio * max(packed, 1):
        raise ReaderError("zip-bomb", f"compression ratio {unzipped // max(packed, 1)}:1 "
                          f"(limit {max_ratio}:1)")


def _block(style: str, text: str, line: int) -> Block:
    s = style.lower()
    if s.startswith("heading") or s == "title":
        digits = "".join(c for c in s if c.isdigit())
        return Block(text, "heading", int(digits or 1), line)
    if "list" in s and ("bullet" in s or "paragraph" in s):
        digits = "".join(c for c in s if c.isdigit())
        return Block(text, "bullet", max(0, int(digits or 1) - 1), line)
    return Block(text, "para", 0, line)


def blocks_from_docx(path: Path) -> list[Block]:
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ReaderError("docx-support-missing", str(e)) from e
    check_zip(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise ReaderError("unreadable-docx", f"{type(e).__name__}: {e}") from e
    except Exception as e:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise ReaderError("unreadable-docx", f"{type(e).__name__}: {e}") from e
    out: list[Block] = []
    for i, item in enumerate(document.iter_inner_content(), 1):  # paragraphs and tables, in order
        if isinstance(item, Paragraph):
            text = fold_spaces(item.text)
            if text:
                out.append(_block(item.style.name if item.style is not None else "", text, i))
        else:
            out.extend(Block(row, "para", 0, i) for row in table_rows(item))
    return out


def table_rows(table: Any) -> list[str]:
    """One paragraph per table row, its cells joined by " | " (a merged cell, which
    python-docx repeats in every grid column it spans, once). Tables nested in a cell
    are read as that cell's text."""
    rows: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = fold_spaces(cell.text)
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
