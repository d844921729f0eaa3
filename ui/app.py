"""Thin launcher: `python ui/app.py` serves the assistant's web UI.

Settings come from the settings object (environment included): ui.host (ASSISTANT_HOST,
default 127.0.0.1), ui.port (ASSISTANT_PORT, 7860), paths.corpus/index/embedder, ui.auth
(ASSISTANT_AUTH, "user:password", required off loopback), ui.uploads (ASSISTANT_UPLOADS=1).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from assistant.app.service import DEFAULT_CORPUS, DEFAULT_EMBEDDER, DEFAULT_INDEX  # noqa: E402
from assistant.app.webapp import UIConfigError, launch  # noqa: E402
from assistant.settings import current  # noqa: E402


def main() -> int:
    try:
        ui = current().ui
        launch(ui.host, ui.port, allow_upload=ui.uploads,
               corpus=DEFAULT_CORPUS, index_dir=DEFAULT_INDEX, embedder=DEFAULT_EMBEDDER)
    except UIConfigError as e:
        print(f"assistant ui: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
