"""A client for the user's own model server: OpenAI-compatible /v1/chat/completions,
streamed as server-sent events (llama.cpp, Ollama, vLLM all speak it).

Standard library only, so nothing is imported until a model is configured. Every failure
is one of the named errors below; the caller falls back to the extractive answer.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.settings import LLM

__all__ = ["LLMError", "LLMTimeout", "LLMUnavailable", "LLMBadStream", "Writer", "ChatWriter",
           "endpoint", "writer_for"]

Message = dict[str, str]


class LLMError(RuntimeError):
    """The model server could not give a written answer."""


class LLMTimeout(LLMError):
    """The reply did not finish within llm.timeout."""


class LLMUnavailable(LLMError):
    """The server refused the connection or answered with an HTTP error."""


class LLMBadStream(LLMError):
    """The server's event stream was not the OpenAI chat format."""


class Writer(Protocol):
    """The seam a written answer is produced through: messages in, text pieces out."""

    @property
    def name(self) -> str: ...

    def write(self, messages: Sequence[Message]) -> Iterator[str]: ...


def endpoint(url: str) -> str:
    """The chat endpoint of a base URL given with or without its /v1."""
    base = url.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise LLMUnavailable(f"llm.url must start with http:// or https://, got {url!r}")
    return base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")


@dataclass(frozen=True)
class ChatWriter:
    """Streams one chat completion from an OpenAI-compatible server."""

    config: LLM

    @property
    def name(self) -> str:
        return self.config.model or self.config.url

    def write(self, messages: Sequence[Message]) -> Iterator[str]:
        cfg = self.config
        body = {"messages": list(messages), "stream": True, "max_tokens": cfg.max_tokens,
                "temperature": cfg.temperature}
        if cfg.model:
            body["model"] = cfg.model
        req = urllib.request.Request(endpoint(cfg.url), data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json",
                                              "Accept": "text/event-stream"})
        deadline = time.monotonic() + cfg.timeout
        try:
            with urllib.request.urlopen(req, timeout=cfg.timeout) as resp:  # noqa: S310 -- user's URL
                yield from _events(resp, deadline, cfg.timeout)
        except TimeoutError as e:
            raise LLMTimeout(f"no reply within {cfg.timeout:g} s") from e
        except urllib.error.HTTPError as e:
            raise LLMUnavailable(f"the server answered HTTP {e.code}") from e
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError):
                raise LLMTimeout(f"no reply within {cfg.timeout:g} s") from e
            raise LLMUnavailable(f"cannot reach {cfg.url}: {e.reason}") from e
        except OSError as e:
            raise LLMUnavailable(f"cannot reach {cfg.url}: {getattr(e, 'reason', e)}") from e


def _events(resp: object, deadline: float, timeout: float) -> Iterator[str]:
    """The content pieces of an SSE chat stream; [DONE] or the end of the body ends it."""
    done = False
    for raw in resp:  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise LLMTimeout(f"the reply took longer than {timeout:g} s")
        line = raw.decode("utf-8", "replace").strip()
        if not line or line.startswith(":"):
            continue  # blank separators and keep-alive comments
        if not line.startswith("data:"):
            if line.startswith(("event:", "id:", "retry:")):
                continue
            raise LLMBadStream(f"not an event-stream line: {line[:80]!r}")
        data = line[5:].strip()
        if data == "[DONE]":
            done = True
            break
        piece = _content(data)
        if piece:
            yield piece
    if not done:
        return  # some servers close the stream without [DONE]; what came is the reply


def _content(data: str) -> str:
    try:
        event = json.loads(data)
    except ValueError as e:
        raise LLMBadStream(f"malformed event: {data[:80]!r}") from e
    if isinstance(event, dict) and "error" in event:
        raise LLMUnavailable(f"the server reported: {str(event['error'])[:200]}")
    try:
        choices = event["choices"]
        choice = choices[0] if choices else {}
        piece = (choice.get("delta") or choice.get("message") or {}).get("content") or ""
    except (TypeError, KeyError, AttributeError, IndexError) as e:
        raise LLMBadStream(f"not a chat event: {data[:80]!r}") from e
    if not isinstance(piece, str):
        raise LLMBadStream(f"content is not text: {data[:80]!r}")
    return piece


def writer_for(config: LLM) -> Writer | None:
    """The configured writer, or None when no model is configured (nothing is contacted)."""
    return ChatWriter(config) if config.url.strip() else None
