"""The shipped packs pass their own validation and examples (`clearterms rules check`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import run_cli
from terms.resources import resource_path

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def shipped_packs() -> list[Path]:
    return sorted(resource_path("rules").glob("*.yaml"))


@pytest.mark.parametrize("pack", shipped_packs() or [FIXTURES / "minimal.yaml"], ids=lambda p: p.name)
def test_rules_check_passes(pack, capsys):
    """Runs `rules check` over each pack in resources/rules/ (the fixture until one exists)."""
    code = run_cli(["rules", "check", str(pack)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("OK:")


def test_default_pack_covers_the_taxonomy():
    if not (resource_path("rules") / "default.yaml").is_file():
        pytest.skip("resources/rules/default.yaml not written yet")
    from terms.rulepacks import default_pack

    taxonomy = {
        "data.collection", "data.third-party-sharing", "data.sale", "data.client-access",
        "data.content-license", "data.monitoring", "data.profiling", "data.anonymization",
        "data.advertising", "data.tracking", "data.research", "data.retention", "data.business-transfer",
        "data.legal-disclosure", "data.international-transfer", "data.sensitive", "data.security",
        "rights.choice", "rights.access-deletion", "rights.no-sale", "rights.limited-use",
        "rights.content-ownership", "terms.changes", "terms.unilateral-termination", "terms.content-removal",
        "terms.limitation-of-liability", "terms.contract-by-using", "terms.choice-of-law",
        "terms.jurisdiction", "terms.arbitration",
    }
    pack = default_pack()
    assert taxonomy <= set(pack.categories)
    with_rules = {r.category for r in pack.rules} | {c for m in pack.models for c in m.categories}
    assert taxonomy <= with_rules
