"""Desktop integration files: one application id everywhere, icons, validators, install scripts."""

from __future__ import annotations

import configparser
import datetime
import os
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.appinfo import APP_ID, APP_NAME, ICON_NAME, SUMMARY
from tests.conftest import REPO

PACKAGING = REPO / "packaging"
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
HICOLOR = REPO / "resources" / "icons" / "hicolor"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry(path: Path = DESKTOP_FILE) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def _require_tool(name: str) -> str:
    """The validator's path; skipped when absent locally, a failure under CI (scripts/test installs it)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} not installed (scripts/test installs it: desktop-file-utils / appstream)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


# --- one id everywhere ----------------------------------------------------------------------


def test_app_id_is_reverse_dns() -> None:
    assert APP_ID == "org.clearterms.ClearTerms"
    assert ICON_NAME == APP_ID


def test_desktop_entry_uses_the_app_id() -> None:
    entry = _desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == ICON_NAME
    assert entry["Comment"] == SUMMARY
    # On X11, Qt's WM_CLASS class is the application name (measured with xprop); docks use
    # StartupWMClass to match the window to this entry.
    assert entry["StartupWMClass"] == APP_NAME
    # The launcher opens the window for `--gui`; any other first argument is a CLI command.
    assert entry["Exec"].split()[:2] == ["clearterms", "--gui"]


def test_metainfo_uses_the_app_id_and_names_the_entry_points() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("summary") == SUMMARY
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # the command every install gives (the bundle has no clearterms-gui, which only the wheel adds)
    assert {b.text for b in root.iterfind("provides/binary")} == set(project["scripts"]) == {"clearterms"}


def test_metainfo_release_matches_the_project_version() -> None:
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    releases = _metainfo().findall("releases/release")
    assert releases and releases[0].get("version") == version
    # newest first, each with a date and notes (software centres show the first as what is new)
    dates = [datetime.date.fromisoformat(r.get("date", "")) for r in releases]
    numbers = [tuple(int(n) for n in r.get("version", "").split(".")) for r in releases]
    assert dates == sorted(dates, reverse=True) and numbers == sorted(numbers, reverse=True)
    assert all((r.findtext("description/p") or "").strip() for r in releases)


def test_install_scripts_and_gui_use_the_app_id() -> None:
    for script in ("install.sh", "uninstall.sh"):
        assert f"APP_ID={APP_ID}\n" in (PACKAGING / script).read_text(encoding="utf-8"), script
    gui_sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "desktop" / "gui").rglob("*.py"))
    if "setDesktopFileName" not in gui_sources:
        pytest.fail("desktop/gui never calls QGuiApplication.setDesktopFileName(APP_ID)")
    assert "org.clearterms" not in gui_sources, "the GUI should import APP_ID from desktop.appinfo"
    assert "APP_ID" in gui_sources


# --- icons ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_sizes(size: int) -> None:
    png = HICOLOR / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
    assert _png_size(png) == (size, size)


def test_scalable_icon_is_the_source_svg() -> None:
    scalable = HICOLOR / "scalable" / "apps" / f"{ICON_NAME}.svg"
    source = REPO / "resources" / "icons" / "clearterms.svg"
    assert scalable.read_bytes() == source.read_bytes()


def test_make_icons_renders_every_size(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "make_icons.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for size in ICON_SIZES:
        assert _png_size(tmp_path / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png") == (size, size)


# --- validators -----------------------------------------------------------------------------


def test_desktop_file_validates() -> None:
    tool = _require_tool("desktop-file-validate")
    result = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_desktop_file_validator_catches_a_broken_entry(tmp_path: Path) -> None:
    """Guards the check above: the validator really runs on our file and fails bad ones."""
    tool = _require_tool("desktop-file-validate")
    broken = tmp_path / DESKTOP_FILE.name
    broken.write_text(DESKTOP_FILE.read_text(encoding="utf-8").replace("Type=Application\n", ""))
    result = subprocess.run([tool, str(broken)], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0


def test_metainfo_validates() -> None:
    tool = _require_tool("appstreamcli")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- install.sh / uninstall.sh on a stand-in bundle -----------------------------------------


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A folder shaped like dist/ClearTerms/ with a stand-in executable (no PyInstaller build)."""
    bundle = tmp_path / "unpacked" / "ClearTerms"
    (bundle / "_internal" / "resources" / "icons").mkdir(parents=True)
    shutil.copytree(HICOLOR, bundle / "_internal" / "resources" / "icons" / "hicolor")
    exe = bundle / "clearterms"
    exe.write_text("#!/bin/sh\necho 'ClearTerms 0.1.0'\n")
    exe.chmod(0o755)
    for name in ("install.sh", "uninstall.sh", DESKTOP_FILE.name, METAINFO.name):
        shutil.copy2(PACKAGING / name, bundle / name)
    return bundle


