"""Invariants computed from the equations: periods, Lyapunov exponents, annotations.

Modules (each imported on first use, e.g. ``chaosbench.analysis.lyapunov``):
``lyapunov`` (Benettin spectra), ``dimension`` (correlation dimension), ``period``
(dominant periods), ``horizon`` (reliable integration horizons), ``derivatives``
(finite differences) and ``annotate`` (the annotation pipeline).
"""

_MODULES = ("annotate", "derivatives", "dimension", "horizon", "lyapunov", "period")


def __getattr__(name: str):
    if name in _MODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
