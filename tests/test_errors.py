"""Errors: one clear message, and intact across process boundaries."""

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from chaosbench import errors

EXAMPLES = [
    errors.ChaosbenchError("plain"),
    errors.DeclarationError("Lorenz", "ic", "3 values for 2 variables"),
    errors.UnknownNameError("system", "Lorentz", ["Lorenz", "Rossler"]),
    errors.InvalidParameterError("n", "trajectory", "a positive int", -3),
    errors.NotFittedError("forecast", "call fit"),
    errors.ConfigError("splits", "empty"),
    errors.ExpressionError("bad syntax"),
    errors.IntegrationError("Lorenz", "step size underflow", 1.5, [1.0, 2.0, 3.0]),
    errors.SystemFileError("s.jsonl", 3, "kind", "is missing"),
    errors.SystemCheckError("Henon", "annotations", "no ic"),
]


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_every_error_survives_pickling(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error) and again.args == error.args
    assert again.__dict__ == error.__dict__


def _fail():
    raise errors.IntegrationError("Lorenz", "the state became non-finite", 2.0, [float("nan")])


def test_an_error_raised_in_a_worker_reaches_the_caller():
    with ProcessPoolExecutor(max_workers=1) as pool:
        with pytest.raises(errors.IntegrationError, match="non-finite") as caught:
            pool.submit(_fail).result()
    assert caught.value.t == 2.0 and caught.value.system == "Lorenz"
