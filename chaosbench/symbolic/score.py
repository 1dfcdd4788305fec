"""``chaosbench.symbolic.score``: score submitted equations of a flow against its truth.

The truth of a flow is its declared right-hand side with the parameter values
substituted (the defaults, or those given). A submission is read by
:func:`~chaosbench.symbolic.parse.parse_submission`; each variable's expression is
then compared with its truth by :mod:`chaosbench.symbolic.recovery` (exact recovery,
symbolic solution, term support, complexity), and the system's scores pool the
variables. Optionally, the numeric scores of
:func:`chaosbench.symbolic.numeric.numeric_scores` (derivative and trajectory
accuracy) are added. An expression that cannot be read is a scored failure: it
recovers nothing, and the score carries the reason.

:func:`score_submission` scores a folder holding one ``<SystemName>.json`` per
system and returns a long table, one row per system, variable and metric, like the
results table of :func:`chaosbench.evaluate`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chaosbench.errors import ChaosbenchError
from chaosbench.symbolic import recovery
from chaosbench.symbolic.parse import _flow, parse_submission
from chaosbench.symbolic.recovery import SymbolicMatch, TermSupport

if TYPE_CHECKING:
    import pandas as pd
    import sympy

    from chaosbench.systems.system import System

#: columns of the table of :func:`score_submission` and :meth:`SymbolicScore.rows`
COLUMNS = ("system", "variable", "metric", "value", "detail", "status", "reason")
#: the ``variable`` of rows that pool a system's variables
POOLED = "all"
#: metrics of one variable (and pooled), in order
METRICS = (
    "exact",
    "symbolic_solution",
    "constant",
    "precision",
    "recall",
    "f1",
    "coefficient_error",
    "complexity",
    "complexity_truth",
    "complexity_ratio",
)


@dataclass(frozen=True)
class _Truth:
    expression: sympy.Expr  # parameters substituted, Min and Max as stand-ins
    rounded: sympy.Expr
    terms: dict
    complexity: int


@lru_cache(maxsize=64)
def _truths(system: System, values: tuple[float, ...]) -> tuple[_Truth, ...]:
    """The prepared truths of a system (cached: systems of the registry are singletons)."""
    import sympy

    substitutions = {
        system.symbols[p]: sympy.Float(v) for p, v in zip(system.parameter_names, values)
    }
    truths = []
    for equation in system.equations:
        expression = recovery.opaque_lattice(equation).xreplace(substitutions)
        form = recovery.canonical(expression)
        truths.append(
            _Truth(
                expression,
                recovery.srbench_round(form),
                recovery.term_coefficients(form, expanded=True),
                _complexity(expression),
            )
        )
    return tuple(truths)


def true_equations(system: str | System, parameters=None) -> tuple[sympy.Expr, ...]:
    """The truth of a flow: its right-hand sides with the parameter values substituted.

    ``Min`` and ``Max`` are the stand-ins of
    :func:`~chaosbench.symbolic.recovery.opaque_lattice` (they print the same;
    :func:`~chaosbench.symbolic.recovery.real_lattice` gives sympy's own).

    Examples
    --------
    >>> true_equations("Lorenz")[0]
    -10.0*x + 10.0*y
    """
    system = _flow(system)
    return tuple(t.expression for t in _system_truths(system, parameters))


def _system_truths(system: System, parameters) -> tuple[_Truth, ...]:
    values = tuple(float(v) for v in system.parameter_vector(parameters, function="score"))
    return _truths(system, values)


def _complexity(expression: sympy.Expr) -> int:
    """Node count of an expression as written, numbers as rounded floats."""
    rounded = recovery.srbench_round(recovery.as_floats(recovery.opaque_lattice(expression)))
    return recovery.complexity(rounded)


@dataclass(frozen=True)
class VariableScore:
    """The symbolic scores of one variable's expression.

    Attributes
    ----------
    variable, text
        The variable and the submitted text (None when nothing was submitted).
    status, reason
        ``"ok"``, or ``"failed"`` with the reason when the text was not read (it
        then recovers nothing: not exact, ``"different"``, no terms).
    candidate, truth
        The candidate and the true right-hand side, both rounded by the SRBench rule
        (:func:`~chaosbench.symbolic.recovery.rounded`); the candidate is None on
        failure.
    match, terms
        :class:`~chaosbench.symbolic.recovery.SymbolicMatch` and
        :class:`~chaosbench.symbolic.recovery.TermSupport` against the truth.
    complexity, complexity_truth
        Node counts (:func:`~chaosbench.symbolic.recovery.complexity`) of the
        submitted expression and of the truth, each as written (not expanded),
        numbers rounded; the first is None on failure.
    """

    variable: str
    text: str | None
    status: str
    reason: str
    candidate: sympy.Expr | None
    truth: sympy.Expr
    match: SymbolicMatch
    terms: TermSupport
    complexity: int | None
    complexity_truth: int

    def metrics(self) -> dict[str, float]:
        """The metrics of :data:`METRICS`, as floats (booleans as 0 and 1)."""
        return _metrics(self.match, self.terms, self.complexity, self.complexity_truth)


def _metrics(
    match: SymbolicMatch, terms: TermSupport, complexity: int | None, complexity_truth: int
) -> dict[str, float]:
    size = math.nan if complexity is None else float(complexity)
    return {
        "exact": float(match.exact),
        "symbolic_solution": float(match.symbolic_solution),
        "constant": match.value,
        "precision": terms.precision,
        "recall": terms.recall,
        "f1": terms.f1,
        "coefficient_error": terms.coefficient_error,
        "complexity": size,
        "complexity_truth": float(complexity_truth),
        "complexity_ratio": size / complexity_truth if complexity_truth else math.nan,
    }


@dataclass(frozen=True)
class SymbolicScore:
    """The scores of one submission for one flow.

    Attributes
    ----------
    system, naming
        The system's name; how the submission named variables (``"system"`` or
        ``"positional"``).
    status, reason
        ``"ok"`` when every expression was read, else ``"failed"`` with the
        reasons (``"variable: reason; ..."``). The symbolic scores exist either
        way: an unread expression recovers nothing.
    variables
        One :class:`VariableScore` per state variable, in order.
    numeric
        The numeric scores (:func:`chaosbench.symbolic.numeric.numeric_scores`);
        empty when not computed.
    numeric_status, numeric_reason
        ``"ok"``, ``"failed"`` (the candidate could not be scored numerically, with
        the reason) or ``"skipped"`` (not requested, or an expression was not read).
    parameters
        The parameter values of the truth.
    """

    system: str
    naming: str
    status: str
    reason: str
    variables: tuple[VariableScore, ...]
    numeric: Mapping[str, float] = field(default_factory=dict)
    numeric_status: str = "skipped"
    numeric_reason: str = ""
    parameters: Mapping[str, float] = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        """Every variable recovered exactly."""
        return all(v.match.exact for v in self.variables)

    @property
    def symbolic_solution(self) -> bool:
        """Every variable a symbolic solution (SRBench)."""
        return all(v.match.symbolic_solution for v in self.variables)

    @property
    def kind(self) -> str:
        """The system's kind: ``"identical"`` when every variable is, ``"different"``
        when any variable is, otherwise the kind shared by the variables that are
        not identical (``"constant_offset"`` or ``"constant_factor"``), or
        ``"mixed"``."""
        kinds = {v.match.kind for v in self.variables}
        if "different" in kinds:
            return "different"
        rest = kinds - {"identical"}
        if not rest:
            return "identical"
        return rest.pop() if len(rest) == 1 else "mixed"

    @property
    def terms(self) -> TermSupport:
        """Term support pooled over the variables."""
        return TermSupport.pooled([v.terms for v in self.variables])

    @property
    def candidate(self) -> tuple[sympy.Expr, ...] | None:
        """The rounded candidate (None if an expression was not read)."""
        if any(v.candidate is None for v in self.variables):
            return None
        return tuple(v.candidate for v in self.variables)

    def metrics(self) -> dict[str, float]:
        """The pooled metrics of :data:`METRICS` (``constant`` is NaN), as floats.

        Complexities are summed over the variables (NaN if an expression was not read).
        """
        sizes = [v.complexity for v in self.variables]
        size = None if any(s is None for s in sizes) else sum(sizes)
        truth = sum(v.complexity_truth for v in self.variables)
        pooled = SymbolicMatch(self.exact, "identical" if self.symbolic_solution else "different")
        return _metrics(pooled, self.terms, size, truth)

    def to_dict(self) -> dict[str, Any]:
        """Flat summary: ``system``, ``status``, ``reason``, ``naming``, the pooled
        metrics (``exact`` and ``symbolic_solution`` as booleans), ``kind``, each
        numeric score, ``numeric_status`` and ``numeric_reason``.

        Examples
        --------
        >>> s = score(["10 (x1 - x0)", "x0 (28 - x2) - x1", "x0 x1 - 2.667 x2"], "Lorenz",
        ...           numeric=False)
        >>> d = s.to_dict()
        >>> d["status"], d["exact"], d["kind"], d["f1"], d["complexity_ratio"]
        ('ok', True, 'identical', 1.0, 1.0)
        """
        metrics = self.metrics()
        out: dict[str, Any] = {
            "system": self.system,
            "status": self.status,
            "reason": self.reason,
            "naming": self.naming,
            "exact": self.exact,
            "symbolic_solution": self.symbolic_solution,
            "kind": self.kind,
        }
        out.update({k: v for k, v in metrics.items() if k not in out and k != "constant"})
        out.update(self.numeric)
        out["numeric_status"] = self.numeric_status
        out["numeric_reason"] = self.numeric_reason
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Long rows (see :data:`COLUMNS`): each variable's metrics, the pooled ones
        (variable ``"all"``), then the numeric scores. ``detail`` holds the kind of
        the ``symbolic_solution`` and ``constant`` rows.

        Examples
        --------
        >>> s = score(["10 (y - x) + 1", "x (28 - z) - y", "x y - 2.667 z"], "Lorenz",
        ...           numeric=False)
        >>> [(r["metric"], r["value"], r["detail"]) for r in s.rows()[1:3]]
        [('symbolic_solution', 1.0, 'constant_offset'), ('constant', 1.0, 'constant_offset')]
        """
        rows = []
        for v in self.variables:
            base = {"system": self.system, "variable": v.variable, "status": v.status}
            base["reason"] = v.reason
            rows += _metric_rows(base, v.metrics(), v.match.kind)
        base = {"system": self.system, "variable": POOLED, "status": self.status}
        base["reason"] = self.reason
        pooled = self.metrics()
        del pooled["constant"]
        rows += _metric_rows(base, pooled, self.kind)
        base = {"system": self.system, "variable": POOLED, "status": self.numeric_status}
        base["reason"] = self.numeric_reason
        if self.numeric_status == "ok":
            rows += [{**base, "metric": k, "value": float(v), "detail": ""}
                     for k, v in self.numeric.items()]  # fmt: skip
        else:
            rows.append({**base, "metric": "numeric", "value": math.nan, "detail": ""})
        return rows