def _run(script: Path, home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "PREFIX"}
    env.update(HOME=str(home), **extra)
    return subprocess.run(["bash", str(script), *args], capture_output=True, text=True, env=env, timeout=60)


def test_install_then_uninstall_keeps_consent_records(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    share = home / ".local" / "share"
    unrelated = share / "applications" / "someone-else.desktop"
    unrelated.parent.mkdir(parents=True)
    unrelated.write_text("[Desktop Entry]\n")

    result = _run(fake_bundle / "install.sh", home)
    assert result.returncode == 0, result.stderr
    appdir = home / ".local" / "lib" / "clearterms"
    installed_entry = share / "applications" / DESKTOP_FILE.name
    assert (appdir / "clearterms").is_file()
    assert (home / ".local" / "bin" / "clearterms").resolve() == (appdir / "clearterms").resolve()
    assert (share / "metainfo" / METAINFO.name).is_file()
    for size in ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png").is_file()
    entry = _desktop_entry(installed_entry)
    assert entry["Exec"] == f'"{appdir}/clearterms" --gui %F'
    assert entry["TryExec"] == f"{appdir}/clearterms"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed_entry)], capture_output=True)
        assert check.returncode == 0, check.stdout.decode()

    # Running it again is an upgrade in place.
    assert _run(fake_bundle / "install.sh", home).returncode == 0

    consent = share / "ClearTerms" / "consent.sqlite3"
    consent.parent.mkdir(parents=True)
    consent.write_bytes(b"SQLite format 3\x00 stand-in")
    settings = home / ".config" / "ClearTerms" / "ClearTerms.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[General]\n")

    result = _run(appdir / "uninstall.sh", home)
    assert result.returncode == 0, result.stderr
    assert "kept" in result.stdout
    assert not appdir.exists()
    assert not (home / ".local" / "bin" / "clearterms").exists()
    assert not installed_entry.exists()
    assert not list(share.rglob(f"{APP_ID}.*"))
    assert consent.read_bytes() == b"SQLite format 3\x00 stand-in"
    assert settings.is_file()
    assert unrelated.is_file()


def test_install_honours_xdg_data_home(fake_bundle: Path, tmp_path: Path) -> None:
    home, data = tmp_path / "home", tmp_path / "xdg-data"
    result = _run(fake_bundle / "install.sh", home, XDG_DATA_HOME=str(data))
    assert result.returncode == 0, result.stderr
    assert (data / "applications" / DESKTOP_FILE.name).is_file()
    assert str(data / "ClearTerms" / "consent.sqlite3") in result.stdout


