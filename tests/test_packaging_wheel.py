"""The sdist and wheel: built offline, installed into a fresh venv, used from outside the checkout.

The fresh venv gets only our wheel. Its dependencies (PySide6, SQLModel, …) come from the
test environment's site-packages through a ``.pth`` line rather than a 300 MB download; a
``.pth`` line adds a directory to ``sys.path`` without running that directory's own
``.pth`` files, so the checkout's editable install stays invisible and every ``terms`` /
``desktop`` import resolves to the installed wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Installed:
    venv: Path
    site_packages: Path
    env: dict[str, str]
    cwd: Path

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """``python -m build``: the sdist, then the wheel built *from that sdist*."""
    pytest.importorskip("build", reason="the `build` package is in the test extra")
    if not os.environ.get("CI"):
        pytest.importorskip("hatchling", reason="hatchling is in the test extra")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return Dists(
        sdist=out / f"clearterms-{VERSION}.tar.gz",
        wheel=out / f"clearterms-{VERSION}-py3-none-any.whl",
    )


@pytest.fixture(scope="module")
def installed(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel-install")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "-q",
            str(dists.wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "_clearterms_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    scratch = root / "scratch"
    for sub in ("home", "data", "config", "cwd"):
        (scratch / sub).mkdir(parents=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "CLEARTERMS_", "XDG_", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(scratch / "home"),
        XDG_DATA_HOME=str(scratch / "data"),
        XDG_CONFIG_HOME=str(scratch / "config"),
        CLEARTERMS_DB=str(scratch / "data" / "consent.sqlite3"),
        QT_QPA_PLATFORM="offscreen",
        PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
    )
    return Installed(venv=venv, site_packages=site, env=env, cwd=scratch / "cwd")


def test_sdist_contains_code_resources_tests_and_packaging(dists: Dists) -> None:
    prefix = f"clearterms-{VERSION}/"
    with tarfile.open(dists.sdist) as sdist:
        names = {n.removeprefix(prefix) for n in sdist.getnames()}
    expected = {
        "pyproject.toml",
        "README.md",
        "terms/resources.py",
        "desktop/launcher.py",
        "desktop/appinfo.py",
        "resources/consent/topics.yaml",
        "resources/icons/clearterms.svg",
        "tests/conftest.py",
        "tests/test_packaging_wheel.py",
        "packaging/clearterms.spec",
        "packaging/org.clearterms.ClearTerms.desktop",
        "packaging/org.clearterms.ClearTerms.metainfo.xml",
    }
    assert expected <= names, sorted(expected - names)
    assert any(n.startswith("resources/rules/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("resources/samples/") for n in names)
    assert not any(n.startswith((".venv/", "dist/", "build/")) for n in names)


def test_wheel_ships_resources_inside_the_package(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as wheel:
        names = set(wheel.namelist())
    checkout = {
        f"terms/_resources/{p.relative_to(REPO / 'resources').as_posix()}"
        for p in (REPO / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert checkout <= names, sorted(checkout - names)[:10]
    assert not any(n.startswith(("resources/", "tests/")) for n in names)


def test_installed_cli_reports_its_version(installed: Installed) -> None:
    result = installed.run("clearterms", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ClearTerms {VERSION}"


def test_installed_package_finds_its_resources_in_site_packages(installed: Installed) -> None:
    code = (
        "import json, terms, desktop\n"
        "from terms.resources import resources_dir, resource_path, sample_documents\n"
        "print(json.dumps({'terms': terms.__file__, 'desktop': desktop.__file__,\n"
        "    'resources': str(resources_dir()),\n"
        "    'rules': sorted(str(p) for p in resource_path('rules').glob('*.yaml')),\n"
        "    'topics': str(resource_path('consent', 'topics.yaml')),\n"
        "    'samples': [str(p) for p in sample_documents()]}))\n"
    )
    result = installed.run("python", "-c", code)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    site = str(installed.site_packages)
    for key in ("terms", "desktop", "resources", "topics"):
        assert found[key].startswith(site), f"{key} resolved to {found[key]}, not the installed wheel"
    assert found["resources"] == str(installed.site_packages / "terms" / "_resources")
    assert found["rules"] and found["samples"]
    assert all(p.startswith(site) for p in found["rules"] + found["samples"])
    assert Path(found["topics"]).is_file()


def test_installed_cli_lists_the_bundled_rule_packs(installed: Installed) -> None:
    result = installed.run("clearterms", "rules", "list")
    assert result.returncode == 0, result.stderr
    assert "data.sale" in result.stdout
    assert str(installed.site_packages / "terms" / "_resources" / "rules") in result.stdout
    assert str(REPO / "resources") not in result.stdout


def test_installed_cli_analyses_a_bundled_sample(installed: Installed) -> None:
    sample = installed.site_packages / "terms" / "_resources" / "samples" / "physician-community-terms.md"
    result = installed.run("clearterms", "analyze", str(sample))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "analyze printed nothing"
