"""Findings stage: where sources disagree about who someone is.

A corpus stage over the stored roles: the same role given to different people in different
articles ("Labor Party leader David Miliband" in one, "the party leader, Ed Miliband" in
another). To keep apart roles that many people hold in turn ("minister"), two people are only
set against each other when they share a surname (the look-alike error) or the role is worded
the same way in both articles.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

from .model import stable_id
from .resolution import words_of
from .store import Store


def same_role(a: dict, b: dict) -> bool:
    if a["head"] != b["head"]:
        return False
    left, right = set(a["modifiers"].split()), set(b["modifiers"].split())
    if not left or not right:
        return True
    # "labor party" and "party"; "labour" and "labor" share their first four letters.
    return bool({w[:4] for w in left} & {w[:4] for w in right})


def related_people(a: dict, b: dict) -> bool:
    surname_a, surname_b = words_of(a["entity_name"])[-1:], words_of(b["entity_name"])[-1:]
    return surname_a == surname_b or a["text"].lower() == b["text"].lower()


def find_findings(store: Store) -> int:
    """(Re)build the findings; returns how many there are."""
    rows = [
        dict(row)
        for row in store.rows(
            """SELECT r.doc, r.start, r."end", r.text, r.head, r.modifiers, m.entity, e.name AS entity_name,
                      m.start AS m_start, m."end" AS m_end, m.text AS m_text
               FROM roles r JOIN mentions m ON m.id = r.mention JOIN entities e ON e.id = m.entity
               ORDER BY r.doc, r.start"""
        )
    ]
    by_head: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_head[row["head"]].append(row)
    findings = {}
    for members in by_head.values():
        for a, b in combinations(members, 2):
            if a["doc"] == b["doc"] or a["entity"] == b["entity"] or not same_role(a, b) or not related_people(a, b):
                continue
            key = tuple(sorted((a["entity"], b["entity"]))) + (a["head"],)
            finding = findings.setdefault(
                key,
                {
                    "id": stable_id("finding", "role_conflict", *key),
                    "kind": "role_conflict",
                    "summary": f"“{a['text']}” is {a['entity_name']} in {a['doc']}, but “{b['text']}” is {b['entity_name']} in {b['doc']}",
                    "evidence": [],
                },
            )
            for row in (a, b):
                for start, end, text in ((row["start"], row["end"], row["text"]), (row["m_start"], row["m_end"], row["m_text"])):
                    item = {"doc": row["doc"], "start": start, "end": end, "text": text}
                    if item not in finding["evidence"]:
                        finding["evidence"].append(item)
    with store.db:
        store.db.execute("DELETE FROM findings")
        store.db.executemany(
            "INSERT INTO findings (id, kind, summary, evidence) VALUES (?, ?, ?, ?)",
            [(f["id"], f["kind"], f["summary"], json.dumps(f["evidence"], ensure_ascii=False)) for f in findings.values()],
        )
    return len(findings)
