#!/usr/bin/env python3
"""Validate the known-answer set against the citable units (stdlib only).
Usage: python eval/check_questions.py UNITS [QUESTIONS]   (QUESTIONS: eval/questions.jsonl)
UNITS: eval/units-dump.txt ("<doc_id> <ref>\\t<text>" lines) or an index's units.jsonl.
Prints counts per lang/type; exits 1 on any problem."""
import json
import re
import sys
import unicodedata
from collections import Counter

LANGS, TYPES = ("en", "es", "pt", "fr"), ("fact", "listing", "reference", "unanswerable")
_FOLD = str.maketrans("\u2018\u2019\u201c\u201d\u2013\u2014", "''\"\"--")


def fold(s):  # case, accents, quotes, dashes and runs of spaces folded
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())


def load_units(path):  # citation id -> text; parts of a split unit share a ref and are joined
    units = {}
    for line in filter(str.strip, open(path, encoding="utf-8")):
        if path.endswith(".jsonl"):
            u = json.loads(line)
            cid, text = f"{u['doc_id']} {u['ref']}", u["text"]
        else:
            cid, _, text = line.rstrip("\n").partition("\t")
        units[cid] = (units.get(cid, "") + " " + text).strip()
    return units


def within(cid, gold):  # the scorer's rule: the gold unit itself or a piece inside it
    return cid == gold or (cid.startswith(gold) and cid[len(gold):].startswith(("(", ", ", ".")))


def check(units, qpath):
    errors, seen, counts = [], set(), Counter()
    for no, line in filter(lambda x: x[1].strip(), enumerate(open(qpath, encoding="utf-8"), 1)):
        try:
            q = json.loads(line)
            qid, lang, typ, gold, key, text = (q[k] for k in
                                               ("id", "lang", "type", "gold", "key", "question"))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            errors.append(f"line {no}: bad record: {e}")
            continue
        bad = []
        good_id = re.fullmatch(rf"(ho-|bl-|b[2-5]-|ex-)?{lang}-\d{{3}}", qid)
        if not good_id or lang not in LANGS or typ not in TYPES:
            bad.append(f"bad id/lang/type {qid!r} {lang!r} {typ!r}")
        if qid in seen or fold(text) in seen or not text.strip():
            bad.append("duplicate or empty id/question")
        seen.update({qid, fold(text)})
        if (typ == "unanswerable") != (not gold) or (not gold) != (not key):
            bad.append("gold and key must be empty exactly when unanswerable")
        inside = [c for g in gold for c in units if within(c, g)]
        bad += [f"gold {g!r} matches no unit" for g in gold if not any(within(c, g) for c in units)]
        body = fold(" ".join(units[c] for c in inside))
        for k in key:
            bad += [] if 1 <= len(k.split()) <= 4 else [f"key {k!r} is not 1-4 words"]
            bad += [] if fold(k) in body or not inside else [f"key {k!r} not in gold text"]
        errors += [f"line {no} {qid}: {b}" for b in bad]
        counts[lang, typ] += 1
    return errors, counts


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    errors, n = check(load_units(argv[1]), argv[2] if len(argv) > 2 else "eval/questions.jsonl")
    print(f"{'lang':6}" + "".join(f"{t:>14}" for t in TYPES + ("total",)))
    for lg in LANGS + ("all",):
        row = [sum(n[x, t] for x in (LANGS if lg == "all" else (lg,))) for t in TYPES]
        print(f"{lg:6}" + "".join(f"{c:>14}" for c in row + [sum(row)]))
    print("\n".join(errors) or "OK: no problems found")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
