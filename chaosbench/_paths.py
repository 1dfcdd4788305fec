"""Where chaosbench keeps files: the packaged data folder and the user's cache.

A ground-floor module: it imports nothing from chaosbench, so every layer may use it.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def cache_root() -> Path:
    """``$CHAOSBENCH_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/chaosbench``, else
    ``~/.cache/chaosbench``."""
    root = os.environ.get("CHAOSBENCH_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(xdg, "chaosbench")
    return Path(root)


def data_path(name: str) -> Path:
    """Path of a file of the package's data folder (``data/`` in the source tree)."""
    try:
        return Path(str(resources.files("chaosbench.data").joinpath(name)))
    except ModuleNotFoundError:  # running from a source checkout without installing
        return Path(__file__).resolve().parents[1] / "data" / name
