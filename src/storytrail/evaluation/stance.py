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


def score_labels(gold: list[str], predicted: list[str], labels: tuple[str, ...] | None = None) -> dict[str, float]:
    """Macro-F1 over ``labels`` (NewsMTSC's three polarities unless given) and accuracy."""
    labels = labels or tuple(sorted(set(POLARITY.values())))
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


STANCE_LABELS = ("negative", "neutral", "positive", "mixed")


def evaluate_newswcl_stance(folder: Path, model: str | None = None) -> dict:
    """Each article's own stance toward its main actors on NewsWCL50 (``stance_gold.json``): the
    events analysed together with their metadata, scored by ``score_newswcl_stance``."""
    from storytrail.ingest.readers import IngestOptions, load_metadata
    from storytrail.records import stance_records

    from .analyzed import analyzed_store

    gold = json.loads((folder / "stance_gold.json").read_text(encoding="utf-8"))
    options = IngestOptions(metadata=load_metadata(folder / "metadata.csv"))
    with analyzed_store(folder / "raw", model, options) as store:
        rows = list(stance_records(store))
    return score_newswcl_stance(rows, gold["labels"])


def actor_rows(rows: list[dict], doc: str, voice: str, actor: str, aliases: list[str]) -> list[dict]:
    """The predicted rows of an article and voice whose actor name shares its last word with the
    gold actor or one of its aliases (past a suffix: "Robert S. Mueller III" is a Mueller)."""
    from storytrail.names import without_suffix, words_of

    def last_word(name: str) -> str | None:
        words = without_suffix(words_of(name))
        return words[-1] if words else None

    last_words = {last_word(name) for name in [actor, *aliases]} - {None}
    return [r for r in rows if r["doc"] == doc and r["voice"] == voice and last_word(r["name"]) in last_words]


def actor_row(rows: list[dict], doc: str, voice: str, actor: str, aliases: list[str]) -> dict | None:
    """Of the fitting rows (``actor_rows``), the one with the most sentences."""
    return max(actor_rows(rows, doc, voice, actor, aliases), key=lambda r: r["sentences"], default=None)


def quoted_label(rows: list[dict]) -> str:
    """The label of all the voices an article quotes toward one actor, as the gold's quoted voice
    reads them together: each quoted speaker's row pools into one verdict ("mixed" where one
    speaker attacks the actor and another defends them); "none" where no one quoted speaks of it."""
    from storytrail.article.stance import pooled_verdict

    if not rows:
        return "none"
    return pooled_verdict([(r["label"], r["confidence"], r["negative"], r["positive"], r["sentences"]) for r in rows], "quoted")[0]


def score_newswcl_stance(rows: list[dict], labels: list[dict]) -> dict:
    """Article voice: per gold label, the predicted article-voice row for that article and actor;
    a missing row is wrong. Accuracy and macro-F1 over negative, neutral, positive and mixed.
    Quoted voice (gold not "none"): all the quoted rows of the article and actor pooled into one
    verdict (``quoted_label``), reported beside it."""
    pairs = []
    for label in labels:
        row = actor_row(rows, label["doc"], "article", label["actor"], label["aliases"])
        pairs.append({"doc": label["doc"], "event": label["event"], "outlet": label["outlet"], "actor": label["actor"],
                      "gold": label["article_voice"], "predicted": row["label"] if row else None,
                      "score": row["score"] if row else None, "sentences": row["sentences"] if row else 0,
                      "negative": row["negative"] if row else 0, "positive": row["positive"] if row else 0})
    quoted = [
        (label["quoted_voice"], quoted_label(actor_rows(rows, label["doc"], "quoted", label["actor"], label["aliases"])))
        for label in labels
        if label["quoted_voice"] != "none"
    ]
    predicted = [p["predicted"] or "missing" for p in pairs]
    return {
        "article": score_labels([p["gold"] for p in pairs], predicted, STANCE_LABELS),
        "quoted": score_labels([g for g, _ in quoted], [p for _, p in quoted], STANCE_LABELS),
        "missing": sum(1 for p in pairs if p["predicted"] is None),
        "predicted_labels": {label: predicted.count(label) for label in (*STANCE_LABELS, "missing")},
        "pairs": pairs,
    }


def format_newswcl_report(result: dict) -> str:
    article, quoted = result["article"], result["quoted"]
    return "\n".join([
        f"article voice: accuracy {article['accuracy']:.3f}  macro-F1 {article['macro_f1']:.3f}  ({article['n']} gold labels, {result['missing']} without a row)",
        f"quoted voice:  accuracy {quoted['accuracy']:.3f}  macro-F1 {quoted['macro_f1']:.3f}  ({quoted['n']} gold labels)",
        "predicted: " + ", ".join(f"{label} {count}" for label, count in result["predicted_labels"].items()),
    ])
