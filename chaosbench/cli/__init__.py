"""The ``chaosbench`` command line: a thin layer over the Python API.

``app`` builds the parser and runs a command; ``symbolic`` and ``leaderboard``
register their verbs on it; ``_arguments`` holds the parsing helpers they share.
"""

from chaosbench.cli.app import _CONFIG_OPTIONS, build_parser, main

__all__ = ["_CONFIG_OPTIONS", "build_parser", "main"]
