"""Discrete maps beyond the first set (see maps.py).

Maps that live on a circle or a torus reduce their angles with ``Mod(u, 1)`` or
``Mod(u, 2*pi)`` as in their published definitions; the Jacobian treats ``Mod``
as having derivative 1 in its first argument (everywhere except on the cut).
"""

from chaosbench.systems.declaration import Declaration

_ZASLAVSKII_MU = "(1 - exp(-r))/r"
_GUMOWSKI_MIRA_X = "b*y + a*x + 2*(1 - a)*x**2/(1 + x**2)"

DECLARATIONS: tuple[Declaration, ...] = (
    Declaration(
        name="Baker",
        kind="map",
        variables=("x", "y"),
        parameters={"s": 1.9999999999, "a": 1.0},
        equations=(
            "Mod(s*x, 1)",
            "(a*y + floor(s*x))/2",
        ),
        ic=(0.04995935, 0.363224),
        citation=(
            "Hopf, E. (1937). Ergodentheorie. Ergebnisse der Mathematik und ihrer "
            "Grenzgebiete 5(2). Springer, Berlin."
        ),
        field="mathematics",
        description=(
            "The baker's transformation of the unit square: stretch horizontally, cut and stack, "
            "like kneading dough. The stretch s is set just below 2 (as in dysts) because the "
            "exact doubling x -> 2x mod 1 empties the binary mantissa and collapses to 0 in about "
            "53 steps; a = 1 keeps the map area-preserving, a < 1 makes it dissipative."
        ),
    ),
    Declaration(
        name="Bedhead",
        kind="map",
        variables=("x", "y"),
        parameters={"a": -0.67, "b": 0.83},
        equations=("sin(x*y/b)*y + cos(a*x - y)", "x + sin(y)/b"),
        ic=(0.5, 0.5),
        citation=(
            "Rampe, J. (2017). 2D strange attractors. Softology blog, 4 March 2017 "
            "(map attributed there to Ivan Emrich)."
        ),
        field="mathematics",
        description=(
            "A trigonometric planar map found by experiment for computer art; its orbits trace "
            "a folded, hair-like strange attractor."
        ),
    ),
    Declaration(
        name="Bogdanov",
        kind="map",
        variables=("x", "y"),
        parameters={"eps": 0.0, "k": 1.2, "mu": 0.0},
        equations=(
            "x + (1 + eps)*y + k*x*(x - 1) + mu*x*y",
            "(1 + eps)*y + k*x*(x - 1) + mu*x*y",
        ),
        ic=(0.51, 0.2),
        citation=(
            "Arrowsmith, D. K., Cartwright, J. H. E., Lansbury, A. N. & Place, C. M. (1993). "
            "The Bogdanov map: bifurcations, mode locking, and chaos in a dissipative system. "
            "International Journal of Bifurcation and Chaos 3(4), 803-842."
        ),
        field="mathematics",
        description=(
            "An Euler-like discretisation of the Bogdanov-Takens normal form; with eps = mu = 0 "
            "it preserves area and shows island chains around an elliptic point, with eps and "
            "mu it becomes dissipative."
        ),
    ),
    Declaration(
        name="Chebyshev",
        kind="map",
        variables=("x",),
        parameters={"a": 6.0},
        equations=("cos(a*acos(x))",),
        ic=(0.51,),
        citation=(
            "Adler, R. L. & Rivlin, T. J. (1964). Ergodic and mixing properties of Chebyshev "
            "polynomials. Proceedings of the American Mathematical Society 15(5), 794-796."
        ),
        field="mathematics",
        description=(
            "Iteration of the Chebyshev polynomial of degree a on [-1, 1]; for integer a >= 2 it "
            "is conjugate to multiplication of an angle by a, fully chaotic with exponent ln a."
        ),
    ),
    Declaration(
        name="Chirikov",
        kind="map",
        variables=("p", "x"),
        parameters={"k": 0.971635},
        equations=("Mod(p + k*sin(x), 2*pi)", "Mod(x + p + k*sin(x), 2*pi)"),
        ic=(0.1, 0.1),
        citation=(
            "Chirikov, B. V. (1979). A universal instability of many-dimensional oscillator "
            "systems. Physics Reports 52(5), 263-379."
        ),
        field="plasma physics",
        description=(
            "The standard map: a rotor kicked periodically, sampled once per kick, on the torus "
            "(momentum and angle modulo 2*pi). k = 0.971635 is Greene's critical value at which "
            "the last rotational invariant circle breaks; the default point lies in the chaotic "
            "layer around the separatrix of the hyperbolic fixed point."
        ),
        multistable=(
            "At Greene's critical k the phase space mixes chaotic layers with islands "
            "around stable periodic orbits and the critical golden-mean circle, so the "
            "invariant set depends on the initial point (Greene 1979)."
        ),
    ),
    Declaration(
        name="Circle",
        kind="map",
        variables=("theta",),
        parameters={"k": 5.7, "omega": 0.333},
        equations=("Mod(theta + omega + k/(2*pi)*sin(2*pi*theta), 1)",),
        ic=(0.0,),
        citation=(
            "Arnold, V. I. (1961). Small denominators. I. Mappings of the circumference onto "
            "itself. Izvestiya Akademii Nauk SSSR, Seriya Matematicheskaya 25(1), 21-86."
        ),
        field="mathematics",
        description=(
            "The sine circle map, the phase of a periodically kicked oscillator; above k = 1 it "
            "is non-invertible and can be chaotic."
        ),
    ),
    Declaration(
        name="DeJong",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 1.641, "b": 1.902, "c": 0.316, "d": 1.525},
        equations=("sin(a*y) - cos(b*x)", "sin(c*x) - cos(d*y)"),
        ic=(1.78166133, -1.15791549),
        citation=(
            "Dewdney, A. K. (1987). Computer recreations: Probing the strange attractions of "
            "chaos. Scientific American 257(1), 108-111 (map by Peter de Jong)."
        ),
        field="mathematics",
        description=(
            "A planar map built from sines and cosines, popularised as computer art; its "
            "bounded orbits fill a folded strange attractor."
        ),
    ),
    Declaration(
        name="DuffingMap",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 2.75, "b": 0.2},
        equations=("y", "-b*x + a*y - y**3"),
        ic=(0.51, 0.1),
        citation=(
            "Holmes, P. J. (1979). A nonlinear oscillator with a strange attractor. "
            "Philosophical Transactions of the Royal Society of London A 292(1394), 419-448."
        ),
        field="mechanics",
        description=(
            "Holmes's discrete analogue of the forced Duffing oscillator, with a cubic "
            "restoring term; it contracts areas by the factor b each step."
        ),
    ),
    Declaration(
        name="Gauss",
        kind="map",
        variables=("x",),
        parameters={"a": 4.9, "b": -0.5},
        equations=("exp(-a*x**2) + b",),
        ic=(0.5,),
        citation=(
            "Hilborn, R. C. (2000). Chaos and Nonlinear Dynamics: An Introduction for "
            "Scientists and Engineers, 2nd ed. Oxford University Press, Oxford."
        ),
        field="mathematics",
        description=(
            "The Gaussian (mouse) map, a unimodal map with a bell-shaped graph whose "
            "bifurcation diagram shows period-doubling and reverse period-doubling."
        ),
    ),
    Declaration(
        name="Gingerbreadman",
        kind="map",
        variables=("x", "y"),
        parameters={},
        equations=("1 - y + Abs(x)", "x"),
        ic=(-0.3183098861837907, 0.1414213562373095),
        citation=(
            "Devaney, R. L. (1984). A piecewise linear model for the zones of instability of an "
            "area-preserving map. Physica D 10(3), 387-393."
        ),
        field="mathematics",
        description=(
            "A piecewise-linear area-preserving map whose chaotic zone, shaped like a "
            "gingerbread man, surrounds hexagonal islands of period-6 orbits."
        ),
        multistable=(
            "The chaotic zone coexists with hexagonal islands filled with periodic orbits, "
            "so the invariant set depends on the initial point (Devaney 1984)."
        ),
    ),
    Declaration(
        name="GumowskiMira",
        kind="map",
        variables=("x", "y"),
        parameters={"a": -1.1, "b": -0.2},
        equations=(
            _GUMOWSKI_MIRA_X,
            f"a*({_GUMOWSKI_MIRA_X}) + 2*(1 - a)*({_GUMOWSKI_MIRA_X})**2"
            f"/(1 + ({_GUMOWSKI_MIRA_X})**2) - x",
        ),
        ic=(0.1, 0.1),
        citation=(
            "Gumowski, I. & Mira, C. (1980). Recurrences and Discrete Dynamic Systems. "
            "Lecture Notes in Mathematics 809. Springer, Berlin."
        ),
        field="physics",
        description=(
            "A recurrence from the study of particle trajectories in accelerators, "
            "x' = b*y + F(x), y' = F(x') - x with the rational nonlinearity "
            "F(x) = a*x + 2*(1 - a)*x^2/(1 + x^2)."
        ),
    ),
    Declaration(
        name="Hopalong",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 3.1, "b": 2.5, "c": 4.2},
        equations=("y - sign(x)*sqrt(Abs(b*x - c))", "a - x"),
        ic=(0.1, 0.1),
        citation=(
            "Dewdney, A. K. (1986). Computer recreations: Wallpaper for the mind: computer "
            "images that are almost, but not quite, repetitive. Scientific American 255(3), "
            "14-23 (map by Barry Martin)."
        ),
        field="mathematics",
        description=(
            "Barry Martin's area-preserving square-root map, whose orbits hop around "
            "the origin and slowly fill an ornamental, weakly chaotic pattern."
        ),
    ),
    Declaration(
        name="KaplanYorke",
        kind="map",
        variables=("x", "y"),
        parameters={"alpha": 0.2, "m": 0.99999995},
        equations=("Mod(2*x, m)", "alpha*y + cos(4*pi*x)"),
        ic=(0.2, 0.2),
        citation=(
            "Kaplan, J. L. & Yorke, J. A. (1979). Chaotic behavior of multidimensional "
            "difference equations. In: Peitgen, H.-O. & Walther, H.-O. (eds.), Functional "
            "Differential Equations and Approximation of Fixed Points, Lecture Notes in "
            "Mathematics 730, 204-227. Springer, Berlin."
        ),
        field="mathematics",
        description=(
            "A doubling map driving a contracting linear variable, the example used to "
            "introduce the Lyapunov (Kaplan-Yorke) dimension. The doubling is taken modulo "
            "m slightly below 1 (as in dysts), because x -> 2x mod 1 collapses to 0 within "
            "about 53 steps in binary floating point; exponents are ln 2 and ln alpha."
        ),
    ),
    Declaration(
        name="MaynardSmith",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 0.87, "b": 0.75},
        equations=("y", "a*y + b - x**2"),
        ic=(0.0, 0.1),
        citation=(
            "Maynard Smith, J. (1968). Mathematical Ideas in Biology. Cambridge University "
            "Press, Cambridge."
        ),
        field="ecology",
        description=(
            "A second-order population recurrence in which the density of one generation "
            "depends on the two before it, with delayed quadratic crowding."
        ),
    ),
    Declaration(
        name="Pickover",
        kind="map",
        variables=("x", "y"),
        parameters={"a": -1.4, "b": 1.6, "c": 1.0, "d": 0.7},
        equations=("sin(a*y) + c*cos(a*x)", "sin(b*x) + d*cos(b*y)"),
        ic=(-0.97631884, -1.2040783),
        citation=(
            "Pickover, C. A. (1990). Computers, Pattern, Chaos and Beauty: Graphics from an "
            "Unseen World. St. Martin's Press, New York."
        ),
        field="mathematics",
        description=(
            "Clifford Pickover's trigonometric planar map (the 'Clifford attractor'), a "
            "standard example of computer-generated strange attractors."
        ),
    ),
    Declaration(
        name="Ricker",
        kind="map",
        variables=("x",),
        parameters={"a": 3.3},
        equations=("x*exp(a - x)",),
        ic=(0.51,),
        citation=(
            "Ricker, W. E. (1954). Stock and recruitment. Journal of the Fisheries Research "
            "Board of Canada 11(5), 559-623."
        ),
        field="ecology",
        description=(
            "Recruitment of a fish stock with overcompensating density dependence, in units "
            "where the carrying capacity is a; chaotic for large growth rates."
        ),
    ),
    Declaration(
        name="Svensson",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 1.5, "b": -1.8, "c": 1.6, "d": 0.9},
        equations=("d*sin(a*x) - sin(b*y)", "c*cos(a*x) + cos(b*y)"),
        ic=(0.5, 0.5),
        citation=(
            "Bourke, P. Peter de Jong attractors (web page, paulbourke.net/fractals/peterdejong; "
            "variation contributed by Johnny Svensson)."
        ),
        field="mathematics",
        description=(
            "A variant of the de Jong map by Johnny Svensson, made for computer art; its "
            "attractors tend to be ring-shaped."
        ),
    ),
    Declaration(
        name="Tent",
        kind="map",
        variables=("x",),
        parameters={"mu": 1.9},
        equations=("mu*Min(x, 1 - x)",),
        ic=(0.51,),
        citation=(
            "Ulam, S. M. & von Neumann, J. (1947). On combination of stochastic and "
            "deterministic processes. Bulletin of the American Mathematical Society 53(11), "
            "1120."
        ),
        field="mathematics",
        description=(
            "The piecewise-linear tent map with slope mu, Lyapunov exponent ln mu. Slope "
            "exactly 2 collapses to 0 in binary floating point, hence mu = 1.9 (dysts writes "
            "the same map as 0.95*(1 - 2|x - 1/2|))."
        ),
    ),
    Declaration(
        name="Tinkerbell",
        kind="map",
        variables=("x", "y"),
        parameters={"a": 0.9, "b": -0.6013, "c": 2.0, "d": 0.5},
        equations=("x**2 - y**2 + a*x + b*y", "2*x*y + c*x + d*y"),
        ic=(0.13738266, -0.0308518),
        citation=(
            "Nusse, H. E. & Yorke, J. A. (1994). Dynamics: Numerical Explorations. Applied "
            "Mathematical Sciences 101. Springer, New York."
        ),
        field="mathematics",
        description=(
            "A quadratic planar map (complex squaring plus a linear term) whose attractor "
            "resembles the flight path of a fairy."
        ),
    ),
    Declaration(
        name="Zaslavskii",
        kind="map",
        variables=("x", "y"),
        parameters={"eps": 0.3, "nu": 400.0 / 3.0, "r": 3.0},
        equations=(
            f"Mod(x + nu*(1 + {_ZASLAVSKII_MU}*y) + eps*nu*{_ZASLAVSKII_MU}*cos(2*pi*x), 1)",
            "exp(-r)*(y + eps*cos(2*pi*x))",
        ),
        ic=(0.51, 0.1),
        citation=(
            "Zaslavsky, G. M. (1978). The simplest case of a strange attractor. Physics "
            "Letters A 69(3), 145-147."
        ),
        field="physics",
        description=(
            "A damped, periodically kicked rotator sampled once per kick, with the phase x "
            "taken modulo 1; damping r makes it dissipative. Parameters as used by Grassberger "
            "and Procaccia (1983); eps = 5, nu = 0.2, r = 2 (dysts) settle on a period-2 orbit."
        ),
    ),
    Declaration(
        name="CatMap",
        kind="map",
        variables=("x", "y"),
        parameters={},
        equations=("Mod(2*x + y, 1)", "Mod(x + y, 1)"),
        ic=(0.1, 0.2),
        citation=(
            "Arnold, V. I. & Avez, A. (1968). Ergodic Problems of Classical Mechanics. "
            "W. A. Benjamin, New York."
        ),
        field="mathematics",
        description=(
            "Arnold's cat map, the linear automorphism (x, y) -> (2x + y, x + y) of the unit "
            "torus: uniformly hyperbolic and area-preserving, with exponents "
            "+-ln((3 + sqrt(5))/2)."
        ),
    ),
)
