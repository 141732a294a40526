#!/usr/bin/env python
"""Generate rules/signatures.toml: the keywords each operator's constructor accepts at every MWAA 2.x target.

Airflow 2 raises "Invalid arguments were passed to X" (BaseOperator.__init__) for a keyword that no
`__init__` on the way takes, and a TypeError where an `__init__` without **kwargs gets one.
Which classes, at each target T (apache-airflow==T plus each provider at the version MWAA pins for T):
  * every `path` of rules/imports.toml that names a class whose method resolution order reaches
    BaseOperator (operators, sensors, transfers: the canonical names our import fixes write),
  * the public classes defined in apache-airflow==T's airflow/operators/*.py and airflow/sensors/*.py
    that reach BaseOperator,
  * airflow.models.dag.DAG, which rejects unknown keywords too.
How: the wheels are read as zip files and parsed with `ast` (never imported). A name bound more than
once at module level (`try: from new import X` / `except ImportError: from old import X`, or both
branches of an `if`) is taken from its first binding that names a class some wheel of T defines.
A class's MRO is computed (C3) from its bases, then walked as `super().__init__(**kwargs)` walks
it: each `__init__` adds the keywords it names and the literal keys it pops from **kwargs, and the
walk goes on while **kwargs is passed to `super().__init__` or `<a base>.__init__`. It stops at an
`__init__` without **kwargs, at BaseOperator (its **kwargs is the check), or at `object`.
A row is open (the linter must accept any keyword) when the walk meets a class no wheel read
defines, or an `__init__` whose **kwargs is kept, dropped, or handed on whole to anything but its
base's `__init__` (a callee may take keys from it that cannot be listed); `open_because` says
which. An open row still lists the keywords known to be taken. `conditional` lists keys popped
only under a test of their own value: PythonOperator takes provide_context=True, and
provide_context=False reaches BaseOperator, which raises.

Usage: python scripts/build_signatures.py [--check] [--mwaa-data DIR] [--cache-dir DIR]
"""

from __future__ import annotations

import ast
import enum
import sys
import time
import tomllib
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from build_import_rules import (
    BASE_OPERATOR,
    REPO,
    generator_arguments,
    load_targets,
    split_path,
    Target,
    toml_list,
    toml_string,
    World,
    write_or_check,
)
from module_facts import _absolute_module, _top_level_statements, _unsubscripted
from wheel_store import Wheel, WheelStore

OUTPUT = REPO / "rules" / "signatures.toml"
IMPORTS = REPO / "rules" / "imports.toml"
DAG = "airflow.models.dag.DAG"
CORE_OPERATOR_PACKAGES = ("airflow/operators", "airflow/sensors")
# classes outside the wheels that define no __init__: the walk passes them by
NO_INIT = frozenset({"object", "typing.Generic", "typing.Protocol", "abc.ABC"})
MAX_HOPS = 10  # re-exports followed to find where a class is defined


# --- one module ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassInfo:
    path: str  # where it is defined
    bases: tuple[tuple[str, ...], ...]  # per base, every path its name may stand for
    init: Init | None


@dataclass(frozen=True)
class ModuleSource:
    classes: dict[str, ClassInfo]  # top-level class definitions, the last of each name
    bindings: dict[str, tuple[str, ...]]  # top-level name -> every absolute path bound to it, in source order
    # a module `__getattr__` over a literal {name: module or (module, ...)} table (airflow.models in 2.4+,
    # common.compat.sdk): name -> the paths it tries, in order
    lazy: dict[str, tuple[str, ...]]
    has_star_imports: bool


@cache
def open_wheel(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path)


_parsed: dict[tuple[str, str, int, int], ModuleSource] = {}


def read_module(wheel: Path, file: str, module: str) -> ModuleSource:
    """The module in one file of a wheel; a file unchanged between releases (same CRC and size) is parsed once."""
    archive = open_wheel(wheel)
    entry = archive.getinfo(file)
    key = (module, file, entry.CRC, entry.file_size)
    if key not in _parsed:
        _parsed[key] = parse_module(archive.read(file), file, module)
    return _parsed[key]


