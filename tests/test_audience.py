"""Advice for clinicians in explanations, only where the document speaks to clinicians."""

from __future__ import annotations

from terms.flagging import analyze
from terms.flagging.audience import addresses_clinicians
from terms.parsing import parse_text

DNA = """# Privacy Statement

1.1 We analyse the saliva sample you send us and report on your ancestry and health.

4.3 De-identified genotype data is shared with research collaborators.

5.4 You may send a copy of a report to your doctor.
"""

FORUM = """# Terms of Membership

1.1 Membership is open to licensed physicians, nurses and pharmacists. Physicians must verify a licence.

4.3 De-identified case discussions are shared with research collaborators.

5.4 Never post details that could identify your patients.
"""


def test_a_document_speaks_to_clinicians_when_it_names_their_patients_or_their_professions() -> None:
    assert addresses_clinicians(FORUM)
    assert addresses_clinicians("Keep details of your patients out of your posts.")
    assert addresses_clinicians("Physicians, doctors, nurses, pharmacists and prescribers may join.")
    assert not addresses_clinicians(DNA)
    assert not addresses_clinicians("Share your results with your doctors. Ask your doctors about them.")
    assert not addresses_clinicians("California residents, Virginia residents, Colorado residents, Utah "
                                    "residents and Connecticut residents have these rights.")
    # a patients' service names physicians often, and the reader's own ("your treating physician")
    assert not addresses_clinicians("Our physicians, clinicians and radiologists read scans; each physician "
                                    "is licensed, and a physician reviews every report before it is sent to "
                                    "your treating physician or your doctor.")


def _anonymization(text: str) -> str:
    return next(f.explanation for f in analyze(parse_text(text)).flags if f.category == "data.anonymization")


def test_advice_for_clinicians_is_given_only_to_them() -> None:
    """A DNA service's customers read "for a clinician, a specialty, a region and the facts of a case"."""
    assert _anonymization(FORUM).endswith("a few details — for a clinician, a specialty, a region and the "
                                          "facts of a case — can point straight back to you.")
    assert _anonymization(DNA).endswith("a weaker shield than it sounds: a few details can point straight "
                                        "back to you.")
