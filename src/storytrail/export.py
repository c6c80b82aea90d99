"""Exports following the contract in PRODUCT.md: records as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from storytrail.model import Quote, Span
from storytrail.store import Store

WHATS = ("articles", "quotes", "entities", "stance", "trails", "findings")
FORMATS = ("jsonl", "csv", "parquet", "graphml")
GRAPHS = ("entities", "trails")  # the records that form a graph


ARTICLE_COLUMNS = "id, title, outlet, author, url, published, updated, source, hash, words, text"


def article_records(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.rows(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id"):  # noqa: S608 - fixed names
        yield dict(row)


def quote_from_row(row: sqlite3.Row) -> Quote:
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
    )


def quote_records(store: Store) -> Iterator[dict[str, Any]]:
    """Stored quotes in the export contract, shaped by ``Quote.export`` as the library's are."""
    for row in store.rows('SELECT * FROM quotes ORDER BY doc, start, "end", id'):
        yield quote_from_row(row).export()


def entity_records(store: Store) -> Iterator[dict[str, Any]]:
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.rows('SELECT entity, doc, start, "end", text FROM mentions WHERE entity IS NOT NULL ORDER BY doc, start'):
        mentions[row["entity"]].append({"doc": row["doc"], "start": row["start"], "end": row["end"], "text": row["text"]})
    for row in store.rows("SELECT id, name, type FROM entities ORDER BY name, id"):
        found = mentions.get(row["id"], [])
        aliases = sorted({m["text"] for m in found} - {row["name"]})
        yield {"id": row["id"], "name": row["name"], "type": row["type"], "aliases": aliases, "mentions": found}


def stance_records(store: Store, doc: str | None = None, entities: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """Stance per article, actor and voice (all of them, or those of one article or of some
    entities). The actor is the corpus entity; where an article names it under several mention
    clusters ("Labour", "Labor Party") their stances are combined."""
    from storytrail.article.stance import EVIDENCE_SENTENCES, LEANING

    where, params = [], []
    if doc is not None:
        where.append("s.doc = ?")
        params.append(doc)
    if entities is not None:
        where.append(f"s.entity IN ({','.join('?' * len(entities))})")
        params.extend(entities)
    groups: dict[tuple, list] = defaultdict(list)
    for row in store.rows(
        f"""SELECT s.*, e.name AS entity_name FROM stance s LEFT JOIN entities e ON e.id = s.entity
            {("WHERE " + " AND ".join(where)) if where else ""}""",
        tuple(params),
    ):
        groups[(row["doc"], row["entity"] or row["cluster"], row["voice"], row["holder"] or "")].append(row)
    for key in sorted(groups):
        rows = sorted(groups[key], key=lambda r: -r["sentences"])
        sentences = sum(r["sentences"] for r in rows)
        score = sum(r["score"] * r["sentences"] for r in rows) / sentences
        labels = {r["label"] for r in rows}
        if len(labels) == 1:
            label = rows[0]["label"]
        elif "mixed" in labels or {"positive", "negative"} <= labels:
            label = "mixed"
        else:
            label = "positive" if score > LEANING else "negative" if score < -LEANING else "neutral"
        evidence = [e for r in rows for e in json.loads(r["evidence"])][:EVIDENCE_SENTENCES]
        yield {
            "doc": rows[0]["doc"],
            "entity": rows[0]["entity"],
            "name": rows[0]["entity_name"] or rows[0]["name"],
            "voice": rows[0]["voice"],
            "holder": rows[0]["holder"],
            "label": label,
            "score": round(score, 4),
            "sentences": sentences,
            "evidence": evidence,
        }


def trail_records(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.rows("SELECT id, label, first, members, drift FROM trails ORDER BY first, label, id"):
        yield {"id": row["id"], "label": row["label"], "members": json.loads(row["members"]), "first": row["first"], "drift": json.loads(row["drift"])}


def finding_records(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.rows("SELECT id, kind, summary, evidence FROM findings ORDER BY kind, summary"):
        yield {"id": row["id"], "kind": row["kind"], "summary": row["summary"], "evidence": json.loads(row["evidence"])}


RECORDS = {
    "articles": article_records,
    "quotes": quote_records,
    "entities": entity_records,
    "stance": stance_records,
    "trails": trail_records,
    "findings": finding_records,
}


def flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted columns, lists as JSON: one CSV cell per scalar."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def write_jsonl(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    rows = [flat(r) for r in records]
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def write_parquet(records: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(records)
    pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)


def entity_graph(store: Store):  # noqa: ANN201 - networkx.Graph, imported lazily
    """Entities as nodes, joined where one article mentions both; an edge's weight is the number
    of such articles."""
    import networkx as nx

    graph = nx.Graph()
    for row in store.rows(
        """SELECT e.id, e.name, e.type, count(m.id) AS mentions, count(DISTINCT m.doc) AS articles
           FROM entities e JOIN mentions m ON m.entity = e.id GROUP BY e.id ORDER BY e.id"""
    ):
        graph.add_node(row["id"], label=row["name"], type=row["type"], mentions=row["mentions"], articles=row["articles"])
    in_article: dict[str, list[str]] = defaultdict(list)
    for row in store.rows("SELECT DISTINCT doc, entity FROM mentions WHERE entity IS NOT NULL ORDER BY doc, entity"):
        in_article[row["doc"]].append(row["entity"])
    for entities in in_article.values():
        for i, a in enumerate(entities):
            for b in entities[i + 1 :]:
                weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
                graph.add_edge(a, b, weight=weight)
    return graph


def trail_graph(store: Store):  # noqa: ANN201 - networkx.DiGraph
    """Each trail as a path through its quotes in time order: a node per quote (its article,
    speaker, date, words), an edge from each member to the next, marked with the drift of the
    later one against the first appearance."""
    import networkx as nx

    graph = nx.DiGraph()
    for trail in trail_records(store):
        drifted: dict[str, set[str]] = defaultdict(set)
        for d in trail["drift"]:
            drifted[d["to"]].add(d["kind"])
        members = trail["members"]
        for order, m in enumerate(members):
            graph.add_node(
                m["quote"], label=m["text"][:80], text=m["text"], doc=m["doc"], speaker=m["speaker"] or "",
                published=m["published"] or "", trail=trail["id"], order=order, first=order == 0,
            )
        for before, after in zip(members, members[1:]):
            kinds = drifted.get(after["doc"], set())
            graph.add_edge(
                before["quote"], after["quote"], trail=trail["id"],
                wording="wording" in kinds, attribution="attribution" in kinds, meaning="meaning" in kinds,
            )
    return graph


def export(store: Store, what: str, fmt: str, output: Path | None = None) -> int:
    """Write one kind of record; stdout when no output file is given (not for Parquet or GraphML).
    Returns the number of records, or of nodes for a graph."""
    if fmt == "graphml":
        import networkx as nx

        if what not in GRAPHS:
            raise ValueError(f"GraphML is for {' and '.join(GRAPHS)}")
        if output is None:
            raise ValueError("GraphML is a file format: pass -o FILE")
        graph = entity_graph(store) if what == "entities" else trail_graph(store)
        nx.write_graphml(graph, output)
        return graph.number_of_nodes()
    records = RECORDS[what](store)
    if fmt == "parquet":
        if output is None:
            raise ValueError("Parquet is binary: pass -o FILE")
        return write_parquet(records, output)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if output is None:
        return writer(records, sys.stdout)
    with output.open("w", encoding="utf-8", newline="") as stream:
        return writer(records, stream)
