"""flask-admin views and menu links in plugin code (AUL304).

What the wheels show: apache-airflow 1.10.15 requires flask-admin (==1.5.4); no 2.x wheel from
2.0.2 to 2.11.2 depends on it (their METADATA), and Airflow 2 images do not install it, so
`from flask_admin import ...` fails and the plugin module with it. 1.10's classic UI
(airflow/www/app.py) added each plugin's `admin_views` with flask-admin's `add_view` and its
`menu_links` with `add_link`; 2.10.3's plugins_manager.initialize_web_ui_plugins reads only
`appbuilder_views` and `appbuilder_menu_items` (and logs that a plugin that sets only the old
ones "may not be compatible"), which www/extensions/init_views.py hands to Flask-AppBuilder's
`add_view(view, name, category=...)` and `add_link(name, href, category=...)`.

The fix handles one shape, common in 1.10 plugins, that it can read completely (read in the
Flask-Admin 1.5.4 sdist from PyPI: flask_admin/base.py, menu.py, helpers.py; and in
Flask-AppBuilder 4.5.2, which MWAA's constraints pin for 2.10.3):
views derived from flask-admin's `BaseView` with `expose`d methods that call `self.render(...)`,
each created with `name`/`category` only (`BaseView.__init__(name=None, category=None, ...)`)
and listed in a plugin's `admin_views`, and `MenuLink(name, url, category=...)` entries in
`menu_links`. Flask-AppBuilder's `BaseView` and `expose` take their place; its views render with
`render_template`, take no constructor arguments, and link their menu entry to `default_view`
(flask-admin used the method exposed at "/"); a view without a name is named as flask-admin
named it, the class name split before capitals. Anything else is reported with what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from ..diagnostics import Applicability, Fix, NodeEdit
from ..import_edits import bindings, dotted, imported_name, local_name, with_names, without_names
from ..rule import Check
from .flask_admin_views_rules import FLASK_ADMIN_PLUGIN_VIEW
from .plugin_classes import class_attributes, is_plugin_class

FLASK_ADMIN_VIEW = frozenset({"flask_admin.BaseView", "flask_admin.base.BaseView"})
# The flask-admin names the fix rewrites, and the modules flask-admin 1.5.4 exports each from.
REWRITTEN = {
    "BaseView": frozenset({"flask_admin", "flask_admin.base"}),
    "expose": frozenset({"flask_admin", "flask_admin.base"}),
    "MenuLink": frozenset({"flask_admin", "flask_admin.base", "flask_admin.menu"}),
}
TO_APPBUILDER = ("BaseView", "expose")  # same names and `expose(url="/", methods=("GET",))` in both
# flask-admin 1.5.4 BaseView members that Flask-AppBuilder's BaseView lacks or means otherwise
# (`render` aside, which the fix renames): a view that uses or overrides one needs a person.
FLASK_ADMIN_MEMBERS = frozenset({
    "__init__", "_debug", "_default_view", "_get_endpoint", "_get_view_url", "_handle_view",
    "_prettify_class_name", "_run_view", "_template_args", "_urls", "admin", "blueprint",
    "category", "create_blueprint", "endpoint", "get_url", "inaccessible_callback",
    "is_accessible", "is_visible", "menu", "menu_class_name", "menu_icon_type", "menu_icon_value",
    "name", "static_folder", "static_url_path", "url",
})  # fmt: skip
# what Airflow 2 reads instead of each attribute
SUCCESSORS = {"admin_views": "appbuilder_views", "menu_links": "appbuilder_menu_items"}
VIEW_PARAMETERS = ("name", "category")  # flask-admin BaseView.__init__'s first two, the only ones moved

_MESSAGES = {
    "admin_views": 'Airflow 2 ignores `admin_views` (flask-admin views); register Flask-AppBuilder views as '
    '`appbuilder_views = [{"name": ..., "category": ..., "view": MyView()}]`',
    "menu_links": "Airflow 2 ignores `menu_links` (flask-admin links); list them as "
    '`appbuilder_menu_items = [{"name": ..., "href": ..., "category": ...}]`',
}
_IMPORT_MESSAGE = (
    "flask-admin is not installed with Airflow 2 (1.10 required it), so this import fails and the plugin "
    "does not load: derive views from `flask_appbuilder.BaseView` (render with `self.render_template`, set "
    "`default_view`) and register them in `appbuilder_views`"
)


class _NoFix(Exception):
    """Why the file is not in the one shape the fix rewrites (the reason ends the message)."""


@dataclass
class _View:
    node: cst.ClassDef
    replacement: cst.ClassDef
    calls: list[cst.Call]  # every call of the class in the file


class FlaskAdminViews(Check):
    rules = (FLASK_ADMIN_PLUGIN_VIEW,)
    triggers = (b"flask_admin", b"admin_views", b"menu_links")

    def __init__(self, context) -> None:
        super().__init__(context)
        self.imports: list[cst.Import | cst.ImportFrom] = []
        self.classes: list[cst.ClassDef] = []

    def visit_Import(self, node: cst.Import) -> None:
        if any(imported_name(name).partition(".")[0] == "flask_admin" for name in node.names):
            self.imports.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not node.relative and _module_name(node).partition(".")[0] == "flask_admin":
            self.imports.append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        plugins = [
            c for c in self.classes if any(t in SUCCESSORS for t, _ in class_attributes(c)) and is_plugin_class(self, c)
        ]
        attributes = [(t, a) for plugin in plugins for t, a in class_attributes(plugin) if t in SUCCESSORS]
        if not self.imports and not attributes:
            return
        try:
            edits = _Rewrite(self, original_node, plugins).edits()
            fix: Optional[Fix] = Fix(Applicability.UNSAFE, "Use Flask-AppBuilder views and menu items", tuple(edits))
            reason = ""
        except _NoFix as why:
            fix, reason = None, f" (not fixed automatically: {why})"
        for node in self.imports:
            self.report(FLASK_ADMIN_PLUGIN_VIEW, node, _IMPORT_MESSAGE + reason, fix)
        for target, assignment in attributes:
            self.report(FLASK_ADMIN_PLUGIN_VIEW, assignment, _MESSAGES[target] + reason, fix)


class _Rewrite:
    """The fix for one file, or _NoFix: each step checks one part of the shape and collects its
    edits, and every use of a flask-admin name must be one the fix rewrites."""

    def __init__(self, check: FlaskAdminViews, module: cst.Module, plugins: list[cst.ClassDef]) -> None:
        self.check = check
        self.module = module
        self.plugins = plugins
        self.scopes = check.node_metadata(ScopeProvider)
        self.uses: dict[str, set[int]] = {name: set() for name in REWRITTEN}  # ids of the Names using each import
        self.rewritten: set[int] = set()  # ids of the uses the edits below replace
        self.call_of = {id(call.func): call for call in m.findall(module, m.Call())}  # callee expression -> call

    def edits(self) -> list[NodeEdit]:
        imports = self._imports()
        views = self._views()
        instances = self._instances(views)
        attributes = self._attributes(views, instances)
        for name, uses in self.uses.items():
            if not uses <= self.rewritten:
                raise _NoFix(f"`{name}` is used in a way the fix does not rewrite")
        instance_edits = [self.check.edit(call, _without_arguments(call)) for call in instances.values()]
        return imports + [self.check.edit(v.node, v.replacement) for v in views.values()] + instance_edits + attributes

    # -- imports ----------------------------------------------------------------------------------

    def _imports(self) -> list[NodeEdit]:
        top_level = {small: line for line in self.module.body if isinstance(line, cst.SimpleStatementLine) for small in line.body}
        edits = []
        lines = [top_level.get(node) for node in self.check.imports]
        if None in lines or len(set(map(id, lines))) < len(lines):
            raise _NoFix("only module-level `from flask_admin import BaseView, expose, MenuLink`, one a line, is rewritten")
        for node in self.check.imports:
            if isinstance(node, cst.Import) or isinstance(node.names, cst.ImportStar):
                raise _NoFix("only `from flask_admin import BaseView, expose, MenuLink` is rewritten")
            module = _module_name(node)
            for name in node.names:
                if module not in REWRITTEN.get(imported_name(name), ()):
                    found = f"{module}.{imported_name(name)}"
                    raise _NoFix(f"`{found}` has no like-for-like rewrite (the fix handles `BaseView`, `expose` and `MenuLink`)")
                scope = self.scopes.get(node)
                self.uses[imported_name(name)] |= {id(a.node) for b in bindings(scope, node, local_name(name)) for a in b.references}
            edits.append(self._import_edit(top_level[node], node))
        return edits

    def _import_edit(self, statement: cst.SimpleStatementLine, node: cst.ImportFrom) -> NodeEdit:
        kept = [name for name in node.names if imported_name(name) in TO_APPBUILDER]  # type: ignore[union-attr]
        if kept:
            return self.check.edit(node, with_names(node.with_changes(module=dotted("flask_appbuilder")), kept))
        if any(line.comment for line in statement.leading_lines):
            raise _NoFix("a comment stands above the `MenuLink` import that would go")
        rest = without_names(statement, node.names)  # type: ignore[arg-type]
        return self.check.edit(statement, rest if rest is not None else cst.RemoveFromParent())

    # -- view classes -----------------------------------------------------------------------------

    def _views(self) -> dict[str, _View]:
        views = {}
        for node in self.check.classes:
            if not any(self.check.imported_paths(base.value) & FLASK_ADMIN_VIEW for base in node.bases):
                continue
            if node not in self.module.body or len(node.bases) != 1 or node.keywords:
                raise _NoFix(f"`{node.name.value}` is not a module-level class with flask-admin's BaseView as its only base")
            self.rewritten.add(id(node.bases[0].value))
            views[node.name.value] = _View(node, self._view_class(node), self._calls(node))
        return views

    def _view_class(self, node: cst.ClassDef) -> cst.ClassDef:
        """The class on Flask-AppBuilder: `self.render` renamed, `default_view` set."""
        name = node.name.value
        defined = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)} | {t for t, _ in class_attributes(node)}
        used = {a.attr.value for a in m.findall(node, m.Attribute(value=m.Name("self")))}  # type: ignore[union-attr]
        clash = sorted((defined | used) & (FLASK_ADMIN_MEMBERS | {"default_view"}))
        if clash:
            raise _NoFix(f"`{name}` uses or defines `{clash[0]}`, which Flask-AppBuilder's BaseView lacks or means otherwise")
        index = [f for f in node.body.body if isinstance(f, cst.FunctionDef) for url in self._exposed(f) if url in (None, "/")]
        if len(index) != 1:
            raise _NoFix(f"`{name}` does not have exactly one method exposed at '/'")
        method = index[0]
        quote = _quote(m.findall(node, m.SimpleString()))  # type: ignore[arg-type]
        default = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name("default_view"))], _string(method.name.value, quote))])
        body = list(node.body.visit(_RenderTemplate()).body)  # type: ignore[union-attr]
        at = 1 if body and m.matches(body[0], m.SimpleStatementLine([m.Expr(m.SimpleString() | m.ConcatenatedString())])) else 0
        if at < len(body) and not (body[at].leading_lines and not body[at].leading_lines[0].comment):
            body[at] = body[at].with_changes(leading_lines=[cst.EmptyLine(indent=False), *body[at].leading_lines])
        body.insert(at, default)
        return node.with_changes(body=node.body.with_changes(body=body))

    def _exposed(self, method: cst.FunctionDef) -> list[Optional[str]]:
        """The URLs the method is exposed at; None for `expose()`, which means '/'."""
        urls = []
        for decorator in method.decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call) and id(call.func) in self.uses["expose"]:
                url = _bind(call, ("url", "methods"), "expose").get("url")
                if url is not None and not _is_string(url):
                    raise _NoFix(f"`{method.name.value}` is exposed at a URL that is not a string literal")
                self.rewritten.add(id(call.func))
                urls.append(url.evaluated_value if url is not None else None)  # type: ignore[union-attr]
        return urls

    def _calls(self, node: cst.ClassDef) -> list[cst.Call]:
        """Every call of the class; any other use of it is outside the shape."""
        scope = self.scopes.get(node)
        references = [r.node for a in (scope.assignments[node.name.value] if scope else ()) if a.node is node for r in a.references]
        calls = [self.call_of.get(id(r)) for r in references]
        if not calls:
            raise _NoFix(f"`{node.name.value}` is not created in this file: rewrite it with the plugin that registers it")
        if None in calls:
            raise _NoFix(f"`{node.name.value}` is used other than by creating it")
        return calls  # type: ignore[return-value]

    # -- view instances ---------------------------------------------------------------------------

    def _instances(self, views: dict[str, _View]) -> dict[str, cst.Call]:
        """Module-level `v = MyView(...)`, by variable: the call whose arguments move into the
        plugin's entries. The variable may be used only in those entries."""
        calls = {id(call) for view in views.values() for call in view.calls}
        instances = {}
        for line in self.module.body:
            if not m.matches(line, m.SimpleStatementLine([m.Assign([m.AssignTarget(m.Name())], m.Call())])):
                continue
            assign: cst.Assign = line.body[0]  # type: ignore[assignment]
            if id(assign.value) in calls:
                variable: cst.Name = assign.targets[0].target  # type: ignore[assignment]
                scope = self.scopes.get(assign)
                assignments = [a for a in (scope.assignments[variable.value] if scope else ()) if a.node is variable]
                self.uses[variable.value] = {id(r.node) for a in assignments for r in a.references}
                instances[variable.value] = assign.value
        return instances  # type: ignore[return-value]

    # -- the plugins' attributes ------------------------------------------------------------------

    def _attributes(self, views: dict[str, _View], instances: dict[str, cst.Call]) -> list[NodeEdit]:
        edits = []
        view_calls = {id(call) for view in views.values() for call in view.calls}
        registered: set[int] = set()  # ids of the view calls the plugins' entries account for
        for plugin in self.plugins:
            targets = [t for t, _ in class_attributes(plugin)]
            for old, new in SUCCESSORS.items():
                if old not in targets:
                    continue
                if new in targets:
                    raise _NoFix(f"`{plugin.name.value}` already sets `{new}`: delete `{old}` and the flask-admin objects it lists")
                assignment = next(a for t, a in class_attributes(plugin) if t == old)
                one_literal = isinstance(assignment, cst.Assign) and len(assignment.targets) == 1
                if targets.count(old) > 1 or not (one_literal and isinstance(assignment.value, (cst.List, cst.Tuple))):
                    raise _NoFix(f"`{plugin.name.value}.{old}` is not assigned one list or tuple literal")
                elements = assignment.value.elements
                if old == "admin_views":
                    entries = [self._view_entry(e, view_calls, instances, registered) for e in elements]
                else:
                    entries = [self._link_entry(e) for e in elements]
                value = assignment.value.with_changes(elements=[e.with_changes(value=d) for e, d in zip(elements, entries)])
                target = assignment.targets[0].with_changes(target=cst.Name(new))
                edits.append(self.check.edit(assignment, assignment.with_changes(targets=[target], value=value)))
        if view_calls != registered:
            raise _NoFix("a flask-admin view is created but not listed in a plugin's `admin_views` in this file")
        return edits

    def _view_entry(self, element: cst.BaseElement, view_calls: set[int], instances, registered: set[int]) -> cst.Dict:
        """`{"name": ..., "category": ..., "view": ...}` for `MyView(name=..., category=...)`, or for
        `v` that the module assigned it to."""
        value = element.value
        if isinstance(element, cst.StarredElement):
            raise _NoFix("`admin_views` unpacks a sequence")
        # `v` that reads a module-level `v = MyView(...)`, whose arguments move here
        moved = isinstance(value, cst.Name) and value.value in instances and id(value) in self.uses[value.value]
        call = instances[value.value] if moved else value  # type: ignore[union-attr]
        if id(call) not in view_calls:
            raise _NoFix("`admin_views` lists something other than a view this file creates")
        bound = _bind(call, VIEW_PARAMETERS, "BaseView")  # type: ignore[arg-type]
        if moved:
            if not all(_is_string(v) for v in bound.values()):
                raise _NoFix("a view's `name` or `category` is not a string literal")
            self.rewritten.add(id(value))
        registered.add(id(call))
        view = value if moved else _without_arguments(call)  # type: ignore[arg-type]
        class_name = cst.helpers.get_full_name_for_node(call.func) or ""  # type: ignore[union-attr]
        name = bound.get("name") or _string(_prettified(class_name), _quote(list(bound.values())))
        return _entry_dict([("name", name), ("category", bound.get("category")), ("view", view)])

    def _link_entry(self, element: cst.BaseElement) -> cst.Dict:
        """`{"name": ..., "href": ..., "category": ...}` for `MenuLink(name, url, category=...)`."""
        value = element.value
        if isinstance(element, cst.StarredElement) or not (isinstance(value, cst.Call) and id(value.func) in self.uses["MenuLink"]):
            raise _NoFix("`menu_links` lists something other than `MenuLink(...)`")
        self.rewritten.add(id(value.func))
        bound = _bind(value, ("name", "url"), "MenuLink", keywords=("category",))
        if "name" not in bound or "url" not in bound:
            raise _NoFix("a `MenuLink` has no `name` or no `url`")
        return _entry_dict([("name", bound["name"]), ("href", bound["url"]), ("category", bound.get("category"))])


