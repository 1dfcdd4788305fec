"""Flows with piecewise-linear, trigonometric or explicitly time-dependent terms."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS = (
    Declaration(
        name="Chua",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"alpha": 15.6, "beta": 28.0, "m0": -8.0 / 7.0, "m1": -5.0 / 7.0},
        equations=(
            "alpha*(y - x - (m1*x + 0.5*(m0 - m1)*(Abs(x + 1) - Abs(x - 1))))",
            "x - y + z",
            "-beta*y",
        ),
        ic=(1.1262351, -0.11386474, -0.78324421),
        citation=(
            "Chua, L. O., Komuro, M. and Matsumoto, T. (1986). The double scroll family. "
            "IEEE Transactions on Circuits and Systems 33(11), 1073-1118."
        ),
        field="electronics",
        description=(
            "Dimensionless model of Chua's circuit, an RLC circuit with a piecewise-linear "
            "negative-resistance diode; produces the double-scroll attractor."
        ),
    ),
    Declaration(
        name="Thomas",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"b": 0.18},
        equations=("sin(y) - b*x", "sin(z) - b*y", "sin(x) - b*z"),
        ic=(0.1, 0.0, 0.0),
        citation=(
            "Thomas, R. (1999). Deterministic chaos seen in terms of feedback circuits: "
            "analysis, synthesis, 'labyrinth chaos'. International Journal of Bifurcation "
            "and Chaos 9(10), 1889-1905."
        ),
        field="biology",
        description=(
            "A cyclically symmetric feedback circuit with sinusoidal coupling, proposed as a "
            "caricature of regulatory networks. Chaos sets in near b = 0.2082, where it "
            "coexists with periodic attractors; b = 0.18 (as in Sprott and Chlouverakis, "
            "Labyrinth chaos, IJBC 17, 2097-2108, 2007) is robustly chaotic."
        ),
    ),
    Declaration(
        name="Ueda",
        kind="flow",
        variables=("x", "y"),
        parameters={"k": 0.05, "B": 7.5, "omega": 1.0},
        equations=("y", "-k*y - x**3 + B*cos(omega*t)"),
        ic=(2.5, 0.0),
        forcing_period="2*pi/omega",
        citation=(
            "Ueda, Y. (1979). Randomly transitional phenomena in the system governed by "
            "Duffing's equation. Journal of Statistical Physics 20(2), 181-196."
        ),
        field="electronics",
        description=(
            "A weakly damped, periodically forced hardening spring (Duffing oscillator "
            "without linear stiffness), first seen chaotic in an analog computer circuit."
        ),
    ),
)
