"""The generating run: the same systems on any number of workers, resumable, checked input."""

import gc
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from numba.core.registry import CPUDispatcher

from chaosbench.errors import ChaosbenchError, InvalidParameterError, UnknownNameError
from chaosbench.synthesis import run, synthesize
from chaosbench.synthesis.acceptance import TESTS


def test_every_candidate_tried_is_counted_once(maps):
    report = maps.report
    assert report["accepted"] == len(maps) == 3
    assert report["candidates"] == report["accepted"] + sum(report["rejected"].values())
    assert set(report["rejected"]) == set(TESTS)
    # the last candidate tried is the last one kept: nothing beyond it is counted
    family = report["by_family"]["map"]
    last = maps[-1].provenance
    assert family["candidates"] - family["mutants"] == last["index"] + 1
    assert family["mutants"] == last["mutant"][0] + 1  # the mutants of the first root, in order


def test_names_and_provenance_say_where_a_system_came_from(maps):
    for system in maps:
        p = system.provenance
        name = f"map{system.dimension}-s0-{p['index']:06d}"
        if "mutant" in p:  # a mutant of an accepted root, which is its parent
            (number,) = p["mutant"]
            assert system.name == f"{name}-m{number:03d}" and p["parents"] == [name]
        else:
            assert system.name == name and p["parents"] == []
        assert p["family"] == "map" and p["seed"] == 0
        assert p["generator"] == f"chaosbench.synthesize {run.GENERATOR_VERSION}"
        assert system.declaration.parameters == {} and system.shared_kernels
    assert "mutant" not in maps[0].provenance and "mutant" in maps[1].provenance
    assert maps[1].provenance["parents"] == [maps[0].name]
    assert maps.header["request"] == {"n": 3, "family": "map", "seed": 0, "dimension": None}


def test_one_worker_two_workers_and_an_executor_give_the_same_file(maps):
    lines = maps.to_lines()
    assert synthesize(3, family="map", workers=2, progress=False).to_lines() == lines
    with ThreadPoolExecutor(2) as pool:
        assert synthesize(3, family="map", executor=pool, progress=False).to_lines() == lines


def test_a_dask_cluster_gives_the_same_file(maps):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        found = synthesize(3, family="map", executor=client.get_executor(), progress=False)
    assert found.to_lines() == maps.to_lines()


def test_a_prefix_of_a_longer_run_is_the_shorter_run(maps):
    assert synthesize(2, family="map", workers=1, progress=False).names == maps.names[:2]


def test_family_all_takes_the_families_in_turn_each_to_its_share(flows):
    # without shares the first polynomial's lineage would fill both places
    found = synthesize(2, family="all", seed=3, workers=1, progress=False)
    assert [s.provenance["family"] for s in found] == ["polynomial", "map"]
    assert set(found.report["by_family"]) == set(run.ALL)
    assert found.names[0] == flows.names[0]  # chunk 0 is the first polynomial chunk


def test_shares_are_equal_and_the_first_families_take_the_remainder():
    assert run.shares(10, ("a", "b", "c", "d")) == {"a": 3, "b": 3, "c": 2, "d": 2}
    assert run.shares(2, ("a", "b", "c")) == {"a": 1, "b": 1, "c": 0}


