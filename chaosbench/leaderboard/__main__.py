"""``python -m chaosbench.leaderboard``: the ``submit`` and ``leaderboard`` verbs."""

import sys

from chaosbench.leaderboard.cli import main

sys.exit(main())
