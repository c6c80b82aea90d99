"""Roles stage: the titles an article gives the people it names ("Labor Party leader David
Miliband", "Sadiq Khan, the Mayor of London", "the party leader, Ed Miliband").

Adds ``Analysis.roles``; the findings stage compares them across articles.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from storytrail.model import Analysis, Role, stable_id
from storytrail.names import fold

ROLE_POS = ("NOUN", "PROPN")


def role_phrase(head: Token) -> tuple[int, int]:
    """Token range of a role: its modifiers, the head, and an "of …" complement."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i + 1)
    return start, end


def role_heads(person: Token) -> list[Token]:
    """Common nouns that name the person's role: a compound before the name, or an apposition."""
    found = []
    for child in person.lefts:
        if child.dep_ == "compound" and child.pos_ == "NOUN":
            found.append(child)
    for child in person.rights:
        if child.dep_ == "appos" and child.pos_ in ROLE_POS and not child.ent_type_:
            found.append(child)
    if person.dep_ == "appos" and person.head.pos_ == "NOUN" and not person.head.ent_type_:
        found.append(person.head)
    return found


def find_roles(analysis: Analysis) -> Analysis:
    """Roles stage: sets ``analysis.roles`` for every person mention that carries a title."""
    doc: Doc = analysis.parsed
    text = analysis.article.text
    roles = []
    for mention in analysis.mentions:
        if mention.type != "PERSON" or mention.kind != "name":
            continue  # a description ("the party leader") is a role already, not a person who holds one
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for head in role_heads(span.root):
            lo, hi = role_phrase(head)
            start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
            if start < mention.end and mention.start < end and head.i not in range(span.start, span.end):
                # "Labor Party leader David Miliband": the role ends where the name starts.
                end = min(end, mention.start)
            words = [fold(t.text) for t in doc[lo:hi] if t.i != head.i and not t.is_punct and t.pos_ != "DET"]
            roles.append(
                Role(
                    id=stable_id(analysis.article.id, mention.id, start, end),
                    doc=analysis.article.id,
                    mention=mention.id,
                    cluster=mention.cluster,
                    start=start,
                    end=end,
                    text=text[start:end].strip(" ,"),
                    head=head.lemma_.lower() or fold(head.text),
                    modifiers=" ".join(w for w in words if w),
                )
            )
    analysis.roles = roles
    return analysis
