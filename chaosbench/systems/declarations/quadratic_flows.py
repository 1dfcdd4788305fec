"""Three-dimensional flows whose vector fields are quadratic polynomials."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS = (
    Declaration(
        name="Lorenz",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"sigma": 10.0, "rho": 28.0, "beta": 8.0 / 3.0},
        equations=("sigma*(y - x)", "x*(rho - z) - y", "x*y - beta*z"),
        ic=(-9.7869288, -15.03852, 20.533978),
        citation=(
            "Lorenz, E. N. (1963). Deterministic nonperiodic flow. "
            "Journal of the Atmospheric Sciences 20(2), 130-141."
        ),
        field="climatology",
        description=(
            "A three-mode truncation of Rayleigh-Benard convection in a fluid layer heated "
            "from below; the butterfly-shaped attractor that started the study of chaos."
        ),
    ),
    Declaration(
        name="Rossler",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.2, "b": 0.2, "c": 5.7},
        equations=("-y - z", "x + a*y", "b + z*(x - c)"),
        ic=(6.5134412, 0.4772013, 0.34164294),
        citation=(
            "Rossler, O. E. (1976). An equation for continuous chaos. "
            "Physics Letters A 57(5), 397-398."
        ),
        field="chemistry",
        description=(
            "A minimal flow with a single quadratic term, built to mimic a reaction scheme: "
            "orbits spiral outward in the x-y plane and are reinjected by a spike in z."
        ),
    ),
    Declaration(
        name="Chen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 35.0, "b": 3.0, "c": 28.0},
        equations=("a*(y - x)", "(c - a)*x - x*z + c*y", "x*y - b*z"),
        ic=(3.2689697, 5.2990458, 19.435349),
        citation=(
            "Chen, G. and Ueta, T. (1999). Yet another chaotic attractor. "
            "International Journal of Bifurcation and Chaos 9(7), 1465-1466."
        ),
        field="electronics",
        description=(
            "A Lorenz-like system found by feedback anti-control of chaos; topologically "
            "distinct from Lorenz's attractor despite the similar equations."
        ),
    ),
    Declaration(
        name="Halvorsen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 1.4, "b": 4.0},
        equations=(
            "-a*x - b*(y + z) - y**2",
            "-a*y - b*(z + x) - z**2",
            "-a*z - b*(x + y) - x**2",
        ),
        ic=(-8.6807408, -2.4741399, 0.070775762),
        citation=(
            "Sprott, J. C. (2010). Elegant Chaos: Algebraically Simple Chaotic Flows. "
            "World Scientific, Singapore."
        ),
        field="mathematics",
        description=(
            "A cyclically symmetric quadratic flow (invariant under x -> y -> z -> x) whose "
            "attractor has three interlocking lobes."
        ),
    ),
    Declaration(
        name="SprottJerk",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"mu": 2.017},
        equations=("y", "z", "-x + y**2 - mu*z"),
        ic=(-0.54106056, 0.59383201, 0.45127217),
        citation=(
            "Sprott, J. C. (1997). Simplest dissipative chaotic flow. "
            "Physics Letters A 228(4-5), 271-274."
        ),
        field="mathematics",
        description=(
            "The third-order ODE x''' = -mu x'' + x'^2 - x written as a first-order system; "
            "a chaotic jerk equation with a single quadratic nonlinearity."
        ),
    ),
)
