"""What one Python module binds and deprecates, read from its source with `ast` (never imported).

Used by build_import_rules.py on modules inside Airflow and provider wheels. Every name is
resolved to an absolute dotted path (`package.module.Name`) so that facts from different wheels
can be joined into one graph of moves.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

# Warning categories that mark something as deprecated (Python's own and Airflow's).
_DEPRECATION_CATEGORY = re.compile(r"Deprecat|RemovedIn")
# How a module's docstring says that the module itself is deprecated.
_DEPRECATED_DOCSTRING = re.compile(r"This (module|package) is deprecated\b")


@dataclass(frozen=True)
class InitFact:
    """What a class's own `__init__` takes by keyword, and what it hands on to its base's."""

    keywords: tuple[str, ...]  # positional-or-keyword and keyword-only names, not self, *args, **kwargs
    forwards_kwargs: bool  # its **kwargs go on to super().__init__ (or <first base>.__init__)
    passed_as: dict[str, str]  # own keyword -> the keyword that call passes it as (postgres_conn_id -> conn_id)


@dataclass(frozen=True)
class ClassFact:
    bases: tuple[str, ...]  # absolute dotted paths where they can be resolved, else the source text
    deprecated: bool  # unconditional warnings.warn in __init__, or a @deprecated decorator
    deprecation_message: str  # what the warning or @deprecated decorator says (names the successor, if any)
    empty_body: bool  # only a docstring and `pass`: behaves exactly like its base
    init: InitFact | None  # None: the class defines no __init__ and takes its base's


@dataclass(frozen=True)
class FunctionFact:
    deprecated: bool
    deprecation_message: str
    delegates_to: str | None  # `return import_string("x.y")(*args, **kwargs)` in a deprecated def


@dataclass
class ModuleFacts:
    name: str
    # a deprecation shim: module-level warnings.warn(..., <deprecation category>), or a docstring
    # saying the module is deprecated over a body that defines nothing not deprecated
    deprecated: bool = False
    imports: dict[str, str] = field(default_factory=dict)  # bound name -> absolute "module.Name"
    module_imports: dict[str, str] = field(default_factory=dict)  # bound name -> module (`import x.y as z`)
    classes: dict[str, ClassFact] = field(default_factory=dict)
    functions: dict[str, FunctionFact] = field(default_factory=dict)
    assigned: dict[str, str | None] = field(default_factory=dict)  # name -> aliased path for `A = B`
    star_imports: list[str] = field(default_factory=list)
    all_names: tuple[str, ...] | None = None  # literal __all__, when there is one
    # `add_deprecated_classes(table, __name__)`: virtual submodule -> {name: target path}
    virtual_modules: dict[str, dict[str, str]] = field(default_factory=dict)
    # its optional third table: what the warning tells users to use instead (virtual submodule -> ...)
    virtual_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    # 1.10 `AirflowImporter(module, {"bash_operator": ["BashOperator"]})`: name -> submodule
    lazy_imports: dict[str, str] = field(default_factory=dict)
    # 2.x PEP 562 table `__lazy_imports` of a package (`airflow`, `airflow.models`): name -> the
    # absolute path its `__getattr__` imports; names that stand for a module are left out
    lazy_attributes: dict[str, str] = field(default_factory=dict)

    def binds(self, name: str) -> bool:
        """Whether `name` is bound at module top level (star imports are the caller's job)."""
        return (
            name in self.imports
            or name in self.module_imports
            or name in self.classes
            or name in self.functions
            or name in self.assigned
        )

    def deprecation_message(self, name: str) -> str | None:
        """What the deprecation of class or function `name` says; None if it is not deprecated."""
        fact = self.classes.get(name) or self.functions.get(name)
        return fact.deprecation_message if fact and fact.deprecated else None


def analyze_module(source: str, module: str, is_package: bool) -> ModuleFacts:
    tree = ast.parse(source)
    facts = ModuleFacts(name=module)
    package = module if is_package else module.rpartition(".")[0]
    dict_literals: dict[str, ast.Dict] = {}
    # only an unconditional warning deprecates the module; one inside `if` warns about something else
    for stmt in tree.body:
        if isinstance(stmt, ast.Expr) and _is_deprecation_warning(stmt.value):
            facts.deprecated = True
    for stmt in _top_level_statements(tree.body):
        _record_statement(stmt, facts, package, dict_literals)
    if "__lazy_imports" in dict_literals:
        facts.lazy_attributes = _lazy_attributes(dict_literals["__lazy_imports"], package)
    if _DEPRECATED_DOCSTRING.match(ast.get_docstring(tree) or "") and all(
        fact.deprecated
        for name, fact in (*facts.classes.items(), *facts.functions.items())
        if not name.startswith("_")
    ):
        facts.deprecated = True  # the 2.0 `airflow.contrib` packages, kubernetes.pod_launcher in 2.2
    return facts


def _top_level_statements(body: list[ast.stmt]):
    """Statements that run at import time, descending into if/try/with blocks.

    `if TYPE_CHECKING:` bodies never run, so only their `else` branch counts.
    """
    for stmt in body:
        if isinstance(stmt, ast.If):
            if not _is_type_checking(stmt.test):
                yield from _top_level_statements(stmt.body)
            yield from _top_level_statements(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for block in (stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody):
                yield from _top_level_statements(block)
        elif isinstance(stmt, ast.With):
            yield from _top_level_statements(stmt.body)
        else:
            yield stmt


def _is_type_checking(test: ast.expr) -> bool:
    return ast.unparse(test).endswith("TYPE_CHECKING")


def _record_statement(stmt: ast.stmt, facts: ModuleFacts, package: str, dicts: dict[str, ast.Dict]) -> None:
    if isinstance(stmt, ast.ImportFrom):
        source = _absolute_module(stmt, package)
        for alias in stmt.names:
            if alias.name == "*":
                facts.star_imports.append(source)
            else:
                facts.imports[alias.asname or alias.name] = f"{source}.{alias.name}"
    elif isinstance(stmt, ast.Import):
        for alias in stmt.names:
            if alias.asname:
                facts.module_imports[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                facts.module_imports[top] = top
    elif isinstance(stmt, ast.ClassDef):
        facts.classes[stmt.name] = _class_fact(stmt, facts)
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        facts.functions[stmt.name] = _function_fact(stmt)
    elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        _record_assignment(stmt, facts, dicts)
    if isinstance(stmt, (ast.Expr, ast.Assign)) and isinstance(stmt.value, ast.Call):
        _record_table_call(stmt.value, facts, dicts)


def _absolute_module(stmt: ast.ImportFrom, package: str) -> str:
    if not stmt.level:
        return stmt.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - (stmt.level - 1)])
    return f"{base}.{stmt.module}" if stmt.module else base


def _record_assignment(stmt: ast.Assign | ast.AnnAssign, facts: ModuleFacts, dicts: dict[str, ast.Dict]) -> None:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    if stmt.value is None:  # a bare annotation binds nothing
        return
    for target in targets:
        for name in _assigned_names(target):
            facts.assigned[name] = None
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        name = targets[0].id
        if isinstance(stmt.value, ast.Dict):
            dicts[name] = stmt.value
        elif isinstance(stmt.value, (ast.Name, ast.Attribute)):
            facts.assigned[name] = _resolve_reference(stmt.value, facts)
        elif name == "__all__" and isinstance(stmt.value, (ast.List, ast.Tuple)):
            facts.all_names = tuple(
                elt.value for elt in stmt.value.elts if isinstance(elt, ast.Constant) and isinstance(elt.value, str)
            )


def _assigned_names(target: ast.expr):
    """Names bound by an assignment target; `obj.attr = ...` and `x[i] = ...` bind none."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _assigned_names(element)
    elif isinstance(target, ast.Starred):
        yield from _assigned_names(target.value)


def _resolve_reference(node: ast.expr, facts: ModuleFacts) -> str:
    """Absolute path of a name or attribute as seen from this module (source text if unknown)."""
    text = ast.unparse(node)
    head, _, rest = text.partition(".")
    if head in facts.imports:
        resolved = facts.imports[head]
    elif head in facts.module_imports:
        resolved = facts.module_imports[head]
    elif head in facts.classes or head in facts.functions or head in facts.assigned:
        resolved = f"{facts.name}.{head}"
    else:
        return text
    return f"{resolved}.{rest}" if rest else resolved


def _class_fact(node: ast.ClassDef, facts: ModuleFacts) -> ClassFact:
    messages = [_decorator_message(d) for d in node.decorator_list if _is_deprecated_decorator(d)]
    inits = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"]
    init = inits[-1] if inits else None  # the last definition wins
    if init:
        # only unconditional warnings: one under `if` deprecates an argument, not the class
        warnings = [s.value for s in init.body if isinstance(s, ast.Expr) and _is_deprecation_warning(s.value)]
        messages += [_warning_message(warning) for warning in warnings]
    bases = [_unsubscripted(base) for base in node.bases]
    return ClassFact(
        bases=tuple(_resolve_reference(base, facts) for base in bases),
        deprecated=bool(messages),
        deprecation_message=" ".join(" ".join(messages).split()),
        empty_body=all(_is_docstring_or_pass(item) for item in node.body),
        init=_init_fact(init, bases[0] if bases else None) if init else None,
    )


def _unsubscripted(base: ast.expr) -> ast.expr:
    """`AwsBaseSensor[S3Hook]` -> `AwsBaseSensor`: a generic base is still that class."""
    return base.value if isinstance(base, ast.Subscript) else base


def _init_fact(init: ast.FunctionDef, first_base: ast.expr | None) -> InitFact:
    arguments = init.args
    self_argument = (arguments.posonlyargs + arguments.args)[:1]
    keywords = tuple(a.arg for a in (*arguments.args, *arguments.kwonlyargs) if a not in self_argument)
    kwargs = arguments.kwarg.arg if arguments.kwarg else None
    forwards, passed_as = False, {}
    for call in ast.walk(init):
        if isinstance(call, ast.Call) and _is_base_init(call.func, first_base):
            for keyword in call.keywords:
                if not isinstance(keyword.value, ast.Name):
                    continue
                if keyword.arg is None:  # **name
                    forwards = forwards or keyword.value.id == kwargs
                elif keyword.value.id in keywords and keyword.value.id != keyword.arg:
                    passed_as[keyword.value.id] = keyword.arg
    return InitFact(keywords, forwards, passed_as)


def _is_base_init(func: ast.expr, first_base: ast.expr | None) -> bool:
    """`super().__init__`, `super(Cls, self).__init__` or `<first base>.__init__`."""
    if not (isinstance(func, ast.Attribute) and func.attr == "__init__"):
        return False
    owner = func.value
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
        return True
    return first_base is not None and ast.unparse(owner) == ast.unparse(first_base)


def _decorator_message(node: ast.expr) -> str:
    """`@deprecated(reason=..., use_instead=...)` as a sentence."""
    if not isinstance(node, ast.Call):
        return "deprecated"
    parts = [_text_of(arg) for arg in node.args]
    for keyword in node.keywords:
        if keyword.arg == "use_instead":
            parts.append(f"Use {_text_of(keyword.value)} instead.")
        elif keyword.arg in ("reason", "message"):
            parts.append(_text_of(keyword.value))
    return " ".join(parts) or "deprecated"


def _warning_message(call: ast.Call) -> str:
    return _text_of(call.args[0]) if call.args else "deprecated"


def _text_of(node: ast.expr) -> str:
    """A string literal's text; f-string holes and other expressions as `{source}`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text_of(value) for value in node.values)
    if isinstance(node, ast.FormattedValue):
        return "{" + ast.unparse(node.value) + "}"
    return "{" + ast.unparse(node) + "}"


def _function_fact(node: ast.FunctionDef | ast.AsyncFunctionDef) -> FunctionFact:
    messages = [_decorator_message(d) for d in node.decorator_list if _is_deprecated_decorator(d)]
    messages += [_warning_message(s.value) for s in node.body if isinstance(s, ast.Expr) and _is_deprecation_warning(s.value)]
    delegates_to = None
    if messages:
        for stmt in node.body:
            if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Call):
                delegates_to = _import_string_argument(stmt.value.func)
    return FunctionFact(
        deprecated=bool(messages), deprecation_message=" ".join(" ".join(messages).split()), delegates_to=delegates_to
    )


