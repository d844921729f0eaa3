"""The files of an index folder: generations, the CURRENT pointer, durable writes.

    index/CURRENT            name of the generation in use
    index/gen-<ns>/          one build; its manifest.json is written last

The manifest carries a sha256 of its own content ("checksum"), so a flipped byte
anywhere in it is caught, not only in the data files it lists.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant import settings

POINTER = "CURRENT"
MANIFEST = "manifest.json"


class IndexProblem(RuntimeError):
    """The index is missing, stale, or damaged; the message says how to rebuild."""


def pause_point(name: str) -> None:
    """Test hook: the crash tests SIGKILL the indexer while it waits here
    (ASSISTANT_TEST_PAUSE_AT=name)."""
    if name and settings.current().runtime.test_pause_at == name:
        print(f"paused at {name}", file=sys.stderr, flush=True)
        time.sleep(120)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def npy_bytes(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, np.asarray(a, dtype=np.float32), allow_pickle=False)
    return buf.getvalue()


def write_generation(index_dir: Path, files: dict[str, bytes], manifest: dict[str, Any]) -> Path:
    """A new generation folder holding `files` and, last, the manifest listing their sha256.
    A write that fails (a full disk, a quota, a read-only folder) leaves no folder behind
    and raises IndexProblem; CURRENT is not touched here."""
    gen = index_dir / f"gen-{time.time_ns()}"
    try:
        gen.mkdir()
        for name, data in files.items():
            write_atomic(gen / name, data)
            pause_point("writing")
        manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
        write_atomic(gen / MANIFEST, manifest_bytes(manifest))
        fsync_dir(gen)
    except OSError as e:
        shutil.rmtree(gen, ignore_errors=True)
        raise IndexProblem(f"could not write the new index in {index_dir} ({type(e).__name__}: "
                           f"{e.strerror or e}); the previous generation is kept") from e
    return gen


def pointer_name(index_dir: Path) -> str | None:
    """What CURRENT says, or None when it is missing; "" when it is unreadable."""
    pointer = index_dir / POINTER
    try:
        raw = pointer.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    name = raw.decode("ascii", errors="replace").strip()
    return name if name.startswith("gen-") and name[4:].isdigit() else ""


def current_generation(index_dir: Path) -> Path | None:
    name = pointer_name(index_dir)
    gen = index_dir / name if name else None
    return gen if gen is not None and gen.is_dir() else None


def newer_generation(index_dir: Path, loaded: Path) -> Path | None:
    """The generation CURRENT names when it is newer than `loaded` (the one a server
    answers from), else None. Cheap: one small read and one stat, fit to call per request."""
    gen = current_generation(index_dir)
    if gen is None or gen.name == loaded.name or not loaded.name[4:].isdigit():
        return None
    return gen if int(gen.name[4:]) > int(loaded.name[4:]) else None


def generations(index_dir: Path) -> list[Path]:
    """Every generation folder, newest first (names carry the build time)."""
    gens = [p for p in index_dir.glob("gen-*") if p.is_dir() and p.name[4:].isdigit()]
    return sorted(gens, key=lambda p: int(p.name[4:]), reverse=True)


HELD = ".held-"  # index/.held-<pid>: the generation a running server answers from


def hold(index_dir: Path, gen: Path) -> None:
    """Record that this process answers from `gen`, so no build prunes it while it does
    (a server switches to a newer generation between requests, not in the middle of one)."""
    rec = index_dir / f"{HELD}{os.getpid()}"
    try:
        if rec.read_bytes() == gen.name.encode():
            return  # called between requests: no write (and no fsync) when nothing changed
    except OSError:
        pass
    write_atomic(rec, gen.name.encode())


def held(index_dir: Path) -> set[str]:
    """Generations held by live processes; the records of dead ones are removed."""
    out: set[str] = set()
    for rec in index_dir.glob(f"{HELD}*"):
        pid = rec.name[len(HELD):]
        try:
            if not pid.isdigit():
                continue
            os.kill(int(pid), 0)
            out.add(rec.read_text(encoding="ascii", errors="replace").strip())
        except ProcessLookupError:
            rec.unlink(missing_ok=True)
        except (OSError, ValueError):
            continue  # PermissionError: alive, another user's; unreadable: keep all
    return out


def prune(index_dir: Path, keep: set[str]) -> None:
    keep = keep | held(index_dir)
    for p in index_dir.glob("gen-*"):
        if p.is_dir() and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def _digest(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return json.dumps({**manifest, "checksum": _digest(manifest)}, indent=1).encode()


def read_manifest(gen: Path) -> dict[str, Any]:
    try:
        data = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise IndexProblem(f"{gen.name}: manifest unreadable ({type(e).__name__}); "
                           "run `assistant index` to rebuild") from e
    if not isinstance(data, dict) or data.get("checksum") != _digest(data):
        raise IndexProblem(f"{gen.name}: manifest is damaged (its checksum does not match); "
                           "run `assistant index` to rebuild")
    return data
