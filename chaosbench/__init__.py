"""chaosbench: a benchmark of chaotic dynamical systems, declared once as equations.

Examples
--------
>>> import chaosbench
>>> lorenz = chaosbench.get("Lorenz")
>>> t, X = lorenz.trajectory(1000)
"""

from chaosbench._kernel_cache import follow_sources as _follow_sources
from chaosbench._version import __version__
from chaosbench.errors import (
    ChaosbenchError,
    DeclarationError,
    IntegrationError,
    InvalidParameterError,
    UnknownNameError,
)
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.registry import catalog, get, register, systems
from chaosbench.systems.system import System

_follow_sources()  # before any kernel is loaded: no compiled copy of edited code survives

#: subpackages reached as attributes (``chaosbench.symbolic.score``), imported on first use
_SUBPACKAGES = (
    "analysis",
    "datasets",
    "evaluation",
    "integrate",
    "leaderboard",
    "symbolic",
    "synthesis",
)


#: functions of the top level that live in a subpackage, imported on first use so that
#: ``import chaosbench`` for one system's trajectory stays cheap
_LAZY = {
    "DatasetConfig": "datasets",
    "generate": "datasets",
    "load": "datasets",
    "evaluate": "evaluation",
    "synthesize": "synthesis",
    "load_systems": "synthesis",
    "SystemSet": "synthesis",
}


def __getattr__(name: str):
    import importlib

    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBPACKAGES, *_LAZY})


__all__ = [
    "ChaosbenchError",
    "DatasetConfig",
    "Declaration",
    "DeclarationError",
    "IntegrationError",
    "InvalidParameterError",
    "System",
    "SystemSet",
    "UnknownNameError",
    "__version__",
    "catalog",
    "evaluate",
    "generate",
    "get",
    "load",
    "load_systems",
    "register",
    "synthesize",
    "systems",
]
