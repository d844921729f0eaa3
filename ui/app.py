"""Thin launcher: `python ui/app.py` serves the assistant's web UI.

Settings come from the environment: ASSISTANT_HOST (default 127.0.0.1),
ASSISTANT_PORT (7860), ASSISTANT_CORPUS, ASSISTANT_INDEX, ASSISTANT_EMBEDDER,
ASSISTANT_AUTH ("user:password", required off loopback), ASSISTANT_UPLOADS=1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from assistant.service import DEFAULT_CORPUS, DEFAULT_EMBEDDER, DEFAULT_INDEX  # noqa: E402
from assistant.webapp import UIConfigError, launch  # noqa: E402


def main() -> int:
    try:
        launch(os.environ.get("ASSISTANT_HOST", "127.0.0.1"),
               int(os.environ.get("ASSISTANT_PORT", "7860")),
               allow_upload=os.environ.get("ASSISTANT_UPLOADS", "") == "1",
               corpus=DEFAULT_CORPUS, index_dir=DEFAULT_INDEX, embedder=DEFAULT_EMBEDDER)
    except UIConfigError as e:
        print(f"assistant ui: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
