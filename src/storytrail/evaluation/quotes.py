"""Quote and speaker evaluation against brat standoff (PolNeAR) or the seeds' ``gold.json``.

Matching is one-to-one and greedy by token Dice (≥ 0.5) over word tokens, so punctuation and
quotation marks never decide a match. An optional gold quote (the seeds' v3 ``"optional": true``:
beliefs, sourceless passives, refused speech …) takes part in the matching, then it and the
prediction matched to it leave every count: neither rewarded nor penalised. A speaker is right when, on brat data, the predicted
speaker mention shares a token with the gold source (or both have none); on the seeds, when
the predicted canonical name is the gold entity's name (or, for a document or group, one of
its listed mentions).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storytrail.model import Article
from storytrail.names import fold

WORD = re.compile(r"\w+")
QUOTE_MARKS = "\"“”‘’'«»`"


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def dice(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    overlap = sum((Counter(a) & Counter(b)).values())
    return 2 * overlap / (len(a) + len(b))


@dataclass
class GoldQuote:
    doc: str
    text: str
    direct: bool
    speaker: str | None  # the gold source text (brat) or entity id (seeds)
    speaker_spans: list[tuple[int, int]] = field(default_factory=list)
    optional: bool = False


@dataclass
class PredQuote:
    doc: str
    text: str
    direct: bool
    speaker_name: str | None
    speaker_span: tuple[int, int] | None
    nested: bool = False


@dataclass
class Scores:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def as_dict(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": self.tp, "pred": self.pred, "gold": self.gold}


def match(golds: list[GoldQuote], preds: list[PredQuote], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching by descending Dice within each document."""
    gold_words = [words(g.text) for g in golds]
    pred_words = [words(p.text) for p in preds]
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if g.doc == p.doc:
                score = dice(gold_words[gi], pred_words[pi])
                if score >= threshold:
                    pairs.append((score, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for score, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi, score))
    return out


def score(golds: list[GoldQuote], preds: list[PredQuote], speaker_ok) -> dict:  # noqa: ANN001
    pairs = match(golds, preds)
    exact_pairs = match(golds, preds, threshold=1.0)
    # predictions matched to an optional gold quote count neither way
    excused = {pi for gi, pi, _ in pairs if golds[gi].optional}
    result: dict = {}
    for name, keep_gold, keep_pred in (
        ("all", lambda g: True, lambda p: True),
        ("direct", lambda g: g.direct, lambda p: p.direct),
        ("indirect", lambda g: not g.direct, lambda p: not p.direct),
    ):
        quote = Scores(
            gold=sum(1 for g in golds if keep_gold(g) and not g.optional),
            pred=sum(1 for pi, p in enumerate(preds) if keep_pred(p) and pi not in excused),
        )
        e2e = Scores(gold=quote.gold, pred=quote.pred)
        exact = Scores(gold=quote.gold, pred=quote.pred)
        speaker_right = 0
        matched = 0
        for gi, pi, _ in pairs:
            g, p = golds[gi], preds[pi]
            if keep_gold(g) and keep_pred(p) and not g.optional:
                quote.tp += 1
                matched += 1
                if speaker_ok(g, p):
                    e2e.tp += 1
                    speaker_right += 1
        exact.tp = sum(
            1 for gi, pi, _ in exact_pairs if keep_gold(golds[gi]) and keep_pred(preds[pi]) and not golds[gi].optional and pi not in excused
        )
        result[name] = {
            "quote": quote.as_dict(),
            "end_to_end": e2e.as_dict(),
            "exact": exact.as_dict(),
            "speaker_accuracy": round(speaker_right / matched, 4) if matched else 0.0,
        }
    return result


# ------------------------------------------------------------------ predictions


