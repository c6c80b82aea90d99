"""The one mapping between the data model and table rows: what each table's columns hold, both ways.

Lists and nested records (a quote's spans, a trail's members and drift, evidence) are JSON text
in their column; only this module writes or parses it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from storytrail.model import (
    Analysis,
    DocSpan,
    Drift,
    Entity,
    Finding,
    Mention,
    Quote,
    Role,
    Span,
    Stance,
    Trail,
    TrailMember,
    quote_of_statement,
)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- model -> rows


def analysis_rows(analysis: Analysis, model: str) -> dict[str, list[tuple]]:
    """An analysed article as the rows of each table (in ``schema.TABLE_COLUMNS`` order): what
    the store writes, and what a distributed run's workers write to Parquet for the store to load."""
    a = analysis.article
    return {
        "articles": [(a.id, a.hash, a.source, a.title, a.outlet, a.author, a.url, a.published, a.updated, a.text, len(a.text.split()), model, now(),
                      *(a.title_span or (None, None)))],
        "quotes": [quote_row(q) for q in analysis.quotes],
        "quote_vectors": [(statement, quote_of_statement(statement), v.tobytes()) for statement, v in analysis.quote_vectors.items()],
        "mentions": [(m.id, m.doc, m.start, m.end, m.text, m.type, m.cluster, m.name, m.entity, m.kind) for m in analysis.mentions],
        "roles": [(r.id, r.doc, r.mention, r.cluster, r.start, r.end, r.text, r.head, r.modifiers) for r in analysis.roles],
        "stance": [
            (st.id, st.doc, st.cluster, st.name, st.voice, st.holder, st.label, st.score, st.sentences,
             dumps([e.as_dict() for e in st.evidence]), st.entity, st.negative, st.positive, st.confidence)
            for st in analysis.stance
        ],
    }


def quote_row(q: Quote) -> tuple:
    return (
        q.id, q.doc, q.start, q.end, q.text, q.kind, json.dumps(q.spans),
        q.cue.start if q.cue else None, q.cue.end if q.cue else None, q.cue.text if q.cue else None,
        q.speaker.start if q.speaker else None, q.speaker.end if q.speaker else None, q.speaker.text if q.speaker else None,
        q.speaker_cluster, q.speaker_name, q.speaker_entity, q.parent, q.trail, q.cue_type, int(q.reports),
    )


def trail_row(trail: Trail) -> tuple:
    return (trail.id, trail.label, trail.first, dumps([m.as_dict() for m in trail.members]), dumps([d.as_dict() for d in trail.drift]))


def finding_row(finding: Finding) -> tuple:
    return (finding.id, finding.kind, finding.summary, dumps([e.as_dict() for e in finding.evidence]))


# ---------------------------------------------------------------- rows -> model


def quote_of(row: sqlite3.Row) -> Quote:
    def span(prefix: str) -> Span | None:
        if row[f"{prefix}_start"] is None:
            return None
        return Span(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"])

    return Quote(
        id=row["id"],
        doc=row["doc"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        kind=row["kind"],
        spans=[tuple(s) for s in json.loads(row["spans"])],
        cue=span("cue"),
        speaker=span("speaker"),
        speaker_cluster=row["speaker_cluster"],
        speaker_name=row["speaker_name"],
        speaker_entity=row["speaker_entity"],
        parent=row["parent"],
        trail=row["trail"],
        cue_type=row["cue_type"] or "speech",  # quotes stored before cue types were told apart
        reports=bool(row["reports"]),
    )


def mention_of(row: sqlite3.Row) -> Mention:
    return Mention(row["id"], row["doc"], row["start"], row["end"], row["text"], row["type"], row["cluster"], row["name"], row["entity"], row["kind"])


def role_of(row: sqlite3.Row) -> Role:
    return Role(row["id"], row["doc"], row["mention"], row["cluster"], row["start"], row["end"], row["text"], row["head"], row["modifiers"])


def entity_of(row: sqlite3.Row) -> Entity:
    return Entity(row["id"], row["name"], row["type"])


def stance_of(row: sqlite3.Row) -> Stance:
    return Stance(
        id=row["id"], doc=row["doc"], cluster=row["cluster"], name=row["name"], voice=row["voice"], holder=row["holder"],
        label=row["label"], score=row["score"], sentences=row["sentences"],
        evidence=[Span(e["start"], e["end"], e["text"]) for e in json.loads(row["evidence"])], entity=row["entity"],
        negative=row["negative"], positive=row["positive"], confidence=row["confidence"],
    )


def trail_of(row: sqlite3.Row) -> Trail:
    return Trail(
        id=row["id"],
        label=row["label"],
        first=row["first"],
        members=[TrailMember(**m) for m in json.loads(row["members"])],
        drift=[Drift(d["from"], d["to"], d["kind"], d["detail"], d.get("from_quote", ""), d.get("to_quote", "")) for d in json.loads(row["drift"])],
    )


def finding_of(row: sqlite3.Row) -> Finding:
    return Finding(row["id"], row["kind"], row["summary"], [DocSpan(**e) for e in json.loads(row["evidence"])])
