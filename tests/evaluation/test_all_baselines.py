"""Every built-in baseline over a task: a few systems by default, the whole registry
behind the ``slow`` marker."""

import numpy as np
import pytest

from chaosbench import get
from chaosbench.evaluation import Task, get_task
from chaosbench.evaluation.baselines import BASELINES
from chaosbench.evaluation.runner import evaluate_baselines


def _check_complete(results, task, systems):
    """Every baseline has a row for every system and case, scored or failed with a reason."""
    for name, group in results.groupby("forecaster"):
        cases = group.groupby(["system", "ic"]).ngroups
        assert cases == len(systems) * task.n_test, name
        failed = group[group.status == "failed"]
        assert (failed.reason.str.len() > 0).all(), name
    assert results.forecaster.nunique() == len(BASELINES)
    vpt = results[results.metric == "vpt_smape"]
    oracle = vpt[vpt.forecaster == "oracle"]
    # the oracle is exact for autonomous flows and maps (see its docstring): full horizon
    exact = [s for s in systems if get(s).kind != "delay" and get(s).autonomous]
    oracle = oracle[oracle.system.isin(exact)]
    # the scored span in Lyapunov times: maps are sampled at every iterate, flows at
    # the task's points per Lyapunov time
    per_step = [1.0 / get(s).annotations["lyapunov_time"] if get(s).kind == "map"
                else 1.0 / task.pts_per_lyapunov for s in oracle.system]  # fmt: skip
    full = oracle.scored_steps.to_numpy() * np.array(per_step)
    assert np.all(oracle.value.to_numpy() <= full + 1e-9)
    assert (oracle.value.to_numpy() >= 0.9 * full).mean() >= 0.9
    mean = vpt[vpt.forecaster == "mean"]
    assert np.median(oracle.value) > np.median(mean.value)


def test_all_baselines_on_the_reduced_task():
    task = get_task("reduced")
    systems = task.dataset_config().system_names()
    results = evaluate_baselines(task, workers=2)
    _check_complete(results, task, systems)


@pytest.mark.slow
def test_all_baselines_over_the_whole_registry():
    task = Task(
        name="registry_sweep",
        description="every chaotic system, one test case",
        systems="all",
        pts_per_lyapunov=30,
        context_length=512,
        horizon_lyapunov=10.0,
        n_test=1,
        n_train=1,
    )
    systems = task.dataset_config().system_names()
    assert len(systems) > 150
    results = evaluate_baselines(task, workers=2)
    _check_complete(results, task, systems)
