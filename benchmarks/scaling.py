"""Time and peak memory of `storytrail analyze` as the corpus grows, in one process and on Dask.

    python benchmarks/scaling.py [--base 168] [--factors 1 2 5 10] [--workers 2] [--modes single dask]

The corpus: the first BASE articles of ../shared/data/fnc1-bodies, copied FACTOR times with
changed ids and lightly edited text (each copy opens with a sentence of its own and loses its
last sentence, so every copy is a new article to the store). Each run is a fresh
`storytrail analyze` process on a fresh store (modes: serial = one thread, single = the default
one process parsing in a second thread, dask = a local cluster of --workers processes); peak memory is the largest sum of RSS over the
run's process tree (client and Dask workers together), sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1-bodies" / "train_bodies.csv"


def edited(text: str, copy: int) -> str:
    body = text.rstrip()
    cut = body.rfind(". ", 0, len(body) - 2)
    if copy and cut > len(body) // 2:
        body = body[: cut + 1]
    return (f"Edition {copy + 1} of this report follows. " if copy else "") + body


def write_corpus(rows: list[dict], factor: int, path: Path) -> int:
    words = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["Body ID", "articleBody"])
        writer.writeheader()
        for copy in range(factor):
            for row in rows:
                text = edited(row["articleBody"], copy)
                words += len(text.split())
                writer.writerow({"Body ID": f"{row['Body ID']}-{copy}", "articleBody": text})
    return words


def measure(command: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of the whole process tree."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-2000:]}")
    return elapsed, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--base", type=int, default=168, help="articles in the 1x corpus")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 5, 10])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", nargs="+", default=["single", "dask"], choices=["serial", "single", "dask"],
                        help="serial: one process, one thread (--no-overlap); single: one process, parsing in a second thread; dask: --workers")
    parser.add_argument("--no-stance", action="store_true", help="leave the stance stage out of every run")
    args = parser.parse_args()
    csv.field_size_limit(1 << 30)
    with args.csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[: args.base]
    storytrail = str(Path(sys.executable).with_name("storytrail"))
    print(f"base {len(rows)} articles from {args.csv.name}; workers {args.workers}; stance {'off' if args.no_stance else 'on'}")
    print(f"{'factor':>6} {'articles':>8} {'words':>9} {'mode':>6} {'time s':>8} {'words/s':>8} {'peak MB':>8} {'time / 1x':>9}")
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for factor in args.factors:
            corpus = Path(scratch) / f"corpus-{factor}.csv"
            words = write_corpus(rows, factor, corpus)
            for mode in args.modes:
                db = Path(scratch) / f"{mode}-{factor}.db"
                command = [storytrail, "analyze", str(corpus), "--db", str(db)]
                if args.no_stance:
                    command.append("--no-stance")
                if mode == "serial":
                    command.append("--no-overlap")
                if mode == "dask":
                    command += ["--workers", str(args.workers), "--out", str(Path(scratch) / f"{mode}-{factor}.parquet")]
                elapsed, peak = measure(command)
                first.setdefault(mode, elapsed / factor)
                print(f"{factor:6} {len(rows) * factor:8} {words:9} {mode:>6} {elapsed:8.1f} {words / elapsed:8.0f} {peak:8.0f} {elapsed / first[mode]:9.2f}", flush=True)


if __name__ == "__main__":
    main()
