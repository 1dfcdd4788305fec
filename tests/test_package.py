"""The package's top level: fast import, subpackages reachable as attributes."""

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_subpackages_are_attributes_loaded_on_first_use():
    code = (
        "import sys, chaosbench\n"
        "print('chaosbench.symbolic' in sys.modules, 'chaosbench.leaderboard' in sys.modules)\n"
        "print(callable(chaosbench.symbolic.score), chaosbench.leaderboard.__name__)\n"
        "print(callable(chaosbench.analysis.lyapunov.lyapunov_spectrum))\n"
    )
    lines = _run(code).splitlines()
    assert lines == ["False False", "True chaosbench.leaderboard", "True"]


def test_unknown_attributes_still_raise():
    import chaosbench

    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        chaosbench.nonsense  # noqa: B018
    assert "symbolic" in dir(chaosbench)
