"""Flows from neuroscience, biology, ecology, medicine and chemistry."""

from chaosbench.systems.declaration import Declaration

# ---------------------------------------------------------------------------
# Building blocks for the longer right-hand sides (plain string templates, so
# the declarations below stay readable).
# ---------------------------------------------------------------------------

# Chay (1985): Hodgkin-Huxley rate functions, V in mV.
_ALPHA_M = "0.1*(25 + V)/(1 - exp(-0.1*V - 2.5))"
_BETA_M = "4*exp(-(V + 50)/18)"
_ALPHA_H = "0.07*exp(-0.05*V - 2.5)"
_BETA_H = "1/(1 + exp(-0.1*V - 2))"
_ALPHA_N = "0.01*(20 + V)/(1 - exp(-0.1*V - 2))"
_BETA_N = "0.125*exp(-(V + 30)/80)"
_M_INF = f"(({_ALPHA_M})/({_ALPHA_M} + {_BETA_M}))"
_H_INF = f"(({_ALPHA_H})/({_ALPHA_H} + {_BETA_H}))"
_CHAY_INWARD = f"{_M_INF}**3*{_H_INF}"

# Gyorgyi-Field (1992): quasi-steady bromide concentration.
_GF_YBAR = "(yb1*z*v/(y0*(yb2*x + yb3 + kf)))"
_GF_RF = "((ci - z0*z)*sqrt(Max(x, 0)))"

# Houart-Dupont-Goldbeter (1999) Ca2+ fluxes.
_CA_V2 = "(Vm2*Z**2/(K2**2 + Z**2))"
_CA_V3 = "(Vm3*Z**m/(Kz**m + Z**m)*Y**2/(Ky**2 + Y**2)*A**4/(Ka**4 + A**4))"
_CA_V5 = "(Vm5*A**p/(K5**p + A**p)*Z**n/(Kd**n + Z**n))"
_CA_EQUATIONS = (
    f"V0 + V1*beta - {_CA_V2} + {_CA_V3} + kf*Y - k*Z",
    f"{_CA_V2} - {_CA_V3} - kf*Y",
    f"beta*V4 - {_CA_V5} - eps*A",
)
_CA_CITATION = (
    "Houart, G., Dupont, G. and Goldbeter, A. (1999). Bursting, chaos and "
    "birhythmicity originating from self-modulation of the inositol "
    "1,4,5-trisphosphate signal in a model for intracellular Ca2+ oscillations. "
    "Bulletin of Mathematical Biology 61(3), 507-530."
)


def _sigmoid(arg: str) -> str:
    return f"1/(1 + exp(-({arg})))"


# Beer (1995) three-neuron CTRNN: w{i}{j} is the weight onto neuron i from neuron j.
_BEER_W = (
    (5.422, -0.018, 2.75),
    (-0.24, 4.59, 1.21),
    (0.535, -2.25, 3.885),
)
_BEER_PARAMS: dict[str, float] = {}
for _i, _tau in enumerate((1.0, 2.5, 1.0), start=1):
    _BEER_PARAMS[f"tau{_i}"] = _tau
for _i, _theta in enumerate((-4.108, -2.787, -1.114), start=1):
    _BEER_PARAMS[f"theta{_i}"] = _theta
for _i, _row in enumerate(_BEER_W, start=1):
    for _j, _w in enumerate(_row, start=1):
        _BEER_PARAMS[f"w{_i}{_j}"] = _w
_BEER_EQUATIONS = tuple(
    f"(-y{i} + "
    + " + ".join(f"w{i}{j}*({_sigmoid(f'y{j} + theta{j}')})" for j in (1, 2, 3))
    + f")/tau{i}"
    for i in (1, 2, 3)
)

# Lewis & Glass (1992) six-unit network: inhibitory connections (i -> list of j).
_HOPFIELD_INPUTS = {
    1: (2, 5, 6),
    2: (4, 5, 6),
    3: (1, 2, 5),
    4: (1, 2, 3),
    5: (1, 2, 4),
    6: (2, 3, 4),
}
_HOPFIELD_EQUATIONS = tuple(
    f"-x{i}/tau + (1 + tanh(-eps*({' + '.join(f'x{j}' for j in js)})))/2 - beta"
    for i, js in _HOPFIELD_INPUTS.items()
)

