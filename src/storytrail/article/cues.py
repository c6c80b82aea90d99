"""The vocabulary of attribution: reporting verbs and nouns, and how to find a cue's source in a parse."""

from __future__ import annotations

import functools
import json
from bisect import bisect_right
from importlib import resources

from spacy.tokens import Doc, Span, Token

from storytrail.names import TITLES, words_of

SPEECH_VERBS = frozenset(
    """say tell add state claim write tweet declare announce insist argue explain note warn ask reply
    respond suggest admit deny accuse call describe dismiss comment remark acknowledge agree complain
    concede confirm contend recall report reveal predict promise vow urge assert maintain mention
    observe stress testify quip joke muse boast scoff lament speak praise criticize criticise blast
    slam condemn charge allege estimate conclude caution demand pledge proclaim recount shout
    whisper yell cry answer continue retort counter emphasize emphasise point post rule plead
    inform assure question wonder hint threaten indicate signal concur decry protest brag sneer
    utter repeat reiterate""".split()
)
BELIEF_VERBS = frozenset(
    """believe think feel know hope fear expect consider doubt find show suggest understand worry
    want wish realize realise acknowledge recognize recognise agree accept imagine guess suspect
    assume learn hear see""".split()
)
SPEECH_NOUNS = frozenset(
    """comment comments remark remarks words statement statements claim claims speech interview
    letter tweet post message description assertion words phrase quote quotes testimony answer
    reply warning promise pledge declaration accusation""".split()
)
# Words before a quotation that make it a mention of a word or a name, not speech.
NAMING_WORDS = frozenset(
    """word words term terms phrase label labels slogan name names nickname dubbed nicknamed
    so-called branded titled entitled headlined known""".split()
)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
DASHES = frozenset("-–—")
# Verbs whose direct object is whom the words were said to ("told reporters", "assured him"), not what was said
ADDRESSEE_VERBS = frozenset("tell inform assure remind".split())
AUDIENCE_NOUNS = frozenset("reporter journalist audience crowd supporter voter viewer reader listener people official lawmaker".split())


# Verbs whose subject belongs to the clause they report on, which no one is said to have said
# ("Melania seems to have vanished", "the Council appears to be ineffective")
RAISING_VERBS = frozenset({"seem", "appear"})


# Documents that are quoted as sources ("the letter", "a statement"): WORK mentions and speakers.
DOCUMENT_NOUNS = frozenset("letter statement document report memo email e-mail post tweet essay column op-ed petition".split())


@functools.lru_cache(maxsize=4096)  # asked for every pair of quotes the trails stage compares: few names
def is_document(name: str | None) -> bool:
    """A name that names a document ("a devastating private letter", "Comey's memos"): the mentions
    stage makes document mentions of these nouns, and a document carries someone's words."""
    return any(word.removesuffix("s") in DOCUMENT_NOUNS or word in DOCUMENT_NOUNS for word in words_of(name or ""))


# The dependency a content takes after a cue, by the shape recorded in the learned lexicon.
CONTENT_SHAPES = {"clause": ("ccomp",), "object": ("dobj",), "infinitive": ("xcomp",), "prep": ("prep",)}


# Tuned on PolNeAR dev (quote F1 .668 at 0.6, .682 at 0.45, .697 at 0.25); lower rates trade the
# seeds' narrower notion of a quote for PolNeAR's wider one (reported beliefs, stances, plans).
MIN_CUE_RATE = 0.25
# A cue's prepositional object is content where it was most of the time in PolNeAR train.
PREP_CONTENT_RATE = 0.5


@functools.lru_cache(maxsize=2)
def lexicon_rates(section: str) -> dict[str, tuple[float, int]]:
    """A section of the learned lexicon (``training/learn_cues.py``), each entry's rate and count:
    "cues", every "lemma/POS/shape"; "prep_content", how often the object of a cue's first
    preposition was content in PolNeAR train, per word and preposition ("respond/VERB/to") and per
    preposition over all cue words ("*/in")."""
    data = json.loads(resources.files("storytrail").joinpath("data/cue_lexicon.json").read_text(encoding="utf-8"))
    return {key: (entry["rate"], entry["count"]) for key, entry in data[section].items()}


