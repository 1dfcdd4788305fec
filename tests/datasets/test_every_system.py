"""Every registered system generates with the default dataset config."""

import numpy as np
import pytest

import chaosbench
from chaosbench import DatasetConfig
from chaosbench.datasets import generation
from chaosbench.datasets.generation import compute_unit, plan, system_plan
from chaosbench.errors import ChaosbenchError

#: the default config, shortened: every other field (splits, transient, seed, tolerances,
#: reliable horizon) as a user gets it without a config file
SHORT = {"n_points": 60}


@pytest.mark.parametrize("name", chaosbench.systems())
def test_every_system_generates_with_the_default_config(name):
    config = DatasetConfig(systems=[name], **SHORT)
    units = plan(config)
    assert sum(u.count for u in units) == sum(config.splits.values())
    for unit in units:
        result = compute_unit(config, unit)
        assert result.data.shape == (unit.count, SHORT["n_points"], chaosbench.get(name).dimension)
        assert np.all(np.isfinite(result.data)), name


def test_delay_starts_are_constant_histories_that_stay_finite():
    """PiecewiseCircuit: a constant history near |x| = 2.9, the edge of the attractor,
    escapes to infinity; the default config drew such a start (member 2 of train)."""
    system = chaosbench.get("PiecewiseCircuit")
    config = DatasetConfig(systems=["PiecewiseCircuit"], splits={"train": 20}, seed=1)
    starts = system_plan("PiecewiseCircuit", config).starts["train"]
    assert len({float(x[0]) for x in starts}) == len(starts)  # distinct points
    for start in starts:  # an independent check: a long run from each constant history
        _, X = system.trajectory(2, dt=500.0, ic=start, max_steps=10**9)
        assert np.all(np.isfinite(X))


def test_an_escaping_outer_start_would_have_been_drawn():
    """The check above is not vacuous: some point of the attractor does escape."""
    system = chaosbench.get("PiecewiseCircuit")
    with pytest.raises(ChaosbenchError, match="PiecewiseCircuit"):
        system.trajectory(2, dt=500.0, ic=[2.9], max_steps=10**9)


def test_a_system_without_a_settling_start_is_named(monkeypatch):
    monkeypatch.setattr(generation, "_settles", lambda *args: False)
    config = DatasetConfig(systems=["MackeyGlass"], splits={"train": 1}, seed=123)
    with pytest.raises(ChaosbenchError, match="MackeyGlass: no starting point"):
        system_plan("MackeyGlass", config)


def test_a_failed_member_names_the_system_split_and_trajectories(monkeypatch):
    from chaosbench.errors import IntegrationError

    def diverge(*args, **kwargs):
        raise IntegrationError("Lorenz (ensemble member 1)", "the state became non-finite", 1, [])

    monkeypatch.setattr(generation, "_integrate", diverge)
    config = DatasetConfig(systems=["Lorenz"], splits={"val": 3}, seed=5)
    with pytest.raises(ChaosbenchError, match=r"Lorenz, split 'val', trajectories 0-2: "):
        compute_unit(config, plan(config)[0])
