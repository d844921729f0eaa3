#!/usr/bin/env bash
# Set up, then lint, type-check and run every test: fast unit tests on a fake
# embedder, end-to-end tests on the real model and documents, and browser tests
# in Debian's Chromium (installed here when missing). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
    || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
.venv/bin/ruff check src tests ui eval
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