# Huisman & Weissing (1999): five species N1..N5 on five resources R1..R5.
# K{j}{i}: half-saturation of species i for resource j; c{j}{i}: content of
# resource j in species i (rows: resources, columns: species).
_HW_K = (
    (0.39, 0.34, 0.30, 0.24, 0.23),
    (0.22, 0.39, 0.34, 0.30, 0.27),
    (0.27, 0.22, 0.39, 0.34, 0.30),
    (0.30, 0.24, 0.22, 0.39, 0.34),
    (0.34, 0.30, 0.22, 0.20, 0.39),
)
_HW_C = (
    (0.04, 0.04, 0.07, 0.04, 0.04),
    (0.08, 0.08, 0.08, 0.10, 0.08),
    (0.10, 0.10, 0.10, 0.10, 0.14),
    (0.05, 0.03, 0.03, 0.03, 0.03),
    (0.07, 0.09, 0.07, 0.07, 0.07),
)
_HW_S = (6.0, 10.0, 14.0, 4.0, 9.0)
_HW_PARAMS: dict[str, float] = {"r": 1.0, "m": 0.25, "D": 0.25}
for _j, _s in enumerate(_HW_S, start=1):
    _HW_PARAMS[f"S{_j}"] = _s
for _name, _matrix in (("K", _HW_K), ("c", _HW_C)):
    for _j, _row in enumerate(_matrix, start=1):
        for _i, _v in enumerate(_row, start=1):
            _HW_PARAMS[f"{_name}{_j}{_i}"] = _v


def _hw_growth(i: int) -> str:
    terms = [f"R{j}/(K{j}{i} + R{j})" for j in range(1, 6)]
    return f"(r*Min(Min({', '.join(terms[:4])}), {terms[4]}))"


_HW_EQUATIONS = tuple(f"N{i}*({_hw_growth(i)} - m)" for i in range(1, 6)) + tuple(
    f"D*(S{j} - R{j}) - (" + " + ".join(f"c{j}{i}*{_hw_growth(i)}*N{i}" for i in range(1, 6)) + ")"
    for j in range(1, 6)
)

# Vano et al. (2006): four competing species.
_VANO_R = (1.0, 0.72, 1.53, 1.27)
_VANO_A = (
    (1.0, 1.09, 1.52, 0.0),
    (0.0, 1.0, 0.44, 1.36),
    (2.33, 0.0, 1.0, 0.47),
    (1.21, 0.51, 0.35, 1.0),
)
_VANO_PARAMS: dict[str, float] = {}
for _i, _r in enumerate(_VANO_R, start=1):
    _VANO_PARAMS[f"r{_i}"] = _r
for _i, _row in enumerate(_VANO_A, start=1):
    for _j, _v in enumerate(_row, start=1):
        _VANO_PARAMS[f"a{_i}{_j}"] = _v
_VANO_EQUATIONS = tuple(
    f"r{i}*x{i}*(1 - " + " - ".join(f"a{i}{j}*x{j}" for j in range(1, 5)) + ")" for i in range(1, 5)
)