def predict(articles: Iterable[Article], model: str | None = None) -> list[PredQuote]:
    from storytrail.article.mentions import resolve_mentions
    from storytrail.article.nlp import DEFAULT_MODEL
    from storytrail.article.quotes import find_quotes
    from storytrail.pipeline import analyze_articles

    preds = []
    # quotes and their speakers are final after the mentions stage; the encoder stages add nothing to them
    for analysis in analyze_articles(articles, model=model or DEFAULT_MODEL, stages=(find_quotes, resolve_mentions)):
        for q in analysis.quotes:
            preds.append(
                PredQuote(
                    doc=q.doc,
                    text=q.text,
                    # the gold's rule, not the quote's kind: PolNeAR has no kinds, and a mixed quote
                    # ("accused the North of "fanatic recklessness"") is direct by that rule
                    direct=marks_at(analysis.article.text, q.start, q.end),
                    speaker_name=q.speaker_name,
                    speaker_span=(q.speaker.start, q.speaker.end) if q.speaker else None,
                    nested=q.parent is not None,
                )
            )
    return preds


# ------------------------------------------------------------------ brat (PolNeAR)


def read_brat(folder: Path) -> tuple[list[Article], list[GoldQuote]]:
    """Articles and gold attributions from a PolNeAR compartment (``text/`` and ``attributions/``)."""
    articles, golds = [], []
    for text_file, ann in first_annotations(folder):
        text = text_file.read_text(encoding="utf-8")
        articles.append(Article(id=text_file.stem, text=text, source=str(text_file)))
        golds.extend(read_ann(ann, text_file.stem, text))
    return articles, golds


