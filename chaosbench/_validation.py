"""Argument checks with one wording for every invalid-parameter error."""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from chaosbench.errors import InvalidParameterError, UnknownNameError


def positive_int(value, name: str, function: str, *, allow_zero: bool = False) -> int:
    """``value`` as an int, which must be positive (or non-negative)."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and (value > 0 or (allow_zero and value == 0)):
        return int(value)
    what = "a non-negative int" if allow_zero else "a positive int"
    raise InvalidParameterError(name, function, what, value)


def positive_float(value, name: str, function: str, *, allow_zero: bool = False) -> float:
    """``value`` as a finite float, which must be positive (or non-negative)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if ok and np.isfinite(value) and (value > 0 or (allow_zero and value == 0)):
        return float(value)
    what = "a finite non-negative number" if allow_zero else "a finite positive number"
    raise InvalidParameterError(name, function, what, value)


def one_of(value, choices: Sequence[str], name: str, function: str) -> str:
    """``value``, which must be one of ``choices`` (suggesting close matches otherwise)."""
    if isinstance(value, str) and value in choices:
        return value
    if isinstance(value, str):
        raise UnknownNameError(f"{name} of {function}", value, choices)
    raise InvalidParameterError(name, function, "one of " + ", ".join(map(repr, choices)), value)


def finite_array(
    value, name: str, function: str, shape: tuple[int, ...] | None = None, description: str = ""
) -> np.ndarray:
    """``value`` as a C-contiguous float64 array, finite and (optionally) of ``shape``."""
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidParameterError(
            name, function, description or "a numeric array", value
        ) from None
    if shape is not None and array.shape != shape:
        need = description or f"an array of shape {shape}"
        raise InvalidParameterError(name, function, need, _short(value))
    if not np.all(np.isfinite(array)):
        raise InvalidParameterError(name, function, "finite (no NaN or infinity)", _short(value))
    return np.ascontiguousarray(array)


def random_generator(seed, function: str) -> np.random.Generator:
    """A numpy Generator from ``None``, an int, a SeedSequence or a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if (
        seed is None
        or isinstance(seed, np.random.SeedSequence)
        or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0)
    ):
        return np.random.default_rng(seed)
    raise InvalidParameterError(
        "seed", function, "None, a non-negative int, a SeedSequence or a Generator", seed
    )


def _short(value):
    text = repr(value)
    return value if len(text) < 200 else text[:200] + "..."
