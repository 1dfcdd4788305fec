"""Metrics of the forecasting evaluation harness.

Three families, all on time-major arrays ``(time, dimension)``:

- :mod:`~chaosbench.evaluation.metrics.pointwise`: errors point by point (MSE,
  sMAPE, R², correlations, ...), collected in :data:`POINTWISE`;
- :mod:`~chaosbench.evaluation.metrics.horizon`: how long a forecast stays valid
  (valid prediction times in Lyapunov times, error growth);
- :mod:`~chaosbench.evaluation.metrics.geometry`: whether a long free run
  reproduces the attractor (state-space divergence, power-spectrum distance,
  correlation dimension, largest Lyapunov exponent), each to be reported beside
  its floor (:func:`with_floor`).
"""

from chaosbench.evaluation.metrics.geometry import (
    correlation_dimension_error,
    max_lyapunov_error,
    max_lyapunov_from_series,
    power_spectrum_distance,
    state_space_divergence,
    state_space_divergence_gmm,
    with_floor,
)
from chaosbench.evaluation.metrics.horizon import (
    error_growth,
    prediction_error,
    valid_prediction_time_nrmse,
    valid_prediction_time_smape,
)
from chaosbench.evaluation.metrics.pointwise import (
    POINTWISE,
    mae,
    mase,
    mse,
    nrmse,
    pearson,
    r2,
    rmse,
    smape,
    spearman,
)

__all__ = [
    "POINTWISE",
    "correlation_dimension_error",
    "error_growth",
    "mae",
    "mase",
    "max_lyapunov_error",
    "max_lyapunov_from_series",
    "mse",
    "nrmse",
    "pearson",
    "power_spectrum_distance",
    "prediction_error",
    "r2",
    "rmse",
    "smape",
    "spearman",
    "state_space_divergence",
    "state_space_divergence_gmm",
    "valid_prediction_time_nrmse",
    "valid_prediction_time_smape",
    "with_floor",
]