def cue_rates() -> dict[str, tuple[float, int]]:
    """Every entry of the learned lexicon ("lemma/POS/shape") with its rate and count."""
    return lexicon_rates("cues")


def prepositional_content(cue: Token, prep: Token) -> bool:
    """Whether what follows a cue's preposition is what was said: "talked about the budget",
    "responded to the criticism", "called for reducing the rate" are; "disclosed in an interview",
    "said at a rally" say where, and "expressed his concerns to a staffer" to whom. Decided by the
    word's own record with that preposition, or, where the word has too few, by the
    preposition's over all cue words."""
    rates = lexicon_rates("prep_content")
    own = rates.get(f"{cue.lemma_.lower()}/{cue.pos_}/{prep.lower_}")
    rate, _ = own if own is not None else rates.get(f"*/{prep.lower_}", (0.0, 0))
    return rate >= PREP_CONTENT_RATE


@functools.lru_cache(maxsize=1)
def learned_cues() -> frozenset[str]:
    """Cue entries ("lemma/POS/shape") learned from PolNeAR train by ``training/learn_cues.py``,
    kept where annotators marked the word as a cue at least ``MIN_CUE_RATE`` of the time."""
    return frozenset(key for key, (rate, _) in cue_rates().items() if rate >= MIN_CUE_RATE)


def concessive(token: Token) -> bool:
    """ "That said, …", "That being said, …": a turn of the writer's argument, whatever the parser
    makes of it, never a report that "that" said anything."""
    if token.lower_ != "said" or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if before.lower_ == "being" and before.i > 0:
        before = token.doc[before.i - 1]
    return before.lower_ == "that" and before.is_sent_start


def learned_content(token: Token) -> Token | None:
    """The child that holds a cue's content, when the learned lexicon knows this word in this shape."""
    if token.pos_ not in ("VERB", "NOUN", "AUX") or concessive(token):
        return None
    known = learned_cues()
    lemma = token.lemma_.lower()
    for shape, deps in CONTENT_SHAPES.items():
        if f"{lemma}/{token.pos_}/{shape}" not in known:
            continue
        if shape == "prep":
            prep = first_preposition_after(token)
            obj = prepositional_object(prep) if prep is not None else None
            if obj is None:
                return None
            return obj if prepositional_content(token, prep) else clause_hung_off(obj)
        for child in token.children:
            if child.dep_ in deps:
                if shape == "object" and (told_to(token, child) or reciprocal(child)):
                    continue
                return child
    return None


def first_preposition_after(token: Token) -> Token | None:
    """A word's first preposition after it: "At a meeting with members of the community, he
    asked …" is where, not what."""
    return next((child for child in token.children if child.dep_ == "prep" and child.i > token.i), None)


def prepositional_object(prep: Token) -> Token | None:
    """A preposition's object: a noun, or a gerund ("called for reducing the rate")."""
    return next((g for g in prep.children if g.dep_ == "pobj" or g.dep_ == "pcomp" and g.tag_ == "VBG"), None)


def clause_hung_off(place: Token) -> Token | None:
    """A that-clause the parser hung off the noun of where something was said, which is what was
    said: "concluded in a January 2017 report that Russian agents hacked the DNC's computers"."""
    return next((c for c in place.children if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)


def reciprocal(obj: Token) -> bool:
    """ "Trump and Kim taunted each other in an exchange of tweets": an object that is "each other"
    or "one another" is whom the cue was aimed at, never what was said."""
    return obj.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in obj.children)


def told_to(cue: Token, obj: Token) -> bool:
    """Whether a cue's object is whom the words were said to, not what was said: "told the
    Washington Post", "told reporters", "assured him" (a person or a body by name, a personal
    pronoun, or an audience)."""
    if cue.lemma_.lower() not in ADDRESSEE_VERBS:
        return False
    return obj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or obj.tag_ == "PRP" or obj.lemma_.lower() in AUDIENCE_NOUNS


