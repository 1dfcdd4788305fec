import numpy as np
import pytest

import chaosbench
from chaosbench.analysis.period import dominant_period


@pytest.mark.parametrize("period", [0.37, 1.0, 2.5, 13.0])
def test_recovers_the_period_of_a_noisy_sine(period, rng):
    dt = period / 50
    t = np.arange(8192) * dt
    x = np.column_stack([np.sin(2 * np.pi * t / period), np.cos(2 * np.pi * t / period)])
    x += 0.1 * rng.standard_normal(x.shape)
    assert dominant_period(x, dt) == pytest.approx(period, rel=1e-3)


def test_forced_oscillator_period_is_the_forcing_period():
    ueda = chaosbench.get("Ueda")
    assert ueda.annotations["period"] == pytest.approx(2 * np.pi, rel=0.01)


def test_rejects_constant_and_short_input():
    with pytest.raises(ValueError, match="constant"):
        dominant_period(np.ones((100, 2)), 0.1)
    with pytest.raises(ValueError, match="at least 16"):
        dominant_period(np.arange(5.0), 0.1)
