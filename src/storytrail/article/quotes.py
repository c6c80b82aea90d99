"""Quotes stage: quotations in marks, their cues and their speaker mentions.

Adds ``Analysis.quotes``. Speaker *names* are set later by the mentions stage, which resolves
each speaker mention (a pronoun, "Mr Khan") to the person it refers to.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from storytrail.article.cues import (
    DOCUMENT_NOUNS,
    NAMING_WORDS,
    SPEECH_NOUNS,
    SUBJECT_DEPS,
    according_to_source,
    concessive,
    cue_rates,
    cue_type_of,
    is_cue,
    is_speech_cue,
    learned_content,
    noun_phrase,
    reciprocal,
    reports_words,
    subject_is_no_source,
    subject_of,
    token_at,
    token_span,
    told_to,
)
from storytrail.article.quote_filter import quote_filter_model
from storytrail.article.quotemarks import DOUBLE_CLOSE, DOUBLE_OPEN, MarkSpan, find_quote_marks, paragraphs
from storytrail.headlines import display_end, place_dateline
from storytrail.model import Analysis, Quote, stable_id
from storytrail.model import Span as TextSpan

SHORT_QUOTE_WORDS = 3  # up to this many words, a quotation needs a cue to count as speech
MAX_BLOCK_PARAGRAPHS = 6
TRANSCRIPT_TURN = re.compile(r"[ \t]*([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}):[ \t]+(\S)")
NOT_SPEAKER_LABELS = frozenset(
    "UPDATE NOTE EDITOR'S NOTE CORRECTION WATCH READ MORE RELATED PHOTO VIDEO WARNING SOURCE SOURCES CLARIFICATION".split(" ")
) | {"EDITOR'S NOTE", "READ MORE"}
CONTAINMENT_SLACK = 3
# "Trump denied the report", "she urged voters to register": a speech cue's object or infinitive is its content.
NOMINAL_CONTENT_DEPS = ("dobj", "xcomp")
NAME_TYPES = ("PERSON", "ORG", "GPE", "NORP")
# a second object right after the first is the parser's reading of what the cue calls it ("called
# investigations into the matter a “witch hunt”"); one further on is a misparse of another clause
OBJECT_PREDICATE_DEPS = ("oprd", "dobj", "prep", "xcomp", "ccomp", "advmod", "acomp")
# "Pence: Gennifer Flowers Won't Be at Debate.": the name before the colon, the claim after it, without its full stop
HEADLINE_CLAIM = re.compile(r"([^:\n]{2,60}):[ \t]+(\S[^\n]*?)[ \t.]*$")
WH_TAGS = frozenset({"WP", "WP$", "WRB", "WDT"})
PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ"})
MAX_SPLIT_GAP_WORDS = 8  # "…," the senator from Ohio said on Tuesday, "…"
MAX_LEAD_IN_WORDS = 12  # a lead-in before a colon is a short label, not a sentence
FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A block quotation ends where the article speaks of the document again in its own voice.
DOCUMENT_REFERENCE = re.compile(r"\b(?:this|the) (?:letter|document|statement|report|email|memo)\b", re.IGNORECASE)
# First-person plural or an elided ending: the quoted authors are still speaking.
BLOCK_CONTINUES = re.compile(r"(?:\b(?:we|us|our)\b|…|\.\.\.)", re.IGNORECASE)


WRITER_PRONOUNS = frozenset({"i", "we"})
CONCESSIVE_MARKS = frozenset({"though", "although"})
DOUBLE_MARKS = frozenset({*DOUBLE_OPEN, *DOUBLE_CLOSE, '"', "''", "``"})  # single marks are apostrophes too


def recorded_shape(cue: Token, content: Token) -> bool:
    """Whether PolNeAR's annotators took this word with content of this shape for a cue often enough
    to be recorded (``cue_rates``): "said nothing", "tweeted a photo" are, "add Madeira and the
    Azores to the list" is not. A gerund is a clause, or an object ("denied colluding with the
    Russians", "recounted having crossed Trump")."""
    gerund = content.tag_ == "VBG" or any(c.dep_ == "aux" and c.tag_ == "VBG" for c in content.children)
    shapes = ("object",) if content.dep_ == "dobj" else ("clause", "object") if gerund else ("infinitive",)
    return any(f"{cue.lemma_.lower()}/{cue.pos_}/{shape}" in cue_rates() for shape in shapes)


def is_passive(cue: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in cue.children)


def contiguous_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """Character spans of runs of adjacent tokens."""
    spans: list[tuple[int, int]] = []
    last_index = None
    for token in tokens:
        end = token.idx + len(token.text)
        if last_index is not None and token.i == last_index + 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((token.idx, end))
        last_index = token.i
    return spans


