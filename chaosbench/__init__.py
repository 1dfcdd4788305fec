"""chaosbench: a benchmark of chaotic dynamical systems, declared once as equations.

Examples
--------
>>> import chaosbench
>>> lorenz = chaosbench.get("Lorenz")
>>> t, X = lorenz.trajectory(1000)
"""

from chaosbench._version import __version__
from chaosbench.datasets import DatasetConfig, generate, load
from chaosbench.errors import (
    ChaosbenchError,
    DeclarationError,
    IntegrationError,
    InvalidParameterError,
    UnknownNameError,
)
from chaosbench.evaluation import evaluate
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.registry import catalog, get, systems
from chaosbench.systems.system import System

#: subpackages reached as attributes (``chaosbench.symbolic.score``), imported on first use
_SUBPACKAGES = (
    "analysis",
    "datasets",
    "evaluation",
    "integrate",
    "leaderboard",
    "symbolic",
)


def __getattr__(name: str):
    if name in _SUBPACKAGES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBPACKAGES})


__all__ = [
    "ChaosbenchError",
    "DatasetConfig",
    "Declaration",
    "DeclarationError",
    "IntegrationError",
    "InvalidParameterError",
    "System",
    "UnknownNameError",
    "__version__",
    "catalog",
    "evaluate",
    "generate",
    "get",
    "load",
    "systems",
]
