"""Find quotation-mark spans in raw text, robust to stray marks, apostrophes and multi-paragraph quotes.

Works on characters only (no parse), so it can never fail on odd input: every mark is classified
by its glyph and its neighbours, and an unmatched mark costs nothing but itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
CONTRACTION = re.compile(r"(?:m|s|re|ve|ll|d|t|em|n)\b", re.IGNORECASE)
MAX_SINGLE_QUOTE_CHARS = 600


@dataclass(slots=True)
class MarkSpan:
    open: int  # index of the opening mark
    close: int  # index of the closing mark, or the paragraph end when the quote runs on
    start: int  # content start (after the mark and whitespace)
    end: int  # content end (before the mark and whitespace)
    double: bool
    runs_on: bool = False  # no closing mark: the quotation continues in the next paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line; news text sets one paragraph per line."""
    spans = []
    for match in re.finditer(r"[^\r\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def is_word_char(ch: str) -> bool:
    return ch.isalnum()


def classify_double(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for a double mark at i within paragraph [lo, hi)."""
    ch = text[i]
    if ch == "`" or ch == "'":  # `` and '' typewriter marks, handled by the caller's glyph
        return "open" if ch == "`" else "close"
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    space_before = before.isspace() or before in "([{—–-/"
    space_after = after.isspace() or after in ".,;:!?)]}—–-"
    if ch in DOUBLE_OPEN:
        return "close" if (not space_before and space_after and i > lo) else "open"
    if ch in DOUBLE_CLOSE:
        return "open" if (space_before and not space_after) else "close"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    if i == lo:
        return "open"
    return "either"


def double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(index, width, role) of each double quotation mark in a paragraph."""
    marks = []
    i = lo
    while i < hi:
        ch = text[i]
        if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == '"':
            marks.append((i, 1, classify_double(text, i, lo, hi)))
        elif text.startswith("``", i):
            marks.append((i, 2, "open"))
            i += 1
        elif text.startswith("''", i) and (i + 2 >= hi or not is_word_char(text[i + 2])):
            marks.append((i, 2, "close"))
            i += 1
        elif text.startswith("''", i) and (i == lo or text[i - 1].isspace() or text[i - 1] in "([—–-"):
            marks.append((i, 2, "open"))  # ''It's anti-reform,'' as some newspapers set both marks
            i += 1
        i += 1
    return marks


def pair_marks(marks: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, int, int]], tuple[int, int] | None]:
    """Pair opening and closing marks; returns pairs and the last unclosed opening, if any."""
    pairs = []
    opened: tuple[int, int] | None = None
    for index, width, role in marks:
        if opened is None:
            if role in ("open", "either"):
                opened = (index, width)
            # a closing mark with nothing open is a stray: skip it
        elif role in ("close", "either"):
            pairs.append((opened[0], opened[1], index, width))
            opened = None
        else:
            # Two openings in a row: the first one was a stray; start again from the second.
            opened = (index, width)
    return pairs, opened


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def starts_with_open_mark(text: str, lo: int, hi: int) -> bool:
    lo, _ = trimmed(text, lo, hi)
    return lo < hi and (text[lo] in DOUBLE_OPEN or text[lo] == '"' or text.startswith("``", lo))


def find_double_quotes(text: str) -> list[MarkSpan]:
    spans: list[MarkSpan] = []
    paras = paragraphs(text)
    for number, (lo, hi) in enumerate(paras):
        pairs, unclosed = pair_marks(double_marks(text, lo, hi))
        for open_i, open_w, close_i, _ in pairs:
            start, end = trimmed(text, open_i + open_w, close_i)
            if end > start:
                spans.append(MarkSpan(open_i, close_i, start, end, double=True))
        if unclosed is not None:
            open_i, open_w = unclosed
            next_para = paras[number + 1] if number + 1 < len(paras) else None
            runs_on = next_para is not None and starts_with_open_mark(text, *next_para)
            start, end = trimmed(text, open_i + open_w, hi)
            # An unclosed mark at the start of a paragraph is a quotation set as its own paragraph;
            # an unclosed mark mid-paragraph with nothing after it is a stray and is dropped.
            para_start, _ = trimmed(text, lo, hi)
            if end > start and (runs_on or open_i == para_start):
                spans.append(MarkSpan(open_i, hi, start, end, double=True, runs_on=runs_on))
    return spans


def single_role(text: str, i: int, lo: int, hi: int) -> str | None:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if is_word_char(before) and is_word_char(after):
        return None  # an apostrophe inside a word: don't, Ken’s
    opening_context = before.isspace() or before in "([{—–-\"“/"
    if opening_context and is_word_char(after):
        if CONTRACTION.match(text, i + 1, hi) and before.isspace() and i > lo and text[i - 2].isalpha():
            return None  # "I 'm", a tokenised contraction
        return "open"
    closing_context = after.isspace() or after in ".,;:!?)]}—–-\"”"
    if closing_context and (is_word_char(before) or before in ".,!?"):
        return "close"
    return None


def find_single_quotes(text: str) -> list[MarkSpan]:
    spans = []
    for lo, hi in paragraphs(text):
        opened: int | None = None
        for i in range(lo, hi):
            ch = text[i]
            if ch not in "'‘’":
                continue
            role = single_role(text, i, lo, hi)
            if ch == SINGLE_OPEN and role is None:
                role = "open"
            if role == "open" and opened is None:
                opened = i
            elif role == "close" and opened is not None:
                if text[opened] == "‘" or ch == "'" or text[opened] == "'":
                    start, end = trimmed(text, opened + 1, i)
                    if end > start and i - opened <= MAX_SINGLE_QUOTE_CHARS:
                        spans.append(MarkSpan(opened, i, start, end, double=False))
                opened = None
    return spans


def find_quote_marks(text: str) -> list[MarkSpan]:
    """All quoted spans, double and single, in text order (outer spans before the ones they hold)."""
    spans = find_double_quotes(text) + find_single_quotes(text)
    spans.sort(key=lambda s: (s.open, -s.close))
    return spans
