"""A reader's corrections to the entities: merge two, split one name out, rename one.

Corrections name entities by the names a reader sees, not by ids, so that they hold however the
entities stage groups the mentions of a later run: they are kept in the store and applied, in
the order they were made, after every run of the entities stage (``pipeline.run_entities``).
Applying them again changes nothing: a merged entity stays merged, a split name stays apart, a
renamed entity keeps its name when new articles join it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from storytrail.model import Correction, Entity, EntityChanges, Mention, stable_id
from storytrail.names import name_key


@dataclass
class Outcome:
    """What applying the corrections changed, and the corrections that named no entity."""

    changes: EntityChanges
    unmatched: list[Correction]


class EntityState:
    """The entity of every mention, as the corrections move them."""

    def __init__(self, mentions: list[Mention], entities: dict[str, Entity]) -> None:
        self.mentions = [m for m in mentions if m.entity is not None]
        self.entities = dict(entities)
        self.entity_of: dict[str, str] = {m.id: m.entity for m in mentions if m.entity is not None}
        self.touched: set[str] = set()
        self.removed: set[str] = set()

    def members(self, entity: str) -> list[Mention]:
        return [m for m in self.mentions if self.entity_of[m.id] == entity]

    def holding(self, name: str) -> str | None:
        """The entity a reader means by a name: the one it names, else the one with the most
        mentions under that name."""
        key = name_key(name)
        sizes = Counter(self.entity_of.values())
        named = [e for e in self.entities.values() if sizes[e.id] and name_key(e.name) == key]
        if named:
            return max(named, key=lambda e: (sizes[e.id], e.id)).id
        counts = Counter(self.entity_of[m.id] for m in self.mentions if key == name_key(m.name) or (m.kind == "name" and key == name_key(m.text)))
        return max(counts, key=lambda e: (counts[e], e)) if counts else None

    def move(self, mentions: list[Mention], entity: str) -> None:
        for mention in mentions:
            if self.entity_of[mention.id] != entity:
                self.touched.add(self.entity_of[mention.id])
                self.entity_of[mention.id] = entity
        self.touched.add(entity)

    def apply(self, correction: Correction) -> bool:
        """Apply one correction; False when it names no entity of the store."""
        source = self.holding(correction.name)
        if source is None:
            return False
        if correction.action == "rename":
            old = self.entities[source]
            self.entities[source] = Entity(source, correction.other or old.name, old.type)
            self.touched.add(source)
        elif correction.action == "merge":
            target = self.holding(correction.other or "")
            if target is None:
                return False
            if target != source:
                self.move(self.members(source), target)
                self.removed.add(source)
        elif correction.action == "split":
            key = name_key(correction.name)
            members = self.members(source)
            leaving = [m for m in members if name_key(m.name) == key]
            if leaving and len(leaving) < len(members):
                split_id = stable_id("entity", "split", key)
                type_ = Counter(m.type for m in leaving).most_common(1)[0][0]
                self.entities[split_id] = Entity(split_id, correction.name, type_)
                self.removed.discard(split_id)
                self.move(leaving, split_id)
        return True

    def changes(self, original: dict[str, str]) -> EntityChanges:
        changes = EntityChanges()
        changes.removed = sorted(e for e in self.removed if not self.members(e))
        clusters: dict[str, set[str]] = defaultdict(set)
        for mention in self.mentions:
            clusters[self.entity_of[mention.id]].add(mention.cluster)
        for entity in sorted(self.touched - set(changes.removed)):
            changes.entities.append(self.entities[entity])
            for cluster in clusters[entity]:
                changes.cluster_entity[cluster] = self.entities[entity]
        changes.mention_entity = [(m.id, self.entity_of[m.id]) for m in self.mentions if self.entity_of[m.id] != original[m.id]]
        return changes


def apply_corrections(corrections: list[Correction], mentions: list[Mention], entities: dict[str, Entity]) -> Outcome:
    """The entities after the corrections, in the order they were made, given every mention with
    its entity and every entity."""
    state = EntityState(mentions, entities)
    original = dict(state.entity_of)
    unmatched = [c for c in corrections if not state.apply(c)]
    return Outcome(state.changes(original), unmatched)
