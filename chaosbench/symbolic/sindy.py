"""The baseline of the symbolic-recovery track: SINDy, sparse regression on a polynomial library.

:func:`fit_sindy` fits one system's task data with the sequentially thresholded
least squares of :mod:`chaosbench.evaluation.baselines.sindy` and returns the
equations as text in positional names ``x0, x1, ...``, exactly what a user's
tool would submit; :func:`run_baseline` does so for every flow and scores each
fit through the same scorer as any submission.
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from chaosbench import _validation as check
from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.baselines.sindy import (
    PolynomialSINDy,
    polynomial_library,
    polynomial_powers,
    stlsq,
)
from chaosbench.symbolic.data import SymbolicData, SymbolicTask, get_task, symbolic_data

if TYPE_CHECKING:
    import pandas as pd

    from chaosbench.systems.system import System

_FUNCTION = "fit_sindy"
#: significant digits of the coefficients in the returned text
PRECISION = 12
#: the default library is cubic up to this many variables, quadratic beyond
CUBIC_DIMENSION = 6


def library_degree(dimension: int, degree: int, max_terms: int) -> int:
    """The largest degree up to ``degree`` whose polynomial library has at most
    ``max_terms`` monomials (at least 1: the linear library).

    The library of degree ``k`` in ``d`` variables has ``C(d + k, k)`` monomials
    (constant included).

    Examples
    --------
    >>> library_degree(3, 3, 600), library_degree(32, 3, 600)
    (3, 2)
    """
    for k in range(degree, 0, -1):
        if len(polynomial_powers(dimension, k)) <= max_terms:
            return k
    return 1


def _format(value: float) -> str:
    return np.format_float_positional(
        abs(value), precision=PRECISION, unique=True, fractional=False, trim="0"
    )


def fit_sindy(
    system: str | System,
    data: SymbolicData | None = None,
    *,
    degree: int | None = None,
    threshold: float = 0.01,
    max_terms: int = 600,
    max_points: int = 6000,
    alpha: float = 0.0,
    max_iter: int = 20,
    forcing: bool = True,
) -> list[str]:
    """Fit SINDy to one system's task data; return the equations as text.

    The training states ``x`` and the derivatives the task gives (exact, or finite
    differences; see :meth:`~chaosbench.symbolic.data.SymbolicData.given`) are
    regressed on the library ``Theta(x)`` of every monomial of the state up to
    ``degree`` (:func:`~chaosbench.evaluation.baselines.sindy.polynomial_powers`;
    by default 3 for up to :data:`CUBIC_DIMENSION` variables and 2 beyond; the degree
    is lowered until the library has at most ``max_terms`` columns),
    plus, for a forced flow with ``forcing``, ``sin(w t)`` and ``cos(w t)`` at the
    declared forcing frequency ``w = 2 pi / T``. Each column ``theta_k`` is scaled by
    its root mean square ``s_k`` and each derivative ``y_j`` by its own, ``r_j``, so
    the sparsity rule of sequentially thresholded least squares
    (:func:`~chaosbench.evaluation.baselines.sindy.stlsq`; S. L. Brunton, J. L. Proctor
    and J. N. Kutz, "Discovering governing equations from data by sparse
    identification of nonlinear dynamical systems", PNAS 113, 3932 (2016)) is
    scale-free: a term survives when ``|xi_jk| s_k / r_j >= threshold``, i.e. when
    its RMS contribution is at least that fraction of the derivative's RMS.

    Parameters
    ----------
    system
        The flow (registry name or system).
    data
        Its task data (default: :func:`~chaosbench.symbolic.data.symbolic_data` of
        the default task).
    degree
        Largest degree of the polynomial library (default: see above; a cubic
        library in 10 variables already has 286 columns, and a dense fit that size
        takes minutes to compile for the numeric scores).
    threshold
        Relative sparsity threshold (see above).
    max_terms
        Largest number of library columns.
    max_points
        Training states used, evenly spaced over the concatenated trajectories.
    alpha, max_iter
        Ridge penalty and number of thresholding rounds of STLSQ.
    forcing
        Add the forcing harmonics to the library of forced flows.

    Returns
    -------
    list of str
        One equation per variable in positional names ``x0, x1, ...`` (and ``t``),
        such as ``"-10.0*x0 + 10.0*x1"``; coefficients to 12 significant digits.

    Examples
    --------
    >>> from chaosbench.symbolic.data import SymbolicTask, symbolic_data
    >>> data = symbolic_data("Lorenz", SymbolicTask("demo", n_points=500, n_train=1, n_test=1))
    >>> fit_sindy("Lorenz", data)[0]
    '-10.0*x0 + 10.0*x1'
    """
    from chaosbench.systems.registry import get

    if isinstance(system, str):
        system = get(system)
    if data is None:
        data = symbolic_data(system)
    if tuple(data.variables) != tuple(system.variables):
        raise InvalidParameterError(
            "data", _FUNCTION, f"the task data of {system.name}", f"the data of {data.system}"
        )
    if degree is None:
        degree = 3 if system.dimension <= CUBIC_DIMENSION else 2
    degree = check.positive_int(degree, "degree", _FUNCTION)
    threshold = check.positive_float(threshold, "threshold", _FUNCTION, allow_zero=True)
    max_terms = check.positive_int(max_terms, "max_terms", _FUNCTION)
    max_iter = check.positive_int(max_iter, "max_iter", _FUNCTION)
    states, derivatives, times = _training_set(
        data, check.positive_int(max_points, "max_points", _FUNCTION)
    )
    d = system.dimension
    terms = polynomial_powers(d, library_degree(d, degree, max_terms))
    columns = [polynomial_library(states, terms)]
    period = system.forcing_period(data.parameters) if not system.autonomous else None
    frequency = 2.0 * np.pi / period if forcing and period else None
    if frequency is not None:
        columns.append(np.column_stack([np.sin(frequency * times), np.cos(frequency * times)]))
    coefficients = scaled_stlsq(np.hstack(columns), derivatives, threshold, alpha, max_iter)
    model = PolynomialSINDy()  # used for its text output only
    model.coefficients_ = coefficients[:, : len(terms)]
    model.terms_ = terms
    equations = model.equations([f"x{i}" for i in range(d)], precision=PRECISION)
    if frequency is None:
        return equations
    return _with_forcing(equations, coefficients[:, len(terms) :], frequency)


def _training_set(data: SymbolicData, max_points: int):
    """Finite training rows: states, given derivatives and times, at most ``max_points``
    of them, evenly spaced over the concatenated trajectories."""
    states, derivatives = data.given("train")
    d = states.shape[-1]
    times = np.broadcast_to(data.time[None, :], states.shape[:2]).reshape(-1)
    states, derivatives = states.reshape(-1, d), derivatives.reshape(-1, d)
    keep = np.all(np.isfinite(states), axis=1) & np.all(np.isfinite(derivatives), axis=1)
    rows = np.flatnonzero(keep)
    if rows.size == 0:
        raise InvalidParameterError("data", _FUNCTION, "finite training states", "none")
    if rows.size > max_points:
        rows = rows[np.linspace(0, rows.size - 1, max_points).round().astype(np.int64)]
    return states[rows], derivatives[rows], times[rows]


def scaled_stlsq(
    library: np.ndarray, targets: np.ndarray, threshold: float, alpha: float = 0.0,
    max_iter: int = 20,
) -> np.ndarray:  # fmt: skip
    """STLSQ with a scale-free threshold: columns and targets scaled by their RMS.

    With ``s_k`` the root mean square of library column ``k`` and ``r_j`` that of
    target ``j``, :func:`~chaosbench.evaluation.baselines.sindy.stlsq` is run on
    ``Theta_k / s_k`` and ``y_j / r_j``, and the result scaled back,
    ``xi_jk = xi'_jk r_j / s_k``. A term is kept when ``|xi'_jk| >= threshold``: its RMS
    contribution is at least ``threshold`` times the target's RMS. (A zero column or
    target is left unscaled.)

    Returns
    -------
    numpy.ndarray, shape (n_targets, n_terms)

    Examples
    --------
    >>> x = np.linspace(-1.0, 1.0, 50)
    >>> library = np.column_stack([np.ones_like(x), x, x**2])
    >>> scaled_stlsq(library, (3.0 * x - 0.001 * x**2)[:, None], 0.01).round(12)
    array([[0., 3., 0.]])
    """
    column_scale = np.sqrt(np.mean(library**2, axis=0))
    column_scale = np.where(column_scale > 0, column_scale, 1.0)
    target_scale = np.sqrt(np.mean(targets**2, axis=0))
    target_scale = np.where(target_scale > 0, target_scale, 1.0)
    scaled = stlsq(
        library / column_scale, targets / target_scale, threshold, alpha=alpha, max_iter=max_iter
    )
    return scaled * target_scale[:, None] / column_scale[None, :]


def _with_forcing(equations: list[str], coefficients: np.ndarray, frequency: float) -> list[str]:
    """Append the ``sin(w t)`` and ``cos(w t)`` terms (columns of ``coefficients``)."""
    argument = f"{_format(frequency)}*t"
    out = []
    for text, row in zip(equations, coefficients):
        for value, function in zip(row, ("sin", "cos")):
            if value == 0.0:
                continue
            body = f"{_format(value)}*{function}({argument})"
            if text == "0":
                text = ("-" if value < 0 else "") + body
            else:
                text += (" - " if value < 0 else " + ") + body
        out.append(text)
    return out


def _score(equations: list[str], system: System, task: SymbolicTask) -> dict[str, Any]:
    """Score submitted text through the package's scorer (:mod:`chaosbench.symbolic.score`)."""
    from chaosbench.symbolic.score import score

    return dict(score(equations, system, task=task).to_dict())