def test_a_killed_run_resumes_from_its_journal(maps, tmp_path, monkeypatch):
    journal = tmp_path / "run.partial"
    assert (
        synthesize(3, family="map", workers=1, progress=False, journal=journal).to_lines()
        == maps.to_lines()
    )
    lines = journal.read_text().splitlines()
    assert json.loads(lines[0])["journal"]["family"] == "map" and len(lines) > 3
    # as a run killed while writing its third chunk leaves it: the third line torn
    journal.write_text("\n".join(lines[:3]) + "\n" + lines[3][: len(lines[3]) // 2])
    calls = []
    real = run.run_unit
    monkeypatch.setattr(run, "run_unit", lambda *a: calls.append(tuple(a[0])) or real(*a))
    again = synthesize(3, family="map", workers=1, progress=False, journal=journal)
    assert again.to_lines() == maps.to_lines()
    units = [tuple(json.loads(line)["unit"]) for line in lines[1:]]
    assert calls == units[2:]  # only what was missing, in the same order
    assert journal.read_text().splitlines()[:3] == lines[:3]
    with pytest.raises(ChaosbenchError, match="journal of another request"):
        synthesize(3, family="map", seed=1, workers=1, progress=False, journal=journal)


@pytest.mark.parametrize(
    "arguments, error, match",
    [
        ({"n": 0}, InvalidParameterError, "'n' parameter"),
        ({"n": -3}, InvalidParameterError, "'n' parameter"),
        ({"n": 2.5}, InvalidParameterError, "'n' parameter"),
        ({"n": 1, "family": "polynom"}, UnknownNameError, "Did you mean 'polynomial'"),
        (
            {"n": 1, "family": "map", "dimension": 5},
            InvalidParameterError,
            "'map' makes \\(2, 3\\)",
        ),
        ({"n": 1, "dimension": 9}, InvalidParameterError, "any family makes"),
        ({"n": 1, "family": "skew", "dimension": 4}, InvalidParameterError, "'skew' makes"),
        ({"n": 1, "seed": -1}, InvalidParameterError, "'seed' parameter"),
        ({"n": 1, "workers": 0}, InvalidParameterError, "'workers' parameter"),
        ({"n": 1, "executor": "cluster"}, InvalidParameterError, "'executor' parameter"),
    ],
)
def test_bad_requests_fail_before_any_work(arguments, error, match, monkeypatch):
    monkeypatch.setattr(run, "run_unit", lambda *a: pytest.fail("work was done"))
    with pytest.raises(error, match=match):
        synthesize(progress=False, **arguments)


def _compiled_signatures() -> int:
    return sum(len(o.overloads) for o in gc.get_objects() if isinstance(o, CPUDispatcher))


def test_the_number_of_compilations_does_not_grow_with_n(maps):
    for system in maps:  # everything a generated system is used for, once
        system.trajectory(10)
    before = _compiled_signatures()
    more = synthesize(6, family="map", seed=1, workers=1, progress=False)
    for system in more:
        system.trajectory(10)
    assert _compiled_signatures() == before


def _independent_exponent(system):
    """The largest exponent by the public API from other starting points, run longer."""
    result = system.lyapunov_spectrum(
        n_exponents=1, n_runs=4, rel_error=0.05, spread=0.01, seed=12345, max_seconds=60
    )
    return result


def test_kept_systems_are_chaotic_by_an_independent_recomputation(flows, maps):
    for system in [flows[0], maps[0], maps[-1]]:
        result = _independent_exponent(system)
        assert result.sign == 1, (system.name, result.message)


@pytest.mark.slow
def test_every_system_of_a_200_system_run_is_chaotic_by_an_independent_recomputation():
    found = synthesize(200, family="polynomial", seed=0, progress=False)
    assert len(found) == 200
    for system in found:
        result = _independent_exponent(system)
        assert result.sign == 1, (system.name, result.message)
        assert np.isfinite(result.exponents[0])


def test_a_lineage_goes_its_generations_deep_and_stops_at_its_size(monkeypatch):
    from chaosbench.synthesis import families

    monkeypatch.setattr(run, "GENERATIONS", 2)  # small sizes all round, to run fast
    monkeypatch.setattr(families, "MUTANTS", 4)
    monkeypatch.setattr(run, "MUTANTS", 4)
    monkeypatch.setattr(run, "MUTANT_CHUNK", 2)
    monkeypatch.setattr(run, "LINEAGE", 4)
    families._mutants.cache_clear()
    try:
        found = synthesize(9, family="map", seed=0, workers=1, progress=False)
    finally:
        families._mutants.cache_clear()
    paths = [tuple(s.provenance.get("mutant", ())) for s in found]
    sizes = Counter(s.name.split("-m")[0] for s in found)
    assert max(sizes.values()) == run.LINEAGE  # a lineage that could grow further stopped
    assert max(len(path) for path in paths) == run.GENERATIONS == 2
    names = set(found.names)
    for system, path in zip(found, paths, strict=True):
        assert len(path) <= 2
        if path:  # the parent is the system one step up the path, kept before it
            parent = system.provenance["parents"][0]
            assert system.name == parent + f"-m{path[-1]:03d}" and parent in names
            assert found.names.index(parent) < found.names.index(system.name)
    # the whole lineage, grandchildren included, is one ancestry group
    train, test = found.split(test=0.3, seed=0)
    for side in (train, test):
        lineages = {s.name.split("-m")[0] for s in side}
        other = test if side is train else train
        assert not lineages & {s.name.split("-m")[0] for s in other}
