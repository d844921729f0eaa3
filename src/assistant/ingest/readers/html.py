"""HTML with the standard library's parser: h1-h6, p, li (nested), div text."""

from __future__ import annotations

from html.parser import HTMLParser

from assistant.textnorm import fold_spaces
from assistant.types import Block

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "br",
               "section", "article", "blockquote", "pre", "tr"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.kind = "para"
        self.level = 0
        self.list_depth = 0
        self.skip = 0

    def _flush(self) -> None:
        text = fold_spaces("".join(self.buf))
        if text:
            self.blocks.append(Block(text, self.kind, self.level, self.getpos()[0]))
        self.buf = []
        self.kind, self.level = "para", 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_depth += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self.kind, self.level = "bullet", max(0, self.list_depth - 1)
            elif tag[0] == "h" and tag[1:].isdigit():
                self.kind, self.level = "heading", int(tag[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_depth = max(0, self.list_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)


def blocks_from_html(text: str) -> list[Block]:
    parser = _Collector()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.blocks