def _baseline_row(name: str, task: SymbolicTask, options: dict[str, Any]) -> dict[str, Any]:
    """Fit and score one system; a failure is a row with its reason, never an exception."""
    from chaosbench.systems.registry import get

    row: dict[str, Any] = {"system": name, "status": "ok", "reason": ""}
    try:
        task = get_task(task)  # in a worker process: registers generated systems
        system = get(name)
        row["dimension"] = system.dimension
        start = time.perf_counter()
        data = symbolic_data(system, task)
        row["data_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        equations = fit_sindy(system, data, **options)
        row["fit_seconds"] = time.perf_counter() - start
        row["equations"] = "; ".join(equations)
        start = time.perf_counter()
        row.update(_score(equations, system, task))
        row["score_seconds"] = time.perf_counter() - start
    except Exception as exc:  # one system's failure is recorded, the run goes on
        row["status"] = "failed"
        row["reason"] = f"{type(exc).__name__}: {exc}"[:300]
    return row


def run_baseline(
    systems: list[str] | None = None,
    *,
    workers: int | None = None,
    out: str | Path | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Fit and score the SINDy baseline on every flow of a symbolic task.

    Parameters
    ----------
    systems
        Registry names (default: every flow the task covers).
    workers
        Worker processes (default 1: in this process).
    out
        Optional file for the table: ``.json`` (records) or anything else as CSV.
    **options
        ``task`` (a task name or :class:`~chaosbench.symbolic.data.SymbolicTask`,
        default ``"default"``); every other option goes to :func:`fit_sindy`.

    Returns
    -------
    pandas.DataFrame
        One row per system, in registry order: ``system``, ``status`` (``ok`` or
        ``failed``), ``reason``, ``dimension``, the fitted ``equations`` (``; ``
        between variables), the flat metrics of
        :func:`chaosbench.symbolic.score` and the seconds spent on data, fit and
        scoring. A system that fails is a ``failed`` row, never an exception.
    """
    import pandas as pd

    from chaosbench.systems.registry import _canonical
    from chaosbench.systems.registry import systems as registry

    task = get_task(options.pop("task", None))
    if systems is None:
        names = task.system_names()
    else:
        chosen = {_canonical(name) for name in systems}
        names = [name for name in registry("flow") if name in chosen]
        if len(names) < len(chosen):
            raise InvalidParameterError(
                "systems", "run_baseline", "flows only", sorted(chosen - set(names))
            )
    workers = 1 if workers is None else check.positive_int(workers, "workers", "run_baseline")
    if workers == 1 or len(names) <= 1:
        rows = [_baseline_row(name, task, options) for name in names]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            rows = list(pool.map(_baseline_row, names, [task] * len(names), [options] * len(names)))
    table = pd.DataFrame(rows)
    if out is not None:
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".json":
            table.to_json(path, orient="records", indent=1)
        else:
            table.to_csv(path, index=False)
    return table
