"""``python -m heatpump_sim``: run the simulator from the command line."""

from __future__ import annotations

import sys

from ._core import isolate_core

isolate_core()

from .cli import main  # noqa: E402

sys.exit(main())
