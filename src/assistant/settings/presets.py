"""Preset files (TOML, one table per settings group): where an embedder's own preset is,
and reading and writing one."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.settings.answering import Paths
from assistant.settings.fields import SettingsError


def embedder_preset(embedder: str, folder: str | Path | None = None) -> Path:
    """The preset file of one embedder (read automatically when it is in use); `folder`
    defaults to paths.presets' default."""
    return Path(Paths().presets if folder is None else folder) / f"{embedder}.toml"


def read_tables(path: Path, what: str = "preset") -> dict[str, dict[str, Any]]:
    """A preset file's `{group: {name: value}}`; a SettingsError naming the file otherwise."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SettingsError(f"{what} {path}: {e}") from e
    for group, values in data.items():
        if not isinstance(values, dict):
            raise SettingsError(f"{what} {path}: [{group}] must be a table")
    return data


def preset_values(path: Path, what: str = "preset") -> dict[str, Any]:
    """A preset file's `{group.name: value}`."""
    return {f"{g}.{k}": v for g, values in read_tables(path, what).items() for k, v in values.items()}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def write_preset(path: Path, tables: Mapping[str, Mapping[str, Any]], note: str) -> None:
    """Set `tables` ({group: {name: value}}) in the preset at `path`, keeping the values it
    holds for other knobs (its comments are not kept: `note` heads the file)."""
    data = read_tables(path) if path.is_file() else {}
    for group, values in tables.items():
        data[group] = {**data.get(group, {}), **values}
    body = "\n\n".join(f"[{group}]\n" + "\n".join(f"{k} = {_toml_value(v)}" for k, v in values.items())
                       for group, values in data.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {note}\n{body}\n", encoding="utf-8")
