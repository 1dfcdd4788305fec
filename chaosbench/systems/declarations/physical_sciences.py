"""Flows from mechanics, electronics, fluid dynamics, astrophysics, geophysics and climate."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = ()
