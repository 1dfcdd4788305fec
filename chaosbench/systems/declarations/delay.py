"""Scalar delay differential equations with chaotic solutions."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = (
    Declaration(
        name="MackeyGlass",
        kind="delay",
        variables=("x",),
        parameters={"beta": 0.2, "gamma": 0.1, "n": 10.0, "tau": 17.0},
        equations=("beta*x(t - tau)/(1 + x(t - tau)**n) - gamma*x",),
        ic=(0.5513751,),
        citation=(
            "Mackey, M. C. and Glass, L. (1977). Oscillation and chaos in physiological "
            "control systems. Science 197(4300), 287-289."
        ),
        field="medicine",
        description=(
            "Concentration of circulating blood cells whose production responds, through a "
            "steep Hill-type feedback, to the concentration a maturation time tau earlier, "
            "while cells are cleared at a constant rate; tau = 17 gives the classic strange "
            "attractor."
        ),
    ),
    Declaration(
        name="IkedaDelay",
        kind="delay",
        variables=("x",),
        parameters={"c": 1.0, "mu": 20.0, "tau": 2.0, "x0": 0.0},
        equations=("mu*sin(x(t - tau) - x0) - c*x",),
        ic=(-1.7723107,),
        citation=(
            "Ikeda, K. and Matsumoto, K. (1987). High-dimensional chaotic behavior in "
            "systems with time-delayed feedback. Physica D 29(1-2), 223-235."
        ),
        field="optics",
        description=(
            "Phase of light in a hybrid bistable optical device: a medium with finite "
            "response time driven by the sinusoidal interference signal of its own output, "
            "fed back after a delay; strong feedback makes it hyperchaotic."
        ),
    ),
    Declaration(
        name="SprottDelay",
        kind="delay",
        variables=("x",),
        parameters={"tau": 5.1},
        equations=("sin(x(t - tau))",),
        ic=(18.0214184,),
        citation=(
            "Sprott, J. C. (2007). A simple chaotic delay differential equation. "
            "Physics Letters A 366(4-5), 397-402."
        ),
        field="mathematics",
        description=(
            "Algebraically minimal chaotic delay equation: the rate of change is the sine of "
            "the delayed state, with no damping; chaos appears near tau = 5 and the state "
            "wanders diffusively across the periods of the sine."
        ),
    ),
    Declaration(
        name="VossDelay",
        kind="delay",
        variables=("x",),
        parameters={"alpha": 3.24, "tau": 13.28},
        equations=(
            "-alpha*x - 10.44*x(t - tau)**3 - 13.95*x(t - tau)**2 - 3.63*x(t - tau) + 0.85",
        ),
        ic=(-0.6398632,),
        citation=(
            "Voss, H. U. (2002). Real-time anticipation of chaotic states of an electronic "
            "circuit. International Journal of Bifurcation and Chaos 12(7), 1619-1625."
        ),
        field="electronics",
        description=(
            "Voltage in an electronic delay-feedback oscillator: a first-order low-pass "
            "stage driven by a cubic-polynomial nonlinear element acting on the signal from "
            "a delay line."
        ),
    ),
    Declaration(
        name="ScrollDelay",
        kind="delay",
        variables=("x",),
        parameters={"alpha": 0.2, "beta": 0.2, "tau": 10.0},
        equations=("-alpha*x(t - tau) + beta*tanh(10*x(t - tau))",),
        ic=(1.396563,),
        citation=(
            "Driver, R. D. (1977). Ordinary and Delay Differential Equations. Applied "
            "Mathematical Sciences 20. Springer, New York."
        ),
        field="electronics",
        description=(
            "Rate of change set entirely by the delayed state through a linear restoring "
            "term and a steep sigmoidal switch; the orbit alternates irregularly between "
            "two scroll-like lobes, and the equation can be built as an analog circuit. "
            "Equation and parameters follow dysts, which credits Driver's textbook; we could "
            "not find this exact form in a primary source."
        ),
    ),
    Declaration(
        name="ENSODelay",
        kind="delay",
        variables=("h",),
        parameters={
            "a": 2.0,
            "b": 3.0,
            "c": 360.0 / 138.0,
            "kappa": 2.0,
            "b_plus": 1.5,
            "b_minus": 0.3,
            "tau1": 1.15 / 12.0,
            "tau2": 5.75 / 12.0,
        },
        equations=(
            "a*(b_plus*tanh(kappa*Max(h(t - tau1), 0)/b_plus)"
            " + b_minus*tanh(kappa*Min(h(t - tau1), 0)/b_minus))"
            " - b*(b_plus*tanh(kappa*Max(h(t - tau2), 0)/b_plus)"
            " + b_minus*tanh(kappa*Min(h(t - tau2), 0)/b_minus))"
            " + c*cos(2*pi*t)",
        ),
        ic=(-0.2859437,),
        citation=(
            "Tziperman, E., Stone, L., Cane, M. A. and Jarosh, H. (1994). El Nino chaos: "
            "overlapping of resonances between the seasonal cycle and the Pacific "
            "ocean-atmosphere oscillator. Science 264(5155), 72-74."
        ),
        field="climatology",
        description=(
            "Thermocline-depth anomaly at the eastern equatorial Pacific, with time in "
            "years: wind-forced Kelvin waves give a fast positive feedback, reflected Rossby "
            "waves a slower negative one, both through a saturating coupling that is weaker "
            "for cold anomalies, and the annual cycle drives it; the oscillator jumps "
            "irregularly between resonances with the seasons. Rates a = 1/180 and b = 1/120 "
            "per day, delays of 1.15 and 5.75 months (half a Kelvin crossing; a Kelvin "
            "crossing plus half a Rossby one) and b_minus = b_plus/5 agree across the "
            "reproductions we found, and b_plus = 1.5 matches one that credits it to this "
            "paper; kappa = 2 and c = 1/138 per day could not be checked against the paper "
            "(other reproductions use kappa = 1.6, b_plus = 1 or 1.51, and c = 0.9/138 or "
            "1/238 per day). Time is in 360-day years."
        ),
        forcing_period="1",
    ),
    Declaration(
        name="PiecewiseCircuit",
        kind="delay",
        variables=("x",),
        parameters={"alpha": 1.0, "beta": 1.0, "c": 2.24, "tau": 4.9},
        equations=("-alpha*x(t - tau) + beta*(3*x(t - tau)/c - (x(t - tau)/c)**3)",),
        ic=(1.6934354,),
        citation=(
            "Tamasevicius, A., Mykolaitis, G. and Bumeliene, S. (2006). Delayed feedback "
            "chaotic oscillator with improved spectral characteristics. Electronics Letters "
            "42(13), 736-737."
        ),
        field="electronics",
        description=(
            "Model of a delayed-feedback chaotic oscillator circuit in which an integrator "
            "is driven by a delayed copy of its output passed through a linear and an "
            "N-shaped (cubic) nonlinear branch."
        ),
    ),
)
