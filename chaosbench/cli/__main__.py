"""``python -m chaosbench.cli``: the ``chaosbench`` command."""

import sys

from chaosbench.cli.app import main

sys.exit(main())
