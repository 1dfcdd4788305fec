"""Equations rendered as LaTeX: the left-hand side follows the kind of system."""

import pytest
import sympy

import chaosbench
from chaosbench.systems.codegen import delay_key


@pytest.mark.parametrize("name", chaosbench.systems())
def test_left_hand_side_follows_the_kind(name):
    system = chaosbench.get(name)
    rows = system.latex().splitlines()[1:-1]
    assert len(rows) == system.dimension
    for row in rows:
        if system.kind == "map":
            assert "_{n+1} &=" in row.split("&=")[0] + "&="
        else:
            assert row.startswith(r"\dot{") and "_{n+1}" not in row


@pytest.mark.parametrize("name", chaosbench.systems(kind="delay"))
def test_delayed_terms_are_written_with_their_lag(name):
    system = chaosbench.get(name)
    text = system.latex()
    assert "(t - " in text
    for var, lag in system.delay_terms:  # the internal symbol (x_tau) is not shown
        internal = sympy.latex(system.symbols[delay_key(var, lag)])
        assert internal not in text
