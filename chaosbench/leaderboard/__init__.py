"""The public leaderboard: submissions, their validation, and the rendered board.

A submission is a folder ``leaderboard/submissions/<slug>/`` holding
``submission.toml`` (who, what, on which task, and the claimed summary scores) and,
for the forecasting track, ``forecasts.h5`` (every forecast of every case of the
task, in the format of :mod:`chaosbench.evaluation.forecasts`). Nothing claimed is
ever copied to the board: validation recomputes every score from the forecasts
against ground truth the package regenerates, rejects a submission whose claims
disagree, and records the per-case scores in ``leaderboard/scores/<slug>.csv``;
the board (``leaderboard/README.md`` and ``leaderboard/index.html``) is rendered
from those records alone.

Modules, one concept each:

``schema``
    The fields of ``submission.toml``, their checks, and its writer.
``safety``
    Where a submission may be, which files it may hold, their sizes, and the
    structure of its HDF5 file, all checked before anything is read.
``scoring``
    Per-case tables and the summary numbers (win rate and skill score against the
    fixed baseline, with bootstrap intervals); pure functions.
``reference``
    The fixed baseline's per-case scores on a task (computed by the package).
``store``
    The recorded per-case scores of validated submissions.
``validate``
    Every check of a submission, as one line per problem.
``submit``
    Run a forecaster on a task and write its submission folder.
``board``, ``markdown``, ``svg``, ``page``, ``build``
    The board's data, its Markdown and HTML renderings, and their atomic update.
``cli``
    The ``submit`` and ``leaderboard`` verbs of the command line.
"""

from chaosbench.leaderboard.schema import MODEL_TYPES, TRACKS, Submission

__all__ = ["MODEL_TYPES", "TRACKS", "Submission"]
