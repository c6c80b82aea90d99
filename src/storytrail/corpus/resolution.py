"""Cross-document resolution of mentions into entities, by sieves over blocked candidates.

The same code clusters the pipeline's mentions and the gold mentions of ECB+ (``eval entities``).
Candidates only ever meet inside a block (a story or sub-topic) and under a key (the exact
name, its head word, the first letters of a surname), so the cost grows with the corpus, not
with its square. Sieves run from the most precise to the least:

1. the same normalised text (for a proper name, within its wider name block);
2. the same head word ("the Oscars host" / "host"; "Hugh Jackman" / "Jackman");
3. spelling and transliteration variants of people's and places' names that share their first two letters
   ("al-Qaradawi" / "Qadrawi", "Salah" / "Saleh"), confirmed by Jaro-Winkler similarity;
4. an acronym to the one name in its block with those initials ("JC" / "Jewish Chronicle");
5. pronouns to the nearest compatible mention before them in the same document.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from storytrail.names import NAME_PARTICLES, PERSON_PRONOUNS, PREPOSITIONS, TITLES, fold, given_names_match, one_given_name, person_name_parts, same_person_name, without_suffix, words_of
from storytrail.places import country_code

PLURAL_PRONOUNS = frozenset("they them their theirs themselves".split())
THING_PRONOUNS = frozenset("it its itself".split())
FIRST_SECOND = frozenset("i me my mine myself we us our ours ourselves you your yours yourself".split())
PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | FIRST_SECOND | frozenset({"who", "whom", "whose", "which", "that"})
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    morning afternoon evening night week weekend month year january february march april may june
    july august september october november december""".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
ORG_SUFFIXES = frozenset("party inc corp corporation ltd plc llc co".split())
VARIANT_SIMILARITY = 0.88
ACRONYM = re.compile(r"[A-Z]{2,5}")
ACRONYM_SKIPS = frozenset({"of", "and", "for", "the"})
BODY_TYPES = frozenset({"ORG", "NORP"})  # organisations, parties and groups
PLACE_TYPES = frozenset({"GPE", "LOC"})


@dataclass(slots=True)
class Candidate:
    """A mention as resolution sees it."""

    id: str
    doc: str
    block: str  # mentions join only within one block (a story, an ECB+ sub-topic)
    text: str
    position: int  # order within its document (token or character offset)
    is_name: bool = False  # a proper name rather than a description
    type: str = ""  # PERSON, ORG, GPE, … where known
    # A wider block where the very same proper name still means the same thing (an ECB+ topic
    # holds two events, its sub-topics; "Microsoft" is one company in both). Empty: the block.
    name_block: str = ""
    # The mention's group within its article (the mentions stage's cluster), where known: the
    # article's own reading of a bare surname, which resolution then leaves alone.
    cluster: str = ""
    # The fullest name its article gives the referent ("Dorian Johnson" for a bare "Johnson"), where
    # known: two candidates whose full names are two people's never join.
    full_name: str = ""

    @property
    def words(self) -> list[str]:
        text = self.text
        if self.is_name and "," in text and len(text.split(",", 1)[0].split()) >= 2:
            text = text.split(",", 1)[0]  # "Eric Allen Kirkpatrick, 61", "Regina Benjamin, MD": the name before its apposition
        words = words_of(text)
        if self.type == "ORG" and len(words) > 1 and words[-1] in ORG_SUFFIXES:
            return words[:-1]  # "Labour Party" is "Labour"
        return words

    @property
    def pronoun(self) -> str | None:
        words = fold(self.text).split()
        if len(words) != 1 or words[0] not in PRONOUNS:
            return None
        # a name in capitals is an acronym, not a pronoun: "WHO" (the World Health Organization) had
        # been taken up as "who" by the last name before it, across the fnc1 bodies ISIS and Iraq
        return None if self.is_name and len(self.text.strip()) > 1 and self.text.isupper() else words[0]

    @property
    def is_time(self) -> bool:
        return any(w in TIME_WORDS or re.fullmatch(r"(?:1[89]|20)\d\d", w) for w in self.words)

    @property
    def head(self) -> str | None:
        words = self.words
        if not words:
            return None
        cut = next((i for i, w in enumerate(words) if i and w in PREPOSITIONS), None)
        if cut is not None and self.type != "PERSON":
            # "the president of France", "the Promises Treatment Center in Malibu": the head comes
            # before the preposition; a person's name ends in the surname ("Sergeant-at-Arms Kevin Vickers")
            words = words[:cut]
        day = next((w for w in words if w in WEEKDAYS), None)
        if day is not None and words[-1] in TIME_WORDS:
            return day  # "Saturday night" is Saturday's, as "on Saturday" is; the Good Friday Agreement is an agreement
        return without_suffix(words)[-1]  # "Roger J. Stone Jr." and "Trump Jr." share no head: "jr" names nobody


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class PeopleApart(UnionFind):
    """A union-find that never puts two people's full names in one set: "Dorian Johnson" and "Jeh
    Johnson" stay apart however many bare "Johnson"s could bridge them, for a bare name joins one
    set only. Each candidate brings the fullest name its article gives its referent."""

    def __init__(self, candidates: list[Candidate]) -> None:
        super().__init__()
        self.people: dict[str, list[list[str]]] = {}  # root -> the distinct full names of people in its set
        for c in candidates:
            full = words_of(c.full_name or c.text) if c.is_name and c.type == "PERSON" else []
            if len(full) > 1:
                self.people[c.id] = [full]

    def union(self, a: str, b: str) -> None:
        """Join the sets of a and b, unless that would hold two people."""
        ra, rb = self.find(a), self.find(b)
        names_a, names_b = self.people.get(ra, []), self.people.get(rb, [])
        if ra == rb or not all(may_be_one_person(x, y) for x in names_a for y in names_b):
            return
        root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        merged = names_a + [n for n in names_b if n not in names_a]
        if merged:
            self.people[root] = merged
        self.people.pop(other, None)


