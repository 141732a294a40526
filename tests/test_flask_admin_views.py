"""AUL304's fix makes a 1.10 flask-admin plugin work in real Airflow 2: loaded without an import
error, its view and link registered through Flask-AppBuilder, the menu entry linked to the view
(`default_view`), and the view's pages rendered by the webserver app.

The plugin is the rule's own example with a blueprint that carries its templates, fixed by the
linter with unsafe fixes; the probe runs in the Airflow virtualenv of the `airflow` tests.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from airflow_runtime import run_in_airflow
from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.checks.flask_admin_views_rules import VIEW_PLUGIN
from airflow_upgrade_lint.settings import Settings

# Templates ship with 1.10 plugins through a blueprint; nothing the fix touches.
BLUEPRINT = '    flask_blueprints = [Blueprint("reports", __name__, template_folder="templates")]\n'
PLUGIN_1_10 = "from flask import Blueprint\n" + VIEW_PLUGIN.replace('    name = "reports"\n', '    name = "reports"\n' + BLUEPRINT)
TEMPLATES = {"index.html": "rows: {{ rows|length }}", "detail.html": "row {{ row }}"}

# Loads the plugins as the webserver does, then builds the webserver app and asks it for the
# view's pages. The plugins folder comes on stdin: Airflow reads its configuration on import.
PROBE = textwrap.dedent(
    """
    import json, os, sys
    os.environ["AIRFLOW__CORE__PLUGINS_FOLDER"] = sys.stdin.read()

    from airflow import plugins_manager
    from airflow.utils import db
    from airflow.www.app import create_app

    db.initdb(load_connections=False)
    plugins_manager.ensure_plugins_loaded()
    plugins_manager.initialize_web_ui_plugins()
    app = create_app(testing=True)
    ours = [e for e in plugins_manager.flask_appbuilder_views if e.get("category") == "Company"]
    with app.test_request_context():
        menu = {item.name: {c.name: c.get_url() for c in item.childs} for item in app.appbuilder.menu.get_list()}
    with app.test_client() as client:
        responses = {url: client.get(url) for url in ("/reportsview/", "/reportsview/detail/3")}
        pages = {url: [r.status_code, r.get_data(as_text=True)] for url, r in responses.items()}
    print(json.dumps({
        "import_errors": plugins_manager.import_errors,
        "views": [{k: type(v).__name__ if k == "view" else v for k, v in e.items()} for e in ours],
        "links": plugins_manager.flask_appbuilder_menu_links,
        "menu": menu.get("Company"),
        "pages": pages,
    }))
    """
)


def fixed_plugin() -> str:
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    result = engine.check_source(PLUGIN_1_10.encode(), "plugins/reports_plugin.py", settings, knowledge.load())
    assert result.fixed is not None and not [d for d in result.diagnostics if d.code == "AUL304"], result.diagnostics
    return result.fixed.decode()


def probe(tmp_path: Path, plugin: str) -> dict:
    plugins = tmp_path / "plugins"
    (plugins / "templates" / "reports").mkdir(parents=True)
    (plugins / "reports_plugin.py").write_text(plugin, encoding="utf-8")
    for name, text in TEMPLATES.items():
        (plugins / "templates" / "reports" / name).write_text(text, encoding="utf-8")
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    return json.loads(run_in_airflow(script, str(plugins)).strip().splitlines()[-1])


@pytest.mark.airflow
def test_fixed_plugin_is_loaded_and_served_by_airflow_2(airflow_venv, tmp_path):
    report = probe(tmp_path, fixed_plugin())
    assert report["import_errors"] == {}
    assert report["views"] == [{"name": "Reports", "category": "Company", "view": "ReportsView"}]
    assert report["links"] == [{"name": "Handbook", "href": "https://example.com/handbook", "category": "Company"}]
    assert report["menu"] == {"Reports": "/reportsview/", "Handbook": "https://example.com/handbook"}
    assert report["pages"] == {"/reportsview/": [200, "rows: 0"], "/reportsview/detail/3": [200, "row 3"]}


@pytest.mark.airflow
def test_unfixed_plugin_does_not_load_in_airflow_2(airflow_venv, tmp_path):
    report = probe(tmp_path, PLUGIN_1_10)
    [error] = report["import_errors"].values()
    assert "flask_admin" in error
    assert report["views"] == [] and report["menu"] is None
