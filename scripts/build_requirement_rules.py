#!/usr/bin/env python
"""Generate rules/requirements.toml: what a requirements file must say for each MWAA 2.x target.

Per target (the targets of rules/imports.toml, each an MWAA version in versions.toml):
  * the Python minor version MWAA runs (versions.toml `python`) and the constraints URL built
    from it, `https://raw.githubusercontent.com/apache/airflow/constraints-<target>/constraints-<py>.txt`,
  * every pin of the constraints file MWAA installs with (`<target>/constraints.txt`, checked
    against the git blob id versions.toml records for it),
  * the providers that are there without being asked for: the MWAA image's
    (versions.toml `preinstalled_providers`) and those the apache-airflow wheel requires with no
    extra marker (its METADATA `Requires-Dist`),
  * the apache-airflow extras (METADATA `Provides-Extra`, compared by their PEP 685 normalised
    names): those 1.10.15 had and the target lacks, and the deprecated aliases among the
    target's own. An alias is derived, never curated: an extra that is no provider id itself
    but requires, through the `apache-airflow[...]` self-references too, exactly what one
    provider-id extra requires (`aws` and `amazon` both just `apache-airflow-providers-amazon`).
    Where an alias still installs something else (2.0.2's `aws` installs boto3 and watchtower,
    not the provider) no rename is derived for that target; the script prints the renames of
    RELEASE_NOTES.rst "Standardized "extra" requirements" (Airflow 2.0.0) that no target shows.

Usage: python scripts/build_requirement_rules.py [--check] [--mwaa-data DIR] [--cache-dir DIR]
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from build_import_rules import (
    CORE,
    LEGACY,
    PROVIDER_PREFIX,
    REPO,
    generator_arguments,
    group_consecutive,
    mwaa_index,
    toml_list,
    toml_string,
    write_or_check,
)
from build_config_rules import read_text
from build_context_variables import toml_lines
from wheel_store import Wheel, WheelStore

OUTPUT = REPO / "rules" / "requirements.toml"
IMPORTS = REPO / "rules" / "imports.toml"
CONSTRAINTS_URL = "https://raw.githubusercontent.com/apache/airflow/constraints-{target}/constraints-{python}.txt"
# RELEASE_NOTES.rst, Airflow 2.0.0, "Standardized "extra" requirements": the deprecated extras and
# their successors. Not used as data: only compared with what the wheels show, to print the gaps.
RELEASE_NOTES_RENAMES = {
    "atlas": "apache.atlas", "aws": "amazon", "azure": "microsoft.azure",
    "azure_blob_storage": "microsoft.azure", "azure_data_lake": "microsoft.azure",
    "azure_cosmos": "microsoft.azure", "azure_container_instances": "microsoft.azure",
    "cassandra": "apache.cassandra", "druid": "apache.druid", "gcp": "google", "gcp_api": "google",
    "hdfs": "apache.hdfs", "hive": "apache.hive", "kubernetes": "cncf.kubernetes",
    "mssql": "microsoft.mssql", "pinot": "apache.pinot", "webhdfs": "apache.webhdfs",
    "winrm": "microsoft.winrm",  # the notes say apache.winrm; no such extra or provider exists
}  # fmt: skip


# --- the MWAA data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    version: str
    python: str  # minor version, "3.11"
    pins: dict[str, str]  # canonical name -> version, every line of the constraints file
    image_providers: tuple[str, ...]  # preinstalled on the MWAA image
    source: str  # where the constraints file came from

    @property
    def constraints_url(self) -> str:
        return CONSTRAINTS_URL.format(target=self.version, python=self.python)


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read_pins(data: bytes, where: str) -> dict[str, str]:
    """name -> version of every `name==version` line; any other requirement line stops the script."""
    pins = {}
    for line in data.decode("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        if specifier.operator != "==" or requirement.extras or requirement.marker or requirement.url:
            raise SystemExit(f"{where}: not a plain pin: {line!r}")
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def load_targets(mwaa_data: Path, versions: list[str]) -> list[Target]:
    index = mwaa_index(mwaa_data)["versions"]
    targets = []
    for version in versions:
        if version not in index:
            raise SystemExit(f"{IMPORTS.name} lists {version}, which versions.toml does not")
        entry = index[version]
        data = (mwaa_data / entry["constraints_file"]).read_bytes()
        if git_blob_id(data) != entry["source"]["constraints_blob"]:
            raise SystemExit(f"{entry['constraints_file']} is not the blob versions.toml records")
        source = entry["source"]
        where = f"{source['repo']}@{source['commit']}:{source['constraints_path']} (blob {source['constraints_blob']})"
        python = ".".join(entry["python"].split(".")[:2])
        image = tuple(sorted(canonicalize_name(name) for name in entry.get("preinstalled_providers", {})))
        targets.append(Target(version, python, read_pins(data, entry["constraints_file"]), image, where))
    return targets


# --- the apache-airflow wheels -------------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    extras: tuple[str, ...]  # as spelled in Provides-Extra
    requires: tuple[Requirement, ...]

    def unconditional_providers(self) -> tuple[str, ...]:
        return tuple(sorted(
            canonicalize_name(req.name) for req in self.requires
            if not _has_extra(req.marker) and canonicalize_name(req.name).startswith(PROVIDER_PREFIX)
        ))  # fmt: skip

    def extra_requirements(self) -> dict[str, frozenset[str]]:
        """Normalised extra -> what it installs, self-references (`apache-airflow[amazon]`) expanded."""
        direct: dict[str, set[str]] = {canonicalize_name(extra): set() for extra in self.extras}
        for req in self.requires:
            for extra in direct:
                if _has_extra(req.marker) and req.marker.evaluate({"extra": extra}):
                    direct[extra].add(_requirement_key(req))

        def expand(extra: str, seen: frozenset[str]) -> frozenset[str]:
            found: set[str] = set()
            for item in direct.get(extra, ()):
                name, _, inner = item.partition("[")
                if name == CORE and inner:
                    for other in inner.rstrip("]").split(","):
                        if other not in seen:
                            found |= expand(other, seen | {other})
                else:
                    found.add(item)
            return frozenset(found)

        return {extra: expand(extra, frozenset({extra})) for extra in direct}


def _has_extra(marker: Marker | None) -> bool:
    return marker is not None and "extra" in str(marker)


def _requirement_key(req: Requirement) -> str:
    extras = ",".join(sorted(canonicalize_name(extra) for extra in req.extras))
    return canonicalize_name(req.name) + (f"[{extras}]" if extras else "")


def read_metadata(wheel: Wheel) -> Metadata:
    (name,) = [file for file in wheel.files if re.fullmatch(r"[^/]+\.dist-info/METADATA", file)]
    headers = read_text(wheel, name).split("\n\n", 1)[0]
    extras = tuple(re.findall(r"^Provides-Extra: *(\S+)", headers, re.M))
    requires = tuple(Requirement(line) for line in re.findall(r"^Requires-Dist: *(.+)$", headers, re.M))
    return Metadata(extras, requires)


@dataclass(frozen=True)
class Extras:
    provided: tuple[str, ...]  # as the target's METADATA spells them
    renamed: dict[str, str]  # deprecated alias (normalised) -> provider-id extra, as spelled
    gone: tuple[str, ...]  # 1.10.15's extras (as spelled there) that the target lacks


def extras_at(metadata: Metadata, legacy: tuple[str, ...]) -> Extras:
    installs = metadata.extra_requirements()
    spelled = {canonicalize_name(extra): extra for extra in metadata.extras}
    # a provider-id extra installs the provider of its own name
    provider_ids = {extra for extra, reqs in installs.items() if f"{PROVIDER_PREFIX}{extra}" in reqs}
    renamed = {}
    for alias, reqs in installs.items():
        if alias in provider_ids or not any(req.startswith(PROVIDER_PREFIX) for req in reqs):
            continue
        same = [extra for extra in provider_ids if installs[extra] == reqs]
        if len(same) == 1:
            renamed[alias] = spelled[same[0]]
    gone = tuple(extra for extra in legacy if canonicalize_name(extra) not in installs)
    return Extras(tuple(sorted(metadata.extras, key=canonicalize_name)), dict(sorted(renamed.items())), gone)


# --- output --------------------------------------------------------------------------------------

HEADER = (
    "# Generated by scripts/build_requirement_rules.py from the wheels in [meta.wheels] and the MWAA\n"
    "# data of each [[target]] (../shared/data/mwaa). Do not edit."
)


def toml_table(mapping: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{toml_string(key)} = {toml_string(value)}" for key, value in mapping.items()) + " }"


def pin_rows(targets: list[Target]) -> list[str]:
    """One line per package: version -> the targets whose constraints pin it there."""
    rows = []
    for name in sorted({name for target in targets for name in target.pins}):
        by_version: dict[str, list[str]] = {}
        for target in targets:
            if name in target.pins:
                by_version.setdefault(target.pins[name], []).append(target.version)
        cells = ", ".join(f"{toml_string(version)} = {toml_list(versions)}" for version, versions in by_version.items())
        rows.append(f"{name} = {{ {cells} }}")
    return rows


def render(targets: list[Target], wheels: list[Wheel], legacy: tuple[str, ...], metadata: dict[str, Metadata]) -> str:
    lines = [HEADER, "", "[meta]", f"generator = {toml_string('scripts/build_requirement_rules.py')}"]
    lines += [f"legacy = {toml_string(str(LEGACY))}", f"targets = {toml_list([t.version for t in targets])}"]
    lines += ["", "[meta.wheels]"]
    lines += [f"{toml_string(str(wheel))} = {toml_string('sha256:' + wheel.sha256)}" for wheel in wheels]
    lines += ["", "[legacy]", f"source = {toml_string(f'{CORE}=={LEGACY} METADATA Provides-Extra')}"]
    lines.append(f"extras = {toml_lines(list(legacy))}")
    for target in targets:
        lines += [
            "",
            "[[target]]",
            f"version = {toml_string(target.version)}",
            f"python = {toml_string(target.python)}",
            f"constraints_url = {toml_string(target.constraints_url)}",
            f"constraints_source = {toml_string(target.source)}",
            "# versions.toml preinstalled_providers",
            f"image_providers = {toml_lines(list(target.image_providers))}",
            f"# {CORE}=={target.version} METADATA Requires-Dist without an extra marker",
            f"airflow_providers = {toml_lines(list(metadata[target.version].unconditional_providers()))}",
        ]
    rows = [(target.version, extras_at(metadata[target.version], legacy)) for target in targets]
    for versions, extras in group_consecutive(rows):
        lines += ["", "[[extras]]", f"versions = {toml_list(versions)}", f"provided = {toml_lines(list(extras.provided))}"]
        lines += [f"renamed = {toml_table(extras.renamed)}", f"gone = {toml_lines(list(extras.gone))}"]
    lines += ["", "# constraints pins: package = { version = [targets] }", "[pins]", *pin_rows(targets)]
    return "\n".join(lines) + "\n"


def release_note_gaps(targets: list[Target], legacy: tuple[str, ...], metadata: dict[str, Metadata]) -> list[str]:
    """The release notes' renames that no target's wheel shows, with why."""
    derived = {alias for t in targets for alias in extras_at(metadata[t.version], legacy).renamed}
    everywhere = {canonicalize_name(extra) for t in targets for extra in metadata[t.version].extras}
    gaps = []
    for old, new in RELEASE_NOTES_RENAMES.items():
        if canonicalize_name(old) in derived:
            continue
        why = "gone at every target" if canonicalize_name(old) not in everywhere else "installs something else"
        gaps.append(f"{old} -> {new}: not derived ({why})")
    return gaps


def main(argv: list[str] | None = None) -> int:
    parser = generator_arguments(__doc__, OUTPUT)
    args = parser.parse_args(argv)

    versions = tomllib.loads(IMPORTS.read_text())["meta"]["targets"]
    targets = load_targets(args.mwaa_data, sorted(versions, key=Version))
    store = WheelStore(args.cache_dir)
    legacy = read_metadata(store.exact(CORE, LEGACY)).extras
    metadata = {target.version: read_metadata(store.exact(CORE, target.version)) for target in targets}
    for gap in release_note_gaps(targets, legacy, metadata):
        print(gap, file=sys.stderr)
    text = render(targets, store.read, legacy, metadata)
    return write_or_check(OUTPUT, text, args.check, "scripts/build_requirement_rules.py")


if __name__ == "__main__":
    sys.exit(main())
