"""Names and words as every stage compares them: case- and accent-folded, without the titles,
determiners and prepositions that one article puts before a name and another leaves out."""

from __future__ import annotations

import re
import unicodedata

DETERMINERS = frozenset("the a an this that these those his her its their our my your".split())
TITLES = frozenset(
    """mr mrs ms miss dr sir lord lady sheikh sheik shaykh prof professor rev reverend rabbi imam
    president senator sen rep gov governor mayor minister judge gen general col captain capt""".split()
)
PERSON_PRONOUNS = frozenset("he him his himself she her hers herself".split())
PREPOSITIONS = frozenset("in of on at off near from to into by for with across inside outside".split())


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words_of(text: str) -> list[str]:
    """Lower-case words without leading prepositions, determiners, titles and the possessive;
    spaced initials joined ("U . S ." -> "us")."""
    text = re.sub(r"(?:['’]s|['’])(?=\s|$)", "", text)
    text = re.sub(r"\b([A-Za-z])\s*\.\s*(?=[A-Za-z]\b\s*\.)", r"\1", text)
    words = [w for w in re.split(r"[^\w]+", fold(text)) if w]
    while len(words) > 1 and (words[0] in DETERMINERS or words[0] in TITLES or words[0] in PREPOSITIONS):
        words = words[1:]
    return words


def name_key(text: str) -> str:
    """A name as one string of its ``words_of``: what two spellings of one name share."""
    return " ".join(words_of(text))