def test_install_refuses_to_replace_a_foreign_folder(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    foreign = home / ".local" / "lib" / "clearterms"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine")
    result = _run(fake_bundle / "install.sh", home)
    assert result.returncode == 1
    assert "not a ClearTerms installation" in result.stderr
    assert (foreign / "notes.txt").read_text() == "mine"


def test_uninstall_ignores_manifest_entries_it_did_not_install(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(fake_bundle / "install.sh", home).returncode == 0
    appdir = home / ".local" / "lib" / "clearterms"
    precious = home / "precious.txt"
    precious.write_text("keep")
    with (appdir / "install-manifest.txt").open("a") as manifest:
        manifest.write(f"{precious}\n")
    result = _run(appdir / "uninstall.sh", home)
    assert result.returncode == 0
    assert "skipping unexpected manifest entry" in result.stderr
    assert precious.read_text() == "keep"


# --- install-desktop-entry.sh (wheel and source installs) -----------------------------------


def test_desktop_entry_for_a_wheel_install_and_its_removal(tmp_path: Path) -> None:
    exe = tmp_path / "venv" / "bin" / "clearterms"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    home, data = tmp_path / "home", tmp_path / "data"
    script = PACKAGING / "install-desktop-entry.sh"

    result = _run(script, home, str(exe), XDG_DATA_HOME=str(data))
    assert result.returncode == 0, result.stderr
    entry_path = data / "applications" / DESKTOP_FILE.name
    assert _desktop_entry(entry_path)["Exec"] == f'"{exe}" --gui %F'
    assert (data / "metainfo" / METAINFO.name).is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{ICON_NAME}.png").is_file()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry_path)]).returncode == 0

    consent = data / "ClearTerms" / "consent.sqlite3"
    consent.parent.mkdir(parents=True)
    consent.write_bytes(b"records")
    result = _run(script, home, "--remove", XDG_DATA_HOME=str(data))
    assert result.returncode == 0, result.stderr
    assert not list(data.rglob(f"{APP_ID}.*"))
    assert consent.read_bytes() == b"records"


@pytest.mark.parametrize("folder", ["R&D", "a|b", "100%"])
def test_install_refuses_paths_the_menu_entry_cannot_hold(fake_bundle: Path, tmp_path: Path,
                                                         folder: str) -> None:
    """"R&D" wrote a broken Exec line and still said it had installed; "a|b" stopped half-way."""
    home = tmp_path / folder
    result = _run(fake_bundle / "install.sh", home)
    assert result.returncode == 1 and "cannot install into a path containing" in result.stderr
    assert not (home / ".local").exists()


def test_a_failed_upgrade_leaves_the_old_installation_working(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(fake_bundle / "install.sh", home).returncode == 0
    appdir = home / ".local" / "lib" / "clearterms"
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    failing_cp = fake_bin / "cp"   # a full disk, for the copy of the new version only
    failing_cp.write_text('#!/bin/sh\n'
                          'case "$*" in *.new/*) echo "cp: No space left on device" >&2; exit 1;; esac\n'
                          'exec /bin/cp "$@"\n')
    failing_cp.chmod(0o755)
    result = _run(fake_bundle / "install.sh", home, PATH=f"{fake_bin}:{os.environ['PATH']}")
    assert result.returncode == 1 and "nothing was changed" in result.stderr
    assert (appdir / "clearterms").is_file() and not (appdir.parent / "clearterms.new").exists()
    assert _run(appdir / "uninstall.sh", home).returncode == 0


def test_an_install_stopped_half_way_can_be_uninstalled(fake_bundle: Path, tmp_path: Path) -> None:
    """A full disk stopped install.sh before it wrote its manifest, and uninstall.sh then refused."""
    home = tmp_path / "home"
    blocker = home / ".local" / "share" / "metainfo"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")   # the metainfo cannot be put in place
    assert _run(fake_bundle / "install.sh", home).returncode != 0
    appdir = home / ".local" / "lib" / "clearterms"
    result = _run(appdir / "uninstall.sh", home)
    assert result.returncode == 0, result.stderr
    assert not appdir.exists() and not (home / ".local" / "bin" / "clearterms").exists()
    assert not (home / ".local" / "share" / "applications" / DESKTOP_FILE.name).exists()


def test_install_leaves_another_clearterms_command_alone(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    other = home / ".local" / "bin" / "clearterms"   # pip install --user clearterms
    other.parent.mkdir(parents=True)
    other.write_text("#!/bin/sh\n# pip's\n")
    result = _run(fake_bundle / "install.sh", home)
    assert result.returncode == 0 and "left as it is" in result.stderr
    assert other.read_text() == "#!/bin/sh\n# pip's\n"
    assert _run(home / ".local" / "lib" / "clearterms" / "uninstall.sh", home).returncode == 0
    assert other.is_file()


def test_uninstall_leaves_no_empty_folders_behind(fake_bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(fake_bundle / "install.sh", home).returncode == 0
    assert _run(home / ".local" / "lib" / "clearterms" / "uninstall.sh", home).returncode == 0
    share = home / ".local" / "share"
    assert [p for p in share.rglob("*")] == []


def test_an_upgrade_whose_swap_fails_puts_the_previous_version_back(fake_bundle: Path,
                                                                    tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run(fake_bundle / "install.sh", home).returncode == 0
    appdir = home / ".local" / "lib" / "clearterms"
    (appdir.parent / "clearterms.old").mkdir()   # left by an earlier run that was stopped
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    failing_mv = fake_bin / "mv"
    failing_mv.write_text('#!/bin/sh\ncase "$1" in *.new) exit 1;; esac\nexec /bin/mv "$@"\n')
    failing_mv.chmod(0o755)
    result = _run(fake_bundle / "install.sh", home, PATH=f"{fake_bin}:{os.environ['PATH']}")
    assert result.returncode == 1 and "the previous one is kept" in result.stderr
    assert (appdir / "clearterms").is_file()
    assert sorted(p.name for p in appdir.parent.iterdir()) == ["clearterms"]


def test_an_upgrade_clears_the_mime_cache_an_earlier_entry_filled(fake_bundle: Path, tmp_path: Path) -> None:
    """0.1.0's menu entry claimed PDFs, web pages and text files; the cache kept listing it."""
    if not shutil.which("update-desktop-database"):
        pytest.skip("needs update-desktop-database (desktop-file-utils)")
    home = tmp_path / "home"
    applications = home / ".local" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / "mimeinfo.cache").write_text(f"[MIME Cache]\napplication/pdf={APP_ID}.desktop;\n")
    assert _run(fake_bundle / "install.sh", home).returncode == 0
    assert APP_ID not in (applications / "mimeinfo.cache").read_text()
