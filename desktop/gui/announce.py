"""Telling a screen reader about a message that appears away from the keyboard focus.

A banner or a status line changing is silent to a screen-reader user whose focus is elsewhere;
an announcement event has the assistive technology read it out (Qt 6.8+; without one running,
Qt drops the event at no cost).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


def announce(source: QObject, text: str, *, urgent: bool = False) -> None:
    """Have a screen reader say ``text``: at once when ``urgent`` (an error), else when it is idle."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if urgent
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
