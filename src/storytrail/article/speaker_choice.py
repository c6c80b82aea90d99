"""A learned choice of a speaker for the quotes the rules leave without one.

The rules (``quotes.py``, ``speakers.py``) find the speaker beside the cue: the subject of "said",
the source of "according to", a signature, an introducing line. Where they find none ("Lenox was
a juggernaut, Mr. Clarke said, until …", where the cue sits inside the quote's span; "… ,” Tulsa
police Chief Chuck Jordan said Monday."), the speaker is usually still in view: in the quote's
sentence, the one before or the one after. Every noun-phrase head there that lies outside quoted
words is a candidate; a logistic regression scores each from its place (side, sentences and
characters away, rank by nearness), its syntax (its dependency, whether its verb is a speech cue
or the quote's cue, whether it governs the quote), its kind (name, pronoun, common noun; the
entity type of its mention) and the quote's kind. The best candidate becomes the speaker when
the model finds it more likely the source than not; below that the speaker stays empty rather
than guessed. A speaker the rules chose is kept: overruling them gained less than half a point
on PolNeAR and undid their deliberate choices ("In the letter, … the Labour supporters write:"
credits the letter).

Trained on PolNeAR train by ``training/train_speaker_choice.py`` (C by cross-validation on
train); the weights are a small JSON file applied with the standard library.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from storytrail.article.cues import DOCUMENT_NOUNS, is_cue, is_speech_cue, noun_phrase, subject_is_no_source, token_at
from storytrail.article.logistic import LogisticModel, packaged_weights
from storytrail.article.quote_filter import PRONOUN_KINDS as QUOTE_FILTER_PRONOUNS
from storytrail.model import Analysis, Mention, Quote, Span

CANDIDATE_POS = frozenset({"PROPN", "NOUN", "PRON"})
NOT_HEAD_DEPS = frozenset({"compound", "flat", "expl"})
KNOWN_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "dobj", "appos", "conj", "attr", "ROOT", "poss", "npadvmod", "dative"})
PRONOUN_KINDS = QUOTE_FILTER_PRONOUNS | dict.fromkeys(("who", "which", "that"), "relative")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
SENTENCES_AROUND = 1  # candidates come from the quote's sentences and this many on either side


def quoted_regions(analysis: Analysis) -> list[tuple[int, int]]:
    """Words inside quotation marks: no speaker is taken from them."""
    return sorted((s, e) for q in analysis.quotes if q.kind != "indirect" for s, e in q.spans)


def inside(regions: list[tuple[int, int]], at: int) -> bool:
    return any(s <= at < e for s, e in regions)


def candidate_heads(doc: Doc, quote: Quote, quoted: list[tuple[int, int]]) -> list[Token]:
    """Noun-phrase heads in the quote's sentences and one sentence either side, outside the quote
    and outside any quotation, and not a cue's subject that is no source (``subject_is_no_source``)."""
    cue = token_at(doc, quote.cue.start) if quote.cue is not None else None
    first = token_at(doc, quote.start).sent
    last = token_at(doc, max(quote.start, quote.end - 1)).sent
    start, end = first.start, last.end
    for _ in range(SENTENCES_AROUND):
        if start > 0:
            start = doc[start - 1].sent.start
        if end < len(doc):
            end = doc[end].sent.end
    return [
        t
        for t in doc[start:end]
        if t.pos_ in CANDIDATE_POS
        and any(c.isalnum() for c in t.text)  # the tagger calls a stray quotation mark a noun now and then
        and t.dep_ not in NOT_HEAD_DEPS
        and not inside(quote.spans, t.idx)
        and not inside(quoted, t.idx)
        and not (t.dep_ in SUBJECT_DEPS and cue is not None and t.head == cue and subject_is_no_source(cue))
    ]


def mention_type(mentions: list[Mention], starts: list[int], phrase_start: int, phrase_end: int) -> str:
    lo = bisect_left(starts, phrase_start)
    hi = bisect_right(starts, phrase_end - 1)
    types = [mentions[i].type for i in range(lo, hi) if mentions[i].end <= phrase_end]
    return types[-1] if types else "none"


def governs(head: Token, quote: Quote) -> bool:
    """Whether the candidate's verb has the quote's first content word below it."""
    verb = head.head
    if verb is head:
        return False
    first = token_at(head.doc, quote.start)
    return verb.is_ancestor(first)


