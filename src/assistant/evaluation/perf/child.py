"""Run one benchmark function in a fresh Python process.

A fresh process gives honest cold timings, its own peak memory (ru_maxrss only
ever grows) and its own thread settings (torch and OpenMP settings are global).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

_CODE = ("import json, sys, importlib\n"
         "mod, fn, kw = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])\n"
         "res = getattr(importlib.import_module(mod), fn)(**kw)\n"
         "print('\\n@@result ' + json.dumps(res), flush=True)\n")


def run(func: str, timeout: float = 3600, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """Call "package.module:function"(**kwargs) in a child; kwargs and result are JSON."""
    mod, fn = func.split(":")
    out = subprocess.run([sys.executable, "-c", _CODE, mod, fn, json.dumps(kwargs)],
                         capture_output=True, text=True, timeout=timeout, check=False,
                         env={**os.environ, **(env or {})})
    lines = [x for x in out.stdout.splitlines() if x.startswith("@@result ")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{func} failed in a child process: {out.stderr.strip()[-600:]}")
    return json.loads(lines[-1][len("@@result "):])
