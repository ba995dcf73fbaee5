"""`python -m prep ...`: see prep.cli."""

import sys

from .cli import main

sys.exit(main())
