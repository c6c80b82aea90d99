"""The data model every stage and front end shares.

Offsets are always Python string indices into ``Article.text`` (characters, end exclusive).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


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
            "speaker": speaker,
            "parent": self.parent,
            "trail": self.trail,
        }


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
    doc: Any = None  # spacy.tokens.Doc once the nlp stage ran
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    stance: list[Stance] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    quote_vectors: dict[str, Any] = field(default_factory=dict)  # quote id -> numpy vector
