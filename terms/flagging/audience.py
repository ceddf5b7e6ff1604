"""Whether a document is written for clinicians, so that explanations speak to them only there.

The explanations were written for the physician who reads a community's terms ("for a clinician, a
specialty, a region and the facts of a case can point back to you", "remember that what you post
may carry your patients' information"). Said to the customer of a DNA-testing service or a fitness
band, those sentences are advice from another domain. Templates hold them in an optional segment
with the ``{clinician}`` placeholder, which is filled only where the document addresses clinicians.
"""

from __future__ import annotations

from functools import lru_cache

#: the reader's own patients or practice: said only to clinicians
_OWN_PATIENTS = ("your patient", "your own patient", "your medical practice", "your clinical practice",
                 "your practice's")
#: the professions a clinicians' service names again and again (its members, its users); not
#: "residents" alone, which privacy policies address in "California residents"
_PROFESSIONS = ("physician", "clinician", "doctors", "nurses", "pharmacists", "prescribers", "healthcare "
                "professional", "health care professional", "health professional", "medical students",
                "medical residents", "practitioner")
#: a consumer document may name "doctors" now and then ("share a report with your doctors"); a
#: clinicians' one names its members far more often
MIN_PROFESSION_MENTIONS = 5
#: ... but one that speaks of the reader's own doctor is written for patients, however often it names
#: physicians (a monitoring programme's "your Enrolling Clinic", "your treating physician"; an imaging
#: service's radiologists)
_THEIR_CLINICIANS = ("your doctor", "your physician", "your clinician", "your care team", "your treating",
                     "your referring", "your radiologist", "your nurse", "your healthcare provider",
                     "your health care provider")
MIN_THEIR_CLINICIANS = 2

CLINICIAN = "a clinician"


@lru_cache(maxsize=64)
def addresses_clinicians(text: str) -> bool:
    """Whether ``text`` speaks to clinicians: it names the reader's patients or practice, or
    clinicians' professions at least :data:`MIN_PROFESSION_MENTIONS` times and the reader's own doctor
    fewer than :data:`MIN_THEIR_CLINICIANS` times. (Substrings of the
    lower-cased text are counted: a regex over each policy cost a tenth of its explanations' time.)"""
    lower = text.lower()
    if any(phrase in lower for phrase in _OWN_PATIENTS):
        return True
    if sum(lower.count(phrase) for phrase in _THEIR_CLINICIANS) >= MIN_THEIR_CLINICIANS:
        return False
    return sum(lower.count(word) for word in _PROFESSIONS) >= MIN_PROFESSION_MENTIONS
