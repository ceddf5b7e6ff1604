"""The main window's views: document, details, summary, compare, consent, library, log."""
