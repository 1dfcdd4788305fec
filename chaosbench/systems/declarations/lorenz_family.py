"""Lorenz-like three-dimensional flows and other classic low-dimensional attractors."""

from chaosbench.systems.declaration import Declaration

DECLARATIONS: tuple[Declaration, ...] = (
    Declaration(
        name="Aizawa",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.95, "b": 0.7, "c": 0.6, "d": 3.5, "eps": 0.25, "f": 0.1},
        equations=(
            "(z - b)*x - d*y",
            "d*x + (z - b)*y",
            "c + a*z - z**3/3 - (x**2 + y**2)*(1 + eps*z) + f*z*x**3",
        ),
        ic=(-0.78450179, -0.62887672, -0.17620268),
        citation=(
            "Langford, W. F. (1984). Numerical studies of torus bifurcations. In Kupper, T., "
            "Mittelmann, H. D. and Weber, H. (eds.), Numerical Methods for Bifurcation "
            "Problems, International Series of Numerical Mathematics 70, 285-295. "
            "Birkhauser, Basel."
        ),
        field="mathematics",
        description=(
            "An unfolding of a Hopf-pitchfork interaction: an axisymmetric invariant torus "
            "is broken by a small non-axisymmetric cubic term, leaving a strange attractor "
            "shaped like a sphere pierced by a tube along its axis."
        ),
    ),
    Declaration(
        name="Arneodo",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 5.5, "b": 4.5, "c": 1.0, "d": 1.0},
        equations=("y", "z", "a*x - b*y - c*z - d*x**3"),
        ic=(-2.7515698, 0.19079818, 3.4703629),
        citation=(
            "Arneodo, A., Coullet, P. and Tresser, C. (1981). Possible new strange attractors "
            "with spiral structure. Communications in Mathematical Physics 79(4), 573-579."
        ),
        field="mathematics",
        description=(
            "A third-order (jerk) equation with a cubic restoring term, used as a normal form "
            "for Shilnikov homoclinic chaos: orbits spiral out of a saddle-focus and are "
            "reinjected near it."
        ),
    ),
    Declaration(
        name="Bouali",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 4.0, "b": 1.0, "alpha": 0.3, "mu": 1.5, "s": 1.0, "c": 0.05},
        equations=(
            "x*(a - y) + alpha*z",
            "-y*(b - x**2)",
            "-x*(mu - s*z) - c*z",
        ),
        ic=(0.38673159, 3.0544196, -0.0067836194),
        citation=(
            "Bouali, S. (2012). A novel strange attractor with a stretched loop. "
            "Nonlinear Dynamics 70(4), 2375-2381."
        ),
        field="mathematics",
        description=(
            "A predator-prey-like pair of equations closed by a nonlinear feedback loop; the "
            "attractor has a long loop stretched away from its folded core."
        ),
    ),
    Declaration(
        name="Bouali2",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 3.0, "b": 2.2, "g": 1.0, "mu": 0.004},
        equations=("a*x*(1 - y) - b*z", "-g*y*(1 - x**2)", "mu*x"),
        ic=(-0.79392257, 1.3617589, -0.030578888),
        citation=(
            "Bouali, S. (1999). Feedback loop in extended van der Pol's equation applied to an "
            "economic model of cycles. International Journal of Bifurcation and Chaos 9(4), "
            "745-756."
        ),
        field="economics",
        description=(
            "A van der Pol-type oscillator driven by a slow integral feedback loop, proposed as "
            "a heuristic model of business cycles under capital flight; the feedback creates "
            "an antisymmetric strange attractor."
        ),
    ),
    Declaration(
        name="BurkeShaw",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"s": 10.0, "v": 4.272},
        equations=("-s*(x + y)", "-y - s*x*z", "s*x*y + v"),
        ic=(-0.12747552, 0.1853574, 0.84614587),
        citation=(
            "Shaw, R. (1981). Strange attractors, chaotic behavior, and information flow. "
            "Zeitschrift fur Naturforschung A 36(1), 80-112."
        ),
        field="physics",
        description=(
            "A variant of the Lorenz equations built by Bill Burke and Robert Shaw that shares "
            "Lorenz's rotation symmetry about the z axis but organises its two lobes "
            "differently, giving a four-branch template."
        ),
    ),
    Declaration(
        name="ChenLee",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 5.0, "b": -10.0, "c": -3.8},
        equations=("a*x - y*z", "b*y + x*z", "c*z + x*y/3"),
        ic=(-7.954558, -14.667047, 12.774847),
        citation=(
            "Chen, H.-K. and Lee, C.-I. (2004). Anti-control of chaos in rigid body motion. "
            "Chaos, Solitons & Fractals 21(4), 957-965."
        ),
        field="mechanics",
        description=(
            "Euler's equations for the angular velocity of a rigid body with linear feedback "
            "torques chosen to make the rotation chaotic."
        ),
    ),
    Declaration(
        name="Coullet",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.8, "b": 1.1, "c": 0.45, "d": 1.0},
        equations=("y", "z", "a*x - b*y - c*z - d*x**3"),
        ic=(0.34539838, 0.42847012, 0.086983698),
        citation=(
            "Coullet, P., Tresser, C. and Arneodo, A. (1979). Transition to stochasticity for "
            "a class of forced oscillators. Physics Letters A 72(4-5), 268-270."
        ),
        field="mathematics",
        description=(
            "A cubic jerk equation, the unfolding of a triple-zero bifurcation with odd "
            "symmetry, whose attractor forms by spiralling around a saddle-focus."
        ),
    ),
    Declaration(
        name="Dadras",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 3.0, "b": 2.7, "c": 1.7, "d": 2.0, "h": 9.0},
        equations=("y - a*x + b*y*z", "c*y - x*z + z", "d*x*y - h*z"),
        ic=(1.0284085, -3.5348655, -0.72081646),
        citation=(
            "Dadras, S. and Momeni, H. R. (2009). A novel three-dimensional autonomous chaotic "
            "system generating two, three and four-scroll attractors. Physics Letters A "
            "373(40), 3637-3642."
        ),
        field="mathematics",
        description=(
            "A quadratic flow whose number of scrolls (two, three or four) is selected by its "
            "parameters; at the default values it has a four-scroll attractor."
        ),
    ),
    Declaration(
        name="DequanLi",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 40.0, "c": 1.833, "d": 0.16, "eps": 0.65, "k": 55.0, "f": 20.0},
        equations=("a*(y - x) + d*x*z", "k*x + f*y - x*z", "c*z + x*y - eps*x**2"),
        ic=(-11.395722, -104.12614, 202.46173),
        citation=(
            "Li, D. (2008). A three-scroll chaotic attractor. Physics Letters A 372(4), 387-393."
        ),
        field="mathematics",
        description=(
            "A Lorenz-type quadratic flow with extra x*z and x**2 terms that break the mirror "
            "symmetry, producing three scrolls around three unstable equilibria."
        ),
    ),
    Declaration(
        name="Finance",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.001, "b": 0.2, "c": 1.1},
        equations=("z + (y - a)*x", "1 - b*y - x**2", "-x - c*z"),
        ic=(-0.51664739, 1.0431293, 0.0012893581),
        citation=(
            "Ma, J.-H. and Chen, Y.-S. (2001). Study for the bifurcation topological structure "
            "and the global complicated character of a kind of nonlinear finance system (I). "
            "Applied Mathematics and Mechanics 22(11), 1240-1251."
        ),
        field="economics",
        description=(
            "A macroeconomic model coupling the interest rate (x), investment demand (y) and "
            "price index (z) through saving, investment cost and demand elasticity."
        ),
    ),
    Declaration(
        name="GenesioTesi",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.44, "b": 1.1, "c": 1.0},
        equations=("y", "z", "-c*x - b*y - a*z + x**2"),
        ic=(-0.053772565, -0.26162564, 0.33501557),
        citation=(
            "Genesio, R. and Tesi, A. (1992). Harmonic balance methods for the analysis of "
            "chaotic dynamics in nonlinear systems. Automatica 28(3), 531-548."
        ),
        field="mathematics",
        description=(
            "A linear third-order feedback loop closed by a single quadratic nonlinearity, "
            "studied as a test case for predicting chaos with describing-function methods."
        ),
    ),
    Declaration(
        name="GuckenheimerHolmes",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.4, "b": 20.25, "c": 3.0, "d": 1.6, "h": 1.7, "f": 0.44},
        equations=(
            "a*x - b*y + c*z*x + d*z*(x**2 + y**2)",
            "a*y + b*x + c*z*y",
            "h - z**2 - f*(x**2 + y**2) - a*z**3",
        ),
        ic=(-0.55582369, 0.05181624, 0.37766104),
        citation=(
            "Guckenheimer, J. and Holmes, P. (1983). Nonlinear Oscillations, Dynamical Systems, "
            "and Bifurcations of Vector Fields. Applied Mathematical Sciences 42. "
            "Springer, New York."
        ),
        field="mathematics",
        description=(
            "A truncated normal form for the interaction of a Hopf and a saddle-node "
            "bifurcation, perturbed so that the resulting invariant torus breaks up into a "
            "strange attractor."
        ),
    ),
    Declaration(
        name="LiuChen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.4, "b": 12.0, "c": 5.0},
        equations=("a*x - y*z", "-b*y + x*z", "-c*z + x*y"),
        ic=(-2.4112, -0.3973, 1.4081),
        citation=(
            "Liu, W. and Chen, G. (2004). Can a three-dimensional smooth autonomous quadratic "
            "chaotic system generate a single four-scroll attractor? International Journal "
            "of Bifurcation and Chaos 14(4), 1395-1403."
        ),
        field="mathematics",
        description=(
            "A quadratic flow with three cross-product couplings, of the same structure as "
            "rigid-body equations with feedback, whose attractor has four scrolls."
        ),
    ),
    Declaration(
        name="LorenzBounded",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"sigma": 10.0, "rho": 28.0, "beta": 8.0 / 3.0, "r": 64.0},
        equations=(
            "sigma*(y - x)*(1 - (x**2 + y**2 + z**2)/r**2)",
            "(x*(rho - z) - y)*(1 - (x**2 + y**2 + z**2)/r**2)",
            "(x*y - beta*z)*(1 - (x**2 + y**2 + z**2)/r**2)",
        ),
        ic=(-13.284881, -12.444334, 34.188198),
        citation=(
            "Sprott, J. C. and Xiong, A. (2015). Classifying and quantifying basins of "
            "attraction. Chaos 25(8), 083101."
        ),
        field="mathematics",
        description=(
            "The Lorenz vector field multiplied by a factor that vanishes on a sphere of "
            "radius r, so every orbit starting inside the sphere stays bounded."
        ),
    ),
    Declaration(
        name="LorenzStenflo",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 2.0, "b": 0.7, "c": 26.0, "d": 1.5},
        equations=("a*(y - x) + d*w", "c*x - x*z - y", "x*y - b*z", "-x - a*w"),
        ic=(4.2334386, 9.0897061, 21.866625, -1.4080695),
        citation=(
            "Stenflo, L. (1996). Generalized Lorenz equations for acoustic-gravity waves in "
            "the atmosphere. Physica Scripta 53(1), 83-84."
        ),
        field="geophysics",
        description=(
            "A four-mode extension of the Lorenz equations for low-frequency, short-wavelength "
            "acoustic-gravity perturbations in a rotating atmosphere; the extra variable "
            "carries the effect of the Earth's rotation."
        ),
    ),
    Declaration(
        name="LuChen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 36.0, "b": 3.0, "c": 20.0},
        equations=("a*(y - x)", "-x*z + c*y", "x*y - b*z"),
        ic=(-5.3298608, -5.6017133, 18.549725),
        citation=(
            "Lu, J. and Chen, G. (2002). A new chaotic attractor coined. International Journal "
            "of Bifurcation and Chaos 12(3), 659-661."
        ),
        field="mathematics",
        description=(
            "The Lu system, a quadratic flow that sits at the transition between the Lorenz "
            "and Chen systems in the family of generalised Lorenz systems."
        ),
    ),
    Declaration(
        name="LuChenCheng",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": -10.0, "b": -4.0, "c": 18.1},
        equations=("-(a*b)/(a + b)*x - y*z + c", "a*y + x*z", "b*z + x*y"),
        ic=(-5.5177615, 2.4990595, 10.461798),
        citation=(
            "Lu, J., Chen, G. and Cheng, D. (2004). A new chaotic system and beyond: the "
            "generalized Lorenz-like system. International Journal of Bifurcation and Chaos "
            "14(5), 1507-1537."
        ),
        field="mathematics",
        description=(
            "A quadratic flow with a constant drive whose attractor can have one, two or "
            "multiple scrolls depending on its parameters."
        ),
    ),
    Declaration(
        name="NewtonLiepnik",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.4, "b": 0.175},
        equations=("-a*x + y + 10*y*z", "-x - 0.4*y + 5*x*z", "b*z - 5*x*y"),
        ic=(0.29430753, 0.10649486, 0.29081125),
        citation=(
            "Leipnik, R. B. and Newton, T. A. (1981). Double strange attractors in rigid body "
            "motion with linear feedback control. Physics Letters A 86(2), 63-67."
        ),
        field="mechanics",
        description=(
            "Euler's rigid-body equations with linear feedback; two coexisting strange "
            "attractors are reached from different initial conditions."
        ),
    ),
    Declaration(
        name="PanXuZhou",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 10.0, "b": 8.0 / 3.0, "c": 16.0},
        equations=("a*(y - x)", "c*x - x*z", "x*y - b*z"),
        ic=(-3.0380575, -1.9805243, 14.656659),
        citation=(
            "Zhou, W., Xu, Y., Lu, H. and Pan, L. (2008). On dynamics analysis of a new "
            "chaotic attractor. Physics Letters A 372(36), 5773-5777."
        ),
        field="mathematics",
        description=(
            "The Lorenz equations with the linear damping of y removed; a two-lobed "
            "Lorenz-like attractor remains."
        ),
    ),
    Declaration(
        name="PehlivanWei",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.0, "b": 2.0},
        equations=("y - y*z", "y + y*z - a*x", "b - x*y - y**2"),
        ic=(0.21665608, 0.86710502, 0.50627859),
        citation=(
            "Pehlivan, I. and Wei, Z. (2012). Analysis, nonlinear control, and chaos generator "
            "circuit of another strange chaotic system. Turkish Journal of Electrical "
            "Engineering and Computer Sciences 20(Sup. 2), 1229-1239."
        ),
        field="electronics",
        description=(
            "A quadratic flow with no linear damping in x or z, realised as an analogue "
            "chaos-generator circuit."
        ),
    ),
    Declaration(
        name="Qi",
        kind="flow",
        variables=("x", "y", "z", "w"),
        parameters={"a": 45.0, "b": 10.0, "c": 1.0, "d": 10.0},
        equations=(
            "a*(y - x) + y*z*w",
            "b*(x + y) - x*z*w",
            "-c*z + x*y*w",
            "-d*w + x*y*z",
        ),
        ic=(0.25620426, 0.19561166, 7.2598238, 1.3162559),
        citation=(
            "Qi, G., van Wyk, M. A., van Wyk, B. J. and Chen, G. (2008). On a new hyperchaotic "
            "system. Physics Letters A 372(2), 124-136."
        ),
        field="mathematics",
        description=(
            "A four-dimensional flow whose nonlinearities are all cubic products of the other "
            "three variables; it is hyperchaotic over a wide parameter range."
        ),
    ),
    Declaration(
        name="QiChen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 38.0, "b": 8.0 / 3.0, "c": 80.0},
        equations=("a*(y - x) + y*z", "c*x + y - x*z", "x*y - b*z"),
        ic=(17.420882, 5.5459627, 78.89139),
        citation=(
            "Qi, G., Chen, G., Du, S., Chen, Z. and Yuan, Z. (2005). Analysis of a new "
            "chaotic system. Physica A 352(2-4), 295-308."
        ),
        field="mathematics",
        description=(
            "A Lorenz-type flow with an added y*z coupling in the first equation, giving a "
            "large, strongly chaotic double-scroll attractor."
        ),
    ),
    Declaration(
        name="RabinovichFabrikant",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"alpha": 1.1, "gamma": 0.87},
        equations=(
            "y*(z - 1 + x**2) + gamma*x",
            "x*(3*z + 1 - x**2) + gamma*y",
            "-2*z*(alpha + x*y)",
        ),
        ic=(-1.8207276, 0.83440917, 0.2078248),
        citation=(
            "Rabinovich, M. I. and Fabrikant, A. L. (1979). Stochastic self-modulation of "
            "waves in nonequilibrium media. Soviet Physics JETP 50(2), 311-317."
        ),
        field="plasma physics",
        description=(
            "Amplitude equations for three interacting waves in a nonequilibrium medium such "
            "as a plasma: an unstable wave grows by gamma and loses energy to a damped "
            "low-frequency mode."
        ),
    ),
    Declaration(
        name="Rucklidge",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"kappa": 2.0, "lam": 6.7},
        equations=("-kappa*x + lam*y - y*z", "x", "-z + y**2"),
        ic=(1.9257158, 3.1923835, 5.7829655),
        citation=(
            "Rucklidge, A. M. (1992). Chaos in models of double convection. Journal of Fluid "
            "Mechanics 237, 209-229."
        ),
        field="fluid dynamics",
        description=(
            "A three-mode truncation of two-dimensional convection in a vertical magnetic "
            "field or a rotating layer, where oscillatory convection becomes chaotic."
        ),
    ),
    Declaration(
        name="Sakarya",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.4, "b": 0.3},
        equations=("-x + y + y*z", "-x - y + a*x*z", "z - b*x*y"),
        ic=(-2.8976045, 3.8877978, 3.07465),
        citation=(
            "Li, C., Pehlivan, I., Sprott, J. C. and Akgul, A. (2015). A novel four-wing "
            "strange attractor born in bistability. IEICE Electronics Express 12(4), 20141116."
        ),
        field="electronics",
        description=(
            "A quadratic flow whose four-wing attractor arises from the merger of two "
            "coexisting symmetric attractors; built as an analogue circuit."
        ),
    ),
    Declaration(
        name="SanUmSrisuchinwong",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.0},
        equations=("y - x", "-z*tanh(x)", "-a + x*y + Abs(y)"),
        ic=(0.63878078, 1.0901873, 2.4479814),
        citation=(
            "San-Um, W. and Srisuchinwong, B. (2012). Highly complex chaotic system with "
            "piecewise linear nonlinearity and compound structures. Journal of Computers "
            "7(4), 1041-1047."
        ),
        field="electronics",
        description=(
            "A flow with a hyperbolic-tangent and an absolute-value nonlinearity, designed "
            "for a simple electronic implementation with a complex compound attractor."
        ),
    ),
    Declaration(
        name="ShimizuMorioka",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"lam": 0.85, "alpha": 0.5},
        equations=("y", "x - lam*y - x*z", "-alpha*z + x**2"),
        ic=(0.016838697, 0.03489384, 0.35346848),
        citation=(
            "Shimizu, T. and Morioka, N. (1980). On the bifurcation of a symmetric limit cycle "
            "to an asymmetric one in a simple model. Physics Letters A 76(3-4), 201-204."
        ),
        field="mathematics",
        description=(
            "A simplified Lorenz-like model that serves as a normal form for the birth of the "
            "Lorenz attractor near a pair of homoclinic loops."
        ),
    ),
    Declaration(
        name="ThomasLabyrinth",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.5, "b": 10.0},
        equations=("-a*x + b*sin(y)", "-a*y + b*sin(z)", "-a*z + b*sin(x)"),
        ic=(-4.9599545, 1.0302034, -4.6883893),
        citation=(
            "Thomas, R. (1999). Deterministic chaos seen in terms of feedback circuits: "
            "analysis, synthesis, 'labyrinth chaos'. International Journal of Bifurcation "
            "and Chaos 9(10), 1889-1905."
        ),
        field="biology",
        description=(
            "Thomas's cyclic sine-feedback circuit in its weakly damped regime (damping "
            "a/b = 0.05 after rescaling time), where orbits wander through many cells of "
            "the periodic lattice of equilibria."
        ),
    ),
    Declaration(
        name="Tsucs2",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 40.0, "c": 0.833, "d": 0.5, "eps": 0.65, "f": 20.0},
        equations=("a*(y - x) + d*x*z", "f*y - x*z", "c*z + x*y - eps*x**2"),
        ic=(1.2969944, 1.12138, 50.028988),
        citation=(
            "Pan, L., Zhou, W., Fang, J. and Li, D. (2010). A novel active pinning control for "
            "synchronization and anti-synchronization of new uncertain unified chaotic "
            "systems. Nonlinear Dynamics 62(1-2), 417-425."
        ),
        field="mathematics",
        description=(
            "A member of the three-scroll unified chaotic system family (a relative of "
            "DequanLi without the linear x term in the second equation)."
        ),
    ),
    Declaration(
        name="WangSun",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.2, "b": -0.01, "c": 1.0, "d": -0.4, "h": -1.0, "f": -1.0},
        equations=("a*x + c*y*z", "b*x + d*y - x*z", "h*z + f*x*y"),
        ic=(-0.54770787, 0.73876479, -0.0049284531),
        citation=(
            "Wang, Z., Sun, Y., van Wyk, B. J., Qi, G. and van Wyk, M. A. (2009). A 3-D "
            "four-wing attractor and its analysis. Brazilian Journal of Physics 39(3), 547-553."
        ),
        field="mathematics",
        description=(
            "A quadratic flow with three cross-product terms whose attractor has four wings "
            "arranged around the z axis."
        ),
    ),
    Declaration(
        name="YuWang",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 10.0, "b": 40.0, "c": 2.0, "d": 2.5},
        equations=("a*(y - x)", "b*x - c*x*z", "exp(x*y) - d*z"),
        ic=(-0.21422356, -0.17935495, 14.105516),
        citation=(
            "Yu, F. and Wang, C. (2012). A novel three dimension autonomous chaotic system with "
            "a quadratic exponential nonlinear term. Engineering, Technology & Applied Science "
            "Research 2(2), 209-215."
        ),
        field="electronics",
        description=(
            "A Lorenz-like flow in which the quadratic feedback into z is replaced by an "
            "exponential of x*y, implemented as an analogue circuit."
        ),
    ),
    Declaration(
        name="YuWang2",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 10.0, "b": 30.0, "c": 2.0, "d": 2.5},
        equations=("a*(y - x)", "b*x - c*x*z", "cosh(x*y) - d*z"),
        ic=(0.12581483, 1.2467348, 18.358568),
        citation=(
            "Yu, F. and Wang, C. (2012). A novel three dimension autonomous chaotic system with "
            "a quadratic exponential nonlinear term. Engineering, Technology & Applied Science "
            "Research 2(2), 209-215."
        ),
        field="electronics",
        description=(
            "A companion of the YuWang flow with a hyperbolic-cosine feedback term in place "
            "of the exponential."
        ),
    ),
    Declaration(
        name="ZhouChen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.97, "b": 0.15, "c": -3.0, "d": 1.0, "h": -8.78},
        equations=("a*x + b*y + y*z", "c*y - x*z + d*y*z", "h*z - x*y"),
        ic=(-0.60390203, 0.012111953, 0.00083277923),
        citation=(
            "Zhou, T. and Chen, G. (2004). A simple smooth chaotic system with a 3-layer "
            "attractor. International Journal of Bifurcation and Chaos 14(5), 1795-1799."
        ),
        field="mathematics",
        description=(
            "A smooth quadratic flow whose attractor is stacked in three layers along one "
            "direction."
        ),
    ),
    # --- Three-dimensional chaotic flows not in dysts ---
    Declaration(
        name="Liu",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 10.0, "b": 40.0, "k": 1.0, "c": 2.5, "h": 4.0},
        equations=("a*(y - x)", "b*x - k*x*z", "-c*z + h*x**2"),
        ic=(1.8624415, 3.0848538, 39.814011),
        citation=(
            "Liu, C., Liu, T., Liu, L. and Liu, K. (2004). A new chaotic attractor. "
            "Chaos, Solitons & Fractals 22(5), 1031-1038."
        ),
        field="mathematics",
        description=(
            "A butterfly-shaped Lorenz-like flow in which the x*y feedback into z is replaced "
            "by a square x**2; its attractor merges two simple attractors related by a mirror "
            "operation."
        ),
    ),
    Declaration(
        name="WangChen",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.006},
        equations=("y*z + a", "x**2 - y", "1 - 4*x"),
        ic=(0.389, 0.069, 3.844),
        citation=(
            "Wang, X. and Chen, G. (2012). A chaotic system with only one stable equilibrium. "
            "Communications in Nonlinear Science and Numerical Simulation 17(3), 1264-1272."
        ),
        field="mathematics",
        description=(
            "A quadratic flow whose only equilibrium is a stable node-focus, yet which also "
            "carries a coexisting strange attractor."
        ),
    ),
    Declaration(
        name="Tigan",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 2.1, "b": 0.6, "c": 30.0},
        equations=("a*(y - x)", "(c - a)*x - a*x*z", "x*y - b*z"),
        ic=(-2.4079165, -6.8819822, 8.4632915),
        citation=(
            "Tigan, G. (2005). Analysis of a dynamical system derived from the Lorenz system. "
            "Scientific Bulletin of the Politehnica University of Timisoara, Tomul 50(64), "
            "Fascicola 1, 61-72."
        ),
        field="mathematics",
        description=(
            "The T system, a Lorenz-Chen-type flow whose x*z coupling is scaled by the same "
            "parameter as the linear x terms; it has a two-scroll attractor."
        ),
    ),
)
