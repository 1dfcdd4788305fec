"""Discrete-time maps."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS = (
    Declaration(
        name="Henon",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 1.4, "b": 0.3},
        equations=("1 - a*x**2 + y", "b*x"),
        ic=(1.21674097, 0.03536533),
        citation=(
            "Henon, M. (1976). A two-dimensional mapping with a strange attractor. "
            "Communications in Mathematical Physics 50(1), 69-77."
        ),
        field="astrophysics",
        description=(
            "A quadratic area-contracting map introduced as a simplified Poincare section of "
            "the Lorenz flow; its attractor has a Cantor-like transverse structure."
        ),
    ),
    Declaration(
        name="Logistic",
        kind="map",
        variables=("x",),
        parameters={"r": 3.9},
        equations=("r*x*(1 - x)",),
        ic=(0.51,),
        citation=(
            "May, R. M. (1976). Simple mathematical models with very complicated dynamics. "
            "Nature 261, 459-467."
        ),
        field="ecology",
        description=(
            "Population growth with crowding in discrete generations; the canonical route to "
            "chaos by period doubling."
        ),
    ),
    Declaration(
        name="Ikeda",
        kind="map",
        variables=("x", "y"),
        parameters={"u": 0.9, "a": 0.4, "b": 6.0},
        equations=(
            "1 + u*(x*cos(a - b/(1 + x**2 + y**2)) - y*sin(a - b/(1 + x**2 + y**2)))",
            "u*(x*sin(a - b/(1 + x**2 + y**2)) + y*cos(a - b/(1 + x**2 + y**2)))",
        ),
        ic=(0.9, 0.55524451),
        citation=(
            "Ikeda, K. (1979). Multiple-valued stationary state and its instability of the "
            "transmitted light by a ring cavity system. Optics Communications 30(2), 257-261."
        ),
        field="optics",
        description=(
            "Light circulating in a ring cavity with a nonlinear dielectric medium, sampled "
            "once per round trip; the field is written as a point (x, y) of the complex plane."
        ),
    ),
    Declaration(
        name="Lozi",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 1.7, "b": 0.5},
        equations=("1 - a*Abs(x) + y", "b*x"),
        ic=(-0.1, 0.1),
        citation=(
            "Lozi, R. (1978). Un attracteur etrange (?) du type attracteur de Henon. "
            "Journal de Physique Colloques 39(C5), 9-10."
        ),
        field="mathematics",
        description=(
            "The piecewise-linear analogue of the Henon map, with |x| in place of x^2; its "
            "strange attractor can be proved to exist."
        ),
    ),
)
