"""Sprott's catalogue of algebraically simple chaotic flows and jerk systems."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = ()
