"""Argument helpers shared by the command-line modules."""

from __future__ import annotations

from collections.abc import Sequence

from chaosbench.errors import ChaosbenchError


def parse_assignments(items: Sequence[str] | None, option: str = "--param") -> dict[str, float]:
    """``NAME=VALUE`` items as a dict of floats; a malformed item raises
    :class:`~chaosbench.errors.ChaosbenchError` naming ``option``."""
    values: dict[str, float] = {}
    for item in items or ():
        name, sep, value = item.partition("=")
        if not sep:
            raise ChaosbenchError(f"{option} expects NAME=VALUE, got {item!r}")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise ChaosbenchError(f"{option} {name}: {value!r} is not a number") from None
    return values


def dask_executor(address: str | None):
    """``(executor, client)`` for a Dask scheduler address, or ``(None, None)``."""
    if not address:
        return None, None
    try:
        from distributed import Client
    except ImportError:
        raise ChaosbenchError("--scheduler needs Dask: pip install 'chaosbench[dask]'") from None
    client = Client(address)
    return client.get_executor(), client
