"""Target sentiment on NewsMTSC-format files: macro-F1 and accuracy over negative/neutral/positive."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(slots=True)
class Target:
    gid: str
    sentence: str
    start: int
    end: int
    label: str


def read_newsmtsc(path: Path) -> list[Target]:
    targets = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for t in row["targets"]:
            targets.append(Target(row["primary_gid"], row["sentence_normalized"], t["from"], t["to"], POLARITY[float(t["polarity"])]))
    return targets


def score_labels(gold: list[str], predicted: list[str]) -> dict[str, float]:
    labels = sorted(set(POLARITY.values()))
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    accuracy = sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold) if gold else 0.0
    return {"macro_f1": round(sum(f1s) / len(f1s), 4), "accuracy": round(accuracy, 4), "n": len(gold)}


def evaluate_newsmtsc(path: Path, out: Path | None = None) -> dict[str, float]:
    from storytrail.article.stance import stance_model

    targets = read_newsmtsc(path)
    predicted = stance_model().labels([(t.sentence, t.start, t.end) for t in targets])
    if out is not None:
        with out.open("w", encoding="utf-8") as stream:
            for t, label in zip(targets, predicted):
                stream.write(json.dumps({"primary_gid": t.gid, "from": t.start, "to": t.end, "label": label}) + "\n")
    return score_labels([t.label for t in targets], predicted)


def evaluate_seeds_stance(folder: Path, model: str | None = None) -> dict:
    """Agreement with ``stance_toward`` of the seeds' gold.json: the article-voice label of the
    entity whose canonical name is the gold entity's name, per listed article."""
    from storytrail.evaluation.analyzed import analyzed_store
    from storytrail.names import fold
    from storytrail.records import stance_records

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with analyzed_store(folder, model) as store:
        found = {(r["doc"].split("_", 1)[0], fold(r["name"])): r["label"] for r in stance_records(store) if r["voice"] == "article"}
    pairs = []
    for entity, by_doc in gold["stance_toward"].items():
        name = fold(gold["entities"][entity]["name"])
        for doc, label in by_doc.items():
            pairs.append({"entity": entity, "doc": doc, "gold": label, "predicted": found.get((doc, name))})
    agree = sum(1 for p in pairs if p["gold"] == p["predicted"])
    return {"agreement": round(agree / len(pairs), 4), "agree": agree, "pairs": pairs}
