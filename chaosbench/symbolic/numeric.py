"""Numeric scores of a candidate model: how well it reproduces the vector field and the flow.

Three families, each computed on the task's data (:mod:`chaosbench.symbolic.data`):

- derivative space: the candidate's vector field against the true one on held-out
  attractor points (Gilpin 2021);
- trajectories: the candidate integrated by the package's compiled integrators from
  the training and from held-out initial conditions, compared point by point over a
  short window (the R2 and accuracy of ODEBench, d'Ascoli et al. 2024);
- long runs: the valid prediction time in Lyapunov times and the state-space
  divergence ``D_stsp`` of the candidate's attractor, beside its floor.

A candidate whose integration fails (it blows up, becomes non-finite, or needs more
steps than a generous budget) gets the worst value of each score it cannot finish,
never an exception: ``-inf`` for R2, ``inf`` for ``D_stsp``, and a valid prediction
time that stops where the integration did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chaosbench.errors import ChaosbenchError, InvalidParameterError
from chaosbench.evaluation.metrics import geometry, horizon, pointwise
from chaosbench.symbolic.candidate import candidate_system
from chaosbench.symbolic.data import SymbolicData, get_task, symbolic_data, vector_field

if TYPE_CHECKING:
    from chaosbench.symbolic.data import SymbolicTask
    from chaosbench.systems.system import System

#: R2 thresholds of the trajectory accuracy: ODEBench's 0.9 and a strict 0.999
ACCURACY_THRESHOLDS = {"acc90": 0.9, "acc999": 0.999}
#: integration budget of a candidate: steps per output point (and at least this many)
STEPS_PER_POINT = 200
MIN_STEPS = 100_000
#: largest candidate compiled for the numeric scores, in sympy operations (all variables);
#: compiling takes about a minute at this size and grows faster than linearly. Polynomial
#: candidates large enough for table kernels (see :mod:`chaosbench.systems.polynomial`)
#: compile in seconds and have no limit.
MAX_OPERATIONS = 5000
#: keys of :func:`numeric_scores`, in order
SCORE_KEYS = (
    "derivative_r2",
    "derivative_smape",
    "trajectory_r2_train",
    "trajectory_r2_test",
    "trajectory_acc90_train",
    "trajectory_acc999_train",
    "trajectory_acc90_test",
    "trajectory_acc999_test",
    "trajectory_window",
    "diverged",
    "vpt_smape",
    "vpt_nrmse",
    "d_stsp",
    "d_stsp_floor",
)


def derivative_scores(truth, predicted) -> dict[str, float]:
    """R2 and sMAPE between the true and a candidate's derivatives at the same states.

    With ``y`` the true derivatives and ``f`` the candidate's, pooled over every
    held-out state (rows) and variable (columns):

    ``R2 = 1 - sum_ij (y_ij - f_ij)**2 / sum_ij (y_ij - ybar_j)**2`` (variance weighted,
    :func:`~chaosbench.evaluation.metrics.pointwise.r2`) and
    ``sMAPE = 1/D sum_j 200/N sum_i |f_ij - y_ij| / (|f_ij| + |y_ij|)``
    (:func:`~chaosbench.evaluation.metrics.pointwise.smape`). This is the
    derivative-space score of W. Gilpin, "Chaos as an interpretable benchmark for
    forecasting and data-driven modelling", NeurIPS Datasets and Benchmarks (2021):
    a recovered model is judged by its vector field on attractor points it was not
    fitted on. A candidate that is undefined (non-finite) at any of the points
    scores the worst values, ``R2 = -inf`` and ``sMAPE = 200``.

    Parameters
    ----------
    truth, predicted : array_like, shape (N, D)
        True and candidate derivatives.

    Returns
    -------
    dict
        ``{"derivative_r2": float, "derivative_smape": float}``.

    Examples
    --------
    >>> derivative_scores([[0.0], [2.0]], [[0.0], [1.0]])  # 1 - 1/2; 200/2 * (0 + 1/3)
    {'derivative_r2': 0.5, 'derivative_smape': 33.33333333333333}
    """
    y = np.asarray(truth, dtype=float)
    f = np.asarray(predicted, dtype=float)
    if f.shape != y.shape:
        raise InvalidParameterError(
            "predicted", "derivative_scores", f"an array of shape {y.shape}", f"shape {f.shape}"
        )
    if not np.all(np.isfinite(f)):
        return {"derivative_r2": -np.inf, "derivative_smape": 200.0}
    with np.errstate(over="ignore", invalid="ignore"):
        return {
            "derivative_r2": _finite_or(pointwise.r2(y, f), -np.inf),
            "derivative_smape": pointwise.smape(y, f),
        }


def _finite_or(value: float, worst: float) -> float:
    value = float(value)
    return value if np.isfinite(value) or np.isnan(value) else worst


def trajectory_r2(truth, forecast, valid: int) -> float:
    """Variance-weighted R2 of a free run over a window, ``-inf`` if it failed inside it.

    ``truth`` and ``forecast`` start at the same initial condition (row 0, left out
    of the score); the score is
    :func:`~chaosbench.evaluation.metrics.pointwise.r2` of rows ``1 .. H-1``. A run
    whose first ``valid`` rows are all that exist (the integration stopped there)
    scores ``-inf`` when ``valid < H``, as does one that overflows.

    Examples
    --------
    >>> t = np.linspace(0.0, 1.0, 5)[:, None]
    >>> trajectory_r2(t, t, valid=5), trajectory_r2(t, t, valid=3)
    (1.0, -inf)
    """
    y = np.asarray(truth, dtype=float)
    if valid < len(y):
        return -np.inf
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite_or(pointwise.r2(y[1:], np.asarray(forecast, dtype=float)[1:]), -np.inf)


def free_runs(
    model: System, ics: np.ndarray, time: np.ndarray, *, rtol: float, atol: float
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate a (candidate) flow from every initial condition, never raising.

    Each run starts at ``time[0]`` and is sampled at ``time``, with the method the
    model's declaration calls for (DOP853 unless it is stiff or semilinear) and at
    most ``max(MIN_STEPS, STEPS_PER_POINT * len(time))`` steps.

    Returns
    -------
    runs : numpy.ndarray, shape (m, n, d)
        The states; rows past a failure are NaN.
    valid : numpy.ndarray of int, shape (m,)
        Number of leading rows of each run that were integrated (``n`` for a run
        that finished).
    """
    from chaosbench.integrate import solve

    problem = model.problem
    n = len(time)
    with np.errstate(all="ignore"):
        result = solve.solve_problem_many(
            problem,
            np.asarray(ics, dtype=float),
            np.broadcast_to(problem.parameter_vector(), (len(ics), len(problem.parameters))),
            np.array(time, dtype=float),  # a writable copy: the kernels take no read-only
            t0=float(time[0]),
            method=problem.default_method(),
            rtol=rtol,
            atol=atol,
            max_steps=max(MIN_STEPS, STEPS_PER_POINT * n),
            workers=1,
        )
    runs = np.array(result.y)
    valid = np.full(len(ics), n, dtype=int)
    for i in result.failures():
        valid[i] = int(np.searchsorted(time, result.t_reached[i], side="right"))
    for i in range(len(ics)):
        bad = np.flatnonzero(~np.all(np.isfinite(runs[i, : valid[i]]), axis=1))
        if bad.size:
            valid[i] = int(bad[0])
        runs[i, valid[i] :] = np.nan
    return runs, valid


