"""Quotes stage: quotations in marks, their cues and their speaker mentions.

Adds ``Analysis.quotes``. Speaker *names* are set later by the mentions stage, which resolves
each speaker mention (a pronoun, "Mr Khan") to the person it refers to.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from .cues import (
    NAMING_WORDS,
    SPEECH_NOUNS,
    according_to_source,
    is_speech_cue,
    noun_phrase,
    subject_of,
)
from .model import Analysis, Quote, stable_id
from .model import Span as TextSpan
from .quotemarks import MarkSpan, find_quote_marks

SHORT_QUOTE_WORDS = 3  # up to this many words, a quotation needs a cue to count as speech


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def token_at(doc: Doc, char: int) -> Token:
    """The token holding a character offset, or the nearest one before it (whitespace has none)."""
    starts = doc.user_data.get("storytrail_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data["storytrail_token_starts"] = [t.idx for t in doc]
    return doc[max(0, bisect_right(starts, char) - 1)]


def cue_candidates(doc: Doc, mark: MarkSpan) -> list[Token]:
    """Speech cues in the sentences the quotation touches, outside the quotation itself."""
    lo = token_at(doc, mark.open).sent.start
    hi = token_at(doc, max(mark.open, mark.close - 1)).sent.end
    return [t for t in doc[lo:hi] if is_speech_cue(t) and not (mark.open <= t.idx < mark.close)]


def governs(cue: Token, tokens: Span) -> bool:
    """Whether the cue heads the quotation, directly or as a parenthetical of its clause."""
    ancestors = set()
    for token in tokens:
        ancestors.update(a.i for a in token.ancestors)
    return cue.i in ancestors or cue.head.i in ancestors and cue.dep_ in ("parataxis", "advcl", "ccomp")


def choose_cue(doc: Doc, mark: MarkSpan, content: Span) -> Token | None:
    candidates = cue_candidates(doc, mark)
    if not candidates:
        return None

    def distance(cue: Token) -> int:
        return mark.open - cue.idx if cue.idx < mark.open else cue.idx - mark.close

    governing = [c for c in candidates if governs(c, content)]
    with_subject = [c for c in candidates if subject_of(c) is not None]
    pool = governing or with_subject or candidates
    return min(pool, key=distance)


def speech_noun_owner(content: Span) -> Token | None:
    """ "Ken's recent comments about … "riddled by gays"": the owner of a speech noun over the quote."""
    for token in content:
        for ancestor in token.ancestors:
            if ancestor.lemma_.lower() in SPEECH_NOUNS or ancestor.lower_ in SPEECH_NOUNS:
                for child in ancestor.children:
                    if child.dep_ == "poss":
                        return child
    return None


def is_mentioned_word(text: str, mark: MarkSpan) -> bool:
    """ "the word "Zionist"", "known as "red Ken"", "call it "…"": a name or a word, not speech."""
    before = text[max(0, mark.open - 40) : mark.open].lower().replace("“", " ").replace('"', " ")
    words = before.split()
    if not words:
        return False
    last = words[-1].strip(",:")
    if last in NAMING_WORDS or (len(words) >= 2 and words[-2] in ("known", "call", "called", "dubbed") and last in ("as", "it", "him", "her", "them")):
        return True
    # A list of single quoted words: "Jew", "Israeli" and "Zionist".
    content = text[mark.start : mark.end]
    after = text[mark.close + 1 : mark.close + 8]
    return len(content.split()) == 1 and (after.lstrip().startswith((",", "and ", "or ")) or last in ("and", "or", ","))


class QuoteFinder:
    """Finds quotations in marks and their speakers in one parsed article."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.doc: Doc = analysis.doc
        self.text = analysis.article.text
        self.doc_id = analysis.article.id

    def run(self) -> list[Quote]:
        quotes: list[Quote] = []
        previous: Quote | None = None
        previous_mark: MarkSpan | None = None
        for mark in find_quote_marks(self.text):
            content = token_span(self.doc, mark.start, mark.end)
            if content is None or len(content) == 0:
                continue
            quote = self.make_quote(mark, content)
            if quote is None:
                continue
            continues = previous is not None and previous_mark is not None and previous_mark.runs_on and mark.open >= previous_mark.close
            if quote.speaker is None and continues and previous is not None:
                quote.speaker, quote.cue = previous.speaker, previous.cue
            parent = self.enclosing(quotes, mark)
            if parent is not None:
                quote.parent = parent.id
            quotes.append(quote)
            if parent is None:
                previous, previous_mark = quote, mark
        return quotes

    @staticmethod
    def enclosing(quotes: list[Quote], mark: MarkSpan) -> Quote | None:
        for quote in reversed(quotes):
            if quote.start <= mark.open and mark.close <= quote.end:
                return quote
        return None

    def make_quote(self, mark: MarkSpan, content: Span) -> Quote | None:
        text = self.text
        if is_mentioned_word(text, mark):
            return None
        cue = choose_cue(self.doc, mark, content)
        speaker_head = subject_of(cue) if cue is not None else None
        if speaker_head is not None and mark.open <= speaker_head.idx < mark.close:
            speaker_head = None
        n_words = len(text[mark.start : mark.end].split())
        if speaker_head is None:
            speaker_head = self.according_to(mark) or speech_noun_owner(content)
        if n_words <= SHORT_QUOTE_WORDS and not (cue is not None and governs(cue, content)) and speaker_head is None:
            return None  # a scare quote or a title: no speech governs it
        speaker = noun_phrase(speaker_head) if speaker_head is not None else None
        return Quote(
            id=stable_id(self.doc_id, mark.start, mark.end, "direct"),
            doc=self.doc_id,
            start=mark.start,
            end=mark.end,
            text=text[mark.start : mark.end],
            kind="direct",
            spans=[(mark.start, mark.end)],
            cue=TextSpan(cue.idx, cue.idx + len(cue.text), cue.text) if cue is not None else None,
            speaker=TextSpan(speaker.start_char, speaker.end_char, speaker.text) if speaker is not None else None,
        )

    def according_to(self, mark: MarkSpan) -> Token | None:
        for token in token_at(self.doc, mark.open).sent:
            source = according_to_source(token)
            if source is not None and not (mark.open <= source.idx < mark.close):
                return source
        return None


def find_quotes(analysis: Analysis) -> Analysis:
    """Quotation stage: sets ``analysis.quotes`` (with ids) from the parsed document."""
    analysis.quotes = QuoteFinder(analysis).run()
    return analysis
