"""Flows from mechanics, electronics, fluid dynamics, astrophysics, geophysics and climate."""

from chaosbench.systems.declaration import Declaration

# --- helpers that spell out long velocity fields -----------------------------------------
# The equation text they return is ordinary declaration syntax; they only avoid writing the
# same sub-expressions several times by hand.


def _blinking_point_vortex(sign: str) -> tuple[str, str]:
    """Polar velocity (v_r, v_theta) of a point vortex at (sign*b, 0) in a disc of radius a.

    The vortex has circulation 2*pi*strength and its image sits at a**2/(sign*b), so the
    disc boundary is a streamline (Aref 1984).
    """
    b = f"({sign}*b)"
    zeta = f"({b}**2 + r**2 - 2*{b}*r*cos(theta))"
    kappa = f"(a**2 + {b}**2*r**2/a**2 - 2*{b}*r*cos(theta))"
    iota = f"({b}**2*r/a**2 - {b}*cos(theta))"
    vr = f"{b}*sin(theta)*(1/{kappa} - 1/{zeta})"
    vth = f"((r - {b}*cos(theta))/{zeta} - {iota}/{kappa})"
    return vr, vth


def _blinking_rotlet(sign: str) -> tuple[str, str]:
    """Polar velocity (v_r, v_theta) of a Stokes rotlet at (sign*b, 0) in a no-slip cylinder."""
    b = f"({sign}*b)"
    zeta = f"({b}**2 + r**2 - 2*{b}*r*cos(theta))"
    kappa = f"(a**2 + {b}**2*r**2/a**2 - 2*{b}*r*cos(theta))"
    iota = f"({b}**2*r/a**2 - {b}*cos(theta))"
    gam = f"((1 - r**2/a**2)*(a**2 - {b}**2*r**2/a**2))"
    nu = f"(a**2 + {b}**2 - 2*{b}**2*r**2/a**2)"
    vr = f"{b}*sin(theta)*({gam}/{kappa}**2 + 1/{kappa} - 1/{zeta})"
    vth = (
        f"((r - {b}*cos(theta))/{zeta} - {iota}/{kappa} - {gam}*{iota}/{kappa}**2"
        f" - r*{nu}/(a**2*{kappa}))"
    )
    return vr, vth


def _blinking(field, switch: str) -> tuple[str, str]:
    """Radial and angular equations of a flow that alternates between two fields."""
    vr1, vth1 = field("1")
    vr2, vth2 = field("(-1)")
    on, off = switch, f"(1 - {switch})"
    return (
        f"strength*({on}*{vr1} + {off}*{vr2})",
        f"strength*({on}*{vth1} + {off}*{vth2})/r",
    )


# rotlet/vortex at +b during the first half of each period tau, at -b during the second;
# the switch is a steep tanh (width ~ 1/(40*pi) of a period, as in dysts) rather than a
# jump, because a discontinuity in t stalls adaptive integrators at large t
_HALF_PERIOD_SWITCH = "(0.5 + 0.5*tanh(20*tau*sin(2*pi*t/tau)))"


def _squirmer() -> tuple[str, str]:
    """Interior velocity of a cylindrical squirmer, modes alternating every half period."""
    on, off = _HALF_PERIOD_SWITCH, f"(1 - {_HALF_PERIOD_SWITCH})"
    radial, angular = [], []
    for n in range(1, 6):
        radial.append(
            f"{n}*r**{n}*(r**2 - 1)/r*({off}*g{n}*cos({n}*theta) + {on}*a{n}*sin({n}*theta))"
        )
        angular.append(
            f"r**{n}*(2*r + (r**2 - 1)*{n}/r)*({on}*a{n}*cos({n}*theta)"
            f" - {off}*g{n}*sin({n}*theta))"
        )
    return " + ".join(radial), "(" + " + ".join(angular) + ")/r"


def _cavity() -> tuple[str, str]:
    """Stokes flow in a rectangular cavity [0, a] x [-b, b] driven by its two lids.

    The first mode (amplitude u1) reverses every half period, the second (u2) does not:
    alternating which lid moves is the same as switching the sign of u1.
    """
    s = "tanh(20*tau*sin(2*pi*t/tau))"
    d1 = "(2*b*pi + a*sinh(2*pi*b/a))"
    d2 = "(4*b*pi + a*sinh(4*pi*b/a))"
    vx1 = "(cosh(pi*b/a)*(pi*y*cosh(pi*y/a) + a*sinh(pi*y/a)) - b*pi*sinh(pi*b/a)*sinh(pi*y/a))"
    vx2 = (
        "(cosh(2*pi*b/a)*(2*pi*y*cosh(2*pi*y/a) + a*sinh(2*pi*y/a))"
        " - 2*b*pi*sinh(2*pi*b/a)*sinh(2*pi*y/a))"
    )
    vy1 = "(b*sinh(pi*b/a)*cosh(pi*y/a) - cosh(pi*b/a)*y*sinh(pi*y/a))"
    vy2 = "(b*sinh(2*pi*b/a)*cosh(2*pi*y/a) - cosh(2*pi*b/a)*y*sinh(2*pi*y/a))"
    vx = f"2*{s}*u1*sin(pi*x/a)/{d1}*{vx1} + 2*u2*sin(2*pi*x/a)/{d2}*{vx2}"
    vy = f"2*pi*{s}*u1*cos(pi*x/a)/{d1}*{vy1} + 4*pi*u2*cos(2*pi*x/a)/{d2}*{vy2}"
    return vx, vy


