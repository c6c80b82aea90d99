"""Findings stage: where sources disagree about who someone is or what was said.

A corpus stage over the stored roles and trails:
- ``role_conflict``: the same role given to different people in different articles ("Labor
  Party leader David Miliband" in one, "the party leader, Ed Miliband" in another). To keep
  apart roles that many people hold in turn ("minister"), two people are only set against each
  other when they share a surname (the look-alike error) or the role is worded the same way.
- ``speaker_conflict``: one quote given to different people by different articles.
- ``attribution_drift``: a quote that loses its speaker, or gains one, on its way to another article.
- ``meaning_drift``: a negation or a quantifier that a later wording adds or drops ("all Jews").
Each compares a trail's first appearance with a member in another article.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

from storytrail.model import stable_id
from storytrail.names import words_of
from storytrail.store import Store
from storytrail.corpus.trails import meaning_change


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


def quote_evidence(quote: dict) -> list[dict]:
    items = [{"doc": quote["doc"], "start": quote["start"], "end": quote["end"], "text": quote["text"]}]
    if quote["speaker_start"] is not None:
        items.append({"doc": quote["doc"], "start": quote["speaker_start"], "end": quote["speaker_end"], "text": quote["speaker_text"]})
    return items


def quote_findings(store: Store) -> list[dict]:
    """Attribution and meaning findings between each trail's first appearance and its members in other articles."""
    quotes = {
        row["id"]: dict(row)
        for row in store.rows(
            """SELECT id, doc, start, "end", text, speaker_start, speaker_end, speaker_text, speaker_entity, speaker_name
               FROM quotes WHERE trail IS NOT NULL"""
        )
    }
    found = []
    for trail in store.rows("SELECT id, members FROM trails ORDER BY id"):
        members = [quotes[m["quote"]] for m in json.loads(trail["members"]) if m["quote"] in quotes]
        if not members:
            continue
        first = members[0]
        for other in members[1:]:
            if other["doc"] == first["doc"]:
                continue
            said_by = (first["speaker_entity"] or first["speaker_name"], other["speaker_entity"] or other["speaker_name"])
            kinds = []
            if all(said_by) and said_by[0] != said_by[1]:
                kinds.append(("speaker_conflict", f"“{first['text'][:80]}” is {first['speaker_name']}'s in {first['doc']}, but {other['speaker_name']}'s in {other['doc']}"))
            elif any(said_by) and not all(said_by):
                kinds.append(("attribution_drift", f"“{first['text'][:80]}” is {first['speaker_name'] or 'nobody'}'s in {first['doc']}, {other['speaker_name'] or 'nobody'}'s in {other['doc']}"))
            change = meaning_change(first["text"], other["text"])
            if change:
                kinds.append(("meaning_drift", f"“{first['text'][:80]}” in {first['doc']} becomes “{other['text'][:80]}” in {other['doc']}: {change}"))
            for kind, summary in kinds:
                found.append(
                    {
                        "id": stable_id("finding", kind, first["id"], other["id"]),
                        "kind": kind,
                        "summary": summary,
                        "evidence": quote_evidence(first) + quote_evidence(other),
                    }
                )
    return found


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
    for finding in quote_findings(store):
        findings[finding["id"]] = finding
    with store.db:
        store.db.execute("DELETE FROM findings")
        store.db.executemany(
            "INSERT INTO findings (id, kind, summary, evidence) VALUES (?, ?, ?, ?)",
            [(f["id"], f["kind"], f["summary"], json.dumps(f["evidence"], ensure_ascii=False)) for f in findings.values()],
        )
    return len(findings)
