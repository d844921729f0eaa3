"""Word .docx through python-docx: heading and list styles give the structure."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..textnorm import fold_spaces
from ..types import Block
from .errors import ReaderError


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
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ReaderError("docx-support-missing", str(e)) from e
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise ReaderError("unreadable-docx", f"{type(e).__name__}: {e}") from e
    except Exception as e:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise ReaderError("unreadable-docx", f"{type(e).__name__}: {e}") from e
    out: list[Block] = []
    for i, p in enumerate(document.paragraphs, 1):
        text = fold_spaces(p.text)
        if text:
            out.append(_block(p.style.name if p.style is not None else "", text, i))
    return out
