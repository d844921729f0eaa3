"""`ask --jsonl`: one `{"id", "question"}` request a line in, one JSON answer a line out.

A request may carry the conversation so far, `"history": [{"question", "answer", "cids"}, ...]`
(earliest first), so a follow-up ("and in Quito?") is answered as the chat answers it.

A line that is not a well-formed request gets `{"id", "line", "error"}` and the next line
is read as if nothing happened: invalid UTF-8, a line longer than
`limits.jsonl_line_bytes`, nesting deeper than the parser's stack, an integer past
Python's 4,300-digit limit, NaN or Infinity (not JSON), a question that is not a string.
What is written is always valid JSON, UTF-8 encoded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from assistant import settings
from assistant.types import Answer

Ask = Callable[[str, tuple[Any, ...]], Answer]  # (question, earlier turns) -> answer


class BadRequest(ValueError):
    """One input line that is not a well-formed request; `qid` is its id when it had one."""

    def __init__(self, message: str, qid: Any = None) -> None:
        super().__init__(message)
        self.qid = qid


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of the range of a number")
    return value


def _safe_id(qid: Any) -> bool:
    """An id that can be echoed as it came: a string of text, a number, a boolean or null."""
    if isinstance(qid, str):
        return not any("\ud800" <= c <= "\udfff" for c in qid)
    return qid is None or isinstance(qid, bool | int) or (isinstance(qid, float) and math.isfinite(qid))


def parse(raw: bytes) -> tuple[Any, str, tuple[Any, ...] | None]:
    """(id, question, history or None) from one line; raises BadRequest saying what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        qid = _id_despite(raw.decode("utf-8", "replace"))
        raise BadRequest(f"invalid-utf8: byte {e.start} is not UTF-8", qid) from None
    try:
        req = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except RecursionError:
        raise BadRequest("too-deep: the JSON is nested deeper than the parser allows") from None
    except ValueError as e:  # JSONDecodeError, the int digit limit, NaN, 1e999
        raise BadRequest(f"not-json: {str(e)[:200]}") from None
    if not isinstance(req, dict):
        raise BadRequest(f"not-an-object: a request is {{\"id\", \"question\"}}, not a {type(req).__name__}")
    qid = req.get("id")
    if not _safe_id(qid):
        raise BadRequest("bad-id: an id is a string, a number, a boolean or null")
    question = req.get("question")
    if not isinstance(question, str):
        got = "missing" if "question" not in req else f"a {type(question).__name__}"
        raise BadRequest(f"bad-question: the question must be a string, got {got}", qid)
    return qid, question, _history(req, qid)


def _history(req: dict[str, Any], qid: Any) -> tuple[Any, ...] | None:
    if "history" not in req:
        return None
    from assistant.query.conversation import HistoryError, turns_from

    try:
        return turns_from(req["history"])
    except HistoryError as e:
        raise BadRequest(f"bad-history: {e}", qid) from None


def _id_despite(text: str) -> Any:
    """The id of a line that cannot be taken as a request, when it can still be read."""
    try:
        req = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except (ValueError, RecursionError):
        return None
    qid = req.get("id") if isinstance(req, dict) else None
    return qid if _safe_id(qid) else None


def lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line over `limit` bytes, whose
    rest is read past in bounded pieces and never held."""
    no = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        no += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 16)
                if not rest or rest.endswith(b"\n"):
                    break
            yield no, None
            continue
        yield no, raw


def dumps(obj: dict[str, Any]) -> bytes:
    """One output line: strict JSON (no NaN), UTF-8; escaped if some text cannot encode."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, allow_nan=False).encode("ascii") + b"\n"


def answer_line(no: int, raw: bytes | None, ask: Ask, limit: int,
                default_history: tuple[Any, ...] = ()) -> dict[str, Any] | None:
    """The output for one input line (None for a blank line); a line without its own
    history is asked after `default_history` (`ask --jsonl --history FILE`)."""
    if raw is None:
        return {"id": None, "line": no, "error": f"too-long: the line is over {limit} bytes"}
    if not raw.strip():
        return None
    try:
        qid, question, history = parse(raw)
    except BadRequest as e:
        return {"id": e.qid, "line": no, "error": f"bad request: {e}"}
    try:
        return ask(question, default_history if history is None else history).to_dict(qid)
    except Exception as e:  # noqa: BLE001 -- one failed answer must not lose the rest
        return {"id": qid, "line": no, "error": f"{type(e).__name__}: {str(e)[:300]}"}


def run(stdin: BinaryIO, stdout: BinaryIO, ask: Ask, default_history: tuple[Any, ...] = ()) -> int:
    """Answer every line of `stdin`; returns how many lines got an error."""
    limit = settings.current().limits.jsonl_line_bytes
    errors = 0
    for no, raw in lines(stdin, limit):
        out = answer_line(no, raw, ask, limit, default_history)
        if out is None:
            continue
        errors += "error" in out
        stdout.write(dumps(out))
        stdout.flush()
    return errors