def _metric_rows(base: dict[str, Any], metrics: dict[str, float], kind: str) -> list[dict]:
    rows = []
    for metric, value in metrics.items():
        if metric == "constant" and kind not in ("constant_offset", "constant_factor"):
            continue
        detail = kind if metric in ("symbolic_solution", "constant") else ""
        rows.append({**base, "metric": metric, "value": value, "detail": detail})
    return rows


def score(
    expressions: object,
    system: str | System,
    *,
    parameters: Mapping[str, float] | Sequence[float] | None = None,
    numeric: bool = True,
    task=None,
    naming: str = "auto",
) -> SymbolicScore:
    """Score one submission (one expression per state variable) of a flow.

    Parameters
    ----------
    expressions
        The submission: a list of strings in variable order, a mapping
        ``{variable: string}`` or one string with one equation per line; see
        :func:`~chaosbench.symbolic.parse.parse_submission` for the syntax
        (system or positional names, ``^``, implicit products, left-hand sides).
    system
        The flow (registry name or system). Maps and delay systems are rejected.
    parameters
        Parameter values of the truth (default: the system's); parameter names in
        the submission take these values too.
    numeric
        Also compute the numeric scores
        (:func:`chaosbench.symbolic.numeric.numeric_scores`, which integrates the
        candidate; seconds per system). They need every expression read.
    task
        The symbolic task of the numeric scores (default: ``"default"``).
    naming
        ``"auto"``, ``"system"`` or ``"positional"``.

    Returns
    -------
    SymbolicScore
        Per-variable and pooled scores. For each variable:

        ``exact``
            The candidate and the truth, expanded and with every number rounded by
            the SRBench rule (0 below ``1e-4`` in magnitude, else 3 decimals), are
            identical (La Cava et al., NeurIPS Datasets and Benchmarks 2021).
        ``symbolic_solution``, ``kind``, ``constant``
            SRBench's symbolic solution: the difference with the truth is 0
            (``identical``) or a constant (``constant_offset``, ``constant`` the
            offset), or the ratio a non-zero constant (``constant_factor``,
            ``constant`` the factor); see
            :func:`~chaosbench.symbolic.recovery.symbolic_match`.
        ``precision``, ``recall``, ``f1``, ``coefficient_error``
            Support of the expanded terms (shapes without their coefficients;
            coefficients below ``1e-4`` dropped) and mean ``|c_hat - c| / |c|``
            over the shared terms (:func:`~chaosbench.symbolic.recovery.term_support`).
        ``complexity``, ``complexity_truth``, ``complexity_ratio``
            sympy node counts of the candidate and the truth as written, and
            their ratio.

        Pooled: exact and symbolic solution when every variable is; precision,
        recall and F1 from the summed counts; coefficient error over every matched
        term; complexities summed.

    Raises
    ------
    ChaosbenchError
        If the system is unknown or not a flow, or an argument is invalid. An
        expression that cannot be read is not an error: it is a failed variable.

    Examples
    --------
    >>> s = score(["-10.000 x0 + 10.000 x1", "27.985 x0 + -0.999 x1 + -1.000 x0 x2",
    ...            "-2.667 x2 + 1.000 x0 x1"], "Lorenz", numeric=False)
    >>> s.exact, [v.match.exact for v in s.variables], round(s.terms.coefficient_error, 5)
    (False, [True, False, True], 0.00024)
    """
    system = _flow(system)
    truths = _system_truths(system, parameters)
    parsed = parse_submission(expressions, system, parameters=parameters, naming=naming)
    variables = tuple(_score_variable(entry, truth) for entry, truth in zip(parsed.entries, truths))
    failures = [f"{v.variable}: {v.reason}" for v in variables if v.status != "ok"]
    failures += list(parsed.problems)
    values = dict(zip(system.parameter_names, system.parameter_vector(parameters)))
    result = SymbolicScore(
        system.name,
        parsed.naming,
        "failed" if failures else "ok",
        "; ".join(failures),
        variables,
        parameters={k: float(v) for k, v in values.items()},
    )
    if not numeric:
        return _replace(result, numeric_reason="not requested")
    if not parsed.ok:
        return _replace(result, numeric_reason="not every expression was read")
    from chaosbench.symbolic.numeric import numeric_scores

    try:
        candidate = tuple(recovery.real_lattice(e) for e in parsed.candidate)
        scores = numeric_scores(candidate, system, parameters=parameters, task=task)
    except ChaosbenchError as exc:
        return _replace(result, numeric_status="failed", numeric_reason=str(exc))
    return _replace(result, numeric={k: float(v) for k, v in scores.items()}, numeric_status="ok")