def may_be_one_person(a: list[str], b: list[str]) -> bool:
    """Two full names that can be one person's: one surname and given names that agree
    (``same_person_name``), or a surname and given name spelt apart as transliterations are
    ("Mohammed Saleh al-Munajjid" / "Mohammad Saleh al-Munajjid", "Muammar Gaddafi" / "Moammar
    Gadhafi"). A suffix dropped on one side still names the man ("Roger J. Stone Jr." / "Roger
    Stone"); two different suffixes do not."""
    if same_person_name(a, b, suffix_dropped=True):
        return True
    given_a, surname_a, _ = person_name_parts(a)
    given_b, surname_b, _ = person_name_parts(b)
    surnames = surname_a == surname_b or JaroWinkler.similarity(surname_a, surname_b) >= VARIANT_SIMILARITY
    return surnames and given_names_alike(given_a, given_b)


def given_names_alike(a: list[str], b: list[str]) -> bool:
    """Given names that can be one person's (``given_names_match``), each written the same or spelt
    apart as transliterations are ("Yusuf" / "Yousouf", "Muammar" / "Moammar")."""
    return given_names_match(a, b, same=lambda x, y: one_given_name(x, y) or len(x) > 1 and len(y) > 1 and JaroWinkler.similarity(x, y) >= VARIANT_SIMILARITY)


def given_name(words: list[str], text: str, type_: str) -> str | None:
    """The word just before the surname, past particles, titles and a middle initial: "US
    President-elect Barack Obama" -> barack, "Regina M. Benjamin" -> regina. For a person, or a
    name of no known type, None where that word is no given name as the text writes it ("former
    AMA trustee Dr. Benjamin": a role, then a title); a place's or a body's modifier stays, however
    written ("west London" is not North London, "NBC News" not NBC Nightly News)."""
    before = [w for w in words[:-1] if w not in NAME_PARTICLES and w not in TITLES]
    if len(before) > 1 and len(before[-1]) == 1 and len(before[-2]) > 1:
        before = before[:-1]
    if not before:
        return None
    if type_ not in ("", "PERSON"):
        return before[-1]
    written = {fold(w): w for w in re.findall(r"[^\W\d_][\w'’-]*", text)}.get(before[-1])
    acronym = written is not None and written.isupper() and not text.isupper()  # "AMA"; in "GARY ROSS" every word is capitals
    if written is not None and len(written) > 1 and (written[0].islower() or acronym):
        return None  # a role ("trustee") or an acronym ("AMA"): not how a given name is written
    return before[-1]