class QuoteContext:
    """What every candidate of one quote is compared with."""

    def __init__(self, analysis: Analysis, quote: Quote, heads: list[Token]) -> None:
        doc = analysis.parsed
        self.quote = quote
        self.first_sentence = token_at(doc, quote.start).sent.start
        self.last_sentence = token_at(doc, max(quote.start, quote.end - 1)).sent.start
        self.cue = token_at(doc, quote.cue.start) if quote.cue is not None else None
        before = sorted((h for h in heads if h.idx < quote.start), key=lambda h: quote.start - h.idx)
        after = sorted((h for h in heads if h.idx >= quote.end), key=lambda h: h.idx - quote.end)
        self.rank = {h.i: r for r, h in enumerate(before)} | {h.i: r for r, h in enumerate(after)}


def candidate_features(context: QuoteContext, head: Token, phrase: Span, mentions: list[Mention], starts: list[int]) -> dict[str, float]:
    """The named features of one candidate for one quote (absent ones are 0)."""
    quote = context.quote
    if head.idx < quote.start:
        side = "before"
        distance = quote.start - phrase.end
    elif head.idx >= quote.end:
        side = "after"
        distance = phrase.start - quote.end
    else:
        side = "between"  # the attribution inside a split quotation
        distance = 0
    sentence = head.sent.start
    place = "same" if context.first_sentence <= sentence <= context.last_sentence else "prev" if sentence < context.first_sentence else "next"
    rank = min(context.rank.get(head.i, 0), 2)
    dep = head.dep_ if head.dep_ in KNOWN_DEPS else "other"
    verb = head.head
    kind = PRONOUN_KINDS.get(head.lower_, "other") if head.pos_ == "PRON" else head.pos_.lower()
    entity = mention_type(mentions, starts, phrase.start, phrase.end)
    speech = is_speech_cue(verb)
    is_subject = head.dep_ in SUBJECT_DEPS
    features = {
        "side_" + side: 1.0,
        "place_" + place: 1.0,
        f"rank_{side}_{rank}": 1.0,
        "log_distance": math.log1p(max(distance, 0)),
        "dep_" + dep: 1.0,
        "kind_" + kind: 1.0,
        "entity_" + entity: 1.0,
        f"quote_{quote.kind}_{side}": 1.0,
        "verb_speech": float(speech),
        "verb_cue": float(is_cue(verb, with_beliefs=True)),
        "verb_is_quote_cue": float(context.cue is not None and verb.i == context.cue.i),
        "is_quote_cue_subject": float(context.cue is not None and verb.i == context.cue.i and is_subject),
        "speech_subject": float(speech and is_subject),
        f"speech_subject_{side}": float(speech and is_subject),
        f"subject_{place}": float(is_subject),
        "governs_quote": float(governs(head, quote)),
        "sentence_subject": float(is_subject and verb.dep_ == "ROOT"),
        "document": float(head.lemma_.lower() in DOCUMENT_NOUNS),
        "by_agent": float(head.dep_ == "pobj" and verb.lower_ == "by"),
        "according": float(head.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ == "according"),
        "possessor": float(head.dep_ == "poss" and verb.pos_ == "NOUN"),  # "Trump's claim that …"
        "has_cue": float(quote.cue is not None),
        "capitalised": float(head.text[:1].isupper() and head.i != head.sent.start),
    }
    return {name: value for name, value in features.items() if value}


@functools.lru_cache(maxsize=1)
def speaker_choice_model() -> LogisticModel:
    return LogisticModel(packaged_weights("speaker_choice.json"))


def scored_candidates(analysis: Analysis, quote: Quote, quoted: list[tuple[int, int]], model: LogisticModel | None) -> list[tuple[dict[str, float], Span, float]]:
    """Each candidate's features, phrase and probability (0 without a model)."""
    doc = analysis.parsed
    heads = candidate_heads(doc, quote, quoted)
    context = QuoteContext(analysis, quote, heads)
    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    out = []
    for head in heads:
        span = noun_phrase(head)
        phrase = Span(span.start_char, span.end_char, span.text)
        features = candidate_features(context, head, phrase, mentions, starts)
        out.append((features, phrase, model.probability(features) if model is not None else 0.0))
    return out


def choose_speaker(quote: Quote, analysis: Analysis, quoted: list[tuple[int, int]]) -> bool:
    """Give a quote the rules left without a speaker the model's best candidate, when the model
    finds it more likely the source than not; True when it did."""
    if quote.speaker is not None:
        return False
    model = speaker_choice_model()
    candidates = scored_candidates(analysis, quote, quoted, model)
    if not candidates:
        return False
    _, phrase, best = max(candidates, key=lambda c: c[2])
    if best < model.threshold:
        return False
    quote.speaker = phrase
    return True
