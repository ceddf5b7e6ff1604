"""Whether a document is written for clinicians, so that explanations speak to them only there.

The explanations were written for the physician who reads a community's terms ("for a clinician, a
specialty, a region and the facts of a case can point back to you", "remember that what you post
may carry your patients' information"). Said to the customer of a DNA-testing service or a fitness
band, those sentences are advice from another domain. Templates hold them in an optional segment
with the ``{clinician}`` placeholder, which is filled only where the document addresses clinicians.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: the reader's own patients or practice: said only to clinicians
_OWN_PATIENTS = re.compile(r"\byour (?:own )?(?:patients?|medical practice|clinical practice|practice's)\b",
                           re.IGNORECASE)
#: the professions a clinicians' service names again and again (its members, its users)
_PROFESSIONS = re.compile(
    r"\b(?:physicians?|clinicians?|doctors|nurses|pharmacists|prescribers|hcps?|healthcare professionals?"
    # (not "residents" alone: privacy policies speak to "California residents")
    r"|health care professionals?|health professionals?|medical students|medical residents"
    r"|resident physicians|practitioners)\b",
    re.IGNORECASE)
#: a consumer document may name "doctors" now and then ("share a report with your doctors"); a
#: clinicians' one names its members far more often
MIN_PROFESSION_MENTIONS = 5

CLINICIAN = "a clinician"


@lru_cache(maxsize=64)
def addresses_clinicians(text: str) -> bool:
    """Whether ``text`` speaks to clinicians: it names the reader's patients or practice, or
    clinicians' professions at least :data:`MIN_PROFESSION_MENTIONS` times."""
    if _OWN_PATIENTS.search(text):
        return True
    return sum(1 for _ in zip(range(MIN_PROFESSION_MENTIONS), _PROFESSIONS.finditer(text), strict=False)) \
        >= MIN_PROFESSION_MENTIONS
