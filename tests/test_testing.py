"""chaosbench.testing.check_system: every registered system passes, and every check can fail."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import chaosbench
from chaosbench import Declaration, System
from chaosbench.errors import InvalidParameterError, SystemCheckError
from chaosbench.systems import codegen
from chaosbench.testing import CHECKS, check_system
from tests.conftest import ALL


@pytest.mark.parametrize("name", ALL)
def test_every_registered_system_passes(name):
    check_system(chaosbench.get(name))


@pytest.mark.parametrize("name", ["Lorenz", "Henon", "MackeyGlass", "Ueda"])
def test_a_system_without_annotations_passes(name):
    # no stored period or dt: the integration check picks its own step
    check_system(System(chaosbench.get(name).declaration))


def test_rng_may_be_a_generator_or_a_seed():
    lorenz = chaosbench.get("Lorenz")
    check_system(lorenz, rng=np.random.default_rng(3))
    check_system(lorenz, rng=3)


@pytest.mark.parametrize(
    ("argument", "value"),
    [("system", "Lorenz"), ("system", None), ("rng", "seed"), ("rng", -1), ("rng", True)],
)
def test_bad_arguments_are_refused(argument, value):
    arguments = {"system": chaosbench.get("Lorenz"), "rng": None, argument: value}
    system = arguments.pop("system")
    with pytest.raises(InvalidParameterError, match=f"'{argument}' parameter of check_system"):
        check_system(system, **arguments)


# --- each check can fail -------------------------------------------------------------------
def fresh(name: str, **annotation_changes) -> System:
    """A private copy of a registered system (own kernels object, own annotations)."""
    base = chaosbench.get(name)
    values = copy.deepcopy(dict(base.annotations))
    values.update(annotation_changes)
    return System(base.declaration, values)


def failure(system: System, check: str, *fragments: str) -> SystemCheckError:
    """Run the checks on ``system``: they must fail at ``check`` with a one-line message."""
    with pytest.raises(SystemCheckError) as info:
        check_system(system)
    error = info.value
    message = str(error)
    assert error.check == check, message
    assert error.system == system.name
    assert message.startswith(f"System {system.name!r} failed the {check!r} check: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return error


def plain(name: str, kind: str, equations, ic, variables=None) -> System:
    variables = variables or tuple("xyzw"[: len(ic)])
    return System(
        Declaration(
            name=name,
            kind=kind,
            variables=variables,
            parameters={},
            equations=tuple(equations),
            ic=tuple(ic),
            citation="A deliberately broken system for the conformance tests.",
            field="mathematics",
        )
    )


def test_checks_are_named_in_running_order():
    assert CHECKS == (
        "declaration",
        "annotations",
        "kernels",
        "integration",
        "map recurrence",
        "jacobian",
    )


def test_a_declaration_that_no_longer_validates_fails():
    system = fresh("Lorenz")
    declaration = copy.copy(system.declaration)
    object.__setattr__(declaration, "field", "alchemy")  # bypass the frozen dataclass
    failure(System(declaration, system.annotations), "declaration", "'field'", "'alchemy'")


def test_a_declaration_that_is_not_a_declaration_fails():
    with pytest.raises(SystemCheckError, match="'declaration' check: is not a Declaration"):
        check_system(System(object()))


LORENZ_SPECTRUM = chaosbench.get("Lorenz").annotations["lyapunov_spectrum"]


BAD_ANNOTATIONS = [
    ("Henon", {"ic": [0.5]}, ["'ic' has 1 values for 2 variables", "[0.5]"]),
    ("Lorenz", {"ic": [1.0, float("nan"), 2.0]}, ["'ic' must hold finite", "nan"]),
    ("Lorenz", {"period": -1.0}, ["'period' must be a finite positive", "-1.0"]),
    ("Lorenz", {"period": float("inf")}, ["'period'", "inf"]),
    ("Lorenz", {"dt": 0.0}, ["'dt' must be a finite positive", "0.0"]),
    ("Lorenz", {"dt": 5.0}, ["'dt' = 5.0 exceeds the 'period'"]),
    ("Henon", {"dt": 0.5}, ["'dt' of a map must be 1.0", "0.5"]),
    ("Henon", {"period": 3.0}, ["a map carries no 'period'", "3.0"]),
    ("Lorenz", {"timescale": "fast"}, ["'timescale'", "'fast'"]),
    (
        "Lorenz",
        {"lyapunov_spectrum": LORENZ_SPECTRUM[::-1]},
        ["'lyapunov_spectrum' is not sorted in descending order", "-14.5727"],
    ),
    (
        "Lorenz",
        {"lyapunov_spectrum": [*LORENZ_SPECTRUM[:2], float("nan")]},
        ["'lyapunov_spectrum' must hold finite numbers", "nan"],
    ),
    ("Lorenz", {"lyapunov_spectrum": LORENZ_SPECTRUM[:2]}, ["marked complete", "2 exponents"]),
    ("Lorenz", {"lyapunov_spectrum_error": [0.1, 0.1]}, ["2 values for 3 exponents"]),
    ("Lorenz", {"lyapunov_spectrum_error": [-0.1, 0.1, 0.1]}, ["non-negative", "-0.1"]),
    ("Lorenz", {"max_lyapunov": 2.0}, ["'max_lyapunov' = 2.0 is not the largest"]),
    ("Lorenz", {"max_lyapunov_error": 0.5}, ["'max_lyapunov_error' = 0.5"]),
    ("Lorenz", {"lyapunov_time": 3.0}, ["'lyapunov_time' = 3.0 is not 1 / max_lyapunov"]),
    ("Lorenz", {"points_per_lyapunov_time": 7.0}, ["'points_per_lyapunov_time' = 7.0"]),
    ("Lorenz", {"pesin_entropy": 0.1}, ["'pesin_entropy' = 0.1 is not the sum"]),
    ("Lorenz", {"kaplan_yorke_dimension": 3.5}, ["'kaplan_yorke_dimension' = 3.5", "[0, 3]"]),
    ("Lorenz", {"correlation_dimension": -1.0}, ["'correlation_dimension' = -1.0"]),
    ("Lorenz", {"correlation_dimension_range": [0.5, 0.1]}, ["two increasing", "0.5, 0.1"]),
    ("Lorenz", {"mean_divergence": float("nan")}, ["'mean_divergence'", "nan"]),
    (
        "Lorenz",
        {"max_lyapunov_error": 1.0, "lyapunov_spectrum_error": [1.0, 0.1, 0.1]},
        ["flagged 'chaotic'", "three standard errors"],
    ),
    ("Lorenz", {"dissipative": True, "conservative": True}, ["both 'dissipative'"]),
    ("Lorenz", {"non_autonomous": True}, ["'non_autonomous' = True", "do not depend on t"]),
    ("Ueda", {"non_autonomous": False}, ["'non_autonomous' = False", "depend on t"]),
    ("Lorenz", {"stiff": True}, ["'stiff' = True", "stiff=False"]),
    ("Lorenz", {"chaotic": "yes"}, ["'chaotic' must be True, False or None"]),
    ("Lorenz", {"unbounded_coordinates": ["q"]}, ["names ['q']", "not variables (x, y, z)"]),
    ("Lorenz", {"rtol": 0.0}, ["'rtol' must be a finite positive number"]),
]


@pytest.mark.parametrize(
    ("name", "changes", "fragments"),
    BAD_ANNOTATIONS,
    ids=[f"{name}-{'-'.join(changes)}-{i}" for i, (name, changes, _) in enumerate(BAD_ANNOTATIONS)],
)
def test_inconsistent_annotations_fail(name, changes, fragments):
    failure(fresh(name, **changes), "annotations", *fragments)


def test_a_largest_exponent_that_is_not_positive_has_no_lyapunov_time():
    values = {
        "lyapunov_spectrum": [-0.5, -1.0, -2.0],
        "lyapunov_spectrum_error": [0.01, 0.01, 0.01],
        "max_lyapunov": -0.5,
        "max_lyapunov_error": 0.01,
        "pesin_entropy": 0.0,
        "chaotic": False,
        "kaplan_yorke_dimension": 0.0,
        "lyapunov_time": 2.0,
    }
    failure(fresh("Lorenz", **values), "annotations", "'lyapunov_time' = 2.0", "not positive")


def test_a_kernel_that_does_not_build_fails(monkeypatch):
    real = codegen.load_kernels

    class NoTangent:
        def __init__(self, kernels):
            self.kernels = kernels

        def __getattr__(self, name):
            if name == "tangent":
                raise TypeError("numba could not type the tangent kernel")
            return getattr(self.kernels, name)

    monkeypatch.setattr(codegen, "load_kernels", lambda *args: NoTangent(real(*args)))
    failure(fresh("Lorenz"), "kernels", "kernel 'tangent' does not build", "TypeError")


def test_a_kernel_module_that_cannot_be_loaded_fails(monkeypatch):
    def broken(*args):
        raise ImportError("damaged kernel module\nsecond line of detail")

    monkeypatch.setattr(codegen, "load_kernels", broken)
    failure(fresh("Henon"), "kernels", "the kernel module does not build", "damaged kernel module")


def test_a_kernel_with_non_finite_values_fails():
    system = fresh("Lorenz")

    def nan_time_derivative(t, x, p, out):
        out[:] = np.nan

    system.kernels.dfdt = nan_time_derivative  # this system's own kernels object only
    failure(system, "kernels", "kernel 'dfdt' gives non-finite values", "nan")


def test_a_flow_that_blows_up_fails():
    blow_up = plain("BlowUp", "flow", ["x**2"], [1.0])  # x' = x^2 reaches infinity at t = 1
    failure(blow_up, "integration", "from the initial condition", "Integration of 'BlowUp'")


def test_a_map_that_becomes_nan_fails():
    # log(0.5) < 0, and the log of a negative number is NaN
    failure(plain("LogMap", "map", ["log(x)"], [0.5]), "integration", "non-finite")


def test_a_map_whose_trajectory_is_not_its_rhs_fails():
    class Nudged(System):
        """``rhs`` one ulp away from the compiled recurrence that ``trajectory`` iterates."""

        def rhs(self, x, t=0.0, parameters=None, delayed=None):
            exact = super().rhs(x, t, parameters, delayed)
            return np.nextafter(exact, np.inf)

    henon = chaosbench.get("Henon")
    nudged = Nudged(henon.declaration, henon.annotations)
    error = failure(nudged, "map recurrence", "iterate 1 of trajectory differs")
    assert "x = " in error.problem


def test_a_wrong_jacobian_fails():
    system = fresh("Lorenz")
    exact = system.kernels.jac

    def off_by_a_little(t, x, p, out):
        exact(t, x, p, out)
        out[1, 2] *= 1.001  # a relative error of 1e-3 in one entry

    system.kernels.jac = off_by_a_little
    failure(system, "jacobian", "analytic d rhs / d x differs", "entry [1, 2]", "relative error")


def test_a_wrong_delayed_jacobian_fails():
    system = fresh("MackeyGlass")
    exact = system.kernels.jac_delayed

    def wrong_sign(t, x, xd, p, out):
        exact(t, x, xd, p, out)
        out[:] = -out

    system.kernels.jac_delayed = wrong_sign
    failure(system, "jacobian", "analytic d rhs / d (delayed terms) differs", "entry [0, 0]")


def test_a_wrong_jacobian_of_a_forced_flow_names_the_time():
    system = fresh("Ueda")
    exact = system.kernels.jac

    def shifted(t, x, p, out):
        exact(t, x, p, out)
        out[1, 0] += 1.0

    system.kernels.jac = shifted
    failure(system, "jacobian", "entry [1, 0]", ", t = ")


def test_a_rhs_undefined_next_to_every_state_fails():
    class Undefined(System):
        """``rhs`` of single states as compiled, NaN for the stacks of central differences."""

        def rhs(self, x, t=0.0, parameters=None, delayed=None):
            value = super().rhs(x, t, parameters, delayed)
            return value if np.ndim(x) == 1 else np.full_like(value, np.nan)

    lorenz = chaosbench.get("Lorenz")
    undefined = Undefined(lorenz.declaration, lorenz.annotations)
    failure(undefined, "jacobian", "rhs is not finite within a central-difference step")


def test_a_jacobian_that_sympy_makes_complex_does_not_build():
    # (-(1 - x)^2)^1.5 is NaN for real x != 1, and its derivative comes out complex
    complex_jacobian = plain("ComplexJacobian", "map", ["x + (-(1 - x)**2)**1.5"], [1.0])
    failure(complex_jacobian, "kernels", "kernel 'jac' does not build", "TypingError")


def test_perturbed_states_outside_the_domain_fall_back_to_the_orbit():
    # the orbit creeps up to 1 from below; perturbations of it mostly land above 1
    check_system(plain("Edge", "map", ["x + (1 - x)**1.5"], [0.5]))


@pytest.mark.parametrize(
    ("name", "seed"),
    [("WindmiReduced", 2), ("CellCycle", 1), ("CellCycle", 4), ("Chebyshev", 3), ("Chebyshev", 5)],
)
def test_steep_and_bounded_systems_pass_at_any_seed(name, seed):
    # seeds at which plain central differences (step 1e-6) are too coarse (a tanh of slope
    # 2200, a pole just outside the unit interval) or leave the domain (acos beyond -1)
    check_system(chaosbench.get(name), rng=seed)
