"""Benchmarks: `python -m benchmarks.<area>` prints a table and writes benchmarks/results/<area>.json."""