JOIN_PUNCTUATION = ",;:—–- "


def trimmed_joins(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans whose edges where one fragment meets the next carry no comma or dash: the clause
    around ", according to Mr. Comey's memos," reads "… exchange Mr. Trump told …", not "exchange, , Mr."."""
    trimmed = []
    for number, (start, end) in enumerate(spans):
        if number > 0:
            while start < end and text[start] in JOIN_PUNCTUATION:
                start += 1
        if number < len(spans) - 1:
            while end > start and text[end - 1] in JOIN_PUNCTUATION:
                end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed


def quoted(marks: list[MarkSpan], at: int, within: MarkSpan) -> bool:
    """Whether a position lies inside a quotation other than one enclosing ``within``: the words of
    a quotation nested in a letter's are spoken inside the letter, and its cue is there too."""
    return any(m.open <= at < m.close for m in [within, *marks] if m is within or not (m.open <= within.open and within.close <= m.close))


def cue_candidates(doc: Doc, mark: MarkSpan, marks: list[MarkSpan]) -> list[Token]:
    """Speech cues in the sentences the quotation touches, outside every quotation: where the
    parse runs two quotations into one sentence, the second's cue is not a verb of the first's
    words ("…it found a willing partner," said Tom Perez. "This constituted …")."""
    lo = token_at(doc, mark.open).sent.start
    hi = token_at(doc, max(mark.open, mark.close - 1)).sent.end
    return [t for t in doc[lo:hi] if is_speech_cue(t) and not quoted(marks, t.idx, mark)]


def ancestors_of(tokens: Span) -> set[int]:
    return {a.i for token in tokens for a in token.ancestors}


def governs(cue: Token, tokens: Span, ancestors: set[int] | None = None) -> bool:
    """Whether the cue heads the quotation, directly or as a parenthetical of its clause
    (``ancestors``: the quotation's, where the caller has them)."""
    ancestors = ancestors_of(tokens) if ancestors is None else ancestors
    return cue.i in ancestors or cue.head.i in ancestors and cue.dep_ in ("parataxis", "advcl", "ccomp")


def choose_cue(doc: Doc, mark: MarkSpan, content: Span, marks: list[MarkSpan]) -> Token | None:
    candidates = cue_candidates(doc, mark, marks)
    if not candidates:
        return None

    def distance(cue: Token) -> int:
        return mark.open - cue.idx if cue.idx < mark.open else cue.idx - mark.close

    # a cue the quotation hangs from comes before one beside its clause: "Corbyn had asked Formby to
    # “root out antisemitism”, saying …" is asked for, not said
    ancestors = ancestors_of(content)
    heading = [c for c in candidates if c.i in ancestors]
    governing = [c for c in candidates if governs(c, content, ancestors)]
    with_subject = [c for c in candidates if subject_of(c) is not None]
    pool = heading or governing or with_subject or candidates
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


def is_title(content: str) -> bool:
    """Words written as a title: every word but a short one capitalised ("Face the Nation,", "The Late Show")."""
    words = [w.strip(",.:;!?") for w in content.split()]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or (len(w) <= 4 and w.islower()) for w in words if w) and words[0][:1].isupper()


def named_apposition(subject: Token | None) -> Token | None:
    """ "Springfield's mayor, Jane Doe, said": the name set beside a common noun is the speaker."""
    if subject is None or subject.ent_type_ in ("PERSON", "ORG"):
        return subject
    # or beside a second description of the same person: "Mr. Trump's new lawyer and his longtime confidant, Rudolph W. Giuliani, said"
    described = [subject, *(c for c in subject.children if c.dep_ == "conj" and c.pos_ == "NOUN")]
    named = [c for head in described for c in head.children if c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG")]
    # or set off by commas after a word that only points to it, however the parser tagged it: "Another, Pelco, announced"
    named += [c for c in subject.children if subject.pos_ in ("PRON", "DET") and c.dep_ in ("appos", "npadvmod") and c.pos_ == "PROPN" and c.ent_type_ in NAME_TYPES]
    return named[0] if named else subject


def source_of(cue: Token) -> Token | None:
    """The cue's subject, or the document it speaks through when the subject is a group of
    authors: "In the letter, the Labour supporters write: …" quotes the letter. One named person
    or body stays the source ("In a letter, Trump wrote", "In a statement, the campaign said")."""
    subject = named_apposition(subject_of(cue))
    if subject is not None and not (subject.tag_ in ("NNS", "NNPS") or subject.lower_ in ("they", "we")):
        return subject
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "through"):
            for document in prep.children:
                if document.dep_ == "pobj" and document.lemma_.lower() in DOCUMENT_NOUNS:
                    return document
    return subject