def _lyapunov_time(system: System, data: SymbolicData) -> float:
    """The stored Lyapunov time; NaN when there is none, or for other parameters."""
    value = system.annotations.get("lyapunov_time")
    if not value or not np.array_equal(data.parameters, system.parameter_vector()):
        return float("nan")
    return float(value)


def _window(data: SymbolicData, lyapunov_time: float, horizon_lyapunov: float) -> int:
    """Points of the trajectory-R2 window: ``horizon_lyapunov`` Lyapunov times (at
    least 3 points), or every stored point when there is no Lyapunov time."""
    n = len(data.time)
    if not np.isfinite(lyapunov_time):
        return n
    return int(min(n, max(3, 1 + round(horizon_lyapunov * lyapunov_time / data.dt))))


def _vpt(truth, run, valid: int, dt: float, lyapunov_time: float, scale: float):
    """Both valid prediction times of one free run (NaN without a Lyapunov time)."""
    if not np.isfinite(lyapunov_time):
        return float("nan"), float("nan")
    if valid <= 1:
        return 0.0, 0.0
    y, f = truth[1:valid], run[1:valid]
    with np.errstate(over="ignore", invalid="ignore"):
        return (
            horizon.valid_prediction_time_smape(y, f, dt, lyapunov_time),
            horizon.valid_prediction_time_nrmse(y, f, dt, lyapunov_time, scale=scale),
        )


