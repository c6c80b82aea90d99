"""Mentions stage: named mentions grouped within one article, and quote speakers resolved to them.

Adds ``Analysis.mentions`` and, through ``speakers.attribute_speakers``, sets each quote's
``speaker_cluster`` and ``speaker_name``: "Mr Khan" and "He" become Sadiq Khan when the article
names him in full.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc, Span, Token

from storytrail.article.cues import DASHES, DOCUMENT_NOUNS, noun_phrase, without_trailing_verb
from storytrail.article.descriptions import TITLE_NOUNS, description_mentions
from storytrail.article.speakers import attribute_speakers
from storytrail.bodies import body_name
from storytrail.headlines import dateline_match, display_end, place_dateline, title_cased
from storytrail.model import Analysis, Mention, stable_id
from storytrail.names import DETERMINERS, NAME_SUFFIXES, PREPOSITIONS, TITLES, fold, is_given_name, name_key, person_name_parts, same_person_name, words_of

ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC", "WORK_OF_ART": "WORK"}
LINK_WORDS = DETERMINERS | PREPOSITIONS
OFFICE_OF = re.compile(r"\b(?:Secretary|Minister) of (?:the )?$")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


# The lower-case syllable after a hyphen that ends a romanised Korean given name, which the NER
# leaves out ("Moon Jae" of "Moon Jae-in"); not a hyphenated English word ("Bush-era").
GIVEN_NAME_SYLLABLE = re.compile(r"[-‐]([a-z]{2,3})\b")
ENGLISH_SYLLABLES = frozenset({"era", "led", "run", "old", "age", "ish", "way", "set", "big"})


def part_of_name(part: list[str], full: list[str]) -> bool:
    """Whether a name with no given name is the surname of a longer one, with its particle
    ("al-Qaradawi" of "Sheik Yusuf al-Qaradawi"), or a single word is its first name ("Hillary")."""
    if len(part) >= len(full) or person_name_parts(part)[0]:
        return False
    return full[-len(part) :] == part or len(part) == 1 and part[0] == full[0]


def clean_mention(article_text: str, start: int, end: int, type_: str = "") -> tuple[int, int]:
    """Trim a leading "the", a trailing possessive and the list marks around a name ("• Embiid",
    "Darren Henry |") from a mention's character span; give a two-word person name the syllable
    its hyphenated given name lost."""
    while start < end and not article_text[start].isalnum():
        start += 1
    # a name holds no bracket or quotation it does not close ("Boise (BOI", "Policy ‘Gold Standard"),
    # nor a colon, unless it is a work's title with a subtitle after it ("Superminds: The Surprising
    # Power of …"); one word after it is the tagger running a label into the next sentence ("The
    # Economist: What …" in an interview)
    colon = TITLE_COLON.search(article_text, start, end)
    if colon is not None and type_ == "WORK" and len(article_text[colon.end() : end].split()) > 1:
        colon = None
    cut = UNCLOSED.search(article_text, start, end) or colon
    if cut is not None and cut.start() > start:
        end = cut.start()
    if type_ == "PERSON":
        # a person's name ends where a credit or a byline goes on: "Clayton Aldern / Grist",
        # "James Whittaker - May 4"
        cut = PERSON_NAME_BREAK.search(article_text, start, end)
        if cut is not None and article_text[start].islower():
            start = cut.end()  # or begins after one the tagger ran it across: "identical movements - Gruber"
        elif cut is not None:
            end = cut.start()
        # and before the documents the tagger ran into it: Trump's tweet "James Comey Memos just out …"
        owner = DOCUMENTS_AFTER_NAME.search(article_text, start, end)
        if owner is not None and owner.start() > start:
            end = owner.start()
    while end > start and (article_text[end - 1] in NAME_EDGE_MARKS or article_text[end - 1].isspace()):
        end -= 1  # any white space: a CRLF text's paragraph break left "U.S.\r\n\r" as a name
    text = article_text[start:end]
    match = POSSESSIVE.search(text)
    if match and match.start() > 0:
        end = start + match.start()
    elif type_ == "PERSON" and len(text.split()) >= 2 and len(text.split()[-1]) <= 4:
        syllable = GIVEN_NAME_SYLLABLE.match(article_text, end)
        if syllable and syllable.group(1) not in ENGLISH_SYLLABLES:
            end = syllable.end()
    if text.lower().startswith("the "):
        start += 4
        while start < end and not article_text[start].isalnum():
            start += 1  # "the 'Golden Shower Thing'": the mark after the article goes too
    return start, end


NAME_EDGE_MARKS = frozenset("•·|*–—-,;:/]\u200b\u200c\u200d\ufeff")  # list bullets, separators, a closing bracket and zero-width spaces a name never ends with (nor white space)
BRACKETS = frozenset("[]")
DOCUMENTS_AFTER_NAME = re.compile(rf"\s+(?:{'|'.join(map(re.escape, sorted(DOCUMENT_NOUNS)))})s?$", re.IGNORECASE)
WEB_ADDRESS = re.compile(r"@|://|\bwww\.", re.IGNORECASE)
PERSON_NAME_BREAK = re.compile(rf"\s*/|\s[{re.escape(''.join(sorted(DASHES)))}]\s")  # a slash, or a dash spaced as noun_phrase cuts at
UNCLOSED = re.compile(r"\s*(?:\([^)]*|[‘“][^’”]*)$")
TITLE_COLON = re.compile(r":\s")


LIST_COMMA = re.compile(r",\s+(?=[A-Z])")
LIST_AND = re.compile(r",?\s+and\s+(?=[A-Z])")
LIST_TAIL = re.compile(r",?\s+and$")


def listed_names(article_text: str, start: int, end: int, type_: str) -> list[tuple[int, int]]:
    """The names of a list the tagger took as one ("Twitter, Wikileaks" of "posted on Twitter,
    Wikileaks and Facebook"): each name a mention. A place keeps its comma ("Springfield, Illinois")."""
    if type_ not in ("ORG", "PERSON"):
        return [(start, end)]
    spans, at = [], start
    for comma in LIST_COMMA.finditer(article_text, start, end):
        spans.append((at, comma.start()))
        at = comma.end()
    last = LIST_AND.search(article_text, at, end) if spans else None  # "…, Wikileaks and Facebook": a list's last "and"
    if last is not None:
        spans.append((at, last.start()))
        at = last.end()
    spans.append((at, end))
    # "Facebook, Reddit and" Tumblr: the tagger's list ends on its conjunction
    return [(a, b - len(tail.group())) if (tail := LIST_TAIL.search(article_text, a, b)) else (a, b) for a, b in spans]


class Clusters:
    """Within-article groups of names: a full name, then its surname, first name or titled forms."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}  # cluster id -> its name variants, in order
        self.variant_words: dict[str, list[list[str]]] = {}  # cluster id -> the ``words_of`` of each variant, read on every find
        self.types: dict[str, str] = {}
        self.first_full: dict[str, int] = {}  # cluster id -> where its first full name (two words or more) stands

    def best_name(self, cluster: str) -> str:
        return max(self.names[cluster], key=lambda n: (len(words_of(n)), -self.names[cluster].index(n)))

    def find(self, text: str, type_: str, at: int | None = None) -> str | None:
        """The cluster a name joins. A bare name at ``at`` joins a full name only when the article
        has named that person in full before it: the "Trump" of "President Trump and Melania Trump"
        is not she (a headline's bare name stays apart too: the entities stage joins it across
        articles)."""
        words = words_of(text)
        if not words:
            return None
        fitting = []
        for cluster, variants in self.variant_words.items():
            if self.types[cluster] != type_:
                continue
            if type_ == "PERSON" and len(words) > 1 and not all(same_person_name(words, known) for known in variants if len(known) > 1):
                continue  # "Brigitte Macron" joins no "Macron" that is Emmanuel Macron
            if words in variants:
                return cluster  # the very name, wherever the cluster stands: "Trump" joins the "Trump" already apart
            fitting.append((cluster, variants))
        if type_ != "PERSON":
            return None
        for cluster, variants in fitting:
            for known in variants:
                if part_of_name(words, known) and self.named_before(cluster, at):
                    return cluster
                if part_of_name(known, words) and not person_name_parts(words)[2]:
                    return cluster
        return None

    def add_variant(self, cluster: str, type_: str, text: str) -> None:
        if cluster not in self.names:
            self.names[cluster], self.variant_words[cluster], self.types[cluster] = [], [], type_
        if text not in self.names[cluster]:
            self.names[cluster].append(text)
            self.variant_words[cluster].append(words_of(text))

    def named_before(self, cluster: str, at: int | None) -> bool:
        return at is None or self.first_full.get(cluster, at) <= at

    def add(self, doc_id: str, text: str, type_: str, at: int | None = None) -> str:
        cluster = self.find(text, type_, at)
        if cluster is None:
            cluster = stable_id(doc_id, type_, name_key(text))
        self.add_variant(cluster, type_, text)
        if at is not None and len(words_of(text)) > 1:
            self.first_full[cluster] = min(at, self.first_full.get(cluster, at))
        return cluster


def collect_mentions(analysis: Analysis) -> tuple[list[Mention], Clusters]:
    doc = analysis.parsed
    doc_id = analysis.article.id
    text = analysis.article.text  # Doc.text rebuilds the string on every call
    title = analysis.article.title_span
    display = display_end(text, title)  # the headline and its deck
    clusters = Clusters()
    dateline = dateline_match(text)
    filed = place_dateline(text, display)
    raw = []
    headline = []
    for ent in doc.ents:
        type_ = ENTITY_TYPES.get(ent.label_)
        if type_ is None:
            continue
        if dateline is not None and dateline.start() <= ent.start_char < dateline.end():
            continue  # "… 10:12 BST": a time zone in a dateline is nobody the article speaks of
        if filed is not None and filed[0] <= ent.start_char < filed[1]:
            continue  # "WASHINGTON —": where the story was filed, not a place it speaks of (nor George Washington)
        if WEB_ADDRESS.search(ent.text):
            continue  # "tobias.ellwood.mp@parliament.uk": an address on a page, not a name (nor a country)
        if ent.text == ent.text.lower():
            continue  # a name has a capital: "showy", "turret" or "n’t" is the tagger's slip
        if type_ in ("ORG", "GPE") and OFFICE_OF.search(text, max(0, ent.start_char - 30), ent.start_char):
            continue  # "Secretary of State Mike Pompeo": the office is part of the person's title, no body spoken of
        person = from_given_name(ent) if type_ == "WORK" and after_closing_mark(text, ent.start_char) else None
        if person is not None:
            # "…,” Jorge Santamaria told AP": the source after a quotation, which a title would stand within
            type_, ent = "PERSON", person
        if type_ == "PERSON":
            ent = with_name_before_suffix(without_leading_pronoun(ent))
        ent = without_trailing_verb(ent)
        if ent.start_char < display:
            headline.append((ent, type_))
            continue
        body = body_named_after(ent) if type_ in ("PERSON", "ORG") else None
        if body is not None:
            raw.append([body.start_char, body.end_char, "ORG"])  # and the name within it: [the [Trump] campaign]
        for part_start, part_end in listed_names(text, ent.start_char, ent.end_char, type_):
            start, end = clean_mention(text, part_start, part_end, type_)
            if end > start and not BRACKETS.intersection(text[start:end]):
                raw.append([start, end, type_])  # "[W]e are reminded …": an editor's bracket within a word is no name
    if title is not None:
        raw[:0] = [m for m in headline_mentions(text, headline, raw, title_cased(text[title[0] : display])) if m[1] > m[0]]
    retype_surnames(text, raw)
    retype_by_vote(text, raw)
    raw.extend(missed_names(doc, raw))
    raw.extend(missed_bodies(doc, raw, display))
    # A name in the headline or its deck joins the body's reading of that name: the body's
    # "Livingstone" after "Ken Livingstone" is he, and so is the deck's, though it comes first.
    def position(start: int) -> int | None:
        return None if start < display else start

    # The body first and full names first, so that a bare name finds the full name it may join.
    for start, end, type_ in sorted(raw, key=lambda r: (r[0] < display, -len(words_of(text[r[0] : r[1]])))):
        clusters.add(doc_id, text[start:end], type_, position(start))
    mentions = []
    for start, end, type_ in raw:
        name = text[start:end]
        cluster = clusters.add(doc_id, name, type_, position(start))
        mentions.append(
            Mention(
                id=stable_id(doc_id, start, end),
                doc=doc_id,
                start=start,
                end=end,
                text=name,
                type=type_,
                cluster=cluster,
                name="",
            )
        )
    named = [(m.start, m.end) for m in mentions]
    mentions.extend(d for d in document_mentions(doc, doc_id, clusters) if not any(s < d.end and d.start < e for s, e in named))
    mentions.extend(description_mentions(doc, doc_id, mentions, display))
    for mention in mentions:
        mention.name = clusters.best_name(mention.cluster)
    return mentions, clusters


GENERIC_DOCUMENT = "document"  # "This document": whichever document the article last named


def document_mentions(doc: Doc, doc_id: str, clusters: Clusters) -> list[Mention]:
    """Documents an article names, as WORK mentions: "a devastating private letter" ... "the letter"
    ... "This document" are one document within the article. One per kind of document (a letter,
    a report) per article; a later stage joins them across articles where their quotes meet."""
    found: list[Mention] = []
    last_cluster: str | None = None
    by_kind: dict[str, str] = {}
    for token in doc:
        kind = token.lemma_.lower()
        if kind not in DOCUMENT_NOUNS or token.tag_ != "NN" or not any(c.dep_ in ("det", "poss") for c in token.children):
            continue
        phrase = noun_phrase(token)
        if kind == GENERIC_DOCUMENT and last_cluster is not None:
            cluster = last_cluster
        elif kind in by_kind and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            # "a letter from his doctor" after "a cease-and-desist letter" is another letter; "the letter" the last one named
            cluster = by_kind[kind] = stable_id(doc_id, "WORK", kind, phrase.start_char)
        else:
            cluster = by_kind.setdefault(kind, stable_id(doc_id, "WORK", kind))
        clusters.add_variant(cluster, "WORK", phrase.text)
        last_cluster = cluster
        found.append(Mention(id=stable_id(doc_id, phrase.start_char, phrase.end_char), doc=doc_id, start=phrase.start_char,
                             end=phrase.end_char, text=phrase.text, type="WORK", cluster=cluster, name=""))
    return found


def missed_names(doc: Doc, raw: list[list]) -> list[list]:
    """A person's surname where the tagger missed it, though it tags it elsewhere in the article:
    '"[Trump] paused," Comey wrote', a headline's "Trump tweets …". Only a noun standing alone: not
    a word of another name, nor a modifier ("Trump Tower", "the Trump administration")."""
    text = doc.text
    known = set()
    for start, end, type_ in raw:
        words = text[start:end].split()
        while len(words) > 1 and (words_of(words[-1]) or [""])[0] in NAME_SUFFIXES:
            words.pop()  # "Oubre" of "Kelly Oubre Jr."
        if type_ == "PERSON" and words and words[-1][:1].isupper():
            known.add(words[-1])
    taken = [(start, end) for start, end, _ in raw]
    found = []
    for token in doc:
        # the tagger that missed the name often misread its part of speech too ("[Trump]" as X)
        if token.text not in known or token.ent_type_ or token.pos_ not in ("PROPN", "NOUN", "X") or token.dep_ in ("compound", "amod"):
            continue
        if within_any(token, taken):
            continue
        found.append([token.idx, token.idx + len(token), "PERSON"])
    return found


def within_any(token: Token, spans: list[tuple[int, int]]) -> bool:
    """Whether a token overlaps any of the character spans (a mention already found)."""
    return any(start < token.idx + len(token) and token.idx < end for start, end in spans)


def missed_bodies(doc: Doc, raw: list[list], body_start: int) -> list[list]:
    """A party or public body the tagger missed, named by a capitalised word of the bodies table
    that stands alone in body text: "all Jews vote [Conservative]", "he joined [Labour]". Not the
    first word of a sentence, which any word may be, nor a modifier ("Conservative MPs")."""
    taken = [(start, end) for start, end, _ in raw]
    found = []
    for token in doc:
        if token.idx < body_start or token.is_sent_start or token.ent_type_ or not token.text[:1].isupper():
            continue
        if token.dep_ in ("compound", "amod") or token.pos_ not in ("PROPN", "NOUN", "ADJ") or body_name(token.text) is None:
            continue
        if within_any(token, taken):
            continue
        found.append([token.idx, token.idx + len(token), "ORG"])
    return found


# Bodies named after the person who leads them: "the Trump campaign" is the campaign, an actor
# of its own, as well as a mention of Trump within it.
BODIES_NAMED_AFTER_PEOPLE = frozenset({"campaign", "administration", "organization", "foundation"})


def body_named_after(ent: Span) -> Span | None:
    """ "Trump campaign" of "the Trump campaign said": the name and the body it names, where the
    name is a modifier of the body's noun."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lemma_.lower() in BODIES_NAMED_AFTER_PEOPLE and ent[-1].dep_ == "compound" and ent[-1].head.i == after.i:
        return ent.doc[ent.start : ent.end + 1]
    return None


CLOSING_MARK_BEFORE = re.compile(r"""[\w.,!?…]["”’']\s+$""")


def after_closing_mark(text: str, start: int) -> bool:
    """Whether a name stands right after a quotation's closing mark ("…,” Jorge Santamaria told",
    "…." Stacey McVey, team leader …"), where the tagger takes a name for a work's title: a title
    stands within its marks ("the song “Give Peace a Chance”")."""
    return CLOSING_MARK_BEFORE.search(text, max(0, start - 4), start) is not None


def from_given_name(ent: Span) -> Span | None:
    """A person's name within a span that holds a known given name with a word after it (not "The
    Montreal Canadiens": None), from that given name where a title stands before it ("Managing
    Director Mark Vassella" is Mark Vassella; "Gurmeet Ram Rahim Singh" keeps every word)."""
    first = next((t.i for t in ent[:-1] if is_given_name(fold(t.text))), None)  # folded, as the table is: "José" is "jose"
    if first is None:
        return None
    if first > ent.start and fold(ent.doc[first - 1].text) not in TITLE_NOUNS | TITLES:
        first = ent.start
    return ent.doc[first : ent.end]


def without_leading_pronoun(ent: Span) -> Span:
    """A person's name without the pronoun, the gerund or the plural noun the tagger took into it:
    "Anything Obama did …" is Obama, "'Taking Thomas to eat Shabu Shabu'" is Thomas, "Chefs Jamie
    Oliver and Hugh Fearnley-Whittingstall" begins with Jamie (no one person's name begins with a
    plural)."""
    start = ent.start
    while start < ent.end - 1 and (ent.doc[start].pos_ in ("PRON", "DET") or ent.doc[start].tag_ in ("VBG", "NNS")):
        start += 1
    return ent.doc[start : ent.end]


def with_name_before_suffix(ent: Span) -> Span:
    """A person's name the tagger cut down to its suffix ("• Kelly Oubre [Jr.] continues …"), with
    the proper nouns before it: a suffix alone names nobody."""
    words = words_of(ent.text)
    if len(words) != 1 or words[0] not in NAME_SUFFIXES:
        return ent
    start = ent.start
    while start > 0 and ent.doc[start - 1].tag_ == "NNP" and not ent.doc[start - 1].is_sent_end:
        start -= 1
    return ent.doc[start : ent.end]


def retype_surnames(text: str, raw: list[list]) -> None:
    """Fix a common NER slip: "Miliband" tagged ORG or GPE where the article names a person Miliband."""
    surnames = set()
    for start, end, type_ in raw:
        words = words_of(text[start:end])
        if type_ == "PERSON" and len(words) > 1:
            surnames.update((words[0], words[-1]))
    for item in raw:
        words = words_of(text[item[0] : item[1]])
        if item[2] in ("ORG", "GPE", "LOC", "NORP") and len(words) == 1 and words[0] in surnames:
            item[2] = "PERSON"


def headline_mentions(text: str, headline: list[tuple[Span, str]], body: list[list], cased: bool) -> list[list]:
    """The headline's names, checked against the body's: a headline in title case fools the
    tagger ("Comey Memos Show", "Trump Hates", "Files Multi-Million"), so a headline entity is cut
    to the longest run of its words that the body names ("Comey", "Trump"), or left out when the
    body never names it. The tagger reads a headline in sentence case as it reads the body."""
    if not cased:
        return [[*clean_mention(text, ent.start_char, ent.end_char, type_), type_] for ent, type_ in headline]
    known: set[tuple[str, ...]] = set()
    for start, end, type_ in body:
        words = tuple(words_of(text[start:end]))
        known.add(words)
        if type_ == "PERSON" and len(words) > 1:
            known.update({(words[0],), (words[-1],)})
    found = []
    for ent, type_ in headline:
        # runs that start and end on a word of the name ("Comey", not "Of The Comey"), longest first
        runs = sorted(((i, j) for i in range(len(ent)) for j in range(len(ent), i, -1)
                       if ent[i].lower_ not in LINK_WORDS and ent[j - 1].lower_ not in LINK_WORDS), key=lambda r: r[0] - r[1])
        run = next((r for r in runs if tuple(words_of(ent[r[0] : r[1]].text)) in known), None)
        if run is None:
            continue
        found.append([*clean_mention(text, ent[run[0]].idx, ent[run[1] - 1].idx + len(ent[run[1] - 1].text)), type_])
    return found


def retype_by_vote(text: str, raw: list[list]) -> None:
    """One type per name within an article, by vote: the tagger's "Labour" PERSON among its
    "Labour" ORGs would otherwise be the "he" of the next sentence. A tie goes against PERSON:
    a surname of a person the article names in full is PERSON already (``retype_surnames``)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, type_ in raw:
        votes[name_key(text[start:end])][type_] += 1
    for item in raw:
        counts = votes[name_key(text[item[0] : item[1]])]
        winner = max(counts, key=lambda t: (counts[t], t != "PERSON"))
        item[2] = winner


def resolve_mentions(analysis: Analysis) -> Analysis:
    """Mentions stage: sets ``analysis.mentions`` and the speaker name of every quote."""
    mentions, clusters = collect_mentions(analysis)
    mentions.sort(key=lambda m: m.start)
    analysis.mentions = mentions
    attribute_speakers(analysis, clusters)
    return analysis
