"""Names and words as every stage compares them: case- and accent-folded, without the titles,
determiners and prepositions that one article puts before a name and another leaves out."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable
from importlib import resources

DETERMINERS = frozenset("the a an this that these those his her its their our my your".split())
TITLES = frozenset(
    """mr mrs ms miss dr sir lord lady sheikh sheik shaykh prof professor rev reverend rabbi imam
    president senator sen rep gov governor mayor minister judge gen general col captain capt""".split()
)
PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())
PREPOSITIONS = frozenset("in of on at off near from to into by for with across inside outside".split())


def fold(text: str) -> str:
    if text.isascii():  # nothing to decompose (most text): the trails stage folds every quote's words
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_of(text: str) -> list[str]:
    """Lower-case words without leading prepositions, determiners, titles and the possessive;
    spaced initials joined ("U . S ." -> "us")."""
    return list(folded_words(text))


# "O'Brien", "O'Malley", "D'Souza": one word, not a given name "o" and a surname "brien" (a bare
# "O'Brien" then had a given name that clashed with Jim O'Brien's)
PREFIX_APOSTROPHE = re.compile(r"\b([A-Z])['’](?=[A-Z][a-z])")


@functools.lru_cache(maxsize=1 << 16)  # the corpus stages ask for the same few names again and again
def folded_words(text: str) -> tuple[str, ...]:
    text = re.sub(r"(?:['’]s|['’])(?=\s|$)", "", text)
    text = re.sub(r"\b([A-Za-z])\s*\.\s*(?=[A-Za-z]\b\s*\.)", r"\1", text)
    text = PREFIX_APOSTROPHE.sub(r"\1", text)
    words = [w for w in re.split(r"[^\w]+", fold(text)) if w]
    while len(words) > 1 and (words[0] in DETERMINERS or words[0] in TITLES or words[0] in PREPOSITIONS):
        words = words[1:]
    return tuple(words)


def name_key(text: str) -> str:
    """A name as one string of its ``words_of``: what two spellings of one name share."""
    return " ".join(words_of(text))


GENERATIONAL = frozenset({"jr", "sr"})  # Donald Trump Jr. is not Donald Trump
ORDINAL_SUFFIXES = frozenset({"ii", "iii", "iv"})  # Robert S. Mueller III is Robert Mueller
NAME_SUFFIXES = GENERATIONAL | ORDINAL_SUFFIXES
NAME_PARTICLES = frozenset({"al", "el", "de", "van", "von", "der", "la", "le", "bin", "ibn", "abu"})
# "Abu Omar" ("father of Omar") opening a name is a kunya, a name of its own, not a particle before a
# surname: Abu Omar is not Walat Omar, nor Abu Saleh Ali Abdullah Saleh
KUNYA = frozenset({"abu", "umm"})


def without_suffix(words: list[str]) -> list[str]:
    """A name's words without its generational or ordinal suffix: "roger j stone jr" -> "roger j
    stone", "robert s mueller iii" -> "robert s mueller"."""
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return words


def person_name_parts(words: list[str]) -> tuple[list[str], str, str]:
    """A person's name as its given words (particles left out), surname and generational
    suffix: "donald j trump jr" -> (["donald", "j"], "trump", "jr"). A kunya is one given name
    with the word it names ("abu omar" -> (["abu omar"], "omar", ""), "caliph abu bakr al
    baghdadi" -> (["caliph", "abu bakr"], "baghdadi", "")), so that two kunyas share no word ("Abu
    Abdullah" and "Abu Hussain" al-Britani are two men); within a name, "abu" right before the
    surname is a particle of it ("Ibrahim Abu Khalil")."""
    bare = without_suffix(words)
    suffix = next((w for w in words[len(bare) :] if w in GENERATIONAL), "")
    given: list[str] = []
    at = 0
    while at < len(bare) - 1:
        if bare[at] in KUNYA and (at == 0 or at + 1 < len(bare) - 1):
            given.append(f"{bare[at]} {bare[at + 1]}")
            at += 2
            continue
        if bare[at] not in NAME_PARTICLES:
            given.append(bare[at])
        at += 1
    return given, bare[-1] if bare else "", suffix


def same_person_name(a: list[str], b: list[str], suffix_dropped: bool = False) -> bool:
    """Whether two full names (each of two words or more) can name one person: one surname, one
    generational suffix, and given names that share a word or an initial ("Donald J. Trump" /
    "Donald Trump", "Hillary Rodham Clinton" / "Hillary Clinton"; not "Brigitte Macron" /
    "Emmanuel Macron", "Kim Il-Sung" / "Kim Jong-un", "Donald Trump Jr." / "Donald Trump").
    With ``suffix_dropped``, a suffix on one name only does not tell them apart ("Roger J. Stone
    Jr." / "Roger Stone")."""
    given_a, surname_a, suffix_a = person_name_parts(a)
    given_b, surname_b, suffix_b = person_name_parts(b)
    suffixes_agree = suffix_a == suffix_b or suffix_dropped and not (suffix_a and suffix_b)
    return surname_a == surname_b and suffixes_agree and given_names_match(given_a, given_b)


def given_names_match(a: list[str], b: list[str], same: Callable[[str, str], bool] | None = None) -> bool:
    """Given names that can be one person's: the fewer stand, in order, for a run of the others
    ("Donald J." / "Donald", "Willard Mitt" / "Mitt"), or the two share a word, an initial ("J." /
    "James") or a nickname ("Bob" / "Robert", "Rick" / "Richard", from the curated ``nicknames``
    dataset) and do not open with two different known given names: "John Paul" Jones is not "Paul
    Tudor" Jones (one entity on the fnc1 bodies, with Van Jones), while "defensive tackle Jamal" and
    "lineman Jamal" Williams, roles before the name, are one man. ``same`` tells one given name
    written two ways (``one_given_name`` unless given). No given name on one side decides nothing."""
    same = same or one_given_name
    if not a or not b:
        return True
    fewer, more = sorted((a, b), key=len)
    if any(all(same(x, y) for x, y in zip(fewer, more[start:])) for start in range(len(more) - len(fewer) + 1)):
        return True
    if not any(same(x, y) for x in a for y in b):
        return False
    return not (is_given_name(a[0]) and is_given_name(b[0]) and not same(a[0], b[0]))


def one_given_name(x: str, y: str) -> bool:
    """One given name written two ways: the same word, an initial of it, or a nickname of it."""
    if x == y or len(x) == 1 and y.startswith(x) or len(y) == 1 and x.startswith(y):
        return True
    if len(x) == 1 or len(y) == 1:
        return False
    namer = nick_namer()
    return y in namer.nicknames_of(x) or x in namer.nicknames_of(y)


@functools.lru_cache(maxsize=1)
def nick_namer():  # noqa: ANN201 - nicknames.NickNamer, loaded once
    from nicknames import NickNamer

    return NickNamer()


@functools.lru_cache(maxsize=1)
def given_names() -> dict[str, frozenset[str]]:
    """Given names by the sex they tell ("male", "female"), from ``data/given_names.json``
    (``training/given_names.py``)."""
    table = json.loads(resources.files("storytrail").joinpath("data", "given_names.json").read_text(encoding="utf-8"))
    return {"male": frozenset(table["male"]), "female": frozenset(table["female"])}


@functools.lru_cache(maxsize=1 << 14)
def is_given_name(word: str) -> bool:
    """Whether a folded word is a known given name (``given_names``), of either sex."""
    return any(word in names for names in given_names().values())
