"""The data model every stage and front end shares.

Offsets are always Python string indices into ``Article.text`` (characters, end exclusive).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from storytrail import headlines

# How a quote vector is kept: half the bytes of float32; the trails' cosine thresholds are two decimals.
VECTOR_DTYPE = "float16"


def stable_id(*parts: object, size: int = 16) -> str:
    """An id that depends only on its parts, so re-running on the same input gives the same ids."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:size]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    id: str
    text: str
    source: str  # file path, URL or "path#row" where the article came from
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    updated: str | None = None
    # where the text's own headline lies ([start, end) of its first line), when it has one: later
    # stages read it as a headline, not as the first sentence of the body. Found from the text (and
    # the title and URL, when given) unless given.
    title_span: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.title_span is None:
            self.title_span = headlines.title_span(self.text, self.title, self.url)

    @property
    def hash(self) -> str:
        return content_hash(self.text)

    def metadata(self) -> dict[str, Any]:
        data = asdict(self)
        del data["text"]
        return data


@dataclass(slots=True, frozen=True)
class Span:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Mention:
    """A mention of an entity within one article; ``cluster`` groups mentions of one referent."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, WORK, PRON
    cluster: str  # within-article cluster id
    name: str  # the cluster's best name in this article
    entity: str | None = None  # corpus-level entity id, set by the entities stage
    kind: str = "name"  # a name, or a description of a named person ("the president"): never a name of its entity


@dataclass(slots=True)
class Quote:
    id: str
    doc: str
    start: int
    end: int
    text: str
    kind: str  # direct, mixed, indirect, blockquote
    spans: list[tuple[int, int]]
    cue: Span | None = None
    cue_type: str = "speech"  # speech (said, wrote, according to) or thought (believes, hopes)
    # whether the cue reports words or thoughts ("said", "believes", "according to", a colon, or
    # quotation marks alone) rather than an act of the source ("withdrew", "filed", "seeks"), which
    # PolNeAR counts as an attribution but states nothing another outlet could repeat
    reports: bool = True
    speaker: Span | None = None
    speaker_cluster: str | None = None
    speaker_name: str | None = None
    speaker_entity: str | None = None
    parent: str | None = None
    trail: str | None = None

    def export(self) -> dict[str, Any]:
        speaker = None
        if self.speaker is not None or self.speaker_name is not None:
            speaker = {
                "start": self.speaker.start if self.speaker else None,
                "end": self.speaker.end if self.speaker else None,
                "text": self.speaker.text if self.speaker else None,
                "entity": self.speaker_entity,
                "name": self.speaker_name,
            }
        return {
            "doc": self.doc,
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "kind": self.kind,
            "cue": self.cue.as_dict() if self.cue else None,
            "cue_type": self.cue_type,
            "speaker": speaker,
            "parent": self.parent,
            "trail": self.trail,
        }


PART_SEPARATOR = "/"


def statements_of(quote: Quote) -> list[Quote]:
    """The statements a quote makes, as the trails stage follows them: a quotation split around
    its cue ("…," he said. "…") is one statement per part (an outlet that repeats it often
    repeats one part, and each part can travel on its own), any other quote one statement. A
    part's id is its quote's id, ``PART_SEPARATOR`` and its number."""
    if len(quote.spans) < 2:
        return [quote]
    parts, offset = [], 0
    for number, (start, end) in enumerate(quote.spans):
        text = quote.text[offset : offset + end - start]
        offset += end - start + 1  # the text joins the parts with one space
        parts.append(replace(quote, id=f"{quote.id}{PART_SEPARATOR}{number}", start=start, end=end, text=text, spans=[(start, end)]))
    return parts


def quote_of_statement(statement_id: str) -> str:
    return statement_id.split(PART_SEPARATOR, 1)[0]


@dataclass(slots=True)
class Stance:
    """How one voice in an article treats one actor: the article's own, or a quoted speaker's."""

    id: str
    doc: str
    cluster: str  # the actor's within-article mention cluster
    name: str
    voice: str  # "article" or "quoted"
    holder: str | None  # the quoted speaker whose words these are
    label: str  # negative, neutral, positive, mixed
    score: float  # mean of P(positive) - P(negative) over the sentences
    sentences: int
    evidence: list[Span] = field(default_factory=list)
    entity: str | None = None  # the actor's corpus entity, set by the entities stage
    negative: int = 0  # sentences that treat the actor negatively (the model's most likely label)
    positive: int = 0
    confidence: float = 0.0  # the share of the sentences that support the label


@dataclass(slots=True)
class Role:
    """A title an article gives a person: "leader" in "Labor Party leader David Miliband"."""

    id: str
    doc: str
    mention: str
    cluster: str
    start: int
    end: int
    text: str
    head: str  # the role's head lemma
    modifiers: str  # its other words, folded ("labor party")


@dataclass(slots=True)
class Analysis:
    """One article and everything the stages found in it; each stage returns it enriched."""

    article: Article
    parsed: Any = None  # the spacy.tokens.Doc once the nlp stage ran
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    stance: list[Stance] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    quote_vectors: dict[str, Any] = field(default_factory=dict)  # statement id (``statements_of``) -> numpy vector
    stages_run: list[str] = field(default_factory=list)  # the stages a spaCy component ran on it


# ---------------------------------------------------------------- the corpus stages' model
# What the entities, trails and findings stages take and return: plain objects, so that each
# stage runs and is tested without a store, and the store is the one place that maps them to rows.


@dataclass(slots=True, frozen=True)
class DocSpan:
    """A stretch of one article's text, given as evidence."""

    doc: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """One person, organisation, place, group or document across the corpus."""

    id: str
    name: str
    type: str


