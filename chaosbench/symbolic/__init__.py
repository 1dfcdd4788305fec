"""The symbolic-recovery track: score equations recovered from data against the truth.

A method submits one expression per state variable of a flow, as text
(:mod:`chaosbench.symbolic.parse` reads it safely); :func:`score` compares it with the
system's equations (:mod:`chaosbench.symbolic.recovery`: exact recovery, SRBench's
symbolic solutions, term support, complexity) and, optionally, scores it numerically.

Examples
--------
>>> from chaosbench.symbolic import score
>>> result = score(["10 (y - x)", "x (28 - z) - y", "x y - 8/3 z"], "Lorenz", numeric=False)
>>> result.exact, result.kind
(True, 'identical')
"""

from chaosbench.symbolic.parse import (
    ParsedExpression,
    ParsedSubmission,
    parse_expression,
    parse_submission,
)
from chaosbench.symbolic.recovery import (
    SymbolicMatch,
    TermSupport,
    complexity,
    srbench_round,
    symbolic_match,
    term_coefficients,
    term_support,
)
from chaosbench.symbolic.score import (
    SymbolicScore,
    VariableScore,
    load_equations,
    score,
    score_submission,
    true_equations,
)

__all__ = [
    "ParsedExpression",
    "ParsedSubmission",
    "SymbolicMatch",
    "SymbolicScore",
    "TermSupport",
    "VariableScore",
    "complexity",
    "load_equations",
    "parse_expression",
    "parse_submission",
    "score",
    "score_submission",
    "srbench_round",
    "symbolic_match",
    "term_coefficients",
    "term_support",
    "true_equations",
]
