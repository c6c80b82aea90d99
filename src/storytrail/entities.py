"""Entities stage: the within-article clusters of every article joined into corpus-wide entities.

A corpus stage: it reads the mentions of the whole store and writes ``entities`` and the
``entity`` of every mention and quote speaker. Entity ids come from the canonical name's key, so
they stay stable when articles are added.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .mentions import name_tokens
from .model import stable_id
from .store import Store


def entity_key(type_: str, name: str) -> str:
    return f"{type_}:{' '.join(name_tokens(name))}"


def resolve_entities(store: Store) -> int:
    """(Re)build the corpus entities from the stored mention clusters; returns how many there are."""
    clusters: dict[str, dict] = {}
    for row in store.rows("SELECT cluster, type, name, text FROM mentions"):
        info = clusters.setdefault(row["cluster"], {"type": row["type"], "name": row["name"], "texts": Counter()})
        info["texts"][row["text"]] += 1
    full_names: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, first or last word) -> full keys
    for info in clusters.values():
        words = name_tokens(info["name"])
        if info["type"] == "PERSON" and len(words) > 1:
            key = entity_key("PERSON", info["name"])
            full_names[("PERSON", words[0])].add(key)
            full_names[("PERSON", words[-1])].add(key)
    names: dict[str, Counter] = defaultdict(Counter)
    cluster_entity: dict[str, str] = {}
    for cluster, info in clusters.items():
        key = entity_key(info["type"], info["name"])
        words = name_tokens(info["name"])
        if info["type"] == "PERSON" and len(words) == 1:
            candidates = full_names.get(("PERSON", words[0]), set())
            if len(candidates) == 1:  # "Ken" joins "Ken Livingstone" only when no other full name fits
                key = next(iter(candidates))
        cluster_entity[cluster] = key
        names[key][info["name"]] += sum(info["texts"].values())
    entity_ids = {key: stable_id("entity", key) for key in names}
    canonical = {
        key: max(counter, key=lambda n: (len(name_tokens(n)), counter[n], n)) for key, counter in names.items()
    }
    with store.db:
        store.db.execute("DELETE FROM entities")
        store.db.executemany(
            "INSERT INTO entities (id, name, type) VALUES (?, ?, ?)",
            [(entity_ids[key], canonical[key], key.split(":", 1)[0]) for key in names],
        )
        store.db.executemany(
            "UPDATE mentions SET entity = ? WHERE cluster = ?",
            [(entity_ids[key], cluster) for cluster, key in cluster_entity.items()],
        )
        store.db.executemany(
            "UPDATE quotes SET speaker_entity = ?, speaker_name = ? WHERE speaker_cluster = ?",
            [(entity_ids[key], canonical[key], cluster) for cluster, key in cluster_entity.items()],
        )
    return len(names)
