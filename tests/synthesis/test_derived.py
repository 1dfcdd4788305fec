"""The families built from registry systems: perturbed parameters and skew products."""

import gc
import json
from dataclasses import replace

import numpy as np
import pytest
import sympy
from numba.core.registry import CPUDispatcher

from chaosbench.errors import ChaosbenchError
from chaosbench.synthesis import derived, run, synthesize
from chaosbench.synthesis.derived import PARENTS, PERTURBED, SKEW, parents, substituted
from chaosbench.systems import shared_table
from chaosbench.systems.polynomial import polynomial_table
from chaosbench.systems.registry import annotations, declarations


def _published_field(declaration, x: np.ndarray) -> np.ndarray:
    """The registry declaration's right-hand side at ``x`` by sympy, parameters as
    published: independent of the substitution and of the shared kernels."""
    symbols = {v: sympy.Symbol(v) for v in declaration.variables}
    symbols |= {k: sympy.Float(v, 17) for k, v in declaration.parameters.items()}
    point = {symbols[v]: float(xi) for v, xi in zip(declaration.variables, x, strict=True)}
    return np.array(
        [float(sympy.sympify(e, locals=symbols).subs(point)) for e in declaration.equations]
    )


def _field(candidate, x: np.ndarray) -> np.ndarray:
    out = np.empty(len(x))
    shared_table.rhs(0.0, np.asarray(x, float), candidate.packed(), out)
    return out


@pytest.mark.parametrize("name", PARENTS)
def test_every_parent_qualifies_and_its_numbers_are_its_equations(name):
    declaration, note = declarations()[name], annotations()[name]
    assert declaration.kind in ("flow", "map") and note["chaotic"] and not note["non_autonomous"]
    assert polynomial_table(declaration) is not None
    assert any(v != 0 for v in declaration.parameters.values())
    # the equations with the published values written in run on the shared kernels
    # and give the registry system's vector field
    parent = next(p for p in parents() if p.name == name)
    candidate = derived.DerivedCandidate(
        "perturbed",
        0,
        parent.kind,
        declaration.variables,
        substituted(declaration),
        parent.ic,
        (name,),
        "",
    )
    x = np.array(parent.ic) * 1.1 + 0.05
    assert np.allclose(_field(candidate, x), _published_field(declaration, x), rtol=1e-12)


@pytest.mark.parametrize("index", range(0, 60, 3))
def test_a_perturbation_moves_a_few_parameters_by_five_to_thirty_percent(index):
    candidate = PERTURBED.draw(0, index)
    (name,) = candidate.parents
    published = declarations()[name]
    moved = dict(candidate.details)["parameters"]
    assert 1 <= len(moved) <= derived.MOVED_AT_MOST
    for key, value in moved.items():
        ratio = value / published.parameters[key]
        assert 0.049 <= abs(ratio - 1) <= 0.301, (key, value)
        assert value == float(f"{value:.4g}")  # four significant digits, exactly
    # the equations are the parent's, with the moved values and the others as published
    changed = replace(published, parameters={**published.parameters, **moved})
    x = np.array(candidate.ic) + 0.1
    assert np.allclose(_field(candidate, x), _published_field(changed, x), rtol=1e-12)
    assert candidate.variables == published.variables and candidate.kind == published.kind


