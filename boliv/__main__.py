"""``python -m boliv``: the same command line as the ``boliv`` script."""

import sys

from boliv.cli import main

sys.exit(main())
