"""Custom hooks that call the SQL methods 1.10's BaseHook declared (AUL210).

1.10's BaseHook declared `get_records`, `get_pandas_df` and `run`, each raising
NotImplementedError (airflow/hooks/base_hook.py:100-107 in the 1.10.15 wheel), so a hook could
call them and leave them to a subclass. Airflow 2's BaseHook has none of them
(airflow/hooks/base.py in the 2.0.2 and 2.10.3 wheels); DbApiHook defines all three. Reported
without a fix: whether the hook is a SQL hook or the method belongs in the class is the user's call.
"""

from __future__ import annotations

import libcst as cst

from .base_hook_methods_rules import BASE_HOOK_METHOD
from .hook_calls import BASE_HOOK, CallsInClasses, is_super_call

DB_API_HOOK_1_10 = "airflow.hooks.dbapi_hook.DbApiHook"  # the import table says where it is at the target


class BaseHookMethods(CallsInClasses):
    rules = (BASE_HOOK_METHOD,)
    triggers = (b"BaseHook",)
    methods = frozenset({"get_records", "get_pandas_df", "run"})

    def leave_Module(self, original_node: cst.Module) -> None:
        for owner, call in self.calls:
            method = call.func.attr.value  # type: ignore[attr-defined]
            receiver = _receiver(call.func.value)  # type: ignore[attr-defined]
            if receiver is None:
                continue
            # super() skips the class's own definition; self.<method> finds it
            if self._only_base_hook(owner) and (receiver == "super()" or method not in _defined(owner)):
                self._report(owner, call, f"{receiver}.{method}")

    def _only_base_hook(self, owner: cst.ClassDef) -> bool:
        """Whether BaseHook is the class's only base: any other (DbApiHook, a mixin) may define the method."""
        bases = [base.value for base in owner.bases if base.keyword is None]
        return len(bases) == 1 and BASE_HOOK in self.airflow_paths(bases[0])

    def _report(self, owner: cst.ClassDef, call: cst.Call, called: str) -> None:
        target = self.context.target
        method = called.rpartition(".")[2]
        move = self.context.knowledge.moves(target).get(DB_API_HOOK_1_10)
        db_api_hook = f"`{move.path}` ({move.distribution})" if move is not None else "DbApiHook"
        message = (
            f"`{called}()` relies on 1.10's BaseHook, which declared `{method}`; Airflow {target}'s has none: "
            f"derive `{owner.name.value}` from {db_api_hook} if it is a SQL hook, or define `{method}` in it"
        )
        self.report(BASE_HOOK_METHOD, call, message)


def _receiver(node: cst.BaseExpression) -> str | None:
    """`self` or `super()` (also `super(Hook, self)`), the receivers that reach BaseHook's methods."""
    if isinstance(node, cst.Name) and node.value == "self":
        return "self"
    if is_super_call(node):
        return "super()"
    return None


def _defined(owner: cst.ClassDef) -> set[str]:
    """The names the class body binds: its methods, and attributes (`run = execute`)."""
    names = set()
    for statement in owner.body.body:
        if isinstance(statement, cst.FunctionDef):
            names.add(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else []
                if isinstance(small, cst.AnnAssign):
                    targets = [small.target]
                names.update(t.value for t in targets if isinstance(t, cst.Name))
    return names
