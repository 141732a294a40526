"""Every import form the moved-imports check handles, against a small table of real moves."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings

TABLE = knowledge.load(Path(__file__).with_name("data"))


def run(source: str, *, target="2.10.3", fix=True, unsafe=False, **settings):
    source = textwrap.dedent(source)
    result = engine.check_source(
        source.encode(), "dag.py", Settings(fix=fix, unsafe_fixes=unsafe, target_version=target, **settings), TABLE
    )
    fixed = result.fixed.decode() if result.fixed is not None else source
    return fixed, result


def fixed(source: str, **kwargs) -> str:
    text, result = run(source, **kwargs)
    again, second = run(text, **kwargs)
    assert again == text, "fixing twice must change nothing"
    cst.parse_module(text)
    return text


def codes(source: str, **kwargs) -> list[str]:
    _, result = run(source, fix=False, **kwargs)
    return [d.code for d in result.diagnostics]


def test_from_import():
    assert fixed("from airflow.operators.bash_operator import BashOperator\n") == (
        "from airflow.operators.bash import BashOperator\n"
    )


def test_lazy_1_10_import_is_removed_not_deprecated():
    assert codes("from airflow.operators import BashOperator\n") == ["AUL101"]
    assert codes("from airflow.operators.bash_operator import BashOperator\n") == ["AUL102"]


def test_alias_is_kept_and_uses_are_untouched():
    source = """\
        from airflow.operators.dummy_operator import DummyOperator as Noop
        t = Noop(task_id="t")
    """
    assert fixed(source) == 'from airflow.operators.empty import EmptyOperator as Noop\nt = Noop(task_id="t")\n'


def test_renamed_class_is_renamed_at_every_use_in_every_scope():
    source = """\
        from airflow.operators.dummy_operator import DummyOperator

        start = DummyOperator(task_id="start")

        def make(i):
            return DummyOperator(task_id=f"t{i}")

        class Mine(DummyOperator):
            pass

        assert isinstance(start, DummyOperator)
    """
    result = fixed(source)
    assert "DummyOperator" not in result
    assert result.count("EmptyOperator") == 5


def test_renamed_class_keeps_old_name_as_alias_when_new_name_is_taken():
    source = """\
        from airflow.operators.dummy_operator import DummyOperator
        EmptyOperator = "something of the user's"
        t = DummyOperator(task_id="t")
    """
    assert fixed(source).splitlines()[0] == "from airflow.operators.empty import EmptyOperator as DummyOperator"


def test_target_version_picks_the_path():
    source = "from airflow.operators.dummy_operator import DummyOperator\nDummyOperator(task_id='x')\n"
    assert fixed(source, target="2.2.2") == "from airflow.operators.dummy import DummyOperator\nDummyOperator(task_id='x')\n"
    assert fixed(source, target="2.10.3") == "from airflow.operators.empty import EmptyOperator\nEmptyOperator(task_id='x')\n"


def test_several_names_to_one_module_keep_the_layout_and_comments():
    source = """\
        from airflow.operators.python_operator import (  # the python ones
            PythonOperator,  # runs the loader
            BranchPythonOperator,
        )
    """
    assert fixed(source) == textwrap.dedent(source).replace("python_operator", "python")


def test_names_to_several_modules_are_split_and_unknown_names_stay_reported():
    source = """\
        from airflow.contrib.operators.bigquery_operator import BigQueryOperator, helper, BigQueryCreateEmptyTableOperator
        from airflow.contrib.operators.gcs_to_bq import GoogleCloudStorageToBigQueryOperator
    """
    assert codes(source) == ["AUL102", "AUL103", "AUL102", "AUL102"]
    assert fixed(source) == textwrap.dedent("""\
        from airflow.contrib.operators.bigquery_operator import helper
        from airflow.providers.google.cloud.operators.bigquery import BigQueryExecuteQueryOperator, BigQueryCreateEmptyTableOperator
        from airflow.providers.google.cloud.transfers.gcs_to_bigquery import GCSToBigQueryOperator
    """)


def test_merges_into_existing_import_without_duplicates():
    source = """\
        from airflow.operators.bash import BashOperator
        from airflow.operators.python import PythonOperator
        from airflow.operators.bash_operator import BashOperator
        from airflow.operators.python_operator import BranchPythonOperator
    """
    assert fixed(source) == textwrap.dedent("""\
        from airflow.operators.bash import BashOperator
        from airflow.operators.python import PythonOperator, BranchPythonOperator
    """)


def test_merge_into_parenthesised_import_keeps_its_style():
    source = """\
        from airflow.operators.python import (
            PythonOperator,
        )
        from airflow.operators.python_operator import BranchPythonOperator
    """
    assert fixed(source) == textwrap.dedent("""\
        from airflow.operators.python import (
            PythonOperator,
            BranchPythonOperator,
        )
    """)


def test_import_module_with_full_name_uses():
    source = """\
        import airflow.contrib.hooks.aws_hook

        hook = airflow.contrib.hooks.aws_hook.AwsHook(aws_conn_id="aws_default")
    """
    assert fixed(source) == textwrap.dedent("""\
        import airflow.providers.amazon.aws.hooks.base_aws

        hook = airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook(aws_conn_id="aws_default")
    """)


def test_import_module_as_alias():
    source = """\
        import airflow.contrib.hooks.aws_hook as aws

        hook = aws.AwsHook(aws_conn_id="aws_default")
    """
    assert fixed(source) == textwrap.dedent("""\
        import airflow.providers.amazon.aws.hooks.base_aws as aws

        hook = aws.AwsBaseHook(aws_conn_id="aws_default")
    """)


def test_from_package_import_module():
    source = """\
        from airflow.contrib.operators import bigquery_operator

        q = bigquery_operator.BigQueryOperator(task_id="q", sql="select 1")
    """
    assert fixed(source) == textwrap.dedent("""\
        from airflow.providers.google.cloud.operators import bigquery as bigquery_operator

        q = bigquery_operator.BigQueryExecuteQueryOperator(task_id="q", sql="select 1")
    """)


def test_module_used_as_an_object_is_reported_without_fix():
    source = """\
        from airflow.contrib.operators import bigquery_operator
        registry = [bigquery_operator]
    """
    text, result = run(source)
    assert text == textwrap.dedent(source)
    assert [d.code for d in result.diagnostics] == ["AUL101"]


def test_imports_inside_functions_and_type_checking():
    source = """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from airflow.operators.bash_operator import BashOperator

        def build():
            from airflow.operators.python_operator import PythonOperator
            return PythonOperator
    """
    result = fixed(source)
    assert "from airflow.operators.bash import BashOperator" in result
    assert "    from airflow.operators.python import PythonOperator" in result


@pytest.mark.parametrize(
    "source",
    [
        """\
        try:
            from airflow.operators.bash import BashOperator
        except ImportError:
            from airflow.operators.bash_operator import BashOperator
        """,
        """\
        try:
            from airflow.operators.bash_operator import BashOperator
        except (ModuleNotFoundError, ValueError):
            from airflow.operators.bash import BashOperator
        """,
    ],
)
def test_compatibility_blocks_are_left_working(source):
    assert codes(source) == []


def test_try_without_import_error_handler_is_checked():
    source = """\
        try:
            from airflow.operators.bash_operator import BashOperator
        finally:
            pass
    """
    assert codes(source) == ["AUL102"]


def test_star_import_reported_without_fix():
    source = "from airflow.contrib.operators.bigquery_operator import *\n"
    text, result = run(source)
    assert text == source
    assert [(d.code, d.fix) for d in result.diagnostics] == [("AUL104", None)]  # no name it brought in is used


def test_string_reference_is_rewritten_only_as_an_unsafe_fix():
    source = 'from unittest import mock\np = mock.patch("airflow.contrib.hooks.aws_hook.AwsHook.get_conn")\n'
    text, result = run(source)
    assert text == source
    assert [d.code for d in result.diagnostics] == ["AUL105"]
    assert "airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook" in result.diagnostics[0].message
    assert fixed(source, unsafe=True) == source.replace("airflow.contrib.hooks.aws_hook.AwsHook", "airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook")


def test_no_target_is_reported_with_the_note_and_no_fix():
    source = "from airflow.contrib.operators.hipchat_operator import HipChatAPISendRoomNotificationOperator\n"
    text, result = run(source)
    assert text == source
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "AUL103" and "HipChat was removed" in diagnostic.message and diagnostic.fix is None


def test_unsafe_fix_needs_the_flag():
    source = "from airflow.contrib.operators.aws_athena_operator import AWSAthenaOperator\n"
    text, result = run(source)
    assert text == source
    assert result.diagnostics[0].fix.applicability.value == "unsafe"
    assert fixed(source, unsafe=True) == "from airflow.providers.amazon.aws.operators.athena import AthenaOperator\n"
    # the same class had its old name at 2.2.2, and moving it there is safe
    assert fixed(source, target="2.2.2") == "from airflow.providers.amazon.aws.operators.athena import AWSAthenaOperator\n"


def test_safe_names_are_fixed_even_when_a_neighbour_is_unsafe():
    source = (
        "from airflow.contrib.operators.aws_athena_operator import AWSAthenaOperator\n"
        "from airflow.operators.bash_operator import BashOperator\n"
    )
    assert fixed(source) == (
        "from airflow.contrib.operators.aws_athena_operator import AWSAthenaOperator\n"
        "from airflow.operators.bash import BashOperator\n"
    )


def test_noqa_suppresses_report_and_fix():
    source = (
        "from airflow.operators.bash_operator import BashOperator  # noqa: AUL102\n"
        "from airflow.operators.python_operator import PythonOperator  # noqa\n"
        "from airflow.operators.dummy_operator import DummyOperator  # noqa: AUL101\n"
    )
    text, result = run(source)
    assert [d.line for d in result.diagnostics] == []
    assert text.splitlines()[:2] == source.splitlines()[:2]
    assert text.splitlines()[2].startswith("from airflow.operators.empty import EmptyOperator")


def test_select_and_ignore():
    source = "from airflow.operators import BashOperator\nfrom airflow.operators.bash_operator import BashOperator as B\n"
    assert codes(source, select=("AUL101",)) == ["AUL101"]
    assert codes(source, ignore=("AUL10",)) == []
    assert codes(source, ignore=("AUL1",), select=("AUL", "AUL102")) == ["AUL102"]


def test_rest_of_file_is_byte_for_byte_unchanged():
    source = "# -*- coding: utf-8 -*-\r\n\"\"\"Doc.\"\"\"\r\nfrom airflow.operators.bash_operator import BashOperator  # why\r\n\r\nx  =  [1,\r\n  2]  # odd  spacing\r\n"
    result = engine.check_source(source.encode(), "d.py", Settings(fix=True), TABLE)
    assert result.fixed == source.replace("bash_operator", "bash").encode()


def test_syntax_error_is_one_diagnostic_and_no_fix():
    source = "from airflow.operators.bash_operator import BashOperator\nprint 'hello'\n"
    text, result = run(source)
    assert text == source
    (diagnostic,) = result.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("AUL001", 2)


def test_files_without_airflow_are_only_syntax_checked():
    assert codes("import os\n") == []
    assert codes("print 'x'\n") == ["AUL001"]


def test_wrong_encoding_names_the_line():
    source = b"import airflow\nx = 1\ny = '\xe9t\xe9'\n"
    (diagnostic,) = engine.check_source(source, "d.py", Settings(fix=True), TABLE).diagnostics
    assert (diagnostic.code, diagnostic.line) == ("AUL001", 3)


def test_syntax_errors_are_reported_whatever_the_selection():
    _, result = run("import airflow\nprint 'x'\n", select=("AUL102",), fix=False)
    assert [d.code for d in result.diagnostics] == ["AUL001"]


def test_star_import_fix_imports_the_used_names_under_their_old_names():
    source = """\
        from airflow.contrib.operators.bigquery_operator import *  # legacy
        q = BigQueryOperator(task_id="q", sql="select 1")
    """
    assert fixed(source) == textwrap.dedent(source)  # unsafe: not applied by --fix alone
    assert fixed(source, unsafe=True) == textwrap.dedent("""\
        from airflow.providers.google.cloud.operators.bigquery import BigQueryExecuteQueryOperator as BigQueryOperator  # legacy
        q = BigQueryOperator(task_id="q", sql="select 1")
    """)


def test_try_whose_handler_imports_nothing_is_not_compatibility_code():
    source = """\
        try:
            from airflow.operators.bash_operator import BashOperator
        except ImportError:
            pass
    """
    assert fixed(source) == textwrap.dedent(source).replace("bash_operator", "bash")


def test_import_airflow_reports_only_what_moved_and_keeps_the_rest_working():
    source = """\
        import airflow

        days = airflow.utils.dates.days_ago(1)
        folder = airflow.conf.get("core", "dags_folder")
    """
    assert codes(source, select=("AUL1",)) == ["AUL101"]
    assert fixed(source) == textwrap.dedent("""\
        import airflow, airflow.configuration

        days = airflow.utils.dates.days_ago(1)
        folder = airflow.configuration.conf.get("core", "dags_folder")
    """)


def test_module_used_as_an_object_and_through_attributes_is_rebound_unsafely():
    source = """\
        from airflow.contrib.operators import bigquery_operator

        if bigquery_operator is not None:
            q = bigquery_operator.BigQueryOperator(task_id="q", sql="select 1")
    """
    assert fixed(source) == textwrap.dedent(source)
    assert fixed(source, unsafe=True) == textwrap.dedent("""\
        from airflow.providers.google.cloud.operators import bigquery as bigquery_operator

        if bigquery_operator is not None:
            q = bigquery_operator.BigQueryExecuteQueryOperator(task_id="q", sql="select 1")
    """)


def test_old_imports_going_to_one_module_end_up_in_one_statement():
    source = """\
        from airflow.contrib.operators.bigquery_operator import BigQueryOperator
        from airflow.contrib.operators.bigquery_operator import BigQueryCreateEmptyTableOperator
        from airflow.operators.bash_operator import BashOperator
    """
    assert fixed(source) == textwrap.dedent("""\
        from airflow.providers.google.cloud.operators.bigquery import BigQueryExecuteQueryOperator, BigQueryCreateEmptyTableOperator
        from airflow.operators.bash import BashOperator
    """)


def test_a_commented_statement_is_rewritten_in_place_rather_than_merged_away():
    source = """\
        from airflow.operators.python import PythonOperator
        # the branch operator picks the rebuild
        from airflow.operators.python_operator import BranchPythonOperator
    """
    assert fixed(source) == textwrap.dedent(source).replace("python_operator", "python")


def test_a_fix_whose_result_python_rejects_is_not_applied(monkeypatch):
    source = "from airflow.operators.bash_operator import BashOperator\n"

    def reject(code: bytes) -> None:
        if b"operators.bash " in code:
            raise engine._Unparsable(1, 1, "rejected")

    monkeypatch.setattr(engine, "_syntax_check", reject)
    result = engine.check_source(source.encode(), "dag.py", Settings(fix=True), TABLE)
    assert result.fixed is None
    assert [(d.code, d.line) for d in result.diagnostics] == [("AUL102", 1), ("AUL003", 1)]


def test_unknown_keyword_of_a_known_class_is_reported_at_targets_the_table_covers():
    source = """\
        from airflow.operators.bash_operator import BashOperator
        from airflow.operators.python_operator import PythonOperator
        a = BashOperator(task_id="a", bash_command="date", retires=3)
        b = PythonOperator(task_id="b", python_callable=print, anything=1)
    """
    unknown = [d for d in run(source, fix=False)[1].diagnostics if d.code == "AUL206"]
    assert [(d.line, "retires" in d.message) for d in unknown] == [(3, True)]  # PythonOperator's row is open
    assert not [d for d in run(source, fix=False, target="2.2.2")[1].diagnostics if d.code == "AUL206"]
