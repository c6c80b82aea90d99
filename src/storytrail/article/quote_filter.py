"""A trained check on each quote the rules find: is this reported speech, or a verb with an object?

The quote rules cast a wide net (PolNeAR counts plans, beliefs and stances as attributions, so
its cue lexicon is wide). A logistic regression over what the rules saw (the kind of quote, the
cue word and its learned rate, the speaker's kind, the content's shape) scores each top-level
quote that no speech verb governs, and those below the threshold are dropped. Trained on
PolNeAR train by ``training/train_quote_filter.py`` (C and threshold by cross-validation on
train); the weights are a small JSON file and need only the standard library to apply. On
PolNeAR dev, when it was added, it moved quote F1 from .722 to .724 and end-to-end F1 from .587
to .591; on the seeds it drops the scare quote 'conservative moderate' (and one short quotation
of Ken's).
"""

from __future__ import annotations

import functools
import math

from spacy.tokens import Doc, Token

from storytrail.article.cues import CONTENT_SHAPES, cue_rates, token_at, token_span
from storytrail.article.logistic import LogisticModel, packaged_weights
from storytrail.model import Quote

PRONOUN_KINDS = {"he": "he", "she": "he", "him": "he", "her": "he", "they": "they", "them": "they", "i": "i", "we": "i", "you": "you", "it": "it"}


def cue_shape(cue: Token) -> str:
    deps = {child.dep_ for child in cue.children}
    return next((shape for shape, wanted in CONTENT_SHAPES.items() if deps & set(wanted)), "none")


def speaker_kind(doc: Doc, quote: Quote) -> str:
    if quote.speaker is None:
        return "none"
    words = quote.speaker.text.lower().split()
    if len(words) == 1 and words[0] in PRONOUN_KINDS:
        return "pron_" + PRONOUN_KINDS[words[0]]
    if len(words) == 1 and words[0] in ("who", "that", "which"):
        return "relative"
    token = token_at(doc, quote.speaker.end - 1)
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return "ent_" + token.ent_type_
    return "propn" if token.pos_ == "PROPN" else "noun" if token.pos_ == "NOUN" else "other"


def quote_features(doc: Doc, text: str, quote: Quote) -> dict[str, float]:
    """The named features of one quote (absent ones are 0)."""
    features: dict[str, float] = {"bias_kind_" + quote.kind: 1.0, "speaker_" + speaker_kind(doc, quote): 1.0}
    words = quote.text.split()
    features["log_words"] = math.log1p(len(words))
    features["short"] = float(len(words) <= 4)
    features["starts_to"] = float(words[:1] == ["to"])
    features["has_mark"] = float(any(mark in text[max(0, quote.start - 1) : quote.end + 1] for mark in "\"“”"))
    content = token_span(doc, quote.start, quote.end)
    if content is not None:
        features["finite_clause"] = float(any(t.dep_ in ("nsubj", "nsubjpass") for t in content))
        features["sentences"] = float(len({t.sent.start for t in content}) > 1)
    if quote.cue is None:
        features["no_cue"] = 1.0
        return features
    cue = token_at(doc, quote.cue.start)
    lemma = cue.lemma_.lower()
    shape = cue_shape(cue)
    rate, count = cue_rates().get(f"{lemma}/{cue.pos_}/{shape}", (0.0, 0))
    features["cue_rate"] = rate
    features["cue_log_count"] = math.log1p(count)
    features["cue_unknown"] = float(count == 0)
    features["cue_" + lemma] = 1.0
    features["cue_pos_" + cue.pos_] = 1.0
    features["cue_dep_" + cue.dep_] = 1.0
    features["cue_shape_" + shape] = 1.0
    features["cue_after"] = float(cue.idx >= quote.end)
    features["cue_negated"] = float(any(child.dep_ == "neg" for child in cue.children))
    return features


class QuoteFilterModel(LogisticModel):
    def keep(self, doc: Doc, text: str, quote: Quote) -> bool:
        return self.probability(quote_features(doc, text, quote)) >= self.threshold


@functools.lru_cache(maxsize=1)
def quote_filter_model() -> QuoteFilterModel:
    return QuoteFilterModel(packaged_weights("quote_filter.json"))
