"""Lyapunov exponents by tangent-space propagation with periodic QR (Benettin et al. 1980)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from chaosbench.errors import IntegrationError
from chaosbench.integrate import solve

if TYPE_CHECKING:
    from chaosbench.systems.system import System


def lyapunov_spectrum(
    system: System,
    *,
    n_exponents: int | None = None,
    ic=None,
    parameters=None,
    interval: float | None = None,
    n_intervals: int = 2000,
    transient_intervals: int = 100,
    rtol: float = 1e-9,
    atol: float = 1e-12,
) -> np.ndarray:
    """The leading Lyapunov exponents of a system, largest first.

    The state and ``k`` tangent vectors are advanced together with the analytic
    Jacobian (the generated ``tangent`` kernel). Every ``interval`` time units
    (every iteration for maps) the tangent vectors are re-orthonormalised by a
    QR decomposition; the exponents are the time averages of ``log |R_ii|``
    (Benettin, Galgani, Giorgilli & Strelcyn, Meccanica 15, 9-30, 1980).

    Parameters
    ----------
    system
        The system.
    n_exponents
        Number of exponents (default: the full spectrum).
    ic, parameters
        Starting point and parameter overrides (defaults: the system's).
    interval
        Time between orthonormalisations for flows (default: a hundredth of the
        dominant period, or 0.01 when no period is known). Ignored for maps.
    n_intervals, transient_intervals
        Intervals averaged, and intervals discarded first.
    rtol, atol
        Tolerances of the integration.

    Returns
    -------
    numpy.ndarray
        Exponents per unit time (per iteration for maps), in decreasing order.
    """
    d = system.dimension
    k = d if n_exponents is None else int(n_exponents)
    p = system.parameter_vector(parameters, function="lyapunov_spectrum")
    x0 = system.ic if ic is None else np.asarray(ic, dtype=float)
    y = np.concatenate([x0, np.eye(d)[:, :k].ravel()])
    tangent = system.kernels.tangent
    if system.kind == "map":
        tau = 1.0
    elif interval is not None:
        tau = float(interval)
    else:
        tau = system.annotations.get("period", 1.0) / 100.0
    totals = np.zeros(k)
    t = 0.0
    for step in range(transient_intervals + n_intervals):
        if system.kind == "map":
            result = solve.iterate(tangent, y, p, 2)
        else:
            result = solve.solve_flow(
                tangent,
                system.kernels.jac,
                system.kernels.dfdt,
                y,
                p,
                np.array([t + tau]),
                t0=t,
                rtol=rtol,
                atol=atol,
            )
        if not result.success:
            raise IntegrationError(system.name, result.message, result.t_reached, result.state[:d])
        y = result.y[-1].copy()
        t += tau
        q, r = np.linalg.qr(y[d:].reshape(d, k))
        signs = np.sign(np.diag(r))
        signs[signs == 0] = 1.0
        y[d:] = (q * signs).ravel()
        if step >= transient_intervals:
            totals += np.log(np.abs(np.diag(r)))
    return totals / (n_intervals * tau)