def parse_module(source: bytes, file: str, module: str) -> ModuleSource:
    """The top-level classes and bindings of one module, as the statements that run at import bind them."""
    tree = ast.parse(source)
    package = module if file.endswith("/__init__.py") else module.rpartition(".")[0]
    class_nodes: dict[str, ast.ClassDef] = {}
    bindings: dict[str, list[str]] = defaultdict(list)
    tables: list[ast.Dict] = []
    has_getattr = False
    for stmt in _top_level_statements(tree.body):
        has_getattr = has_getattr or _binds_getattr(stmt)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, ast.Dict):
            tables.append(stmt.value)
        if isinstance(stmt, ast.ImportFrom):
            source = _absolute_module(stmt, package)
            for alias in stmt.names:
                bindings[alias.asname or alias.name].append(f"{source}.{alias.name}")
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:  # `import a.b` binds a; `import a.b as c` binds c to a.b
                name = alias.asname or alias.name.partition(".")[0]
                bindings[name].append(alias.name if alias.asname else name)
        elif isinstance(stmt, ast.ClassDef):
            class_nodes[stmt.name] = stmt
            bindings[stmt.name].append(f"{module}.{stmt.name}")
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, (ast.Name, ast.Attribute)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name):  # `Alias = Name` or `Base: type[X] = X`
                    bindings[target.id] += expand(stmt.value, bindings)
    lazy = lazy_imports(tables) if has_getattr else {}
    stars = bool(bindings.pop("*", None))
    classes = {  # digested now: keeping the syntax trees of every file read costs a gigabyte
        name: ClassInfo(f"{module}.{name}", tuple(tuple(expand(b, bindings)) for b in node.bases), read_init(node))
        for name, node in class_nodes.items()
    }
    return ModuleSource(classes, {name: tuple(paths) for name, paths in bindings.items()}, lazy, stars)


def _binds_getattr(stmt: ast.stmt) -> bool:
    """`def __getattr__(name)` or `__getattr__ = make_getattr(...)` at module level."""
    if isinstance(stmt, ast.FunctionDef):
        return stmt.name == "__getattr__"
    targets = stmt.targets if isinstance(stmt, ast.Assign) else []
    return any(isinstance(target, ast.Name) and target.id == "__getattr__" for target in targets)


def lazy_imports(tables: list[ast.Dict]) -> dict[str, tuple[str, ...]]:
    """Entries `"Name": "module"` and `"Name": ("module", "fallback module")` of module-level dicts."""
    lazy = {}
    for table in tables:
        for key, value in zip(table.keys, table.values):
            modules = value.elts if isinstance(value, ast.Tuple) else [value]
            if _literal(key) and all(_literal(module) for module in modules):
                lazy[_literal(key)] = tuple(f"{_literal(module)}.{_literal(key)}" for module in modules)
    return lazy


def expand(node: ast.expr, bindings: dict[str, list[str]]) -> list[str]:
    """Every absolute path a name or attribute may stand for (as written where its head is not bound here)."""
    head, dot, rest = ast.unparse(_unsubscripted(node)).partition(".")
    return [f"{path}{dot}{rest}" for path in bindings.get(head, [head])]


# --- one __init__ --------------------------------------------------------------------------------


class Passes(enum.Enum):
    """Where an `__init__` sends the keywords it does not name."""

    NOWHERE = "no **kwargs"  # an unknown keyword is a TypeError here
    SUPER = "super().__init__(**kwargs)"
    BASE = "<base>.__init__(self, **kwargs)"
    AWAY = "kept, dropped or handed elsewhere"  # any keyword may be accepted


@dataclass(frozen=True)
class Init:
    keywords: frozenset[str]  # parameters that can be passed by keyword, and keys popped from **kwargs
    conditional: frozenset[str]  # keys popped only under a test of their own value: others raise
    passes: Passes
    base: int | None  # BASE: which base's __init__ is called; SUPER: the base X of super(X, self), else None
    escape: str = ""  # why keywords beyond these may be accepted, naming the statement; "" when none can


