"""Findings stage: where sources disagree about who someone is or what was said.

A corpus stage over the stored roles and trails:
- ``role_conflict``: the same role given to different people in different articles ("Labor
  Party leader David Miliband" in one, "the party leader, Ed Miliband" in another). Only people
  of one surname and different given names are set against each other (the look-alike error):
  many people hold a role in turn or in different places ("spokeswoman", "minister").
- ``speaker_conflict``: one quote given to different people by different articles.
- ``attribution_drift``: a quote that loses its speaker, or gains one, on its way to another article.
- ``meaning_drift``: a negation or a quantifier that a later wording adds or drops ("all Jews").
Each compares a trail's first appearance with a member in another article.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from storytrail.corpus.trails import denied, meaning_change
from storytrail.model import DocSpan, Entity, Finding, Mention, Quote, Role, Trail, stable_id
from storytrail.names import given_names_match, person_name_parts, words_of


def same_role(a: Role, b: Role) -> bool:
    if a.head != b.head:
        return False
    left, right = set(a.modifiers.split()), set(b.modifiers.split())
    if not left or not right:
        return True
    # "labor party" and "party"; "labour" and "labor" share their first four letters.
    return bool({w[:4] for w in left} & {w[:4] for w in right})


def look_alikes(name_a: str, name_b: str) -> bool:
    """Two people named with one surname and given names that cannot be one person's ("Ed
    Miliband" / "David Miliband"): the look-alike error a role given to both exposes. Two people
    of different surnames holding one role are most often holders in turn or of different places
    ("spokeswoman", "national security adviser", "former campaign adviser"): on all 1,683 fnc1
    bodies, setting those against each other made 1,015 findings, and on NewsWCL50 dev six, none
    of them an error of an outlet."""
    given_a, surname_a, suffix_a = person_name_parts(words_of(name_a))
    given_b, surname_b, suffix_b = person_name_parts(words_of(name_b))
    return bool(surname_a == surname_b and suffix_a == suffix_b and given_a and given_b and not given_names_match(given_a, given_b))


def quote_evidence(quote: Quote) -> list[DocSpan]:
    items = [DocSpan(quote.doc, quote.start, quote.end, quote.text)]
    if quote.speaker is not None:
        items.append(DocSpan(quote.doc, quote.speaker.start, quote.speaker.end, quote.speaker.text))
    return items


def quote_findings(trails: list[Trail], quotes: dict[str, Quote]) -> list[Finding]:
    """Attribution and meaning findings between each trail's first appearance and its members in other articles."""
    found = []
    for trail in sorted(trails, key=lambda t: t.id):
        members = [quotes[m.quote] for m in trail.members if m.quote in quotes]
        if not members:
            continue
        first = members[0]
        for other in members[1:]:
            if other.doc == first.doc:
                continue
            said_by = (first.speaker_entity or first.speaker_name, other.speaker_entity or other.speaker_name)
            kinds = []
            if all(said_by) and said_by[0] != said_by[1]:
                kinds.append(("speaker_conflict", f"“{first.text[:80]}” is {first.speaker_name}'s in {first.doc}, but {other.speaker_name}'s in {other.doc}"))
            elif any(said_by) and not all(said_by):
                kinds.append(("attribution_drift", f"“{first.text[:80]}” is {first.speaker_name or 'nobody'}'s in {first.doc}, {other.speaker_name or 'nobody'}'s in {other.doc}"))
            change = meaning_change(first.text, other.text, denied(first), denied(other))
            if change:
                kinds.append(("meaning_drift", f"“{first.text[:80]}” in {first.doc} becomes “{other.text[:80]}” in {other.doc}: {change}"))
            for kind, summary in kinds:
                found.append(Finding(stable_id("finding", kind, first.id, other.id), kind, summary, quote_evidence(first) + quote_evidence(other)))
    return found


def find_findings(
    roles: list[Role], mentions: dict[str, Mention], entities: dict[str, Entity], trails: list[Trail], quotes: dict[str, Quote]
) -> list[Finding]:
    """Every finding of the corpus: role conflicts between the roles (given in document order)
    of mentions with an entity, then the findings of the trails."""
    entity_of: dict[str, str] = {}
    for role in roles:
        entity = mentions[role.mention].entity if role.mention in mentions else None
        if entity is not None and entity in entities:
            entity_of[role.id] = entity
    by_head: dict[str, list[Role]] = defaultdict(list)
    for role in roles:
        if role.id in entity_of:
            by_head[role.head].append(role)
    findings: dict[str, Finding] = {}
    for members in by_head.values():
        for a, b in combinations(members, 2):
            entity_a, entity_b = entity_of[a.id], entity_of[b.id]
            name_a, name_b = entities[entity_a].name, entities[entity_b].name
            if a.doc == b.doc or entity_a == entity_b or not same_role(a, b) or not look_alikes(name_a, name_b):
                continue
            finding_id = stable_id("finding", "role_conflict", *sorted((entity_a, entity_b)), a.head)
            summary = f"“{a.text}” is {name_a} in {a.doc}, but “{b.text}” is {name_b} in {b.doc}"
            finding = findings.setdefault(finding_id, Finding(finding_id, "role_conflict", summary, []))
            for role in (a, b):
                mention = mentions[role.mention]
                for item in (DocSpan(role.doc, role.start, role.end, role.text), DocSpan(role.doc, mention.start, mention.end, mention.text)):
                    if item not in finding.evidence:
                        finding.evidence.append(item)
    for finding in quote_findings(trails, quotes):
        findings[finding.id] = finding
    return list(findings.values())
