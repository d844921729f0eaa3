"""One settings object for the whole assistant.

Every knob is a field with its default, its allowed range and a one-line reason
(`knob(...)`; the groups are in answering.py and service.py). Values come, in increasing
precedence, from the defaults, the preset of the embedder in use (`configs/<embedder>.toml`),
a preset file (--preset / ASSISTANT_PRESET), the environment (`ASSISTANT_<GROUP>_<NAME>`)
and `--set group.name=value` (sources.py). This module holds the process's settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.settings.answering import (
    AnswerPolicy,
    Broad,
    Conversation,
    Limits,
    Paths,
    Retrieval,
    Structure,
)
from assistant.settings.fields import SettingsError, knob
from assistant.settings.listing import describe, listing
from assistant.settings.model import Settings, all_names
from assistant.settings.presets import embedder_preset, write_preset
from assistant.settings.service import LLM, UI, Desk, Evaluation, Runtime
from assistant.settings.sources import Loaded, load, parse_assignments, resolve

__all__ = ["Settings", "SettingsError", "knob", "load", "resolve", "current", "origins", "use",
           "reload", "describe", "listing", "embedder_preset", "write_preset", "parse_assignments",
           "all_names", "user_cache", "Paths", "Limits", "Retrieval", "AnswerPolicy", "Conversation",
           "Broad", "Structure", "Desk", "UI", "Runtime", "Evaluation", "LLM"]

_CURRENT: Settings | None = None
_LOADED: Loaded | None = None  # where _CURRENT's values came from, when it was loaded


def current() -> Settings:
    """The process's settings (loaded once from the environment unless `use()` set them)."""
    if _CURRENT is None:
        loaded = resolve()
        use(loaded.settings, loaded.origins)
    assert _CURRENT is not None
    return _CURRENT


def origins() -> dict[str, str]:
    """Where each current value came from; a name absent has its default. Settings made in
    code (`use(s)` without origins) show their changed values as "set in code"."""
    s = current()
    if _LOADED is not None and _LOADED.settings is s:
        return _LOADED.origins
    return {n: "set in code" for n in all_names() if s.get(n) != Settings().get(n)}


def reload() -> Settings:
    """Settings read afresh from the environment (after a test changed it)."""
    loaded = resolve()
    use(loaded.settings, loaded.origins)
    return current()


def use(settings: Settings, origins: dict[str, str] | None = None) -> None:
    """Make `settings` the process's settings (the CLI calls this after --preset/--set)."""
    global _CURRENT, _LOADED
    _CURRENT = settings
    _LOADED = None if origins is None else Loaded(settings, origins)


def user_cache() -> Path:
    """Where exported models are cached: runtime.onnx_cache, else the user's cache folder."""
    if current().runtime.onnx_cache:
        return Path(current().runtime.onnx_cache)
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "iacml-assistant"