class _RenderTemplate(cst.CSTTransformer):
    """`self.render` -> `self.render_template`: Flask-AppBuilder's name for rendering a template."""

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        if m.matches(updated_node, m.Attribute(value=m.Name("self"), attr=m.Name("render"))):
            return updated_node.with_changes(attr=cst.Name("render_template"))
        return updated_node


def _bind(call: cst.Call, positional: Sequence[str], callee: str, keywords: Sequence[str] = ()) -> dict[str, cst.BaseExpression]:
    """The call's arguments by parameter name, when it passes only `positional` (in that order,
    or by keyword) and `keywords`; _NoFix otherwise."""
    bound: dict[str, cst.BaseExpression] = {}
    order = iter(positional)
    for arg in call.args:
        name = arg.keyword.value if arg.keyword is not None else next(order, None)
        if arg.star or name not in (*positional, *keywords) or name in bound:
            raise _NoFix(f"a `{callee}(...)` passes arguments other than {', '.join(f'`{p}`' for p in (*positional, *keywords))}")
        bound[name] = arg.value  # type: ignore[index]
    return bound


def _without_arguments(call: cst.Call) -> cst.Call:
    return call.with_changes(args=(), whitespace_before_args=cst.SimpleWhitespace(""))


def _entry_dict(pairs: list[tuple[str, Optional[cst.BaseExpression]]]) -> cst.Dict:
    """`{"key": value, ...}` for the pairs that have a value, keys quoted as the values are."""
    present = [(k, v) for k, v in pairs if v is not None]
    quote = _quote([v for _, v in present])
    return cst.Dict([cst.DictElement(_string(k, quote), v) for k, v in present])  # type: ignore[arg-type]


def _quote(values: Sequence[cst.BaseExpression]) -> str:
    """The quote of the first one-character-quoted string among `values`, else a double quote."""
    return next((v.quote for v in values if isinstance(v, cst.SimpleString) and len(v.quote) == 1), '"')


def _string(text: str, quote: str) -> cst.SimpleString:
    return cst.SimpleString(f"{quote}{text}{quote}")


def _is_string(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        return isinstance(node.evaluated_value, str)
    return isinstance(node, cst.ConcatenatedString) and _is_string(node.left) and _is_string(node.right)  # type: ignore[arg-type]


def _prettified(class_name: str) -> str:
    """The name flask-admin gives a view that has none (helpers.prettify_class_name in 1.5.4)."""
    return re.sub(r"(?<=.)([A-Z])", r" \1", class_name)


def _module_name(node: cst.ImportFrom) -> str:
    return cst.helpers.get_full_name_for_node(node.module) or "" if node.module is not None else ""
