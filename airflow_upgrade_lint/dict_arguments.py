"""Dicts that reach an operator as keyword arguments: `default_args=` values and `**{...}` literals.

A `default_args=` value is a dict literal, a `dict(...)` call, or a variable that the module
assigned one of those to; their keys are edited in place, keeping the quotes the user chose.
"""

from __future__ import annotations

from typing import Iterator, Optional, Union

import libcst as cst

DictLike = Union[cst.Dict, cst.Call]  # `{...}` or `dict(...)`
DictItem = Union[cst.BaseDictElement, cst.Arg]


class AssignedDicts:
    """The values a module assigns to plain names, to follow `default_args=args` to its dict."""

    def __init__(self) -> None:
        self._values: dict[str, list[cst.BaseExpression]] = {}

    def record(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._values.setdefault(target.target.value, []).append(node.value)

    def resolve(self, value: cst.BaseExpression) -> Iterator[DictLike]:
        """The dict literals `value` is, or that the variable it names was assigned."""
        candidates = self._values.get(value.value, []) if isinstance(value, cst.Name) else [value]
        for candidate in candidates:
            if is_dict(candidate):
                yield candidate  # type: ignore[misc]


def is_dict(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Dict) or (
        isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict"
    )


def items(mapping: DictLike) -> tuple[DictItem, ...]:
    return tuple(mapping.elements if isinstance(mapping, cst.Dict) else mapping.args)


def with_items(mapping: DictLike, new_items) -> DictLike:
    return mapping.with_changes(**{"elements" if isinstance(mapping, cst.Dict) else "args": new_items})


def key(item: DictItem) -> Optional[str]:
    """The key of a dict item when it is a literal string (or a `dict(...)` keyword)."""
    if isinstance(item, cst.Arg):
        return item.keyword.value if item.keyword is not None else None
    if isinstance(item, cst.DictElement) and isinstance(item.key, cst.SimpleString):
        value = item.key.evaluated_value
        return value if isinstance(value, str) else None
    return None


def value(item: DictItem) -> Optional[cst.BaseExpression]:
    return item.value if isinstance(item, (cst.Arg, cst.DictElement)) else None


def renamed_key(item: DictItem, new_name: str) -> DictItem:
    if isinstance(item, cst.Arg):
        return item.with_changes(keyword=cst.Name(new_name))
    return item.with_changes(key=retyped(item.key, new_name))  # type: ignore[union-attr]


def retyped(literal: cst.SimpleString, text: str) -> cst.SimpleString:
    """A string literal with new text (plain characters only), quoted as the user quoted it."""
    return literal.with_changes(value=f"{literal.prefix}{literal.quote}{text}{literal.quote}")
