"""Stance stage: how an article treats each actor it names, with the sentences that show it.

Each sentence that mentions a person, organisation or group is scored for sentiment toward that
mention by a classifier trained on NewsMTSC (``training/train_stance.py``). The scores are then
gathered per actor and per voice: the article's own sentences, and the words of each person it
quotes (a quote attacking X is its speaker's stance, which the article reports). Adds
``Analysis.stance``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from importlib import resources

import numpy as np

from storytrail.model import Analysis, Span, Stance, stable_id

LABELS = ("negative", "neutral", "positive")
TARGET_TYPES = frozenset({"PERSON", "ORG", "NORP"})
# A side holds when its mean margin (P(positive) - P(negative)) passes this; both sides past it
# in a quarter of the sentences or more is "mixed", unless the mean leans clearly one way (a
# dozen hostile sentences are not undone by three mild ones).
LEANING = 0.1
MIXED_SHARE = 0.25
CLEAR_LEANING = 0.15
EVIDENCE_SENTENCES = 3


class StanceModel:
    """Multinomial logistic regression over MiniLM target features; numpy only at prediction."""

    def __init__(self) -> None:
        with resources.files("storytrail").joinpath("data/stance.npz").open("rb") as stream:
            weights = np.load(stream)
            self.coef = weights["coef"]
            self.intercept = weights["intercept"]

    def probabilities(self, items: list[tuple[str, int, int]]) -> np.ndarray:
        from storytrail.article.embeddings import ARTICLE_BATCH, minilm

        if not items:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        logits = minilm().encode_targets(items, batch_size=ARTICLE_BATCH) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def labels(self, items: list[tuple[str, int, int]]) -> list[str]:
        return [LABELS[i] for i in self.probabilities(items).argmax(axis=1)]


@functools.lru_cache(maxsize=1)
def stance_model() -> StanceModel:
    return StanceModel()


def verdict(margins: list[float]) -> tuple[str, float]:
    score = float(np.mean(margins))
    positive = sum(1 for m in margins if m > LEANING)
    negative = sum(1 for m in margins if m < -LEANING)
    if positive and negative and min(positive, negative) >= MIXED_SHARE * len(margins) and abs(score) < CLEAR_LEANING:
        return "mixed", score
    if score > LEANING:
        return "positive", score
    if score < -LEANING:
        return "negative", score
    return "neutral", score


def assess_stance(analysis: Analysis) -> Analysis:
    """Stance stage: sets ``analysis.stance`` from the parsed sentences, mentions and quotes."""
    text = analysis.article.text
    targets = [m for m in analysis.mentions if m.type in TARGET_TYPES]
    if not targets:
        analysis.stance = []
        return analysis
    sentence_starts = [s.start_char for s in analysis.parsed.sents]
    sentence_ends = [s.end_char for s in analysis.parsed.sents]
    quoted = [q for q in analysis.quotes if q.parent is None]
    items, keys, sentences = [], [], []
    for mention in targets:
        index = int(np.searchsorted(sentence_starts, mention.start, side="right")) - 1
        lo, hi = sentence_starts[index], sentence_ends[index]
        holder_quote = next((q for q in quoted if q.start <= mention.start < q.end), None)
        voice, holder = ("quoted", holder_quote.speaker_name) if holder_quote else ("article", None)
        if holder_quote is not None and holder_quote.speaker_cluster == mention.cluster:
            continue  # a speaker's own name inside the quote is no target of that speaker
        items.append((text[lo:hi], mention.start - lo, mention.end - lo))
        keys.append((mention.cluster, mention.name, voice, holder))
        sentences.append((lo, hi))
    probabilities = stance_model().probabilities(items)
    grouped: dict[tuple, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
    for key, probs, sentence in zip(keys, probabilities, sentences):
        grouped[key].append((float(probs[2] - probs[0]), sentence))
    stance = []
    for (cluster, name, voice, holder), scored in grouped.items():
        label, score = verdict([margin for margin, _ in scored])
        ranked = sorted(scored, key=lambda item: -abs(item[0]) if label in ("mixed", "neutral") else -item[0] * np.sign(score))
        evidence, seen = [], set()
        for _, (lo, hi) in ranked:
            if (lo, hi) not in seen and len(evidence) < EVIDENCE_SENTENCES:
                seen.add((lo, hi))
                evidence.append(Span(lo, hi, text[lo:hi]))
        stance.append(
            Stance(
                id=stable_id(analysis.article.id, cluster, voice, holder),
                doc=analysis.article.id,
                cluster=cluster,
                name=name,
                voice=voice,
                holder=holder,
                label=label,
                score=round(score, 4),
                sentences=len(scored),
                evidence=evidence,
            )
        )
    analysis.stance = stance
    return analysis
