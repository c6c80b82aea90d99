"""End-to-end throughput of `storytrail analyze` against the bare spaCy pipeline on the same input.

    python benchmarks/throughput.py [--limit N] [--csv ../shared/data/fnc1-bodies/train_bodies.csv]

Prints words per second of: the bare pipeline (`nlp.pipe` alone), the time of each per-article
stage over the same parsed docs, and the whole `analyze` run (ingest, parse, stages, SQLite store,
corpus stages, whose times the run reports), and the ratio of the last to the first.
"""

from __future__ import annotations

import argparse
import csv
import platform
import resource
import tempfile
import time
from pathlib import Path

from storytrail.article.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, load_pipeline
from storytrail.article.registry import ARTICLE_STAGES, FAST_STAGES
from storytrail.ingest.readers import IngestOptions, iter_articles
from storytrail.model import Analysis
from storytrail.pipeline import run
from storytrail.store import Store

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1-bodies" / "train_bodies.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()

    source = args.csv
    with tempfile.TemporaryDirectory() as scratch:
        if args.limit:
            csv.field_size_limit(1 << 30)
            with args.csv.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))[: args.limit]
            source = Path(scratch) / "subset.csv"
            with source.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        articles = [a for a in iter_articles([str(source)], IngestOptions()) if not isinstance(a, Exception)]
        words = sum(len(a.text.split()) for a in articles)
        nlp = load_pipeline(args.model)
        nlp("warm up")

        started = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=DEFAULT_BATCH_SIZE))
        bare = time.perf_counter() - started

        stage_time = dict.fromkeys(ARTICLE_STAGES, 0.0)
        for article, doc in zip(articles, docs):
            analysis = Analysis(article=article, parsed=doc)
            for stage in ARTICLE_STAGES:
                started = time.perf_counter()
                analysis = stage(analysis)
                stage_time[stage] += time.perf_counter() - started
        del docs

        started = time.perf_counter()
        with Store(Path(scratch) / "bench.db") as store:
            summary = run([str(source)], store, model=args.model)
        full = time.perf_counter() - started

        started = time.perf_counter()
        with Store(Path(scratch) / "bench-fast.db") as store:
            run([str(source)], store, model=args.model, stages=FAST_STAGES)
        fast = time.perf_counter() - started

    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"input: {source.name if not args.limit else args.csv.name + f' (first {args.limit})'}: {len(articles)} articles, {words:,} words")
    print(f"bare spaCy nlp.pipe:            {bare:8.1f} s  {words / bare:8.0f} words/s")
    for stage, seconds in stage_time.items():
        print(f"  stage {stage.__name__:24} {seconds:8.1f} s  ({seconds / bare:.1%} of the parse)")
    print(f"storytrail analyze (end to end): {full:8.1f} s  {words / full:8.0f} words/s  ({summary.quotes} quotes)")
    for stage, seconds in summary.corpus_seconds.items():
        print(f"  of which corpus stage {stage:15} {seconds:8.1f} s  ({seconds / bare:.1%} of the parse)")
    print(f"end-to-end / bare throughput:   {bare / full:.1%}")
    print(f"analyze --no-stance:             {fast:8.1f} s  {words / fast:8.0f} words/s  ({bare / fast:.1%} of bare)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
