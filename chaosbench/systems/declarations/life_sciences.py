"""Flows from neuroscience, biology, ecology, medicine and chemistry."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = ()
