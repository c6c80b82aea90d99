"""Trails against the seeds' quote families: pairwise precision and recall over the gold quotes.

Each gold quote is matched to an exported quote (token Dice >= 0.5, one-to-one, as for quotes);
a pair of gold quotes counts as predicted together when their matches share a trail, and as
gold together when they share a family. Gold quotes outside every family are their own family,
so joining one to a trail costs precision.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path


def evaluate_seed_trails(folder: Path, model: str | None = None) -> dict:
    from .scratch import analyzed_store

    with analyzed_store(folder, model) as store:
        return score_seed_trails(store, folder)


def score_seed_trails(store, folder: Path) -> dict:  # noqa: ANN001 - a Store
    from ..export import quote_records, trail_records
    from .quotes import PredQuote, match, read_seeds

    _, golds, gold = read_seeds(folder)
    exported = list(quote_records(store))
    trails = list(trail_records(store))
    preds = [PredQuote(q["doc"], q["text"], q["kind"] == "direct", None, None) for q in exported]
    matched = {gi: exported[pi]["trail"] for gi, pi, _ in match(golds, preds)}
    families = [q.get("family") or f"alone:{q['id']}" for q in gold["quotes"]]
    tp = fp = fn = 0
    for a, b in combinations(range(len(golds)), 2):
        together = families[a] == families[b]
        predicted = a in matched and b in matched and matched[a] is not None and matched[a] == matched[b]
        tp += together and predicted
        fp += predicted and not together
        fn += together and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    lonely = [golds[i].text[:60] for i, f in enumerate(families) if f.startswith("alone:") and matched.get(i) is not None]
    rich = next((t for t in trails if any("vote Conservative" in m["text"] for m in t["members"])), None)
    return {
        "pair_precision": round(precision, 4),
        "pair_recall": round(recall, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "trails": len(trails),
        "outside_family_in_trails": lonely,
        "rich_vote_meaning_drift": bool(rich and any(d["kind"] == "meaning" for d in rich["drift"])),
    }