@pytest.mark.parametrize("index", range(0, 40, 4))
def test_a_skew_product_is_a_free_driver_forcing_its_response(index):
    candidate = SKEW.draw(0, index)
    driver, response = (declarations()[p] for p in candidate.parents)
    m, k = len(driver.variables), len(response.variables)
    assert candidate.dimension == m + k and candidate.parents[0] != candidate.parents[1]
    rng = np.random.default_rng(index)
    x, y = rng.normal(size=m), rng.normal(size=k)
    full = _field(candidate, np.concatenate([x, y]))
    # the driver runs on its own, at its time scaled by a positive constant
    own = _published_field(driver, x)
    scale = full[:m] / own
    assert np.allclose(scale, scale[0], rtol=1e-9) and scale[0] > 0
    # the response is its own field plus a term of the driver's state alone ...
    forcing = full[m:] - _published_field(response, y)
    y2 = rng.normal(size=k)
    again = _field(candidate, np.concatenate([x, y2]))[m:] - _published_field(response, y2)
    assert np.allclose(forcing, again, rtol=1e-9, atol=1e-9)
    # ... which is, in each equation, its written coefficient times one component of
    # the driver's own field
    names = {v: f"x{i + 1}" for i, v in enumerate(driver.variables)}
    driver_rows = substituted(driver, names=names)
    for i, f in enumerate(forcing):
        text = candidate.equations()[m + i]
        j = next(j for j in range(m) if text.endswith(f"*({driver_rows[j]})"))
        b = float(text[: -len(driver_rows[j]) - 3].rsplit(" + ", 1)[1].strip("()"))
        assert b > 0 and np.isclose(f, b * own[j], rtol=1e-9), (i, f, b, own)


def test_derived_families_are_deterministic_and_respect_the_dimension():
    for family in (PERTURBED, SKEW):
        assert family.draw(2, 9) == family.draw(2, 9) != family.draw(3, 9)
        for d in family.dimensions:
            assert {family.draw(0, i, d).dimension for i in range(8)} == {d}


def test_kept_systems_name_their_registry_parents(perturbed, skews):
    for system in [*perturbed, *skews]:
        p = system.provenance
        family = p["family"]
        prefix = {"perturbed": "pert", "skew": "skew"}[family]
        assert system.name == f"{prefix}{system.dimension}-s0-{p['index']:06d}"
        assert all(parent in PARENTS for parent in p["parents"])
        assert len(p["parents"]) == (1 if family == "perturbed" else 2)
        assert system.shared_kernels and system.declaration.parameters == {}
        assert system.annotations["chaotic"] and system.annotations["max_lyapunov"] > 0
    assert all(set(s.provenance["parameters"]) for s in perturbed)


def test_an_ancestry_split_keeps_the_systems_of_one_parent_together(perturbed, skews):
    from chaosbench.synthesis.system_set import SystemSet

    both = SystemSet([*perturbed, *skews], perturbed.header)
    train, test = both.split(test=0.5, seed=0)
    seen = {p for s in train for p in s.provenance["parents"]}
    assert not any(set(s.provenance["parents"]) & seen for s in test)


def _compiled_signatures() -> int:
    return sum(len(o.overloads) for o in gc.get_objects() if isinstance(o, CPUDispatcher))


def test_derived_families_compile_nothing_per_system(perturbed, skews, maps):
    # every kernel once: flows and maps (perturbed parents include maps)
    for system in [*perturbed, *skews, *maps]:
        system.trajectory(10)
    before = _compiled_signatures()
    for family in ("perturbed", "skew"):
        for system in synthesize(2, family=family, seed=1, workers=1, progress=False):
            system.trajectory(10)
    assert _compiled_signatures() == before


def test_a_journal_made_from_another_registry_is_not_reused(tmp_path, monkeypatch):
    journal = tmp_path / "run.partial"
    synthesize(1, family="map", workers=1, progress=False, journal=journal)
    monkeypatch.setattr(run, "fingerprint", lambda: "0123456789abcdef")
    with pytest.raises(ChaosbenchError, match="journal of another request"):
        synthesize(1, family="map", workers=1, progress=False, journal=journal)


def test_derived_sets_round_trip_and_a_bad_parameter_record_is_refused(perturbed, skews, tmp_path):
    from chaosbench.errors import SystemFileError
    from chaosbench.synthesis import load_systems

    for found in (perturbed, skews):
        path = tmp_path / f"{found[0].provenance['family']}.jsonl"
        found.save(path)
        assert load_systems(path).to_lines() == found.to_lines()
    lines = (tmp_path / "perturbed.jsonl").read_text().splitlines()
    record = json.loads(lines[1])
    record["provenance"]["parameters"] = {"a": "1.0"}
    (tmp_path / "bad.jsonl").write_text("\n".join([lines[0], json.dumps(record)]) + "\n")
    with pytest.raises(SystemFileError, match=r"provenance\.parameters"):
        load_systems(tmp_path / "bad.jsonl")
