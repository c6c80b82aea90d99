"""Peak memory and speed of the parse by batch size, on the longest articles of a corpus.

    python benchmarks/batch_memory.py [--csv ../shared/data/fnc1-bodies/train_bodies.csv] [--articles 300]

Each batch size runs in a fresh process, so each peak is its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1-bodies" / "train_bodies.csv"


def measure(csv_path: str, articles: int, batch_size: int) -> None:
    from storytrail.article.nlp import load_pipeline

    csv.field_size_limit(1 << 30)
    with open(csv_path, encoding="utf-8", newline="") as f:
        texts = sorted((row["articleBody"] for row in csv.DictReader(f)), key=len, reverse=True)[:articles]
    nlp = load_pipeline()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    elapsed = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"batch_size": batch_size, "peak_mb": round(peak), "words_per_s": round(words / elapsed)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.csv, args.articles, args.one)
        return
    print(f"{args.articles} longest articles of {Path(args.csv).name}")
    for size in (4, 8, 16, 64, 256):
        subprocess.run([sys.executable, __file__, "--csv", args.csv, "--articles", str(args.articles), "--one", str(size)], check=True)


if __name__ == "__main__":
    main()
