"""Whether AUL211's rewrites equal the `days_ago` calls they replace, in Airflow's virtualenv.

Input (stdin, JSON): [[call, rewrite], ...], evaluated with `x = 4` in scope and Airflow's own
`days_ago`. Output (stdout, JSON): {"pendulum": version, "results": [{"call", "rewrite",
"equal", "same_offset", "rewrite_is_pendulum"}, ...]}.
"""

from __future__ import annotations

import datetime
import json
import sys
import warnings

import pendulum


def compare(pairs: list[tuple[str, str]]) -> dict:
    from airflow.utils.dates import days_ago

    namespace = {"days_ago": days_ago, "pendulum": pendulum, "x": 4}
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
    return {"pendulum": pendulum.__version__, "results": results}


if __name__ == "__main__":
    json.dump(compare([tuple(pair) for pair in json.load(sys.stdin)]), sys.stdout, indent=2)
