"""`airflow.utils.dates.days_ago`, deprecated inside Airflow 2 (AUL211).

What the wheels show (airflow/utils/dates.py): in every 2.x, `days_ago(n, hour=0, minute=0,
second=0, microsecond=0)` takes `timezone.utcnow()`, replaces its time by the given parts and
subtracts `timedelta(days=n)`: midnight UTC today minus `n` days by default. 2.2.2 says nothing;
2.4.3 and every later MWAA version warn (RemovedInAirflow3Warning) and name
`pendulum.today('UTC').add(days=-N, ...)` as the equivalent. The deprecation is
apache/airflow#21653 (merged February 2022, first released in 2.3.0), so the rule applies from 2.3.

`pendulum.today("UTC").add(days=-N, hours=H, ...)` is equal to `days_ago(N, hour=H, ...)` (the
same instant, in UTC: no daylight saving to cross), but it is a pendulum DateTime rather than a
datetime.datetime; pendulum 2, which MWAA pins up to 2.7.2, prints it with a "T" between date
and time. Where Airflow turns the value into a pendulum DateTime itself (`start_date`/`end_date`
of a DAG or an operator, and in `default_args`: timezone.convert_to_utc in DAG and BaseOperator)
nothing changes, so the fix is safe there and unsafe elsewhere, as it is when `N` is not a
number literal (the rewrite is equal for ints and floats only).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

import libcst as cst
from libcst.metadata import ScopeProvider
from packaging.version import Version

from ..diagnostics import Applicability, Fix, Replacement
from ..dict_arguments import AssignedDicts, items, key, value
from ..import_edits import imported_name, new_import, shrunk, unused_names, without_names
from ..rule import Check
from .days_ago_rules import DEPRECATED_DAYS_AGO

DAYS_AGO = "airflow.utils.dates.days_ago"
SINCE = "2.3"
_PARAMETERS = ("n", "hour", "minute", "second", "microsecond")
# days_ago's `replace()` part -> pendulum's `add()` keyword, and the bound replace() enforces
_TIME_PARTS = {"hour": ("hours", 24), "minute": ("minutes", 60), "second": ("seconds", 60), "microsecond": ("microseconds", 1_000_000)}
# arguments Airflow passes through timezone.convert_to_utc, which makes any datetime a pendulum one
_NORMALISED = {"start_date", "end_date"}
_GENERIC = 'pendulum.today("UTC").add(days=-N, ...)'


@dataclass(eq=False)
class _Call:
    node: cst.Call
    rewrite: Optional[cst.BaseExpression]  # None: no exact rewrite is known
    literal: bool  # every argument is a number literal
    needs_import: bool  # nothing binds `pendulum` where the call is
    applicability: Applicability = Applicability.UNSAFE

    @property
    def code(self) -> str:
        return cst.Module([]).code_for_node(self.rewrite) if self.rewrite is not None else _GENERIC


class DaysAgo(Check):
    rules = (DEPRECATED_DAYS_AGO,)
    triggers = (b"days_ago",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.active = Version(context.target) >= Version(SINCE)
        self.module: Optional[cst.Module] = None
        self.calls: list[cst.Call] = []
        self.quotes: dict[cst.Call, str] = {}  # call -> the quotes free inside the f-strings around it
        self.f_strings: list[str] = []  # the quote of each f-string the traversal is in, innermost last
        self.date_arguments: list[tuple[cst.Call, cst.BaseExpression]] = []  # (owner, start_date=/end_date= value)
        self.default_args: list[tuple[cst.Call, cst.BaseExpression]] = []  # (owner, default_args= value)
        self.assigned = AssignedDicts()

    def visit_Module(self, node: cst.Module) -> None:
        self.module = node

    def visit_Call(self, node: cst.Call) -> None:
        if not self.active:
            return
        self.calls.append(node)
        self.quotes[node] = "".join(q for q in "\"'" if q not in self.f_strings)
        for arg in node.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in _NORMALISED:
                self.date_arguments.append((node, arg.value))
            elif keyword == "default_args":
                self.default_args.append((node, arg.value))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.f_strings.append(node.start[-1])  # before Python 3.12 its expressions cannot use it

    def leave_FormattedString(self, original_node: cst.FormattedString) -> None:
        self.f_strings.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.active:
            self.assigned.record(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        # a callee that may also be something of the user's (a fallback in `except ImportError:`) is left alone
        found = [self._analyse(call) for call in self.calls if self.airflow_paths(call.func) == {DAYS_AGO}]
        if not found:
            return
        normalised = self._normalised()
        for call in found:
            if call.literal and call.node in normalised:
                call.applicability = Applicability.SAFE
        wanted = [c for c in found if c.rewrite is not None and self.wants(DEPRECATED_DAYS_AGO, c.node)]
        allowed = [c for c in wanted if self.fix_allowed(c.applicability)]
        shared = self._fix(allowed)
        for call in found:
            fix = shared if call in allowed else (self._fix([call]) if call in wanted else None)
            message = f"`days_ago` is deprecated since Airflow {SINCE} and removed in 3.0; use `{call.code}`"
            self.report(DEPRECATED_DAYS_AGO, call.node, message, fix)

    # -- the rewrite ------------------------------------------------------------------------------

    def _analyse(self, call: cst.Call) -> _Call:
        pendulum = self._pendulum_binding(call)
        arguments = _bind(call)
        quotes = self.quotes[call]
        if pendulum is None or arguments is None or "n" not in arguments or not quotes:
            return _Call(call, None, False, False)
        n = arguments.pop("n")
        literal = _number(n) is not None
        keywords = [] if _number(n) == 0 else [f"days={self._negated(n)}"]
        for name, expression in arguments.items():
            keyword, bound = _TIME_PARTS[name]
            part = _number(expression)
            if not isinstance(part, int) or not 0 <= part < bound:
                return _Call(call, None, False, False)  # days_ago would raise, or the value is unknown
            if part:
                keywords.append(f"{keyword}={part}")
        code = f"pendulum.today({quotes[0]}UTC{quotes[0]})" + (f".add({', '.join(keywords)})" if keywords else "")
        rewrite = cst.parse_expression(code).with_changes(lpar=call.lpar, rpar=call.rpar)
        return _Call(call, rewrite, literal, needs_import=not pendulum)

    def _negated(self, n: cst.BaseExpression) -> str:
        if isinstance(n, cst.UnaryOperation) and isinstance(n.operator, cst.Minus):
            return self._code(n.expression)
        if isinstance(n, cst.UnaryOperation) and isinstance(n.operator, cst.Plus):
            n = n.expression
        if isinstance(n, (cst.Integer, cst.Float, cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or n.lpar:
            return "-" + self._code(n)
        return f"-({self._code(n)})"

    def _code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)  # type: ignore[union-attr]

    def _pendulum_binding(self, call: cst.Call) -> Optional[bool]:
        """Whether `pendulum` names the pendulum module at the call (an `import pendulum` before
        it), False when nothing binds the name there, None when something else does."""
        scope = self.node_metadata(ScopeProvider).get(call)
        assignments = scope["pendulum"] if scope is not None else set()
        if not assignments:
            return False
        start = self.span(call).start
        for assignment in assignments:
            node = getattr(assignment, "node", None)
            if not (
                isinstance(node, cst.Import)
                and any(imported_name(a).partition(".")[0] == "pendulum" and a.asname is None for a in node.names)
                and self.span(node).start < start
            ):
                return None
        return True

    def _normalised(self) -> set[cst.BaseExpression]:
        """The values that Airflow converts to pendulum DateTimes itself: `start_date=` and
        `end_date=` of an Airflow class, and those keys of its `default_args` dicts."""
        values = {value_ for owner, value_ in self.date_arguments if self._is_airflow(owner)}
        for owner, default_args in self.default_args:
            if self._is_airflow(owner):
                for mapping in self.assigned.resolve(default_args):
                    values.update(value(item) for item in items(mapping) if key(item) in _NORMALISED)
        return values

    def _is_airflow(self, call: cst.Call) -> bool:
        return any(path.startswith("airflow.") for path in self.airflow_paths(call.func))

    # -- the fix ----------------------------------------------------------------------------------

    def _fix(self, calls: list[_Call]) -> Optional[Fix]:
        if not calls:
            return None
        edits = [self.edit(c.node, c.rewrite) for c in calls]
        statements = [s for s in self.module.body if _is_import(s)]  # type: ignore[union-attr]
        unused = unused_names(statements, self.node_metadata(ScopeProvider), [c.node.func for c in calls])
        replacements = {statement: shrunk(statement, names) for statement, names in unused.items()}
        if any(c.needs_import for c in calls):
            anchor = self._anchor(statements, unused, calls)
            if anchor is None:
                return None
            replacements[anchor] = self._with_pendulum(anchor, unused.get(anchor))
        edits += [self.edit(s, r) for s, r in replacements.items() if r is not s]
        unsafe = any(c.applicability is Applicability.UNSAFE for c in calls)
        return Fix(Applicability.UNSAFE if unsafe else Applicability.SAFE, "Use pendulum", tuple(edits))

    def _anchor(self, statements, unused, calls: list[_Call]) -> Optional[cst.SimpleStatementLine]:
        """The top-level import statement `import pendulum` goes beside: one that loses
        `days_ago`, else the first one that is not a `__future__` import. It must come before
        every call it serves, so that a module-level call finds the name bound."""
        first_call = min(self.span(c.node).start for c in calls)
        candidates = [s for s in statements if s in unused] + [s for s in statements if not _is_future(s)][:1]
        return next((s for s in candidates if self.span(s).start < first_call), None)

    @staticmethod
    def _with_pendulum(anchor: cst.SimpleStatementLine, names) -> Replacement:
        """`import pendulum` beside the anchor: in place of it when it imported `days_ago` alone,
        after it when it imported more, before it when it is any other import."""
        pendulum = new_import("pendulum")
        if names is None:
            return cst.FlattenSentinel([pendulum.with_changes(leading_lines=anchor.leading_lines), anchor.with_changes(leading_lines=())])
        rest = without_names(anchor, names)
        if rest is None:
            return pendulum.with_changes(leading_lines=anchor.leading_lines)
        return cst.FlattenSentinel([rest, pendulum])


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body)


def _is_future(statement: cst.SimpleStatementLine) -> bool:
    return any(isinstance(s, cst.ImportFrom) and s.module is not None and s.module.value == "__future__" for s in statement.body)


def _bind(call: cst.Call) -> Optional[dict[str, cst.BaseExpression]]:
    """days_ago's parameters -> the expressions given for them; None for `*`/`**` or a mismatch."""
    bound: dict[str, cst.BaseExpression] = {}
    positional = iter(_PARAMETERS)
    for arg in call.args:
        if arg.star:
            return None
        name = arg.keyword.value if arg.keyword is not None else next(positional, None)
        if name not in _PARAMETERS or name in bound:
            return None
        bound[name] = arg.value
    return bound


def _number(node: cst.BaseExpression) -> Optional[float]:
    """The value of an int or float literal, optionally signed; None for anything else."""
    sign = 1
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        sign = -1 if isinstance(node.operator, cst.Minus) else 1
        node = node.expression
    if isinstance(node, (cst.Integer, cst.Float)):
        return sign * ast.literal_eval(node.value)
    return None
