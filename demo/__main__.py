"""``python -m demo``: see ``demo.cli``."""

from __future__ import annotations

import sys

from demo.cli import main

sys.exit(main())