@dataclass(slots=True)
class EntityChanges:
    """What the entities stage decided, for the store to apply in one transaction."""

    entities: list[Entity] = field(default_factory=list)  # new or renamed, written as they are
    removed: list[str] = field(default_factory=list)  # ids of entities merged into others
    mention_entity: list[tuple[str, str]] = field(default_factory=list)  # (mention id, entity id) that changed
    cluster_entity: dict[str, Entity] = field(default_factory=dict)  # within-article cluster -> its entity


@dataclass(frozen=True, slots=True)
class Correction:
    """``merge`` NAME into OTHER's entity; ``split`` NAME out of the entity that holds it;
    ``rename`` the entity that holds NAME to OTHER."""

    id: int
    action: str
    name: str
    other: str | None = None

    def describe(self) -> str:
        if self.action == "merge":
            return f"merge “{self.name}” into “{self.other}”"
        if self.action == "split":
            return f"split “{self.name}” out of the entity that holds it"
        return f"rename “{self.name}” to “{self.other}”"


@dataclass(slots=True)
class DocumentMerge:
    """Documents of several articles that are one document: the others join ``keep``, named ``name``."""

    keep: str
    others: list[str]
    name: str


@dataclass(slots=True)
class TrailMember:
    doc: str
    quote: str
    start: int
    end: int
    text: str
    speaker: str | None
    published: str | None
    diff: list[list[str]]  # word operations turning the first wording into this one

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "quote": self.quote, "start": self.start, "end": self.end, "text": self.text,
            "speaker": self.speaker, "published": self.published, "diff": self.diff,
        }


@dataclass(slots=True, frozen=True)
class Drift:
    """How a statement changed on its way from one article (``source``) to another (``target``):
    between a member and the earlier member it is most alike, the two quotes its evidence."""

    source: str
    target: str
    kind: str  # wording, attribution, meaning
    detail: str
    source_quote: str = ""  # the quote ids of both sides (empty in trails stored before they were kept)
    target_quote: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "kind": self.kind, "detail": self.detail,
                "from_quote": self.source_quote, "to_quote": self.target_quote}


@dataclass(slots=True)
class Trail:
    """One statement across articles, its members in time order, the first appearance first."""

    id: str
    label: str
    first: str  # the article of the first appearance
    members: list[TrailMember]
    drift: list[Drift]

    @property
    def first_tied(self) -> list[str]:
        """The articles that share the first appearance, when the dates cannot order them: the
        same day with no time of day on one side, or no date at all. Empty when the first is known.
        Members are in time order (unknown dates last), so only the first's day can tie with it."""
        first = self.members[0].published if self.members else None

        def ties(published: str | None) -> bool:
            if first is None or published is None:
                return first is None and published is None
            same_day = published[:10] == first[:10]
            return same_day and ("T" not in first or "T" not in published or published == first)

        docs = list(dict.fromkeys(m.doc for m in self.members if ties(m.published)))
        return docs if len(docs) > 1 else []

    def export(self) -> dict[str, Any]:
        return {
            "id": self.id, "label": self.label, "members": [m.as_dict() for m in self.members],
            "first": self.first, "first_tied": self.first_tied, "drift": [d.as_dict() for d in self.drift],
        }


@dataclass(slots=True)
class TrailUpdate:
    """The trails stage's result: every trail, and the group of every statement it matched."""

    trails: list[Trail]
    groups: dict[str, str]  # statement id (``statements_of``) -> the id of one statement of its group


@dataclass(slots=True)
class Finding:
    id: str
    kind: str  # role_conflict, speaker_conflict, meaning_drift
    summary: str
    evidence: list[DocSpan]

    def export(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "summary": self.summary, "evidence": [e.as_dict() for e in self.evidence]}


@dataclass(slots=True)
class StanceRow:
    """The stance of one voice in one article toward one corpus actor: the article's rows for
    that actor's mention clusters combined."""

    doc: str
    entity: str | None
    name: str
    voice: str
    holder: str | None
    label: str
    score: float
    sentences: int
    evidence: list[dict[str, Any]]
    confidence: float  # the share of the sentences that support the label
    negative: int  # sentences that lean negative toward the actor
    positive: int

    def export(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "entity": self.entity, "name": self.name, "voice": self.voice, "holder": self.holder,
            "label": self.label, "score": self.score, "confidence": self.confidence, "sentences": self.sentences,
            "negative": self.negative, "positive": self.positive, "evidence": self.evidence,
        }
