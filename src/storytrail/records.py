"""The stored results as the records of the export contract (PRODUCT.md): what ``export`` writes
and what the report and the explorer show. Reads through the store; no SQL here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from storytrail.model import Stance, StanceRow, Trail
from storytrail.store import Store

WHATS = ("articles", "quotes", "entities", "stance", "trails", "findings")


def article_records(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.article_rows():
        yield dict(row)


def quote_records(store: Store) -> Iterator[dict[str, Any]]:
    """Stored quotes in the export contract, shaped by ``Quote.export`` as the library's are."""
    for quote in store.quotes():
        yield quote.export()


def entity_records(store: Store) -> Iterator[dict[str, Any]]:
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)  # a description ("the president") is a mention, not an alias
    for row in store.entity_mentions():
        mentions[row["entity"]].append({"doc": row["doc"], "start": row["start"], "end": row["end"], "text": row["text"]})
        if row["kind"] == "name":
            names[row["entity"]].add(row["text"])
    for row in store.entity_list():
        found = mentions.get(row["id"], [])
        aliases = sorted(names[row["id"]] - {row["name"]})
        yield {"id": row["id"], "name": row["name"], "type": row["type"], "aliases": aliases, "mentions": found}


def combined_stance(rows: list[tuple[Stance, str | None]]) -> list[StanceRow]:
    """Stance per article, actor and voice. The actor is the corpus entity; where an article
    names it under several mention clusters ("Labour", "Labor Party") their sentences pool and
    the verdict is taken again over all of them."""
    from storytrail.article.stance import EVIDENCE_SENTENCES, pooled_score, pooled_verdict

    groups: dict[tuple, list[tuple[Stance, str | None]]] = defaultdict(list)
    for stance, entity_name in rows:
        groups[(stance.doc, stance.entity or stance.cluster, stance.voice, stance.holder or "")].append((stance, entity_name))
    combined = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda pair: -pair[0].sentences)
        stances = [s for s, _ in members]
        label, confidence, negative, positive, sentences = pooled_verdict(
            [(s.label, s.confidence, s.negative, s.positive, s.sentences) for s in stances], stances[0].voice
        )
        score = pooled_score([(s.score, s.sentences) for s in stances])
        first, first_entity_name = members[0]
        combined.append(
            StanceRow(
                doc=first.doc,
                entity=first.entity,
                name=first_entity_name or first.name,
                voice=first.voice,
                holder=first.holder,
                label=label,
                score=round(score, 4),
                sentences=sentences,
                evidence=[e.as_dict() for s in stances for e in s.evidence][:EVIDENCE_SENTENCES],
                confidence=round(confidence, 4),
                negative=negative,
                positive=positive,
            )
        )
    return combined


def stance_records(store: Store, doc: str | None = None, entities: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Stance per article, actor and voice: all of them, or those of one article or of some entities."""
    for row in combined_stance(store.stance_rows(doc, entities)):
        yield row.export()


def trail_records(store: Store) -> Iterator[dict[str, Any]]:
    for trail in store.trails():
        yield trail.export()


def tied_sources(trail: Trail, sources: dict[str, str]) -> str:
    """The sources tied for a trail's first appearance, as every front end names them ("" when the
    first is known)."""
    return ", ".join(dict.fromkeys(sources.get(doc, doc) for doc in trail.first_tied))


def by_spread(trails: list[Trail], sources: dict[str, str]) -> list[Trail]:
    """Trails widest spread first, as every front end lists them: most sources (``Store.source_labels``),
    then most members, then the earliest first appearance."""
    def spread(trail: Trail) -> tuple[int, int, str, str]:
        return -len({sources.get(m.doc, m.doc) for m in trail.members}), -len(trail.members), trail.members[0].published or "~", trail.id

    return sorted(trails, key=spread)


def finding_records(store: Store) -> Iterator[dict[str, Any]]:
    for finding in store.findings():
        yield finding.export()


RECORDS = {
    "articles": article_records,
    "quotes": quote_records,
    "entities": entity_records,
    "stance": stance_records,
    "trails": trail_records,
    "findings": finding_records,
}