def _import_string_argument(node: ast.expr) -> str | None:
    """`import_string("a.b.c")` -> "a.b.c"."""
    if (
        isinstance(node, ast.Call)
        and ast.unparse(node.func).endswith("import_string")
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _is_docstring_or_pass(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))


def _is_deprecated_decorator(node: ast.expr) -> bool:
    func = node.func if isinstance(node, ast.Call) else node
    return ast.unparse(func).split(".")[-1] == "deprecated"


def _is_deprecation_warning(node: ast.expr) -> bool:
    """`warnings.warn(msg, SomeDeprecationWarning)` or with `category=`."""
    if not (isinstance(node, ast.Call) and ast.unparse(node.func) in ("warnings.warn", "warn")):
        return False
    category = node.args[1] if len(node.args) > 1 else None
    for keyword in node.keywords:
        if keyword.arg == "category":
            category = keyword.value
    return category is not None and bool(_DEPRECATION_CATEGORY.search(ast.unparse(category)))


def _record_table_call(call: ast.Call, facts: ModuleFacts, dicts: dict[str, ast.Dict]) -> None:
    """Tables handed to add_deprecated_classes (2.x) or AirflowImporter (1.10); defined further up."""
    callee = ast.unparse(call.func).split(".")[-1]
    if callee == "add_deprecated_classes" and call.args:
        table = _dict_argument(call.args[0], dicts)
        if table is not None:
            facts.virtual_modules.update(_string_dict_of_dicts(table))
        overrides = _dict_argument(call.args[2], dicts) if len(call.args) > 2 else None
        if overrides is not None:
            facts.virtual_overrides.update(_string_dict_of_dicts(overrides))
    elif callee == "AirflowImporter" and len(call.args) > 1:
        table = _dict_argument(call.args[1], dicts)
        if table is not None:
            for submodule, names in ast.literal_eval(table).items():
                for name in names:
                    facts.lazy_imports[name] = submodule


def _lazy_attributes(table: ast.Dict, package: str) -> dict[str, str]:
    """`{"DAG": "airflow.models.dag"}` (airflow.models) or `{"DAG": (".models.dag", "DAG", False)}`
    (airflow, relative to the package; an empty attribute means the module itself)."""
    attributes = {}
    for name, value in ast.literal_eval(table).items():
        if isinstance(value, str):
            attributes[name] = f"{value}.{name}"
        elif value[1]:  # resolved as `from <module> import <attribute>` in the package would be
            module = value[0].lstrip(".")
            relative = ast.ImportFrom(module=module or None, names=[], level=len(value[0]) - len(module))
            attributes[name] = f"{_absolute_module(relative, package)}.{value[1]}"
    return attributes


def _dict_argument(arg: ast.expr, dicts: dict[str, ast.Dict]) -> ast.Dict | None:
    if isinstance(arg, ast.Dict):
        return arg
    if isinstance(arg, ast.Name):
        return dicts.get(arg.id)
    return None


def _string_dict_of_dicts(node: ast.Dict) -> dict[str, dict[str, str]]:
    # literal_eval joins implicitly concatenated strings, as the interpreter would
    return {module: dict(names) for module, names in ast.literal_eval(node).items()}
