"""New chaotic systems, generated and verified: :func:`synthesize` and the sets it returns.

Every system in the registry is a published one, and most are in the training data
of today's chaos foundation models. This subpackage draws new systems (random
sparse polynomial flows and quadratic maps, see :mod:`chaosbench.synthesis.families`),
keeps only those whose chaos the package can verify by physics
(:mod:`chaosbench.synthesis.acceptance`), and stores them with exact equations,
annotations and provenance as JSON lines (:mod:`chaosbench.synthesis.system_set`).
"""

from chaosbench.synthesis.run import GENERATOR_VERSION, synthesize
from chaosbench.synthesis.system_set import SystemSet, load_systems

__all__ = ["GENERATOR_VERSION", "SystemSet", "load_systems", "synthesize"]