def _replace(result: SymbolicScore, **changes) -> SymbolicScore:
    from dataclasses import replace

    return replace(result, **changes)


def _score_variable(entry, truth: _Truth) -> VariableScore:
    reason = entry.reason
    if entry.ok:
        try:
            form = recovery.canonical(entry.expression)
            candidate = recovery.srbench_round(form)
            match = recovery.compare_rounded(candidate, truth.rounded)
            coefficients = recovery.term_coefficients(form, expanded=True)
            terms = recovery.term_support(coefficients, truth.terms)
            return VariableScore(entry.variable, entry.text, "ok", "", candidate,
                                 truth.rounded, match, terms, _complexity(entry.expression),
                                 truth.complexity)  # fmt: skip
        except (ArithmeticError, TypeError, ValueError, RecursionError) as exc:
            # sympy gave up on the expression (such as a modulo by zero found by expanding)
            reason = f"the expression cannot be compared: {type(exc).__name__}: {exc}"[:300]
    terms = TermSupport(len(truth.terms), 0, 0)
    match = SymbolicMatch(False, "different")
    return VariableScore(entry.variable, entry.text, "failed", reason, None, truth.rounded,
                         match, terms, None, truth.complexity)  # fmt: skip


# --- files ----------------------------------------------------------------------------------


