import numpy as np
import pytest

import chaosbench
from chaosbench import UnknownNameError

FIRST_SET = [
    "Lorenz",
    "Rossler",
    "Chen",
    "Chua",
    "Thomas",
    "Halvorsen",
    "SprottJerk",
    "Ueda",
    "Henon",
    "Logistic",
    "Ikeda",
    "Lozi",
]


def test_first_set_is_registered():
    assert set(FIRST_SET) <= set(chaosbench.systems())


def test_unknown_name_suggests_close_matches():
    with pytest.raises(UnknownNameError) as info:
        chaosbench.get("Lorentz")
    assert "Did you mean 'Lorenz'" in str(info.value)
    assert info.value.suggestions[0] == "Lorenz"


def test_lookup_is_case_insensitive_but_returns_canonical_name():
    assert chaosbench.get("lorenz").name == "Lorenz"


def test_filters():
    maps = chaosbench.systems(kind="map")
    flows = chaosbench.systems(kind="flow")
    assert {"Henon", "Logistic", "Ikeda", "Lozi"} <= set(maps)
    assert not set(maps) & set(flows)
    delays = chaosbench.systems(kind="delay")
    assert {"MackeyGlass"} <= set(delays)
    assert set(maps) | set(flows) | set(delays) == set(chaosbench.systems())
    assert "Logistic" in chaosbench.systems(max_dimension=1)
    assert all(chaosbench.get(n).dimension == 1 for n in chaosbench.systems(max_dimension=1))
    assert all(chaosbench.get(n).dimension >= 3 for n in chaosbench.systems(min_dimension=3))
    assert "Ueda" in chaosbench.systems(forced=True)
    assert all(not chaosbench.get(n).autonomous for n in chaosbench.systems(forced=True))
    assert "Chua" in chaosbench.systems(field="electronics")


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"kind": "ode"}, "Unknown kind"),
        ({"field": "chemestry"}, "Did you mean 'chemistry'"),
        ({"min_dimension": 0}, "'min_dimension' parameter of systems"),
    ],
)
def test_bad_filters(kwargs, fragment):
    with pytest.raises(chaosbench.ChaosbenchError, match=fragment):
        chaosbench.systems(**kwargs)


def test_scalable_systems_take_their_size():
    default = chaosbench.get("Lorenz96")
    assert chaosbench.get("Lorenz96", n=default.dimension) is default
    big = chaosbench.get("Lorenz96", n=40)
    assert big.dimension == 40 and big.annotations == {}
    x = np.arange(40.0)
    dx = big.rhs(x)
    i = 7
    assert dx[i] == (x[i + 1] - x[i - 2]) * x[i - 1] - x[i] + 8.0
    assert dx[0] == (x[1] - x[38]) * x[39] - x[0] + 8.0  # periodic ring
    lattice = chaosbench.get("CoupledLogisticLattice", n=5)
    assert lattice.dimension == 5 and lattice.kind == "map"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"n": 3}, "at least 4 for Lorenz96"),
        ({"n": 4.5}, "positive int"),
        ({"sites": 5}, "Unknown size argument"),
    ],
)
def test_scalable_size_errors(kwargs, fragment):
    with pytest.raises(chaosbench.ChaosbenchError, match=fragment):
        chaosbench.get("Lorenz96", **kwargs)


def test_non_scalable_systems_refuse_a_size():
    with pytest.raises(chaosbench.InvalidParameterError, match="not scalable"):
        chaosbench.get("Lorenz", n=5)
