"""Conformance checks for one system: what every system of the registry must pass.

:func:`check_system` runs, on one :class:`~chaosbench.systems.system.System`, the
checks that the test suite runs over the whole registry, so that a system built
from a new declaration can be held to the same standard before it is registered::

    from chaosbench.testing import check_system
    check_system(my_system)  # raises SystemCheckError naming the failed check

The checks, in the order they run (:data:`CHECKS`):

``"declaration"``
    The declaration validates afresh (every rule of
    :class:`~chaosbench.systems.declaration.Declaration`).
``"annotations"``
    The stored annotations agree with the system and with each other (see
    :func:`check_system` for the list). Runs before anything is evaluated, so that
    a stored initial condition of the wrong length never reaches a compiled kernel.
``"kernels"``
    Every compiled kernel builds and gives finite values at the initial condition.
``"integration"``
    A short integration (a few dominant periods; a few hundred iterates of a map)
    from the initial condition stays finite.
``"map recurrence"``
    Maps only: the iterates of ``trajectory`` equal repeated application of
    ``System.rhs`` bit for bit.
``"jacobian"``
    The analytic Jacobian (and, for delay systems, the Jacobian with respect to the
    delayed terms) agrees with central differences of the right-hand side at
    random states near the orbit of the initial condition, at the tolerance the test
    suite applied to the registry (see :data:`JACOBIAN_RTOL` and :data:`JACOBIAN_ATOL`).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from chaosbench.errors import ChaosbenchError, InvalidParameterError, SystemCheckError
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.system import System

#: names of the checks, in the order :func:`check_system` runs them
CHECKS = ("declaration", "annotations", "kernels", "integration", "map recurrence", "jacobian")

#: dominant periods integrated by the ``"integration"`` check (flows and delay systems)
INTEGRATION_PERIODS = 3
#: output points per dominant period of that integration
POINTS_PER_PERIOD = 100
#: iterates of a map in the ``"integration"`` and ``"map recurrence"`` checks
MAP_ITERATES = 200
#: random states at which the ``"jacobian"`` check compares derivatives
JACOBIAN_STATES = 8
#: relative step of the central differences: ``h = JACOBIAN_STEP * max(1, |x_j|)``
JACOBIAN_STEP = 1e-6
#: the Jacobians agree where the Frobenius norm of the difference is below this,
#: relative to the norm of the analytic Jacobian...
JACOBIAN_RTOL = 1e-6
#: ...or, for Jacobians that (nearly) vanish, below this in absolute terms
JACOBIAN_ATOL = 1e-9

_DEFAULT_SEED = 20261123
_SHOWN_VALUES = 8


def check_system(system: System, *, rng: np.random.Generator | int | None = None) -> None:
    """Check that a system meets what every registered system guarantees.

    The checks run in the order of :data:`CHECKS` and stop at the first failure:

    1. ``"declaration"``: the declaration is a
       :class:`~chaosbench.systems.declaration.Declaration` that validates afresh.
    2. ``"annotations"``: each stored annotation that is present is consistent:
       ``ic`` has one finite value per variable; ``dt``, ``period``, ``timescale``,
       ``rtol`` and ``atol`` are finite and positive, a map's ``dt`` is 1 and a map
       carries no ``period``, a flow's ``dt`` is at most its ``period`` and
       ``timescale``; ``lyapunov_spectrum`` is a non-empty list of finite numbers
       sorted in descending order, with one exponent per variable where
       ``lyapunov_spectrum_complete`` says so and at most one per variable for flows
       and maps; ``lyapunov_spectrum_error`` has one finite, non-negative value per
       exponent; ``max_lyapunov`` and ``max_lyapunov_error`` are the first entries
       of those lists; ``lyapunov_time`` is ``1 / max_lyapunov`` for a positive
       largest exponent and ``None`` otherwise, and ``points_per_lyapunov_time`` is
       ``lyapunov_time / dt``; ``pesin_entropy`` is the sum of the positive
       exponents; ``kaplan_yorke_dimension`` lies between 0 and the dimension (the
       number of exponents for delay systems); ``correlation_dimension`` is finite
       and non-negative, its ``correlation_dimension_range`` two increasing positive
       radii; ``mean_divergence`` is finite; a system flagged ``chaotic`` has a
       largest exponent more than three standard errors above zero; not both
       ``dissipative`` and ``conservative``; ``non_autonomous`` and ``stiff`` agree
       with the declaration; ``unbounded_coordinates`` names state variables.
    3. ``"kernels"``: the compiled kernels build (``rhs``, ``jac``, ``dfdt``,
       ``tangent`` and ``switches``; for delay systems ``rhs``, ``jac``,
       ``jac_delayed`` and ``tangent``) and give finite values of the right shape at
       the initial condition.
    4. ``"integration"``: ``system.trajectory`` over :data:`INTEGRATION_PERIODS`
       dominant periods at :data:`POINTS_PER_PERIOD` points each (a map:
       :data:`MAP_ITERATES` iterates) from the initial condition is finite. A flow
       without a stored period is sampled at its stored ``dt`` or, lacking that too,
       at a twentieth of the time scale ``1 / max |eig J|`` of the Jacobian at the
       initial condition.
    5. ``"map recurrence"`` (maps only): those iterates equal repeated application
       of ``system.rhs`` to the initial condition, bit for bit.
    6. ``"jacobian"``: at :data:`JACOBIAN_STATES` random states (points of that
       trajectory, each coordinate perturbed by 1% of its size or at least 0.001;
       random times for forced flows; for delay systems, delayed values within 10%
       of the current ones), the analytic Jacobian agrees with central differences
       of ``rhs`` with step ``h = 1e-6 max(1, |x_j|)``: the Frobenius norm of the
       difference is below :data:`JACOBIAN_RTOL` relative to the analytic
       Jacobian's or below :data:`JACOBIAN_ATOL`. Where the plain differences miss
       that, their Richardson extrapolation (steps ``h`` and ``h / 2``) must meet
       it: steep or nearly singular right-hand sides make central differences too
       coarse, not the Jacobian wrong. A perturbed state at which ``rhs`` is not
       finite (outside the domain of the equations) is replaced by its orbit point;
       states where ``rhs`` is not finite even there are skipped, and the check
       fails if all are. Delay systems pass the same test for the Jacobian with
       respect to the delayed terms.

    Parameters
    ----------
    system : chaosbench.systems.system.System
        The system to check, e.g. ``chaosbench.get("Lorenz")`` or a ``System`` built
        from your own declaration (annotations are optional).
    rng : numpy.random.Generator or int, optional
        Source of the random states of the ``"jacobian"`` check, or its seed. The
        default is a fixed seed, so that repeated checks test the same states.

    Returns
    -------
    None
        The system passed every check.

    Raises
    ------
    chaosbench.errors.SystemCheckError
        At the first failed check. The message is one line naming the system, the
        check (one of :data:`CHECKS`) and the offending value; the ``system`` and
        ``check`` attributes hold the names.
    chaosbench.errors.InvalidParameterError
        If ``system`` is not a ``System`` or ``rng`` is neither a Generator, a
        non-negative int nor None.

    Examples
    --------
    >>> import chaosbench
    >>> from chaosbench.testing import check_system
    >>> check_system(chaosbench.get("Lorenz"))  # passes: returns None, raises nothing

    A stored initial condition that does not fit the system fails:

    >>> from chaosbench.systems.system import System
    >>> henon = chaosbench.get("Henon")
    >>> check_system(System(henon.declaration, {"ic": [0.5]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    chaosbench.errors.SystemCheckError: System 'Henon' failed the 'annotations' check: 'ic' ...
    >>> try:
    ...     check_system(System(henon.declaration, {"ic": [0.5]}))
    ... except chaosbench.ChaosbenchError as error:
    ...     print(error.check, "|", error.problem)
    annotations | 'ic' has 1 values for 2 variables (x, y): [0.5]
    """
    function = "check_system"
    if not isinstance(system, System):
        raise InvalidParameterError(
            "system", function, "a System (e.g. chaosbench.get('Lorenz'))", system
        )
    generator = _generator(rng, function)
    name = str(getattr(system.declaration, "name", "?"))
    _check_declaration(system, name)
    _check_annotations(system, name)
    _check_kernels(system, name)
    states = _check_integration(system, name)
    if system.kind == "map":
        _check_map_recurrence(system, name, states)
    _check_jacobian(system, name, states, generator)


# --- the checks ----------------------------------------------------------------------------
def _check_declaration(system: System, name: str) -> None:
    declaration = system.declaration
    if not isinstance(declaration, Declaration):
        _fail(name, "declaration", f"is not a Declaration but {type(declaration).__name__}")
    try:  # rebuilding runs every validation rule again, on the fields as they are now
        replace(declaration)
    except ChaosbenchError as exc:
        _fail(name, "declaration", str(exc))
    except Exception as exc:  # a field corrupted beyond what the rules expect
        _fail(name, "declaration", f"does not validate: {type(exc).__name__}: {exc}")


def _check_annotations(system: System, name: str) -> None:
    values = system.annotations

    def fail(problem: str) -> None:
        _fail(name, "annotations", problem)

    def positive(key: str) -> float | None:
        value = values.get(key)
        if value is None:
            return None
        if not _real(value) or not math.isfinite(value) or value <= 0:
            fail(f"{key!r} must be a finite positive number, got {value!r}")
        return float(value)

    def numbers_list(key: str, *, non_negative: bool = False) -> list[float] | None:
        value = values.get(key)
        if value is None:
            return None
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) == 0:
            fail(f"{key!r} must be a non-empty list of numbers, got {value!r}")
        if not all(_real(v) and math.isfinite(v) for v in value):
            fail(f"{key!r} must hold finite numbers, got {_shown(value)}")
        if non_negative and any(v < 0 for v in value):
            fail(f"{key!r} must be non-negative, got {_shown(value)}")
        return [float(v) for v in value]

    def finite(key: str) -> float | None:
        value = values.get(key)
        if value is not None and (not _real(value) or not math.isfinite(value)):
            fail(f"{key!r} must be a finite number or None, got {value!r}")
        return None if value is None else float(value)

    if not hasattr(values, "get") or not hasattr(values, "items"):
        fail(f"must be a mapping, got {type(values).__name__}")
    d, variables = system.dimension, ", ".join(system.variables)

    # the stored point on the attractor
    ic = values.get("ic")
    if ic is not None:
        if not isinstance(ic, Sequence) or isinstance(ic, str):
            fail(f"'ic' must be a list of {d} numbers, got {ic!r}")
        if len(ic) != d:
            fail(f"'ic' has {len(ic)} values for {d} variables ({variables}): {_shown(ic)}")
        if not all(_real(v) and math.isfinite(v) for v in ic):
            fail(f"'ic' must hold finite numbers, got {_shown(ic)}")

    # time scales and tolerances
    dt, period, timescale = positive("dt"), positive("period"), positive("timescale")
    positive("rtol")
    positive("atol")
    if system.kind == "map":
        if dt is not None and dt != 1.0:
            fail(f"'dt' of a map must be 1.0 (one iteration), got {dt!r}")
        if period is not None:
            fail(f"a map carries no 'period', got {period!r}")
    elif dt is not None:
        for key, scale in (("period", period), ("timescale", timescale)):
            if scale is not None and dt > scale:
                fail(f"'dt' = {dt!r} exceeds the {key!r} = {scale!r} it samples")

    # Lyapunov exponents and what is derived from them
    spectrum = numbers_list("lyapunov_spectrum")
    errors = numbers_list("lyapunov_spectrum_error", non_negative=True)
    if spectrum is not None:
        if spectrum != sorted(spectrum, reverse=True):
            fail(f"'lyapunov_spectrum' is not sorted in descending order: {_shown(spectrum)}")
        complete = values.get("lyapunov_spectrum_complete")
        if complete is not None and not isinstance(complete, bool):
            fail(f"'lyapunov_spectrum_complete' must be True or False, got {complete!r}")
        if complete and len(spectrum) != d:
            fail(
                f"'lyapunov_spectrum' is marked complete but has {len(spectrum)} exponents "
                f"for {d} variables: {_shown(spectrum)}"
            )
        if system.kind != "delay" and len(spectrum) > d:
            fail(f"'lyapunov_spectrum' has {len(spectrum)} exponents for {d} variables")
        if errors is not None and len(errors) != len(spectrum):
            fail(
                f"'lyapunov_spectrum_error' has {len(errors)} values for "
                f"{len(spectrum)} exponents: {_shown(errors)}"
            )
    largest, largest_error = finite("max_lyapunov"), finite("max_lyapunov_error")
    if spectrum is not None and largest is not None and largest != spectrum[0]:
        fail(f"'max_lyapunov' = {largest!r} is not the largest exponent {spectrum[0]!r}")
    if errors is not None and largest_error is not None and largest_error != errors[0]:
        fail(
            f"'max_lyapunov_error' = {largest_error!r} is not the error {errors[0]!r} "
            "of the largest exponent"
        )
    if largest is None and spectrum is not None:
        largest = spectrum[0]
    if largest_error is None and errors is not None:
        largest_error = errors[0]
    lyapunov_time = finite("lyapunov_time")
    if largest is not None and "lyapunov_time" in values:
        if largest > 0 and (lyapunov_time is None or not _close(lyapunov_time, 1 / largest)):
            fail(f"'lyapunov_time' = {lyapunov_time!r} is not 1 / max_lyapunov = {1 / largest!r}")
        if largest <= 0 and lyapunov_time is not None:
            fail(
                f"'lyapunov_time' = {lyapunov_time!r} is given for a largest exponent "
                f"{largest!r} that is not positive"
            )
    per_lyapunov_time = finite("points_per_lyapunov_time")
    if "points_per_lyapunov_time" in values and "lyapunov_time" in values and dt is not None:
        expected = None if lyapunov_time is None else lyapunov_time / dt
        if (expected is None) != (per_lyapunov_time is None) or (
            expected is not None and not _close(per_lyapunov_time, expected)
        ):
            fail(
                f"'points_per_lyapunov_time' = {per_lyapunov_time!r} is not "
                f"lyapunov_time / dt = {expected!r}"
            )
    entropy = finite("pesin_entropy")
    if entropy is not None and spectrum is not None:
        expected = sum(v for v in spectrum if v > 0)
        if not _close(entropy, expected, absolute=1e-12):
            fail(
                f"'pesin_entropy' = {entropy!r} is not the sum {expected!r} "
                "of the positive exponents"
            )
    kaplan_yorke = finite("kaplan_yorke_dimension")
    if kaplan_yorke is not None:
        bound = len(spectrum) if system.kind == "delay" and spectrum is not None else d
        if not 0 <= kaplan_yorke <= bound:
            fail(f"'kaplan_yorke_dimension' = {kaplan_yorke!r} is outside [0, {bound}]")

    # correlation dimension, volume and flags
    correlation = finite("correlation_dimension")
    if correlation is not None and correlation < 0:
        fail(f"'correlation_dimension' = {correlation!r} is negative")
    radii = values.get("correlation_dimension_range")
    if radii is not None and not (
        isinstance(radii, Sequence)
        and len(radii) == 2
        and all(_real(r) and math.isfinite(r) for r in radii)
        and 0 < radii[0] < radii[1]
    ):
        fail(f"'correlation_dimension_range' must be two increasing positive radii, got {radii!r}")
    finite("mean_divergence")
    flags = {}
    for key in ("chaotic", "dissipative", "conservative", "non_autonomous", "stiff"):
        flag = values.get(key)
        if flag is not None and not isinstance(flag, bool):
            fail(f"{key!r} must be True, False or None, got {flag!r}")
        flags[key] = flag
    if flags["chaotic"]:
        if largest is None or largest_error is None or largest - 3 * largest_error <= 0:
            fail(
                f"flagged 'chaotic' but the largest exponent {largest!r} is not three "
                f"standard errors ({largest_error!r}) above zero"
            )
        if "lyapunov_time" in values and lyapunov_time is None:
            fail("flagged 'chaotic' but has no 'lyapunov_time'")
    if flags["dissipative"] and flags["conservative"]:
        fail("flagged both 'dissipative' and 'conservative'")
    if flags["non_autonomous"] is not None and flags["non_autonomous"] == system.autonomous:
        fail(
            f"'non_autonomous' = {flags['non_autonomous']!r} but the equations "
            f"{'do not depend' if system.autonomous else 'depend'} on t"
        )
    if flags["stiff"] is not None and flags["stiff"] != system.stiff:
        fail(f"'stiff' = {flags['stiff']!r} but the declaration says stiff={system.stiff!r}")
    unbounded = values.get("unbounded_coordinates")
    if unbounded is not None:
        if not isinstance(unbounded, Sequence) or isinstance(unbounded, str):
            fail(f"'unbounded_coordinates' must be a list of variable names, got {unbounded!r}")
        strangers = [v for v in unbounded if v not in system.variables]
        if strangers:
            fail(
                f"'unbounded_coordinates' names {strangers!r}, which are not variables "
                f"({variables})"
            )


def _check_kernels(system: System, name: str) -> None:
    delay = system.kind == "delay"
    names = ("rhs", "jac", "jac_delayed", "tangent") if delay else _FLOW_KERNELS
    building = "the kernel module"
    try:
        kernels = system.kernels
        for kernel in names:
            building = f"kernel {kernel!r}"
            getattr(kernels, kernel)
    except Exception as exc:
        problem = f"{building} does not build: {type(exc).__name__}: {_first_line(exc)}"
        _fail(name, "kernels", problem)
    d, m = system.dimension, len(system.delay_terms)
    x = np.array(system.ic, dtype=float)
    p = system.problem.kernel_parameters(system.parameter_vector())
    xd = np.ascontiguousarray(x[system.delay_components]) if delay else None
    tangent_in = np.concatenate([x, np.ones(d)])  # the state and one tangent vector
    outputs: dict[str, np.ndarray] = {
        "rhs": np.full(d, np.nan),
        "jac": np.full((d, d), np.nan),
        "tangent": np.full(2 * d, np.nan),
    }
    if delay:
        outputs["jac_delayed"] = np.full((d, m), np.nan)
    else:
        outputs["dfdt"] = np.full(d, np.nan)
    for kernel, out in outputs.items():
        function = getattr(kernels, kernel)
        state = tangent_in if kernel == "tangent" else x.copy()
        try:
            if not delay:
                function(0.0, state, p, out)
            elif kernel == "tangent":
                function(0.0, state, np.concatenate([xd, np.ones(m)]), p, out)
            else:
                function(0.0, state, xd.copy(), p, out)
        except Exception as exc:
            _fail(
                name,
                "kernels",
                f"kernel {kernel!r} fails at the initial condition {_shown(x)}: "
                f"{type(exc).__name__}: {_first_line(exc)}",
            )
        if not np.all(np.isfinite(out)):
            _fail(
                name,
                "kernels",
                f"kernel {kernel!r} gives non-finite values {_shown(out.ravel())} "
                f"at the initial condition {_shown(x)}",
            )


_FLOW_KERNELS = ("rhs", "jac", "dfdt", "tangent", "switches")


def _check_integration(system: System, name: str) -> np.ndarray:
    """The states of a short trajectory from the initial condition (checked finite)."""
    options: dict[str, Any] = {}
    if system.kind == "map":
        n = MAP_ITERATES
        what = f"{n} iterates"
    else:
        n = INTEGRATION_PERIODS * POINTS_PER_PERIOD
        if system.period is not None:
            options["pts_per_period"] = POINTS_PER_PERIOD
            step = system.period / POINTS_PER_PERIOD
            what = f"{INTEGRATION_PERIODS} periods ({n} points at dt = {step:.6g})"
        else:
            dt = system.dt if system.dt is not None else _fallback_step(system)
            options = {"dt": dt}
            what = f"{n} points at dt = {dt:.6g}"
    try:
        _, X = system.trajectory(n, **options)
    except ChaosbenchError as exc:
        _fail(name, "integration", f"{what} from the initial condition: {exc}")
    if X.shape != (n, system.dimension):
        _fail(name, "integration", f"trajectory has shape {X.shape}, not {(n, system.dimension)}")
    bad = ~np.all(np.isfinite(X), axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        _fail(name, "integration", f"point {row} of {what} is not finite: {_shown(X[row])}")
    return X


def _fallback_step(system: System) -> float:
    """A twentieth of the fastest linear time scale at the initial condition."""
    try:
        rate = float(np.max(np.abs(np.linalg.eigvals(system.jacobian(system.ic)))))
    except np.linalg.LinAlgError:
        rate = math.nan
    return 0.05 / rate if math.isfinite(rate) and rate > 0 else 0.01


def _check_map_recurrence(system: System, name: str, iterates: np.ndarray) -> None:
    x = np.array(system.ic, dtype=float)
    for k in range(len(iterates)):
        if not np.array_equal(iterates[k], x):
            columns = np.flatnonzero(iterates[k] != x)
            j = int(columns[0]) if columns.size else 0
            _fail(
                name,
                "map recurrence",
                f"iterate {k} of trajectory differs from {k} applications of rhs: "
                f"{system.variables[j]} = {float(iterates[k, j])!r} vs {float(x[j])!r}",
            )
        x = system.rhs(x)


def _check_jacobian(system: System, name: str, orbit: np.ndarray, rng: np.random.Generator) -> None:
    picks = orbit[rng.integers(0, len(orbit), JACOBIAN_STATES)]
    states = picks + 1e-2 * np.maximum(np.abs(picks), 0.1) * rng.standard_normal(picks.shape)
    delay = system.kind == "delay"
    compared = 0
    for on_orbit, x in zip(picks, states):
        t = 0.0 if system.autonomous else float(rng.uniform(0.0, 10.0))
        xd = None
        if delay:
            base = x[system.delay_components]
            xd = base + 0.1 * np.maximum(np.abs(base), 0.1) * rng.standard_normal(base.shape)
        numeric = _central_difference(_of_state(system, t, xd), x)
        if not np.all(np.isfinite(numeric)):
            # the perturbation left the domain of the equations (a log or acos of a value
            # out of range, a pole just outside the attractor): use the orbit point itself
            x = on_orbit
            xd = np.ascontiguousarray(x[system.delay_components]) if delay else None
            numeric = _central_difference(_of_state(system, t, xd), x)
            if not np.all(np.isfinite(numeric)):
                continue
        compared += 1
        analytic = system.jacobian(x, t, delayed=xd)
        _compare(system, "d rhs / d x", analytic, numeric, _of_state(system, t, xd), x, x, t)
        if xd is not None:
            of_delayed = _of_delayed(system, t, x)
            numeric = _central_difference(of_delayed, xd)
            analytic = system.delayed_jacobian(x, t, delayed=xd)
            what = "d rhs / d (delayed terms)"
            _compare(system, what, analytic, numeric, of_delayed, xd, x, t)
    if compared == 0:
        _fail(
            name,
            "jacobian",
            f"rhs is not finite within a central-difference step of any of the "
            f"{JACOBIAN_STATES} states tried, e.g. x = {_shown(picks[0])}",
        )


def _of_state(system: System, t: float, xd: np.ndarray | None) -> Callable:
    """``rhs`` of a stack of states, at time ``t`` and delayed terms ``xd``."""

    def f(v: np.ndarray) -> np.ndarray:
        lagged = None if xd is None else np.broadcast_to(xd, (len(v), xd.size))
        return system.rhs(v, t, delayed=lagged)

    return f


def _of_delayed(system: System, t: float, x: np.ndarray) -> Callable:
    """``rhs`` at state ``x`` and time ``t`` of a stack of delayed terms."""

    def f(v: np.ndarray) -> np.ndarray:
        return system.rhs(np.broadcast_to(x, (len(v), x.size)), t, delayed=v)

    return f


def _central_difference(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, scale: float = 1.0
) -> np.ndarray:
    """Columns ``d f / d x_j`` by central differences with steps
    ``scale * JACOBIAN_STEP * max(1, |x_j|)``, all perturbed states in one call."""
    steps = scale * JACOBIAN_STEP * np.maximum(1.0, np.abs(x))
    shifts = np.diag(steps)
    with np.errstate(invalid="ignore", over="ignore"):  # non-finite values are looked at
        values = f(np.concatenate([x + shifts, x - shifts]))  # x + h_j e_j, then x - h_j e_j
        up, down = values[: x.size], values[x.size :]
        return ((up - down) / (2.0 * steps[:, None])).T


def _errors(analytic: np.ndarray, numeric: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Entrywise gaps, Frobenius norm of the difference, and that norm relative to
    the analytic Jacobian's."""
    with np.errstate(invalid="ignore", over="ignore"):  # non-finite values fail the check
        gaps = np.abs(analytic - numeric)
        difference = float(np.linalg.norm(gaps))
        relative = difference / max(float(np.linalg.norm(analytic)), 1e-300)
    return gaps, difference, relative


def _compare(
    system: System,
    what: str,
    analytic: np.ndarray,
    numeric: np.ndarray,
    f: Callable[[np.ndarray], np.ndarray],
    at: np.ndarray,
    x: np.ndarray,
    t: float,
) -> None:
    """Pass if ``analytic`` agrees with the central differences ``numeric`` of ``f`` at
    ``at``, or with their Richardson extrapolation (steps h and h/2, truncation error
    of order h^4 instead of h^2) where a steep or nearly singular ``f`` makes the
    plain differences too coarse; fail otherwise."""
    gaps, difference, relative = _errors(analytic, numeric)
    if relative < JACOBIAN_RTOL or difference < JACOBIAN_ATOL:
        return
    refined = (4.0 * _central_difference(f, at, 0.5) - numeric) / 3.0
    gaps, difference, relative = _errors(analytic, refined)
    if relative < JACOBIAN_RTOL or difference < JACOBIAN_ATOL:
        return
    gaps[~np.isfinite(gaps)] = np.inf  # point at a non-finite entry first
    i, j = np.unravel_index(int(np.argmax(gaps)), gaps.shape)
    when = "" if system.autonomous else f", t = {t:.6g}"
    _fail(
        system.name,
        "jacobian",
        f"analytic {what} differs from central differences of rhs at x = {_shown(x)}{when}: "
        f"entry [{i}, {j}] is {float(analytic[i, j])!r}, differences give "
        f"{float(refined[i, j])!r} (relative error {relative:.3g} > {JACOBIAN_RTOL:g} and "
        f"absolute {difference:.3g} > {JACOBIAN_ATOL:g})",
    )


# --- helpers -------------------------------------------------------------------------------
def _fail(name: str, check: str, problem: str) -> None:
    raise SystemCheckError(name, check, problem)


def _generator(rng: Any, function: str) -> np.random.Generator:
    if rng is None:
        return np.random.default_rng(_DEFAULT_SEED)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise InvalidParameterError(
        "rng", function, "None, a non-negative int or a numpy.random.Generator", rng
    )


def _real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _close(value: float, expected: float, *, absolute: float = 0.0) -> bool:
    return math.isclose(value, expected, rel_tol=1e-9, abs_tol=absolute)


def _shown(values: Any) -> str:
    """Up to eight values, compactly, as in the integration errors."""
    items = list(values)
    text = ", ".join(f"{v:.6g}" if _real(v) else repr(v) for v in items[:_SHOWN_VALUES])
    if len(items) > _SHOWN_VALUES:
        text += f", ... ({len(items)} values)"
    return f"[{text}]"


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else "(no message)"
