"""Flagging speed on one core: the Open Terms Archive corpus and 20,000 single clauses.

    .venv/bin/python -m benchmarks.flag [--data ../shared/data] [--limit N] [--clauses 20000]

Reports rule-pack load time (cold and cached), parse and flag time per 100 KB of source
over every version in ``ota_versions`` (target: parse + flag ≤ 50 ms per 100 KB), and the
clauses per second of ``clearterms flag --jsonl`` over clauses from the CLAUDETTE and
OPP-115 *train* splits, and the time to flag one 0.5 MB and one 2 MB paragraph (it
should grow linearly). Times are CPU time of this process (the development machines are
shared; wall time there measures the neighbours too); the total wall time is recorded as
well. Writes benchmarks/results/flag.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path

from benchmarks._common import (
    DEFAULT_DATA,
    cpu_timed,
    peak_rss_mb,
    pin_to_one_core,
    summarise,
    write_results,
)

TARGET_MS_PER_100KB = 50.0


def _load_pack_times(rules: list[Path]) -> dict[str, float]:
    from terms.rulepacks import loader

    loader._load_cached.cache_clear()
    pack, cold = cpu_timed(lambda: loader.load_packs(rules))
    _, warm = cpu_timed(lambda: loader.load_packs(rules))
    return {
        "rules": len(pack.rules),
        "categories": len(pack.categories),
        "load_cold_ms": cold * 1000,
        "load_cached_ms": warm * 1000,
    }


def bench_corpus(ota: Path, rules: list[Path], limit: int | None) -> dict[str, float]:
    from terms.errors import TermsError
    from terms.flagging.engine import flag_document, resolve_pack
    from terms.parsing import parse_file

    pack = resolve_pack(rules)
    files = sorted(ota.rglob("*.md"))
    files = [f for f in files if f.name.lower() != "readme.md"][:limit]
    total_bytes = 0
    parse_s = flag_s = 0.0
    per_doc: list[float] = []
    flags = 0
    unreadable = 0
    for path in files:
        size = path.stat().st_size
        try:
            document, p = cpu_timed(lambda path=path: parse_file(path))
        except TermsError:  # e.g. empty versions in the archive: not part of the measure
            unreadable += 1
            continue
        found, f = cpu_timed(lambda document=document: flag_document(document, pack))
        total_bytes += size
        parse_s += p
        flag_s += f
        flags += len(found)
        per_doc.append((p + f) * 100_000 / max(size, 1))  # seconds per 100 KB
    kb100 = total_bytes / 100_000
    stats = summarise(per_doc)
    return {
        "documents": len(files) - unreadable,
        "unreadable_skipped": unreadable,
        "megabytes": total_bytes / 1e6,
        "flags": flags,
        "parse_ms_per_100kb": parse_s * 1000 / kb100,
        "flag_ms_per_100kb": flag_s * 1000 / kb100,
        "total_ms_per_100kb": (parse_s + flag_s) * 1000 / kb100,
        "per_doc_median_ms_per_100kb": stats["median_ms"],
        "per_doc_p95_ms_per_100kb": stats["p95_ms"],
        "corpus_seconds": parse_s + flag_s,
    }


# Written for this benchmark: sentences that give many rules terms in every sentence.
_PARAGRAPH_SENTENCES = (
    "We may disclose your personal data to our advertising partners and keep it while your "
    "account is active. ",
    "We can modify these terms at any time without notice, but we will not sell your "
    "information. ",
    "Disputes will be resolved by binding arbitration in the state where we are based. ",
    "Partners may set cookies on your device to measure how you use the service; you may "
    "opt out in your settings. ",
)


def bench_paragraph(rules: list[Path], sizes: tuple[int, ...] = (500_000, 2_000_000)) -> dict[str, float]:
    """CPU time to flag one paragraph of each size (no line breaks): should grow linearly."""
    from terms.flagging.engine import flag_text, resolve_pack

    pack = resolve_pack(rules)
    block = "".join(_PARAGRAPH_SENTENCES)
    flag_text(block, pack)  # model files load outside the measure
    results: dict[str, float] = {}
    for size in sizes:
        text = block * (size // len(block) + 1)
        _, seconds = cpu_timed(lambda text=text: flag_text(text, pack))
        results[f"{size / 1e6:g}_mb_seconds"] = seconds
    first, last = (results[f"{size / 1e6:g}_mb_seconds"] for size in (sizes[0], sizes[-1]))
    results["growth"] = last / first if first else 0.0
    results["size_ratio"] = sizes[-1] / sizes[0]
    return results


def _clause_texts(data: Path) -> list[str]:
    texts: list[str] = []
    for name in ("claudette_tos_en/train.jsonl", "opp115/train.jsonl"):
        path = data / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    texts.append(text)
    return texts


def bench_clauses(data: Path, rules: list[Path], count: int) -> dict[str, float]:
    from desktop.cli import run_cli

    texts = _clause_texts(data)
    if not texts:
        return {"clauses": 0}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for n, text in enumerate(itertools.islice(itertools.cycle(texts), count)):
                handle.write(json.dumps({"id": str(n), "text": text}) + "\n")
        argv = ["flag", "--jsonl", str(source), "--out", str(Path(tmp) / "out.jsonl")]
        for rule in rules:
            argv += ["--rules", str(rule)]
        code, seconds = cpu_timed(lambda: run_cli(argv))
        if code != 0:
            raise SystemExit(f"clearterms flag failed with exit status {code}")
        with (Path(tmp) / "out.jsonl").open(encoding="utf-8") as handle:
            flagged = sum(1 for line in handle if json.loads(line)["flags"])
    return {
        "clauses": count,
        "distinct_texts": len(texts),
        "seconds": seconds,
        "clauses_per_s": count / seconds,
        "clauses_with_flags": flagged,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument(
        "--rules", type=Path, nargs="*", default=[], help="rule packs (default pack if none)"
    )
    parser.add_argument("--limit", type=int, help="only the first N corpus documents")
    parser.add_argument(
        "--clauses", type=int, default=20_000, help="number of single clauses (default 20000)"
    )
    args = parser.parse_args(argv)
    pin_to_one_core()
    started = time.perf_counter()
    pack = _load_pack_times(args.rules)
    corpus = bench_corpus(args.data / "ota_versions", args.rules, args.limit)
    clauses = bench_clauses(args.data, args.rules, args.clauses)
    peak_rss = peak_rss_mb()  # of the corpus and clauses; one 2 MB paragraph takes far more
    paragraph = bench_paragraph(args.rules)
    results = {
        "pack": pack,
        "corpus": corpus,
        "clauses": clauses,
        "paragraph": paragraph,
        "target_ms_per_100kb": TARGET_MS_PER_100KB,
        "meets_target": corpus.get("total_ms_per_100kb", 0) <= TARGET_MS_PER_100KB,
        "peak_rss_mb": peak_rss,
        "wall_seconds": time.perf_counter() - started,
    }
    rows = [
        ("rule pack", f"{pack['rules']} rules, {pack['categories']} categories"),
        ("pack load, cold / cached", f"{pack['load_cold_ms']:.1f} ms / {pack['load_cached_ms']:.3f} ms"),
        (
            "corpus",
            f"{corpus['documents']} documents, {corpus['megabytes']:.1f} MB, {corpus['flags']} flags",
        ),
        ("parse per 100 KB", f"{corpus['parse_ms_per_100kb']:.1f} ms"),
        ("flag per 100 KB", f"{corpus['flag_ms_per_100kb']:.1f} ms"),
        (
            "parse + flag per 100 KB",
            f"{corpus['total_ms_per_100kb']:.1f} ms (target ≤ {TARGET_MS_PER_100KB:.0f})",
        ),
        ("per document p95", f"{corpus['per_doc_p95_ms_per_100kb']:.1f} ms per 100 KB"),
        ("whole corpus", f"{corpus['corpus_seconds']:.1f} s"),
    ]
    if clauses.get("clauses"):
        rows.append(
            (
                "single clauses (flag --jsonl)",
                f"{clauses['clauses']} in {clauses['seconds']:.1f} s = {clauses['clauses_per_s']:.0f}/s",
            )
        )
    rows.append(
        (
            "one paragraph, 0.5 / 2 MB",
            f"{paragraph['0.5_mb_seconds']:.1f} s / {paragraph['2_mb_seconds']:.1f} s "
            f"(x{paragraph['growth']:.1f} for x{paragraph['size_ratio']:.0f} the text)",
        )
    )
    rows.append(("peak RSS", f"{results['peak_rss_mb']:.0f} MB"))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print(f"results: {write_results('flag', results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
