"""Trails against gold families of the same statement: the seeds' quote families, and the
NewsWCL50 dev events' trails gold (real coverage of one event by five US outlets).

Seeds: pairwise precision and recall over the gold quotes.

A gold quote counts when it has a family or is not optional (gold v3); gold quotes outside
every family are their own family, so joining one to a trail costs precision. Each trail member
stands for the gold quote of its article that it matches best by character Dice (at least 0.5),
so a trail may speak for a gold quote through any of its wordings; a pair of counted gold quotes
is predicted together when members of one trail stand for both, and is gold together when they
share a family.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from storytrail.model import Trail
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


# ---------------------------------------------------------------- NewsWCL50 dev


def evaluate_newswcl_trails(folder: Path, model: str | None = None) -> dict:
    """The events the trails gold covers, analysed together with their metadata (outlets,
    dates), scored against ``trails_gold.json``."""
    from storytrail.ingest.readers import IngestOptions, load_metadata

    from .analyzed import analyzed_store

    gold = json.loads((folder / "trails_gold.json").read_text(encoding="utf-8"))
    docs = sorted({doc for event in gold["events"] for doc in event["docs"]})
    options = IngestOptions(metadata=load_metadata(folder / "metadata.csv"))
    with analyzed_store([folder / "raw" / f"{doc}.txt" for doc in docs], model, options) as store:
        return score_newswcl_trails(store.trails(), gold)


def score_newswcl_trails(trails: list[Trail], gold: dict) -> dict:
    """Each trail member stands for the gold member of its article it matches best (character
    Dice >= 0.5). Precision over predicted cross-article member pairs (right when both stand for
    members of one family), recall over gold cross-article member pairs (found when one trail
    holds members standing for both); drift precision per kind over the predicted drift whose
    target article holds members of the trail's family; the largest trail."""
    members = [(f["id"], i, m) for f in gold["families"] for i, m in enumerate(f["members"])]
    golds = [GoldMember(m["doc"], m["text"], (family, i), m["start"], m["end"]) for family, i, m in members]
    stands: dict[tuple[str, str, int], tuple[str, int] | None] = {}  # (trail, quote, start of the part) -> gold member
    for trail in trails:
        for member in trail.members:
            # of gold members with the same words (a paragraph an article prints twice), the one
            # at the member's place
            best = max(
                ((character_dice(g.text, member.text), g.overlap(member.start, member.end), g.key) for g in golds if g.doc == member.doc),
                default=(0.0, 0, None),
            )
            stands[(trail.id, member.quote, member.start)] = best[2] if best[0] >= CHARACTER_DICE else None
    right = predicted = 0
    found_pairs: set[frozenset] = set()
    for trail in trails:
        for a, b in combinations(trail.members, 2):
            if a.doc == b.doc:
                continue
            predicted += 1
            ga, gb = stands[(trail.id, a.quote, a.start)], stands[(trail.id, b.quote, b.start)]
            if ga is not None and gb is not None and ga[0] == gb[0] and ga != gb:
                right += 1
                found_pairs.add(frozenset((ga, gb)))
    gold_pairs = {
        frozenset(((family, i), (family, j)))
        for family, i, a in members
        for family_b, j, b in members
        if family == family_b and i < j and a["doc"] != b["doc"]
    }
    drift_right: Counter = Counter()
    drift_all: Counter = Counter()
    flags: dict[tuple[str, str], set[str]] = defaultdict(set)  # the drift of a family's members in one article
    for family, _, m in members:
        flags[(family, m["doc"])].update(m["drift"])
    for trail in trails:
        family = Counter(stands[key][0] for key in ((trail.id, m.quote, m.start) for m in trail.members) if stands[key] is not None).most_common(1)
        for drift in trail.drift:
            drift_all[drift.kind] += 1
            if family and drift.kind in flags.get((family[0][0], drift.target), set()):
                drift_right[drift.kind] += 1
    recall_hits = len(found_pairs & gold_pairs)
    return {
        "pair_precision": round(right / predicted, 4) if predicted else 0.0,
        "pair_recall": round(recall_hits / len(gold_pairs), 4) if gold_pairs else 0.0,
        "predicted_pairs": predicted,
        "gold_pairs": len(gold_pairs),
        "trails": len(trails),
        "largest_trail": max((len(t.members) for t in trails), default=0),
        "drift_precision": {kind: round(drift_right[kind] / n, 4) for kind, n in sorted(drift_all.items())},
        "drift_count": dict(sorted(drift_all.items())),
    }


@dataclass(frozen=True, slots=True)
class GoldMember:
    doc: str
    text: str
    key: tuple[str, int]  # (family id, index of the member in it)
    start: int
    end: int

    def overlap(self, start: int, end: int) -> int:
        """Characters this member shares with the span start:end of its article."""
        return max(0, min(self.end, end) - max(self.start, start))
