"""Three-dimensional quadratic flows related to Lorenz's, and other classic low-dimensional attractors."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = ()
