"""Which provider distributions the project's DAGs and plugins import, at a target.

The project pass collects every `airflow...` path the code imports (`from airflow.x import Y` is
`airflow.x.Y`, `import airflow.x` is `airflow.x`), once, whatever the target. At a target, a path
counts after the import fixes: a 1.10 path is the distribution of where it moved
(`knowledge.moves`), a path inside `airflow.providers` the provider whose package holds it, and
a 1.10 module (`from airflow.contrib.hooks import aws_hook`) the one distribution its moved
names all went to.
"""

from __future__ import annotations

import ast
import functools
from typing import TYPE_CHECKING, Iterable, Mapping

from .requirement_facts import PROVIDER_PREFIX, TargetRequirements

if TYPE_CHECKING:
    from .knowledge import Knowledge


def imported_paths(sources: Iterable[bytes]) -> tuple[str, ...]:
    """The sorted `airflow...` paths that the sources import; sources that do not parse are skipped
    (they are reported when they are checked)."""
    paths: set[str] = set()
    for source in sources:
        if b"airflow" not in source:
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                paths.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                paths.update(node.module if alias.name == "*" else f"{node.module}.{alias.name}" for alias in node.names)
    return tuple(sorted(path for path in paths if path.split(".")[0] == "airflow"))


def imported_providers(paths: Iterable[str], knowledge: Knowledge, facts: TargetRequirements) -> dict[str, str]:
    """Provider distribution -> the first of `paths` that needs it at the target."""
    found: dict[str, str] = {}
    for path in paths:
        distribution = provider_of(path, knowledge, facts)
        if distribution and distribution.startswith(PROVIDER_PREFIX):
            found.setdefault(distribution, path)
    return found


def provider_of(path: str, knowledge: Knowledge, facts: TargetRequirements) -> str | None:
    """The distribution that provides what `path` names at the target, once its import is fixed."""
    move = knowledge.moves(facts.version).get(path)
    if move is not None:
        return move.distribution or None
    for package, distribution in facts.provider_packages:
        if path == package or path.startswith(f"{package}."):
            return distribution
    distributions = _module_distributions(knowledge, facts.version).get(path, frozenset())
    return next(iter(distributions)) if len(distributions) == 1 else None


@functools.lru_cache(maxsize=None)
def _module_distributions(knowledge: Knowledge, target: str) -> Mapping[str, frozenset[str]]:
    """1.10 module -> the distributions its moved names went to at the target."""
    found: dict[str, set[str]] = {}
    for old, move in knowledge.moves(target).items():
        if move.distribution:
            found.setdefault(old.rpartition(".")[0], set()).add(move.distribution)
    return {module: frozenset(distributions) for module, distributions in found.items()}
