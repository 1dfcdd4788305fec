"""Evaluation: score any forecaster on Lyapunov-time horizons and attractor geometry."""

from chaosbench.evaluation.protocol import (
    ChannelFirst,
    DelayRegressor,
    Forecaster,
    load_entry_point,
)
from chaosbench.evaluation.runner import evaluate, summarize
from chaosbench.evaluation.tasks import Task, get_task, task_names

__all__ = [
    "ChannelFirst",
    "DelayRegressor",
    "Forecaster",
    "Task",
    "evaluate",
    "get_task",
    "load_entry_point",
    "summarize",
    "task_names",
]