def same_given_name(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def compatible(a: Candidate, b: Candidate) -> bool:
    """Same type where known, and no clash of given names: "David Miliband" is not "Ed Miliband"."""
    if a.type and b.type and a.type != b.type:
        return False
    if a.is_name and b.is_name and {a.type, b.type} <= PLACE_TYPES and different_countries(country_of(a), country_of(b)):
        return False  # Niger is not Nigeria, nor "northeast Nigeria" in Niger, though the consonants are the same
    if a.is_name and b.is_name and a.type == b.type == "PERSON" and len(a.words) > 1 and len(b.words) > 1:
        given_a, surname_a, _ = person_name_parts(a.words)
        given_b, surname_b, _ = person_name_parts(b.words)
        if surname_a == surname_b:
            return same_person_name(a.words, b.words)  # one surname: the given names and a Jr. decide
        # surnames spelt apart ("al-Qaradawi" / "Qadrawi") may still be one person's; "Rob
        # Buschel" and "Jeb Bush" are not: the given names must agree too
        return given_names_alike(given_a, given_b)
    if a.is_name and b.is_name and a.type == b.type and a.type in BODY_TYPES and len(a.words) > 1 and len(b.words) > 1:
        # bodies sharing a head are one only when one name holds the other's words: "the U.S.
        # Justice Department" is the Justice Department, "the Department of Commerce" is not, nor
        # is the House of Representatives the White House; words are compared by their consonants,
        # as transliterations keep them ("Muslim Brotherhood" / "Moslem Brotherhood")
        words_a, words_b = ({consonants(w) for w in c.words if w not in ACRONYM_SKIPS} for c in (a, b))
        if not (words_a <= words_b or words_b <= words_a):
            return False
    if a.is_name and b.is_name and a.words and b.words and a.words[-1] == b.words[-1]:
        first, second = given_name(a.words, a.text, a.type), given_name(b.words, b.text, b.type)
        if {a.type, b.type} <= PLACE_TYPES and (first is None) != (second is None):
            return False  # a place's part is another place: South Boston, West Hollywood, South Africa
        if same_given_name(first, second):
            return True
        if {a.type, b.type} <= {"", "PERSON"} and len(a.words) > 1 and len(b.words) > 1 and same_person_name(a.words, b.words):
            return True  # a middle name on one side only: "LuAnn Marie Johnson" / "Luann Johnson", as for people
        # "Muslim Brotherhood" / "Moslem Brotherhood": an organisation's or place's modifier
        # transliterated differently keeps its consonants; people's given names are left strict
        # (Dan and Don Smith are two people)
        return a.type == b.type and a.type not in ("", "PERSON") and consonants(first) == consonants(second)
    return True


def different_countries(code_a: str | None, code_b: str | None) -> bool:
    return code_a is not None and code_b is not None and code_a != code_b


@functools.lru_cache(maxsize=1 << 14)  # asked for every pair of places compared: few names, many pairs
def country_in(text: str, last_word: str) -> str | None:
    return country_code(text) or country_code(last_word)


def country_of(c: Candidate) -> str | None:
    """The country a place's name is, or is in by its last word ("northeast Nigeria")."""
    return country_in(c.text, c.words[-1]) if c.words else None


def consonants(word: str | None) -> str:
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:]) if word else ""


def join_keyed(groups: dict[tuple, list[Candidate]], sets: UnionFind) -> None:
    """Join the candidates of each group (one name word for word). Where the group is a bare
    surname that its articles read as several people (a bare "Obama" is Michelle Obama where her
    article names her, Barack Obama where his does), the person they read it as most often takes
    the group's other members, those of articles that name nobody in full: the order of the
    articles decided before, and on the 1,683 fnc1 bodies gave Michelle Obama 200 of Barack
    Obama's mentions."""
    for members in groups.values():
        words = members[0].words
        if len(words) == 1:
            reading = {m.id: full_name_of(m) for m in members}
            read_as = Counter(name for name in reading.values() if name.endswith(f" {words[0]}"))
            if len(read_as) > 1:
                members = sorted(members, key=lambda m: -read_as[reading[m.id]])
        for other in members[1:]:
            anchor = next((m for m in members if m is not other and compatible(m, other)), None)
            if anchor is not None:
                sets.union(anchor.id, other.id)


def full_name_of(c: Candidate) -> str:
    """A person's fullest name in its article (its folded words), where it has a given name; else ""."""
    if not (c.is_name and c.type == "PERSON" and c.full_name):
        return ""
    words = words_of(c.full_name)
    return " ".join(words) if person_name_parts(words)[0] else ""


