"""The rows of `assistant settings`: every knob with its value, range, origin and reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from assistant.settings.model import GROUPS, Settings, group_type
from assistant.settings.sources import DEFAULT


def describe(settings: Settings | None = None) -> list[tuple[str, Any, str, str]]:
    """(name, value, range, reason) for every knob."""
    if settings is None:
        from assistant.settings import current

        settings = current()
    rows = []
    for g in GROUPS:
        for f in fields(group_type(g)):
            lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
            rng = "" if lo is None and hi is None else f"[{lo}, {hi}]"
            rows.append((f"{g}.{f.name}", settings.get(f"{g}.{f.name}"), rng, f.metadata.get("why", "")))
    return rows


def listing(settings: Settings, origins: Mapping[str, str]) -> list[str]:
    """One line per knob: `name = value  [lo, hi]  (origin)  # reason`."""
    return [f"{name} = {value!r}  {rng + '  ' if rng else ''}({origins.get(name, DEFAULT)})  # {why}"
            for name, value, rng, why in describe(settings)]
