"""Four-dimensional (and higher) flows with more than one positive Lyapunov exponent."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = (
    Declaration(
        name="HyperRossler",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 0.25, "b": 3.0, "c": 0.5, "d": 0.05},
        equations=("-y - z", "x + a*y + w", "b + x*z", "-c*z + d*w"),
        ic=(-93.667697, 15.5078, 0.032086964, 43.792796),
        citation=(
            "Rossler, O. E. (1979). An equation for hyperchaos. Physics Letters A 71(2-3), 155-157."
        ),
        field="mathematics",
        description=(
            "The first flow proposed to stretch phase space in two directions at once: a "
            "spiral oscillator with a reinjecting z variable and a fourth, slowly growing "
            "variable w that feeds back into the oscillation."
        ),
    ),
    Declaration(
        name="HyperLorenz",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 10.0, "b": 8.0 / 3.0, "c": 28.0, "d": 1.1},
        equations=("a*(y - x) + w", "c*x - y - x*z", "x*y - b*z", "d*w - x*z"),
        ic=(-9.186073735061425, -0.6744570634419695, 16.440536886214517, -145.0243848950473),
        citation=(
            "Jia, Q. (2007). Hyperchaos generated from the Lorenz chaotic system and its "
            "control. Physics Letters A 366(3), 217-222."
        ),
        field="mathematics",
        description=(
            "The Lorenz convection model with a fourth state variable, driven by the x*z "
            "product and self-amplifying, fed back into the x equation. Same vector field "
            "as HyperJha (Jia's system, with b and c swapped in name only); the two differ "
            "only in the growth rate of w, d = 1.1 here against 1.3 there."
        ),
    ),
    Declaration(
        name="HyperJha",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 10.0, "b": 28.0, "c": 8.0 / 3.0, "d": 1.3},
        equations=("a*(y - x) + w", "b*x - y - x*z", "x*y - c*z", "d*w - x*z"),
        ic=(13.76544888070825, 20.203791990082554, 32.08179795423583, -51.189321449994914),
        citation=(
            "Jia, Q. (2007). Hyperchaos generated from the Lorenz chaotic system and its "
            "control. Physics Letters A 366(3), 217-222."
        ),
        field="mathematics",
        description=(
            "A Lorenz system augmented by a nonlinear state-feedback controller w. Same "
            "vector field as HyperLorenz, with the growth rate of w raised from 1.1 to 1.3; "
            "the name, inherited from dysts, is a misspelling of Jia that recurs in later "
            "synchronisation papers."
        ),
    ),
    Declaration(
        name="HyperLu",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 36.0, "b": 3.0, "c": 20.0, "d": 1.0},
        equations=("a*(y - x) + w", "c*y - x*z", "x*y - b*z", "x*z + d*w"),
        ic=(8.11348619, 10.55664382, 18.44590719, -28.38151717),
        citation=(
            "Chen, A., Lu, J., Lu, J. and Yu, S. (2006). Generating hyperchaotic Lu "
            "attractor via state feedback control. Physica A 364, 103-110."
        ),
        field="mathematics",
        description=(
            "The Lu system (a bridge between the Lorenz and Chen attractors) with a fourth "
            "variable added by state feedback, which lifts a second exponent above zero."
        ),
    ),
    Declaration(
        name="HyperBao",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 36.0, "b": 3.0, "c": 20.0, "d": 0.1, "k": 21.0},
        equations=("a*(y - x) + w", "c*y - x*z", "x*y - b*z", "k*x + d*y*z"),
        ic=(9.271308063781017, 9.752247178805291, 23.919154915696105, -16.69675939965203),
        citation=(
            "Bao, B.-C. and Liu, Z. (2008). A hyperchaotic attractor coined from chaotic "
            "Lu system. Chinese Physics Letters 25(7), 2396-2399."
        ),
        field="mathematics",
        description=(
            "Another four-variable extension of the Lu system, in which the added variable "
            "integrates a linear x term and a weak y*z product before feeding back into x."
        ),
    ),
    Declaration(
        name="HyperPang",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 36.0, "b": 3.0, "c": 20.0, "k": 2.0},
        equations=("a*(y - x)", "c*y - x*z + w", "x*y - b*z", "-k*(x + y)"),
        ic=(8.40863585, 4.67210241, 27.91032548, -1.26300886),
        citation=(
            "Pang, S. and Liu, Y. (2011). A new hyperchaotic system from the Lu system and "
            "its control. Journal of Computational and Applied Mathematics 235(8), 2775-2789."
        ),
        field="mathematics",
        description=(
            "A Lu system whose y equation is driven by a fourth variable that integrates "
            "the sum x + y, a purely linear feedback that yields hyperchaos."
        ),
    ),
    Declaration(
        name="HyperCai",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 27.5, "b": 3.0, "c": 19.3, "d": 2.9, "k": 3.3},
        equations=("a*(y - x)", "b*x + c*y - x*z + w", "y**2 - d*z", "-k*x"),
        ic=(-10.691273602120157, -15.541159376570342, 18.388272900250726, -14.904493939514888),
        citation=(
            "Wang, H. and Cai, G. (2009). Controlling hyperchaos in a novel hyperchaotic "
            "system. Journal of Information and Computing Science 4(4), 251-258."
        ),
        field="mathematics",
        description=(
            "The three-variable Cai system, whose z variable is driven by y squared, with a "
            "fourth variable that integrates -x and feeds back into the y equation."
        ),
    ),
    Declaration(
        name="HyperQi",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 50.0, "b": 24.0, "c": 13.0, "d": 8.0, "eps": 33.0, "f": 30.0},
        equations=(
            "a*(y - x) + y*z",
            "b*(x + y) - x*z",
            "x*y - c*z - eps*w",
            "x*y - d*w + f*z",
        ),
        ic=(11.250900857894639, -3.647077762541555, 50.16987924937642, -168.2485185683687),
        citation=(
            "Qi, G., van Wyk, M. A., van Wyk, B. J. and Chen, G. (2008). On a new "
            "hyperchaotic system. Physics Letters A 372(2), 124-136."
        ),
        field="mathematics",
        description=(
            "A four-variable quadratic flow with a product term in every equation, designed "
            "to have two large positive exponents over a wide band of frequencies."
        ),
    ),
    Declaration(
        name="HyperWang",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 10.0, "b": 40.0, "c": 2.5, "d": 10.6, "h": 4.0},
        equations=("a*(y - x)", "b*x - x*z + w", "h*x**2 - c*z", "-d*x"),
        ic=(0.16824907, 0.16854103, 37.04033781, -15.29027381),
        citation=(
            "Wang, F.-Q. and Liu, C.-X. (2006). Hyperchaos evolved from the Liu chaotic "
            "system. Chinese Physics 15(5), 963-968."
        ),
        field="electronics",
        description=(
            "The Liu system (z driven by x squared) extended by a fourth variable that "
            "integrates -x and feeds back into y; realised as an analogue circuit."
        ),
    ),
    Declaration(
        name="HyperXu",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 10.0, "b": 40.0, "c": 2.5, "d": 2.0, "r": 16.0},
        equations=("a*(y - x) + w", "b*x + r*x*z", "-c*z - x*y", "x*z - d*y"),
        ic=(0.68944486, -0.60254126, -0.5814657, 0.26629277),
        citation=(
            "Xu, J., Cai, G. and Zheng, S. (2009). A novel hyperchaotic system and its "
            "control. Journal of Uncertain Systems 3(2), 137-144."
        ),
        field="mathematics",
        description=(
            "A four-variable quadratic flow built from a Lorenz-like core whose second "
            "equation has no linear damping, with a fourth variable driven by x*z and y."
        ),
    ),
    Declaration(
        name="HyperYan",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 37.0, "b": 3.0, "c": 26.0, "d": 38.0},
        equations=(
            "a*(y - x)",
            "(c - a)*x - x*z + c*y",
            "x*y - b*z - y*z + x*z - w",
            "y*z - x*z - d*w",
        ),
        ic=(-6.576620730899293, -4.617145437320736, 17.796515255115004, 0.8072357311545831),
        citation=(
            "Meier, J. (2003). Presentation of attractors with Cinema. Online collection of "
            "attractor equations."
        ),
        field="mathematics",
        description=(
            "A Chen-type flow in which the z equation gains extra quadratic terms and a "
            "strongly damped fourth variable driven by y*z - x*z. The equations and values "
            "are those of Meier's online collection (as in dysts); we could not trace them "
            "to a paper, and the attribution to Yan (2005, Appl. Math. Comput. 168, "
            "1239-1250) that the name suggests could not be confirmed."
        ),
    ),
    Declaration(
        name="HyperYangChen",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 30.0, "b": 3.0, "c": 35.0, "d": 8.0},
        equations=("a*(y - x)", "c*x - x*z + w", "x*y - b*z", "-d*x"),
        ic=(3.534464234888686, 4.82852516302869, 25.04917588890622, 17.118520274514353),
        citation=(
            "Yang, Q. and Liu, Y. (2009). A hyperchaotic system from a chaotic system with "
            "one saddle and two stable node-foci. Journal of Mathematical Analysis and "
            "Applications 360(1), 293-306."
        ),
        field="mathematics",
        description=(
            "The Yang-Chen system (a Lorenz-like flow whose two nontrivial equilibria are "
            "stable) made hyperchaotic by a fourth variable that integrates -x into y."
        ),
    ),
    Declaration(
        name="HyperChen",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 35.0, "b": 3.0, "c": 12.0, "d": 7.0, "r": 0.5},
        equations=("a*(y - x) + w", "d*x - x*z + c*y", "x*y - b*z", "y*z + r*w"),
        ic=(-3.4794108709687475, -3.5359972326250095, 13.894409000789514, -12.17042594269092),
        citation=(
            "Li, Y., Tang, W. K. S. and Chen, G. (2005). Generating hyperchaos via state "
            "feedback control. International Journal of Bifurcation and Chaos 15(10), "
            "3367-3375."
        ),
        field="mathematics",
        description=(
            "The Chen system with a fourth variable, driven by the y*z product and weakly "
            "self-amplifying, fed back into the x equation; a standard hyperchaotic test bed "
            "for synchronisation and secure-communication schemes."
        ),
    ),
    Declaration(
        name="LorenzCoupled",
        kind="flow",
        variables=("x1", "y1", "z1", "x2", "y2", "z2"),
        parameters={"sigma": 10.0, "rho1": 35.0, "rho2": 1.15, "beta": 8.0 / 3.0, "eps": 2.85},
        equations=(
            "sigma*(y1 - x1)",
            "rho1*x1 - y1 - x1*z1",
            "x1*y1 - beta*z1",
            "sigma*(y2 - x2) + eps*(x1 - x2)",
            "rho2*x2 - y2 - x2*z2",
            "x2*y2 - beta*z2",
        ),
        ic=(7.0921483, 10.117408, 25.708428, 2.1689893, 0.96121877, 0.89550187),
        citation=(
            "Lorenz, E. N. (1963). Deterministic nonperiodic flow. "
            "Journal of the Atmospheric Sciences 20(2), 130-141."
        ),
        field="climatology",
        description=(
            "Two Lorenz convection models with different Rayleigh numbers, the first "
            "driving the second one-way through diffusive coupling of their x variables."
        ),
    ),
)