def opens_quotation(content: list[Token]) -> bool:
    """ "“Jew”, “Israeli” and …": a leading mark that a later one closes belongs to the content."""
    return content[0].is_quote and any(t.is_quote for t in content[1:])


def coordinated_claims(clause: Token) -> tuple[list[Token], list[list[Token]]]:
    """ "believes that all Jews vote Conservative, and that "Jew" … can be used interchangeably":
    each complement with its own "that" or subject is a claim of its own, which other outlets
    can repeat alone."""
    claims = [
        conj for conj in clause.children
        if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in conj.children)
    ]
    if not claims:
        return list(clause.subtree), []
    first_end = min(c.left_edge.i for c in claims)
    # the first claim ends before the conjunction (", and") that opens the next one
    first = [t for t in clause.subtree if t.i < first_end and not (t.head == clause and t.dep_ == "cc" and t.i > clause.i)]
    return first, [list(c.subtree) for c in claims]


def complement_claims(cue: Token, clause: Token) -> tuple[list[Token], list[list[Token]]]:
    """``coordinated_claims`` of a cue's clausal complement, which runs on into a second complement
    the parser hung off the cue right after it: in "Mr Khan said he was pleased Mr Corbyn had asked
    …" the second clause completes the first's adjective, and both are what he said."""
    content, claims = coordinated_claims(clause)
    if claims:
        return content, claims
    # and on again: a hyphenated verb the parser cut in three ("him to re - connect with …")
    right_edge = clause.right_edge.i
    while following := [c for c in cue.children if c.dep_ == "ccomp" and c.left_edge.i == right_edge + 1]:
        content = content + list(following[0].subtree)
        right_edge = following[0].right_edge.i
    return content, claims


def before_the_writer_s_words(cue: Token, content: list[Token]) -> list[Token]:
    """The content up to where the writer takes over: a participial clause or a relative clause
    after a comma that closes it ("had his hands in the air, contradicting Tulsa police's earlier
    claim …", "cited criticism of NBC's Matt Lauer, who took heat for …"), or a concession
    ("denies attacking rich Jews though his … comments … show he has a track record", "was smart,
    although he again refused …"). A participle that reports a claim of its own ("he didn't believe
    it, arguing that it was divisions …") is a quotation of its own, found at its cue. A participle
    with more of the claim after it ("However laudable the goal, using the capital gains tax is a
    misguided approach") and a subordinate clause ("because he doubted any court would …") are part
    of the claim, and so, by PolNeAR dev and train, is a coordinated verb ("… and suggested that
    …"): cut there too, the quotes found rose but speakers went wrong as often (train end-to-end
    -.001)."""
    inside = {t.i for t in content}
    last = max((t.i for t in content if not (t.is_punct or t.is_space)), default=-1)
    ordered = sorted(content, key=lambda t: t.i)
    for token in ordered:
        if token.dep_ != "advcl" or token.head.i not in inside or token.head.i == cue.i or token.head.i > token.i:
            continue
        if token.tag_ == "VBG" and token.left_edge.i == token.i and after_comma(token) and token.right_edge.i >= last:
            return [t for t in content if t.i < token.i]
        if any(c.dep_ == "mark" and c.lower_ in CONCESSIVE_MARKS for c in token.children):
            return [t for t in content if t.i < token.left_edge.i]
    for token in ordered:
        if token.dep_ == "relcl" and token.left_edge.tag_ in WH_TAGS and after_comma(token.left_edge) and token.right_edge.i >= last:
            return [t for t in content if t.i < token.left_edge.i]
    return content


def after_comma(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text == ","


def double_mark(token: Token) -> bool:
    """A double quotation mark: single ones are also apostrophes ("Democrats' plan")."""
    return token.text in DOUBLE_MARKS


def imperative(cue: Token) -> bool:
    """A cue in the imperative addresses the reader and reports nobody's words: "call 212-306-6794
    for more information", "Read this fact: …"."""
    if cue.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in cue.children):
        return False
    if cue.dep_ == "conj":
        return imperative(cue.head)  # "… at nyc.gov or call 212-306-6794"
    return cue.dep_ == "ROOT" or cue.i == cue.sent.start  # the parser makes "Read this fact: …" a clause of what follows


