"""Rewrite a file's imports of packages that moved to a new dotted prefix: with `ops` moved to
`plugin_code.ops`, `from ops.healthcheck import X` becomes `from plugin_code.ops.healthcheck
import X`, and `import ops.healthcheck` becomes `import plugin_code.ops.healthcheck`, every use
of the name `ops` it bound becoming `plugin_code.ops`. Relative imports are left as they are:
they stay right when a package moves whole.
"""

from __future__ import annotations

from typing import Mapping, Optional

import libcst as cst
from libcst.metadata import MetadataWrapper, ScopeProvider

from .import_edits import dotted, imported_name


def renamed_path(path: str, renames: Mapping[str, str]) -> Optional[str]:
    """`path` under its new prefix when its top-level package moved, else None."""
    head, dot, rest = path.partition(".")
    return renames[head] + dot + rest if head in renames else None


def rename_modules(source: bytes, renames: Mapping[str, str]) -> bytes:
    """`source` with its imports of the `renames` (top-level name -> new dotted path) rewritten."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    scopes = wrapper.resolve(ScopeProvider)
    uses: dict[cst.CSTNode, str] = {}  # uses of what a rewritten `import ops.x` bound -> new path
    for node, scope in scopes.items():
        if isinstance(node, cst.Import) and scope is not None:
            for name in node.names:
                path = imported_name(name)
                if name.asname is not None or renamed_path(path, renames) is None:
                    continue
                # libcst binds `import ops.x` both as `ops.x` (accessed as the Attribute
                # `ops.x`) and as `ops` (accessed as the Name)
                for bound in {path, path.partition(".")[0]}:
                    for assignment in scope.assignments[bound]:
                        if getattr(assignment, "node", None) is node:
                            # a string annotation's access is the whole string: replacing it
                            # with the module's path would drop the rest of the annotation
                            uses.update(
                                (access.node, renamed_path(bound, renames))
                                for access in assignment.references
                                if isinstance(access.node, (cst.Name, cst.Attribute))
                            )
    return wrapper.module.visit(_Renamer(renames, uses)).bytes


class _Renamer(cst.CSTTransformer):
    def __init__(self, renames: Mapping[str, str], uses: Mapping[cst.CSTNode, str]) -> None:
        super().__init__()
        self.renames = renames
        self.uses = uses

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if updated_node.relative or updated_node.module is None:
            return updated_node
        new = renamed_path(cst.helpers.get_full_name_for_node(updated_node.module) or "", self.renames)
        return updated_node.with_changes(module=dotted(new)) if new else updated_node

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = []
        for name in updated_node.names:
            new = renamed_path(imported_name(name), self.renames)
            names.append(name.with_changes(name=dotted(new)) if new else name)
        return updated_node.with_changes(names=names)

    def on_leave(self, original_node, updated_node):
        new = self.uses.get(original_node)
        return dotted(new) if new else super().on_leave(original_node, updated_node)