def cue_type_of(cue: Token | None) -> str:
    """ "thought" for a cue of belief, hope or perception ("believes", "fears"), else "speech"
    (a speech verb or noun, "according to", a colon after a name, a quotation on its own)."""
    lemma = cue.lemma_.lower() if cue is not None else ""
    return "thought" if lemma in BELIEF_VERBS and lemma not in SPEECH_VERBS else "speech"


def reports_words(cue: Token | None) -> bool:
    """Whether a cue reports what its source said or thought ("said", "believes", "the statement",
    "according to", or no cue word at all) rather than something the source did ("withdrew the
    U.S. from the Paris accord", "the suit seeks damages")."""
    if cue is None or cue.lower_ == "according":
        return True
    lemma = cue.lemma_.lower()
    if lemma == "ask" and cue.dep_ != "conj" and not any(child.dep_ == "nsubj" for child in cue.children):
        # "was asked about …", "when asked what …": a question put to the source, not its words ("… and
        # asked everyone to remain calm" shares the subject of the verb before it)
        return False
    return lemma in SPEECH_VERBS or lemma in BELIEF_VERBS or lemma in SPEECH_NOUNS


def is_speech_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS and not concessive(token)


def is_cue(token: Token, with_beliefs: bool = False) -> bool:
    if token.pos_ not in ("VERB", "AUX") or concessive(token):
        return False
    lemma = token.lemma_.lower()
    return lemma in SPEECH_VERBS or (with_beliefs and lemma in BELIEF_VERBS)


def referring_it(subject: Token, cue: Token) -> bool:
    """ "'…,' it said in a statement": "it" as the active subject of a speech verb is a body or a
    document, not the empty "it" of "it is said that …"."""
    return subject.lower_ == "it" and subject.dep_ == "nsubj" and cue.pos_ == "VERB" and cue.lemma_.lower() in SPEECH_VERBS


def is_headline(sentence: Span) -> bool:
    """A title line: a sentence with no closing punctuation (the parser tags a body's "noted" or
    "boasted" as a participle often enough that only a headline's own form can tell)."""
    return not sentence.text.rstrip().endswith((".", "!", "?", ":", ";", '"', "”", "'", "’"))


def subject_is_no_source(cue: Token) -> bool:
    """Whether a cue's subject is what the claim is about or whom it was put to, not who made it: a
    passive cue ("Mr. Kim has been accused of ordering the killing …", "Obama's veto is expected to
    come before …", "Ken was urged to appreciate that …"; "he was quoted as saying" keeps his), or a
    raising verb ("Melania seems to have vanished"). A headline drops the auxiliary: a past
    participle with a subject and no auxiliary is a passive too ("Mark Meadows accused of timing
    retirement to help elect wife's friend")."""
    if cue.lemma_.lower() in RAISING_VERBS:
        return True
    auxiliaries = {c.dep_ for c in cue.children} & {"aux", "auxpass"}
    headline_passive = cue.tag_ == "VBN" and not auxiliaries and any(c.dep_ == "nsubj" for c in cue.children) and is_headline(cue.sent)
    return ("auxpass" in auxiliaries or headline_passive) and cue.lemma_.lower() != "quote"


