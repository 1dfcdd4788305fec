"""Four-dimensional (and higher) flows with more than one positive Lyapunov exponent."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = ()
