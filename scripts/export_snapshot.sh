#!/usr/bin/env bash
# Every export of two corpora, for checking that a refactor changes no output:
#   scripts/export_snapshot.sh OUT_DIR    (then: diff -r BEFORE_DIR AFTER_DIR)
# The corpora: the example seeds with their metadata, and the first 300 rows of
# ../shared/data/fnc1-bodies/train_bodies.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "$1")
mkdir -p "$out"
# a fixed folder: the articles' stored source path names it, and it must be the same in every run
scratch=/tmp/storytrail-export-snapshot
rm -rf "$scratch" && mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT
.venv/bin/python - "$scratch/fnc1-300.csv" <<'PY'
import csv, sys
with open("../shared/data/fnc1-bodies/train_bodies.csv", newline="", encoding="utf-8") as f, open(sys.argv[1], "w", newline="", encoding="utf-8") as g:
    rows = csv.reader(f)
    writer = csv.writer(g)
    writer.writerow(next(rows))
    for _, row in zip(range(300), rows):
        writer.writerow(row)
PY
for corpus in seeds fnc1; do
    db="$scratch/$corpus.db"
    if [ "$corpus" = seeds ]; then
        .venv/bin/storytrail analyze examples/seeds --metadata examples/seeds-metadata.csv --db "$db" >/dev/null
    else
        .venv/bin/storytrail analyze "$scratch/fnc1-300.csv" --db "$db" >/dev/null
    fi
    for what in articles quotes entities stance trails findings; do
        .venv/bin/storytrail export --db "$db" --what "$what" --format jsonl -o "$out/$corpus-$what.jsonl"
    done
    .venv/bin/storytrail stats --db "$db" --json > "$out/$corpus-stats.json"
done
echo "exports in $out"
