"""Guard against a PySide6 6.12 reference-count bug on Python 3.11.

Measured on this project's stack (PySide6/shiboken6 6.12.0, CPython 3.11.7): every
call of a Qt method that returns ``void`` (``setText``, ``hide``, ``addChild`` …) gives
back ``None`` without taking a new reference, so each such call *removes* one reference
from ``None``. Python 3.12 made ``None`` immortal, which hides the bug there; on 3.11 a
few thousand calls (one large document fills thousands of outline items) bring the
count to zero and the interpreter aborts with ``Fatal Python error: none_dealloc``.

The same happens to ``True`` and ``False`` when a signal carrying a ``bool`` reaches a
Python slot (``toggled(bool)``, any ``Signal(bool)``): 10,000 emits abort with
``Fatal Python error: bool_dealloc``.

These three objects are never freed anyway, so the guard simply adds 2**48 references to
each once, before any Qt call: more than any session could ever drop. On 3.12+ it does
nothing.
See docs/decisions/0007-gui-pyside-none-refcount.md and tests/gui/test_refcount_guard.py.
"""

from __future__ import annotations

import ctypes
import sys

_EXTRA_REFERENCES = 1 << 48


def pin_singletons() -> None:
    """Make ``None``, ``True`` and ``False`` effectively immortal on Python < 3.12 (once per import)."""
    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in release builds of CPython.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _EXTRA_REFERENCES
