"""Headlines and datelines of plain text: where an article's own title lies at the top of its
text, so that the stages read it as a headline and not as the body's first sentence."""

from __future__ import annotations

import re
import urllib.parse

DATE_PATTERN = r"\d{1,2}[/.]\d{1,2}[/.]\d{4}(?:,?\s+\d{1,2}:\d{2})?(?:\s*[A-Z]{2,4}\b)?"
# "23/03/2012 12:21 GMT | Updated 23/05/2012 10:12 BST": found by this pattern, read by dateparser
DATELINE = re.compile(rf"^\s*({DATE_PATTERN})(?:\s*\|\s*Updated\s+({DATE_PATTERN}))?\s*$", re.IGNORECASE | re.MULTILINE)
DATELINE_LINES = 6  # a dateline sits among the first lines
MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 200
# "Sanders: Clinton needs …": up to four capitalised words, not all capitals ("WASHINGTON:", "UPDATE:"), then a colon
CREDITED_CLAIM = re.compile(r"(?!(?:[A-Z.'’\- ]+):)[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}: \S")
QUOTE_OPENERS = "\"“‘'"
QUOTE_CLOSERS = "\"”’'"


def title_cased(line: str) -> bool:
    """ "Ken Turns Off Jewish Leftists", not "Ken Livingstone: what he really thinks about Jews"."""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def title_span(text: str, known_title: str | None = None, url: str | None = None) -> tuple[int, int] | None:
    """Where a plain text's first line is its headline: a short line over a blank line, a
    dateline, or a deck (a second short line) and a blank line; and not a sentence of the body (no
    final full stop unless title-cased, as "Trump Warns Iran." is; not a quotation) unless the
    metadata gives it as the title, or the article's URL is named after it (``slug_names``). None
    when the first line is the body's."""
    start = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    newline = text.find("\n", start)
    if newline < 0:
        return None
    line = text[start:newline].rstrip()
    following = text[newline + 1 :].split("\n", 1)[0]
    stands_apart = following.strip() == "" or DATELINE.match(following) is not None or deck_end(text, start + len(line)) is not None
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS or not stands_apart:
        return None
    if known_title is not None and fold_title(known_title) == fold_title(line):
        return start, start + len(line)
    if url is not None and slug_names(url, line):
        return start, start + len(line)
    if not short_display_line(line) or line[0] in QUOTE_OPENERS and line.rstrip(".")[-1] in QUOTE_CLOSERS:
        return None
    return start, start + len(line)


# A web address names the story after its headline: ".../2018/04/20/trump-tweets-that-comey-memos-
# clearly-show-no-obstruction-collusion.html" for "Trump tweets that Comey memos 'clearly' show no
# obstruction, collusion." A headline in sentence case with a full stop reads like a body sentence;
# its slug tells them apart.
SLUG_WORD = re.compile(r"[a-z]{3,}")
SLUG_SKIP = frozenset("the and for with that this from into are was were has have its his her their who what".split())
SLUG_MIN_WORDS = 3  # shared with the line
SLUG_MIN_SHARE = 0.5  # of the slug's words


def slug_names(url: str, line: str) -> bool:
    """Whether the URL's slug (its longest hyphenated path segment) is made of the line's words."""
    segments = [part for part in urllib.parse.urlsplit(url).path.split("/") if "-" in part or "_" in part]
    if not segments:
        return False
    slug = {w for w in SLUG_WORD.findall(max(segments, key=len).lower().rsplit(".", 1)[0]) if w not in SLUG_SKIP}
    words = set(SLUG_WORD.findall(line.lower()))
    shared = len(slug & words)
    return shared >= SLUG_MIN_WORDS and shared >= SLUG_MIN_SHARE * len(slug)


def short_display_line(line: str) -> bool:
    """Short enough for a headline or a deck, and not a sentence of the body: a sentence ends in a
    full stop, unless the line is title-cased ("Trump Warns Iran.") or credits a claim to a name
    before a colon ("Sanders: Clinton needs to 'get away from all of this personality stuff'.")."""
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    return not (line[-1] in ",;:" or line[-1] == "." and not title_cased(line) and not CREDITED_CLAIM.match(line))


def fold_title(title: str) -> str:
    return " ".join(title.casefold().rstrip(" .").split())


def dateline_match(text: str) -> re.Match[str] | None:
    """The dateline among the first lines of a plain text ("23/03/2012 12:21 GMT | Updated …"),
    its groups the published and updated dates as written; its span indexes ``text``."""
    position = 0
    for line in text.split("\n")[:DATELINE_LINES]:
        match = DATELINE.match(text, position, position + len(line))
        if match:
            return match
        position += len(line) + 1
    return None


def display_end(text: str, title: tuple[int, int] | None) -> int:
    """Where the headline block ends: after the headline and, when one stands under it, its deck
    ("Ken Turns Off Jewish Leftists" / "Jewish Labor Loyalists Found Livingstone Really
    Obnoxious"). 0 when the text has no headline."""
    if title is None:
        return 0
    return deck_end(text, title[1]) or title[1]


def deck_end(text: str, line_end: int) -> int | None:
    """Where the deck under the line ending at ``line_end`` ends: a second short line, over a
    blank line or the end of the text. None when there is none."""
    rest, deck, after = [*text[line_end:].split("\n", 2), "", ""][:3]
    if deck.strip() and not after.split("\n", 1)[0].strip() and short_display_line(deck.strip()):
        return line_end + len(rest) + 1 + len(deck.rstrip())
    return None


# "WASHINGTON — ", "WASHINGTON (Reuters) - ", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — ": where a story was
# filed, before its first sentence; a capitalised word of three letters or more opens it
PLACE_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}(?:,? [A-Z][a-z]{2,4}\.? \d{1,2})?\s*(?:\([^()\n]{1,40}\))?\s*(?:—|–|--|-)\s"
)
PLACE_DATELINE_PARAGRAPHS = 3


def place_dateline(text: str, start: int = 0) -> tuple[int, int] | None:
    """The place dateline that opens one of the first paragraphs from ``start`` on, as a span."""
    position = start
    for _ in range(PLACE_DATELINE_PARAGRAPHS):
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        match = PLACE_DATELINE.match(text, position)
        if match:
            return match.start(), match.end()
        newline = text.find("\n", position)
        if newline < 0:
            return None
        position = newline + 1
    return None
