"""`python -m connection_series.sources [references.bib] ...`: see cli.py."""

import sys

from connection_series.sources.cli import main

sys.exit(main())
