"""Rules (what is documented and selected) and checks (what visits a parsed file).

A `Rule` is one stable code: its name, documentation in ruff's shape, and examples that are
both its documentation and its tests. A `Check` is a libcst visitor for one family of changes;
it may report several rules from one analysis, and all enabled checks share one traversal.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
import functools
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Optional

import libcst as cst
from libcst._metadata_dependent import LazyValue
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

from .diagnostics import Applicability, Diagnostic, Fix, FixAvailability, NodeEdit, Span

if TYPE_CHECKING:
    from .knowledge import Knowledge
    from .project import Project


@dataclass(frozen=True)
class Example:
    """A snippet and what the rule must do with it, checked by tests/test_rule_examples.py.

    `fixed` is None when the example must not be reported; otherwise it is the file after
    `--fix` (with `--unsafe-fixes` when `unsafe` is set), equal to `source` when no fix applies.
    A rule that needs other files (a plugin and the modules it registers) names them in
    `project`; the example is then the file at `path` in that project.
    """

    source: str
    fixed: Optional[str] = None
    target: Optional[str] = None  # an Airflow version; None means the default target
    unsafe: bool = False
    project: tuple[tuple[str, str], ...] = ()  # (path in the project, content)
    path: str = "dags/example.py"

    @property
    def reported(self) -> bool:
        return self.fixed is not None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    fix: FixAvailability
    doc: str  # ruff-shaped markdown: "## What it does", "## Why is this bad?", ...
    examples: tuple[Example, ...] = ()
    # Found on the file as given, which a fix elsewhere in it does not resolve (an import fix
    # that hides the 1.10 path it was found by): the engine keeps reporting it after such fixes.
    survives_other_fixes: bool = False
    # Codes of more general rules whose finding on the same span this one replaces (a class path
    # in configuration is this rule's, with its safe fix, not a string that merely names a path).
    supersedes: tuple[str, ...] = ()

    def documentation(self) -> str:
        return textwrap.dedent(self.doc).strip() + "\n"


@dataclass
class CheckContext:
    """What a check may know about the file it visits and the run it is part of."""

    path: str
    knowledge: Knowledge
    project: Project  # cross-file facts: plugins and what they register
    target: str
    unsafe_fixes: bool
    wants: Callable[[str, int], bool]  # (code, line) -> enabled and not suppressed
    wrapper: MetadataWrapper
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def node_metadata(self, provider) -> Mapping[cst.CSTNode, Any]:
        """Metadata resolved on first use: most files need none, and it costs more than the parse."""
        return self.wrapper.resolve(provider)  # the wrapper caches what it resolved


class Check(cst.BatchableCSTVisitor):
    """Base of every family's visitor. Subclasses list the rules they may report."""

    rules: ClassVar[tuple[Rule, ...]] = ()
    # Bytes of which at least one must occur in a file for the check to be worth parsing for.
    triggers: ClassVar[tuple[bytes, ...]] = ()

    def __init__(self, context: CheckContext) -> None:
        super().__init__()
        self.context = context

    def get_visitors(self):
        # libcst finds these with inspect.getmembers on every instance; once per class is enough
        return {name: getattr(self, name) for name in _visitor_names(type(self))}

    def node_metadata(self, provider) -> Mapping[cst.CSTNode, Any]:
        return self.context.node_metadata(provider)

    def imported_paths(self, node: cst.CSTNode) -> frozenset[str]:
        """The dotted paths an expression names through the file's imports, as written."""
        names = self.node_metadata(QualifiedNameProvider).get(node, set())
        if isinstance(names, LazyValue):  # libcst computes qualified names on demand
            names = names()
        return frozenset(name.name for name in names)

    def airflow_paths(self, node: cst.CSTNode) -> frozenset[str]:
        """What an expression names through the file's imports, as canonical 2.x paths at the
        target (an alias, a 1.10 path or a 1.10 lazy import all lead to the class they meant),
        each with the path it is defined at when it is a re-export (`airflow.DAG` gives
        `airflow.models.dag.DAG` too), so that tables keyed either way match."""
        knowledge, target = self.context.knowledge, self.context.target
        canonical = {knowledge.canonical(path, target) for path in self.imported_paths(node)}
        return frozenset(canonical | {knowledge.defining_path(path, target) for path in canonical})

    def span(self, node: cst.CSTNode) -> Span:
        pos = self.node_metadata(PositionProvider)[node]
        return Span((pos.start.line, pos.start.column), (pos.end.line, pos.end.column))

    def edit(self, node: cst.CSTNode, replacement) -> NodeEdit:
        return NodeEdit(node, replacement, self.span(node))

    def wants(self, rule: Rule, node: cst.CSTNode) -> bool:
        return self.context.wants(rule.code, self.span(node).start[0])

    def fix_allowed(self, applicability: Applicability) -> bool:
        return applicability.allowed(self.context.unsafe_fixes)

    def report(self, rule: Rule, node: cst.CSTNode, message: str, fix: Fix | None = None) -> None:
        pos = self.node_metadata(PositionProvider)[node]
        self.context.diagnostics.append(
            Diagnostic(
                path=self.context.path,
                line=pos.start.line,
                column=pos.start.column + 1,
                end_line=pos.end.line,
                end_column=pos.end.column + 1,
                code=rule.code,
                message=message,
                fix=fix,
            )
        )


@functools.lru_cache(maxsize=None)
def _visitor_names(cls: type) -> tuple[str, ...]:
    """The visitor methods the check defines: libcst's base declares a no-op for every node type
    (some 1600), and each one handed to the batched traversal is called on every node."""
    return tuple(
        name
        for name in dir(cls)
        if name.startswith(("visit_", "leave_")) and getattr(cls, name) is not getattr(cst.BatchableCSTVisitor, name, None)
    )
