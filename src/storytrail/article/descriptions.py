"""Descriptions: "the president", "the French president", "the former FBI director" as mentions of
the person the article gives that title.

A person's titles are those the article gives them by name: the words before the name ("French
President Emmanuel Macron"), an apposition ("Moon Jae-in, South Korea's president"). Each is a
description mention of that person too. A description standing on its own is a definite singular
noun phrase headed by a title ("the president", "North Korea's leader"); it refers to a person
whose title fits it (``fits``: the same head, the names it gives among the title's, no country or
lower office it leaves out), chosen by ``best_fit``. Where no person of the article carries a
fitting title, it stays unlinked: precision first, as for names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storytrail.model import Mention, stable_id
from storytrail.names import fold, name_key
from storytrail.places import country_code

TITLE_NOUNS = frozenset(
    """president leader director chairman chairwoman chair secretary minister premier chancellor
    senator governor mayor counsel prosecutor attorney spokesman spokeswoman spokesperson dictator
    king queen prince princess pope ambassador commissioner judge speaker candidate nominee
    congressman congresswoman representative ceo founder""".split()
)
# Any of these is the country's "leader": "the North Korean leader" is its dictator, "the French
# leader" its president.
LEADER_TITLES = frozenset({"president", "premier", "chancellor", "dictator", "king", "queen", "leader", "chairman"})
DEFINITE = frozenset({"the", "this", "that"})
# Words that make a title another office: the vice president is not "the president".
LOWER_OFFICE = frozenset({"vice", "deputy", "assistant", "associate", "under"})
# "the nation's leader", "the country's president": a country's, whichever the article named.
COUNTRY_NOUNS = frozenset({"nation", "country", "state", "regime"})
ANY_COUNTRY = "*country"
TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "det"})


@dataclass(frozen=True, slots=True)
class Title:
    head: str  # "president"
    names: frozenset[str]  # the names among its words, as ``title_key`` reads them: {"FR"}, {"fbi"}
    words: frozenset[str]  # its other words, folded: {"special"} of "Special Counsel", {"former"}


def words_in(doc: Doc, start: int, end: int) -> frozenset[str]:
    """The lower-case content words of a title, its head left out: "special" of "the special counsel"."""
    return frozenset(fold(t.lemma_) for t in doc[start:end] if t.is_alpha and t.pos_ in ("ADJ", "NOUN") and fold(t.lemma_) not in TITLE_NOUNS)


NATIONALITY = "nationality:"


def title_key(text: str, label: str = "") -> str:
    """A name in a title, one way for every spelling: a country by its code ("North Korea's" and
    "North Korea" -> "KP"), a nationality marked as one ("Russian"), anything else folded
    ("F.B.I." and "FBI" -> "fbi")."""
    folded = name_key(text).replace(" ", "")
    return country_code(text) or (NATIONALITY + folded if label == "NORP" and folded else folded)


def names_in(doc: Doc, start: int, end: int) -> frozenset[str]:
    """The names within tokens [start, end): the named entities there, and capitalised proper nouns."""
    found = set()
    covered: set[int] = set()
    for ent in doc[start:end].ents:
        found.add(title_key(ent.text, ent.label_))
        covered.update(range(ent.start, ent.end))
    for token in doc[start:end]:
        if token.i not in covered and token.pos_ == "PROPN" and fold(token.lemma_) not in TITLE_NOUNS:
            found.add(title_key(token.text))
    return frozenset(k for k in found if k)


def fits(description: Title, title: Title) -> bool:
    """Whether a person with the title may be the description's referent: the heads fit, every name
    of the description is in the title, and the title names no country and no lower office the
    description leaves out ("the president" is not "Russian President Vladimir Putin" nor "Vice
    President Mike Pence"; "the nation's leader" is a leader of some country)."""
    if not (description.head == title.head or (description.head == "leader" and title.head in LEADER_TITLES)):
        return False
    if ANY_COUNTRY in description.names and not any(is_country(n) for n in title.names):
        return False
    left_out = (title.names | title.words) - (description.names | description.words)
    return description.names - {ANY_COUNTRY} <= title.names and not any(is_country(n) or n in LOWER_OFFICE for n in left_out)


def is_country(key: str) -> bool:
    return (len(key) == 2 and key.isupper()) or key.startswith(NATIONALITY)


def titles_of(doc: Doc, span: Span) -> list[tuple[int, int, Title]]:
    """The titles a person's name carries in place, with their token ranges: the words before it
    that attach to it ("French President Emmanuel Macron"), an apposition ("Moon Jae-in, South
    Korea's president"), or the noun it is in apposition to ("the president, Donald Trump")."""
    found = []
    root = span.root
    start = span.start
    while start > span.sent.start and doc[start - 1].dep_ in TITLE_DEPS and start <= doc[start - 1].head.i < span.end:
        start -= 1  # a word attached to the name or to a title word already taken
    heads = [t for t in doc[start : span.start] if fold(t.lemma_) in TITLE_NOUNS]
    if heads and is_title_noun(heads[-1]):
        while doc[start].dep_ in ("det", "punct", "case"):
            start += 1
        # "President Moon Jae-in of South Korea": the place after the name belongs to the title
        of = [c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"]
        places = names_in(doc, of[0].i, of[0].right_edge.i + 1) if of else frozenset()
        words = words_in(doc, start, span.start)
        found.append((start, span.start, Title(fold(heads[-1].lemma_), names_in(doc, start, span.start) | places, words)))
    for other in [c for c in root.rights if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else []):
        if is_title_noun(other) and not other.ent_type_:
            lo, hi = phrase_of(other)
            found.append((lo, hi, Title(fold(other.lemma_), names_in(doc, lo, hi), words_in(doc, lo, hi))))
    return found


def is_title_noun(token: Token) -> bool:
    """A title in the singular: "Presidential candidates Hillary Clinton and Donald Trump" titles two people."""
    return fold(token.lemma_) in TITLE_NOUNS and token.tag_ not in ("NNS", "NNPS")


def phrase_of(head: Token) -> tuple[int, int]:
    """Token range of a title noun phrase: its left modifiers, the head, and an "of …" complement;
    not its article ("special counsel" of "the special counsel", as names leave out their "the")."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nmod"):
            start = min(start, child.left_edge.i)
    if head.doc[start].dep_ == "det" and start < head.i:
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i + 1)
    # "the president of the Alliance …, which supports …": the phrase ends at its first comma
    end = next((t.i for t in head.doc[head.i + 1 : end] if t.is_punct and t.text != "."), end)
    return start, end


def is_description(token: Token) -> bool:
    """A definite singular noun phrase headed by a title, standing on its own: "the president",
    "North Korea's leader"; not "a president", "presidents", "President Trump" or "his lawyer"."""
    if not is_title_noun(token) or token.pos_ not in ("NOUN", "PROPN") or token.ent_type_:
        return False
    if token.dep_ in ("compound", "appos") or (token.dep_ == "amod" and token.head.pos_ == "PROPN"):
        return False
    determiners = [c for c in token.lefts if c.dep_ in ("det", "poss")]
    if not determiners:
        return False
    first = determiners[0]
    return (first.dep_ == "det" and first.lower_ in DEFINITE) or (first.dep_ == "poss" and first.pos_ in ("PROPN", "NOUN"))


def description_mentions(doc: Doc, doc_id: str, mentions: list[Mention], body_start: int) -> list[Mention]:
    """Description mentions of the body, each in the mention cluster of the person it describes:
    the titles a name carries in place ("South Korean President" of "South Korean President Moon
    Jae-in", "South Korea's president" of "Moon Jae-in, South Korea's president") and the
    descriptions standing on their own that a titled person fits.

    ``mentions`` are the article's named mentions; a description that cuts through one is left
    out, one that holds one ("North Korea's leader") is kept."""
    titled: dict[str, list[Title]] = defaultdict(list)
    named_at: dict[str, list[int]] = defaultdict(list)
    taken = [(m.start, m.end) for m in mentions]
    people = [(m.start, m.end) for m in mentions if m.type == "PERSON"]
    found: dict[tuple[int, int], Mention] = {}

    def add(start: int, end: int, cluster: str) -> None:
        if end <= start or any(s < end and start < e and not (start <= s and e <= end) for s, e in taken):
            return
        if any(start <= s and e <= end for s, e in people):
            return  # "Trump's lawyer": a title that names another person
        found.setdefault((start, end), Mention(id=stable_id(doc_id, start, end), doc=doc_id, start=start, end=end, text=doc.text[start:end],
                                               type="PERSON", cluster=cluster, name="", kind="description"))

    for mention in (m for m in mentions if m.type == "PERSON"):
        named_at[mention.cluster].append(mention.start)
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for lo, hi, title in titles_of(doc, span):
            titled[mention.cluster].append(title)
            if mention.start >= body_start:
                add(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text), mention.cluster)
    if not titled:
        return []
    for token in doc:
        if token.idx < body_start or not is_description(token):
            continue
        lo, hi = phrase_of(token)
        some_country = any(t.dep_ == "poss" and fold(t.lemma_) in COUNTRY_NOUNS for t in doc[lo:hi])
        names = names_in(doc, lo, hi) | ({ANY_COUNTRY} if some_country else set())
        description = Title(fold(token.lemma_), frozenset(names), words_in(doc, lo, hi) - COUNTRY_NOUNS)
        cluster = best_fit(description, titled, named_at, doc, token)
        if cluster is not None:
            add(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text), cluster)
    return sorted(found.values(), key=lambda m: m.start)


def best_fit(description: Title, titled: dict[str, list[Title]], named_at: dict[str, list[int]], doc: Doc, token: Token) -> str | None:
    """The person a description refers to, among those whose title fits it: the closest fit first
    (the most shared words, then the fewest names the description leaves out: "the president" is
    "President Trump" rather than "Russian President Vladimir Putin", "the special counsel" Special
    Counsel Mueller rather than White House counsel McGahn); then a person named in the same
    sentence or the one before; then the person the article names most; then the nearest before."""
    sentence = token.sent
    previous = doc[sentence.start - 1].sent if sentence.start > 0 else sentence
    ranked = []
    for cluster, titles in titled.items():
        fitting = [t for t in titles if fits(description, t)]
        if not fitting:
            continue
        closeness = max((len(description.words & t.words), -len(t.names - description.names)) for t in fitting)
        before = [p for p in named_at[cluster] if p < token.idx]
        recent = bool(before) and max(before) >= previous.start_char
        ranked.append((closeness, recent, len(named_at[cluster]), max(before, default=-1), cluster))
    return max(ranked)[-1] if ranked else None
