"""Acceptance by physics: the tests a candidate passes before it becomes a generated system.

A candidate (:class:`~chaosbench.synthesis.families.Candidate`) is first screened
by fixed-step runs (:mod:`chaosbench.synthesis._screen`) and then verified with the
package's own adaptive integrator and Benettin spectrum, through
:func:`chaosbench.analysis.annotate.annotate_from_equations` at the settings
:data:`SETTINGS`. It is kept only where all of these hold, and the first that
fails is recorded under its name (:data:`TESTS`):

``"bounded"``
    Every run stays finite and inside a ball of radius :data:`ESCAPE` (relative to
    the size of the starting point), and no coordinate drifts.
``"not stationary"``
    The orbit neither settles to a fixed point nor stops moving.
``"positive exponent"``
    The largest Lyapunov exponent, averaged over :data:`SETTINGS`'s independent
    starting points on the attractor, exceeds three standard errors and amounts
    to at least 0.01 e-foldings per characteristic time (the registry's
    ``chaotic`` rule, :func:`chaosbench.analysis.annotate.is_chaotic`), and keeps
    its value on runs four times longer from other points of the attractor
    (:func:`_persists`): periodic and quasi-periodic orbits, whose exponents are
    zero, fail here, also where shear makes their finite-time exponents look
    positive.
``"liouville"``
    The exponents add up to the time average of the divergence (flows) or of
    ``log |det J|`` (maps) along the same orbits, within 1 % of the larger of the
    sum and the largest exponent, as every registry system does.
``"timescale"``
    A dominant period and a sampling step were measured, so that the system is
    sampled in points per Lyapunov time like every other, and the period is at
    most :data:`TIMESCALE_SPREAD` times the characteristic time of the motion
    (:func:`chaosbench.analysis.annotate.speed_timescale`): one dominant timescale,
    not slow drifts punctuated by fast bursts, which no fixed sampling step serves
    (every registry flow has a ratio below 33, most below 15). Flows are checked
    for it before their exponents are measured.
``"distinct"``
    Not a copy of a system accepted before it: the same terms up to a permutation
    of the variables (which also covers rescaled variables, since rescaling keeps
    which terms there are) with Lyapunov spectra equal within their error bars
    (checked in :mod:`chaosbench.synthesis.run`).

The decisions depend on the candidate alone, never on timing, so a run gives the
same systems on any number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chaosbench.analysis.annotate import (
    AnnotationSettings,
    annotate_from_equations,
    capped_interval,
    flow_period,
    is_chaotic,
)
from chaosbench.analysis.lyapunov import lyapunov_spectrum
from chaosbench.errors import ChaosbenchError
from chaosbench.synthesis import _screen
from chaosbench.synthesis.derived import DerivedCandidate
from chaosbench.synthesis.families import Candidate
from chaosbench.systems.declaration import Declaration
from chaosbench.systems.system import System

#: the tests, in the order they are applied; a rejection names the first that failed
TESTS = ("bounded", "not stationary", "positive exponent", "liouville", "timescale", "distinct")

#: verification settings: the registry's pipeline on shorter runs at looser tolerances,
#: with the tangent vectors orthonormalised every 40 sampling steps (the registry: 10),
#: which halves the cost of the exponents and leaves them unchanged within their error
#: bars (the growth per interval stays capped, see
#: :func:`chaosbench.analysis.annotate.annotate_from_equations`)
SETTINGS = AnnotationSettings(
    period_points=2**12,
    transient_periods=20.0,
    lyapunov_ics=5,
    lyapunov_periods=60.0,
    lyapunov_steps_per_interval=40,
    dimension_points=1000,
    dimension_periods=50.0,
    rtol=1e-7,
    atol=1e-10,
)

#: the largest ratio of the dominant period to the characteristic time of the motion
TIMESCALE_SPREAD = 40.0

#: escape radius of every run, relative to ``max(1, |starting point|)``
ESCAPE = 1e4

#: the adaptive run that checks boundedness before the verification: points, spacing
#: (flows; maps are iterated)
BOUNDED_RUN = (4000, 0.25)
#: steps allowed per output point of that run (more: too fast or stiff to sample)
MAX_STEPS_PER_POINT = 30

#: fixed-step screen of flows, a short run and a long one: step, transient steps,
#: measured steps
FLOW_SCREEN = ((0.02, 2500, 5000), (0.02, 7500, 25000))
#: screen of maps: transient and measured iterations
MAP_SCREEN = ((500, 2000), (2000, 20000))
#: screened exponent below which a candidate is not worth verifying (per time unit
#: or per iteration); far below the exponents that pass the verification
SCREEN_MIN_EXPONENT = 0.005

#: the persistence check of the largest exponent: how much longer its runs are, from
#: how many points, and the least fraction of the first estimate it must keep
PERSISTENCE_FACTOR = 4
PERSISTENCE_POINTS = 3
PERSISTENCE_RATIO = 0.7
#: those points are moved off the orbit by this fraction of the attractor's RMS size
PERSISTENCE_SPREAD = 0.02
#: steps allowed per orthonormalisation interval of those runs: an orbit that needs
#: more (one driven off to a far, fast region) fails the check instead of running on
PERSISTENCE_MAX_STEPS = 10_000

#: citation recorded for every generated system
CITATION = "generated by chaosbench.synthesize (see its provenance)"


@dataclass(frozen=True)
class Verdict:
    """What became of one candidate: accepted (``failed is None``) with its annotations,
    or rejected by the test ``failed``."""

    index: int
    failed: str | None
    equations: tuple[str, ...] = ()
    annotations: dict[str, Any] = field(default_factory=dict)


def screen(candidate: Candidate | DerivedCandidate) -> str | None:
    """The test the fixed-step screen fails (``None`` when the candidate goes on).

    A short run first; the few candidates that pass it run again, longer
    (:data:`FLOW_SCREEN`, :data:`MAP_SCREEN`), which catches late escapes and slowly
    decaying shear before the far costlier verification. The steps of flows are
    in the candidate's ``time_unit`` (shorter for systems built from fast registry
    flows), and the least exponent is per that unit.
    """
    p = candidate.packed()
    x0 = np.array(candidate.ic)
    escape = ESCAPE * max(1.0, float(np.max(np.abs(x0))))
    unit = candidate.time_unit
    least = SCREEN_MIN_EXPONENT / (unit if candidate.kind == "flow" else 1.0)
    for stage in FLOW_SCREEN if candidate.kind == "flow" else MAP_SCREEN:
        if candidate.kind == "flow":
            step, transient, measured = stage
            outcome, exponent, _ = _screen.screen_flow(
                p, x0, step * unit, transient, measured, escape, least
            )
        else:
            outcome, exponent, _ = _screen.screen_map(p, x0, *stage, escape, least)
        if outcome == _screen.UNBOUNDED:
            return "bounded"
        if outcome == _screen.STATIONARY:
            return "not stationary"
        if exponent < least:
            return "positive exponent"
    return None


def declaration_of(
    candidate: Candidate | DerivedCandidate, name: str, description: str
) -> Declaration:
    """The candidate as a declaration: exact decimal equations, no parameters."""
    return Declaration(
        name=name,
        kind=candidate.kind,
        variables=candidate.variables,
        parameters={},
        equations=candidate.equations(),
        ic=candidate.ic,
        citation=CITATION,
        field="mathematics",
        description=description,
    )


def verify(
    candidate: Candidate | DerivedCandidate,
    name: str,
    description: str = "",
    twin: dict[str, Any] | None = None,
) -> Verdict:
    """Screen and verify one candidate (see the module's description of the tests).

    ``twin``, for a mutant with the same terms up to their coefficients as its
    parent, holds the parent's ``lyapunov_spectrum`` and ``lyapunov_spectrum_error``:
    a candidate whose spectrum equals it within the error bars is rejected as not
    ``"distinct"`` as soon as its spectrum is known, before the costlier
    persistence runs (the run would reject it anyway, since the parent was kept).
    """
    failed = screen(candidate)
    if failed is not None:
        return Verdict(candidate.index, failed)
    declaration = declaration_of(candidate, name, description)
    system = System(declaration, shared_kernels=True)
    points, spacing = BOUNDED_RUN
    if not _stays_bounded(system, np.array(candidate.ic), (points, spacing * candidate.time_unit)):
        return Verdict(candidate.index, "bounded")
    try:
        with np.errstate(all="ignore"):
            timescales = None
            if system.kind == "flow":
                timescales = flow_period(system, np.array(candidate.ic), SETTINGS)
                if not timescales[0] <= TIMESCALE_SPREAD * timescales[1]:
                    return Verdict(candidate.index, "timescale")
            values = annotate_from_equations(system, SETTINGS, timescales=timescales)
    except ChaosbenchError:  # an integration failed: the orbit escaped or blew up
        return Verdict(candidate.index, "bounded")
    except ValueError:  # a stationary orbit has no timescale
        return Verdict(candidate.index, "not stationary")
    failed = _first_failure(system, values, twin)
    if failed is not None:
        return Verdict(candidate.index, failed)
    return Verdict(candidate.index, None, declaration.equations, values)


def same_spectrum(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether the Lyapunov spectra of two annotation records agree within three
    combined standard errors."""
    x, y = np.array(a["lyapunov_spectrum"]), np.array(b["lyapunov_spectrum"])
    if x.shape != y.shape:
        return False
    ex = np.array(a.get("lyapunov_spectrum_error") or np.zeros_like(x))
    ey = np.array(b.get("lyapunov_spectrum_error") or np.zeros_like(y))
    return bool(np.all(np.abs(x - y) <= 3.0 * np.hypot(ex, ey) + 1e-9 * np.abs(x)))


def _first_failure(
    system: System, values: dict[str, Any], twin: dict[str, Any] | None = None
) -> str | None:
    if values["unbounded_coordinates"]:
        return "bounded"
    spectrum = np.array(values["lyapunov_spectrum"])
    if not np.all(np.isfinite(spectrum)) or not is_chaotic(values):
        return "positive exponent"
    if twin is not None and same_spectrum(values, twin):
        return "distinct"
    if not _persists(system, values):
        return "positive exponent"
    total = float(spectrum.sum())
    divergence = values["mean_divergence"]
    scale = max(abs(total), abs(float(spectrum[0])))
    if divergence is None or not abs(total - divergence) <= 1e-2 * scale:
        return "liouville"
    period, dt = values.get("period"), values.get("dt")
    if system.kind == "flow" and not (
        period is not None and np.isfinite(period) and period > 0 and np.isfinite(dt) and dt > 0
    ):
        return "timescale"
    if not values.get("points_per_lyapunov_time"):
        return "timescale"
    return None


def _persists(system: System, values: dict[str, Any]) -> bool:
    """The largest exponent, measured again on runs :data:`PERSISTENCE_FACTOR` times
    longer from :data:`PERSISTENCE_POINTS` other points of the attractor (each moved
    off it by :data:`PERSISTENCE_SPREAD` of its size), stays positive beyond three
    standard errors and at least :data:`PERSISTENCE_RATIO` of the first estimate; a
    run that escapes fails it too.

    Chaos gives the same exponent on longer runs. Shear does not: where nearby
    periodic or quasi-periodic orbits drift apart linearly (an integrable
    subsystem, a twist), the finite-time exponent decays like ``log(T) / T`` and
    can look positive beyond its error bar on any one run length.
    """
    first = float(values["max_lyapunov"])
    ic = np.array(values["ic"])
    try:
        with np.errstate(all="ignore"):
            if system.kind == "map":
                interval, count = 1.0, PERSISTENCE_FACTOR * SETTINGS.map_iterations
                _, X = system.trajectory(PERSISTENCE_POINTS, transient=1000, ic=ic)
            else:
                period, dt = float(values["period"]), float(values["dt"])
                spacing = 50 * period  # between the starting points
                _, orbit = system.trajectory(
                    PERSISTENCE_POINTS * 100 - 99,
                    dt=spacing / 100,
                    transient=100,
                    ic=ic,
                    rtol=SETTINGS.rtol,
                    atol=SETTINGS.atol,
                )
                X = orbit[::100]
                # as in the annotation: the growth of a tangent vector per interval capped
                interval = capped_interval(system, orbit, SETTINGS.lyapunov_steps_per_interval * dt)
                count = round(PERSISTENCE_FACTOR * SETTINGS.lyapunov_periods * period / interval)
            # off the orbit too: a start a little away from the attractor must come back
            size = np.sqrt(np.mean(X**2))
            kick = np.random.default_rng(len(X)).normal(size=X.shape)
            starts = X + PERSISTENCE_SPREAD * size * kick / np.sqrt(X.shape[1])
            runs = [
                lyapunov_spectrum(
                    system,
                    n_exponents=1,
                    ic=x,
                    interval=interval,
                    n_intervals=count,
                    transient_intervals=count // 20,
                    rtol=SETTINGS.rtol,
                    atol=SETTINGS.atol,
                    max_steps=PERSISTENCE_MAX_STEPS,
                )[0]
                for x in starts
            ]
    except ChaosbenchError:
        return False
    longer = float(np.mean(runs))
    error = float(np.std(runs, ddof=1) / np.sqrt(len(runs)))
    return bool(longer - 3.0 * error > 0 and longer >= PERSISTENCE_RATIO * first)


def _stays_bounded(system: System, ic: np.ndarray, run: tuple[int, float]) -> bool:
    """An adaptive run of ``run = (points, spacing)`` from ``ic`` stays finite, inside
    the escape ball and, over its second half, within ``DRIFT`` times the RMS size of
    its first half (see :mod:`chaosbench.synthesis._screen`), in at most
    :data:`MAX_STEPS_PER_POINT` steps per point over its first tenth and over the
    whole run."""
    points, spacing = run
    limit = ESCAPE * max(1.0, float(np.max(np.abs(ic))))
    # its first tenth alone first, so that an orbit too stiff or fast for the step
    # budget fails after a tenth of that budget
    for count in (max(2, points // 10), points):
        try:
            with np.errstate(all="ignore"):
                if system.kind == "map":
                    _, X = system.trajectory(count, ic=ic)
                else:
                    _, X = system.trajectory(
                        count,
                        dt=spacing,
                        ic=ic,
                        rtol=SETTINGS.rtol,
                        atol=SETTINGS.atol,
                        max_steps=MAX_STEPS_PER_POINT * count,
                    )
        except ChaosbenchError:
            return False
        extent = np.max(np.abs(X), axis=1)
        if not (np.all(np.isfinite(extent)) and extent.max() < limit):
            return False
    square = np.sum(X**2, axis=1)
    half = len(square) // 2
    return bool(np.sqrt(square[half:].mean()) <= _screen.DRIFT * np.sqrt(square[:half].mean()))
