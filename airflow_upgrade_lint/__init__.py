"""airflow-upgrade-lint: find and fix what stops an Airflow 1.10 project from loading on Airflow 2.x."""
