"""The oracle: forecasts by integrating the true equations from a perturbed state."""

from __future__ import annotations

import numpy as np

from chaosbench.errors import InvalidParameterError
from chaosbench.evaluation.baselines._base import (
    Baseline,
    NotFittedError,
    as_context,
    positive_float,
    positive_int,
)
from chaosbench.systems.registry import get
from chaosbench.systems.system import System


class Oracle(Baseline):
    """An upper bound on forecast skill: the true system, started slightly off.

    The forecast integrates the system's own equations (or iterates its map) from the
    last context point ``x`` moved by ``perturbation * |x|`` along the fixed unit
    direction ``(1, ..., 1) / sqrt(d)`` (by ``perturbation`` itself when ``x = 0``), so
    the forecast error grows from a known, deterministic offset at the system's
    Lyapunov rate: an "ideal model, imperfect initial condition" reference.

    It is exact only for autonomous systems observed in full: forced flows restart
    their time at 0 (the phase of the forcing at the end of the context is not
    known), and delay equations restart from a constant history equal to the last
    point.

    Parameters
    ----------
    system
        A registry name (see :func:`chaosbench.systems`) or a
        :class:`~chaosbench.System`.
    perturbation
        Relative size of the initial offset (default 1e-8; 0 for none).
    parameters
        Parameter overrides of the system (default: its own values).
    rtol, atol
        Integration tolerances (defaults 1e-10 and 1e-12; ignored for maps).
    dt
        Sampling step of a flow; ``fit`` sets it from the training data when given.

    Examples
    --------
    >>> import chaosbench
    >>> _, X = chaosbench.get("Henon").trajectory(10)
    >>> bool(abs(Oracle("Henon").forecast(X[:5], 5) - X[5:]).max() < 1e-6)
    True
    """

    name = "oracle"

    @classmethod
    def for_system(cls, system: str) -> Oracle:
        """The oracle of one system (the runner builds one per system)."""
        return cls(system)

    def __init__(
        self,
        system: str | System,
        perturbation: float = 1e-8,
        parameters=None,
        rtol: float = 1e-10,
        atol: float = 1e-12,
        dt: float | None = None,
    ) -> None:
        function = "Oracle"
        if isinstance(system, str):
            system = get(system)
        elif not isinstance(system, System):
            raise InvalidParameterError(
                "system", function, "a system name or a chaosbench.System", system
            )
        self.system = system
        self.perturbation = positive_float(perturbation, "perturbation", function, allow_zero=True)
        self.parameters = parameters
        system.parameter_vector(parameters, function=function)  # validates the overrides
        self.rtol = positive_float(rtol, "rtol", function)
        self.atol = positive_float(atol, "atol", function)
        self.dt = None if dt is None else positive_float(dt, "dt", function)
        self.dimension_ = system.dimension

    def fit(self, trajectories=None, dt: float | None = None) -> Oracle:
        """Record the sampling step; the training trajectories are not needed.

        Parameters
        ----------
        trajectories
            Ignored.
        dt
            The sampling step of a flow (ignored for maps).

        Returns
        -------
        self
        """
        if dt is not None and self.system.kind != "map":
            self.dt = positive_float(dt, "dt", "Oracle.fit")
        return self

    def forecast(self, context, horizon: int) -> np.ndarray:
        """Integrate the true system from the (perturbed) last context point.

        Parameters
        ----------
        context
            The latest observations, shape ``(n_context, dimension)``.
        horizon
            Number of steps to forecast, a positive int.

        Returns
        -------
        numpy.ndarray, shape (horizon, dimension)
        """
        function = "Oracle.forecast"
        horizon = positive_int(horizon, "horizon", function)
        context = as_context(context, function, self.system.dimension)
        x = context[-1]
        d = x.size
        size = self.perturbation * (float(np.linalg.norm(x)) or 1.0)
        start = x + size * np.ones(d) / np.sqrt(d)
        if self.system.kind == "map":
            _, X = self.system.trajectory(horizon + 1, ic=start, parameters=self.parameters)
        else:
            if self.dt is None:
                raise NotFittedError(function, "the Oracle of a flow needs dt from fit or dt=")
            _, X = self.system.trajectory(
                horizon + 1,
                dt=self.dt,
                ic=start,
                parameters=self.parameters,
                rtol=self.rtol,
                atol=self.atol,
            )
        return np.array(X[1:], dtype=float)
