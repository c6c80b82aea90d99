"""Findings stage: where sources disagree about who someone is or what was said.

A corpus stage over the stored roles and trails:
- ``role_conflict``: the same role given to different people in different articles ("Labor
  Party leader David Miliband" in one, "the party leader, Ed Miliband" in another). Only people
  of one surname and different given names are set against each other (the look-alike error):
  many people hold a role in turn or in different places ("spokeswoman", "minister").
- ``speaker_conflict``: one statement given to different people by different articles.
- ``meaning_drift``: a negation or a quantifier that a later wording adds or drops ("all Jews").
The last two are the trails' attribution and meaning drift (``quote_findings``).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from storytrail.model import DocSpan, Entity, Finding, Mention, Quote, Role, Trail, TrailMember, stable_id
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


def member_evidence(member: TrailMember, quotes: dict[str, Quote]) -> list[DocSpan]:
    """A trail member's words and, where its quote has one, the speaker mention beside them."""
    items = [DocSpan(member.doc, member.start, member.end, member.text)]
    speaker = quotes[member.quote].speaker if member.quote in quotes else None
    if speaker is not None:
        items.append(DocSpan(member.doc, speaker.start, speaker.end, speaker.text))
    return items


def quote_findings(trails: list[Trail], quotes: dict[str, Quote]) -> list[Finding]:
    """The trails' attribution and meaning drift as findings: ``speaker_conflict`` and
    ``meaning_drift``. The drift is the trails stage's (``trails.drift_of``): each member against
    the earlier member it is most alike, a speaker conflict only between speakers resolved to
    different entities (never two names of one, never a side with no speaker found), so that a
    finding and the trail a reader opens from it say the same."""
    found = []
    for trail in sorted(trails, key=lambda t: t.id):
        for drift in trail.drift:
            if drift.kind not in ("attribution", "meaning"):
                continue
            before = next((m for m in trail.members if m.doc == drift.source and m.quote == drift.source_quote), None)
            after = next((m for m in trail.members if m.doc == drift.target and m.quote == drift.target_quote), None)
            if before is None or after is None:
                continue  # drift stored before its quotes were kept
            if drift.kind == "attribution":
                kind = "speaker_conflict"
                summary = f"“{before.text[:80]}” is {before.speaker}'s in {before.doc}, but {after.speaker}'s in {after.doc}"
            else:
                kind = "meaning_drift"
                summary = f"“{before.text[:80]}” in {before.doc} becomes “{after.text[:80]}” in {after.doc}: {drift.detail}"
            evidence = member_evidence(before, quotes) + member_evidence(after, quotes)
            found.append(Finding(stable_id("finding", kind, drift.source_quote, drift.target_quote), kind, summary, evidence))
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
