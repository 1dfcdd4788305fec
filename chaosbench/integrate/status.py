"""Status codes returned by the integrator kernels, and what they mean."""

# Status codes returned by integrator kernels. Drivers turn non-zero codes into errors.
SUCCESS = 0
NON_FINITE = 1
STEP_TOO_SMALL = 2
TOO_MANY_STEPS = 3
SINGULAR_MATRIX = 4
HISTORY_FULL = 5

STATUS_MESSAGES = {
    SUCCESS: "success",
    NON_FINITE: "the state became non-finite (NaN or infinity)",
    STEP_TOO_SMALL: "the step size fell below the floating-point resolution of t",
    TOO_MANY_STEPS: "the maximum number of steps was exceeded",
    SINGULAR_MATRIX: "the implicit stage matrix was singular",
    HISTORY_FULL: "the history buffer of the delay equation is full (the driver enlarges it)",
}
