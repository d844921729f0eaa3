"""Count the hand-written rules on the question side of a checkout (issue 19's report).

    python scripts/count_rules.py [REV]        (default: the work tree)

Counted in the query-side modules (question reading, search, evidence, refusal, answers):
regular expressions compiled or applied in code; words listed in code (string literals of
letters inside list/tuple/set/dict literals); numeric constants in code other than 0, 1, -1
and 2 (tuned numbers; the settings, where every knob lives with its range and reason, are
counted apart); and, in the data files (lexicons/*.toml), the regex alternatives and words.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

QUERY_SIDE = {"lang", "aliases", "countries", "naming", "refs", "answertype", "measure", "guard",
              "features", "scope", "conversation", "retrieve", "unittable", "evidence", "lexical", "fusion",
              "support",
              "refusal", "answer", "answerer", "brief", "topic", "sentences", "outline", "rerank"}
RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}


def files(rev: str | None) -> dict[str, str]:
    """path -> text of every .py and .toml under src/assistant at REV (or in the work tree)."""
    if rev is None:
        root = Path("src/assistant")
        return {str(p): p.read_text("utf-8") for p in root.rglob("*") if p.suffix in (".py", ".toml")}
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "src/assistant"],
                           capture_output=True, text=True, check=True).stdout.split()
    return {n: subprocess.run(["git", "show", f"{rev}:{n}"], capture_output=True, text=True,
                              check=True).stdout for n in names if n.endswith((".py", ".toml"))}


def count_code(text: str) -> tuple[int, int, int]:
    tree = ast.parse(text)
    regexes = words = numbers = 0
    prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings
    for node in ast.walk(tree):
        if id(node) in prose:
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and \
                node.func.attr in RE_CALLS:
            regexes += 1
        elif isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict):
            elts = node.keys if isinstance(node, ast.Dict) else node.elts
            words += sum(1 for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                         and re.fullmatch(r"[^\W\d_][\w' -]*", e.value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                re.fullmatch(r"[^\W\d_]+(\s+[^\W\d_]+){3,}", node.value.strip()):
            words += len(node.value.split())  # "the of and ...".split(): a word list in a string
        elif isinstance(node, ast.Constant) and isinstance(node.value, int | float) and \
                not isinstance(node.value, bool) and node.value not in (0, 1, -1, 2):
            numbers += 1
    return regexes, words, numbers


def count_data(text: str) -> tuple[int, int]:
    patterns = words = 0
    def walk(v: object) -> None:
        nonlocal patterns, words
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            if re.search(r"[\\()\[\]|?*+{}]", v):
                patterns += 1
            else:
                words += len(v.split())
    walk(tomllib.loads(text))
    return patterns, words


def main(rev: str | None) -> None:
    tot = {"regex": 0, "words": 0, "numbers": 0, "settings numbers": 0, "data patterns": 0,
           "data words": 0, "modules": 0}
    for path, text in sorted(files(rev).items()):
        stem = Path(path).stem
        if path.endswith(".toml") and "/lexicons/" in path:
            p, w = count_data(text)
            tot["data patterns"] += p
            tot["data words"] += w
        elif stem == "settings" or "/settings/" in path:  # the module, later the package
            tot["settings numbers"] += count_code(text)[2]
        elif stem in QUERY_SIDE and path.endswith(".py") and "/backends/" not in path:
            r, w, n = count_code(text)
            tot["regex"] += r
            tot["words"] += w
            tot["numbers"] += n
            tot["modules"] += 1
    print(rev or "work tree", " ".join(f"{k}={v}" for k, v in tot.items()))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