def read_init(node: ast.ClassDef) -> Init | None:
    """What the last `__init__` defined in class `node` takes; None when it defines none."""
    inits = [item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"]
    if not inits:
        return None
    arguments = inits[-1].args
    named = arguments.args if arguments.posonlyargs else arguments.args[1:]  # not self
    keywords = frozenset(argument.arg for argument in (*named, *arguments.kwonlyargs))
    if arguments.kwarg is None:
        return Init(keywords, frozenset(), Passes.NOWHERE, None)
    uses = KwargsUses(arguments.kwarg.arg, node)
    uses.visit(inits[-1])
    taken = keywords | uses.popped
    conditional = frozenset(uses.conditional - taken)
    if not uses.forwards:
        escape = f"**{uses.name} is not passed on to a base's __init__"
        if uses.escapes:
            escape += f"; it goes to `{uses.escapes[0][1]}`"
        return Init(taken, conditional, Passes.AWAY, None, escape)
    # `**kwargs` hands on a copy: what happens to the dict after the last call that does cannot matter
    last_forward = max(uses.forwards.values())
    escapes = [text for position, text in uses.escapes if position < last_forward]
    escape = f"`{escapes[0]}` may take keys from **{uses.name} before it is passed on" if escapes else ""
    passes, base = min(uses.forwards, key=lambda forward: (forward[0] is not Passes.SUPER, forward[1] or 0))
    return Init(taken, conditional, passes, base, escape)


Position = tuple[int, int]  # line, column


class KwargsUses(ast.NodeVisitor):
    """How an `__init__` uses its **kwargs dict. Passing it on as `**kwargs` copies it, and reading or
    adding keys (`kwargs.get("x")`, `"x" in kwargs`, `kwargs["x"] = 1`) takes no keyword. A key is
    taken by `kwargs.pop(key)` or `del kwargs[key]`, where the key is a string literal or the variable
    of a `for` over string literals. Any other use escapes: the dict handed whole to a call, stored,
    rebound, or a key taken by another expression, may take keywords that cannot be listed (read_init
    ignores escapes after the last call that passes the dict on)."""

    KEEPS_KEYS = frozenset({"get", "items", "keys", "values", "copy", "update", "setdefault"})  # methods

    def __init__(self, name: str, owner: ast.ClassDef):
        self.name = name
        self.owner = owner.name
        self.bases = {ast.unparse(_unsubscripted(base)): index for index, base in enumerate(owner.bases)}
        self.forwards: dict[tuple[Passes, int | None], Position] = {}  # -> where the last such call ends
        self.popped: set[str] = set()
        self.conditional: set[str] = set()  # popped under an `if` reading the key's value
        self.escapes: list[tuple[Position, str]] = []  # where, and the statement
        self._accounted: set[int] = set()  # ids of the Name nodes whose use is understood
        self._loop_keys: dict[str, list[str]] = {}  # `for key in ("a", "b")` -> key: ["a", "b"]
        self._tests: list[ast.expr] = []  # the tests of the `if` statements around the node visited
        self._statement: ast.stmt | None = None

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.stmt) and not isinstance(node, (ast.If, ast.For, ast.FunctionDef)):
            self._statement = node
        super().visit(node)

    def visit_If(self, node: ast.If) -> None:
        self._statement = node
        self.visit(node.test)
        self._tests.append(node.test)
        for stmt in (*node.body, *node.orelse):
            self.visit(stmt)
        self._tests.pop()

    def visit_For(self, node: ast.For) -> None:
        self._statement = node
        name = node.target.id if isinstance(node.target, ast.Name) else None
        elements = node.iter.elts if isinstance(node.iter, (ast.Tuple, ast.List)) else [node.iter]
        strings = [_literal(element) for element in elements]
        if name and None not in strings:
            self._loop_keys[name] = strings
        self.generic_visit(node)
        self._loop_keys.pop(name, None)

    def visit_Call(self, node: ast.Call) -> None:
        for keyword in node.keywords:
            if keyword.arg is None and self._is_kwargs(keyword.value):
                self._accounted.add(id(keyword.value))
                forward = self._base_init(node.func)
                if forward:
                    end = (node.end_lineno, node.end_col_offset)
                    self.forwards[forward] = max(end, self.forwards.get(forward, end))
        func = node.func
        if isinstance(func, ast.Attribute) and self._is_kwargs(func.value):
            taken = func.attr == "pop" and node.args and self._take(node.args[0])
            if taken or func.attr in self.KEEPS_KEYS:
                self._accounted.add(id(func.value))
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript) and self._is_kwargs(target.value) and self._take(target.slice):
                self._accounted.add(id(target.value))
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if self._is_kwargs(node.value) and not isinstance(node.ctx, ast.Del):
            self._accounted.add(id(node.value))
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for operator, comparator in zip(node.ops, node.comparators):
            if isinstance(operator, (ast.In, ast.NotIn)) and self._is_kwargs(comparator):
                self._accounted.add(id(comparator))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == self.name and id(node) not in self._accounted:
            statement = ast.unparse(self._statement).splitlines()[0]
            self.escapes.append(((node.lineno, node.col_offset), statement))

    def _take(self, key: ast.expr) -> bool:
        """Record the keys `key` stands for as taken; False when they cannot be listed."""
        if _literal(key) is not None:
            keys = [_literal(key)]
        elif isinstance(key, ast.Name) and key.id in self._loop_keys:
            keys = self._loop_keys[key.id]
        else:
            return False
        value_tested = any(self._reads_value(test, key) for test in self._tests)
        (self.conditional if value_tested else self.popped).update(keys)
        return True

    def _reads_value(self, test: ast.expr, key: ast.expr) -> bool:
        """Whether an `if` test reads `kwargs.get(key)` or `kwargs[key]` (not just `key in kwargs`)."""
        for node in ast.walk(test):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
                read = node.args[0] if node.args and self._is_kwargs(node.func.value) else None
            elif isinstance(node, ast.Subscript) and self._is_kwargs(node.value):
                read = node.slice
            else:
                continue
            if read is not None and ast.unparse(read) == ast.unparse(key):
                return True
        return False

    def _is_kwargs(self, node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id == self.name

    def _base_init(self, func: ast.expr) -> tuple[Passes, int | None] | None:
        """`super().__init__` and `super(X, self).__init__` -> SUPER; `<a base>.__init__` -> BASE."""
        if not (isinstance(func, ast.Attribute) and func.attr == "__init__"):
            return None
        owner = func.value
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
            named = ast.unparse(owner.args[0]) if owner.args else self.owner
            if named == self.owner:
                return Passes.SUPER, None
            return (Passes.SUPER, self.bases[named]) if named in self.bases else None
        written = ast.unparse(owner)
        return (Passes.BASE, self.bases[written]) if written in self.bases else None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


# --- the classes of one target -------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    params: frozenset[str]
    conditional: frozenset[str]  # accepted for some values only (popped under a test of the value)
    open_because: str  # why unknown keywords may be accepted, so must not be reported; "" when closed


class TargetClasses:
    """The classes of one target: where each is defined, its MRO, and what its constructor accepts."""

    def __init__(self, world: World, target: Target):
        self.world = world
        self.target = target
        self._found: dict[str, ClassInfo | None] = {}
        self._mro: dict[str, tuple[str, ...]] = {}
        self._computing: set[str] = set()  # MROs being computed: a base leading back to one is a cycle

    def find(self, path: str, hops: int = 0) -> ClassInfo | None:
        """The class `path` names, through re-exports; None where no wheel read defines it."""
        if path in self._found:
            return self._found[path]
        info = self._follow(path, hops)
        if info or not hops:  # a miss deep in a chain may only mean the hops ran out
            self._found[path] = info
        return info

    def _follow(self, path: str, hops: int) -> ClassInfo | None:
        module, name = split_path(path)
        source = self._source(module) if module and hops < MAX_HOPS else None
        if source is None:
            return None
        for bound in source.bindings.get(name, ()):
            if bound == f"{module}.{name}":
                return source.classes[name]
            if info := self.find(bound, hops + 1):
                return info
        star = self._star_source(module, name) if source.has_star_imports else None
        for fallback in (star,) if star else source.lazy.get(name, ()):  # __getattr__ runs only for unbound names
            if info := self.find(fallback, hops + 1):
                return info
        return None

    def _source(self, module: str) -> ModuleSource | None:
        dist = self.world.owner(module)
        version = self.target.version_of(dist) if dist else None
        wheel = self.world.wheel(dist, version) if version else None
        file = wheel.module_file(module) if wheel else None
        return read_module(wheel.path, file, module) if file else None

    def _star_source(self, module: str, name: str) -> str | None:
        for star in self.world.facts_at(module, self.target).star_imports:
            if self.world.star_exports(star, name, self.target) and self.world.binds(star, name, self.target):
                return f"{star}.{name}"
        return None

    def base(self, alternatives: tuple[str, ...]) -> str:
        """The class a base names: its first alternative defined by some wheel of the target and not
        leading back to a class whose MRO is being computed; else the first no wheel defines, as written."""
        found = [(path, self.find(path)) for path in alternatives]
        for path, info in found:
            if info and info.path not in self._computing:
                return info.path
        unknown = [path for path, info in found if info is None]
        if not unknown:
            raise SystemExit(f"at {self.target}, every binding of a base leads back to its class: {alternatives}")
        return unknown[0]

    def mro(self, path: str) -> tuple[str, ...]:
        """C3 linearization; a class no wheel read defines stands for itself, as if it had no bases."""
        info = self.find(path)
        key = info.path if info else path
        if key not in self._mro:
            self._computing.add(key)
            bases = [self.base(alternatives) for alternatives in info.bases] if info else []
            bases = [base for base in bases if base != "object"]
            self._mro[key] = (key, *c3_merge([*(list(self.mro(base)) for base in bases), bases]))
            self._computing.discard(key)
        return self._mro[key]

    def signature(self, path: str) -> Signature | None:
        """What the constructor of class `path` accepts; None unless it is an operator (or the DAG)."""
        order = self.mro(path)
        if BASE_OPERATOR not in order and order[0] != DAG:
            return None
        keywords: set[str] = set()
        conditional: set[str] = set()
        open_because = ""  # the first reason met; the walk goes on to list every keyword known to be taken

        def signature() -> Signature:
            return Signature(frozenset(keywords), frozenset(conditional - keywords), open_because)

        position: int | None = 0
        while position is not None and (hit := self._next_init(order, position)):
            index, info = hit
            if info is None:
                open_because = open_because or f"{order[index]}, on its MRO, is defined in no wheel read"
                break
            keywords |= info.init.keywords
            conditional |= info.init.conditional
            if info.path == BASE_OPERATOR:  # its **kwargs is the check that raises
                break
            if info.init.escape:
                open_because = open_because or f"{info.path}.__init__: {info.init.escape}"
            if info.init.passes in (Passes.NOWHERE, Passes.AWAY):
                break
            position = self._receiver(order, index, info)
        return signature()  # past the last class: object.__init__ takes no keyword

    def _next_init(self, order: tuple[str, ...], start: int) -> tuple[int, ClassInfo | None] | None:
        """The first class from `start` on that defines `__init__`, or that no wheel read defines."""
        for index in range(start, len(order)):
            info = self.find(order[index])
            if info is None and order[index] not in NO_INIT:
                return index, None
            if info and info.init:
                return index, info
        return None

    def _receiver(self, order: tuple[str, ...], index: int, info: ClassInfo) -> int | None:
        """Where in `order` the search for the `__init__` that receives **kwargs resumes; None: at object."""
        init = info.init
        named = self.base(info.bases[init.base]) if init.base is not None else None
        if init.passes is Passes.SUPER:
            return index + 1 if named is None else order.index(named) + 1
        base_order = self.mro(named)  # `Base.__init__` is looked up along Base's own MRO
        hit = self._next_init(base_order, 0)
        return None if hit is None else order.index(base_order[hit[0]])


def c3_merge(lineages: list[list[str]]) -> list[str]:
    merged = []
    lineages = [lineage for lineage in lineages if lineage]
    while lineages:
        head = next((first for first, *_ in lineages if not any(first in other[1:] for other in lineages)), None)
        if head is None:
            raise SystemExit(f"no consistent method resolution order: {lineages}")
        merged.append(head)
        lineages = [rest for lineage in lineages if (rest := [path for path in lineage if path != head])]
    return merged


# --- which classes -------------------------------------------------------------------------------


def candidate_paths(world: World) -> list[str]:
    """The paths of rules/imports.toml, the classes of each target's core operator modules, and DAG."""
    table = tomllib.loads(IMPORTS.read_text())
    paths = {to["path"] for move in table["move"] for to in move["to"] if to["path"]}
    for target in world.targets:
        paths |= core_operator_paths(world.core(target.version))
    return sorted(paths | {DAG})


def core_operator_paths(wheel: Wheel) -> set[str]:
    """Public classes defined in airflow/operators/*.py and airflow/sensors/*.py (operators or not)."""
    paths = set()
    for file in wheel.files:
        package, _, filename = file.rpartition("/")
        if package in CORE_OPERATOR_PACKAGES and filename.endswith(".py"):
            module = file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            paths |= {f"{module}.{name}" for name in wheel.facts(module).classes if not name.startswith("_")}
    return paths


# --- output --------------------------------------------------------------------------------------

HEADER = "# Generated by scripts/build_signatures.py from the wheels listed in [meta.wheels]. Do not edit."

Rows = list[tuple[list[str], Signature]]


def group_rows(targets: list[Target], signatures: list[Signature | None]) -> Rows:
    """Runs of consecutive targets with the same signature; a target without the class ends a run."""
    rows: Rows = []
    previous = None
    for target, signature in zip(targets, signatures):
        if signature is not None and signature == previous:
            rows[-1][0].append(str(target))
        elif signature is not None:
            rows.append(([str(target)], signature))
        previous = signature
    return rows


def render(targets: list[Target], wheels: list[Wheel], classes: dict[str, Rows]) -> str:
    lines = [HEADER, "", "[meta]", f"generator = {toml_string('scripts/build_signatures.py')}"]
    lines.append(f"targets = {toml_list([str(t) for t in targets])}")
    lines += ["", "[meta.wheels]"]
    lines += [f"{toml_string(str(w))} = {toml_string('sha256:' + w.sha256)}" for w in wheels]
    for path, rows in sorted(classes.items()):
        lines += ["", "[[class]]", f"path = {toml_string(path)}"]
        for versions, signature in rows:
            lines += [
                "[[class.accepts]]",
                f"versions = {toml_list(versions)}",
                f"params = {toml_list(sorted(signature.params))}",
                f"open = {str(bool(signature.open_because)).lower()}",
            ]
            if signature.conditional:
                lines.append(f"conditional = {toml_list(sorted(signature.conditional))}")
            if signature.open_because:
                lines.append(f"open_because = {toml_string(signature.open_because)}")
    return "\n".join(lines) + "\n"


def build(world: World) -> dict[str, Rows]:
    per_target = [TargetClasses(world, target) for target in world.targets]
    classes = {}
    for path in candidate_paths(world):
        rows = group_rows(world.targets, [at_target.signature(path) for at_target in per_target])
        if rows:
            classes[path] = rows
    return classes


def summarize(world: World, classes: dict[str, Rows], size: int, seconds: float) -> str:
    lines = [f"{len(classes)} classes, {len(world.targets)} targets"]
    for target in world.targets:
        signatures = [s for rows in classes.values() for versions, s in rows if str(target) in versions]
        lines.append(f"  {target}: {len(signatures)} classes, {sum(bool(s.open_because) for s in signatures)} open")
    lines.append("open rows:")
    for path, rows in sorted(classes.items()):
        for versions, signature in rows:
            if signature.open_because:
                lines.append(f"  {path} at {versions[0]}..{versions[-1]}: {signature.open_because}")
    lines.append(f"{OUTPUT.relative_to(REPO)}: {size / 1e6:.2f} MB")
    lines.append(f"{len(world.store.read)} wheels read, {seconds:.0f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = generator_arguments(__doc__, OUTPUT)
    args = parser.parse_args(argv)

    started = time.monotonic()
    world = World(load_targets(args.mwaa_data), WheelStore(args.cache_dir), extra_facts={}, locked={})
    classes = build(world)
    text = render(world.targets, world.store.read, classes)
    print(summarize(world, classes, len(text.encode()), time.monotonic() - started), file=sys.stderr)
    return write_or_check(OUTPUT, text, args.check, "scripts/build_signatures.py")


if __name__ == "__main__":
    sys.exit(main())
