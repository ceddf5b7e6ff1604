"""The PyInstaller bundle, built for real and smoke-tested. It takes 30-90 s.

CI (``CI=true``) always runs it; locally it is opt-in:
``CLEARTERMS_BUILD_BUNDLE=1 .venv/bin/pytest -q tests/test_packaging_bundle.py``.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import tomllib
from pathlib import Path

import pytest

from desktop.appinfo import APP_ID
from tests.conftest import REPO

pytestmark = pytest.mark.slow

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (os.environ.get("CLEARTERMS_BUILD_BUNDLE") or os.environ.get("CI") == "true"):
        pytest.skip("builds the PyInstaller bundle (30-90 s): set CLEARTERMS_BUILD_BUNDLE=1 to run it")
    out = tmp_path_factory.mktemp("bundle-dist")
    result = subprocess.run(
        ["bash", str(REPO / "packaging" / "build-bundle.sh")],
        env={**os.environ, "DIST": str(out)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_bundle_contains_resources_and_desktop_files(dist: Path) -> None:
    bundle = dist / "ClearTerms"
    shipped = bundle / "_internal" / "resources"
    missing = [
        p.relative_to(REPO / "resources")
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and not (shipped / p.relative_to(REPO / "resources")).is_file()
    ]
    assert not missing, missing
    for name in ("clearterms", "install.sh", "uninstall.sh", f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml",
                 "docs/json-format.md", "docs/install.md"):
        assert (bundle / name).is_file(), name
    qt_modules = {p.name.split(".")[0] for p in (bundle / "_internal" / "PySide6").glob("Qt*.so")}
    assert "QtWidgets" in qt_modules
    assert not qt_modules & {"QtQml", "QtQuick", "QtDesigner", "QtHelp", "QtSql", "QtNetwork"}, qt_modules
    assert not (bundle / "_internal" / "numpy").exists()
    assert not list((bundle / "_internal").rglob("libQt6Network.so*"))


def test_bundle_carries_the_licence_texts_of_what_it_ships(dist: Path) -> None:
    """The MIT notice, the LGPL that Qt and PySide6 come under, and each dependency's own files."""
    licences = dist / "ClearTerms" / "licenses"
    assert (licences / "ClearTerms-LICENSE.txt").read_text(encoding="utf-8").startswith("MIT License")
    lgpl = (licences / "Qt-PySide6-LGPL-3.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl
    assert (licences / "Python-LICENSE.txt").is_file()
    packages = {p.name.rsplit("-", 1)[0].lower() for p in (licences / "python-packages").iterdir()}
    assert {"pyyaml", "mistune", "sqlmodel", "sqlalchemy", "alembic", "pypdf", "cryptography",
            "pyside6_essentials", "shiboken6", "rapidfuzz"} <= packages
    assert list((licences / "system-libraries").glob("*.copyright"))


def test_bundle_libraries_carry_no_debug_symbols(dist: Path) -> None:
    """Stripped, the folder is 182 MB rather than 220 (their symbols help no one who runs it): PyYAML's
    and cryptography's extensions came with a symbol table, 5 MB of the two."""
    internal = dist / "ClearTerms" / "_internal"
    for pattern in ("_yaml.*.so", "_rust.abi3.so"):
        library = next(internal.rglob(pattern))
        sections = subprocess.run(["readelf", "-S", str(library)], capture_output=True, text=True,
                                  check=True).stdout
        assert ".symtab" not in sections and ".debug_info" not in sections, library


def test_smoke_script_passes(dist: Path) -> None:
    result = subprocess.run(
        ["bash", str(REPO / "packaging" / "smoke-bundle.sh"), str(dist / "ClearTerms")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"ClearTerms {VERSION}" in result.stdout


def test_tarball_installs_and_runs(dist: Path, tmp_path: Path) -> None:
    tarball = dist / f"ClearTerms-{VERSION}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CLEARTERMS_")) and k != "PREFIX"}
    env["HOME"] = str(home)
    install = subprocess.run(
        ["bash", str(tmp_path / "unpacked" / "ClearTerms" / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    version = subprocess.run(
        [str(home / ".local" / "bin" / "clearterms"), "--version"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert version.stdout.strip() == f"ClearTerms {VERSION}", version.stderr
    uninstall = subprocess.run(
        ["bash", str(home / ".local" / "lib" / "clearterms" / "uninstall.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uninstall.returncode == 0, uninstall.stderr
    assert not (home / ".local" / "lib" / "clearterms").exists()
