"""The knobs of what the assistant reads and how it answers: paths, input limits,
retrieval, answer shape, follow-ups, broad questions, document structure."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.settings.fields import knob


@dataclass(frozen=True)
class Paths:
    corpus: str = knob("ingest", why="folder of documents read by index/ask/ui")
    index: str = knob("index", why="index folder holding the generations and CURRENT")
    embedder: str = knob("e5-small-onnx", why="the only bundled model that reads es/pt/fr questions")
    reranker: str = knob("ms-marco-minilm-l12-int8",
                         why="cross-encoder for contested English rankings; 'none' turns it off")
    presets: str = knob("configs", why="folder of the per-embedder presets (EMBEDDER.toml), read under "
                                        "--preset, the environment and --set")
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
    prefer_depth: int = knob(5, 1, 50, why="...looked for this far down (and a meeting asked about)")
    evidence_units: int = knob(3, 1, 20, why="the best units the evidence checks read (names they miss)")
    variant_min: int = knob(5, 2, 20, why="a stem the corpus lacks this long or longer matches longer "
                            "corpus words it begins (\"financ\" -> \"financial\"); shorter ones "
                            "matched the wrong words as often as the right")
    variant_extra: int = knob(4, 0, 20, why="...at most this many letters longer")
    variant_max: int = knob(3, 0, 20, why="...and at most this many of them")
    w_rerank: float = knob(0.5, 0, 5, why="weight of the cross-encoder's score blended with the fused one")


@dataclass(frozen=True)
class AnswerPolicy:
    """How an answer is shaped once the refusal scorer (refusal.py) has said to answer."""

    max_statements: int = knob(3, 1, 20, why="a point answer quotes at most this many sentences")
    margin: float = knob(0.06, 0, 1, why="other sentences must score within this of the best")
    tie: float = knob(0.3, 0, 10, why="fused-score gap within which another unit ties with the best")
    sentence_units: int = knob(4, 1, 20, why="the best units whose sentences a point answer chooses among")
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
    outline_lead: bool = knob(True, why="an outline takes each heading's opening paragraph first")
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
