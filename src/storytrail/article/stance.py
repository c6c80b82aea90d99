"""Stance stage: how an article treats each of its actors, with the sentences that show it.

Each sentence that names an actor is scored for sentiment toward that actor by a MiniLM encoder
fine-tuned on NewsMTSC (``training/finetune_stance.py``). The sentences are then gathered per
actor and per voice: the article's own sentences, and the words of each person it quotes (a
quote attacking X is its speaker's stance, which the article reports). A voice is neutral unless
enough of its sentences lean one way (``verdict``). Adds ``Analysis.stance``.

Actors are people, organisations, groups and countries that the article names in at least two
sentences: a name in passing is not an actor the article takes a stance on, nor a demonym used as
an adjective ("Russian hackers").
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from storytrail.model import Analysis, Mention, Span, Stance, stable_id
from storytrail.places import country_code

LABELS = ("negative", "neutral", "positive")
TARGET_TYPES = frozenset({"PERSON", "ORG", "NORP"})  # and countries (GPE)
MIN_SENTENCES = 2
# A voice takes a side when at least LEANING_SHARE of its sentences, and at least MIN_LEANING of
# them, are evaluative (lean either way): the side most of them lean to, or "mixed" when the other
# side has at least MIN_LEANING and a third of them. The article's own voice, chosen by
# leave-one-event-out on NewsWCL50 dev (``training/stance_leaning.py``; every held-out event
# picked 0.6 and 3), where straight reporting is neutral: a few sentences on bad news for an
# actor are not a stance. A quoted speaker's words are their stance, and one sentence can carry
# it (on NewsWCL50 dev, where no quoted voice is neutral, asking three sentences of them took
# quoted accuracy from .48 to .13).
LEANING_SHARE = {"article": 0.6, "quoted": 0.5}
MIN_LEANING = {"article": 3, "quoted": 1}
MIXED_SHARE = 1 / 3
EVIDENCE_SENTENCES = 3


class StanceModel:
    """all-MiniLM-L6-v2 fine-tuned for sentiment toward a target on NewsMTSC (int8 ONNX) and its
    linear head over the sentence and target token states; onnxruntime and numpy at prediction."""

    def __init__(self) -> None:
        from storytrail.article.embeddings import MiniLM

        data = resources.files("storytrail").joinpath("data")
        with data.joinpath("stance-head.npz").open("rb") as stream:
            weights = np.load(stream)
            self.coef = weights["coef"]
            self.intercept = weights["intercept"]
        self.encoder = MiniLM(Path(str(data.joinpath("stance-minilm-int8.onnx"))))

    def probabilities(self, items: list[tuple[str, int, int]]) -> np.ndarray:
        from storytrail.article.embeddings import ARTICLE_BATCH

        if not items:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        logits = self.encoder.encode_targets(items, batch_size=ARTICLE_BATCH) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def labels(self, items: list[tuple[str, int, int]]) -> list[str]:
        return [LABELS[i] for i in self.probabilities(items).argmax(axis=1)]


@functools.lru_cache(maxsize=1)
def stance_model() -> StanceModel:
    return StanceModel()


def verdict(negative: int, positive: int, sentences: int, voice: str = "article") -> tuple[str, float]:
    """The label of a voice toward an actor from how many of its sentences lean each way, and the
    share of the sentences that support it."""
    evaluative, least = negative + positive, MIN_LEANING[voice]
    if sentences == 0:
        return "neutral", 0.0  # an actor the article's own voice never speaks of: no stance, and no evidence for one
    if evaluative < max(least, LEANING_SHARE[voice] * sentences):
        return "neutral", (sentences - evaluative) / sentences
    if min(negative, positive) >= max(least, MIXED_SHARE * evaluative):
        return "mixed", evaluative / sentences
    if negative > positive:
        return "negative", negative / sentences
    if positive > negative:
        return "positive", positive / sentences
    return "neutral", (sentences - evaluative) / sentences


def pooled_verdict(parts: Sequence[tuple[str, float, int, int, int]], voice: str) -> tuple[str, float, int, int, int]:
    """The verdict of one voice toward one actor over several rows (each: label, confidence,
    negative, positive, sentences), with their pooled counts. One row keeps its own verdict (a row
    stored before the lean counts were kept has none to pool); several pool their sentences and
    are judged again."""
    negative, positive, sentences = (sum(part[i] for part in parts) for i in (2, 3, 4))
    label, confidence = parts[0][:2] if len(parts) == 1 else verdict(negative, positive, sentences, voice)
    return label, confidence, negative, positive, sentences


def pooled_score(parts: Sequence[tuple[float, int]]) -> float:
    """The mean score of several rows (each: score, sentences), weighted by their sentences; 0
    where none has a sentence (actors the article's own voice never speaks of)."""
    sentences = sum(n for _, n in parts)
    return sum(score * n for score, n in parts) / sentences if sentences else 0.0


def is_actor(mention: Mention, doc: Doc) -> bool:
    """People, organisations and countries; a group ("the Democrats", "North Koreans") only where
    the article names it as a noun: "Russian hackers", "the French president" or "Jewish Labour
    supporters" are about the hackers, the president and the supporters."""
    if mention.type == "GPE":
        return country_code(mention.name) is not None
    if mention.type == "NORP":
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is None or not (span[-1].pos_ == "ADJ" or span[-1].dep_ in ("amod", "compound"))
    return mention.type in TARGET_TYPES


def assess_stance(analysis: Analysis) -> Analysis:
    """Stance stage: sets ``analysis.stance`` from the parsed sentences, mentions and quotes."""
    text = analysis.article.text
    sentence_starts = [s.start_char for s in analysis.parsed.sents]
    sentence_ends = [s.end_char for s in analysis.parsed.sents]
    quoted = [q for q in analysis.quotes if q.parent is None]
    # One item per actor, voice and sentence: the actor's first mention in the sentence.
    found: dict[tuple, tuple[str, int, int]] = {}
    names: dict[str, str] = {}
    named_in: dict[str, set[int]] = defaultdict(set)  # the sentences that name each actor, scored or not
    for mention in analysis.mentions:
        if not is_actor(mention, analysis.parsed):
            continue
        index = int(np.searchsorted(sentence_starts, mention.start, side="right")) - 1
        lo, hi = sentence_starts[index], sentence_ends[index]
        named_in[mention.cluster].add(lo)
        names.setdefault(mention.cluster, mention.name)
        holder_quote = next((q for q in quoted if q.start <= mention.start < q.end), None)
        voice, holder = ("quoted", holder_quote.speaker_name) if holder_quote else ("article", None)
        if holder_quote is not None and holder_quote.speaker_cluster == mention.cluster:
            continue  # a speaker's own name inside the quote is no target of that speaker
        if holder_quote is None and any(q.speaker is not None and q.speaker.start <= mention.start < q.speaker.end for q in quoted):
            # "Trump called the deal insane": the article reports what its speaker says; the words
            # are the speaker's stance toward the deal, not the article's toward the speaker
            continue
        found.setdefault((mention.cluster, voice, holder, lo, hi), (text[lo:hi], mention.start - lo, mention.end - lo))
    keys = [key for key in found if len(named_in[key[0]]) >= MIN_SENTENCES]
    probabilities = stance_model().probabilities([found[key] for key in keys])
    grouped: dict[tuple, list[tuple[np.ndarray, tuple[int, int]]]] = defaultdict(list)
    for (cluster, voice, holder, lo, hi), probs in zip(keys, probabilities):
        grouped[(cluster, voice, holder)].append((probs, (lo, hi)))
    # A main actor whom the article names only as a speaker or inside quotations still has the
    # article's own row: neutral, with no sentences to show for it ("Donald Trump: Comey Memos
    # Show …" names Trump as the speaker of its claim).
    for cluster in sorted(c for c, sentences in named_in.items() if len(sentences) >= MIN_SENTENCES):
        grouped.setdefault((cluster, "article", None), [])
    stance = []
    for (cluster, voice, holder), scored in grouped.items():
        leaning = [LABELS[int(probs.argmax())] for probs, _ in scored]
        negative, positive = leaning.count("negative"), leaning.count("positive")
        label, confidence = verdict(negative, positive, len(scored), voice)
        margins = [float(probs[2] - probs[0]) for probs, _ in scored]
        score = float(np.mean(margins)) if margins else 0.0
        # Evidence: the sentences leaning the label's way most; for "mixed" the most hostile and
        # the most approving in turn; for "neutral" the most loaded, which did not make a stance.
        most_negative = sorted(range(len(scored)), key=lambda i: margins[i])
        if label == "negative":
            order = most_negative
        elif label == "positive":
            order = most_negative[::-1]
        elif label == "mixed":
            order = [i for pair in zip(most_negative, most_negative[::-1]) for i in pair]
            order = list(dict.fromkeys(order))
        else:
            order = sorted(range(len(scored)), key=lambda i: -abs(margins[i]))
        evidence = [Span(lo, hi, text[lo:hi]) for _, (lo, hi) in (scored[i] for i in order[:EVIDENCE_SENTENCES])]
        stance.append(
            Stance(
                id=stable_id(analysis.article.id, cluster, voice, holder),
                doc=analysis.article.id,
                cluster=cluster,
                name=names[cluster],
                voice=voice,
                holder=holder,
                label=label,
                score=round(score, 4),
                sentences=len(scored),
                evidence=evidence,
                negative=negative,
                positive=positive,
                confidence=round(confidence, 4),
            )
        )
    analysis.stance = stance
    return analysis