def _divergence(truth, run, valid: int) -> float:
    """``D_stsp`` of a free run against the truth; ``inf`` if the run did not finish."""
    if valid < len(truth):
        return float("inf")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        value = float(geometry.state_space_divergence(truth, run))
    return value if np.isfinite(value) else float("inf")


def _divergences(truths: np.ndarray, runs: np.ndarray, valid: np.ndarray) -> tuple[float, float]:
    """``D_stsp`` of the candidate's runs and its floor, both between independent runs.

    With ``m >= 2`` held-out trajectories, truth ``i`` is compared with the candidate's
    run from the next initial condition, ``(i + 1) mod m``, and the floor with the true
    trajectory from it: a perfect candidate scores exactly the floor, and neither
    value is lowered by the stretch over which a run still follows its own truth.
    With one trajectory, the run from the same initial condition, and no floor.
    """
    m = len(truths)
    if m == 1:
        return _divergence(truths[0], runs[0], valid[0]), float("nan")
    following = [(i + 1) % m for i in range(m)]
    value = [_divergence(truths[i], runs[j], valid[j]) for i, j in enumerate(following)]
    floor = [_divergence(truths[i], truths[j], len(truths[j])) for i, j in enumerate(following)]
    return float(np.mean(value)), float(np.mean(floor))


def _compiled(candidate, system: System) -> System:
    """The candidate as a system with its right-hand side compiled; a candidate the code
    generator or the compiler cannot handle raises :class:`~chaosbench.errors.ChaosbenchError`.
    (The Jacobian is compiled only if an implicit integrator needs it.)"""
    import sympy

    from chaosbench.systems.codegen import TABLE_MIN_TERMS
    from chaosbench.systems.polynomial import polynomial_table

    model = candidate_system(candidate, system)
    table = polynomial_table(model.declaration)
    size = sum(sympy.count_ops(e) for e in model.equations)
    if size > MAX_OPERATIONS and (table is None or table.n_terms < TABLE_MIN_TERMS):
        raise ChaosbenchError(
            f"the candidate model of {system.name} is too large to compile for the numeric "
            f"scores: {size} operations, more than {MAX_OPERATIONS}"
        )
    try:
        _ = model.kernels.rhs
    except ChaosbenchError:
        raise
    except Exception as exc:  # sympy or numba failing on an unusual candidate
        raise ChaosbenchError(
            f"the candidate model of {system.name} could not be compiled: "
            f"{type(exc).__name__}: {str(exc)[:200]}"
        ) from None
    return model


