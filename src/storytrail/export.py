"""Export formats: the contract's records (``records.py``) as JSONL, CSV or Parquet, and
entities and trails as GraphML graphs."""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from storytrail.records import RECORDS, trail_records
from storytrail.store import Store

FORMATS = ("jsonl", "csv", "parquet", "graphml")
GRAPHS = ("entities", "trails")  # the records that form a graph


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
    # an object that is null in some records ("speaker": null) is its dotted columns, left empty, not a column of its own
    objects = {c.rsplit(".", 1)[0] for c in columns if "." in c}
    columns = [c for c in columns if c not in objects]
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
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
    for row in store.entity_sizes():
        graph.add_node(row["id"], label=row["name"], type=row["type"], mentions=row["mentions"], articles=row["articles"])
    in_article: dict[str, list[str]] = defaultdict(list)
    for row in store.entities_by_article():
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
        # a node is a statement: the parts of a split quotation are members of their own
        node = [f"{m['quote']}@{m['start']}" for m in members]
        for order, m in enumerate(members):
            graph.add_node(
                node[order], quote=m["quote"], label=m["text"][:80], text=m["text"], doc=m["doc"], speaker=m["speaker"] or "",
                published=m["published"] or "", trail=trail["id"], order=order, first=order == 0,
            )
        for order, after in enumerate(members[1:]):
            kinds = drifted.get(after["doc"], set())
            graph.add_edge(
                node[order], node[order + 1], trail=trail["id"],
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
