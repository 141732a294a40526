"""The rule for flask-admin views in plugins: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

# The common 1.10 shape, as the fix receives and leaves it.
VIEW_PLUGIN = '''from airflow.plugins_manager import AirflowPlugin
from flask_admin import BaseView, expose
from flask_admin.base import MenuLink


class ReportsView(BaseView):
    @expose("/")
    def index(self):
        return self.render("reports/index.html", rows=[])

    @expose("/detail/<int:row>")
    def detail(self, row):
        return self.render("reports/detail.html", row=row)


reports_view = ReportsView(category="Company", name="Reports")


class ReportsPlugin(AirflowPlugin):
    name = "reports"
    admin_views = [reports_view]
    menu_links = [MenuLink(category="Company", name="Handbook", url="https://example.com/handbook")]
'''
VIEW_PLUGIN_FIXED = '''from airflow.plugins_manager import AirflowPlugin
from flask_appbuilder import BaseView, expose


class ReportsView(BaseView):
    default_view = "index"

    @expose("/")
    def index(self):
        return self.render_template("reports/index.html", rows=[])

    @expose("/detail/<int:row>")
    def detail(self, row):
        return self.render_template("reports/detail.html", row=row)


reports_view = ReportsView()


class ReportsPlugin(AirflowPlugin):
    name = "reports"
    appbuilder_views = [{"name": "Reports", "category": "Company", "view": reports_view}]
    appbuilder_menu_items = [{"name": "Handbook", "href": "https://example.com/handbook", "category": "Company"}]
'''

FLASK_ADMIN_PLUGIN_VIEW = Rule(
    code="AUL304",
    name="flask-admin-plugin-view",
    summary="flask-admin views and menu links, which Airflow 2 neither installs nor reads",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds imports of `flask_admin`, and the `admin_views` and `menu_links` attributes of
    subclasses of `airflow.plugins_manager.AirflowPlugin` (however it was imported), and
    rewrites them to Flask-AppBuilder in the common shape below. A class of your own called
    `BaseView` or `AirflowPlugin`, or those attributes on any other class, are not reported.

    ## Why is this bad?
    Airflow 1.10 required flask-admin (1.5.4) for its classic UI and added each plugin's
    `admin_views` and `menu_links` to it. Airflow 2 has only the Flask-AppBuilder UI and no
    longer installs flask-admin: the import fails, and with it the plugin module. Airflow 2
    reads a plugin's `appbuilder_views` (dicts of `name`, `category` and `view`, a
    Flask-AppBuilder `BaseView`) and `appbuilder_menu_items` (dicts of `name`, `href` and
    `category`); it ignores `admin_views` and `menu_links`, logging only that the plugin "may
    not be compatible".

    ## Example
    ```python
    from airflow.plugins_manager import AirflowPlugin
    from flask_admin import BaseView, expose
    from flask_admin.base import MenuLink

    class ReportsView(BaseView):
        @expose("/")
        def index(self):
            return self.render("reports/index.html")

    reports_view = ReportsView(category="Company", name="Reports")

    class ReportsPlugin(AirflowPlugin):
        name = "reports"
        admin_views = [reports_view]
        menu_links = [MenuLink(category="Company", name="Handbook", url="https://example.com")]
    ```

    Use instead:
    ```python
    from airflow.plugins_manager import AirflowPlugin
    from flask_appbuilder import BaseView, expose

    class ReportsView(BaseView):
        default_view = "index"

        @expose("/")
        def index(self):
            return self.render_template("reports/index.html")

    reports_view = ReportsView()

    class ReportsPlugin(AirflowPlugin):
        name = "reports"
        appbuilder_views = [{"name": "Reports", "category": "Company", "view": reports_view}]
        appbuilder_menu_items = [{"name": "Handbook", "href": "https://example.com", "category": "Company"}]
    ```

    ## Fix safety
    Unsafe, and offered only when the whole file is in this shape: `BaseView`, `expose` and
    `MenuLink` imported from flask-admin at module level; views derived from flask-admin's
    `BaseView` alone, with exactly one method exposed at "/" (it becomes `default_view`:
    Flask-AppBuilder links the menu entry to it), that neither use nor override other
    flask-admin `BaseView` members; each view created with `name` and `category` only and
    listed in a plugin's `admin_views` in this file; `menu_links` entries that are
    `MenuLink(name, url, category=...)`; and no `appbuilder_views` or `appbuilder_menu_items`
    already set. A view without a name gets the one flask-admin gave it (`ReportsView` is
    "Reports View"). Otherwise the findings say why there is no fix.

    The rewritten view still needs a look: its templates extended flask-admin's
    (`admin/master.html`) and could use what flask-admin's `render` added (`admin_view`, `h`,
    `get_url`), which Flask-AppBuilder's `render_template` does not provide (extend
    `airflow/main.html` in Airflow 2); its URL moves from `/admin/<endpoint>/` to
    `/<class name in lower case>/`; and Flask-AppBuilder checks no permission on a method
    without `@has_access`.
    """,
    examples=(
        Example(VIEW_PLUGIN, fixed=VIEW_PLUGIN_FIXED, unsafe=True),
        # reported without --unsafe-fixes, and left as it is
        Example(VIEW_PLUGIN, fixed=VIEW_PLUGIN),
        # the view created in the list, flask-admin's positional order (name, category), aliases,
        # a docstring, `expose()` meaning '/', a view with no name, and a link without a category
        Example(
            "from airflow import plugins_manager\nfrom flask_admin import BaseView as AdminView, expose as route\n"
            "from flask_admin import MenuLink\n\n\n"
            "class ReportsView(AdminView):\n    '''Company reports.'''\n\n    @route()\n    def home(self):\n"
            "        return self.render('reports.html')\n\n\n"
            "class AuditView(AdminView):\n    @route('/')\n    def index(self):\n        return self.render('audit.html')\n\n\n"
            "class ReportsPlugin(plugins_manager.AirflowPlugin):\n    name = 'reports'\n"
            "    admin_views = [\n        ReportsView('Reports', 'Company'),\n        AuditView(category='Company'),\n    ]\n"
            "    menu_links = [MenuLink('Handbook', 'https://example.com/handbook')]\n",
            fixed="from airflow import plugins_manager\nfrom flask_appbuilder import BaseView as AdminView, expose as route\n\n\n"
            "class ReportsView(AdminView):\n    '''Company reports.'''\n    default_view = 'home'\n\n    @route()\n    def home(self):\n"
            "        return self.render_template('reports.html')\n\n\n"
            "class AuditView(AdminView):\n    default_view = 'index'\n\n    @route('/')\n    def index(self):\n"
            "        return self.render_template('audit.html')\n\n\n"
            "class ReportsPlugin(plugins_manager.AirflowPlugin):\n    name = 'reports'\n"
            "    appbuilder_views = [\n        {'name': 'Reports', 'category': 'Company', 'view': ReportsView()},\n"
            "        {'name': 'Audit View', 'category': 'Company', 'view': AuditView()},\n    ]\n"
            "    appbuilder_menu_items = [{'name': 'Handbook', 'href': 'https://example.com/handbook'}]\n",
            unsafe=True,
        ),
        # a view that overrides a flask-admin hook: reported, not fixed
        Example(
            "from airflow.plugins_manager import AirflowPlugin\nfrom flask_admin import BaseView, expose\n\n\n"
            "class ReportsView(BaseView):\n    def is_accessible(self):\n        return False\n\n"
            "    @expose('/')\n    def index(self):\n        return self.render('reports.html')\n\n\n"
            "class ReportsPlugin(AirflowPlugin):\n    name = 'reports'\n    admin_views = [ReportsView(name='Reports')]\n",
            fixed="from airflow.plugins_manager import AirflowPlugin\nfrom flask_admin import BaseView, expose\n\n\n"
            "class ReportsView(BaseView):\n    def is_accessible(self):\n        return False\n\n"
            "    @expose('/')\n    def index(self):\n        return self.render('reports.html')\n\n\n"
            "class ReportsPlugin(AirflowPlugin):\n    name = 'reports'\n    admin_views = [ReportsView(name='Reports')]\n",
            unsafe=True,
        ),
        # a 1.10 plugin for both UIs: the old attributes are reported, with what to delete
        Example(
            "from airflow.plugins_manager import AirflowPlugin\n\n\n"
            "class ReportsPlugin(AirflowPlugin):\n    name = 'reports'\n    admin_views = []\n    appbuilder_views = []\n",
            fixed="from airflow.plugins_manager import AirflowPlugin\n\n\n"
            "class ReportsPlugin(AirflowPlugin):\n    name = 'reports'\n    admin_views = []\n    appbuilder_views = []\n",
            unsafe=True,
        ),
        # other flask-admin imports: reported, no fix
        Example(
            "from flask_admin.contrib.sqla import ModelView\n\n\nclass JobsView(ModelView):\n    can_delete = False\n",
            fixed="from flask_admin.contrib.sqla import ModelView\n\n\nclass JobsView(ModelView):\n    can_delete = False\n",
            unsafe=True,
        ),
        # a BaseView of the user's, a class of the user's called AirflowPlugin, the attributes elsewhere
        Example(
            "from company.ui import BaseView, expose\n\n\n"
            "class ReportsView(BaseView):\n    @expose('/')\n    def index(self):\n        return self.render('reports.html')\n"
        ),
        Example("class AirflowPlugin:\n    pass\n\n\nclass ReportsPlugin(AirflowPlugin):\n    admin_views = ['reports']\n    menu_links = []\n"),
        Example("class Layout:\n    admin_views = ['reports']\n    menu_links = []\n"),
        # what Airflow 2 reads
        Example(
            "from airflow.plugins_manager import AirflowPlugin\nfrom flask_appbuilder import BaseView, expose\n\n\n"
            "class ReportsView(BaseView):\n    default_view = 'index'\n\n    @expose('/')\n    def index(self):\n"
            "        return self.render_template('reports.html')\n\n\n"
            "class ReportsPlugin(AirflowPlugin):\n    name = 'reports'\n    appbuilder_views = [{'name': 'Reports', 'view': ReportsView()}]\n"
        ),
    ),
)
