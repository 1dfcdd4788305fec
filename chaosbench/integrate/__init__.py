"""Integrators: Butcher tableaux as data, pure numba kernels, and drivers returning records.

The drivers work on compiled kernel functions and arrays and know nothing about
systems; :mod:`chaosbench.systems.simulate` connects them to the registry.
"""

from chaosbench.integrate.solve import (
    METHODS,
    DelayHistory,
    EnsembleSolution,
    Solution,
    iterate,
    solve_delay,
    solve_flow,
    solve_many,
)

__all__ = [
    "METHODS",
    "DelayHistory",
    "EnsembleSolution",
    "Solution",
    "iterate",
    "solve_delay",
    "solve_flow",
    "solve_many",
]
