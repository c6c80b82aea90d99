"""Entities stage: every mention resolved into corpus-wide entities.

A corpus stage over the mentions of the whole corpus: it clusters them with the resolution sieves
(the same code ``storytrail eval entities`` scores on ECB+), keeps each article's own grouping
("Mr Khan" is the Sadiq Khan of that article), and returns the entities and the entity of every
mention and mention cluster (so of every quote speaker and stance row). Mentions that already
have an entity are the known entities: only the mentions added since are resolved, against one
stand-in per name variant of each known entity, whose ids stay.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain

from storytrail.article.cues import is_document
from storytrail.bodies import body_name
from storytrail.corpus.resolution import Candidate, UnionFind, resolve
from storytrail.model import DocumentMerge, Entity, EntityChanges, Mention, stable_id
from storytrail.names import DETERMINERS, TITLES, fold, is_given_name, name_key, words_of
from storytrail.places import country_code, country_name

CORPUS_BLOCK = "corpus"


def canonical_name(names: Counter) -> str:
    """The fullest name, then the commonest: "Ken Livingstone" over "Ken" and "Livingstone";
    a title goes where a given name remains ("Sheik Yusuf al-Qaradawi" -> "Yusuf al-Qaradawi").
    A credit ("Petra / Reuters", under a photo) names no one where the entity has another name."""
    named = [n for n in names if "/" not in n] or list(names)
    name = max(named, key=lambda n: (len(words_of(n)), names[n], n))
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return without_role_before_given_name(words, names)


def without_role_before_given_name(words: list[str], names: Counter) -> str:
    """A name from its first known given name on, where the words before it are none and that shorter
    name is itself one of the entity's names: "Kanye West", not the tagger's "Rapper Kanye West";
    "Mohammed Emwazi", not "Londoner Mohammed Emwazi"."""
    first = next((i for i, word in enumerate(words[:-1]) if is_given_name(fold(word))), 0)
    shorter = " ".join(words[first:])
    return shorter if first and shorter in names else " ".join(words)


def shared_names(group: list[Mention]) -> Counter:
    """The names of an entity's mentions that two articles or more use, when there are any: a
    name one article alone gives ("Obstructionist Democrats", from a quoted tweet) names no entity
    that other articles name otherwise."""
    articles: dict[str, set[str]] = defaultdict(set)
    for mention in group:
        articles[mention.name].add(mention.doc)
    names = Counter(m.name for m in group)
    shared = Counter({name: count for name, count in names.items() if len(articles[name]) > 1})
    if shared and all(len(words_of(name)) == 1 for name in shared):
        # a surname several articles use, and a full name only one gives ("West" / "Kanye West"):
        # the full name, where it is a given name before that surname (not "Crooked Hillary")
        surnames = {words_of(name)[0] for name in shared}
        shared.update({name: count for name, count in names.items() if is_full_name(words_of(name), surnames)})
    return shared or names


def is_full_name(words: list[str], surnames: set[str]) -> bool:
    """Given names, every one of them known as such (``names.is_given_name``), before one of the surnames."""
    return len(words) > 1 and words[-1] in surnames and all(is_given_name(w) for w in words[:-1])


def entity_name(names: Counter, type_: str) -> str:
    """A place that is a country by most of its mentions takes that country's name ("U.S.", "America"
    -> "United States"; not the fullest name, "U.S.-North Korea"), a party or public body the name
    the bodies table gives it ("Tories" -> "Conservative Party"), a group its commonest name;
    anything else its canonical name."""
    if type_ == "GPE":
        codes = Counter({code: count for code, count in ((country_code(n), c) for n, c in names.items()) if code})
        if codes:
            return country_name(codes.most_common(1)[0][0])
    if type_ == "ORG":
        bodies = Counter({body: count for body, count in ((body_name(n), c) for n, c in names.items()) if body})
        if bodies:
            return bodies.most_common(1)[0][0]
    if type_ == "NORP":
        # a group by the word most articles use ("Islamic"), not its longest form ("anti-Islamic"),
        # and as a noun where the articles also use one: the people are "Russians", not "Russian",
        # and "Jews", not "Jewish"
        word = min(names, key=lambda n: (-names[n], len(n), n))
        nouns = [n for n in names if n.endswith("s") and not n.endswith("ss") and word.lower().startswith(n[:-1].lower())]
        return max(nouns, key=lambda n: (names[n], n)) if nouns else word
    return canonical_name(names)


def common_text(name: str, type_: str) -> str:
    """A country or a body by the name a reader uses, whatever the article wrote ("U.S.", "America"
    -> "United States"; "the Tory party" -> "Conservative Party"); any other name as it is."""
    code = country_code(name) if type_ == "GPE" else None
    if code:
        return country_name(code)
    return (body_name(name) or name) if type_ == "ORG" else name


def majority_types(mentions: list[Mention]) -> dict[str, str]:
    """One type per name across the corpus, by vote: the tagger's occasional "Labour" PERSON
    loses to its many "Labour" ORG. A name in the bodies table is a body whatever the tagger says:
    it tags "Tories" and "Democrats" as groups (NORP), "the Conservative Party" and "the DNC" as
    organisations, and types that differ never resolve into one entity."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        votes[name_key(mention.text)][mention.type] += 1
    types = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    return {key: "ORG" if type_ != "PERSON" and body_name(key) else type_ for key, type_ in types.items()}