def join_same_head(members: list[Candidate], sets: UnionFind) -> None:
    """Mentions sharing a head word: full names split by given name ("David Miliband" apart from
    "Ed Miliband"); a bare surname or description joins the full name only when one fits, or,
    when several do, the one its own article uses."""
    full = [m for m in members if m.is_name and len(m.words) > 1]
    rest = [m for m in members if not (m.is_name and len(m.words) > 1)]
    given: list[Candidate] = []
    people_in: dict[str, dict[str, int]] = defaultdict(dict)  # document -> each person it names in full (by anchor) -> where first
    for m in full:
        match = next((g for g in given if compatible(g, m)), None)
        if match is None:
            given.append(m)
        else:
            sets.union(match.id, m.id)
        person = (match or m).id
        people_in[m.doc][person] = min(m.position, people_in[m.doc].get(person, m.position))
    anchors = given
    for m in rest:
        fitting = [a for a in anchors if compatible(a, m)]
        if len(fitting) == 1:
            sets.union(fitting[0].id, m.id)
        elif not fitting and rest[0] is not m and compatible(rest[0], m):
            sets.union(rest[0].id, m.id)
        elif len(fitting) > 1 and not m.cluster and len(people_in[m.doc]) == 1 and next(iter(people_in[m.doc].values())) < m.position:
            # "Macron" after an article names Emmanuel Macron, and no other Macron, is he. Where
            # the article grouped its mentions itself, its grouping stands: its "Trump" is not
            # Melania Trump because she is the one Trump it names in full.
            sets.union(next(iter(people_in[m.doc])), m.id)


def is_plural_of(a: str, b: str) -> bool:
    """ "the Trumps" are a family, not a spelling of Trump."""
    return a == b + "s" or b == a + "s"


def name_core(words: list[str]) -> str:
    """The distinctive part of a name for variant matching: its last word without a particle."""
    parts = [w for w in words if w not in NAME_PARTICLES]
    return parts[-1] if parts else (words[-1] if words else "")


def resolve(candidates: list[Candidate]) -> dict[str, str]:
    """Cluster candidates; returns mention id -> cluster id (the smallest member id)."""
    sets = PeopleApart(candidates)
    for c in candidates:
        sets.find(c.id)
    nominal = [c for c in candidates if c.pronoun is None and c.words]

    exact: dict[tuple, list[Candidate]] = defaultdict(list)
    for c in nominal:
        exact[(c.name_block or c.block if c.is_name else c.block, " ".join(c.words))].append(c)
    join_keyed(exact, sets)

    heads: dict[tuple, list[Candidate]] = defaultdict(list)
    for c in nominal:
        heads[(c.block, c.head)].append(c)
    for members in heads.values():
        join_same_head(members, sets)

    variants: dict[tuple, list[Candidate]] = defaultdict(list)
    for c in nominal:
        if c.is_name:
            core = name_core(c.words)
            if len(core) >= 4:
                variants[(c.block, core[:2])].append(c)
    for members in variants.values():
        seen: dict[str, Candidate] = {}
        for c in members:
            core = name_core(c.words)
            for other_core, other in seen.items():
                if other_core != core and not is_plural_of(core, other_core) and spelling_variants(c, core, other, other_core) and compatible(c, other):
                    sets.union(c.id, other.id)
            seen.setdefault(core, c)

    join_acronyms(nominal, sets)
    join_roles(nominal, sets)
    resolve_pronouns(candidates, sets)
    return {c.id: sets.find(c.id) for c in candidates}


def spelling_variants(a: Candidate, core_a: str, b: Candidate, core_b: str) -> bool:
    """Two spellings of one name: alike by Jaro-Winkler for people and groups ("Qaradawi" /
    "Qadrawi", "Jewish" / "Jews"); for an organisation or a place, only a spelling that keeps the
    consonants ("Labor" / "Labour", "Tehran" / "Teheran"): "Protect Democracy" is no spelling of the
    Democratic Party, nor North Carolina of California, though the words look alike; nor is a
    short name's other vowel a spelling (the iPod is not the iPad, the Old Bailey not Bali). A
    person is spelt apart across articles only where both name them in full, so that the given names can
    confirm it (``compatible``): a bare word alike to a surname in another article is most often
    another word ("Snow" / Edward Snowden, "Shakira" / Tupac Shakur, "Keynote" / Martha Kent: on
    the 1,683 fnc1 bodies such words had brought some 280 mentions into 120 people's entities);
    within one article the writer's own misspelling is the person just named ("Palestinian leader
    Raed Salah ... to have Saleh banned", "Riguelme", "Gonzales")."""
    if {a.type, b.type} & (PLACE_TYPES | {"ORG"}):
        # an abbreviation is the start of the name it cuts ("Calif." / "California", "Mich.")
        cut = (a.text.rstrip().endswith(".") and core_b.startswith(core_a)) or (b.text.rstrip().endswith(".") and core_a.startswith(core_b))
        return cut or min(len(core_a), len(core_b)) > 4 and consonants(core_a) == consonants(core_b)
    if "PERSON" in {a.type, b.type} and a.doc != b.doc and not (named_in_full(a) and named_in_full(b)):
        return False
    if "NORP" in {a.type, b.type}:
        return one_group(core_a, core_b)
    return JaroWinkler.similarity(core_a, core_b) >= VARIANT_SIMILARITY


