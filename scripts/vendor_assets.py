#!/usr/bin/env python3
"""Copy pinned front-end assets from npm packages into cameramap/static/vendor/<pkg>-<version>/.

Usage (from the repository root):
    python scripts/vendor_assets.py                      # npm ci into a temporary directory, then copy
    python scripts/vendor_assets.py --node-modules DIR   # copy from an existing node_modules
    python scripts/vendor_assets.py --check              # fail if the vendored files differ from npm's

Versions come from package.json (exact pins only; package-lock.json holds the integrity hashes).
devDependencies listed in TEST_FILES (axe-core) are copied into tests/browser/vendor instead: the
browser tests use them, pages never load them.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "cameramap" / "static" / "vendor"
TEST_VENDOR = ROOT / "tests" / "browser" / "vendor"
EXACT = re.compile(r"^\d+\.\d+\.\d+$")

# package -> (file inside the package, destination inside vendor/<pkg>-<version>/)
FILES: dict[str, list[tuple[str, str]]] = {
    "leaflet": [
        ("dist/leaflet.js", "leaflet.js"),
        ("dist/leaflet.css", "leaflet.css"),
        ("dist/images/layers.png", "images/layers.png"),
        ("dist/images/layers-2x.png", "images/layers-2x.png"),
        ("dist/images/marker-icon.png", "images/marker-icon.png"),
        ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
        ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ("LICENSE", "LICENSE"),
    ],
    # One self-contained bundle (global `protomapsL`); the packages bundled into it bring their licences
    # (pmtiles and @protomaps/basemaps, by the same authors, fall under protomaps-leaflet's LICENSE).
    "protomaps-leaflet": [
        ("dist/protomaps-leaflet.js", "protomaps-leaflet.js"),
        ("LICENSE", "LICENSE"),
        *[(f"../{dep}/{name}", f"licenses/{dep.rsplit('/', 1)[-1]}.txt") for dep, name in (
            ("@mapbox/point-geometry", "LICENSE"), ("@mapbox/vector-tile", "LICENSE.txt"),
            ("pbf", "LICENSE"), ("rbush", "LICENSE"), ("quickselect", "LICENSE"), ("potpack", "LICENSE"),
            ("color2k", "LICENSE"), ("fflate", "LICENSE"))],
    ],
}

# devDependencies vendored for the tests only (never served by the app).
TEST_FILES: dict[str, list[tuple[str, str]]] = {
    "axe-core": [("axe.min.js", "axe.min.js"), ("LICENSE", "LICENSE")],
}


def pinned_versions() -> dict[str, str]:
    """The exact versions package.json pins; anything but an exact x.y.z is refused."""
    dependencies = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for name, version in dependencies.items():
        if not EXACT.match(version):
            sys.exit(f"package.json: {name} must be pinned to an exact version, not {version!r}")
        if name not in FILES:
            sys.exit(f"package.json: no file list for {name} in scripts/vendor_assets.py")
    return dependencies


def test_versions() -> dict[str, str]:
    """The exact versions of the devDependencies vendored for the tests."""
    dev = json.loads((ROOT / "package.json").read_text()).get("devDependencies", {})
    for name in TEST_FILES:
        if not EXACT.match(dev.get(name, "")):
            sys.exit(f"package.json: devDependency {name} must be pinned to an exact version")
    return {name: dev[name] for name in TEST_FILES}


def npm_install(workdir: Path) -> Path:
    """`npm ci` the lock file into `workdir` (no install scripts run) and return node_modules."""
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, workdir / name)
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=workdir, check=True)
    return workdir / "node_modules"


def installed_version(node_modules: Path, name: str) -> str:
    return json.loads((node_modules / name / "package.json").read_text())["version"]


def copy_package(node_modules: Path, name: str, version: str, check: bool,
                 for_tests: bool = False) -> list[str]:
    """Copy (or with `check`, compare) one package's files; returns the problems found."""
    found = installed_version(node_modules, name)
    if found != version:
        return [f"{name}: node_modules has {found}, package.json pins {version}"]
    target = (TEST_VENDOR if for_tests else VENDOR) / f"{name}-{version}"
    problems = []
    if not check and target.exists():
        shutil.rmtree(target)
    for source, destination in (TEST_FILES if for_tests else FILES)[name]:
        src, dst = node_modules / name / source, target / destination
        if check:
            if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
                problems.append(f"{dst.relative_to(ROOT)} differs from {name}@{version}/{source}")
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        print(f"{name}@{version}/{source} -> {dst.relative_to(ROOT)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, help="use this node_modules instead of npm ci")
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")
    args = parser.parse_args()
    versions = pinned_versions()
    with tempfile.TemporaryDirectory(prefix="cameramap-npm-") as tmp:
        node_modules = args.node_modules or npm_install(Path(tmp))
        problems = [p for name, version in versions.items()
                    for p in copy_package(node_modules, name, version, args.check)]
        problems += [p for name, version in test_versions().items()
                     for p in copy_package(node_modules, name, version, args.check, for_tests=True)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
