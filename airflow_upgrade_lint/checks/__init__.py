"""Every family's checks, and every rule they report, in code order."""

from __future__ import annotations

from ..rule import Check, Rule
from .apply_defaults import ApplyDefaults
from .base_hook_init import BaseHookInit
from .base_hook_methods import BaseHookMethods
from .changed_arguments import ChangedArguments
from .config_options_rules import RULES as CONFIG_RULES
from .config_strings import ConfigStrings
from .context_variables import ContextVariables
from .dag_dependencies import DagDependencies
from .days_ago import DaysAgo
from .flask_admin_views import FlaskAdminViews
from .moved_imports import MovedImports
from .operator_metaclass import OperatorMetaclass
from .plugin_imports import PluginImports
from .plugin_registrations import PluginRegistrations
from .plugin_stat_name_handler import PluginStatNameHandler
from .renamed_values import RenamedValues
from .requirements_rules import RULES as REQUIREMENTS_RULES
from ..tool_errors import RULES as TOOL_RULES
from .xcom_push_default import XcomPushDefault

CHECKS: tuple[type[Check], ...] = (MovedImports, ChangedArguments, DagDependencies, BaseHookInit, ContextVariables, OperatorMetaclass, RenamedValues, XcomPushDefault, BaseHookMethods, DaysAgo, ApplyDefaults, PluginStatNameHandler, PluginImports, PluginRegistrations, FlaskAdminViews, ConfigStrings)


# Rules of the text formats (requirements files, Airflow configuration; see text_files.py).
# A rule may be reported both here and by a Check (an option name in a Python string).
TEXT_RULES: tuple[Rule, ...] = (*REQUIREMENTS_RULES, *CONFIG_RULES)


def all_rules() -> list[Rule]:
    rules = [*TOOL_RULES, *(rule for check in CHECKS for rule in check.rules), *TEXT_RULES]
    return sorted(dict.fromkeys(rules), key=lambda rule: rule.code)


def rule_by_code(code: str) -> Rule | None:
    return next((rule for rule in all_rules() if rule.code == code), None)
