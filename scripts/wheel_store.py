"""Wheels fetched with `pip download --no-deps` into a cache, and read as zip files (never installed)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from functools import cached_property
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from module_facts import ModuleFacts, analyze_module

DEFAULT_CACHE = Path.home() / ".cache" / "airflow-upgrade-lint" / "wheels"


class Wheel:
    def __init__(self, dist: str, version: Version, path: Path):
        self.dist = dist
        self.version = version
        self.path = path
        self._zip = zipfile.ZipFile(path)
        self._facts: dict[str, ModuleFacts | None] = {}

    def __repr__(self) -> str:
        return f"{self.dist}=={self.version}"

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    @cached_property
    def files(self) -> frozenset[str]:
        return frozenset(self._zip.namelist())

    def module_file(self, module: str) -> str | None:
        stem = module.replace(".", "/")
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            if candidate in self.files:
                return candidate
        return None

    def facts(self, module: str) -> ModuleFacts | None:
        """Parsed facts of `module`, or None when the wheel has no such file."""
        if module not in self._facts:
            file = self.module_file(module)
            self._facts[module] = None if file is None else self._analyze(module, file)
        return self._facts[module]

    def _analyze(self, module: str, file: str) -> ModuleFacts:
        source = self._zip.read(file).decode("utf-8")
        try:
            return analyze_module(source, module, is_package=file.endswith("/__init__.py"))
        except SyntaxError as error:
            raise SystemExit(f"cannot parse {self}:{file}: {error}") from error

    def modules_containing(self, *needles: bytes) -> list[str]:
        """Module names whose source contains any of `needles` (a cheap filter before parsing)."""
        modules = []
        for file in sorted(self.files):
            if file.endswith(".py") and any(n in self._zip.read(file) for n in needles):
                module = file[: -len(".py")].replace("/", ".")
                modules.append(module.removesuffix(".__init__"))
        return modules


class WheelStore:
    """Downloads on first use; afterwards the cache answers exact pins without the network."""

    def __init__(self, cache_dir: Path = DEFAULT_CACHE):
        self.cache_dir = cache_dir
        self._wheels: dict[tuple[str, Version], Wheel] = {}
        self._cache_index: dict[tuple[str, Version], Path] | None = None

    @property
    def read(self) -> list[Wheel]:
        return [self._wheels[key] for key in sorted(self._wheels)]

    def exact(self, dist: str, version: str | Version) -> Wheel:
        key = (canonicalize_name(dist), Version(str(version)))
        if key not in self._wheels:
            path = self._cached_file(*key) or self._download(f"{key[0]}=={key[1]}")
            if path is None:
                raise SystemExit(f"no wheel on PyPI for {key[0]}=={key[1]}")
            self._wheels[key] = Wheel(key[0], key[1], path)
        return self._wheels[key]

    def newest_matching(self, dist: str, specifier: str) -> Wheel | None:
        """The newest release of `dist` within `specifier`, or None if there is none."""
        path = self._download(f"{canonicalize_name(dist)}{specifier}")
        if path is None:
            return None
        name, version, _, _ = parse_wheel_filename(path.name)
        return self.exact(name, version)

    def _cached_file(self, dist: str, version: Version) -> Path | None:
        if self._cache_index is None:
            self._cache_index = {}
            for path in sorted(self.cache_dir.glob("*.whl")):
                name, file_version, _, _ = parse_wheel_filename(path.name)
                self._cache_index[(canonicalize_name(name), file_version)] = path
        return self._cache_index.get((dist, version))

    def _download(self, requirement: str) -> Path | None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # --ignore-requires-python: we read sources, so the wheel need not suit this interpreter
        command = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--ignore-requires-python", "--disable-pip-version-check", "--progress-bar=off",
            "-d", str(self.cache_dir), requirement,
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            if "No matching distribution found" in result.stderr:
                return None
            raise SystemExit(f"pip download {requirement} failed:\n{result.stderr}")
        match = re.search(r"(?:Saved|File was already downloaded) (\S+\.whl)", result.stdout)
        if match is None:
            raise SystemExit(f"pip download {requirement}: cannot find the wheel in its output:\n{result.stdout}")
        return Path(match.group(1))
