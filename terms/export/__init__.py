"""Exports of consent records (pure Python; the PDF rendering lives in ``desktop.pdf_report``).

Every format names, for each decision, the SHA-256 of the exact document text
and the clauses (ids and quotes) that were shown:

- ``consent_csv``: one row per event, stable column order;
- ``consent_json``: the complete store, re-importable, byte-identical on round trip;
- ``fhir``: HL7 FHIR R4 ``Consent`` resources in a ``Bundle``;
- ``receipt``: consent receipts in the Kantara Consent Receipt v1.1 shape;
- ``report_html``: a readable report (the PDF's content).
"""
