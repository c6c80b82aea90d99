"""Entities stage: every stored mention resolved into corpus-wide entities.

A corpus stage: it reads the mentions of the whole store, clusters them with the resolution
sieves (the same code ``storytrail eval entities`` scores on ECB+), keeps each article's own
grouping ("Mr Khan" is the Sadiq Khan of that article), and writes ``entities`` and the
``entity`` of every mention, quote speaker and stance row. An entity's id comes from its canonical name,
so it stays the same when articles are added that do not change that name.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .model import stable_id
from .resolution import TITLES, Candidate, UnionFind, resolve, words_of
from .store import Store

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
        votes[" ".join(words_of(row["text"]))][row["type"]] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def resolve_entities(store: Store) -> int:
    """(Re)build the corpus entities from the stored mentions; returns how many there are."""
    rows = list(store.rows('SELECT id, doc, start, text, type, cluster, name FROM mentions ORDER BY doc, start'))
    types = majority_types(rows)
    candidates = [
        Candidate(
            id=row["id"], doc=row["doc"], block=CORPUS_BLOCK, text=row["text"], position=row["start"],
            is_name=True, type=types[" ".join(words_of(row["text"]))],
        )
        for row in rows
    ]
    resolved = resolve(candidates)
    sets = UnionFind()
    first_of_cluster: dict[str, str] = {}
    for row in rows:
        sets.union(row["id"], resolved[row["id"]])
        anchor = first_of_cluster.setdefault(row["cluster"], row["id"])
        sets.union(anchor, row["id"])
    members: dict[str, list] = defaultdict(list)
    for row in rows:
        members[sets.find(row["id"])].append(row)
    entities = []
    mention_entity = []
    cluster_entity: dict[str, tuple[str, str]] = {}
    for group in members.values():
        names = Counter(row["name"] for row in group)
        name = canonical_name(names)
        type_ = Counter(types[" ".join(words_of(row["text"]))] for row in group).most_common(1)[0][0]
        entity_id = stable_id("entity", type_, " ".join(words_of(name)))
        entities.append((entity_id, name, type_))
        for row in group:
            mention_entity.append((entity_id, row["id"]))
            cluster_entity[row["cluster"]] = (entity_id, name)
    with store.db:
        store.db.execute("DELETE FROM entities")
        store.db.executemany("INSERT OR REPLACE INTO entities (id, name, type) VALUES (?, ?, ?)", entities)
        store.db.executemany("UPDATE mentions SET entity = ? WHERE id = ?", mention_entity)
        store.db.executemany(
            "UPDATE quotes SET speaker_entity = ?, speaker_name = ? WHERE speaker_cluster = ?",
            [(entity_id, name, cluster) for cluster, (entity_id, name) in cluster_entity.items()],
        )
        store.db.executemany("UPDATE stance SET entity = ? WHERE cluster = ?", [(entity_id, cluster) for cluster, (entity_id, _) in cluster_entity.items()])
    return len(entities)
