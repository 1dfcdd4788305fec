"""submission.toml: the schema's checks and the writer's round trip."""

import datetime
import tomllib

import pytest

from chaosbench.leaderboard.schema import Submission, check_submission
from chaosbench.leaderboard.submit import slugify


def example(**changes) -> dict:
    submission = Submission(
        track="forecasting", method="My model", model_type="deep", authors=("A. B.",),
        contact="a@example.org", code_url="https://example.org/x", chaosbench_version="0.1.0",
        task="leaderboard", data_fingerprint="0123456789abcdef0123", hardware="1 GPU",
        trained_on=("Lorenz",), replication_code=True, date=datetime.date(2026, 11, 30),
        claimed={"median_vpt": 1.25, "median_vpt_nrmse": 2.5, "median_smape": 80.0,
                 "failed_share": 0.0},
        forecasts_sha256="f" * 64,
    )  # fmt: skip
    data = tomllib.loads(submission.to_toml())
    data.update(changes)
    return data


def test_round_trip():
    data = example()
    submission, problems = check_submission(data)
    assert problems == []
    assert tomllib.loads(submission.to_toml()) == data
    assert submission.leakage(["Lorenz", "Henon"]) and not submission.leakage(["Henon"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"model_type": "magic"}, "'model_type' must be one of statistical, deep"),
        ({"track": "dance"}, "'track' must be one of forecasting, symbolic"),
        ({"code_url": "javascript:alert(1)"}, "'code_url' must be an http(s) URL"),
        ({"method": "line\nbreak"}, "'method' must not contain control characters"),
        ({"method": ""}, "'method' must not be empty"),
        ({"authors": []}, "'authors' must be a non-empty list"),
        ({"date": "yesterday"}, "'date' must be a date"),
        ({"trained_on": ["../etc"]}, "'trained_on' must be \"all\" or a list"),
        ({"replication_code": "yes"}, "'replication_code' must be true or false"),
        ({"extra": 1}, "unknown key 'extra'"),
        ({"claimed": {"median_vpt": "high"}}, "[claimed] 'median_vpt' must be a number"),
        ({"claimed": {"win_rate": 0.5}}, "[claimed] 'median_vpt' must be a number"),
        ({"data_fingerprint": "xyz"}, "'data_fingerprint' must be 20 hexadecimal digits"),
    ],
)
def test_each_field_is_checked(changes, message):
    submission, problems = check_submission(example(**changes))
    assert submission is None
    assert any(message in line for line in problems), problems


def test_missing_keys_are_named():
    data = example()
    del data["contact"]
    _, problems = check_submission(data)
    assert problems == ["submission.toml: missing required key 'contact'"]


def test_slugify():
    assert slugify("Échelle & Co: ESN-2") == "chelle-co-esn-2"
