"""Application identity, defined once.

``APP_ID`` is the reverse-DNS id that desktop environments use to match a running
window to its ``.desktop`` file, icon and AppStream metainfo. The GUI passes it to
``QGuiApplication.setDesktopFileName``; the files under ``packaging/`` and the
icons under ``resources/icons/hicolor`` are named after it, and
``tests/test_packaging.py`` checks that they all agree. Importing this module loads
no Qt.
"""

from __future__ import annotations

APP_ID = "org.clearterms.ClearTerms"
"""Reverse-DNS application id (``.desktop`` file name, metainfo ``<id>``, icon name)."""

APP_NAME = "ClearTerms"
"""Human-readable name; also ``QCoreApplication.applicationName`` and the platformdirs app name."""

ORGANISATION = "ClearTerms"
"""``QCoreApplication.organizationName``: QSettings live under ``~/.config/ClearTerms/``."""

ICON_NAME = APP_ID
"""Freedesktop icon-theme name of the app icon (installed under ``hicolor``)."""

SUMMARY = "Read the fine print before you agree"
"""One-line description, shared by the ``.desktop`` Comment and the metainfo summary."""

FIRST_RUN_SAMPLE = "physician-community-terms.md"
"""The bundled sample the first run opens (``resources/samples/``)."""

LATER_SAMPLE = "physician-community-terms-2026-09.md"
"""Its later version, to try comparing and re-reviewing consent on."""