def load_equations(path: str | Path) -> list | dict | str:
    """Read a submission file: JSON (a list of strings in variable order, or an object
    ``{variable: string}``) or, for any other suffix, text with one equation per line.

    Raises
    ------
    ChaosbenchError
        If the file is missing, is not valid JSON, or holds something else.
    """
    path = Path(path)
    if not path.is_file():
        what = "is not a regular file" if path.exists() else "does not exist"
        raise ChaosbenchError(f"equations file {str(path)!r} {what}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChaosbenchError(f"equations file {str(path)!r} cannot be read: {exc}") from None
    if path.suffix.lower() != ".json":
        return text
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ChaosbenchError(f"equations file {str(path)!r} is not valid JSON: {exc}") from None
    values = data.values() if isinstance(data, dict) else data
    if not isinstance(data, (list, dict)) or not all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values
    ):
        raise ChaosbenchError(
            f"equations file {str(path)!r} must hold a list of strings (one per variable) "
            "or an object {variable: string}"
        )
    return data


def score_submission(
    folder: str | Path, *, numeric: bool = True, task=None, naming: str = "auto"
) -> pd.DataFrame:
    """Score a folder of submissions, one ``<SystemName>.json`` per system.

    Parameters
    ----------
    folder
        The folder; each ``*.json`` file in it is named after its system and holds
        a list of strings in variable order or an object ``{variable: string}``.
    numeric, task, naming
        As in :func:`score`.

    Returns
    -------
    pandas.DataFrame
        The rows of :meth:`SymbolicScore.rows` of every system, by file name, with
        the columns of :data:`COLUMNS`. A file that cannot be scored (an unknown
        system, a map, invalid JSON) is one ``failed`` row (metric ``status``) with
        the reason, never an exception.

    Raises
    ------
    ChaosbenchError
        If the folder does not exist or holds no ``.json`` file.
    """
    import pandas as pd

    folder = Path(folder)
    if not folder.is_dir():
        raise ChaosbenchError(f"submission folder {str(folder)!r} does not exist")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise ChaosbenchError(f"submission folder {str(folder)!r} holds no <SystemName>.json file")
    rows: list[dict[str, Any]] = []
    for path in files:
        try:
            result = score(load_equations(path), path.stem, numeric=numeric, task=task,
                           naming=naming)  # fmt: skip
        except ChaosbenchError as exc:
            rows.append({"system": path.stem, "variable": POOLED, "metric": "status",
                         "value": math.nan, "detail": "", "status": "failed",
                         "reason": str(exc)})  # fmt: skip
            continue
        rows += result.rows()
    return pd.DataFrame(rows, columns=list(COLUMNS))
