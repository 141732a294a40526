"""A real Apache Airflow 2 for the tests marked ``airflow``.

The linter's promise is that fixed DAGs load in real Airflow 2, so these tests install the very
Airflow version Amazon MWAA runs, with MWAA's own constraints file, into a virtualenv of its own
(Airflow cannot share the test process: its dependency set is huge and it reads configuration at
import time). The virtualenv is built once and cached; DAG folders are then loaded in a DagBag by
``tests/dagbag_probe.py`` running in a subprocess with that virtualenv's Python.

Cache layout (``$AIRFLOW_UPGRADE_LINT_TEST_CACHE`` or ``~/.cache/airflow-upgrade-lint-tests``)::

    wheelhouse/                   every wheel a build used (downloaded or built from an sdist)
    pip/                          pip's own cache, used while filling the wheelhouse
    downloads/                    wheels fetched by the tests (e.g. apache-airflow 1.10.15)
    venv-2.10.3-<key>/            a finished virtualenv; <key> hashes everything it was built from
    .build-*/                     a build in progress, renamed to venv-* only once it is complete
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AIRFLOW_VERSION = "2.10.3"

# Providers needed by the Airflow 1.10.15 example DAGs and by fixtures/mwaa-1.10.12 (ssh), unpinned:
# the MWAA constraints file decides each version. Qubole is not pinned in the 2.10.3 constraints
# (the provider's last release needs an older Airflow), so its examples are a known limit. Docker
# is left out: the 1.10.15 Docker examples are commented out (their code sits in a string).
PROVIDERS = (
    "apache-airflow-providers-amazon",
    "apache-airflow-providers-apache-hive",
    "apache-airflow-providers-apache-pig",
    "apache-airflow-providers-cncf-kubernetes",
    "apache-airflow-providers-databricks",
    "apache-airflow-providers-dingding",
    "apache-airflow-providers-google",
    "apache-airflow-providers-http",
    "apache-airflow-providers-microsoft-azure",
    "apache-airflow-providers-microsoft-winrm",
    "apache-airflow-providers-papermill",
    "apache-airflow-providers-ssh",
)

# Bump when the build steps change in a way the hashed inputs do not show.
BUILD_RECIPE = 1

REPO_ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "dagbag_probe.py"
# CI runs in a fresh clone with shared/ beside it, so resolve relative to the repository.
CONSTRAINTS = REPO_ROOT.parent / "shared" / "data" / "mwaa" / AIRFLOW_VERSION / "constraints.txt"
# The constraints file above is the one for this Python (its header names constraints-3.11.txt).
PYTHON_MINOR = (3, 11)


class RuntimeUnavailable(RuntimeError):
    """The Airflow runtime cannot be had on this machine (the tests fail unless told to skip)."""


def cache_root() -> Path:
    configured = os.environ.get("AIRFLOW_UPGRADE_LINT_TEST_CACHE")
    root = Path(configured) if configured else Path.home() / ".cache" / "airflow-upgrade-lint-tests"
    root.mkdir(parents=True, exist_ok=True)
    return root


def packages() -> list[str]:
    return [f"apache-airflow=={AIRFLOW_VERSION}", *PROVIDERS]


def base_python() -> str:
    """The interpreter the virtualenv is made from: it must match the constraints' Python."""
    if sys.version_info[:2] == PYTHON_MINOR:
        return sys.executable
    found = shutil.which("python%d.%d" % PYTHON_MINOR)
    if not found:
        raise RuntimeUnavailable("Airflow %s constraints need Python %d.%d" % (AIRFLOW_VERSION, *PYTHON_MINOR))
    return found


def python_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import sys, platform; print(platform.python_implementation(), sys.version)"],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()


def constraints_text() -> str:
    if not CONSTRAINTS.is_file():
        raise RuntimeUnavailable(f"MWAA constraints file not found: {CONSTRAINTS}")
    return CONSTRAINTS.read_text(encoding="utf-8")