def numeric_scores(
    candidate, system, *, parameters=None, task: str | SymbolicTask | None = None
) -> dict[str, float]:
    """Every numeric score of a candidate model of a flow.

    Parameters
    ----------
    candidate : sequence of sympy.Expr
        One right-hand side per variable of ``system``, in the variables' symbols
        (matched by name) and ``t``, with numbers only.
    system : str or System
        The true flow (a registry name or a system).
    parameters
        Parameter overrides of the true system (the data are then generated in
        memory, see :func:`chaosbench.symbolic.data.symbolic_data`).
    task
        A symbolic task name or :class:`~chaosbench.symbolic.data.SymbolicTask`
        (default ``"default"``).

    Returns
    -------
    dict of str to float
        With the keys of :data:`SCORE_KEYS`:

        ``derivative_r2``, ``derivative_smape``
            :func:`derivative_scores` on the held-out (test) trajectories' clean
            states, against the exact derivatives.
        ``trajectory_r2_train``, ``trajectory_r2_test``
            Median over the training (resp. held-out) initial conditions of
            :func:`trajectory_r2`: the candidate integrated from the clean first state
            of each trajectory, against that trajectory, over ``trajectory_window``.
        ``trajectory_acc90_*``, ``trajectory_acc999_*``
            Fraction of those initial conditions with ``R2 > 0.9`` (the accuracy of
            S. d'Ascoli et al., "ODEFormer: symbolic regression of dynamical systems
            with transformers", ICLR 2024, whose benchmark is ODEBench) and with
            ``R2 > 0.999``.
        ``trajectory_window``
            The window's length in time units: the task's ``horizon_lyapunov``
            Lyapunov times (a chaotic flow's trajectories separate after a few, even
            for an almost exact model), or the whole stored trajectory for flows
            without a Lyapunov time.
        ``diverged``
            Fraction of the candidate's integrations that failed.
        ``vpt_smape``, ``vpt_nrmse``
            Median over the held-out initial conditions of the valid prediction
            time, in Lyapunov times, over the whole stored trajectory
            (:func:`~chaosbench.evaluation.metrics.horizon.valid_prediction_time_smape`,
            threshold 30;
            :func:`~chaosbench.evaluation.metrics.horizon.valid_prediction_time_nrmse`,
            threshold 0.5, scale the RMS size of the held-out trajectories); NaN
            without a Lyapunov time (or with parameter overrides, whose Lyapunov
            time is not stored).
        ``d_stsp``, ``d_stsp_floor``
            Mean over the held-out trajectories of the state-space divergence
            (:func:`~chaosbench.evaluation.metrics.geometry.state_space_divergence`,
            over the whole stored length) between each true trajectory and the
            candidate's run from the next held-out initial condition, and its floor:
            the same with the true trajectory from that initial condition, so a
            perfect candidate scores exactly the floor (with one held-out trajectory:
            the run from its own initial condition, and a NaN floor).

    Raises
    ------
    ChaosbenchError
        If the system is not a flow, or the candidate is not one real expression
        per variable in the variables and ``t``, or cannot be compiled
        (:class:`~chaosbench.errors.InvalidParameterError` names the variable at
        fault), or is larger than :data:`MAX_OPERATIONS`. A candidate that merely
        integrates badly is scored, not refused.

    Examples
    --------
    >>> import chaosbench
    >>> from chaosbench.symbolic.data import SymbolicTask
    >>> lorenz = chaosbench.get("Lorenz")
    >>> truth = [e.subs({lorenz.symbols[k]: v for k, v in lorenz.parameters.items()})
    ...          for e in lorenz.equations]
    >>> small = SymbolicTask("demo", n_points=400, n_train=1, n_test=2)
    >>> scores = numeric_scores(truth, lorenz, task=small)
    >>> scores["derivative_r2"], scores["trajectory_acc999_test"]
    (1.0, 1.0)
    """
    from chaosbench.systems.registry import get

    task = get_task(task)  # first: it registers a task's generated systems
    if isinstance(system, str):
        system = get(system)
    data = symbolic_data(system, task, parameters=parameters)
    model = _compiled(candidate, system)
    scores = derivative_scores(
        data.test.derivatives.reshape(-1, system.dimension),
        vector_field(model, data.test.clean, data.time).reshape(-1, system.dimension),
    )
    lyapunov_time = _lyapunov_time(system, data)
    window = _window(data, lyapunov_time, task.horizon_lyapunov)
    options = {"rtol": task.rtol, "atol": task.atol}
    train_runs, train_valid = free_runs(
        model, data.train.initial_conditions, data.time[:window], **options
    )
    test_runs, test_valid = free_runs(model, data.test.initial_conditions, data.time, **options)
    for split, truth, runs, valid in (
        ("train", data.train.clean, train_runs, train_valid),
        ("test", data.test.clean, test_runs, np.minimum(test_valid, window)),
    ):
        r2s = np.array(
            [trajectory_r2(y[:window], f[:window], v) for y, f, v in zip(truth, runs, valid)]
        )
        scores[f"trajectory_r2_{split}"] = float(np.median(r2s))
        for name, threshold in ACCURACY_THRESHOLDS.items():
            scores[f"trajectory_{name}_{split}"] = float(np.mean(r2s > threshold))
    scores["trajectory_window"] = float(data.time[window - 1] - data.time[0])
    scores["diverged"] = float(
        np.mean(np.concatenate([train_valid < window, test_valid < len(data.time)]))
    )
    truths = data.test.clean
    scale = float(np.sqrt(np.mean(np.sum((truths - truths.mean(axis=(0, 1))) ** 2, axis=-1))))
    vpts = np.array(
        [
            _vpt(y, f, v, data.dt, lyapunov_time, scale)
            for y, f, v in zip(truths, test_runs, test_valid)
        ]
    )
    scores["vpt_smape"] = float(np.median(vpts[:, 0]))
    scores["vpt_nrmse"] = float(np.median(vpts[:, 1]))
    scores["d_stsp"], scores["d_stsp_floor"] = _divergences(truths, test_runs, test_valid)
    return {key: scores[key] for key in SCORE_KEYS}
