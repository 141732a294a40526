"""Check every file of a workspace: cache, engine, fixes written back or shown as diffs."""

from __future__ import annotations

import difflib
import io
import os
import stat
import tokenize
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from . import airflow_cfg, engine, env_config, json_config, requirements_file, template_files, terraform_config, text_files, yaml_config
from . import knowledge as knowledge_base
from . import project as project_facts
from .cache import Cache, build_fingerprint
from .tool_errors import INTERNAL_ERROR, UNREADABLE_FILE
from .diagnostics import Diagnostic
from .diagnostics import SourceResult
from .settings import Settings
from .workspace import SourceFile, Workspace, unreadable, write_atomically

# The text formats of workspace.KINDS, by kind: each a text_files.TextFormat.
TEXT_FORMATS: dict[str, text_files.TextFormat] = {
    "airflow_cfg": airflow_cfg.FORMAT,
    "requirements": requirements_file.FORMAT,
    "env": env_config.FORMAT,
    "shell": env_config.FORMAT,  # after the template check: see check_file
    "yaml": yaml_config.FORMAT,
    "json": json_config.FORMAT,
    "terraform": terraform_config.FORMAT,
}

PARALLEL_THRESHOLD = 32  # files; below it, starting worker processes costs more than it saves


@dataclass
class FileReport:
    path: str  # as displayed
    diagnostics: list[Diagnostic]  # what remains after fixes
    fixes_applied: int = 0  # written, or with settings.diff shown in `diff`
    diff: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Job:
    kind: str
    source: bytes
    display: str
    settings: Settings
    project: project_facts.Project


def run(workspace: Workspace, settings: Settings) -> list[FileReport]:
    """One report per file (and per folder or plugin module that could not be read), sorted by path.

    The knowledge base is the process-wide `knowledge.load()`, so worker processes use the
    same tables as this one. The project's cross-file facts are gathered first, once.
    """
    knowledge = knowledge_base.load()
    project = project_facts.build(settings, workspace)
    cache = None
    if settings.cache and not (settings.fix or settings.diff):
        cache = Cache(settings.project_root, build_fingerprint(knowledge), project.digest())

    reports = [FileReport(d.path, [d]) for d in workspace.unreadable + list(project.problems)]
    pending: list[tuple[SourceFile, _Job]] = []
    for file in workspace.files:
        file_settings = _file_settings(settings, file)
        try:
            source = file.path.read_bytes()
        except OSError as error:
            reports.append(FileReport(file.display, [unreadable(file.display, error)]))
            continue
        cached = cache.lookup(file, source, file_settings) if cache else None
        if cached is not None:
            reports.append(FileReport(file.display, cached.diagnostics, notes=cached.notes))
        else:
            pending.append((file, _Job(file.kind, source, file.display, file_settings, project)))

    for (file, job), result in zip(pending, _check_all([job for _, job in pending])):
        if cache and not _failed(result):
            cache.store(file, job.source, job.settings, result)
        reports.append(_report(file, job, result, settings))
    if cache:
        cache.save()
    reports.sort(key=lambda report: report.path)
    return reports


def _file_settings(settings: Settings, file: SourceFile) -> Settings:
    """The settings the engine gets for `file`, its per-file ignores (matched by the workspace,
    against the config's folder) folded into the selection.

    As in ruff, a per-file ignore wins over any select: the selectors it covers are dropped,
    since under most-specific-wins `select AUL101` would otherwise beat a per-file `AUL1`.
    """
    select = tuple(s for s in settings.select if not any(s.startswith(ignored) for ignored in file.ignore))
    return replace(settings, select=select, ignore=settings.ignore + file.ignore, per_file_ignores=())


def _check_all(jobs: list[_Job]) -> list[SourceResult]:
    """Results in the order of `jobs`, whatever the number of workers."""
    workers = os.cpu_count() or 1
    if len(jobs) <= PARALLEL_THRESHOLD or workers == 1:
        return [_check(job) for job in jobs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_check, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def check_file(
    kind: str, source: bytes, display: str, settings: Settings, knowledge: knowledge_base.Knowledge, project: project_facts.Project
) -> SourceResult:
    """Check one file of a workspace.KINDS kind with that kind's checker."""
    if kind == "python":
        return engine.check_source(source, display, settings, knowledge, project)
    if kind == "template":
        return template_files.check_template(source, display, settings, knowledge)
    if kind == "shell":  # a template that may set Airflow configuration: both checks, the second on the first's fix
        rendered = template_files.check_template(source, display, settings, knowledge)
        if any(d.code == UNREADABLE_FILE.code for d in rendered.diagnostics):
            return rendered
        configured = text_files.check_text(TEXT_FORMATS[kind], rendered.fixed or source, display, settings, knowledge, project)
        diagnostics = sorted(rendered.diagnostics + configured.diagnostics, key=lambda d: d.sort_key)
        return SourceResult(diagnostics, configured.fixed or rendered.fixed, rendered.fixes_applied + configured.fixes_applied)
    return text_files.check_text(TEXT_FORMATS[kind], source, display, settings, knowledge, project)


def _check(job: _Job) -> SourceResult:
    """The checker's result; an exception in it becomes an internal-error diagnostic of the file."""
    try:
        # load() is memoised: once per process
        return check_file(job.kind, job.source, job.display, job.settings, knowledge_base.load(), job.project)
    except Exception as error:
        diagnostic = _internal_error(job.display, f"{type(error).__name__}: {error}")
        return SourceResult([diagnostic], notes=[traceback.format_exc()])


def _internal_error(display: str, message: str) -> Diagnostic:
    return Diagnostic(display, 1, 1, INTERNAL_ERROR.code, f"Internal error: {message}")


def _failed(result: SourceResult) -> bool:
    return any(diagnostic.code == INTERNAL_ERROR.code for diagnostic in result.diagnostics)


def _report(file: SourceFile, job: _Job, result: SourceResult, settings: Settings) -> FileReport:
    report = FileReport(file.display, result.diagnostics, result.fixes_applied, notes=result.notes)
    if result.fixed is None or result.fixed == job.source:
        return report
    if settings.diff:
        report.diff = unified_diff(file.display, job.source, result.fixed)
    elif settings.fix:
        problem = _write_fix(file, job.source, result.fixed)
        if problem:
            report.diagnostics = [*result.diagnostics, _internal_error(file.display, problem)]
            report.fixes_applied = 0
    return report


def _write_fix(file: SourceFile, original: bytes, fixed: bytes) -> str | None:
    """Write `fixed` unless the file changed since it was read; else why it was not written."""
    target = file.path.resolve()  # write through a symbolic link, not over it
    try:
        if target.read_bytes() != original:
            return "the file changed while it was being checked; fixes not written"
        write_atomically(target, fixed, stat.S_IMODE(target.stat().st_mode))
    except OSError as error:
        return f"fixes not written: {error.strerror or error}"
    return None


def unified_diff(display: str, before: bytes, after: bytes) -> str:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(before).readline)
    old, new = (data.decode(encoding, errors="replace").splitlines(keepends=True) for data in (before, after))
    names = (display, display) if os.path.isabs(display) else (f"a/{display}", f"b/{display}")
    lines = difflib.unified_diff(old, new, *names)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
