"""``python -m game`` is the ``balloon`` command."""

import sys

from .cli import main

sys.exit(main())
