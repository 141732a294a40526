"""A custom hook passing `source` to BaseHook.__init__ (AUL204).

1.10's `BaseHook.__init__(self, source)` ignored its argument (airflow/hooks/base_hook.py in the
1.10.15 wheel); Airflow 2's BaseHook is a LoggingMixin whose `__init__` takes no such argument,
so `super().__init__(source)` raises a TypeError when the hook is created. The fix drops it.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ..diagnostics import Applicability, Fix
from ..sequence_edits import without
from .base_hook_init_rules import BASE_HOOK_SOURCE
from .hook_calls import BASE_HOOK, CallsInClasses, is_super_call


class BaseHookInit(CallsInClasses):
    rules = (BASE_HOOK_SOURCE,)
    triggers = (b"__init__",)
    methods = frozenset({"__init__"})

    def __init__(self, context) -> None:
        super().__init__(context)
        self.hook_classes: dict[cst.ClassDef, list[str]] = {}  # class -> local names of its BaseHook bases

    def leave_Module(self, original_node: cst.Module) -> None:
        for owner, call in self.calls:
            bases = self._base_hook_names(owner)
            if not bases:
                continue
            receiver = call.func.value  # type: ignore[attr-defined]
            if is_super_call(receiver):
                self._check(call, first=0)
            elif isinstance(receiver, cst.Name) and receiver.value in bases:
                self._check(call, first=1)  # BaseHook.__init__(self, source)

    def _base_hook_names(self, owner: cst.ClassDef) -> list[str]:
        if owner not in self.hook_classes:
            names = []
            for base in owner.bases:
                if BASE_HOOK in self.airflow_paths(base.value):
                    names.append(cst.helpers.get_full_name_for_node(base.value) or "")
            self.hook_classes[owner] = names
        return self.hook_classes[owner]

    def _check(self, call: cst.Call, first: int) -> None:
        index = _source_argument(call, first)
        if index is None:
            return
        fix = Fix(Applicability.SAFE, "Drop the argument", (self.edit(call, call.with_changes(args=without(call.args, index))),))
        message = "Airflow 2's BaseHook.__init__ takes no `source`; 1.10 ignored it, and 2.x raises a TypeError"
        self.report(BASE_HOOK_SOURCE, call.args[index], message, fix)


def _source_argument(call: cst.Call, first: int) -> Optional[int]:
    """The index of the `source` argument: `source=...`, or the positional one after `first`."""
    positional = [i for i, arg in enumerate(call.args) if arg.keyword is None and not arg.star]
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == "source":
            return index
    return positional[first] if len(positional) > first else None