def _multiscroll_diode() -> str:
    """Piecewise-linear characteristic with five breakpoints (m0..m5, c1..c5)."""
    terms = [f"0.5*(m{i - 1} - m{i})*(Abs(x + c{i}) - Abs(x - c{i}))" for i in range(1, 6)]
    return "(m5*x + " + " + ".join(terms) + ")"


def _bickley() -> tuple[str, str]:
    """Velocity (u, v) of the Bickley jet with three travelling waves, k_n = 2n/r0."""
    cos_sum = " + ".join(f"eps{n}*cos({2 * n}/r0*(x - c{n}*U0*t))" for n in (1, 2, 3))
    sin_sum = " + ".join(f"eps{n}*{2 * n}/r0*sin({2 * n}/r0*(x - c{n}*U0*t))" for n in (1, 2, 3))
    sech2 = "1/cosh(y/L0)**2"
    return (
        f"U0*{sech2}*(1 + 2*tanh(y/L0)*({cos_sum}))",
        f"-U0*L0*{sech2}*({sin_sum})",
    )


_ROTLET = _blinking(_blinking_rotlet, _HALF_PERIOD_SWITCH)
_VORTEX = _blinking(_blinking_point_vortex, _HALF_PERIOD_SWITCH)

DECLARATIONS: tuple[Declaration, ...] = (
    Declaration(
        name="AnishchenkoAstakhov",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"mu": 1.2, "eta": 0.5},
        equations=("mu*x + y - x*z", "-x", "-eta*z + eta*Heaviside(x)*x**2"),
        ic=(3.6225814, 3.3226339, 1.9973142),
        citation=(
            "Anishchenko, V. S., Astakhov, V., Neiman, A., Vadivasova, T. and "
            "Schimansky-Geier, L. (2007). Nonlinear Dynamics of Chaotic and Stochastic "
            "Systems: Tutorial and Modern Developments, 2nd ed. Springer, Berlin."
        ),
        field="electronics",
        description=(
            "Oscillator with inertial nonlinearity: a negative-resistance LC generator whose "
            "gain is throttled by a slow variable that integrates the rectified squared "
            "signal (a diode-capacitor stage)."
        ),
    ),
    Declaration(
        name="ArnoldBeltramiChildress",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"A": 1.7320508075688772, "B": 1.4142135623730951, "C": 1.0},
        equations=("A*sin(z) + C*cos(y)", "B*sin(x) + A*cos(z)", "C*sin(y) + B*cos(x)"),
        ic=(3.399397934869505, 2.7700713174636675, 6.075051946676979),
        citation=(
            "Arnold, V. I. (1965). Sur la topologie des ecoulements stationnaires des fluides "
            "parfaits. Comptes Rendus de l'Academie des Sciences de Paris 261, 17-20."
        ),
        field="fluid dynamics",
        description=(
            "Streamlines of a steady, triply periodic Beltrami solution of the Euler "
            "equations (velocity parallel to vorticity); with A = sqrt(3), B = sqrt(2), "
            "C = 1 (Dombre et al., J. Fluid Mech. 167, 1986) the streamlines are chaotic. "
            "The flow is volume preserving."
        ),
        multistable=(
            "The streamlines are chaotic in one region of the 3-torus while closed helical "
            "streamlines are wrapped in tubes of KAM invariant surfaces, so a particle's "
            "path is chaotic or regular depending on where it starts (Dombre et al. 1986)."
        ),
    ),
    Declaration(
        name="ArnoldWeb",
        kind="flow",
        variables=("p1", "p2", "x1", "x2"),
        parameters={"mu": 0.01, "w": 1.0},
        equations=(
            "-mu*sin(x1)/(4 + cos(x1) + cos(x2) + cos(w*t))**2",
            "-mu*sin(x2)/(4 + cos(x1) + cos(x2) + cos(w*t))**2",
            "p1",
            "p2",
        ),
        ic=(0.10469507, 0.0892929984, 4.661571207005537, 4.6152791860583235),
        forcing_period="2*pi/w",
        citation=(
            "Froeschle, C., Guzzo, M. and Lega, E. (2000). Graphical evolution of the Arnold "
            "web: from order to chaos. Science 289(5487), 2108-2110."
        ),
        field="mechanics",
        description=(
            "Two free rotors coupled by a small perturbation that also depends on a third, "
            "uniformly rotating angle: a quasi-integrable Hamiltonian whose resonances form "
            "the Arnold web, along which slow chaotic diffusion takes place."
        ),
        multistable=(
            "At this small coupling most initial conditions lie on KAM tori and chaotic "
            "motion is confined to thin layers along the web of resonances, so the orbit "
            "type depends on the initial actions (Froeschle, Guzzo and Lega 2000)."
        ),
    ),
    Declaration(
        name="AtmosphericRegime",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "alpha": -2.0,
            "beta": -5.0,
            "mu1": 0.05,
            "mu2": -0.01,
            "omega": 3.0,
            "sigma": 1.1,
        },
        equations=(
            "mu1*x + sigma*x*y",
            "mu2*y + omega*z + alpha*y*z + beta*z**2 - sigma*x**2",
            "mu2*z - omega*y - alpha*y**2 - beta*y*z",
        ),
        ic=(0.026544189906947246, 0.20580772677536016, 0.43758119702219506),
        citation=(
            "Tuwankotta, J. M. (2006). Chaos in a coupled oscillators system with widely "
            "spaced frequencies and energy-preserving non-linearity. International Journal "
            "of Non-Linear Mechanics 41(2), 180-191."
        ),
        field="climatology",
        description=(
            "A slow mode coupled to a fast oscillating pair through quadratic terms that "
            "conserve energy, a low-order caricature of transitions between atmospheric "
            "circulation regimes."
        ),
    ),
    Declaration(
        name="BickleyJet",
        kind="flow",
        variables=("x", "y"),
        parameters={
            "U0": 5.413824,
            "L0": 1.77,
            "r0": 6.371,
            "eps1": 0.0075,
            "eps2": 0.15,
            "eps3": 0.3,
            "c1": 0.1446,
            "c2": 0.205,
            "c3": 0.461,
        },
        equations=_bickley(),
        ic=(0.0, 0.5),
        citation=(
            "Rypina, I. I., Brown, M. G., Beron-Vera, F. J., Kocak, H., Olascoaga, M. J. and "
            "Udovydchenkov, I. A. (2007). On the Lagrangian dynamics of atmospheric zonal "
            "jets and the permeability of the stratospheric polar vortex. Journal of the "
            "Atmospheric Sciences 64(10), 3595-3610."
        ),
        field="geophysics",
        description=(
            "Fluid particles in an idealised stratospheric zonal jet (a Bickley sech^2 "
            "profile) perturbed by three travelling Rossby waves. Lengths in Mm, time in "
            "days (U0 = 62.66 m/s); the wave speeds c_n are in units of U0 and are chosen "
            "so that the forcing is quasi-periodic."
        ),
    ),
    Declaration(
        name="Blasius",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "a": 1.0,
            "alpha1": 0.2,
            "alpha2": 1.0,
            "b": 1.0,
            "c": 10.0,
            "k1": 0.05,
            "k2": 0.0,
            "zs": 0.006,
        },
        equations=(
            "a*x - alpha1*x*y/(1 + k1*x)",
            "-b*y + alpha1*x*y/(1 + k1*x) - alpha2*y*z/(1 + k2*y)",
            "-c*(z - zs) + alpha2*y*z/(1 + k2*y)",
        ),
        ic=(4.031713, 5.1113788, 0.016508812),
        citation=(
            "Blasius, B., Huppert, A. and Stone, L. (1999). Complex dynamics and phase "
            "synchronization in spatially extended ecological systems. Nature 399(6734), "
            "354-359."
        ),
        field="ecology",
        description=(
            "Vegetation, herbivore and predator populations linked by saturating "
            "(Holling type II) feeding; produces uniform-phase chaotic oscillations whose "
            "peaks vary irregularly, like the Canadian lynx cycles."
        ),
    ),
    Declaration(
        name="BlinkingRotlet",
        kind="flow",
        variables=("r", "theta"),
        parameters={"a": 1.0, "b": 0.5298833894399929, "strength": 1.0, "tau": 3.0},
        equations=_ROTLET,
        ic=(0.1, 3.7),
        forcing_period="tau",
        citation=(
            "Meleshko, V. V. and Aref, H. (1996). A blinking rotlet model for chaotic "
            "advection. Physics of Fluids 8(12), 3215-3217."
        ),
        field="fluid dynamics",
        description=(
            "Tracer in creeping (Stokes) flow inside a circular cylinder stirred by a point "
            "rotlet that jumps every half period between two positions opposite the centre; "
            "the alternation produces chaotic advection."
        ),
    ),
    Declaration(
        name="BlinkingVortex",
        kind="flow",
        variables=("r", "theta"),
        parameters={"a": 1.0, "b": 0.5, "strength": 1.0, "tau": 3.0},
        equations=_VORTEX,
        ic=(0.1, 3.7),
        forcing_period="tau",
        citation=(
            "Aref, H. (1984). Stirring by chaotic advection. Journal of Fluid Mechanics 143, 1-21."
        ),
        field="fluid dynamics",
        description=(
            "Tracer in an ideal fluid inside a circular disc stirred by a point vortex that "
            "switches every half period between two positions; the original example of "
            "chaotic advection by a simple time-periodic flow."
        ),
    ),
    Declaration(
        name="Colpitts",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 30.0, "b": 0.8, "c": 20.0, "d": 0.08, "k": 10.0},
        equations=("y - a*Max(k - 1 - z, 0)", "c - x - b*y - z", "y - d*z"),
        ic=(8.9389043, 0.64637337, 8.7869304),
        citation=(
            "Kennedy, M. P. (1994). Chaos in the Colpitts oscillator. IEEE Transactions on "
            "Circuits and Systems I 41(11), 771-774."
        ),
        field="electronics",
        description=(
            "Normalised model of the Colpitts transistor oscillator, in which the "
            "transistor is replaced by a piecewise-linear (ideal diode plus threshold) "
            "element."
        ),
    ),
    Declaration(
        name="DoubleGyre",
        kind="flow",
        variables=("x", "y"),
        parameters={"A": 0.1, "eps": 0.25, "omega": 0.6283185307179586},
        equations=(
            "-pi*A*sin(pi*(eps*sin(omega*t)*x**2 + (1 - 2*eps*sin(omega*t))*x))*cos(pi*y)",
            "pi*A*cos(pi*(eps*sin(omega*t)*x**2 + (1 - 2*eps*sin(omega*t))*x))*sin(pi*y)"
            "*(2*eps*sin(omega*t)*x + 1 - 2*eps*sin(omega*t))",
        ),
        ic=(0.8, 0.3),
        forcing_period="2*pi/omega",
        citation=(
            "Shadden, S. C., Lekien, F. and Marsden, J. E. (2005). Definition and properties "
            "of Lagrangian coherent structures from finite-time Lyapunov exponents in "
            "two-dimensional aperiodic flows. Physica D 212(3-4), 271-304."
        ),
        field="fluid dynamics",
        description=(
            "Two counter-rotating gyres in the box [0, 2] x [0, 1] whose separating "
            "streamline oscillates periodically left and right; a standard test flow for "
            "Lagrangian coherent structures."
        ),
    ),
    Declaration(
        name="DoublePendulum",
        kind="flow",
        variables=("th1", "th2", "p1", "p2"),
        parameters={"g": 9.81, "l1": 1.0, "l2": 1.0, "m1": 1.0, "m2": 1.0},
        equations=(
            "(l2*p1 - l1*p2*cos(th1 - th2))/(l1**2*l2*(m1 + m2*sin(th1 - th2)**2))",
            "((m1 + m2)*l1*p2 - m2*l2*p1*cos(th1 - th2))/(m2*l1*l2**2*(m1 + m2*sin(th1 - th2)**2))",
            "-(m1 + m2)*g*l1*sin(th1) - p1*p2*sin(th1 - th2)/(l1*l2*(m1 + m2*sin(th1 - th2)**2))"
            " + (m2*l2**2*p1**2 + (m1 + m2)*l1**2*p2**2 - 2*m2*l1*l2*p1*p2*cos(th1 - th2))"
            "*sin(th1 - th2)*cos(th1 - th2)/(l1**2*l2**2*(m1 + m2*sin(th1 - th2)**2)**2)",
            "-m2*g*l2*sin(th2) + p1*p2*sin(th1 - th2)/(l1*l2*(m1 + m2*sin(th1 - th2)**2))"
            " - (m2*l2**2*p1**2 + (m1 + m2)*l1**2*p2**2 - 2*m2*l1*l2*p1*p2*cos(th1 - th2))"
            "*sin(th1 - th2)*cos(th1 - th2)/(l1**2*l2**2*(m1 + m2*sin(th1 - th2)**2)**2)",
        ),
        ic=(5.930940457436691, 3.6240542487144793, -1.2249799, 2.535486),
        citation=(
            "Shinbrot, T., Grebogi, C., Wisdom, J. and Yorke, J. A. (1992). Chaos in a "
            "double pendulum. American Journal of Physics 60(6), 491-499."
        ),
        field="mechanics",
        description=(
            "Two point masses on massless rods, one hanging from the other, in Hamilton's "
            "form (angles and canonical momenta); at high energy the motion is chaotic and "
            "the energy is conserved."
        ),
        multistable=(
            "At intermediate energies such as that of the default initial condition, "
            "regular quasi-periodic orbits and chaotic orbits share the same energy "
            "surface, so the invariant set depends on the initial condition (Stachowiak and "
            "Okada 2006)."
        ),
    ),
    Declaration(
        name="Duffing",
        kind="flow",
        variables=("x", "y"),
        parameters={"alpha": 1.0, "beta": -1.0, "delta": 0.1, "gamma": 0.35, "omega": 1.4},
        equations=("y", "-delta*y - beta*x - alpha*x**3 + gamma*cos(omega*t)"),
        ic=(-1.1635382, -0.5092374),
        forcing_period="2*pi/omega",
        citation=(
            "Duffing, G. (1918). Erzwungene Schwingungen bei veranderlicher Eigenfrequenz "
            "und ihre technische Bedeutung. Sammlung Vieweg, Heft 41/42. Vieweg, Braunschweig."
        ),
        field="mechanics",
        description=(
            "Periodically forced, damped oscillator with a cubic restoring force; with "
            "negative linear stiffness it is a particle in a double-well potential, as for "
            "a buckled beam between two magnets."
        ),
    ),
    Declaration(
        name="FluidTrampoline",
        kind="flow",
        variables=("x", "y"),
        parameters={"gamma": 1.82, "psi": 0.01019, "w": 1.21},
        equations=("y", "-1 - Heaviside(-x)*(x + psi*y*Abs(y)) + gamma*cos(w*t)"),
        ic=(-0.65820064, -2.8807787),
        forcing_period="2*pi/w",
        citation=(
            "Gilet, T. and Bush, J. W. M. (2009). The fluid trampoline: droplets bouncing on "
            "a soap film. Journal of Fluid Mechanics 625, 167-203."
        ),
        field="fluid dynamics",
        description=(
            "Height of a droplet bouncing on a vertically vibrated soap film, in the film's "
            "frame: free flight under gravity and, while in contact (x < 0), a linear "
            "spring with quadratic drag."
        ),
    ),
    Declaration(
        name="ForcedVanDerPol",
        kind="flow",
        variables=("x", "y"),
        parameters={"a": 1.2, "mu": 8.53, "w": 0.6283185307179586},
        equations=("y", "mu*(1 - x**2)*y - x + a*sin(w*t)"),
        ic=(-1.520504, 0.19640249),
        forcing_period="2*pi/w",
        citation=(
            "van der Pol, B. (1920). A theory of the amplitude of free and forced triode "
            "vibrations. Radio Review 1, 701-710 and 754-762."
        ),
        field="electronics",
        description=(
            "Relaxation oscillator of a triode circuit (nonlinear damping that pumps small "
            "and damps large oscillations) driven by a sinusoidal signal."
        ),
    ),
    Declaration(
        name="Hadley",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.2, "b": 4.0, "f": 9.0, "g": 1.0},
        equations=("-y**2 - z**2 - a*x + a*f", "x*y - b*x*z - y + g", "b*x*y + x*z - z"),
        ic=(1.3664423, 0.9309146, 0.64283417),
        citation=(
            "Lorenz, E. N. (1984). Irregularity: a fundamental property of the atmosphere. "
            "Tellus A 36(2), 98-110."
        ),
        field="climatology",
        description=(
            "Lorenz's low-order model of the mid-latitude general circulation: a zonal "
            "westerly jet (x) interacting with a pair of travelling eddies (y, z), heated by "
            "the pole-to-equator temperature contrast f; here at the stronger forcing "
            "f = 9, a = 0.2 used by dysts."
        ),
    ),
    Declaration(
        name="HenonHeiles",
        kind="flow",
        variables=("x", "y", "px", "py"),
        parameters={"lam": 1.0},
        equations=("px", "py", "-x - 2*lam*x*y", "-y - lam*x**2 + lam*y**2"),
        ic=(0.0, -0.2, 0.45240100206196127, 0.0),
        citation=(
            "Henon, M. and Heiles, C. (1964). The applicability of the third integral of "
            "motion: some numerical experiments. The Astronomical Journal 69, 73-79."
        ),
        field="astrophysics",
        description=(
            "A star moving in the meridian plane of an axisymmetric galaxy, modelled by a "
            "harmonic potential with cubic corrections; above an energy of about 1/8 most "
            "orbits are chaotic."
        ),
        multistable=(
            "At the energy of the default initial condition (E = 1/8) the surface of "
            "section mixes a chaotic sea with surviving invariant curves and island chains, "
            "so the invariant set reached depends on the initial condition (Henon and "
            "Heiles 1964)."
        ),
    ),
    Declaration(
        name="InteriorSquirmer",
        kind="flow",
        variables=("r", "theta"),
        parameters={
            "a1": 0.5,
            "a2": 0.5,
            "a3": 0.5,
            "a4": 0.5,
            "a5": 0.5,
            "g1": 0.5,
            "g2": 0.5,
            "g3": 0.5,
            "g4": 0.5,
            "g5": 0.5,
            "tau": 3.0,
        },
        equations=_squirmer(),
        ic=(0.5, 0.1),
        forcing_period="tau",
        citation=(
            "Blake, J. R. (1971). Self propulsion due to oscillations on the surface of a "
            "cylinder at low Reynolds number. Bulletin of the Australian Mathematical "
            "Society 5(2), 255-264."
        ),
        field="fluid dynamics",
        description=(
            "Tracer in the Stokes flow inside a cylindrical squirmer whose tangential "
            "surface modes (amplitudes a_n) and normal modes (g_n) are switched on "
            "alternately every half period, which mixes the interior chaotically."
        ),
    ),
    Declaration(
        name="Laser",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 10.0, "b": 1.0, "c": 5.0, "d": -1.0, "h": -5.0, "k": -6.0},
        equations=("a*(y - x) + b*y*z**2", "c*x + d*x*z**2", "h*z + k*x**2"),
        ic=(-2.540801356216252, -1.940570579119389, -2.9680975444071955),
        citation=(
            "Abooee, A., Yaghini-Bonabi, H. A. and Jahed-Motlagh, M. R. (2013). Analysis and "
            "circuitry realization of a novel three-dimensional chaotic system. "
            "Communications in Nonlinear Science and Numerical Simulation 18(5), 1235-1245."
        ),
        field="optics",
        description=(
            "A three-variable chaotic flow with cubic couplings, related to single-mode "
            "laser rate equations, realised as an analog electronic circuit."
        ),
    ),
    Declaration(
        name="LidDrivenCavityFlow",
        kind="flow",
        variables=("x", "y"),
        parameters={"a": 6.0, "b": 1.0, "tau": 1.1, "u1": 9.92786, "u2": 8.34932},
        equations=_cavity(),
        ic=(3.966790341130254, 0.18425981346720144),
        forcing_period="tau",
        citation=(
            "Grover, P., Ross, S. D., Stremler, M. A. and Kumar, P. (2012). Topological chaos, "
            "braiding and bifurcation of almost-cyclic sets. Chaos 22(4), 043135."
        ),
        field="fluid dynamics",
        description=(
            "Tracer in a viscous (Stokes) flow in a rectangular cavity whose top and bottom "
            "lids are moved in alternation, giving a time-periodic two-mode velocity field "
            "that stirs chaotically."
        ),
    ),
    Declaration(
        name="Lorenz84",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.25, "b": 4.0, "f": 8.0, "g": 1.0},
        equations=("-a*x - y**2 - z**2 + a*f", "-y + x*y - b*x*z + g", "-z + b*x*y + x*z"),
        ic=(1.0, 1.0, 1.0),
        citation=(
            "Lorenz, E. N. (1984). Irregularity: a fundamental property of the atmosphere. "
            "Tellus A 36(2), 98-110."
        ),
        field="climatology",
        description=(
            "Minimal model of the atmospheric general circulation: the strength of a "
            "westerly wind current exchanges energy with the cosine and sine phases of a "
            "superposed wave, driven by thermal forcing f and zonally asymmetric forcing g."
        ),
    ),
    Declaration(
        name="MooreSpiegel",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"T": 40.0, "R": 130.0},
        equations=("y", "z", "-z - (T - R + R*x**2)*y - T*x"),
        ic=(-0.963327473287154, 5.454633840277063, -10.612103968782442),
        citation=(
            "Moore, D. W. and Spiegel, E. A. (1966). A thermally excited non-linear "
            "oscillator. The Astrophysical Journal 143, 871-887."
        ),
        field="astrophysics",
        description=(
            "Vertical motion of a fluid parcel in a stratified, radiating stellar "
            "atmosphere, restored by buoyancy and destabilised by thermal exchange; T is "
            "the thermal relaxation and R the Rayleigh-like driving."
        ),
    ),
    Declaration(
        name="MultiChua",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={
            "a": 9.0,
            "b": 14.286,
            "m0": -1.0 / 7.0,
            "m1": 2.0 / 7.0,
            "m2": -4.0 / 7.0,
            "m3": 2.0 / 7.0,
            "m4": -4.0 / 7.0,
            "m5": 2.0 / 7.0,
            "c1": 1.0,
            "c2": 2.15,
            "c3": 3.6,
            "c4": 8.2,
            "c5": 13.0,
        },
        equations=(f"a*(y - {_multiscroll_diode()})", "x - y + z", "-b*y"),
        ic=(-21.160123, 1.0322356, 27.405269),
        citation=(
            "Yalcin, M. E., Suykens, J. A. K. and Vandewalle, J. (2000). Experimental "
            "confirmation of 3- and 5-scroll attractors from a generalized Chua's circuit. "
            "IEEE Transactions on Circuits and Systems I 47(3), 425-429."
        ),
        field="electronics",
        description=(
            "Chua's circuit with a nonlinear resistor having several alternating-slope "
            "segments, which produces an attractor made of several scrolls side by side."
        ),
    ),
    Declaration(
        name="NoseHoover",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 1.0},
        equations=("y", "-x + y*z", "a - y**2"),
        ic=(0.0, 5.0, 0.0),
        citation=(
            "Hoover, W. G. (1985). Canonical dynamics: equilibrium phase-space "
            "distributions. Physical Review A 31(3), 1695-1697."
        ),
        field="physics",
        description=(
            "A harmonic oscillator coupled to a Nose-Hoover thermostat (z is minus the "
            "friction coefficient and a the target temperature); time-reversible, with a "
            "chaotic sea whose phase volume is conserved on average."
        ),
        multistable=(
            "At a = 1 (the same flow as Sprott A) a chaotic sea coexists with nested "
            "invariant tori, so whether an orbit is chaotic or quasi-periodic depends on "
            "its initial condition (Posch, Hoover and Vesely 1986; Messias and Reinol 2017)."
        ),
    ),
    Declaration(
        name="NuclearQuadrupole",
        kind="flow",
        variables=("q1", "q2", "p1", "p2"),
        parameters={"a": 1.0, "b": 0.55, "d": 0.4},
        equations=(
            "a*p1",
            "a*p2",
            "-a*q1 + 3/sqrt(2)*b*(q1**2 - q2**2) - d*q1*(q1**2 + q2**2)",
            "-a*q2 - 3*sqrt(2)*b*q1*q2 - d*q2*(q1**2 + q2**2)",
        ),
        ic=(-0.85591178, 1.48078342, -0.85075322, 1.63576085),
        citation=(
            "Baran, V. and Raduta, A. A. (1998). Classical and quantal chaos described by a "
            "fourth order quadrupole boson Hamiltonian. International Journal of Modern "
            "Physics E 7(4), 527-551."
        ),
        field="nuclear physics",
        description=(
            "Classical limit of collective quadrupole surface vibrations of a nucleus: a "
            "two-dimensional oscillator with a cubic (triangular) and a quartic term in "
            "the potential; conserves energy."
        ),
    ),
    Declaration(
        name="OscillatingFlow",
        kind="flow",
        variables=("x", "y"),
        parameters={"b": 0.48, "k": 1.0, "omega": 0.49, "u": 0.72},
        equations=(
            "u*cos(k*y)*sin(k*(x + b*sin(omega*t)))",
            "-u*sin(k*y)*cos(k*(x + b*sin(omega*t)))",
        ),
        ic=(3.14159265, 1.04719755),
        forcing_period="2*pi/omega",
        citation=(
            "Solomon, T. H. and Gollub, J. P. (1988). Chaotic particle transport in "
            "time-dependent Rayleigh-Benard convection. Physical Review A 38(12), 6280-6286."
        ),
        field="fluid dynamics",
        description=(
            "Tracer in a row of two-dimensional convection rolls whose pattern oscillates "
            "laterally, so that fluid is exchanged chaotically between neighbouring rolls."
        ),
    ),
    Declaration(
        name="RayleighBenard",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 30.0, "b": 5.0, "r": 18.0},
        equations=("a*(y - x)", "r*y - x*z", "x*y - b*z"),
        ic=(-15.660582, -13.32018, 26.879362),
        citation=(
            "Yanagita, T. and Kaneko, K. (1995). Rayleigh-Benard convection: patterns, chaos, "
            "spatiotemporal chaos and turbulence. Physica D 82(3), 288-313."
        ),
        field="fluid dynamics",
        description=(
            "A three-mode truncation of thermal convection in the spirit of the Lorenz "
            "model, in which the temperature mode is self-amplifying."
        ),
    ),
    Declaration(
        name="RikitakeDynamo",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 1.0, "mu": 1.0},
        equations=("-mu*x + y*z", "-mu*y - a*x + x*z", "1 - x*y"),
        ic=(-0.7791562791136255, -0.6302244598741468, 2.671200187214492),
        citation=(
            "Rikitake, T. (1958). Oscillations of a system of disk dynamos. Mathematical "
            "Proceedings of the Cambridge Philosophical Society 54(1), 89-105."
        ),
        field="geophysics",
        description=(
            "Two coupled self-exciting disc dynamos, each driving the other's field coil; "
            "the currents reverse sign irregularly, a caricature of geomagnetic reversals."
        ),
    ),
    Declaration(
        name="SwingingAtwood",
        kind="flow",
        variables=("r", "th", "pr", "pth"),
        parameters={"m1": 1.0, "m2": 4.5, "g": 9.81},
        equations=(
            "pr/(m1 + m2)",
            "pth/(m1*r**2)",
            "pth**2/(m1*r**3) - m2*g + m1*g*cos(th)",
            "-m1*g*r*sin(th)",
        ),
        ic=(0.113296, 1.5707963267948966, 0.10992, 1.0),
        citation=(
            "Tufillaro, N. B., Abbott, T. A. and Griffiths, D. J. (1984). Swinging Atwood's "
            "machine. American Journal of Physics 52(10), 895-903."
        ),
        field="mechanics",
        description=(
            "Atwood's machine in which the lighter mass m1 may swing like a pendulum while "
            "the heavier m2 moves vertically; Hamiltonian with two degrees of freedom "
            "(r: length of the swinging string)."
        ),
    ),
    Declaration(
        name="Torus",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"a": 0.5, "n": 15.3, "r": 1.0},
        equations=(
            "-a*n*sin(n*t)*cos(t) - (r + a*cos(n*t))*sin(t)",
            "-a*n*sin(n*t)*sin(t) + (r + a*cos(n*t))*cos(t)",
            "a*n*cos(n*t)",
        ),
        ic=(1.5, 0.0, 0.0),
        citation=(
            "Strogatz, S. H. (1994). Nonlinear Dynamics and Chaos: With Applications to "
            "Physics, Biology, Chemistry, and Engineering. Addison-Wesley, Reading, MA."
        ),
        field="mathematics",
        description=(
            "Velocity of a point winding around a torus (major radius r, minor radius a) "
            "n times per revolution; for irrational n the curve is quasi-periodic and "
            "fills the torus densely. Not chaotic: all Lyapunov exponents vanish."
        ),
    ),
    Declaration(
        name="VallisElNino",
        kind="flow",
        variables=("x", "y", "z"),
        parameters={"b": 102.0, "c": 3.0, "p": 0.0},
        equations=("b*y - c*(x + p)", "x*z - y", "-x*y - z + 1"),
        ic=(-6.99286331487343, 0.023254276622294345, -0.1658177563067799),
        citation=(
            "Vallis, G. K. (1988). Conceptual models of El Nino and the Southern "
            "Oscillation. Journal of Geophysical Research: Oceans 93(C11), 13979-13991."
        ),
        field="climatology",
        description=(
            "Equatorial ocean current (x) and the east-west and mean temperature "
            "anomalies (y, z) of the Pacific: wind stress set by the temperature contrast "
            "drives a current that advects heat, giving irregular El Nino-like warmings."
        ),
    ),
    Declaration(
        name="WindmiReduced",
        kind="flow",
        variables=("i", "v", "p"),
        parameters={"a1": 0.247, "b1": 10.8, "b2": 0.0752, "b3": 1.06, "d1": 2200.0, "vsw": 5.0},
        equations=(
            "a1*(vsw - v)",
            "b1*i - b2*p/2 - b3*v",
            "vsw**2 - p**(5/4)*sqrt(vsw)*(1 + tanh(d1*(i - 1)))/2",
        ),
        ic=(0.93337506, 6.2678923, 41.969547),
        citation=(
            "Horton, W., Weigel, R. S. and Sprott, J. C. (2001). Chaos and the limits of "
            "predictability for the solar-wind-driven magnetosphere-ionosphere system. "
            "Physics of Plasmas 8(6), 2946-2952."
        ),
        field="plasma physics",
        description=(
            "Three-variable reduction of the WINDMI model of magnetospheric substorms: "
            "geotail current i, cross-tail voltage v and plasma-sheet pressure p, with "
            "pressure unloading switched on sharply when the current exceeds a threshold."
        ),
    ),
    Declaration(
        name="DrivenPendulum",
        kind="flow",
        variables=("theta", "omega"),
        parameters={"q": 2.0, "g": 1.5, "wd": 2.0 / 3.0},
        equations=("omega", "-omega/q - sin(theta) + g*cos(wd*t)"),
        ic=(0.2, 0.0),
        forcing_period="2*pi/wd",
        citation=(
            "Baker, G. L. and Gollub, J. P. (1990). Chaotic Dynamics: An Introduction. "
            "Cambridge University Press, Cambridge."
        ),
        field="mechanics",
        description=(
            "A rigid pendulum with viscous damping (quality factor q) driven by a "
            "sinusoidal torque of amplitude g and frequency wd, in units of the natural "
            "frequency; chaos in this system was first surveyed by d'Humieres et al. "
            "(Phys. Rev. A 26, 3483, 1982)."
        ),
    ),
    Declaration(
        name="PullenEdmonds",
        kind="flow",
        variables=("x", "y", "px", "py"),
        parameters={"alpha": 0.05},
        equations=("px", "py", "-x - 2*alpha*x*y**2", "-y - 2*alpha*x**2*y"),
        ic=(0.0, 0.0, 8.0, 5.0),
        citation=(
            "Pullen, R. A. and Edmonds, A. R. (1981). Comparison of classical and quantal "
            "spectra for a totally bound potential. Journal of Physics A: Mathematical and "
            "General 14(12), L477-L484."
        ),
        field="physics",
        description=(
            "Two equal harmonic oscillators coupled by a quartic x^2 y^2 term, a bounded "
            "Hamiltonian model for quantum chaos; the dynamics depend only on alpha times "
            "the energy and become chaotic as it grows."
        ),
    ),
)
