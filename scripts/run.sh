#!/usr/bin/env bash
# Set up, build the index of the bundled corpus (ingest/) and serve the assistant
# on http://127.0.0.1:7860 (extra arguments go to `assistant ui`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
.venv/bin/assistant index
exec .venv/bin/assistant ui "$@"