DECLARATIONS: tuple[Declaration, ...] = (
    # ------------------------------------------------------------------ neuroscience
    Declaration(
        name="BeerRNN",
        kind="flow",
        variables=("y1", "y2", "y3"),
        parameters=_BEER_PARAMS,
        equations=_BEER_EQUATIONS,
        ic=(1.5014532, 2.3742845, 0.65819415),
        citation=(
            "Beer, R. D. (1995). On the dynamics of small continuous-time recurrent "
            "neural networks. Adaptive Behavior 3(4), 469-509."
        ),
        field="neuroscience",
        description=(
            "Three leaky-integrator neurons with logistic firing-rate outputs, fully "
            "recurrently connected; with suitable weights, biases and time constants "
            "the network's activity wanders irregularly."
        ),
    ),
    Declaration(
        name="CellularNeuralNetwork",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 4.4, "b": 3.21, "c": 1.1, "d": 1.24},
        equations=(
            "-x + d*(Abs(x + 1) - Abs(x - 1))/2 - b*(Abs(y + 1) - Abs(y - 1))/2"
            " - b*(Abs(z + 1) - Abs(z - 1))/2",
            "-y - b*(Abs(x + 1) - Abs(x - 1))/2 + c*(Abs(y + 1) - Abs(y - 1))/2"
            " - a*(Abs(z + 1) - Abs(z - 1))/2",
            "-z - b*(Abs(x + 1) - Abs(x - 1))/2 + a*(Abs(y + 1) - Abs(y - 1))/2"
            " + (Abs(z + 1) - Abs(z - 1))/2",
        ),
        ic=(-0.26574016, -0.36754928, -0.073094132),
        citation=(
            "Arena, P., Caponetto, R., Fortuna, L. and Porto, D. (1998). Bifurcation "
            "and chaos in noninteger order cellular neural networks. International "
            "Journal of Bifurcation and Chaos 8(7), 1527-1539."
        ),
        field="neuroscience",
        description=(
            "Three fully coupled cells of a cellular neural network, each a leaky "
            "integrator whose output is a saturating piecewise-linear function of its "
            "state (the integer-order form of the network)."
        ),
    ),
    Declaration(
        name="ExcitableCell",
        kind="flow",
        variables=("V", "n", "C"),
        parameters={
            "gI": 1800.0,
            "gKV": 1700.0,
            "gKC": 11.0,
            "gL": 7.0,
            "vI": 100.0,
            "vK": -75.0,
            "vL": -40.0,
            "vC": 100.0,
            "kC": 3.3 / 18.0,
            "rho": 0.27,
            "lamn": 230.0,
        },
        equations=(
            f"gI*{_CHAY_INWARD}*(vI - V) + gKV*n**4*(vK - V) + gKC*C/(1 + C)*(vK - V)"
            " + gL*(vL - V)",
            f"lamn*(({_ALPHA_N})*(1 - n) - ({_BETA_N})*n)",
            f"rho*({_CHAY_INWARD}*(vC - V) - kC*C)",
        ),
        ic=(-44.57779976420271, 0.13121643614884418, 0.4658533583951385),
        citation=(
            "Chay, T. R. (1985). Chaos in a three-variable model of an excitable cell. "
            "Physica D 16(2), 233-242."
        ),
        field="neuroscience",
        description=(
            "A Hodgkin-Huxley-type membrane with an instantaneous mixed Na/Ca inward "
            "current, a delayed-rectifier potassium current and a potassium current "
            "gated by intracellular calcium, whose slow build-up produces irregular bursts."
        ),
    ),
    Declaration(
        name="ForcedFitzHughNagumo",
        kind="flow",
        variables=("v", "w"),
        parameters={
            "a": 0.7,
            "b": 0.8,
            "gamma": 0.08,
            "curr": 0.965,
            "f": 0.4008225,
            "omega": 0.043650793650793655,
        },
        equations=("v - v**3/3 - w + curr + f*sin(omega*t)", "gamma*(v + a - b*w)"),
        ic=(-1.2155252, -0.046470891),
        forcing_period="2*pi/omega",
        citation=(
            "FitzHugh, R. (1961). Impulses and physiological states in theoretical "
            "models of nerve membrane. Biophysical Journal 1(6), 445-466."
        ),
        field="neuroscience",
        description=(
            "The FitzHugh-Nagumo caricature of a spiking neuron (fast voltage, slow "
            "recovery) driven by a constant plus a slow sinusoidal current."
        ),
    ),
    Declaration(
        name="HindmarshRose",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "a": 1.0,
            "b": 3.0,
            "c": 1.0,
            "d": 5.0,
            "s": 4.0,
            "xr": -1.6,
            "r": 0.006,
            "I": 3.25,
        },
        equations=(
            "y - a*x**3 + b*x**2 - z + I",
            "c - d*x**2 - y",
            "r*(s*(x - xr) - z)",
        ),
        ic=(-0.92868833, -3.2542849, 3.3906213),
        citation=(
            "Hindmarsh, J. L. and Rose, R. M. (1984). A model of neuronal bursting "
            "using three coupled first order differential equations. Proceedings of "
            "the Royal Society of London B 221(1222), 87-102."
        ),
        field="neuroscience",
        description=(
            "A polynomial neuron model: a fast voltage-recovery pair and a slow "
            "adaptation current that switches the cell between spiking and rest, "
            "giving irregular bursts at this injected current."
        ),
    ),
    Declaration(
        name="Hopfield",
        kind="flow",
        variables=("x1", "x2", "x3", "x4", "x5", "x6"),
        parameters={"tau": 2.5, "eps": 10.0, "beta": 0.5},
        equations=_HOPFIELD_EQUATIONS,
        ic=(-0.67127393, -0.2420173, -0.055676628, 0.34697948, 0.45273118, 0.78389688),
        citation=(
            "Lewis, J. E. and Glass, L. (1992). Nonlinear dynamics and symbolic "
            "dynamics of neural networks. Neural Computation 4(5), 621-642."
        ),
        field="neuroscience",
        description=(
            "Six mutually inhibiting model neurons with steep sigmoidal responses; the "
            "fixed inhibitory wiring makes activity circulate irregularly around the "
            "network."
        ),
    ),
    # ------------------------------------------------------------------ biology
    Declaration(
        name="CaTwoPlus",
        kind="flow",
        variables=("Z", "Y", "A"),
        parameters={
            "V0": 2.0,
            "V1": 2.0,
            "beta": 0.65,
            "Vm2": 6.0,
            "K2": 0.1,
            "Vm3": 30.0,
            "Kz": 0.6,
            "Ky": 0.3,
            "Ka": 0.1,
            "m": 2.0,
            "kf": 1.0,
            "k": 10.0,
            "V4": 3.0,
            "Vm5": 50.0,
            "K5": 0.3194,
            "Kd": 1.0,
            "p": 1.0,
            "n": 4.0,
            "eps": 13.0,
        },
        equations=_CA_EQUATIONS,
        ic=(0.26162904, 1.0055612, 0.14407867),
        citation=_CA_CITATION,
        field="biology",
        description=(
            "Cytosolic (Z) and stored (Y) calcium coupled to the messenger IP3 (A), "
            "whose Ca2+-activated degradation feeds back on Ca2+ release from the "
            "store; the interplay produces bursting and chaotic calcium spikes."
        ),
    ),
    Declaration(
        name="CaTwoPlusQuasiperiodic",
        kind="flow",
        variables=("Z", "Y", "A"),
        parameters={
            "V0": 2.0,
            "V1": 2.0,
            "beta": 0.51,
            "Vm2": 6.0,
            "K2": 0.1,
            "Vm3": 20.0,
            "Kz": 0.5,
            "Ky": 0.2,
            "Ka": 0.2,
            "m": 2.0,
            "kf": 1.0,
            "k": 10.0,
            "V4": 5.0,
            "Vm5": 30.0,
            "K5": 0.3,
            "Kd": 0.5,
            "p": 2.0,
            "n": 4.0,
            "eps": 0.1,
        },
        equations=_CA_EQUATIONS,
        ic=(0.26321067, 0.87886607, 0.3148781),
        citation=_CA_CITATION,
        field="biology",
        description=(
            "The Houart-Dupont-Goldbeter calcium-IP3 model at a second parameter set, "
            "with a slow IP3 turnover that modulates the calcium spikes."
        ),
    ),
    Declaration(
        name="CellCycle",
        kind="flow",
        variables=("C1", "M1", "X1", "C2", "M2", "X2"),
        parameters={
            "vi": 0.05,
            "Kim": 0.65,
            "vd": 0.025,
            "Kd": 0.02,
            "kd": 0.001,
            "Vm1": 0.3,
            "Kc": 0.5,
            "V2": 0.15,
            "Vm3": 0.1,
            "V4": 0.05,
            "K": 0.01,
        },
        equations=(
            "vi*Kim/(Kim + M2) - vd*X1*C1/(Kd + C1) - kd*C1",
            "Vm1*C1/(Kc + C1)*(1 - M1)/(K + 1 - M1) - V2*M1/(K + M1)",
            "Vm3*M1*(1 - X1)/(K + 1 - X1) - V4*X1/(K + X1)",
            "vi*Kim/(Kim + M1) - vd*X2*C2/(Kd + C2) - kd*C2",
            "Vm1*C2/(Kc + C2)*(1 - M2)/(K + 1 - M2) - V2*M2/(K + M2)",
            "Vm3*M2*(1 - X2)/(K + 1 - X2) - V4*X2/(K + X2)",
        ),
        ic=(0.71565329, 0.9489355, 0.98910371, 0.72138631, 0.94987035, 0.98912572),
        citation=(
            "Romond, P.-C., Rustici, M., Gonze, D. and Goldbeter, A. (1999). "
            "Alternating oscillations and chaos in a model of two coupled biochemical "
            "oscillators driving successive phases of the cell cycle. Annals of the "
            "New York Academy of Sciences 879, 180-193."
        ),
        field="biology",
        description=(
            "Two copies of Goldbeter's minimal mitotic oscillator (cyclin, active "
            "cdc2 kinase, active cyclin protease), each one's kinase inhibiting the "
            "other's cyclin synthesis."
        ),
    ),
    Declaration(
        name="CircadianRhythm",
        kind="flow",
        variables=("m", "fc", "fs", "fn"),
        parameters={
            "vc": 2.5,
            "vmin": 1.0,
            "vmax": 4.7,
            "ps": 24.0,
            "Ki": 1.0,
            "n": 4.0,
            "vm": 0.7,
            "km": 0.4,
            "ks": 1.0,
            "k1": 0.3,
            "k2": 0.15,
            "k": 0.5,
            "vd": 6.0,
            "kd": 1.4,
            "vdn": 1.5,
            "kdn": 0.4,
        },
        equations=(
            "vc*(0.5 + 0.5*cos(2*pi*t/ps) + vmin)*(vmax - vmin)*Ki**n/(Ki**n + fn**n)"
            " - vm*m/(km + m)",
            "ks*m - k1*fc + k2*fn - k*fc",
            "k*fc - vd*fs/(kd + fs)",
            "k1*fc - k2*fn - vdn*fn/(kdn + fn)",
        ),
        ic=(1.5401187, 5.3707921, 41.054266, 11.619073),
        forcing_period="ps",
        citation=(
            "Leloup, J.-C., Gonze, D. and Goldbeter, A. (1999). Limit cycle models "
            "for circadian rhythms based on transcriptional regulation in Drosophila "
            "and Neurospora. Journal of Biological Rhythms 14(6), 433-448."
        ),
        field="biology",
        description=(
            "A clock-gene loop in which nuclear clock protein represses transcription "
            "of its own mRNA, with the transcription rate modulated by a 24-hour "
            "light-dark cycle (the form used in dysts)."
        ),
    ),
    Declaration(
        name="GlycolyticOscillation",
        kind="flow",
        variables=("alpha", "beta", "gamma"),
        parameters={
            "nu": 0.45,
            "sigma1": 10.0,
            "sigma2": 10.0,
            "q1": 50.0,
            "q2": 0.02,
            "L1": 5.0e8,
            "L2": 100.0,
            "d": 0.0,
            "ks": 1.99,
        },
        equations=(
            "nu - sigma1*alpha*(1 + alpha)*(1 + beta)**2/(L1 + (1 + alpha)**2*(1 + beta)**2)",
            "q1*sigma1*alpha*(1 + alpha)*(1 + beta)**2/(L1 + (1 + alpha)**2*(1 + beta)**2)"
            " - sigma2*beta*(1 + d*beta)*(1 + gamma)**2"
            "/(L2 + (1 + d*beta)**2*(1 + gamma)**2)",
            "q2*sigma2*beta*(1 + d*beta)*(1 + gamma)**2/(L2 + (1 + d*beta)**2*(1 + gamma)**2)"
            " - ks*gamma",
        ),
        ic=(29.453349256846987, 130.19350141357407, 0.18407087674169492),
        citation=(
            "Decroly, O. and Goldbeter, A. (1982). Birhythmicity, chaos, and other "
            "patterns of temporal self-organization in a multiply regulated biochemical "
            "system. Proceedings of the National Academy of Sciences USA 79(22), "
            "6917-6921."
        ),
        field="biology",
        description=(
            "Two allosteric enzymes in series, each activated by its own product "
            "(substrate alpha, intermediate beta, final product gamma); the coupling of "
            "the two autocatalytic instabilities gives chaos. Time is in seconds."
        ),
    ),
    # ------------------------------------------------------------------ chemistry
    Declaration(
        name="BelousovZhabotinsky",
        kind="flow",
        variables=("x", "z", "v"),
        parameters={
            "c1": -8.03474,
            "c2": 0.05408,
            "c3": -0.0115886,
            "c4": 832.587,
            "c5": -0.029155,
            "c6": 0.00321617,
            "c7": -0.01352,
            "c8": -0.0831709,
            "c9": -0.0199985,
            "c10": 0.0223915,
            "c11": 7.53559e-05,
            "c12": 8.07384e-06,
            "c13": -0.000499825,
            "ci": 0.000833,
            "kf": 0.00035,
            "t0": 2308.62,
            "y0": 7.72571e-06,
            "yb1": 6.92813e-07,
            "yb2": 2.00869,
            "yb3": 0.01352,
            "z0": 8.33e-06,
        },
        equations=(
            f"t0*(c1*x*{_GF_YBAR} + c2*{_GF_YBAR} + c3*x**2 + c4*{_GF_RF} + c5*x*z - kf*x)",
            f"t0*(c6/z0*{_GF_RF} + c7*x*z + c8*z*v + c9*z - kf*z)",
            f"t0*(c10*x*{_GF_YBAR} + c11*{_GF_YBAR} + c12*x**2 + c13*z*v - kf*v)",
        ),
        ic=(0.66505826, 1.98034097, 0.84874125),
        citation=(
            "Gyorgyi, L. and Field, R. J. (1992). A three-variable model of "
            "deterministic chaos in the Belousov-Zhabotinsky reaction. Nature "
            "355(6363), 808-810."
        ),
        field="chemistry",
        description=(
            "Reduced Oregonator-type mechanism of the BZ reaction in a flow reactor: "
            "scaled bromous acid (x), oxidised catalyst (z) and bromomalonic acid (v), "
            "with bromide eliminated adiabatically; coefficients are the paper's rate "
            "constants lumped for the flow rate kf, time scaled by t0."
        ),
    ),
    Declaration(
        name="ForcedBrusselator",
        kind="flow",
        variables=("x", "y"),
        parameters={"a": 0.4, "b": 1.2, "f": 0.05, "w": 0.81},
        equations=("a + x**2*y - (b + 1)*x + f*cos(w*t)", "b*x - x**2*y"),
        ic=(0.40635464, 1.8192295),
        forcing_period="2*pi/w",
        citation=(
            "Kai, T. and Tomita, K. (1979). Stroboscopic phase portrait of a forced "
            "nonlinear oscillator. Progress of Theoretical Physics 61(1), 54-73."
        ),
        field="chemistry",
        description=(
            "Prigogine and Lefever's autocatalytic Brusselator reaction scheme with a "
            "sinusoidally modulated inflow of the activator; weak forcing of the limit "
            "cycle produces a chaotic response."
        ),
    ),
    Declaration(
        name="IsothermalChemical",
        kind="flow",
        variables=("alpha", "beta", "gamma"),
        parameters={"mu": 0.29786, "kappa": 2.5, "sigma": 0.013, "delta": 1.0},
        equations=(
            "mu*(kappa + gamma) - alpha*beta**2 - alpha",
            "(alpha*beta**2 + alpha - beta)/sigma",
            "(beta - gamma)/delta",
        ),
        ic=(0.5141505602006595, 0.9984288208727641, 1.0061777118724),
        citation=(
            "Petrov, V., Scott, S. K. and Showalter, K. (1992). Mixed-mode oscillations "
            "in chemical systems. Journal of Chemical Physics 97(9), 6191-6198."
        ),
        field="chemistry",
        description=(
            "A dimensionless isothermal autocatalator with a slowly relaxing precursor "
            "pool; the separation of time scales produces mixed-mode and chaotic "
            "oscillations."
        ),
    ),
    Declaration(
        name="KawczynskiStrizhak",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"beta": -0.4, "gamma": 0.49, "kappa": 0.2, "mu": 2.1},
        equations=(
            "gamma*(y - x**3 + 3*mu*x)",
            "-2*mu*x - y - z + beta",
            "kappa*(x - z)",
        ),
        ic=(-1.160501, 5.8636902, -1.2031947),
        citation=(
            "Strizhak, P. E. and Kawczynski, A. L. (1995). Regularities in complex "
            "transient oscillations in the Belousov-Zhabotinsky reaction in a batch "
            "reactor. Journal of Physical Chemistry 99(27), 10830-10833."
        ),
        field="chemistry",
        description=(
            "A three-variable cubic model of a chemical oscillator with a fast "
            "autocatalytic variable and two slower inhibitors, built to reproduce the "
            "complex transient oscillations of the BZ reaction."
        ),
    ),
    Declaration(
        name="WillamowskiRossler",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "k1": 30.0,
            "km1": 0.25,
            "k2": 1.0,
            "km2": 1.0e-4,
            "k3": 10.0,
            "km3": 1.0e-3,
            "k4": 1.0,
            "km4": 1.0e-3,
            "k5": 16.5,
            "km5": 0.5,
        },
        equations=(
            "k1*x - km1*x**2 - k2*x*y + km2*y**2 - k4*x*z + km4",
            "k2*x*y - km2*y**2 - k3*y + km3",
            "-k4*x*z + km4 + k5*z - km5*z**2",
        ),
        ic=(31.90985889, 28.48626704, 2.40890843),
        citation=(
            "Willamowski, K.-D. and Rossler, O. E. (1980). Irregular oscillations in a "
            "realistic abstract quadratic mass action system. Zeitschrift fur "
            "Naturforschung A 35(3), 317-318."
        ),
        field="chemistry",
        description=(
            "Mass-action kinetics of five reversible bimolecular reactions among three "
            "intermediates (two autocatalytic steps), showing that chemically realistic "
            "rate laws alone can produce chaos."
        ),
    ),
    # ------------------------------------------------------------------ ecology
    Declaration(
        name="CoevolvingPredatorPrey",
        kind="flow",
        variables=("x", "y", "alpha"),
        parameters={
            "a1": 2.5,
            "a2": 0.05,
            "a3": 0.4,
            "b1": 6.0,
            "b2": 1.333,
            "d1": 0.16,
            "d2": 0.004,
            "delta": 1.0,
            "k1": 6.0,
            "k2": 9.0,
            "k4": 9.0,
            "vv": 0.33333,
        },
        equations=(
            "x*(-a3*y/(1 + b2*x) + a1*alpha*(1 - k1*x*(-alpha + alpha*delta))"
            "/(1 + b1*alpha) - d1*(1 - k2*(-alpha**2 + (alpha*delta)**2)"
            " + k4*(-alpha**4 + (alpha*delta)**4)))",
            "(-d2 + a2*x/(1 + b2*x))*y",
            "vv*(-a1*k1*x*alpha*delta/(1 + b1*alpha)"
            " - d1*(-2*k2*alpha*delta**2 + 4*k4*alpha**3*delta**4))",
        ),
        ic=(0.10946017, 0.46664421, 0.66580212),
        citation=(
            "Gilpin, W. and Feldman, M. W. (2017). A phase transition induces chaos in "
            "a predator-prey ecosystem with a dynamic fitness landscape. PLOS "
            "Computational Biology 13(7), e1005644."
        ),
        field="ecology",
        description=(
            "Prey and predator densities plus a prey trait (alpha) that evolves on a "
            "density-dependent fitness landscape; the trait's slow adaptation turns the "
            "predator-prey cycle chaotic."
        ),
    ),
    Declaration(
        name="HastingsPowell",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a1": 5.0, "b1": 3.0, "a2": 0.1, "b2": 2.0, "d1": 0.4, "d2": 0.01},
        equations=(
            "x*(1 - x) - a1*x*y/(1 + b1*x)",
            "a1*x*y/(1 + b1*x) - a2*y*z/(1 + b2*y) - d1*y",
            "a2*y*z/(1 + b2*y) - d2*z",
        ),
        ic=(0.73207001, 0.17549271, 9.9014657),
        citation=(
            "Hastings, A. and Powell, T. (1991). Chaos in a three-species food chain. "
            "Ecology 72(3), 896-903."
        ),
        field="ecology",
        description=(
            "A logistic prey, a consumer and a top predator linked by saturating "
            "(Holling type II) feeding; the attractor has the shape of a teacup."
        ),
    ),
    Declaration(
        name="MacArthur",
        kind="flow",
        variables=("N1", "N2", "N3", "N4", "N5", "R1", "R2", "R3", "R4", "R5"),
        parameters=_HW_PARAMS,
        equations=_HW_EQUATIONS,
        ic=(
            9.4323333,
            18.838654,
            34.37572,
            15.08545,
            42.228427,
            0.17030505,
            0.10144427,
            0.3148045,
            0.21253581,
            0.22598604,
        ),
        citation=(
            "Huisman, J. and Weissing, F. J. (1999). Biodiversity of plankton by "
            "species oscillations and chaos. Nature 402(6760), 407-410."
        ),
        field="ecology",
        description=(
            "MacArthur's consumer-resource competition in a chemostat: five "
            "phytoplankton species limited by the scarcest of five nutrients (Liebig's "
            "law of the minimum), whose chaotic fluctuations let many species coexist."
        ),
    ),
    Declaration(
        name="SaltonSea",
        kind="flow",
        variables=("S", "I", "P"),
        parameters={
            "r": 22.0,
            "k": 400.0,
            "lam": 0.06,
            "m": 15.5,
            "a": 15.0,
            "mu": 3.4,
            "th": 10.0,
            "d": 8.3,
        },
        equations=(
            "r*S*(1 - (S + I)/k) - lam*S*I",
            "lam*S*I - m*I*P/(I + a) - mu*I",
            "th*I*P/(I + a) - d*P",
        ),
        ic=(231.92548, 89.511944, 56.753804),
        citation=(
            "Upadhyay, R. K., Bairagi, N., Kundu, K. and Chattopadhyay, J. (2008). "
            "Chaos in eco-epidemiological problem of the Salton Sea and its possible "
            "control. Applied Mathematics and Computation 196(1), 392-401."
        ),
        field="ecology",
        description=(
            "Susceptible and bacterially infected fish (tilapia) and the pelicans that "
            "prey preferentially on the infected ones, a model of avian botulism "
            "outbreaks at the Salton Sea."
        ),
    ),
    Declaration(
        name="TurchinHanski",
        kind="flow",
        variables=("n", "p"),
        parameters={
            "r": 8.12,
            "e": 0.5,
            "g": 0.1,
            "h": 0.8,
            "a": 8.0,
            "d": 0.04,
            "s": 1.25,
            "lamb": 1.0,
        },
        equations=(
            "r*(1 - e*sin(2*pi*lamb*t))*n - r*n**2 - g*n**2/(n**2 + h**2) - a*n*p/(n + d)",
            "s*(1 - e*sin(2*pi*lamb*t))*p - s*p**2/n",
        ),
        ic=(0.018027788, 0.013649976),
        forcing_period="1/lamb",
        citation=(
            "Turchin, P. and Hanski, I. (1997). An empirically based model for "
            "latitudinal gradient in vole population dynamics. American Naturalist "
            "149(5), 842-874."
        ),
        field="ecology",
        description=(
            "Voles (n) with seasonally varying growth, eaten by generalist predators "
            "(type III response) and by specialist weasels (p) whose carrying capacity "
            "follows vole density; time is in years."
        ),
    ),
    Declaration(
        name="VanoLotkaVolterra",
        kind="flow",
        variables=("x1", "x2", "x3", "x4"),
        parameters=_VANO_PARAMS,
        equations=_VANO_EQUATIONS,
        ic=(0.2895502, 0.45578044, 0.14296618, 0.3621535),
        citation=(
            "Vano, J. A., Wildenberg, J. C., Anderson, M. B., Noel, J. K. and Sprott, "
            "J. C. (2006). Chaos in low-dimensional Lotka-Volterra models of "
            "competition. Nonlinearity 19(10), 2391-2404."
        ),
        field="ecology",
        description=(
            "Four species competing for shared resources with logistic growth and "
            "linear competition; the most chaotic case found in a search of the "
            "competitive Lotka-Volterra family (the lowest dimension allowing chaos)."
        ),
    ),
    Declaration(
        name="GilpinSpiralChaos",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "r1": 1.0,
            "a11": 0.001,
            "a12": 0.001,
            "a13": 0.01,
            "r2": 1.0,
            "a21": 0.0015,
            "a22": 0.001,
            "a23": 0.001,
            "d3": 1.0,
            "a31": 0.005,
            "a32": 0.0005,
        },
        equations=(
            "x*(r1 - a11*x - a12*y - a13*z)",
            "y*(r2 - a21*x - a22*y - a23*z)",
            "z*(-d3 + a31*x + a32*y)",
        ),
        ic=(93.061714, 862.35913, 1.6837861),
        citation=(
            "Gilpin, M. E. (1979). Spiral chaos in a predator-prey model. American "
            "Naturalist 113(2), 306-308."
        ),
        field="ecology",
        description=(
            "Two competing prey species and one predator in Lotka-Volterra form; the "
            "predator feeds mostly on the superior competitor, and the orbit spirals "
            "out and is reinjected like Rossler's attractor."
        ),
    ),
    # ------------------------------------------------------------------ medicine
    Declaration(
        name="ItikBanksTumor",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "a12": 1.0,
            "a13": 2.5,
            "r2": 0.6,
            "a21": 1.5,
            "r3": 4.5,
            "k3": 1.0,
            "a31": 0.2,
            "d3": 0.5,
        },
        equations=(
            "x*(1 - x) - a12*x*y - a13*x*z",
            "r2*y*(1 - y) - a21*x*y",
            "r3*x*z/(x + k3) - a31*x*z - d3*z",
        ),
        ic=(0.051730215, 0.87071642, 0.015926427),
        citation=(
            "Itik, M. and Banks, S. P. (2010). Chaos in a three-dimensional cancer "
            "model. International Journal of Bifurcation and Chaos 20(1), 71-79."
        ),
        field="medicine",
        description=(
            "Tumour cells (x) competing with healthy host cells (y) and attacked by "
            "effector immune cells (z), which are recruited by the tumour and "
            "inactivated on contact with it."
        ),
    ),
)
