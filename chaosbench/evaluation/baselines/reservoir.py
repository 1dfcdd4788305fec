"""Random-feature models: echo state networks and random feature maps."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.baselines._base import (
    ESCAPE_RADIUS,
    Baseline,
    Scaler,
    positive_float,
    positive_int,
    ridge_fit,
    seed_value,
)
from chaosbench.evaluation.baselines._delay import DelayRidge


class EchoStateNetwork(Baseline):
    """Echo state network: a random leaky tanh reservoir with a trained linear readout.

    The reservoir state follows ``r_{t+1} = (1 - a) r_t + a tanh(W r_t + W_in u_t + b)``
    where ``u_t`` is the standardised observation, ``W`` a sparse random matrix (about
    ``degree`` non-zero uniform entries per row) rescaled to ``spectral_radius``,
    ``W_in`` dense uniform in ``[-input_scaling, input_scaling]`` and ``b`` a uniform
    bias in ``[-bias_scaling, bias_scaling]`` (which breaks the odd symmetry of tanh).
    A ridge readout maps ``[1, u_t, r_{t+1}]`` to the increment ``u_{t+1} - u_t``. It is
    trained with teacher forcing on every training trajectory after discarding the
    first ``washout`` states. To forecast, the reservoir is started at zero and driven
    by the whole context (its washout), then run in closed loop on its own output; a
    run that blows up is held at its last sane value (see
    :func:`~chaosbench.evaluation.escape.hold_after_escape`).

    Parameters
    ----------
    n_units
        Reservoir size N (default 300).
    spectral_radius
        Spectral radius of ``W`` (default 0.9).
    degree
        Mean number of non-zero recurrent weights per unit (default 3).
    input_scaling
        Range of the input weights (default 0.5, on standardised inputs).
    bias_scaling
        Range of the bias (default 0.5).
    leak_rate
        Leak rate ``a`` in (0, 1] (default 1, no leak).
    ridge
        Readout ridge penalty relative to the mean squared residual (default 1e-6).
    washout
        Number of initial training states discarded per trajectory (default 100).
    seed
        Seed of the random weights (default 0).

    References
    ----------
    H. Jaeger, "The 'echo state' approach to analysing and training recurrent neural
    networks", GMD Report 148 (2001). J. Pathak, B. Hunt, M. Girvan, Z. Lu and E. Ott,
    "Model-free prediction of large spatiotemporally chaotic systems from data: a
    reservoir computing approach", Physical Review Letters 120, 024102 (2018).

    Examples
    --------
    >>> import chaosbench
    >>> _, X = chaosbench.get("Lorenz").trajectory(1000, dt=0.02)
    >>> EchoStateNetwork(n_units=50).fit([X], dt=0.02).forecast(X[-100:], 4).shape
    (4, 3)
    """

    name = "esn"
    fit_on_context = True
    escape = ESCAPE_RADIUS

    def __init__(
        self,
        n_units: int = 300,
        spectral_radius: float = 0.9,
        degree: float = 3.0,
        input_scaling: float = 0.5,
        bias_scaling: float = 0.5,
        leak_rate: float = 1.0,
        ridge: float = 1e-6,
        washout: int = 100,
        seed: int | None = 0,
    ) -> None:
        function = "EchoStateNetwork"
        self.n_units = positive_int(n_units, "n_units", function)
        self.spectral_radius = positive_float(
            spectral_radius, "spectral_radius", function, allow_zero=True
        )
        self.degree = positive_float(degree, "degree", function)
        self.input_scaling = positive_float(input_scaling, "input_scaling", function)
        self.bias_scaling = positive_float(bias_scaling, "bias_scaling", function, allow_zero=True)
        self.leak_rate = positive_float(leak_rate, "leak_rate", function)
        if self.leak_rate > 1.0:
            raise InvalidParameterError("leak_rate", function, "in (0, 1]", leak_rate)
        self.ridge = positive_float(ridge, "ridge", function, allow_zero=True)
        self.washout = positive_int(washout, "washout", function) if washout else 0
        self.seed = seed_value(seed, function)

    @property
    def _min_train(self) -> int:
        return self.washout + 2

    def _weights(self, dimension: int) -> None:
        rng = np.random.default_rng(self.seed)
        n = self.n_units
        mask = rng.random((n, n)) < min(1.0, self.degree / n)
        W = np.where(mask, rng.uniform(-1.0, 1.0, (n, n)), 0.0)
        radius = float(np.max(np.abs(np.linalg.eigvals(W)))) if n > 0 else 0.0
        W = W * (self.spectral_radius / radius) if radius > 0 else W
        self.W_ = sparse.csr_array(W)
        self.W_in_ = rng.uniform(-self.input_scaling, self.input_scaling, (n, dimension))
        self.b_ = rng.uniform(-self.bias_scaling, self.bias_scaling, n)

    def _drive(self, z: np.ndarray, r: np.ndarray) -> np.ndarray:
        """Reservoir states after each input of ``z`` (teacher forcing), from state ``r``."""
        drive = z @ self.W_in_.T + self.b_
        states = np.empty((z.shape[0], self.n_units))
        a = self.leak_rate
        for t in range(z.shape[0]):
            r = (1.0 - a) * r + a * np.tanh(self.W_ @ r + drive[t])
            states[t] = r
        return states

    def _readout_features(self, z: np.ndarray, states: np.ndarray) -> np.ndarray:
        return np.concatenate([z, states], axis=1)

    def _fit(self, data: list[np.ndarray], dt: float) -> None:
        self.scaler_ = Scaler(data)
        self._weights(data[0].shape[1])
        features, targets = [], []
        for x in data:
            z = self.scaler_.transform(x)
            states = self._drive(z[:-1], np.zeros(self.n_units))
            keep = slice(min(self.washout, z.shape[0] - 2), None)
            features.append(self._readout_features(z[:-1], states)[keep])
            targets.append((z[1:] - z[:-1])[keep])
        model = ridge_fit(np.concatenate(features), np.concatenate(targets), self.ridge, True)
        self.coef_ = np.asarray(model.coef_, dtype=float)
        self.intercept_ = np.asarray(model.intercept_, dtype=float)

    def _forecast(self, context: np.ndarray, horizon: int) -> np.ndarray:
        z = self.scaler_.transform(context)
        r = self._drive(z[:-1], np.zeros(self.n_units))[-1] if len(z) > 1 else None
        r = np.zeros(self.n_units) if r is None else r
        u = z[-1]
        out = np.empty((horizon, z.shape[1]))
        a = self.leak_rate
        with np.errstate(over="ignore", invalid="ignore"):
            for h in range(horizon):
                r = (1.0 - a) * r + a * np.tanh(self.W_ @ r + self.W_in_ @ u + self.b_)
                u = u + self.coef_ @ np.concatenate([u, r]) + self.intercept_
                out[h] = u
            return self.scaler_.inverse(out)


class RandomFeatureRidge(DelayRidge):
    """Random feature map: a ridge readout on random nonlinear features of a delay vector.

    The standardised delay vector ``v = [x_t, ..., x_{t-lags+1}]`` is mapped to ``D``
    random features ``phi(W v + b)``, with ``W`` uniform in ``[-weight_scaling,
    weight_scaling]`` and ``b`` uniform in ``[-bias_scaling, bias_scaling]``;
    ``phi`` is ``tanh`` (the random feature maps of Gottwald & Reich) or ``cos`` (random
    Fourier features of Rahimi & Recht, then ``W`` is Gaussian with standard deviation
    ``weight_scaling`` and ``b`` uniform in ``[0, 2 pi)``). A ridge regression maps the
    features (and, with ``linear=True``, ``v`` itself) to the increment
    ``x_{t+1} - x_t``; the model is iterated.

    Parameters
    ----------
    n_features
        Number of random features D (default 500).
    lags
        Number of delayed states in ``v`` (default 1: the current state).
    activation
        ``"cos"`` (default) or ``"tanh"``.
    weight_scaling, bias_scaling
        Scale of the random weights and range of the biases (defaults 0.5 and 0.5; for
        cos the bias range is always a full period).
    linear
        Whether ``v`` itself is a regressor too (default True).
    ridge
        Ridge penalty relative to the mean squared residual (default 1e-6).
    seed
        Seed of the random features (default 0).

    References
    ----------
    A. Rahimi and B. Recht, "Random features for large-scale kernel machines",
    Advances in Neural Information Processing Systems 20 (2007). G. A. Gottwald and
    S. Reich, "Supervised learning from noisy observations: combining machine-learning
    techniques with data assimilation", Physica D 423, 132911 (2021).

    Examples
    --------
    >>> import chaosbench
    >>> _, X = chaosbench.get("Lorenz").trajectory(1000, dt=0.02)
    >>> RandomFeatureRidge(n_features=50).fit([X], dt=0.02).forecast(X, 4).shape
    (4, 3)
    """

    name = "random_features"
    _increment = True
    _intercept = True

    def __init__(
        self,
        n_features: int = 500,
        lags: int = 1,
        activation: str = "cos",
        weight_scaling: float = 0.5,
        bias_scaling: float = 0.5,
        linear: bool = True,
        ridge: float = 1e-6,
        seed: int | None = 0,
    ) -> None:
        function = "RandomFeatureRidge"
        self.n_features = positive_int(n_features, "n_features", function)
        self.lags = positive_int(lags, "lags", function)
        self.skip = 1
        if activation not in ("tanh", "cos"):
            raise InvalidParameterError("activation", function, "'tanh' or 'cos'", activation)
        self.activation = activation
        self.weight_scaling = positive_float(weight_scaling, "weight_scaling", function)
        self.bias_scaling = positive_float(bias_scaling, "bias_scaling", function, allow_zero=True)
        self.linear = bool(linear)
        self.ridge = positive_float(ridge, "ridge", function, allow_zero=True)
        self.seed = seed_value(seed, function)

    @property
    def _alpha(self) -> float:
        return self.ridge

    def _prepare(self, data: list[np.ndarray], dt: float) -> None:
        rng = np.random.default_rng(self.seed)
        shape = (self.lags * data[0].shape[1], self.n_features)
        if self.activation == "tanh":
            self.W_ = rng.uniform(-self.weight_scaling, self.weight_scaling, shape)
            self.b_ = rng.uniform(-self.bias_scaling, self.bias_scaling, self.n_features)
        else:
            self.W_ = rng.normal(0.0, self.weight_scaling, shape)
            self.b_ = rng.uniform(0.0, 2.0 * np.pi, self.n_features)

    def _features(self, delays: np.ndarray) -> np.ndarray:
        hidden = delays @ self.W_ + self.b_
        phi = np.tanh(hidden) if self.activation == "tanh" else np.cos(hidden)
        return np.concatenate([delays, phi], axis=1) if self.linear else phi