def subject_of(cue: Token) -> Token | None:
    """The source of a cue: its subject, the agent of a passive, or a subject it shares with its head;
    none where the subject is not the source (``subject_is_no_source``)."""
    if cue.pos_ == "NOUN":  # "Trump's criticism of …", "the senator issued a statement …"
        for child in cue.children:
            if child.dep_ == "poss":
                return child
        cue = cue.head if cue.head.pos_ in ("VERB", "AUX") else cue
    for child in cue.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    if subject_is_no_source(cue):
        # with no agent, the source is not named. A free relative stays, for the quotes stage to
        # tell it is none ("what has been seen as …").
        return next((c for c in cue.children if c.dep_ == "nsubjpass" and c.lower_ in ("what", "whatever")), None)
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS and (c.lower_ not in ("it", "there") or referring_it(c, cue))]
    if subjects:
        # a relative "who" is the mention; the mentions stage resolves it to its antecedent. Of two,
        # the nearer: "The Latest: Trump urges supporters …" gives the kicker before the colon too
        return min(subjects, key=lambda s: abs(cue.i - s.i))
    if cue.dep_ == "relcl" and cue.head.pos_ in ("PROPN", "NOUN"):
        return cue.head
    # "…, he said and added", "he chose to utter", "they seem nervous - claiming": the subject sits on the governing verb.
    if cue.dep_ in ("conj", "xcomp", "advcl", "oprd") and cue.head is not cue and cue.head.pos_ in ("VERB", "AUX"):
        head = cue.head
        claim = head
        while claim.dep_ == "conj" and claim.head is not claim:
            claim = claim.head  # "Meghan said Kate gave her flowers …, and that she forgave her, adding that …"
        if cue.dep_ == "advcl" and cue.tag_ == "VBG" and claim.dep_ == "ccomp" and is_cue(claim.head, with_beliefs=True):
            # "Perdue said he didn't believe it, arguing that …": the participle goes with the one
            # who speaks, not with the subject of what he said
            return subject_of(claim.head)
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in ("it", "there"):
                return child
    return None


def token_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def token_at(doc: Doc, char: int) -> Token:
    """The token holding a character offset, or the nearest one before it (whitespace has none)."""
    starts = doc.user_data.get("storytrail_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = doc.user_data["storytrail_token_starts"] = [t.idx for t in doc]
    return doc[max(0, bisect_right(starts, char) - 1)]


def according_to_source(token: Token) -> Token | None:
    """The object of "according to X"."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def noun_phrase(head: Token) -> Span:
    """The mention a head token stands for: its named entity, or the head with its left modifiers."""
    doc = head.doc
    if head.ent_type_:
        for ent in doc.ents:
            if ent.start <= head.i < ent.end:
                # the name begins after a dash the tagger ran it across ("identical movements - Gruber says")
                start = max((t.i + 1 for t in doc[ent.start + 1 : head.i] if t.text in DASHES and t.whitespace_ and doc[t.i - 1].whitespace_), default=ent.start)
                while start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES:
                    start -= 1  # "Mr Khan": spaCy's entity leaves the title out
                end = ent.end
                if head.i < head.head.i < end and head.head.pos_ in ("VERB", "AUX"):
                    end = head.head.i  # the headline "Obama Seeks More Muslim Refugees": the name ends before its verb
                return strip_possessive(without_trailing_verb(doc[start:end]))
    if head.pos_ == "PRON":
        return doc[head.i : head.i + 1]
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod"):
            start = min(start, child.left_edge.i)
    # a phrase begins at its determiner: what the parser hung before it is no part of it (a page's
    # "Share Facebook Twitter WhatsApp Email Telegram A senior prison official has said …")
    start = max([start, *(child.i for child in head.lefts if child.dep_ == "det")])
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "NOUN"):
            end = max(end, child.right_edge.i + 1)
    while end - 1 > head.i and doc[end - 1].dep_ in ("cc", "punct"):
        end -= 1  # "the former secretary of state and [current … nominee]": the parser hung the "and" inside the "of"
    return strip_possessive(doc[start:end])


def without_trailing_verb(ent: Span) -> Span:
    """A name without the lower-case verb the tagger ran it into: in '"…," Jorge Santamaria told
    The Associated Press' (fnc1) the tagger read "Jorge Santamaria told" as a title, and the
    speaker was named with the cue."""
    end = ent.end
    while end > ent.start + 1 and ent.doc[end - 1].pos_ in ("VERB", "AUX") and ent.doc[end - 1].is_lower:
        end -= 1
    return ent.doc[ent.start : end]


def strip_possessive(span: Span) -> Span:
    if len(span) > 1 and span[-1].tag_ == "POS":
        return span[:-1]
    return span
