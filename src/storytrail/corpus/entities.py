"""Entities stage: every stored mention resolved into corpus-wide entities.

A corpus stage: it reads the mentions of the whole store, clusters them with the resolution
sieves (the same code ``storytrail eval entities`` scores on ECB+), keeps each article's own
grouping ("Mr Khan" is the Sadiq Khan of that article), and writes ``entities`` and the
``entity`` of every mention, quote speaker and stance row. A later run resolves only the mentions
added since, against the known entities, whose ids stay.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain

from storytrail.model import stable_id
from storytrail.names import TITLES, name_key, words_of
from storytrail.corpus.resolution import Candidate, UnionFind, resolve
from storytrail.store import Store

CORPUS_BLOCK = "corpus"


def canonical_name(names: Counter) -> str:
    """The fullest name, then the commonest: "Ken Livingstone" over "Ken" and "Livingstone";
    a title goes where a given name remains ("Sheik Yusuf al-Qaradawi" -> "Yusuf al-Qaradawi")."""
    name = max(names, key=lambda n: (len(words_of(n)), names[n], n))
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


def majority_types(rows: list) -> dict[str, str]:
    """One type per name across the corpus, by vote: the tagger's occasional "Labour" PERSON
    loses to its many "Labour" ORG."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        votes[name_key(row["text"])][row["type"]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def resolve_entities(store: Store) -> int:
    """Resolve the mentions stored since the last run into the corpus entities; returns how many
    entities there are.

    A new mention meets the known entities through one stand-in per name variant of each, not
    through their every mention, and joins the entity it resolves to, whose id stays. New
    mentions that meet no entity make new ones; an entity that new mentions join to another is
    merged into the larger. On a fresh store every mention is new: the whole corpus is resolved."""
    rows = [dict(row) for row in store.rows("SELECT id, doc, start, text, type, cluster, name, entity FROM mentions ORDER BY doc, start")]
    types = majority_types(rows)
    known: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["entity"] is not None:
            known[row["entity"]].append(row)
    fresh = [row for row in rows if row["entity"] is None]
    standins: dict[tuple[str, str], dict] = {}
    for entity, members in known.items():
        for row in members:
            standins.setdefault((entity, name_key(row["text"])), row)
    candidates = [
        Candidate(
            # "the letter" of one article is not another's by its name: documents meet across
            # articles only through the quotes they share (join_quoted_documents)
            id=row["id"], doc=row["doc"], block=f"work:{row['doc']}" if row["type"] == "WORK" else CORPUS_BLOCK,
            text=row["text"], position=row["start"], is_name=row["type"] != "WORK", type=types[name_key(row["text"])],
        )
        for row in chain(standins.values(), fresh)
    ]
    resolved = resolve(candidates) if fresh else {}
    sets = UnionFind()
    for mention, cluster in resolved.items():
        sets.union(mention, cluster)
    for (entity, _), row in standins.items():
        sets.union(entity, row["id"])
    first_of_cluster: dict[str, str] = {}
    for row in fresh:
        sets.union(first_of_cluster.setdefault(row["cluster"], row["id"]), row["id"])
    joined: dict[str, list[dict]] = defaultdict(list)
    for row in fresh:
        joined[sets.find(row["id"])].append(row)
    entities_of: dict[str, set[str]] = defaultdict(set)
    for entity in known:
        entities_of[sets.find(entity)].add(entity)
    entities, mention_entity, merged = [], [], []
    assigned: set[str] = set()
    cluster_entity: dict[str, tuple[str, str]] = {}
    for root, new_rows in joined.items():
        olds = sorted(entities_of[root], key=lambda e: (-len(known[e]), e))
        group = new_rows + [row for e in olds for row in known[e]]
        name = canonical_name(Counter(row["name"] for row in group))
        type_ = Counter(types[name_key(row["text"])] for row in group).most_common(1)[0][0]
        entity_id = olds[0] if olds else stable_id("entity", type_, name_key(name))
        if not olds and (entity_id in known or entity_id in assigned):  # a namesake the resolution kept apart
            entity_id = stable_id("entity", type_, name_key(name), new_rows[0]["id"])
        assigned.add(entity_id)
        entities.append((entity_id, name, type_))
        merged.extend(olds[1:])
        mention_entity.extend((entity_id, row["id"]) for row in group if row["entity"] != entity_id)
        for row in group:
            cluster_entity[row["cluster"]] = (entity_id, name)
    with store.db:
        store.db.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in merged])
        store.db.executemany("INSERT OR REPLACE INTO entities (id, name, type) VALUES (?, ?, ?)", entities)
        store.db.executemany("UPDATE mentions SET entity = ? WHERE id = ?", mention_entity)
        store.db.executemany(
            "UPDATE quotes SET speaker_entity = ?, speaker_name = ? WHERE speaker_cluster = ?",
            [(entity_id, name, cluster) for cluster, (entity_id, name) in cluster_entity.items()],
        )
        store.db.executemany("UPDATE stance SET entity = ? WHERE cluster = ?", [(entity_id, cluster) for cluster, (entity_id, _) in cluster_entity.items()])
        # entities whose every mention left with a re-analysed article
        store.db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM mentions WHERE entity IS NOT NULL)")
    return store.db.execute("SELECT count(*) FROM entities").fetchone()[0]


def join_quoted_documents(store: Store) -> int:
    """Documents of different articles whose quotes share a trail are one document: two outlets
    quoting the same words from "the letter" quote the same letter. Run after the trails stage;
    the document with the most mentions keeps its id. Returns how many entities were merged away."""
    sets = UnionFind()
    documents: set[str] = set()
    for row in store.rows(
        """SELECT q.trail, q.speaker_entity FROM quotes q JOIN entities e ON e.id = q.speaker_entity
           WHERE q.trail IS NOT NULL AND e.type = 'WORK'"""
    ):
        sets.union("trail:" + row["trail"], row["speaker_entity"])
        documents.add(row["speaker_entity"])
    groups: dict[str, list[str]] = defaultdict(list)
    for entity in documents:
        groups[sets.find(entity)].append(entity)
    merged = 0
    with store.db:
        for group in (g for g in groups.values() if len(g) > 1):
            sizes = {e: store.db.execute("SELECT count(*) FROM mentions WHERE entity = ?", (e,)).fetchone()[0] for e in group}
            keep = min(group, key=lambda e: (-sizes[e], e))
            names = Counter(row["name"] for e in group for row in store.rows("SELECT name FROM mentions WHERE entity = ?", (e,)))
            name = canonical_name(names)
            for other in group:
                if other != keep:
                    store.db.execute("UPDATE mentions SET entity = ? WHERE entity = ?", (keep, other))
                    store.db.execute("UPDATE stance SET entity = ? WHERE entity = ?", (keep, other))
                    store.db.execute("DELETE FROM entities WHERE id = ?", (other,))
                    merged += 1
            store.db.execute("UPDATE entities SET name = ? WHERE id = ?", (name, keep))
            store.db.execute("UPDATE quotes SET speaker_entity = ?, speaker_name = ? WHERE speaker_entity IN (%s)" % ",".join("?" * len(group)), (keep, name, *group))  # noqa: S608 - placeholders only
    return merged

