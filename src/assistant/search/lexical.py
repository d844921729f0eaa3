"""Lexical side of retrieval: tokenisation, BM25 (bm25s) and the corpus vocabulary."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np

from assistant.textnorm import words

STOP = frozenset("""
a an the of and or to in on for by with at from as is are was were be been being it its this that
these those what which who whom whose how when where why does do did doing done say says said
about into than then there their they them we our you your he she his her i me my will would shall
should can could may might must not no yes any all some each other such more most also only very
tell me please give list show between within over under up down out off per via whether
document documents text paper plan action summary meeting iacml oas
""".split())


def stem(w: str) -> str:
    """A light English stemmer: plural and common suffixes (enough for BM25 here)."""
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suf) + 3 and w.endswith(suf) and not w.endswith("ss"):
            return w[: -len(suf)] + rep
    return w


def terms(text: str) -> list[str]:
    out = []
    for w in words(text):
        for part in w.split("-") if "-" in w and not any(c.isdigit() for c in w) else [w]:
            if part not in STOP and len(part) > 1:
                out.append(stem(part))
    return out


class Lexical:
    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self.docs = [terms(t) for t in texts]
        self.doc_sets = [set(d) for d in self.docs]
        self.bm25 = bm25s.BM25()
        self.bm25.index([d or ["_empty_"] for d in self.docs], show_progress=False)
        vocab = self.bm25.vocab_dict
        self.vocab: set[str] = {str(t) for t in vocab} if vocab is not None else set()
        self._sorted = sorted(self.vocab)

    def scores(self, query: str) -> np.ndarray:
        q = [v for t in terms(query) for v in self.variants(t)]
        if not q:
            return np.zeros(len(self.docs), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(q), dtype=np.float32)

    def variants(self, term: str) -> list[str]:
        """The term itself if the corpus has it; else up to three longer corpus words
        it begins ("moderat" -> "moderator", "financ" -> "financial"), which the light
        stemmer leaves apart. Only longer ones: a shorter "decid" for "decide" matched
        "decided" in the wrong document as often as it helped."""
        if term in self.vocab:
            return [term]
        if len(term) < 5 or not term.isalpha():
            return []
        near = []
        for v in self._sorted[bisect.bisect_left(self._sorted, term):]:
            if not v.startswith(term):
                break
            if len(v) - len(term) <= 4:
                near.append(v)
        return sorted(near, key=lambda v: (len(v), v))[:3]

    def known(self, query: str) -> float:
        """Share of the query's content terms that occur anywhere in the corpus."""
        q = set(terms(query))
        return len([t for t in q if self.variants(t)]) / len(q) if q else 1.0


def grams(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams inside each word: a Spanish "inspección" and an English
    "inspection" share most of theirs, which is what cross-lingual matching needs."""
    out = []
    for w in words(text):
        if w in STOP or len(w) < 3:
            continue
        padded = f" {w} "
        for n in range(low, high + 1):
            out += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return out


class CharGrams:
    """BM25 over character n-grams (cognates across languages)."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self.bm25 = bm25s.BM25()
        self.bm25.index([grams(t) or ["_empty_"] for t in texts], show_progress=False)
        vocab = self.bm25.vocab_dict
        self.vocab: set[str] = {str(t) for t in vocab} if vocab is not None else set()
        self.n = len(texts)

    def scores(self, query: str) -> np.ndarray:
        q = [g for g in dict.fromkeys(grams(query)) if g in self.vocab]
        if not q:
            return np.zeros(self.n, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(q), dtype=np.float32)
