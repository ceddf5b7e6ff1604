"""Consent store speed on one core: record 100,000 events in batches, verify the chain, export every format.

    .venv/bin/python -m benchmarks.consent [--events 100000] [--batch 10000] [--members 200] [--db URL]

The store is a fresh SQLite file in a temporary folder (or ``--db``, e.g. a PostgreSQL
URL with an empty database). Two versions of the bundled physician-community terms are
stored; every event carries two real clauses (id, fingerprint, full quote) as the
clauses shown. Steps: record (``record_many``, one transaction per batch, hash-chained),
verify (recompute every hash), snapshot (read everything back), then each export: CSV
and JSON (streamed from the database into a file, as the command line does), FHIR
Bundle, Kantara receipts, the HTML report, and the PDF of one member's report (their
decisions plus the latest 200 events; a PDF of 100,000 table rows is not a useful
document), and a JSON import into an empty store. Reports seconds and the peak RSS of
the process during each step (on Linux the high-water mark is reset before each step, so
a step's figure is its own plus what the process already holds, such as the store
snapshot the FHIR, receipt and report exports are made from; elsewhere it is the peak so
far); wall time suffers when other work shares the cores, so CPU time of the process is
reported too. Target: each step in seconds.
Writes benchmarks/results/consent.json.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks._common import peak_rss_mb, pin_to_one_core, reset_peak_rss, timed, write_results
from terms.consent import ConsentStatus, NewEvent, open_store
from terms.consent.model import ClauseRef
from terms.consent.store import utc_now
from terms.export import consent_csv, consent_json, fhir, receipt, report_html
from terms.fileio import atomic_write_lines
from terms.parsing import parse_file
from terms.resources import resource_path

STATUSES = (ConsentStatus.GIVEN, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--db", help="store URL (default: a new SQLite file in a temporary folder)")
    args = parser.parse_args()
    pin_to_one_core()
    with tempfile.TemporaryDirectory() as tmp:
        rows, extra = run(Path(tmp), args)
    print(f"{'step':<16} {'wall s':>7} {'CPU s':>7} {'peak RSS MB':>12}  detail")
    for row in rows:
        print(f"{row['step']:<16} {row['seconds']:>7.2f} {row['cpu_seconds']:>7.2f} "
              f"{row['peak_rss_mb']:>12.0f}  {row['detail']}")
    path = write_results("consent", {"events": args.events, "batch": args.batch, "members": args.members,
                                     "steps": rows, **extra})
    print(f"wrote {path}")
    return 0


def run(tmp: Path, args: argparse.Namespace) -> tuple[list[dict[str, object]], dict[str, object]]:
    rows: list[dict[str, object]] = []
    cpu_mark = [time.process_time()]

    def step(name: str, seconds: float, detail: str) -> None:
        """Record a step: wall time as measured, CPU time of this process since the previous step."""
        cpu = time.process_time()
        rows.append({"step": name, "seconds": round(seconds, 3), "cpu_seconds": round(cpu - cpu_mark[0], 3),
                     "peak_rss_mb": round(peak_rss_mb(), 1), "detail": detail})
        cpu_mark[0] = time.process_time()
        reset_peak_rss()

    document = parse_file(resource_path("samples", "physician-community-terms.md"))
    revised = parse_file(resource_path("samples", "social-network-terms.md"))
    store = open_store(args.db or str(tmp / "bench.sqlite3"))
    rng = random.Random(5)
    members = [f"member-{n:04d}" for n in range(args.members)]
    for name in members:
        store.add_member(name)
    shas = [store.add_document(d, ()).document.sha256 for d in (document, revised)]
    shown = {sha: [ClauseRef(c.id, c.fingerprint, c.text) for c in doc.clauses if c.text.strip()][:40]
             for sha, doc in zip(shas, (document, revised), strict=True)}
    topics = [t.id for t in store.topics]

    cpu_mark[0] = time.process_time()
    reset_peak_rss()

    def events() -> Iterator[NewEvent]:
        for _ in range(args.events):
            sha = rng.choice(shas)
            refs = tuple(rng.sample(shown[sha], 2))
            yield NewEvent(rng.choice(members), rng.choice(topics), rng.choice(STATUSES), sha, refs,
                           method="benchmark")

    count, seconds = timed(lambda: store.record_many(events(), batch_size=args.batch))
    step("record", seconds, f"{count} events, batches of {args.batch} ({count / seconds:,.0f} events/s)")
    report, seconds = timed(store.verify)
    assert report.ok, report.problem
    step("verify", seconds, f"{report.events} hashes recomputed and linked")
    snapshot, seconds = timed(store.snapshot)
    step("snapshot", seconds, "members, documents and every event read back")
    now = utc_now()
    sizes: dict[str, int] = {}
    # CSV and JSON stream from the database into a file, as `clearterms consent export` does.
    streamed = {
        "export csv": lambda: consent_csv.csv_records(store.iter_events(), store.documents()),
        "export json": lambda: consent_json.json_chunks(store.list_members(), store.documents(),
                                                        store.iter_events()),
    }
    for name, chunks in streamed.items():
        out = tmp / f"export.{name.split()[1]}"
        _, seconds = timed(lambda chunks=chunks, out=out: atomic_write_lines(out, chunks()))
        sizes[name] = out.stat().st_size
        step(name, seconds, f"{sizes[name] / 1e6:.1f} MB, streamed to a file")
    outputs = {
        "export fhir": lambda: json.dumps(fhir.to_fhir_bundle(snapshot, store.topics, now=now)),
        "export receipt": lambda: json.dumps(receipt.to_receipts(snapshot, store.topics, now=now)),
        "export html": lambda: report_html.report_html(snapshot, store.topics, now=now, verify=report),
    }
    for name, make in outputs.items():
        text, seconds = timed(make)
        sizes[name] = len(text.encode("utf-8"))
        step(name, seconds, f"{sizes[name] / 1e6:.1f} MB")
        del text
    one = report_html.report_html(snapshot, store.topics, now=now, verify=report, member=members[0])
    pdf_seconds, pages = _pdf(one, tmp / "report.pdf")
    step("export pdf", pdf_seconds, f"one member's report, {pages} pages")
    exported_json = (tmp / "export.json").read_text(encoding="utf-8")
    loaded, seconds = timed(lambda: consent_json.load_json(exported_json, "bench.json"))
    fresh = open_store(str(tmp / "restored.sqlite3"))
    _, restore_seconds = timed(lambda: fresh.import_snapshot(loaded))
    step("import json", seconds + restore_seconds,
         f"validate + chain check {seconds:.2f} s, write {restore_seconds:.2f} s")
    fresh.close()
    store.close()
    return rows, {"export_bytes": sizes}


def _pdf(html: str, out: Path) -> tuple[float, int]:
    from pypdf import PdfReader

    from desktop.pdf_report import write_pdf

    _, seconds = timed(lambda: write_pdf(html, out))
    return seconds, len(PdfReader(out).pages)


if __name__ == "__main__":
    raise SystemExit(main())
