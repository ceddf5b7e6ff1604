"""Measured flagging quality: the evaluation protocol of EVALUATION.md.

``python -m terms.evaluation --data ../shared/data --split dev`` (or ``clearterms evaluate``)
flags every item of every labelled set in the data folder on its own, maps gold labels with
``label_map.yaml``, and prints per-category precision / recall / F1, macro- and micro-F1 and
the negation error rate, optionally writing them as JSON.
"""

from terms.evaluation.runner import Flagger, Report, evaluate, format_report, report_json

__all__ = ["Flagger", "Report", "evaluate", "format_report", "report_json"]
