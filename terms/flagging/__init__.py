"""Flagging: rule packs (and learned models) applied to documents and lone clauses.

``analyze(document, packs=None) -> Analysis`` and ``flag_text(text, packs=None)`` are the
entry points; :mod:`terms.flagging.report` renders an analysis as text, Markdown or JSON.
"""

from terms.flagging.analysis import Analysis, analyze
from terms.flagging.engine import flag_text, load_flagging_packs, resolve_pack
from terms.flagging.summary import Concern, Summary

__all__ = ["Analysis", "Concern", "Summary", "analyze", "flag_text", "load_flagging_packs", "resolve_pack"]
