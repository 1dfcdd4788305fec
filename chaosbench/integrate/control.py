"""Step-size control shared by every adaptive kernel.

A controller is a record of seven numbers (:class:`Controller`) that travels into
the compiled kernels as one tuple; the kernels call the compiled
``accepted_factor`` after an accepted step and ``rejected_factor`` after a
rejected one (:mod:`chaosbench.integrate._control`), and multiply the step size
by what they return. This module imports no numba, so choosing a method stays
cheap. Three controllers cover the
methods here:

- the classic *I-controller* (``alpha = 1, beta = 0``): ``h_new = h * safety *
  err**(-1/k)``, ``k`` being the order of the error estimate plus one;
- the *PI-controller* of Gustafsson, Lundh & Söderlind (Hairer & Wanner, *Solving
  Ordinary Differential Equations I*, 2nd ed., II.4, eq. (4.13)): ``h_new = h *
  safety * err_n**(-alpha/k) * err_{n-1}**(beta/k)``, which damps the
  oscillation of the step size near the stability boundary of an explicit
  method and so avoids the rejections that follow each over-long step;
- the *predictive* controller of Gustafsson (1991, BIT 31:4), as used by
  ``rodas.f``: the I-controller's factor, capped by the extrapolation
  ``safety * (h_n / h_{n-1}) * (err_{n-1} / err_n**2)**(1/k)``.

In every case the factor lies in ``[min_factor, max_factor]`` and is at most one
right after a rejection.
"""

from __future__ import annotations

from typing import NamedTuple


class Controller(NamedTuple):
    """Settings of a step-size controller, in the order the kernels read them.

    Attributes
    ----------
    safety : float
        Factor below one applied to every proposed step.
    min_factor, max_factor : float
        Bounds of the factor by which one step may shrink or grow.
    alpha, beta : float
        Exponents of the current and previous error, in units of ``1/k``
        (``k`` = order of the error estimate + 1): ``(1, 0)`` is the I-controller.
    predictive : float
        1.0 to cap the factor by Gustafsson's predictive extrapolation, else 0.0.
    error_floor : float
        Smallest previous error the PI and predictive terms use (an exact step,
        ``err = 0``, must not make the next factor infinite).
    """

    safety: float
    min_factor: float
    max_factor: float
    alpha: float
    beta: float
    predictive: float
    error_floor: float


#: the classic controller of explicit embedded pairs
I_CONTROLLER = Controller(0.9, 0.2, 10.0, 1.0, 0.0, 0.0, 1e-4)
#: PI-controller. Hairer & Wanner suggest the exponents ``0.7/k`` and ``0.4/k``; on
#: the registry's flows DOP853 with ``0.8/k`` and ``0.35/k`` rejects about as rarely
#: (2 % of steps on Lorenz at rtol=1e-9, against 17 % with the I-controller) in 5 %
#: fewer evaluations, and the textbook pair costs 6 % more than the I-controller
#: (``benchmarks/bench_steps.py`` prints all three side by side)
PI_CONTROLLER = Controller(0.9, 0.2, 10.0, 0.8, 0.35, 0.0, 1e-4)
#: Hairer & Wanner's PI exponents, kept for comparison
PI_TEXTBOOK_CONTROLLER = Controller(0.9, 0.2, 10.0, 0.7, 0.4, 0.0, 1e-4)
#: the I-controller capped by Gustafsson's prediction, with the bounds of ``rodas.f``
PREDICTIVE_CONTROLLER = Controller(0.9, 0.2, 6.0, 1.0, 0.0, 1.0, 1e-2)
#: ETDRK4's step-doubling control: the I-controller, growing at most fivefold
STEP_DOUBLING_CONTROLLER = Controller(0.9, 0.2, 5.0, 1.0, 0.0, 0.0, 1e-4)


def as_controller(value: Controller | tuple) -> tuple:
    """The controller as the plain float tuple the kernels take."""
    return tuple(float(v) for v in Controller(*value))
