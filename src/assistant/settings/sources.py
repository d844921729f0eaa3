"""Where setting values come from, in increasing precedence: the defaults, the preset of
the embedder in use (`<paths.presets>/<embedder>.toml`, when there is one), a preset file
(--preset or ASSISTANT_PRESET), the environment (ASSISTANT_<GROUP>_<NAME>, plus the
historical names in LEGACY_ENV) and `--set group.name=value`. Every value keeps where it
came from, for `assistant settings`. The environment is read here and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings.answering import Paths
from assistant.settings.fields import SettingsError
from assistant.settings.model import Settings, all_names
from assistant.settings.presets import embedder_preset, preset_values

DEFAULT = "default"  # the origin of a value nothing changed
# Environment names older than the settings object, kept working.
LEGACY_ENV = {"ASSISTANT_CORPUS": "paths.corpus", "ASSISTANT_INDEX": "paths.index",
              "ASSISTANT_EMBEDDER": "paths.embedder", "ASSISTANT_RERANK": "paths.reranker",
              "ASSISTANT_HOST": "ui.host", "ASSISTANT_PORT": "ui.port", "ASSISTANT_AUTH": "ui.auth",
              "ASSISTANT_UPLOADS": "ui.uploads", "ASSISTANT_FAISS_THREADS": "runtime.faiss_threads",
              "ASSISTANT_FLAT_MAX": "runtime.flat_max", "ASSISTANT_ANN": "runtime.ann",
              "ASSISTANT_E5_THREADS": "runtime.e5_threads", "ASSISTANT_ORT_THREADS": "runtime.ort_threads",
              "ASSISTANT_TORCH_THREADS": "runtime.torch_threads",
              "ASSISTANT_USE_THREADS": "runtime.use_threads",
              "ASSISTANT_RERANK_THREADS": "runtime.rerank_threads",
              "ASSISTANT_ONNX_CACHE": "runtime.onnx_cache", "ASSISTANT_RERANKER_DIR": "runtime.reranker_dir",
              "ASSISTANT_INDEX_WAIT": "runtime.index_wait",
              "ASSISTANT_PARSE_TIMEOUT": "runtime.parse_timeout",
              "ASSISTANT_PARSE_MEMORY_MB": "runtime.parse_memory_mb",
              "ASSISTANT_PARSE_TARGET": "runtime.parse_target", "ASSISTANT_DEBUG": "runtime.debug",
              "ASSISTANT_TEST_PAUSE_AT": "runtime.test_pause_at"}
# An embedder's preset cannot choose which embedder's preset is read.
_NOT_IN_EMBEDDER_PRESET = ("paths.embedder", "paths.presets")
Values = dict[str, tuple[Any, str]]  # group.name -> (raw value, where it came from)


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    origins: dict[str, str]  # group.name -> where its value came from; absent: the default


def env_values(env: Mapping[str, str]) -> Values:
    out = {dotted: (env[name], f"env {name}") for name, dotted in LEGACY_ENV.items() if env.get(name)}
    for dotted in all_names():
        name = "ASSISTANT_" + dotted.replace(".", "_").upper()
        if env.get(name):
            out[dotted] = (env[name], f"env {name}")
    return out


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """`["limits.question_chars=500"]` -> `{"limits.question_chars": "500"}`."""
    out = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:
            raise SettingsError(f"--set wants group.name=value, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def _embedder_values(path: Path) -> Values:
    """The embedder's preset, checked on its own so that a bad one is always named, even
    where a higher layer would override the bad value."""
    what = "embedder preset"
    values = preset_values(path, what)
    for dotted in _NOT_IN_EMBEDDER_PRESET:
        if dotted in values:
            raise SettingsError(f"{what} {path}: {dotted} cannot be set in an embedder's own preset")
    try:
        Settings().with_values(values)
    except SettingsError as e:
        raise SettingsError(f"{what} {path}: {e}") from e
    return {dotted: (v, str(path)) for dotted, v in values.items()}


def resolve(preset: Path | None = None, assignments: Sequence[str] = (),
            env: Mapping[str, str] | None = None, embedder: str | None = None) -> Loaded:
    """The settings and each value's origin. `embedder` is the one in use when a verb names
    it (--embedder); otherwise paths.embedder as the layers above its preset set it."""
    env = os.environ if env is None else env
    preset = preset or (Path(env["ASSISTANT_PRESET"]) if env.get("ASSISTANT_PRESET") else None)
    above: Values = {k: (v, f"preset {preset}") for k, v in preset_values(preset).items()} if preset else {}
    above.update(env_values(env))
    above.update({k: (v, "--set") for k, v in parse_assignments(assignments).items()})
    name = embedder or str(above.get("paths.embedder", (Paths().embedder,))[0])
    own = embedder_preset(name, str(above.get("paths.presets", (Paths().presets,))[0]))
    values = _embedder_values(own) if own.is_file() else {}
    values.update(above)
    out = Settings()
    for dotted, (raw, origin) in values.items():
        try:
            out = out.with_values({dotted: raw})
        except SettingsError as e:  # a file's bad value names the file
            raise SettingsError(f"{origin}: {e}" if origin.startswith("preset ") else str(e)) from e
    return Loaded(out, {dotted: origin for dotted, (_, origin) in values.items()})


def load(preset: Path | None = None, assignments: Sequence[str] = (),
         env: Mapping[str, str] | None = None, embedder: str | None = None) -> Settings:
    return resolve(preset, assignments, env, embedder).settings
