"""Mentions stage: named mentions grouped within one article, and quote speakers resolved to them.

Adds ``Analysis.mentions`` and sets each quote's ``speaker_cluster`` and ``speaker_name``:
"Mr Khan" and "He" become Sadiq Khan when the article names him in full.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.tokens import Doc

from .cues import TITLES
from .model import Analysis, Mention, Quote, stable_id

ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC", "WORK_OF_ART": "WORK"}
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def fold(text: str) -> str:
    """Lower case without accents, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_tokens(text: str) -> list[str]:
    """The words of a name without titles and the possessive: "Mr Khan's" -> ["khan"]."""
    text = POSSESSIVE.sub("", text.strip())
    words = [w for w in re.split(r"[\s\u00a0]+", fold(text)) if w]
    while len(words) > 1 and words[0].strip(".") in TITLES:
        words = words[1:]
    return words


def clean_mention(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a leading "the" and a trailing possessive from a mention's character span."""
    text = doc.text[start:end]
    match = POSSESSIVE.search(text)
    if match and match.start() > 0:
        end = start + match.start()
    if text.lower().startswith("the "):
        start += 4
    return start, end


class Clusters:
    """Within-article groups of names: a full name, then its surname, first name or titled forms."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}  # cluster id -> its name variants, in order
        self.types: dict[str, str] = {}

    def best_name(self, cluster: str) -> str:
        return max(self.names[cluster], key=lambda n: (len(name_tokens(n)), -self.names[cluster].index(n)))

    def find(self, text: str, type_: str) -> str | None:
        words = name_tokens(text)
        if not words:
            return None
        key = " ".join(words)
        for cluster, variants in self.names.items():
            if self.types[cluster] != type_:
                continue
            for variant in variants:
                known = name_tokens(variant)
                if " ".join(known) == key:
                    return cluster
                if type_ == "PERSON" and len(words) == 1 and len(known) > 1 and words[0] in (known[0], known[-1]):
                    return cluster
                if type_ == "PERSON" and len(known) == 1 and len(words) > 1 and known[0] in (words[0], words[-1]):
                    return cluster
        return None

    def add(self, doc_id: str, text: str, type_: str) -> str:
        cluster = self.find(text, type_)
        if cluster is None:
            cluster = stable_id(doc_id, type_, " ".join(name_tokens(text)))
            self.names[cluster] = []
            self.types[cluster] = type_
        if text not in self.names[cluster]:
            self.names[cluster].append(text)
        return cluster


def collect_mentions(analysis: Analysis) -> tuple[list[Mention], Clusters]:
    doc = analysis.doc
    doc_id = analysis.article.id
    clusters = Clusters()
    raw = []
    for ent in doc.ents:
        type_ = ENTITY_TYPES.get(ent.label_)
        if type_ is None:
            continue
        start, end = clean_mention(doc, ent.start_char, ent.end_char)
        if end <= start:
            continue
        raw.append((start, end, type_))
    # Full names first, so that "Khan" seen before "Sadiq Khan" still joins him.
    for start, end, type_ in sorted(raw, key=lambda r: -len(name_tokens(doc.text[r[0] : r[1]]))):
        clusters.add(doc_id, doc.text[start:end], type_)
    mentions = []
    for start, end, type_ in raw:
        text = doc.text[start:end]
        cluster = clusters.add(doc_id, text, type_)
        mentions.append(
            Mention(
                id=stable_id(doc_id, start, end),
                doc=doc_id,
                start=start,
                end=end,
                text=text,
                type=type_,
                cluster=cluster,
                name=clusters.best_name(cluster),
            )
        )
    for mention in mentions:
        mention.name = clusters.best_name(mention.cluster)
    return mentions, clusters


def resolve_speaker(quote: Quote, mentions: list[Mention], clusters: Clusters, previous_speaker: Mention | None) -> Mention | None:
    """The named mention a quote's speaker mention refers to."""
    speaker = quote.speaker
    if speaker is None:
        return None
    overlapping = [m for m in mentions if m.start < speaker.end and speaker.start < m.end]
    if overlapping:
        return max(overlapping, key=lambda m: m.end - m.start)
    if speaker.text.lower() in PERSON_PRONOUNS:
        earlier = [m for m in mentions if m.type == "PERSON" and m.end <= speaker.start and not (quote.start <= m.start < quote.end)]
        if previous_speaker is not None and (not earlier or earlier[-1].cluster == previous_speaker.cluster or previous_speaker.start > earlier[-1].start - 400):
            return previous_speaker
        return earlier[-1] if earlier else None
    cluster = clusters.find(speaker.text, "PERSON")
    if cluster is not None:
        return next(m for m in mentions if m.cluster == cluster)
    return None


def resolve_mentions(analysis: Analysis) -> Analysis:
    """Mentions stage: sets ``analysis.mentions`` and the speaker name of every quote."""
    mentions, clusters = collect_mentions(analysis)
    mentions.sort(key=lambda m: m.start)
    analysis.mentions = mentions
    previous: Mention | None = None
    for quote in sorted(analysis.quotes, key=lambda q: q.start):
        resolved = resolve_speaker(quote, mentions, clusters, previous)
        if resolved is not None:
            quote.speaker_cluster = resolved.cluster
            quote.speaker_name = clusters.best_name(resolved.cluster)
            if quote.parent is None:
                previous = resolved
        elif quote.speaker is not None and len(quote.speaker.text.split()) > 1:
            # A speaker that is no named entity ("the letter", "his campaign people") keeps its own words.
            quote.speaker_name = quote.speaker.text
    return analysis
