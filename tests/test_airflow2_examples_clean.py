"""DAGs written for Airflow 2 produce no AUL2xx finding at their own version: zero false positives.

The apache-airflow 2.10.3 wheel's own example_dags (downloaded once, cached, never committed)
are checked with `--target-version 2.10.3 --select AUL2`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

from airflow_runtime import download_wheel

WHEEL = "apache-airflow==2.10.3"


def test_airflow_2_10_example_dags_have_no_argument_findings(tmp_path):
    with zipfile.ZipFile(download_wheel(WHEEL, python_version="3.11")) as wheel:
        members = [n for n in wheel.namelist() if n.startswith("airflow/example_dags/") and n.endswith(".py")]
        wheel.extractall(tmp_path, members)
    assert len(members) > 50  # the test must really read the examples
    result = subprocess.run(
        [sys.executable, "-m", "airflow_upgrade_lint", "--no-cache", "--target-version", "2.10.3",
         "--select", "AUL2", "--output-format", "json", str(tmp_path / "airflow" / "example_dags")],
        capture_output=True, text=True,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(f"{f['filename']}:{f['location']['row']}: {f['code']} {f['message']}" for f in findings)
    assert result.returncode == 0, result.stderr
