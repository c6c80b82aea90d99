"""The entities stage alone on an analysed store: resolving every mention, a re-run with nothing
new, and a run where a tenth of the articles' mentions are new.

    python benchmarks/entities_incremental.py --db fnc1.db

Works on a copy of the store; the original is not touched.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from storytrail.pipeline import run_entities
from storytrail.store import Store


def timed(store: Store) -> float:
    started = time.perf_counter()
    run_entities(store)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy.db"
        shutil.copy(args.db, copy)
        with Store(copy) as store:
            with store.db:
                store.db.execute("UPDATE mentions SET entity = NULL")
                store.db.execute("DELETE FROM entities")
            full = timed(store)
            entities = store.db.execute("SELECT count(*) FROM entities").fetchone()[0]
            again = timed(store)
            docs = [row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY id")][::10]
            with store.db:
                store.db.executemany("UPDATE mentions SET entity = NULL WHERE doc = ?", [(d,) for d in docs])
            added = timed(store)
            mentions = store.db.execute("SELECT count(*) FROM mentions").fetchone()[0]
    print(f"{mentions} mentions, {entities} entities")
    print(f"every mention resolved:            {full:6.1f} s")
    print(f"re-run, nothing new:               {again:6.1f} s")
    print(f"mentions of {len(docs)} articles new:     {added:6.1f} s")


if __name__ == "__main__":
    main()
