"""The README's first lines are the two commands a new user runs; CI runs the second."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command():
    install_and_run, test = readme_commands()
    assert "fixtures/mwaa-1.10.12" in install_and_run
    assert test in (ROOT / ".ci" / "run").read_text().splitlines()


def test_example_project_exists():
    assert (ROOT / "fixtures" / "mwaa-1.10.12" / "dags").is_dir()
