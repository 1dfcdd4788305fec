"""Declarations of every registered system, one module per family.

Each module defines ``DECLARATIONS``, a tuple of
:class:`~chaosbench.systems.declaration.Declaration`. Add a module here and list
it in :data:`MODULES` to register its systems.
"""

MODULES = (
    "chaosbench.systems.declarations.quadratic_flows",
    "chaosbench.systems.declarations.nonpolynomial_flows",
    "chaosbench.systems.declarations.maps",
    "chaosbench.systems.declarations.sprott",
    "chaosbench.systems.declarations.lorenz_family",
    "chaosbench.systems.declarations.hyperchaotic",
    "chaosbench.systems.declarations.life_sciences",
    "chaosbench.systems.declarations.physical_sciences",
    "chaosbench.systems.declarations.maps_collection",
    "chaosbench.systems.declarations.scalable",
    "chaosbench.systems.declarations.delay",
)
