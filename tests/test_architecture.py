"""Architecture rules: the core stays Qt-free and offline."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.conftest import REPO, NetworkAccessError


def _terms_modules() -> list[str]:
    names = []
    for path in sorted((REPO / "terms").rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__main__":
            continue  # importing it would run the command
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_importing_every_terms_module_loads_no_qt() -> None:
    modules = _terms_modules()
    assert "terms.model" in modules and "terms.errors" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"terms imported Qt/desktop modules: {result.stdout}"


def test_cli_import_loads_no_qt() -> None:
    code = (
        "import sys\nfrom desktop.cli import build_parser\nbuild_parser()\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('PySide6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_network_guard_refuses_non_loopback() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkAccessError):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1, never routed


def test_network_guard_allows_loopback() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())