def closing_mark_after(content: list[Token]) -> list[Token]:
    """The punctuation up to the mark that closes a quotation the content opened, where the parse
    left it out ('recalls the colleague being "confused," and …')."""
    if not content or sum(1 for t in content if double_mark(t)) % 2 == 0:
        return []
    following = []
    for token in content[-1].doc[content[-1].i + 1 : content[-1].i + 3]:
        if not token.is_punct:
            break
        following.append(token)
        if double_mark(token):
            return following
    return []


def within_quotation(ordered: list[Token], token: Token) -> bool:
    """Whether a token of a content (its tokens in order) lies between quotation marks that the
    content opened before it."""
    return sum(1 for t in ordered if t.i < token.i and double_mark(t)) % 2 == 1


class QuoteFinder:
    """Finds quotations in marks and their speakers in one parsed article."""

    def __init__(self, analysis: Analysis, checked: bool = True) -> None:
        self.analysis = analysis
        self.doc: Doc = analysis.parsed
        self.text = analysis.article.text
        self.doc_id = analysis.article.id
        self.check = quote_filter_model() if checked else None
        self.marks = find_quote_marks(self.text)
        self.filed = place_dateline(self.text, display_end(self.text, analysis.article.title_span))

    def run(self) -> list[Quote]:
        direct = self.direct_quotes()
        quotes = direct + self.indirect_quotes(direct) + self.block_quotes(direct) + self.transcript_quotes(direct) + self.headline_claim(direct)
        quotes.sort(key=lambda q: (q.start, -q.end))
        self.set_parents(quotes)
        if self.check is not None:
            # Only top-level quotes are checked, and not a quotation that a speech verb governs
            # ("…," you said): that is speech whoever says it. What was nested in a dropped quote
            # moves up a level.
            quotes = [q for q in quotes if q.parent is not None or self.said(q) or self.check.keep(self.doc, self.text, q)]
            self.set_parents(quotes)
        return quotes

    def said(self, quote: Quote) -> bool:
        if quote.kind != "direct" or quote.cue is None:
            return False
        cue = token_at(self.doc, quote.cue.start)
        content = token_span(self.doc, quote.spans[0][0], quote.spans[0][1])
        return is_speech_cue(cue) and content is not None and governs(cue, content)

    def set_parents(self, quotes: list[Quote]) -> None:
        for quote in quotes:
            parent = self.enclosing(quotes, quote)
            quote.parent = parent.id if parent is not None else None

    def direct_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        marks: list[MarkSpan] = []
        for mark in self.marks:
            content = token_span(self.doc, mark.start, mark.end)
            if content is None or len(content) == 0:
                continue
            turn = TRANSCRIPT_TURN.match(self.text, mark.start, mark.end)
            if turn is not None and turn.group(1).strip().upper() not in NOT_SPEAKER_LABELS:
                # A transcript quoted whole: "WALLACE: Governor, …" names its speaker before a colon.
                mark.start = turn.start(2)
                quote = self.make_quote(mark, content)
                if quote is not None:
                    quote.speaker, quote.cue, quote.cue_type = TextSpan(turn.start(1), turn.end(1), turn.group(1)), None, "speech"
            else:
                quote = self.make_quote(mark, content)
            if quote is None:
                continue
            outer = [m for m in marks if m.start <= mark.open and mark.close <= m.end]
            if quote.speaker is None and not outer:
                self.inherit_speaker(quote, mark, quotes, marks)
            quotes.append(quote)
            marks.append(mark)
        return self.merge_split(quotes, marks)

    def inherit_speaker(self, quote: Quote, mark: MarkSpan, quotes: list[Quote], marks: list[MarkSpan]) -> None:
        """A quotation with no cue of its own continues the previous speaker's words: a quotation
        running over paragraphs, a quotation that follows another in its paragraph, or one that
        opens the next paragraph. A quotation within a later paragraph's narration is the words
        of whoever that narration is about ("Debbie Meadows ... founded Right Women PAC, an
        organization that plans to play in "primaries in Republican districts""): on PolNeAR
        train none of 111 such quotations was the previous speaker's."""
        for earlier, earlier_mark in zip(reversed(quotes), reversed(marks)):
            if earlier.parent is not None or earlier_mark.close > mark.open:
                continue
            between = self.text[earlier_mark.close + 1 : mark.open]
            continues = "\n" not in between or between.count("\n") <= 2 and self.opens_paragraph(mark.open)
            if earlier_mark.runs_on or continues and earlier.speaker is not None:
                quote.speaker, quote.cue = earlier.speaker, earlier.cue if earlier_mark.runs_on else None
                quote.cue_type, quote.reports = earlier.cue_type, earlier.reports
            return

    def merge_split(self, quotes: list[Quote], marks: list[MarkSpan]) -> list[Quote]:
        """ "…," he said, "…": one quotation split around its cue becomes one quote with two spans."""
        merged: list[Quote] = []
        last: tuple[Quote, MarkSpan] | None = None  # the last quotation not nested in another
        for quote, mark in zip(quotes, marks):
            if last is not None and last[1].open < mark.open and mark.close <= last[1].close:
                merged.append(quote)  # "…you ‘accept responsibility,’" Merkley said. "…": the outer one goes on
                continue
            if last is not None and self.is_split(last[1], mark, last[0], quote):
                first = last[0]
                first.spans = first.spans + quote.spans
                first.end = quote.end
                first.text = first.text + " " + quote.text
                first.id = stable_id(self.doc_id, first.start, first.end, "direct")
                if not first.cue:
                    first.cue, first.cue_type, first.reports = quote.cue, quote.cue_type, quote.reports
                first.speaker = first.speaker or quote.speaker
                last = (first, mark)
                continue
            merged.append(quote)
            last = (quote, mark)
        return merged

    def is_split(self, left: MarkSpan, right: MarkSpan, first: Quote, second: Quote) -> bool:
        """One speaker's quotation broken by its cue ("…," he said. "…") or set as adjacent quotations."""
        gap = self.text[left.close + 1 : right.open]
        # A quotation running over paragraphs stays one quote per paragraph.
        if left.runs_on or "\n" in self.text[left.close : right.open] or not left.double or not right.double or first.parent is not None:
            return False
        if not gap.strip(" ,.;:\u00a0"):
            return second.cue is None or second.cue == first.cue
        cue = first.cue or second.cue
        in_gap = cue is not None and left.close <= cue.start < right.open
        if not in_gap or second.cue not in (None, cue):
            return False
        if first.cue is not None and self.opens_next_sentence(first.cue, right):
            # "…," said Michael Oppenheimer, a professor at Princeton. "…": the sentence after the
            # attribution is the same speaker's quotation, however long the attribution runs
            return True
        if len(gap.split()) > MAX_SPLIT_GAP_WORDS:
            return False
        # The gap holds only the cue and its source: ", saying there should be “…”" opens a new clause.
        gap_tokens = token_span(self.doc, left.close + 1, right.open) or []
        return not any(t.pos_ in ("VERB", "AUX") and t.idx != cue.start for t in gap_tokens)

    def opens_paragraph(self, at: int) -> bool:
        """Whether nothing but spaces comes before a position in its paragraph."""
        return not self.text[self.text.rfind("\n", 0, at) + 1 : at].strip()

    def ends_paragraph(self, at: int) -> bool:
        """Whether nothing but spaces follows a position in its paragraph."""
        line_end = self.text.find("\n", at)
        return not self.text[at : line_end if line_end >= 0 else len(self.text)].strip()

    def opens_next_sentence(self, cue: TextSpan, mark: MarkSpan) -> bool:
        """Whether a quotation mark opens the sentence right after the one its cue stands in. The
        parser often ends the cue's sentence after the mark ("… advocacy group. ''It's anti-reform."):
        a mark at the very end of the sentence, after its full stop, opens the next."""
        sentence = token_at(self.doc, cue.start).sent
        if sentence.end_char <= mark.open:
            return not self.text[sentence.end_char : mark.open].strip()
        return mark.start >= sentence.end_char and self.text[sentence.start_char : mark.open].rstrip().endswith((".", "!", "?"))

    def indirect_quotes(self, direct: list[Quote]) -> list[Quote]:
        """Reported speech: a cue with a clausal complement, "according to X", a parenthetical cue."""
        found = []
        covered = [(q.start, q.end) for q in direct]
        for token in self.doc:
            content: list[Token] | None = None
            claims: list[list[Token]] = []
            if imperative(token):
                continue
            learned = learned_content(token)
            if learned is not None:
                content, claims = complement_claims(token, learned) if learned.dep_ == "ccomp" else (list(learned.subtree), [])
                if learned.dep_ == "dobj":
                    # "called Clinton a “champion”", "cites 22% of claims as “entirely true”": what the
                    # cue says of its object belongs to the content.
                    for sibling in token.rights:
                        if sibling.i > learned.i and sibling.dep_ in OBJECT_PREDICATE_DEPS and (
                            sibling.dep_ != "dobj" or sibling.left_edge.i == max(t.i for t in content) + 1
                        ):
                            content.extend(sibling.subtree)
            elif is_cue(token, with_beliefs=True):
                clauses = [c for c in token.children if c.dep_ == "ccomp"]
                objects = [
                    c for c in token.children
                    if c.dep_ in NOMINAL_CONTENT_DEPS and not told_to(token, c) and not reciprocal(c) and recorded_shape(token, c)
                ] if is_speech_cue(token) else []
                if clauses:
                    content, claims = complement_claims(token, clauses[0])
                elif objects:
                    content = list(objects[0].subtree)
                elif token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
                    cue_subtree = {t.i for t in token.subtree}
                    content = [t for t in token.head.subtree if t.i not in cue_subtree]
            if token.lower_ == "according" and according_to_source(token) is not None and token.head.pos_ in ("VERB", "AUX"):
                excluded = {t.i for t in token.subtree}
                content = [t for t in token.head.subtree if t.i not in excluded]
            for claim in [content, *claims] if content else []:
                quote = self.make_indirect(token, before_the_writer_s_words(token, claim), covered)
                if quote is not None:
                    found.append(quote)
        return found

    def make_indirect(self, cue: Token, content: list[Token], covered: list[tuple[int, int]]) -> Quote | None:
        content = sorted(content, key=lambda t: t.i)
        # Reported speech stays within its paragraph: a parse that runs over a line break is cut there.
        cue_para = self.text.rfind("\n", 0, cue.idx)
        content = [t for t in content if self.text.rfind("\n", 0, t.idx) == cue_para]
        aside = next((t for t in content[:3] if concessive(t)), None)
        if aside is not None:
            content = [t for t in content if t.i > aside.i]  # "That being said, she noted, …": the writer's turn, not hers
        while content and (content[0].dep_ == "mark" and content[0].lower_ in ("that", "whether", "if") or content[0].is_space or content[0].is_punct and not opens_quotation(content)):
            content = content[1:]
        while content and (content[-1].is_punct or content[-1].is_space) and not within_quotation(content, content[-1]):
            content = content[:-1]  # a mark that closes one the claim opened stays: 'the videos were "inconclusive"'
        content += closing_mark_after(content)
        if len([t for t in content if not t.is_punct]) < 3:
            return None
        start, end = content[0].idx, content[-1].idx + len(content[-1].text)
        # Already a quotation in marks: the direct quote stands for it.
        inside_marks = sum(min(end, e) - max(start, s) for s, e in covered if s < end and start < e)
        if inside_marks > 0.6 * (end - start):
            return None
        spans = trimmed_joins(self.text, contiguous_spans(content))
        if content[-1].dep_ == "mark" or content[-1].lower_ == "that" and self.ends_paragraph(end):
            return None  # "Part of their problem, they said, was that": the clause itself follows as a block
        speaker_head = source_of(cue) if cue.lower_ != "according" else according_to_source(cue)
        if speaker_head is not None and start <= speaker_head.idx < end:
            speaker_head = None
        if speaker_head is not None and speaker_head.lower_ in ("what", "whatever"):
            return None  # "what has been seen as …": a free relative, not a source
        if speaker_head is None and cue.lower_ != "according" and not is_passive(cue) and not is_speech_cue(cue) and not subject_is_no_source(cue):
            return None  # a cue with no source ("to know that …") is no attribution; "it was said that", "seems to" are
        if speaker_head is not None and speaker_head.lower_ in WRITER_PRONOUNS and not any(s <= cue.idx < e for s, e in covered):
            return None  # the writer's own "I think" is the article's voice, not a quotation
        return self.build(spans, "mixed" if inside_marks > 0 else "indirect", cue, speaker_head)

    def transcript_quotes(self, direct: list[Quote]) -> list[Quote]:
        """ "WALLACE: Governor, I don't want to interrupt …": a transcript's turns, speaker in capitals."""
        found = []
        for lo, hi in paragraphs(self.text):
            match = TRANSCRIPT_TURN.match(self.text, lo, hi)
            if match is None or match.group(1).strip().upper() in NOT_SPEAKER_LABELS:
                continue
            if self.in_title(lo) and not self.names_someone(match.start(1), match.end(1)):
                continue  # "DESPERATION: DNC Files …" is a headline's kicker, not a turn in a transcript
            start, end = match.start(2), lo + len(self.text[lo:hi].rstrip())
            if any(q.start <= start + 1 and end - 1 <= q.end for q in direct):
                continue
            quote = self.build([(start, end)], "direct")
            quote.speaker = TextSpan(match.start(1), match.end(1), match.group(1))
            found.append(quote)
        return found

    def headline_claim(self, direct: list[Quote]) -> list[Quote]:
        """ "Pence: Gennifer Flowers Won't Be at Debate, Trump Was 'Mocking' Clinton Camp.": a
        headline that names someone before its colon gives them the claim after it (the speakers
        stage takes the name). Not a phrase about them ("Ken Livingstone: what he really thinks
        about Jews"), and not a quotation in marks, which is its own direct quote."""
        title = self.analysis.article.title_span
        match = HEADLINE_CLAIM.match(self.text, *title) if title is not None else None
        if match is None or match.group(1).isupper():
            return []  # "DESPERATION: DNC Files …" is a kicker
        start, end = match.start(2), match.end(2)
        name = self.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        claim = self.doc.char_span(start, end, alignment_mode="expand")
        if name is None or claim is None or not self.named_in_body(name, title[1]) or claim[0].tag_ in WH_TAGS or not any(t.pos_ in PREDICATE_POS for t in claim):
            return []  # a predicate, which the tagger may read as an adjective ("Democrat Voters Worried About …")
        if any(q.start <= start + 1 and end - 1 <= q.end for q in direct):
            return []
        inside_marks = any(start <= mark.open and mark.close < end for mark in self.marks)
        return [self.build([(start, end)], "mixed" if inside_marks else "indirect")]

    def named_in_body(self, words: Span, body_start: int) -> bool:
        """Whether a headline's words hold a name that the body tags as a person, an organisation
        or a group: the tagger reads a title-cased headline poorly ("Pence:" untagged)."""
        names = {e[-1].lower_ for e in self.doc.ents if e.start_char >= body_start and e.label_ in ("PERSON", "ORG", "NORP")}
        return any(t.lower_ in names for t in words if t.text[:1].isupper())

    def in_title(self, at: int) -> bool:
        title = self.analysis.article.title_span
        return title is not None and title[0] <= at < title[1]

    def names_someone(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span)

    def block_quotes(self, direct: list[Quote]) -> list[Quote]:
        """Paragraphs set without marks after an introduction ending in a colon or "was that"."""
        found = []
        paras = paragraphs(self.text)
        for number, (lo, hi) in enumerate(paras[:-1]):
            intro = self.text[lo:hi].rstrip()
            if not (intro.endswith(":") or re.search(r"\b(?:was|is|said|say|says|wrote|write|writes|that)\s*$", intro) and re.search(r"\bthat\s*$", intro)):
                continue
            # the cue of the sentence that introduces the block: one sentences before ("an impulse to
            # maintain the book's thematic integrity …. Take this passage from his chapter …:") is another's
            last = token_at(self.doc, lo + len(intro) - 1).sent
            cue = next((t for t in reversed(list(last)) if t.idx >= lo and is_speech_cue(t)), None)
            if cue is None:
                continue
            speaker_head = source_of(cue)
            for block_lo, block_hi in paras[number + 1 : number + 1 + MAX_BLOCK_PARAGRAPHS]:
                start, end = block_lo, self.text[block_lo:block_hi].rstrip() and block_lo + len(self.text[block_lo:block_hi].rstrip())
                if self.text[start] in "“\"‘'" or any(q.start <= start + 1 and end - 1 <= q.end for q in direct):
                    break
                if found and DOCUMENT_REFERENCE.search(self.text[start:end]):
                    break
                found.append(self.build([(start, end)], "block", cue, speaker_head))
                if not intro.endswith(":") and not BLOCK_CONTINUES.search(self.text[start:end]):
                    break
        return found

    @staticmethod
    def enclosing(quotes: list[Quote], inner: Quote) -> Quote | None:
        """The smallest other quote that holds this one (a quotation inside a quotation)."""
        # A reported clause is trimmed of its closing punctuation and marks, which a quotation inside keeps.
        holders = [
            q for q in quotes
            if q is not inner and q.start <= inner.start and inner.end <= q.end + CONTAINMENT_SLACK
            and (q.start, q.end) != (inner.start, inner.end) and q.end - q.start > inner.end - inner.start
        ]
        return min(holders, key=lambda q: q.end - q.start) if holders else None

    def make_quote(self, mark: MarkSpan, content: Span) -> Quote | None:
        text = self.text
        if is_mentioned_word(text, mark):
            return None
        if content.root.dep_ == "pobj" and is_title(text[mark.start : mark.end]):
            return None  # a programme or a work: "On Tuesday's episode of "The Steve Harvey Morning Show,"", "on CBS's "Face the Nation,""
        cue = choose_cue(self.doc, mark, content, self.marks) or self.cue_before(mark)
        speaker_head = self.source_outside_quotes(cue, mark) if cue is not None else None
        n_words = len(text[mark.start : mark.end].split())
        if speaker_head is None:
            speaker_head = self.according_to(mark) or speech_noun_owner(content) or self.label_before(mark)
        if n_words <= SHORT_QUOTE_WORDS and not (cue is not None and governs(cue, content)) and speaker_head is None:
            return None  # a scare quote or a title: no speech governs it
        return self.build([(mark.start, mark.end)], "direct", cue, speaker_head)

    def build(self, spans: list[tuple[int, int]], kind: str, cue: Token | None = None, speaker_head: Token | None = None) -> Quote:
        """A quote over character spans; its text joins the fragments with a space."""
        start, end = spans[0][0], spans[-1][1]
        speaker = noun_phrase(speaker_head) if speaker_head is not None else None
        if speaker is not None and self.filed is not None and speaker.start_char < self.filed[1] <= speaker_head.idx:
            # "BRUSSELS - European leaders gathered …": the place the story was filed from is no part of its speaker
            speaker = self.doc[next(t.i for t in speaker if t.idx >= self.filed[1]) : speaker.end]
        return Quote(
            id=stable_id(self.doc_id, start, end, kind),
            doc=self.doc_id,
            start=start,
            end=end,
            text=" ".join(self.text[s:e] for s, e in spans),
            kind=kind,
            spans=spans,
            cue=TextSpan(cue.idx, cue.idx + len(cue.text), cue.text) if cue is not None else None,
            cue_type=cue_type_of(cue),
            reports=reports_words(cue),
            speaker=TextSpan(speaker.start_char, speaker.end_char, speaker.text) if speaker is not None else None,
        )

    def source_outside_quotes(self, cue: Token, mark: MarkSpan) -> Token | None:
        """The cue's source, never a word of a quotation: "“James Comey Memos just out …,” Trump
        wrote" parses with two subjects of "wrote"; the one outside the marks speaks."""
        source = source_of(cue)
        if source is None or not quoted(self.marks, source.idx, mark):
            return source
        others = [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.lower_ not in ("it", "there") and not quoted(self.marks, c.idx, mark)]
        return named_apposition(others[0]) if others else None

    def label_before(self, mark: MarkSpan) -> Token | None:
        """ "Trump: “…”": a name and a colon right before the quotation, with no verb, name its speaker;
        so does the first person named in a lead-in of its own line that has no verb of its own
        ("More: President Trump after picking something off Macron's suit: '…'")."""
        before = token_at(self.doc, mark.open)
        if before.i < 2 or self.doc[before.i - 1].text != ":" or not self.text[: mark.open].rstrip().endswith(":"):
            return None
        name = self.doc[before.i - 2]
        if name.ent_type_ in ("PERSON", "ORG", "NORP") or name.pos_ == "PROPN":
            return name
        line_start = self.text.rfind("\n", 0, before.idx) + 1
        lead = [t for t in self.doc[token_at(self.doc, line_start).i : before.i - 1] if t.idx >= line_start]
        lead = lead[max((i + 1 for i, t in enumerate(lead) if t.text == ":"), default=0) :]  # after a kicker ("More:")
        if not lead or len(lead) > MAX_LEAD_IN_WORDS or any(t.tag_ in FINITE_VERB_TAGS for t in lead):
            return None
        return next((t for t in lead if t.ent_type_ == "PERSON" and t.ent_iob_ == "B"), None)

    def cue_before(self, mark: MarkSpan) -> Token | None:
        """A quotation standing as its own sentence after "Freedland claimed that …" or "He said:"."""
        first = token_at(self.doc, mark.open)
        sentence = first.sent
        if sentence.start == 0 or self.text[sentence.start_char : mark.open].strip(" \"“‘'"):
            return None
        previous = self.doc[sentence.start - 1].sent
        if "\n" in self.text[previous.end_char - 1 : mark.open] and not self.text[: mark.open].rstrip().endswith(":"):
            return None
        cues = [t for t in previous if is_cue(t, with_beliefs=True) and subject_of(t) is not None]
        return cues[0] if cues else None

    def according_to(self, mark: MarkSpan) -> Token | None:
        for token in token_at(self.doc, mark.open).sent:
            source = according_to_source(token)
            if source is not None and not (mark.open <= source.idx < mark.close):
                return source
        return None


def one_per_span(quotes: list[Quote]) -> list[Quote]:
    """One quote per span and kind, the unit a quote id names. Of two readings of one span (a
    block quote that two sentences before it introduce), the later one stays: the one a store
    kept when both were written under one id."""
    last = {q.id: q for q in quotes}
    return [q for q in quotes if last[q.id] is q]


def find_quotes(analysis: Analysis) -> Analysis:
    """Quotation stage: sets ``analysis.quotes`` (with ids) from the parsed document."""
    analysis.quotes = one_per_span(QuoteFinder(analysis).run())
    return analysis
