import json

import numpy as np
import pytest

from chaosbench.analysis.annotate import AnnotationSettings, annotate, is_chaotic
from chaosbench.analysis.dimension import correlation_dimension

QUICK = AnnotationSettings(
    period_points=2**12,
    transient_periods=5,
    lyapunov_ics=2,
    lyapunov_periods=40,
    map_iterations=3000,
    dimension_periods=60,
    dimension_points=1500,
)


def test_pipeline_writes_merged_annotations_with_provenance(tmp_path):
    path = tmp_path / "annotations.json"
    path.write_text(json.dumps({"systems": {"Other": {"max_lyapunov": 1.0}}}))
    results, failures = annotate(["Henon", "Lorenz", "NoSuchSystem"], path=path, settings=QUICK)
    assert set(results) == {"Henon", "Lorenz"} and set(failures) == {"NoSuchSystem"}
    stored = json.loads(path.read_text())
    assert set(stored["systems"]) == {"Henon", "Lorenz", "Other"}  # merged, not replaced
    assert stored["provenance"]["settings"]["lyapunov_ics"] == 2
    lorenz = stored["systems"]["Lorenz"]
    assert lorenz["chaotic"] and lorenz["computed"] and lorenz["chaosbench_version"]
    assert lorenz["dt"] == pytest.approx(min(lorenz["period"], lorenz["timescale"]) / 100)
    assert sum(lorenz["lyapunov_spectrum"]) == pytest.approx(-(10 + 1 + 8 / 3), rel=1e-3)
    assert lorenz["mean_divergence"] == pytest.approx(-(10 + 1 + 8 / 3), rel=1e-9)
    henon = stored["systems"]["Henon"]
    assert henon["dt"] == 1.0 and henon["mean_divergence"] == pytest.approx(np.log(0.3))


def test_chaotic_flag_needs_a_clearly_positive_exponent():
    assert is_chaotic({"max_lyapunov": 0.9, "max_lyapunov_error": 0.01, "timescale": 0.5})
    assert not is_chaotic({"max_lyapunov": 0.02, "max_lyapunov_error": 0.01})  # 3 sigma
    assert not is_chaotic({"max_lyapunov": 1e-4, "max_lyapunov_error": 1e-6})  # quasi-periodic
    assert not is_chaotic({"max_lyapunov": 0.9, "max_lyapunov_error": None})


def test_correlation_dimension_of_known_sets(rng):
    circle = np.column_stack([np.cos(t := np.linspace(0, 2 * np.pi * 40, 20000)), np.sin(t)])
    assert correlation_dimension(circle, theiler=10).dimension == pytest.approx(1.0, abs=0.05)
    cloud = rng.uniform(size=(4000, 2))
    assert correlation_dimension(cloud, theiler=1).dimension == pytest.approx(2.0, abs=0.15)


def _without_timestamps(path):
    systems = json.loads(path.read_text())["systems"]
    return {name: {k: v for k, v in entry.items() if k != "computed"}
            for name, entry in systems.items()}  # fmt: skip


def test_a_recomputation_is_bit_identical_in_process_and_in_workers(tmp_path):
    """Annotations carry no randomness and no dependence on the worker count: the same
    settings give the same bits (in one environment; chaotic transients amplify any
    difference of floating-point rounding between library versions)."""
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    annotate(["Henon", "Lorenz"], path=first, settings=QUICK, workers=1)
    annotate(["Henon", "Lorenz"], path=second, settings=QUICK, workers=2)
    assert _without_timestamps(first) == _without_timestamps(second)


def test_annotate_without_a_file_refuses_and_computes_nothing(tmp_path, monkeypatch):
    from chaosbench.analysis import annotate as module
    from chaosbench.errors import ChaosbenchError

    monkeypatch.setattr(module, "annotate_system", lambda *a, **k: pytest.fail("computed"))
    with pytest.raises(ChaosbenchError, match="name the output file"):
        annotate(["Henon"])


def test_annotate_to_a_file_leaves_the_package_annotations_untouched(tmp_path, monkeypatch):
    from chaosbench.cli import main
    from chaosbench.systems.registry import ANNOTATIONS_FILE, data_path

    package_file = data_path(ANNOTATIONS_FILE)
    before = package_file.read_bytes(), package_file.stat().st_mtime_ns
    monkeypatch.chdir(tmp_path)
    assert main(["annotate", "Henon", "--out", "mine.json", "--quiet"]) == 0
    assert "Henon" in json.loads((tmp_path / "mine.json").read_text())["systems"]
    assert (package_file.read_bytes(), package_file.stat().st_mtime_ns) == before
