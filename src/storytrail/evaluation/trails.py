"""Trails against the seeds' quote families: pairwise precision and recall over the gold quotes.

A gold quote counts when it has a family or is not optional (gold v3); gold quotes outside
every family are their own family, so joining one to a trail costs precision. Each trail member
stands for the gold quote of its article that it matches best by character Dice (at least 0.5),
so a trail may speak for a gold quote through any of its wordings; a pair of counted gold quotes
is predicted together when members of one trail stand for both, and is gold together when they
share a family.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from storytrail.names import fold

CHARACTER_DICE = 0.5


def character_dice(a: str, b: str) -> float:
    """Dice over the character bigrams of two wordings, case-, accent- and spacing-blind."""
    def bigrams(text: str) -> Counter:
        folded = " ".join(fold(text).split())
        return Counter(folded[i : i + 2] for i in range(len(folded) - 1))

    x, y = bigrams(a), bigrams(b)
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 0.0


def evaluate_seed_trails(folder: Path, model: str | None = None) -> dict:
    from storytrail.evaluation.analyzed import analyzed_store

    with analyzed_store(folder, model) as store:
        return score_seed_trails(store, folder)


def represented(golds: list, members: list[dict]) -> dict[int, set[str]]:
    """For each gold quote, the trails that have a member standing for it."""
    trails_of: dict[int, set[str]] = defaultdict(set)
    for member in members:
        best = max(
            ((character_dice(g.text, member["text"]), gi) for gi, g in enumerate(golds) if g.doc == member["doc"]),
            default=(0.0, -1),
        )
        if best[0] >= CHARACTER_DICE:
            trails_of[best[1]].add(member["trail"])
    return trails_of


def score_seed_trails(store, folder: Path) -> dict:  # noqa: ANN001 - a Store
    from storytrail.evaluation.quotes import read_seeds
    from storytrail.records import trail_records

    _, golds, gold = read_seeds(folder)
    trails = list(trail_records(store))
    members = [{"doc": m["doc"], "text": m["text"], "trail": t["id"]} for t in trails for m in t["members"]]
    trails_of = represented(golds, members)
    families = [q.get("family") or f"alone:{q['id']}" for q in gold["quotes"]]
    counted = [i for i, q in enumerate(gold["quotes"]) if q.get("family") or not q.get("optional")]
    tp = fp = fn = 0
    for a, b in combinations(counted, 2):
        together = families[a] == families[b]
        predicted = bool(trails_of[a] & trails_of[b])
        tp += together and predicted
        fp += predicted and not together
        fn += together and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    lonely = [golds[i].text[:60] for i in counted if families[i].startswith("alone:") and trails_of[i]]
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
