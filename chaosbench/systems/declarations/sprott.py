"""Sprott's catalogue of algebraically simple chaotic flows and jerk systems.

Cases A-S are the nineteen flows of Sprott (1994), with coefficients taken from
Table I of that paper; where a case has a coefficient other than one it is
exposed as a parameter (``a``, and ``b`` for a second one) so that the family can
be explored. The remaining entries are later minimal flows and jerk equations
from the same line of work.
"""

from chaosbench.systems.declaration import Declaration

_SPROTT_1994 = (
    "Sprott, J. C. (1994). Some simple chaotic flows. Physical Review E 50(2), R647-R650."
)

DECLARATIONS = (
    Declaration(
        name="SprottA",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={},
        equations=("y", "-x + y*z", "1 - y**2"),
        ic=(0.0, 5.0, 0.0),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case A of Sprott's search: five terms and two quadratic nonlinearities. It "
            "coincides with the Nose-Hoover thermostatted oscillator, is volume-preserving "
            "on average and shows conservative chaos for initial conditions in its "
            "chaotic sea (coexisting with invariant tori)."
        ),
        multistable=(
            "A hidden chaotic set coexists with a family of nested invariant tori around the "
            "origin (the case a = 1 of the one-parameter family), and which of them an orbit "
            "follows depends on its initial condition (Messias and Reinol 2017)."
        ),
    ),
    Declaration(
        name="SprottB",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={},
        equations=("y*z", "x - y", "1 - x*y"),
        ic=(1.6878282, 1.4848132, -0.53706628),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case B: a dissipative five-term quadratic flow with two nonlinearities, found by "
            "a computer search over random polynomial flows; two-lobed attractor symmetric "
            "under (x, y, z) -> (-x, -y, z)."
        ),
    ),
    Declaration(
        name="SprottC",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={},
        equations=("y*z", "x - y", "1 - x**2"),
        ic=(-0.47199823, -0.27198066, 1.9418244),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case C: like case B but with the product x*y in the last equation replaced by "
            "x squared; a minimal dissipative flow with two quadratic terms."
        ),
    ),
    Declaration(
        name="SprottD",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 3.0},
        equations=("-y", "x + z", "x*z + a*y**2"),
        ic=(-1.3396906, -0.21238338, 0.32982163),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case D: a five-term flow whose divergence equals x, so that it contracts or "
            "expands depending on where the orbit is; dissipative only on time average."
        ),
    ),
    Declaration(
        name="SprottE",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 4.0},
        equations=("y*z", "x**2 - y", "1 - a*x"),
        ic=(0.6173759, 0.66599285, -1.6575023),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case E: the last of Sprott's five-term, two-nonlinearity flows, with a single "
            "equilibrium at x = 1/a."
        ),
    ),
    Declaration(
        name="SprottF",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.5},
        equations=("y + z", "-x + a*y", "x**2 - z"),
        ic=(-0.98941275, -1.4191706, 0.85797204),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case F: six terms and a single quadratic nonlinearity; an unstable linear "
            "oscillator in x-y coupled to a relaxing variable driven by x squared."
        ),
    ),
    Declaration(
        name="SprottG",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.4},
        equations=("a*x + z", "x*z - y", "-x + y"),
        ic=(-0.77182478, -0.74756595, 1.3073285),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case G: a six-term flow with one bilinear term x*z; x grows linearly at rate a "
            "and is fed back through the slow variables."
        ),
    ),
    Declaration(
        name="SprottH",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.5},
        equations=("-y + z**2", "x + a*y", "x - z"),
        ic=(-1.360042, 0.62585352, -1.2788196),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case H: a six-term flow with the single nonlinearity z squared feeding an "
            "unstable linear oscillator."
        ),
    ),
    Declaration(
        name="SprottI",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.2},
        equations=("-a*y", "x + z", "x + y**2 - z"),
        ic=(-0.060099389, -0.49558355, 0.023159035),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case I: a six-term flow with one quadratic term; a weakly chaotic attractor "
            "(small largest exponent) with constant divergence -1."
        ),
    ),
    Declaration(
        name="SprottJ",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.0, "b": 2.0},
        equations=("a*z", "-b*y + z", "-x + y + y**2"),
        ic=(4.4786928, 2.2977432, 6.5847115),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case J: a six-term flow with constant divergence -b and a single y squared "
            "nonlinearity; its attractor is comparatively large in amplitude."
        ),
    ),
    Declaration(
        name="SprottK",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.3},
        equations=("x*y - z", "x - y", "x + a*z"),
        ic=(-1.3165015, -1.5429951, 0.664053),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case K: a six-term flow whose only nonlinearity is the product x*y; z grows "
            "linearly at rate a and is fed back into x."
        ),
    ),
    Declaration(
        name="SprottL",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.9, "b": 3.9},
        equations=("y + b*z", "a*x**2 - y", "1 - x"),
        ic=(4.3611557, 13.705573, -2.6835659),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case L: a six-term flow with a constant forcing term and an x squared "
            "nonlinearity; divergence is constant and equal to -1."
        ),
    ),
    Declaration(
        name="SprottM",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 1.7},
        equations=("-z", "-x**2 - y", "a + a*x + y"),
        ic=(1.6024402, -1.5983203, -2.6236374),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case M: a six-term flow in which x and z form an oscillator driven through the "
            "relaxing variable y by x squared."
        ),
    ),
    Declaration(
        name="SprottN",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.0, "b": 2.0},
        equations=("-a*y", "x + z**2", "1 + y - b*z"),
        ic=(-8.3258705, 7.3033716, 3.2798909),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case N: a six-term flow with constant divergence -b and a single z squared "
            "nonlinearity."
        ),
    ),
    Declaration(
        name="SprottO",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.7},
        equations=("y", "x - z", "x + x*z + a*y"),
        ic=(0.20549455, 0.022792985, 0.93636949),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case O: a six-term flow with one bilinear term x*z; its divergence equals x, "
            "so contraction holds only on average over the attractor."
        ),
    ),
    Declaration(
        name="SprottP",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.7},
        equations=("a*y + z", "-x + y**2", "x + y"),
        ic=(0.83420675, 0.14915817, 0.44028635),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case P: a six-term flow with divergence 2y; noted by Sprott as a candidate for "
            "coexistence of a strange attractor and a limit cycle."
        ),
    ),
    Declaration(
        name="SprottQ",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 3.1, "b": 0.5},
        equations=("-z", "x - y", "a*x + y**2 + b*z"),
        ic=(2.978102, -0.065260683, -2.8031286),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case Q: a six-term flow with one y squared term; an anti-damped oscillator in "
            "x-z stabilised through a lagged copy y of x."
        ),
    ),
    Declaration(
        name="SprottR",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.9, "b": 0.4},
        equations=("a - y", "b + z", "x*y - z"),
        ic=(-1.6914909, -1.9783678, 1.9807775),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case R: a six-term flow with two constant terms and the product x*y; it can be "
            "rewritten as a single third-order (jerk) equation in y."
        ),
    ),
    Declaration(
        name="SprottS",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 4.0},
        equations=("-x - a*y", "x + z**2", "1 + x"),
        ic=(0.12635702, 0.12260693, 1.2215429),
        citation=_SPROTT_1994,
        field="mathematics",
        description=(
            "Case S: the last of the six-term flows, with a damped x-y oscillator driven by "
            "z squared and z integrating 1 + x."
        ),
    ),
    Declaration(
        name="SprottMore",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={},
        equations=("y", "-x - sign(z)*y", "y**2 - exp(-x**2)"),
        ic=(1.5780713, 1.5748107, -0.76863557),
        citation=(
            "Sprott, J. C. (2020). Do we need more chaos examples? "
            "Chaos Theory and Applications 2(2), 49-51."
        ),
        field="mathematics",
        description=(
            "An oscillator whose damping switches sign with the sign of z, while z itself "
            "is driven by y squared minus a Gaussian of x; proposed as an example whose "
            "attractor has dimension close to three and a multifractal measure."
        ),
    ),
    Declaration(
        name="SprottTorus",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={},
        equations=("y + 2*x*y + x*z", "1 - 2*x**2 + y*z", "x - x**2 - y**2"),
        ic=(0.6883476, -0.18017646, 0.58539724),
        citation=(
            "Sprott, J. C. (2014). A dynamical system with a strange attractor and "
            "invariant tori. Physics Letters A 378(20), 1361-1363."
        ),
        field="mathematics",
        description=(
            "A quadratic flow in which a dissipative strange attractor is interlinked with "
            "a family of nested invariant tori, so that the long-term behaviour depends "
            "on the initial condition."
        ),
        multistable=(
            "A strange attractor coexists with, and is interlinked with, a conservative "
            "region of nested invariant tori, so an orbit ends on the attractor or on a "
            "torus depending on where it starts (Sprott 2014)."
        ),
    ),
    Declaration(
        name="JerkCircuit",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"eps": 1e-9, "y0": 0.026},
        equations=("y", "z", "-z - x - eps*(exp(y/y0) - 1)"),
        ic=(-1.300882, 0.065382947, 0.91801911),
        citation=(
            "Sprott, J. C. (2011). A new chaotic jerk circuit. IEEE Transactions on "
            "Circuits and Systems II: Express Briefs 58(4), 240-243."
        ),
        field="electronics",
        description=(
            "Dimensionless model of an op-amp jerk circuit whose only nonlinear element is "
            "a semiconductor diode: an exponential (Shockley) current with saturation "
            "scale eps and thermal voltage y0 feeds back the velocity."
        ),
    ),
    Declaration(
        name="MalasomaJerk",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"alpha": 2.027717},
        equations=("y", "z", "-alpha*z + x*y**2 - x"),
        ic=(-2.6371965, 1.0209288, 0.74236153),
        citation=(
            "Malasoma, J.-M. (2000). What is the simplest dissipative chaotic jerk "
            "equation which is parity invariant? Physics Letters A 264(5), 383-389."
        ),
        field="mathematics",
        description=(
            "The simplest chaotic jerk equation invariant under x -> -x, with a single "
            "cubic term x*x'^2; its only equilibrium is a saddle-focus at the origin and "
            "attractors come in symmetric pairs."
        ),
    ),
    Declaration(
        name="LinzSprott",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"A": 0.6},
        equations=("y", "z", "-A*z - y + Abs(x) - 1"),
        ic=(-0.39583273, 1.203148, -0.39842158),
        citation=(
            "Linz, S. J. and Sprott, J. C. (1999). Elementary chaotic flow. "
            "Physics Letters A 259(3-4), 240-245."
        ),
        field="mathematics",
        description=(
            "A jerk equation x''' + A x'' + x' = |x| - 1 whose only nonlinearity is an "
            "absolute value; the simplest known piecewise-linear dissipative chaotic flow, "
            "easily built from diodes and operational amplifiers."
        ),
    ),
    Declaration(
        name="RosslerToroidal",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.386, "b": 0.2},
        equations=("-y - z", "x", "a*(y - y**2) - b*z"),
        ic=(-0.48937683, 1.4642244, -0.70550032),
        citation=(
            "Rossler, O. E. (1979). Continuous chaos: four prototype equations. "
            "Annals of the New York Academy of Sciences 316(1), 376-392."
        ),
        field="mathematics",
        description=(
            "Rossler's prototype of toroidal chaos: six terms and one quadratic "
            "nonlinearity, in which a relaxation in z folds a torus-like flow around the "
            "x-y oscillator; a forerunner of Sprott's minimal flows. The values a = 0.386, "
            "b = 0.2 are not yet checked against the 1979 paper."
        ),
    ),
)