def type_of(mention: Mention, types: dict[str, str]) -> str:
    """A name's type across the corpus (``majority_types``), but a person's for a part of a fuller
    person's name its article gives: on the fnc1 bodies the "Christian" of an article about
    Christian Bale took the type of every article's "Christian" (NORP) and joined the Christians,
    and with it the actor. A document its article describes ("the post", "her Facebook post") stays
    a document whatever the corpus calls its words (a title, "National Report", is a name): the New
    York Post's "Post" had made every article's posts one organisation (154 mentions on the fnc1
    bodies)."""
    if mention.type == "PERSON" and len(words_of(mention.text)) < len(words_of(mention.name)):
        return "PERSON"
    if mention.type == "WORK" and is_document(mention.text) and fold(mention.text.split()[0]) in DETERMINERS:
        return "WORK"
    return types[name_key(mention.text)]


def candidate_of(mention: Mention, type_: str) -> Candidate:
    """A name mention as the sieves see it, with its name's type across the corpus. "The letter" of
    one article is not another's by its name: documents meet across articles only through the
    quotes they share (join_quoted_documents). A work's title ("Slumdog Millionaire", Comey's "A
    Higher Loyalty") names one work in every article, and only that title does: the sieves' looser
    matches of names made one work of "Batman v Superman" and "Supermoon", or of "Before It's News"
    and "CNN Newsroom"."""
    document = type_ == "WORK" and is_document(mention.text)
    if type_ != "WORK":
        block = CORPUS_BLOCK
    else:
        block = f"work:{mention.doc}" if document else f"title:{name_key(mention.text)}"
    return Candidate(
        id=mention.id, doc=mention.doc, block=block, text=common_text(mention.text, type_), position=mention.start,
        is_name=not document, type=type_, cluster=mention.cluster, full_name=mention.name if mention.type == "PERSON" else "",
    )


def resolve_entities(mentions: list[Mention]) -> EntityChanges:
    """Resolve the mentions without an entity into the corpus entities, given every mention of
    the corpus in document order.

    A new mention meets the known entities through one stand-in per name variant of each, not
    through their every mention, and joins the entity it resolves to, whose id stays. New
    mentions that meet no entity make new ones; an entity that new mentions join to another is
    merged into the larger. On a fresh corpus every mention is new: the whole corpus is resolved."""
    types = majority_types(mentions)
    known: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.entity is not None:
            known[mention.entity].append(mention)
    fresh = [mention for mention in mentions if mention.entity is None]
    standins: dict[tuple[str, str], Mention] = {}
    for entity, members in known.items():
        for mention in members:
            if mention.kind == "name":
                standins.setdefault((entity, name_key(mention.text)), mention)
    # a description ("the president") resolves as its article's cluster does, never by its words
    candidates = [candidate_of(m, type_of(m, types)) for m in chain(standins.values(), fresh) if m.kind == "name"]
    resolved = resolve(candidates) if fresh else {}
    sets = UnionFind()
    for mention_id, cluster in resolved.items():
        sets.union(mention_id, cluster)
    for (entity, _), mention in standins.items():
        sets.union(entity, mention.id)
    first_of_cluster: dict[str, str] = {}
    for mention in sorted(fresh, key=lambda m: m.kind != "name"):
        sets.union(first_of_cluster.setdefault(mention.cluster, mention.id), mention.id)
    joined: dict[str, list[Mention]] = defaultdict(list)
    for mention in fresh:
        joined[sets.find(mention.id)].append(mention)
    entities_of: dict[str, set[str]] = defaultdict(set)
    for entity in known:
        entities_of[sets.find(entity)].add(entity)
    changes = EntityChanges()
    assigned: set[str] = set()
    for root, new_mentions in joined.items():
        olds = sorted(entities_of[root], key=lambda e: (-len(known[e]), e))
        group = new_mentions + [m for e in olds for m in known[e]]
        type_ = Counter(types[name_key(m.text)] for m in group).most_common(1)[0][0]
        name = entity_name(shared_names(group), type_)
        entity_id = olds[0] if olds else stable_id("entity", type_, name_key(name))
        if not olds and (entity_id in known or entity_id in assigned):  # a namesake the resolution kept apart
            entity_id = stable_id("entity", type_, name_key(name), new_mentions[0].id)
        assigned.add(entity_id)
        resolved_entity = Entity(entity_id, name, type_)
        changes.entities.append(resolved_entity)
        changes.removed.extend(olds[1:])
        changes.mention_entity.extend((m.id, entity_id) for m in group if m.entity != entity_id)
        for m in group:
            changes.cluster_entity[m.cluster] = resolved_entity
    return changes


def join_quoted_documents(quoted: Iterable[tuple[str, str]], mentions: list[Mention]) -> list[DocumentMerge]:
    """Documents of different articles whose quotes share a trail are one document: two outlets
    quoting the same words from "the letter" quote the same letter. ``quoted`` holds (trail,
    document entity) for every quote in a trail spoken by a document; run after the trails stage.
    The document with the most mentions keeps its id and takes the group's canonical name."""
    sets = UnionFind()
    documents: set[str] = set()
    for trail, entity in quoted:
        sets.union("trail:" + trail, entity)
        documents.add(entity)
    groups: dict[str, list[str]] = defaultdict(list)
    for entity in documents:
        groups[sets.find(entity)].append(entity)
    names_of: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        if mention.entity in documents:
            names_of[mention.entity].append(mention.name)
    merges = []
    for group in (g for g in groups.values() if len(g) > 1):
        keep = min(group, key=lambda e: (-len(names_of[e]), e))
        name = canonical_name(Counter(n for e in group for n in names_of[e]))
        merges.append(DocumentMerge(keep, [e for e in group if e != keep], name))
    return merges
