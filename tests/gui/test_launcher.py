"""The launcher refuses, in one line and with exit 2, to open a window where Qt could not."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import launcher
from desktop.launcher import NO_DISPLAY_EXIT, display_problem

REPO = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the display check is for X11 and Wayland")


@linux_only
def test_no_display_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "desktop"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == NO_DISPLAY_EXIT
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("clearterms: no display available:")
    assert "clearterms analyze FILE" in lines[0]
    assert "qt.qpa" not in result.stderr


@linux_only
def test_gui_subcommand_checks_too(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert launcher.main(["--gui", "terms.md"]) == NO_DISPLAY_EXIT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "graphical session" in captured.err


@linux_only
@pytest.mark.parametrize("platform", ["offscreen", "minimal", "offscreen:fontengine=freetype", "vnc;xcb"])
def test_headless_platform_needs_no_display(platform: str) -> None:
    assert display_problem({"QT_QPA_PLATFORM": platform}) is None


@linux_only
def test_wayland_session_is_accepted() -> None:
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


@linux_only
def test_xcb_asked_for_without_display() -> None:
    problem = display_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"})
    assert problem is not None and "DISPLAY is not set" in problem


@linux_only
def test_missing_xcb_library_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")

    def cdll(*args: object, **kwargs: object) -> object:
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    problem = display_problem({"DISPLAY": ":0"}, xcb_plugin=plugin)
    assert problem is not None
    assert "libxcb-cursor.so.0 is missing" in problem
    assert "docs/install.md" in problem and "clearterms analyze FILE" in problem


@linux_only
def test_plugin_that_does_not_load_is_reported(tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"not a shared object")
    problem = display_problem({"DISPLAY": ":0"}, xcb_plugin=plugin)
    assert problem is not None and "libqxcb.so does not load" in problem


@linux_only
def test_unreachable_x_server(tmp_path: Path) -> None:
    try:
        ctypes.CDLL("libxcb.so.1")
    except OSError:
        pytest.skip("libxcb is not installed")
    display = ":" + str(900 + os.getpid() % 90)
    if Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
        pytest.skip(f"an X server runs at {display}")
    problem = display_problem({"DISPLAY": display}, xcb_plugin=tmp_path / "absent-plugin.so")
    assert problem is not None and f"cannot connect to the X11 display '{display}'" in problem


def test_command_line_files_are_made_absolute(tmp_path: Path, monkeypatch) -> None:
    from desktop.gui.app import paths_from_argv

    monkeypatch.chdir(tmp_path)
    assert paths_from_argv(["-style", "terms.md", "sub/privacy.pdf"]) == [
        tmp_path / "terms.md", tmp_path / "sub" / "privacy.pdf"]


_LOG_PROBE = """
import logging
from desktop.gui.app import _log_to_terminal
_log_to_terminal(debug={debug})
logging.getLogger("alembic.runtime.migration").info("Running upgrade  -> 0001")
logging.getLogger("clearterms.gui").info("opened the sample")
logging.getLogger("clearterms.gui").warning("could not save the settings")
"""


@pytest.mark.parametrize("debug", [False, True])
def test_the_terminal_gets_warnings_and_progress_notes_only_when_debugging(debug: bool) -> None:
    """Started from a shell, the app printed eleven database-upgrade lines on its first run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _LOG_PROBE.format(debug=debug)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "could not save the settings" in result.stderr
    assert ("Running upgrade" in result.stderr) is debug
    assert ("opened the sample" in result.stderr) is debug


@linux_only
def test_a_document_named_alone_is_opened_in_the_app(tmp_path: Path) -> None:
    """``clearterms terms.md`` (as a file manager or a user would) opens the window on it: here,
    without a display, that is the launcher's one-line refusal, not "'terms.md' is not a command"."""
    document = tmp_path / "terms.md"
    document.write_text("We may share your posts with sponsors.\n", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "desktop", str(document)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == NO_DISPLAY_EXIT
    assert result.stderr.startswith("clearterms: no display available:"), result.stderr


def test_a_command_wins_over_a_file_of_the_same_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").write_text("not a document\n", encoding="utf-8")
    assert launcher._names_documents(["rules", "list"]) is False
    assert launcher._names_documents([str(tmp_path / "rules")]) is True
    assert launcher._names_documents(["no-such-file.md"]) is False
    assert launcher._names_documents(["--version"]) is False


def test_an_option_of_the_commands_is_refused_before_a_window_opens(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``clearterms big.md --max-mb 30``, as the too-large message once suggested, opened a window that
    tried to read a file called "30"."""
    document = tmp_path / "terms.md"
    document.write_text("We may share your posts with sponsors.\n", encoding="utf-8")
    assert launcher.main([str(document), "--max-mb", "30"]) == launcher.ERROR_EXIT
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("clearterms: --max-mb is an option of the commands, not of the window")
    assert "clearterms analyze FILE" in line


def test_a_missing_document_is_called_missing_not_an_unknown_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert launcher.main([str(tmp_path / "termz.md")]) == launcher.ERROR_EXIT
    message = capsys.readouterr().err.splitlines()[0]
    assert message == f"clearterms: {tmp_path / 'termz.md'}: no such file"
