"""Explorer page latency and report size/build time over a store.

    python benchmarks/explorer_latency.py --db fnc1.db [--samples 30]

Serves the store with uvicorn on 127.0.0.1 (as `storytrail serve` does), requests every view,
a sample of article, entity and trail pages, searches and API pages over HTTP, and prints
p50/p95 per kind of page and over all requests; then builds the static report and prints its
size and build time.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
import uvicorn

from storytrail.store import Store
from storytrail.web.explorer import create_app
from storytrail.web.report import build_report

SEARCHES = ("said", "police", "Islamic State", "video", "president obama", "apple watch", "ebola outbreak", "not a word anywhere xyzzy")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def serve(db: Path) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=30, help="article, entity and trail pages of each kind")
    args = parser.parse_args()
    rng = random.Random(7)
    with Store(args.db, readonly=True) as store:
        counts = store.counts()
        articles = [r[0] for r in store.rows("SELECT id FROM articles")]
        entities = [r[0] for r in store.rows("SELECT entity FROM mentions WHERE entity IS NOT NULL GROUP BY entity ORDER BY count(*) DESC")]
        trails = [r[0] for r in store.rows("SELECT id FROM trails")]
        speaker = store.db.execute("SELECT speaker_entity FROM quotes WHERE speaker_entity IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC").fetchone()[0]
    print(f"store {args.db}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    pages: list[tuple[str, str]] = [(kind, path) for kind, path in (
        ("overview", "/"), ("speakers", "/speakers"), ("quotes", "/quotes"), ("quotes", "/quotes?page=20"),
        ("quotes", f"/quotes?speaker={speaker}"), ("trails", "/trails"), ("entities", "/entities"), ("entities", "/entities?type=PERSON&page=3"),
        ("stance", "/stance"), ("findings", "/findings"), ("api", "/api/quotes?per_page=200"), ("api", "/api/entities?page=2"),
        ("api", "/api/trails"), ("api", "/api/articles?page=5"),
    )]
    pages += [("article", f"/articles/{a}") for a in rng.sample(articles, min(args.samples, len(articles)))]
    busiest = entities[:10]  # the heaviest entity pages, then a random sample
    pages += [("entity", f"/entities/{e}") for e in busiest + rng.sample(entities[10:], max(0, min(args.samples - 10, len(entities) - 10)))]
    pages += [("trail", f"/trails/{t}") for t in rng.sample(trails, min(args.samples, len(trails)))]
    pages += [("search", f"/search?q={q}") for q in SEARCHES] + [("search", f"/api/search?q={q}") for q in SEARCHES]

    server, base = serve(args.db)
    timings: dict[str, list[float]] = defaultdict(list)
    with httpx.Client(base_url=base, timeout=60) as client:
        for _, path in pages[:5]:
            client.get(path)  # warm: templates compiled, plotly.js read
        for _ in range(3):
            for kind, path in pages:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
                timings[kind].append(elapsed * 1000)
    server.should_exit = True

    print(f"\n{'page':10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    everything = []
    for kind, values in sorted(timings.items()):
        everything += values
        print(f"{kind:10} {len(values):8} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} {max(values):8.1f}")
    print(f"{'all':10} {len(everything):8} {statistics.median(everything):8.1f} {percentile(everything, 0.95):8.1f} {max(everything):8.1f}")

    with tempfile.TemporaryDirectory() as scratch, Store(args.db, readonly=True) as store:
        started = time.perf_counter()
        size = build_report(store, Path(scratch) / "report.html")
        print(f"\nreport: {size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
