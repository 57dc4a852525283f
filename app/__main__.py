"""``python -m app`` starts Fireside exactly like the ``fireside`` command."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