def venv_key(constraints: str, pkgs: list[str], python: str) -> str:
    """Hash of everything the virtualenv is built from, so that any change rebuilds it."""
    payload = json.dumps(
        {"constraints": constraints, "packages": pkgs, "python": python, "recipe": BUILD_RECIPE},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def venv_python(venv: Path) -> Path:
    # Always run `<venv>/bin/python -m ...`: the venv was built under a temporary name, so the
    # shebangs of its console scripts (bin/airflow, bin/pip) point at a path that is gone.
    return venv / "bin" / "python"


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock, so that parallel test runs build the virtualenv only once."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(cmd: list[str], log: Path) -> None:
    with open(log, "a", encoding="utf-8") as out:
        out.write("$ " + " ".join(map(str, cmd)) + "\n")
        out.flush()
        done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if done.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise RuntimeError(f"command failed ({done.returncode}): {' '.join(map(str, cmd))}\n{tail}")


def _pip(python: Path, *args: str) -> list[str]:
    return [str(python), "-m", "pip", *args, "--disable-pip-version-check", "--no-input", "--progress-bar", "off"]


def _install(python: Path, pkgs: list[str], root: Path, log: Path) -> None:
    """Install from our own wheelhouse, filling it from PyPI first when something is missing.

    pip's HTTP cache cannot be relied on (responses through a proxy may carry no cache headers),
    so downloads and wheels built from sdists are kept in `<cache>/wheelhouse` explicitly; a
    rebuild whose packages are all there needs no network.
    """
    wheelhouse = root / "wheelhouse"
    wheelhouse.mkdir(exist_ok=True)
    offline = _pip(python, "install", "--no-index", "--find-links", str(wheelhouse), *pkgs, "-c", str(CONSTRAINTS))
    try:
        _run(offline, log)
        return
    except RuntimeError:
        pass  # a package is missing from the wheelhouse: fetch it below
    fetch = _pip(python, "wheel", "--wheel-dir", str(wheelhouse), "--find-links", str(wheelhouse),
                 "--cache-dir", str(root / "pip"), *pkgs, "-c", str(CONSTRAINTS))
    _run(fetch, log)
    _run(offline, log)


def _build(target: Path, python: str, pkgs: list[str], root: Path) -> None:
    """Build into a temporary directory beside `target`, then rename it into place."""
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    log = root / f"{target.name}.build.log"
    log.write_text("", encoding="utf-8")
    started = time.monotonic()
    try:
        _run([python, "-m", "venv", str(tmp)], log)
        _install(venv_python(tmp), pkgs, root, log)
        _run([str(venv_python(tmp)), "-c", f"import airflow; assert airflow.__version__ == {AIRFLOW_VERSION!r}"], log)
        seconds = time.monotonic() - started
        (tmp / "BUILD-INFO.json").write_text(
            json.dumps({"packages": pkgs, "seconds": round(seconds, 1)}, indent=2), encoding="utf-8"
        )
        os.rename(tmp, target)  # atomic: a reader sees no virtualenv or a complete one
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _remove_stale_builds(root: Path) -> None:
    """Builds run only under the lock, so a `.build-*` seen while holding it was interrupted."""
    for stale in root.glob(".build-*"):
        shutil.rmtree(stale, ignore_errors=True)


def ensure_venv() -> Path:
    """Return the cached Airflow virtualenv, building it first if it does not exist yet."""
    root = cache_root()
    python = base_python()
    pkgs = packages()
    key = venv_key(constraints_text(), pkgs, python_version(python))
    target = root / f"venv-{AIRFLOW_VERSION}-{key}"
    if venv_python(target).exists():
        return target
    with _locked(root / f"venv-{AIRFLOW_VERSION}.lock"):
        if not venv_python(target).exists():  # another run may have built it meanwhile
            _remove_stale_builds(root)
            _build(target, python, pkgs, root)
    return target


def download_wheel(requirement: str, python_version: str = "3.7") -> Path:
    """Fetch one wheel (no dependencies) into `<cache>/downloads` once and return its path.

    `requirement` is pinned (`name==version`), so a wheel already there is the right one. The
    wheel is chosen for `python_version` (by default 3.7, what MWAA 1.10.12 ran), whatever
    Python runs the tests.
    """
    name, _, version = requirement.partition("==")
    downloads = cache_root() / "downloads"
    downloads.mkdir(exist_ok=True)
    stem = f"{name.replace('-', '_')}-{version}-"
    found = sorted(downloads.glob(stem + "*.whl"))
    if found:
        return found[0]
    with tempfile.TemporaryDirectory(dir=downloads) as tmp:
        log = Path(tmp) / "pip.log"
        cmd = _pip(Path(sys.executable), "download", "--no-deps", "--only-binary=:all:",
                   "--python-version", python_version, "--dest", tmp, requirement)
        _run(cmd, log)
        wheel = next(Path(tmp).glob(stem + "*.whl"))
        os.rename(wheel, downloads / wheel.name)  # atomic: never a half-written wheel in the cache
    return downloads / wheel.name


def _clean_env(home: Path) -> dict[str, str]:
    """The environment for the probe: nothing of the caller's Airflow or Python setup leaks in."""
    leaky = ("AIRFLOW_HOME", "AIRFLOW_CONFIG", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__") and k not in leaky}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        # A throwaway SQLite database: DagBag parsing itself needs none, but some operators query
        # the metadata DB in their constructor (SubDagOperator looks up its pool).
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home}/airflow.db",
        # Room for the first, cold import of the big provider packages; the default is 30 s.
        AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT="600",
        AIRFLOW__CORE__DAGBAG_IMPORT_ERROR_TRACEBACK_DEPTH="8",
        AIRFLOW__LOGGING__LOGGING_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_dagbag(
    dags_folder: os.PathLike | str,
    plugins_folder: os.PathLike | str | None = None,
    *,
    aliases: dict[str, os.PathLike | str] | None = None,
    dag_attributes: tuple[str, ...] = (),
    task_attributes: tuple[str, ...] = (),
    timeout: float = 1800,
) -> dict:
    """Load `dags_folder` in a real Airflow DagBag and return what the probe saw.

    `aliases` maps a package name to a directory that replaces the package's search path, for
    DAGs that import their siblings through a package name (see dagbag_probe.py). The result
    holds ``dags`` {dag_id: {file, tasks, no_xcom_push, attributes, task_attributes}} (the
    attributes named by `dag_attributes` / `task_attributes`), ``import_errors`` {file:
    traceback} (files relative to `dags_folder`), ``plugins``, ``plugin_import_errors``,
    ``warnings`` and ``provider_distributions`` (the providers whose modules loading the plugins
    and DAGs imported).
    """
    python = venv_python(ensure_venv())
    with tempfile.TemporaryDirectory(prefix="airflow-home-") as tmp:
        home = Path(tmp)
        plugins = Path(plugins_folder) if plugins_folder else home / "plugins"
        plugins.mkdir(exist_ok=True)
        out = home / "probe.json"
        env = _clean_env(home)
        env["AIRFLOW__CORE__DAGS_FOLDER"] = str(Path(dags_folder).resolve())
        env["AIRFLOW__CORE__PLUGINS_FOLDER"] = str(plugins.resolve())
        cmd = [str(python), str(PROBE), "--out", str(out)]
        for package, directory in (aliases or {}).items():
            cmd += ["--alias", f"{package}={Path(directory).resolve()}"]
        cmd += [f"--dag-attr={name}" for name in dag_attributes] + [f"--task-attr={name}" for name in task_attributes]
        done = subprocess.run(
            cmd, env=env, cwd=home, capture_output=True, text=True, timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode or not out.exists():
            raise RuntimeError(f"dagbag probe failed ({done.returncode}):\n{done.stderr[-6000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def run_in_airflow(script: os.PathLike | str, stdin: str, *, timeout: float = 600) -> str:
    """Run a script with the Airflow virtualenv's Python in a throwaway AIRFLOW_HOME; its stdout."""
    python = venv_python(ensure_venv())
    with tempfile.TemporaryDirectory(prefix="airflow-home-") as tmp:
        done = subprocess.run(
            [str(python), str(script)], env=_clean_env(Path(tmp)), cwd=tmp, input=stdin,
            capture_output=True, text=True, timeout=timeout,
        )
    if done.returncode:
        raise RuntimeError(f"{script} failed ({done.returncode}):\n{done.stderr[-6000:]}")
    return done.stdout


if __name__ == "__main__":
    # `python tests/airflow_runtime.py` builds (or finds) the virtualenv and prints its path,
    # e.g. to warm the cache in CI before the tests run.
    print(ensure_venv())
