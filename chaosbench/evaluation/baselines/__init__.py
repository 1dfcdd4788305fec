"""Baseline forecasters of the evaluation harness.

Every baseline follows the forecaster protocol: ``fit(trajectories, dt) -> self`` on
time-major training arrays ``(n_times, dimension)`` and ``forecast(context, horizon)``
returning ``(horizon, dimension)``, starting one sampling step after the context.

======================  ==================  =========================================
name                    class               method
======================  ==================  =========================================
``last_value``          LastValue           persistence
``mean``                Mean                climatology
``parroting``           ContextParroting    nearest-window copy (Zhang & Gilpin 2025)
``linear_ar``           LinearAR            ridge vector autoregression
``nvar``                NVAR                next-generation reservoir computer
``esn``                 EchoStateNetwork    echo state network
``random_features``     RandomFeatureRidge  random feature map
``sindy``               PolynomialSINDy     sparse polynomial ODE (STLSQ)
``oracle``              Oracle              the true equations, perturbed start
======================  ==================  =========================================

Examples
--------
>>> import numpy as np
>>> from chaosbench.evaluation.baselines import BASELINES
>>> BASELINES["last_value"]().forecast(np.zeros((4, 2)), 3).shape
(3, 2)
"""

from chaosbench.evaluation.baselines._base import Baseline, NotFittedError
from chaosbench.evaluation.baselines.linear import NVAR, LinearAR
from chaosbench.evaluation.baselines.oracle import Oracle
from chaosbench.evaluation.baselines.reservoir import EchoStateNetwork, RandomFeatureRidge
from chaosbench.evaluation.baselines.simple import ContextParroting, LastValue, Mean
from chaosbench.evaluation.baselines.sindy import PolynomialSINDy

BASELINES: dict[str, type] = {
    cls.name: cls
    for cls in (
        LastValue,
        Mean,
        ContextParroting,
        LinearAR,
        NVAR,
        EchoStateNetwork,
        RandomFeatureRidge,
        PolynomialSINDy,
        Oracle,
    )
}

__all__ = [
    "BASELINES",
    "NVAR",
    "Baseline",
    "ContextParroting",
    "EchoStateNetwork",
    "LastValue",
    "LinearAR",
    "Mean",
    "NotFittedError",
    "Oracle",
    "PolynomialSINDy",
    "RandomFeatureRidge",
]
