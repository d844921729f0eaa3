"""Lexical side of retrieval: BM25 (bm25s) over each unit's terms, in its document's
language (analyze.py), and the corpus vocabulary."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np

from assistant import settings
from assistant.search.analyze import analyzer, forms, terms
from assistant.textnorm import words


class Lexical:
    def __init__(self, texts: Sequence[str], langs: Sequence[str] = ()) -> None:
        """`langs`: each text's language (default English)."""
        import bm25s

        langs = list(langs) or ["en"] * len(texts)
        self.languages = tuple(dict.fromkeys(langs))  # the corpus's languages, as its stems
        self.docs = [terms(t, lg) for t, lg in zip(texts, langs, strict=True)]
        self.doc_sets = [set(d) for d in self.docs]
        self.bm25 = bm25s.BM25()
        self.bm25.index([d or ["_empty_"] for d in self.docs], show_progress=False)
        vocab = self.bm25.vocab_dict
        self.vocab: set[str] = {str(t) for t in vocab} if vocab is not None else set()
        self._sorted = sorted(self.vocab)

    def _asked(self, query: str, lang: str) -> tuple[frozenset[str], ...]:
        """Each content word of the query as every corpus language reads it (analyze.forms:
        one form when the corpus has one language)."""
        return forms(query, lang, self.languages)

    def scores(self, query: str, lang: str = "en") -> np.ndarray:
        q = [v for word in self._asked(query, lang)
             for v in dict.fromkeys(v for t in sorted(word) for v in self.variants(t))]
        if not q:
            return np.zeros(len(self.docs), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(q), dtype=np.float32)

    def variants(self, term: str) -> list[str]:
        """The term itself if the corpus has it; else a few longer corpus words
        it begins ("moderat" -> "moderator", "financ" -> "financial"), which a stemmer
        may leave apart. Only longer ones: a shorter "decid" for "decide" matched
        "decided" in the wrong document as often as it helped."""
        if term in self.vocab:
            return [term]
        c = settings.current().retrieval
        if len(term) < c.variant_min or not term.isalpha():
            return []
        near = []
        for v in self._sorted[bisect.bisect_left(self._sorted, term):]:
            if not v.startswith(term):
                break
            if len(v) - len(term) <= c.variant_extra:
                near.append(v)
        return sorted(near, key=lambda v: (len(v), v))[:c.variant_max]

    def known(self, query: str, lang: str = "en") -> float:
        """Share of the query's content terms that occur anywhere in the corpus."""
        q = set(self._asked(query, lang))
        return len([w for w in q if any(self.variants(t) for t in w)]) / len(q) if q else 1.0


def grams(text: str, langs: tuple[str, ...] = ("en",), low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams inside each word but the stopwords of `langs`: a Spanish
    "inspección" and an English "inspection" share most of theirs, which is what
    cross-lingual matching needs."""
    stop = frozenset().union(*(analyzer(lg).stop for lg in langs))
    out = []
    for w in words(text):
        if w in stop or len(w) < 3:
            continue
        padded = f" {w} "
        for n in range(low, high + 1):
            out += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return out


class CharGrams:
    """BM25 over character n-grams (cognates across languages)."""

    def __init__(self, texts: Sequence[str], langs: Sequence[str] = ()) -> None:
        import bm25s

        langs = list(langs) or ["en"] * len(texts)
        self.languages = tuple(dict.fromkeys(langs))
        self.bm25 = bm25s.BM25()
        self.bm25.index([grams(t, (lg,)) or ["_empty_"] for t, lg in zip(texts, langs, strict=True)],
                        show_progress=False)
        vocab = self.bm25.vocab_dict
        self.vocab: set[str] = {str(t) for t in vocab} if vocab is not None else set()
        self.n = len(texts)

    def scores(self, query: str) -> np.ndarray:
        """The query is in another language than the documents: its words are dropped by
        the documents' stopwords, as the overlaps read it (analyze.py). Its own language's
        stopwords cost hit@1 on the sets (eval/README.md, "Stemmers")."""
        q = [g for g in dict.fromkeys(grams(query, self.languages)) if g in self.vocab]
        if not q:
            return np.zeros(self.n, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(q), dtype=np.float32)