# endings that turn a people's name into its plural or its adjective ("Kurd", "Kurds", "Kurdish";
# "Syrian", "Syrians"; "Western", "Westerners"): "Islamic" / "Islamist" or "Arab" / "Arabic" differ
# by more, and name other things
GROUP_ENDINGS = frozenset({"", "s", "es", "ish", "ese", "i", "is", "n", "ns", "an", "ans", "ian", "ians", "er", "ers"})


def one_group(core_a: str, core_b: str) -> bool:
    """Two words for one people: one stem and a plural's or an adjective's ending each, where
    Jaro-Winkler had joined look-alikes (Austrians and Australians, Bosnians and Bostonians)."""
    stem = len(os.path.commonprefix([core_a, core_b]))
    return stem >= 3 and core_a[stem:] in GROUP_ENDINGS and core_b[stem:] in GROUP_ENDINGS


def named_in_full(c: Candidate) -> bool:
    """Whether a candidate's article names it with a given name and a surname."""
    return bool(person_name_parts(words_of(c.full_name) if c.full_name else c.words)[0])


def join_acronyms(nominal: list[Candidate], sets: UnionFind) -> None:
    """ "JC" is the Jewish Chronicle where its block names one organisation or place with those
    initials (Jeremy Corbyn, a person, is not in the running)."""
    spelled: dict[tuple[str, str], set[str]] = defaultdict(set)
    owners: dict[tuple[str, str], Candidate] = {}
    for c in nominal:
        words = [w for w in c.words if w not in ACRONYM_SKIPS]
        if c.is_name and len(words) > 1 and c.type != "PERSON":  # initials name organisations and places, rarely people
            key = (c.block, "".join(w[0] for w in words))
            spelled[key].add(" ".join(c.words))
            owners[key] = c
    for c in nominal:
        text = c.text.strip()
        if ACRONYM.fullmatch(text):
            key = (c.block, text.lower())
            # no type check: the tagger often calls an acronym a person ("JC")
            if len(spelled.get(key, ())) == 1:
                sets.union(c.id, owners[key].id)


def join_roles(nominal: list[Candidate], sets: UnionFind) -> None:
    """ "defensive lineman Jamal Williams" makes "the lineman" in the same block Jamal Williams,
    when the role names one person only."""
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    owners: dict[tuple[str, str], Candidate] = {}
    for c in nominal:
        if not c.is_name:
            continue
        original = c.text.split()
        lower = [w for w in original if w[:1].islower() and w.isalpha()]
        if lower and original[-1][:1].isupper():
            key = (c.block, fold(lower[-1]))
            roles[key].add(sets.find(c.id))
            owners[key] = c
    for c in nominal:
        if c.is_name:
            continue
        key = (c.block, c.head or "")
        if len(roles.get(key, ())) == 1:
            sets.union(c.id, owners[key].id)


def resolve_pronouns(candidates: list[Candidate], sets: UnionFind) -> None:
    by_doc: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_doc[c.doc].append(c)
    for mentions in by_doc.values():
        mentions.sort(key=lambda c: c.position)
        for i, c in enumerate(mentions):
            pronoun = c.pronoun
            if pronoun is None or pronoun in FIRST_SECOND:
                continue
            for earlier in reversed(mentions[:i]):
                if earlier.is_time:
                    continue
                if earlier.pronoun is not None and earlier.pronoun not in (pronoun,) and earlier.pronoun not in PERSON_PRONOUNS:
                    continue
                if pronoun in PERSON_PRONOUNS and (earlier.type not in ("", "PERSON") or not (earlier.is_name or earlier.pronoun in PERSON_PRONOUNS)):
                    continue  # "he" takes up a named person (or another "he"), not the last noun
                if pronoun in THING_PRONOUNS and earlier.type == "PERSON":
                    continue
                sets.union(c.id, earlier.id)
                break
