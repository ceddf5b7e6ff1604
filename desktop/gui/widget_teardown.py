"""Deleting Qt widgets with Python's cyclic garbage collector held off.

Deleting a widget runs its children's C++ destructors, and for widgets made from Python
subclasses shiboken looks up Python overrides on the way (measured under gdb: a failed
look-up raises ``AttributeError``). Creating that exception allocates, an allocation can
start a garbage collection, and the collection then walks wrappers that are half torn down:
``Fatal Python error: Segmentation fault`` in ``visit_decref`` from libshiboken, seen in about
one GUI test run in ten (docs/decisions/0008). A collection cannot start while the collector
is off, so widgets are deleted here with it off; the collector is back on afterwards and
meets only wrappers whose C++ objects are gone, which is safe.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget


def delete_scheduled_widgets() -> None:
    """Carry out every pending ``deleteLater`` now, with the garbage collector off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        if was_enabled:
            gc.enable()


def delete_widget_now(widget: QWidget) -> None:
    """Delete ``widget`` and everything in it now, with the garbage collector off."""
    widget.deleteLater()
    delete_scheduled_widgets()
