"""The command line: `airflow-upgrade-lint [check] [OPTIONS] [PATH]...`, `rules`, `explain RULE`.

Exit codes: 0 nothing left to do, 1 findings remain (or --diff would change something),
2 a usage, config or internal error.
"""

from __future__ import annotations

import enum
import traceback
from pathlib import Path
from typing import List, NoReturn, Optional

import typer
from typer.core import TyperGroup

from . import knowledge, migration, runner
from .checks import all_rules
from .config import ConfigError, Vocabulary, resolve
from .report import Totals, statistics
from .report import json as json_report
from .report import text as text_report
from .settings import OUTPUT_FORMATS, TOOL_NAME, tool_version
from .workspace import MissingPathsError, collect

OutputFormat = enum.Enum("OutputFormat", {name: name for name in OUTPUT_FORMATS}, type=str)


class _CheckByDefault(TyperGroup):
    """`airflow-upgrade-lint dags/` means `airflow-upgrade-lint check dags/`.

    Only a first argument that names a subcommand (or asks for help or the version) selects
    something else, so a folder named `rules` is checked as `./rules` or `check rules`.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in {*self.commands, *ctx.help_option_names, "--version"}:
            args = ["check", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_CheckByDefault,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Find and fix what stops an Apache Airflow 1.10 project from loading on Airflow 2.x.",
)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"{TOOL_NAME} {tool_version()}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version, help="Show the version."),
) -> None:
    pass


def _codes(values: Optional[List[str]]) -> Optional[List[str]]:
    """Repeated, comma-separated flag values as one list."""
    if values is None:
        return None
    return [code for value in values for code in value.split(",") if code.strip()]


@app.command()
def check(
    paths: Optional[List[Path]] = typer.Argument(
        None, metavar="PATH", show_default=".", help="Files or folders to check."
    ),
    fix: Optional[bool] = typer.Option(None, "--fix/--no-fix", help="Apply safe fixes."),
    unsafe_fixes: Optional[bool] = typer.Option(
        None, "--unsafe-fixes/--no-unsafe-fixes", help="Also offer and apply fixes that may change behaviour."
    ),
    diff: bool = typer.Option(False, "--diff", help="Show the fixes as a diff instead of writing them."),
    select: Optional[List[str]] = typer.Option(
        None, metavar="CODES", help="Rule codes or prefixes to enable, comma-separated."
    ),
    ignore: Optional[List[str]] = typer.Option(
        None, metavar="CODES", help="Rule codes or prefixes to disable, comma-separated."
    ),
    target_version: Optional[str] = typer.Option(None, metavar="VERSION", help="Airflow 2.x version to upgrade to."),
    output_format: Optional[OutputFormat] = typer.Option(None, help="How to print the findings."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings remain."),
    show_statistics: bool = typer.Option(False, "--statistics", help="Count the findings per rule."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    force_exclude: bool = typer.Option(False, "--force-exclude", help="Apply `exclude` to named files too."),
    config: Optional[Path] = typer.Option(None, metavar="PATH", help="Config file to use instead of discovery."),
) -> None:
    """Check files and folders; with --fix, fix them (the default command).

    Exit status: 0 clean, 1 findings remain or --diff would change something, 2 an error.
    """
    given = {
        "fix": fix,
        "unsafe-fixes": unsafe_fixes,
        "diff": diff or None,
        "select": _codes(select),
        "ignore": _codes(ignore),
        "target-version": target_version,
        "output-format": output_format and output_format.value,
        "exit-zero": exit_zero or None,
        "statistics": show_statistics or None,
        "cache": False if no_cache else None,
        "force-exclude": force_exclude or None,
    }
    flags = {key: value for key, value in given.items() if value is not None}
    try:
        exit_code = _run_check(tuple(paths or [Path(".")]), flags, config)
    except ConfigError as error:
        _fail(str(error))
    except MissingPathsError as error:
        _fail("no such file or folder: " + ", ".join(map(str, error.paths)))
    except Exception as error:  # a bug: exit 2, never 1, which a CI gate would take for findings
        typer.echo(traceback.format_exc(), err=True)
        _fail(f"internal error: {type(error).__name__}: {error}")
    raise typer.Exit(exit_code)


def _run_check(paths: tuple[Path, ...], flags: dict, config: Optional[Path]) -> int:
    """Print what the run finds and return the exit code."""
    rules = {rule.code: rule for rule in all_rules()}
    settings = resolve(paths, flags, Vocabulary(frozenset(rules), knowledge.load().targets), config)
    workspace = collect(settings)
    if not workspace.files and not workspace.unreadable:
        typer.echo("warning: no files to check under the given paths", err=True)

    reports = runner.run(workspace, settings)
    totals = Totals.of(reports, settings)
    typer.echo(text_report.notes(reports), err=True, nl=False)
    if settings.diff:
        typer.echo("".join(report.diff for report in reports), nl=False)
        typer.echo(text_report.diff_summary(reports, totals, settings), err=True, nl=False)
    elif settings.statistics:
        rows = list(statistics(reports, settings, rules))
        if settings.output_format == "json":
            typer.echo(json_report.statistics(rows), nl=False)
        else:
            typer.echo(text_report.statistics(rows, totals, settings), nl=False)
    elif settings.output_format == "json":
        typer.echo(json_report.render(reports, rules), nl=False)
    else:
        typer.echo(text_report.render(reports, totals, settings), nl=False)
    return totals.exit_code(settings)


@app.command("migrate-plugins")
def migrate_plugins(
    paths: Optional[List[Path]] = typer.Argument(
        None, metavar="PATH", show_default=".", help="The project folder, or paths inside it."
    ),
    package: Optional[str] = typer.Option(
        None, "--package", "--plugins-package", metavar="NAME", help="Package under the DAGs folder to move the code to [default: plugin_code]."
    ),
    diff: bool = typer.Option(False, "--diff", help="Show the plan as a diff and change nothing."),
    unsafe_fixes: bool = typer.Option(
        False, "--unsafe-fixes", help="Also fix imports through the wrong plugin namespace (AUL302)."
    ),
    target_version: Optional[str] = typer.Option(None, metavar="VERSION", help="Airflow 2.x version to upgrade to."),
    config: Optional[Path] = typer.Option(None, metavar="PATH", help="Config file to use instead of discovery."),
) -> None:
    """Move the operators, sensors and hooks that plugins registered into a package under the
    DAGs folder, and rewrite every import of them in the project.

    Nothing is written if anything stands in the way. Exit status: 0 done or nothing to do,
    1 refused (or --diff shows a plan), 2 an error.
    """
    given = {"plugins-package": package, "target-version": target_version, "unsafe-fixes": unsafe_fixes or None}
    flags = {key: value for key, value in given.items() if value is not None}
    try:
        rules = frozenset(rule.code for rule in all_rules())
        settings = resolve(tuple(paths or [Path(".")]), flags, Vocabulary(rules, knowledge.load().targets), config)
        plan = migration.plan(settings, collect(settings))
    except ConfigError as error:
        _fail(str(error))
    except MissingPathsError as error:
        _fail("no such file or folder: " + ", ".join(map(str, error.paths)))
    if plan.refusals:
        typer.echo("".join(f"error: {reason}\n" for reason in plan.refusals), err=True, nl=False)
        typer.echo("Nothing was changed.", err=True)
        raise typer.Exit(1)
    if plan.empty:
        typer.echo("Nothing to migrate: no plugin registers operators, sensors or hooks defined in the plugins.", err=True)
        raise typer.Exit(0)
    if diff:
        typer.echo(migration.show(plan), nl=False)
        raise typer.Exit(1)
    try:
        migration.apply(plan)
    except (OSError, RuntimeError) as error:
        _fail(f"migration undone: {error}")
    moved = len(plan.moves)
    typer.echo(f"Moved {moved} module{'s' * (moved != 1)} to {plan.package}, rewrote {len(plan.rewrites)} file{'s' * (len(plan.rewrites) != 1)}.", err=True)


@app.command("rules")
def list_rules(
    output_format: OutputFormat = typer.Option(OutputFormat.text, help="How to print the rules."),
) -> None:
    """List every rule: code, name, fix availability and summary."""
    rules = all_rules()
    listing = json_report.rule_list(rules) if output_format.value == "json" else text_report.rule_table(rules)
    typer.echo(listing, nl=False)


@app.command()
def explain(rule: str = typer.Argument(..., help="A rule code (AUL101) or name.")) -> None:
    """Show a rule's documentation."""
    found = next((r for r in all_rules() if rule.upper() == r.code or rule.lower() == r.name), None)
    if found is None:
        _fail(f"unknown rule {rule!r}; `{TOOL_NAME} rules` lists them")
    typer.echo(text_report.explanation(found), nl=False)


def main() -> None:
    app(prog_name=TOOL_NAME)