def read_standoff(path: Path) -> tuple[dict[str, list[tuple[int, int]]], dict[str, str], list[dict[str, str]]]:
    """Text-bound spans (id -> fragments), their labels, and the events of a brat .ann file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    labels: dict[str, str] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label_and_offsets = parts[1].split(" ", 1)
            if len(label_and_offsets) < 2:
                continue
            fragments = []
            for fragment in label_and_offsets[1].split(";"):
                start, end = fragment.split()
                fragments.append((int(start), int(end)))
            spans[parts[0]] = fragments
            labels[parts[0]] = label_and_offsets[0]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    return spans, labels, events


def first_annotations(folder: Path) -> list[tuple[Path, Path]]:
    """(text file, its lexicographically first .ann) for every annotated article of a compartment."""
    text_dir = folder / "text" if (folder / "text").is_dir() else folder
    ann_dir = folder / "attributions" if (folder / "attributions").is_dir() else folder
    pairs = []
    for text_file in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{text_file.stem}_*.ann")) or sorted(ann_dir.glob(f"{text_file.stem}.ann"))
        if anns:
            pairs.append((text_file, anns[0]))
    return pairs


def read_brat_spans(folder: Path, label: str) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """Texts and, for each, the fragments of every span with one label (for training)."""
    texts, found = [], []
    for text_file, ann in first_annotations(folder):
        texts.append(text_file.read_text(encoding="utf-8"))
        spans, labels, _ = read_standoff(ann)
        found.append([f for key, fragments in spans.items() if labels[key] == label for f in fragments])
    return texts, found


def read_ann(path: Path, doc: str, text: str) -> list[GoldQuote]:
    spans, _, events = read_standoff(path)
    golds = []
    for roles in events:
        content_spans = spans.get(roles.get("Content", ""), []) + spans.get(roles.get("Content2", ""), [])
        if not content_spans:
            continue
        content = " ".join(text[s:e] for s, e in sorted(content_spans))
        source_spans = spans.get(roles.get("Source", ""), [])
        lo = min(s for s, _ in content_spans)
        hi = max(e for _, e in content_spans)
        golds.append(
            GoldQuote(
                doc=doc,
                text=content,
                direct=marks_at(text, lo, hi),
                speaker=" ".join(text[s:e] for s, e in source_spans) or None,
                speaker_spans=source_spans,
            )
        )
    return golds


def marks_at(text: str, start: int, end: int) -> bool:
    """Whether quotation marks stand within or just around a span: the brat scorer's test of a
    direct quote, which counts a mixed quote ("called it "a disgrace"") as direct."""
    window = text[max(0, start - 2) : end + 2]
    return any(mark in window for mark in ('"', "“", "”", "''", "``"))  # '' and `` as some newspapers set them


def brat_speaker_ok(gold: GoldQuote, pred: PredQuote) -> bool:
    if not gold.speaker_spans:
        return pred.speaker_span is None
    if pred.speaker_span is None:
        return False
    ps, pe = pred.speaker_span
    return any(ps < ge and gs < pe for gs, ge in gold.speaker_spans)


def evaluate_brat(folder: Path, model: str | None = None) -> dict:
    articles, golds = read_brat(folder)
    # PolNeAR's annotation is univocal (no attribution inside another): nested quotes cannot be scored on it.
    preds = [p for p in predict(articles, model) if not p.nested]
    result = score(golds, preds, brat_speaker_ok)
    result["documents"] = len(articles)
    return result


# ------------------------------------------------------------------ seeds (gold.json)


def read_seeds(folder: Path) -> tuple[list[Article], list[GoldQuote], dict]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    articles = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_bytes().decode("utf-8-sig")
        articles.append(Article(id=path.stem, text=text, source=str(path)))
    by_prefix = {a.id.split("_", 1)[0]: a.id for a in articles}
    golds = [
        GoldQuote(
            doc=by_prefix.get(q["doc"], q["doc"]), text=q["text"], direct=q["kind"] == "direct", speaker=q.get("speaker"),
            optional=bool(q.get("optional")),
        )
        for q in gold["quotes"]
    ]
    for q in gold["not_speaker_quotes"]:
        q["doc"] = by_prefix.get(q["doc"], q["doc"])
    return articles, golds, gold


def seed_speaker_checker(gold: dict):  # noqa: ANN201
    entities = gold["entities"]

    def ok(g: GoldQuote, p: PredQuote) -> bool:
        if g.speaker is None:
            return p.speaker_name is None
        if p.speaker_name is None:
            return False
        entity = entities[g.speaker]
        names = {fold(entity["name"])}
        if entity["type"] != "PERSON":
            names.update(fold(m) for ms in entity["mentions"].values() for m in ms)
        return fold(p.speaker_name) in names

    return ok


def predict_through_store(folder: Path, model: str | None = None) -> list[PredQuote]:
    """The exported quotes of a full pipeline run, corpus stages included (speaker names are
    the entities' canonical names)."""
    from storytrail.evaluation.analyzed import analyzed_store
    from storytrail.records import quote_records

    with analyzed_store(folder, model) as store:
        return [
            PredQuote(
                doc=q["doc"],
                text=q["text"],
                direct=q["kind"] == "direct",
                speaker_name=q["speaker"]["name"] if q["speaker"] else None,
                speaker_span=(q["speaker"]["start"], q["speaker"]["end"]) if q["speaker"] and q["speaker"]["start"] is not None else None,
                nested=q["parent"] is not None,
            )
            for q in quote_records(store)
        ]


def evaluate_seeds(folder: Path, model: str | None = None) -> dict:
    articles, golds, gold = read_seeds(folder)
    preds = predict_through_store(folder, model)
    result = score(golds, preds, seed_speaker_checker(gold))
    not_quotes = [GoldQuote(doc=q["doc"], text=q["text"], direct=True, speaker=None) for q in gold["not_speaker_quotes"]]
    with_speaker = [p for p in preds if p.speaker_name is not None or p.speaker_span is not None]
    wrongly = match(not_quotes, with_speaker, threshold=1.0)
    result["not_speaker_quotes_exported_with_speaker"] = [not_quotes[gi].text for gi, _, _ in wrongly]
    result["documents"] = len(articles)
    return result


def format_report(result: dict) -> str:
    lines = [f"{'subset':9} {'P':>6} {'R':>6} {'F1':>6}  {'e2e F1':>6}  {'exact F1':>8}  {'speaker acc':>11}  gold/pred"]
    for name in ("all", "direct", "indirect"):
        r = result[name]
        q, e, x = r["quote"], r["end_to_end"], r["exact"]
        lines.append(
            f"{name:9} {q['precision']:6.3f} {q['recall']:6.3f} {q['f1']:6.3f}  {e['f1']:6.3f}  {x['f1']:8.3f}  "
            f"{r['speaker_accuracy']:11.3f}  {q['gold']}/{q['pred']}"
        )
    if "not_speaker_quotes_exported_with_speaker" in result:
        wrong = result["not_speaker_quotes_exported_with_speaker"]
        lines.append(f"not-quotes exported with a speaker: {len(wrong)} {wrong if wrong else ''}".rstrip())
    return "\n".join(lines)
