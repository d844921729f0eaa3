"""What one knob is: its default, its allowed range and its reason, and how a raw
value (TOML, environment text, --set text) becomes a checked value of its type."""

from __future__ import annotations

from dataclasses import Field, field
from typing import Any


class SettingsError(ValueError):
    """A preset, environment variable or --set value that is not a valid setting."""


def knob(default: Any, lo: float | None = None, hi: float | None = None, why: str = "") -> Any:
    """A settings field: its default, inclusive range (numbers) and the reason it exists."""
    return field(default=default, metadata={"lo": lo, "hi": hi, "why": why})


def coerce(dotted: str, f: Field[Any], raw: Any) -> Any:
    """`raw` as the knob's type, checked against its range."""
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
