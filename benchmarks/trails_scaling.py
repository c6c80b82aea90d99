"""The trails stage alone, on an analysed store and on FACTOR times its quotes.

    python benchmarks/trails_scaling.py --db fnc1.db [--factors 1 10]

The larger stores copy every article and quote FACTOR times with changed ids and edited text
(each copy loses the quote's last word, or with --verbatim keeps it; its stored vector is the
original's, where re-encoding the edited text would give a slightly different one), so each claim
recurs across many more articles, as it does when many outlets repeat it. Each measurement runs
in a fresh process: the time of the trails stage (load, `build_trails`, save) and the process's peak RSS (its baseline, the
interpreter with numpy and the store open, printed beside it), then the time of a second run
with nothing new (what an incremental run pays to load and index the matched quotes).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MEASURE = """
import resource, sys, time
from storytrail.store import Store
from storytrail.pipeline import run_trails
store = Store(sys.argv[1])
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
trails = run_trails(store)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
run_trails(store)  # nothing new: what an incremental run pays to load and index the matched quotes
again = time.perf_counter() - started
quotes = store.db.execute("SELECT count(*) FROM quotes").fetchone()[0]
print(quotes, trails, elapsed, baseline, peak, again)
"""


def fill_vectors(db: Path) -> None:
    """Stores from before the quote-vectors stage, or before it encoded each part of a split
    quotation: encode the statements that have no vector once, per article, as that stage would."""
    from storytrail.article.quote_vectors import encode_quotes
    from storytrail.model import quote_of_statement, statements_of
    from storytrail.store import Store

    with Store(db) as store:
        quotes, _, stored, _ = store.trail_inputs()
        by_doc: dict[str, list] = {}
        for statement in (s for q in quotes for s in statements_of(q)):
            if stored.get(statement.id) is None:
                by_doc.setdefault(statement.doc, []).append(statement)
        with store.db:
            for statements in by_doc.values():
                vectors = encode_quotes([s.text for s in statements])
                store.db.executemany(
                    "INSERT OR REPLACE INTO quote_vectors (statement, quote, vector) VALUES (?, ?, ?)",
                    [(s.id, quote_of_statement(s.id), v.tobytes()) for s, v in zip(statements, vectors)],
                )


def multiply(source: Path, target: Path, factor: int, verbatim: bool) -> None:
    import sqlite3

    shutil.copy(source, target)
    db = sqlite3.connect(target)
    with db:
        db.execute("DELETE FROM trail_groups")  # every quote new: a full match
        for copy in range(1, factor):
            suffix = f"-copy{copy}"
            db.execute(
                """INSERT INTO articles SELECT id || ?, hash, source, title, outlet, author, url, published, updated, text, words, model, analyzed_at,
                          title_start, title_end
                   FROM articles WHERE id NOT LIKE '%-copy%'""",
                (suffix,),
            )
            db.execute(
                """INSERT INTO quotes SELECT id || ?, doc || ?, start, "end",
                          CASE WHEN ? OR instr(rtrim(text), ' ') = 0 THEN text ELSE rtrim(rtrim(text), replace(rtrim(text), ' ', '')) END,
                          kind, spans, cue_start, cue_end, cue_text, speaker_start, speaker_end, speaker_text,
                          speaker_cluster, speaker_name, speaker_entity, parent, NULL, cue_type, reports
                   FROM quotes WHERE id NOT LIKE '%-copy%'""",
                (suffix, suffix, verbatim),
            )
            # a part's statement id is its quote's id, "/" and its number: the copy's suffix goes on the quote's id
            db.execute(
                """INSERT INTO quote_vectors SELECT quote || ? || substr(statement, length(quote) + 1), quote || ?, vector
                   FROM quote_vectors WHERE quote NOT LIKE '%-copy%'""",
                (suffix, suffix),
            )
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--verbatim", action="store_true", help="copies keep every quote word for word (wire copy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base.db"
        shutil.copy(args.db, base)
        fill_vectors(base)
        print(f"{'factor':>6} {'quotes':>8} {'trails':>7} {'time s':>7} {'x 1x':>6} {'baseline MB':>11} {'peak MB':>8} {'re-run s':>8}")
        first = None
        for factor in args.factors:
            db = Path(scratch) / f"x{factor}.db"
            multiply(base, db, factor, args.verbatim)
            out = subprocess.run([sys.executable, "-c", MEASURE, str(db)], capture_output=True, text=True, check=True).stdout.split()
            quotes, trails, elapsed, baseline, peak, again = int(out[0]), int(out[1]), float(out[2]), float(out[3]), float(out[4]), float(out[5])
            first = first or elapsed  # the first factor's time is the unit
            print(f"{factor:6} {quotes:8} {trails:7} {elapsed:7.1f} {elapsed / first:6.2f} {baseline:11.0f} {peak:8.0f} {again:8.1f}", flush=True)
            db.unlink()


if __name__ == "__main__":
    main()
