"""Diagnostics of unchanged files, kept from earlier check runs.

`.airflow-upgrade-lint-cache/` at the project root holds one JSON file per build of the tool
(version, source and knowledge base). Its entries are keyed by file path and hit only when the
file's bytes, the settings that shape its diagnostics and the project's cross-file facts
(plugins) are unchanged. Runs that fix or diff
never use it: fixes need the parsed tree.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .diagnostics import Applicability, Diagnostic, Fix
from .diagnostics import SourceResult
from .knowledge import Knowledge
from .settings import CACHE_DIR_NAME, Settings, tool_version
from .workspace import SourceFile, write_atomically

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by airflow-upgrade-lint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def build_fingerprint(knowledge: Knowledge) -> str:
    """Identifies the tool's build: a source checkout changes without a version bump."""
    digest = hashlib.sha256(tool_version().encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    digest.update(knowledge.digest.encode())
    return digest.hexdigest()[:16]


def _entry_key(source: bytes, settings: Settings, project: str) -> str:
    shaping = [settings.target_version, settings.select, settings.ignore, settings.unsafe_fixes, project]
    return hashlib.sha256(json.dumps(shaping).encode() + b"\0" + source).hexdigest()


def _dump(diagnostic: Diagnostic) -> dict:
    fix = diagnostic.fix
    return {
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "fix": fix and {"applicability": fix.applicability.value, "message": fix.message},
    }


def _load(data: dict, path: str) -> Diagnostic:
    fix = data["fix"]
    return Diagnostic(
        path=path,
        line=data["line"],
        column=data["column"],
        end_line=data["end_line"],
        end_column=data["end_column"],
        code=data["code"],
        message=data["message"],
        # Only what reports need: a cached run never applies fixes, so no edits.
        fix=fix and Fix(Applicability(fix["applicability"]), fix["message"], ()),
    )


class Cache:
    def __init__(self, project_root: Path, fingerprint: str, project: str) -> None:
        self.project = project  # the digest of the project's cross-file facts
        self.directory = project_root / CACHE_DIR_NAME
        self.file = self.directory / f"{fingerprint}.json"
        self.entries = self._read()
        self.changed = False

    def _read(self) -> dict:
        try:
            entries = json.loads(self.file.read_bytes())
        except (OSError, ValueError):  # absent or corrupt: start afresh
            return {}
        return entries if isinstance(entries, dict) else {}

    def lookup(self, file: SourceFile, source: bytes, settings: Settings) -> SourceResult | None:
        entry = self.entries.get(str(file.path))
        try:
            if entry["key"] == _entry_key(source, settings, self.project):
                return SourceResult([_load(item, file.display) for item in entry["diagnostics"]], notes=entry["notes"])
        except (TypeError, KeyError, ValueError):  # absent, or written by something else
            pass
        return None

    def store(self, file: SourceFile, source: bytes, settings: Settings, result: SourceResult) -> None:
        self.entries[str(file.path)] = {
            "key": _entry_key(source, settings, self.project),
            "diagnostics": [_dump(diagnostic) for diagnostic in result.diagnostics],
            "notes": result.notes,
        }
        self.changed = True

    def save(self) -> None:
        """Write the entries of files that still exist; a cache that cannot be written is no error."""
        if not self.changed:
            return
        entries = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        try:
            self.directory.mkdir(exist_ok=True)
            (self.directory / "CACHEDIR.TAG").write_text(CACHEDIR_TAG)
            (self.directory / ".gitignore").write_text("*\n")
            for stale in self.directory.glob("*.json"):  # other builds' caches
                if stale != self.file:
                    stale.unlink()
            write_atomically(self.file, json.dumps(entries).encode())
        except OSError:
            pass
