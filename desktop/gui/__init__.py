"""The ClearTerms desktop GUI (PySide6).

The GUI presents and orchestrates: every parse, flagging run, comparison, export and
database call runs in a worker (:mod:`desktop.gui.workers`), never on the GUI thread.
Document text is always shown as plain text; nothing from a document is rendered as
HTML or allowed to load a resource.
"""

from desktop.gui._refcount_guard import pin_singletons

pin_singletons()  # before any Qt call: see _refcount_guard for the PySide6 bug it guards against
