"""Discrete maps beyond the first set (see maps.py)."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = ()
