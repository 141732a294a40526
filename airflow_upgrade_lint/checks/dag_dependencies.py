"""A DAG used in a dependency expression, `dag >> task` (AUL203).

In 1.10, `dag >> task` ended in `task.set_upstream(dag)`, which for a DAG only assigned
`task.dag` (airflow/models/baseoperator.py in the 1.10.15 wheel). Airflow 2 raises a TypeError
when the file is parsed. The simple forms, a whole statement with a DAG on one side and a task or
a list of tasks on the other, are rewritten to the assignment they meant.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ..diagnostics import Applicability, Fix
from ..rule import Check
from .dag_dependencies_rules import DAG_IN_DEPENDENCY

# where the DAG class is defined; `airflow.DAG` and `airflow.models.DAG` re-export it
DAG_CLASS = "airflow.models.dag.DAG"
_SHIFTS = (cst.RightShift, cst.LeftShift)


class DagDependencies(Check):
    rules = (DAG_IN_DEPENDENCY,)
    triggers = (b">>", b"<<")

    def __init__(self, context) -> None:
        super().__init__(context)
        self.candidates: list[tuple[str, cst.CSTNode]] = []  # (name, DAG(...) call) bindings
        self.shifts: list[tuple[cst.SimpleStatementLine, cst.BinaryOperation]] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Call):
            self.candidates += [(t.target.value, node.value) for t in node.targets if isinstance(t.target, cst.Name)]

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if isinstance(node.item, cst.Call) and node.asname is not None and isinstance(node.asname.name, cst.Name):
            self.candidates.append((node.asname.name.value, node.item))

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, cst.Expr) and _is_shift(small.value):
                self.shifts.append((node, small.value))  # type: ignore[arg-type]

    def leave_Module(self, original_node: cst.Module) -> None:
        if not self.shifts:
            return
        dags = {name for name, call in self.candidates if self._is_dag(call)}
        for statement, operation in self.shifts:
            # `dag >> a >> b` is `(dag >> a) >> b`: the DAG can be deep on the left
            while True:
                if self._check(statement, operation, dags) or not _is_shift(operation.left):
                    break
                operation = operation.left  # type: ignore[assignment]

    def _is_dag(self, call: cst.Call) -> bool:
        return DAG_CLASS in self.airflow_paths(call.func)

    def _check(self, statement: cst.SimpleStatementLine, operation: cst.BinaryOperation, dags: set[str]) -> bool:
        # `dag >> x` and `x << dag` make x's DAG `dag`; chains are reported without a fix
        for dag_side, task_side in ((operation.left, operation.right), (operation.right, operation.left)):
            if not (isinstance(dag_side, cst.Name) and dag_side.value in dags):
                continue
            downstream = dag_side is operation.left
            if downstream != isinstance(operation.operator, cst.RightShift):
                continue
            message = f"`{dag_side.value}` is a DAG: Airflow 2 raises a TypeError on a DAG in `>>`/`<<`; assign the task's `dag` instead"
            whole = len(statement.body) == 1 and statement.body[0].value is operation  # type: ignore[attr-defined]
            self.report(DAG_IN_DEPENDENCY, operation, message, self._fix(statement, dag_side, task_side) if whole else None)
            return True
        return False

    def _fix(self, statement: cst.SimpleStatementLine, dag: cst.Name, tasks: cst.BaseExpression) -> Optional[Fix]:
        names = _task_names(tasks)
        if names is None:
            return None
        assignments = [
            cst.SimpleStatementLine(
                body=[cst.Assign(targets=[cst.AssignTarget(cst.Attribute(cst.Name(name), cst.Name("dag")))], value=cst.Name(dag.value))]
            )
            for name in names
        ]
        first = assignments[0].with_changes(leading_lines=statement.leading_lines, trailing_whitespace=statement.trailing_whitespace)
        replacement = cst.FlattenSentinel([first, *assignments[1:]]) if len(assignments) > 1 else first
        return Fix(Applicability.SAFE, "Assign the task's DAG", (self.edit(statement, replacement),))


def _is_shift(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.BinaryOperation) and isinstance(node.operator, _SHIFTS)


def _task_names(node: cst.BaseExpression) -> Optional[list[str]]:
    """The task variables of `task` or `[task, task]`; None for anything more complex."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements and all(isinstance(e.value, cst.Name) for e in node.elements):
        return [e.value.value for e in node.elements]  # type: ignore[union-attr]
    return None
