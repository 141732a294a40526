"""Whether AUL211's rewrites equal the `days_ago` calls they replace, in the Python that runs this.

Input (stdin, JSON): [[call, rewrite], ...], evaluated with `x = 4` in scope. Output (stdout,
JSON): {"days_ago": "airflow" or "reference", "pendulum": version, "results": [{"call",
"rewrite", "equal", "same_offset", "rewrite_is_pendulum"}, ...]}.

It needs pendulum. With Airflow importable, the calls go to Airflow's own `days_ago`; without it,
to a reference written from what that function does in every 2.x wheel (today's UTC date and
time, the given time parts put in, `n` days taken off), so the same probe serves a plain
virtualenv with pendulum and the Airflow one the `airflow` tests build.
"""

from __future__ import annotations

import datetime
import json
import sys
import warnings

import pendulum


def reference_days_ago(n, hour=0, minute=0, second=0, microsecond=0):
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.replace(hour=hour, minute=minute, second=second, microsecond=microsecond) - datetime.timedelta(days=n)


def days_ago_function():
    try:
        from airflow.utils.dates import days_ago
    except ImportError:
        return reference_days_ago, "reference"
    return days_ago, "airflow"


def compare(pairs: list[tuple[str, str]]) -> dict:
    function, origin = days_ago_function()
    namespace = {"days_ago": function, "pendulum": pendulum, "x": 4}
    results = []
    for call, rewrite in pairs:
        for _ in range(3):  # midnight UTC may pass between the two evaluations: try again
            day = datetime.datetime.now(datetime.timezone.utc).date()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Airflow's days_ago warns that it is deprecated
                expected = eval(call, namespace)
            actual = eval(rewrite, namespace)
            if datetime.datetime.now(datetime.timezone.utc).date() == day:
                break
        results.append({
            "call": call,
            "rewrite": rewrite,
            "equal": actual == expected,
            "same_offset": actual.utcoffset() == expected.utcoffset(),
            "rewrite_is_pendulum": isinstance(actual, pendulum.DateTime),
        })
    return {"days_ago": origin, "pendulum": pendulum.__version__, "results": results}


if __name__ == "__main__":
    json.dump(compare([tuple(pair) for pair in json.load(sys.stdin)]), sys.stdout, indent=2)
