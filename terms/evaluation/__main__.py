"""``python -m terms.evaluation``: the same command as ``clearterms evaluate``."""

import sys

from terms.evaluation.cli import main

sys.exit(main())
