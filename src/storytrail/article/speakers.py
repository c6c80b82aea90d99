"""Speakers: who says each quote, decided here and nowhere else.

How a quote gets its speaker, in order:
1. the quotes stage (``quotes.py``) finds the speaker mention beside the cue: the subject of
   "said", the source of "according to", the label of a transcript turn ("SMITH:"), or the
   speaker of the quotation a split or nested quote belongs to; a quotation with no cue may be
   signed after a dash (`"…" -Commissioner X`) or stand in its own paragraph after a line that
   introduces it ("And from Chairwoman X:") or after a paragraph whose subject is a person (on
   400 fnc1 bodies, 6 quotations, 5 of them rightly), which ``attribute_speakers`` reads once
   the article's person mentions are known; where all of that finds nobody, a trained model
   chooses among the noun phrases around the quote, or leaves it empty (``speaker_choice.py``);
2. ``attribute_speakers`` (below, run by the mentions stage) resolves that mention within the
   article: a name to its mention cluster, "he"/"she" to the most salient person before it
   (``resolve_pronoun``), "you" to the person an open letter addresses, "who" to its
   antecedent, "they" to a plural subject or the group or document last quoted. It sets the
   quote's ``speaker_cluster`` and ``speaker_name`` (the cluster's best name in the article);
3. across articles, the entities stage gives each mention cluster its corpus entity, and the
   store writes that entity and its canonical name as the speaker's (``Store.save_entities``),
   so a speaker is named the same in every article.

The resolution sieves' ``resolve_pronouns`` (corpus/resolution.py) is not a second speaker
resolver: it links pronoun mentions of gold-annotated corpora (ECB+) that come without a parse.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from storytrail.article.cues import noun_phrase, token_at
from storytrail.article.speaker_choice import choose_speaker, inside, quoted_regions
from storytrail.model import Analysis, Mention, Quote, Span
from storytrail.names import PERSON_PRONOUNS, given_names, person_name_parts, words_of

if TYPE_CHECKING:
    from storytrail.article.mentions import Clusters

GROUP_PRONOUNS = frozenset({"they", "we", "them", "us"})
GROUP_REACH_CHARS = 1500  # "they said" reaches back this far to the group or document last quoted
PRONOUN_WINDOW_SENTENCES = 5
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
RELATIVE_REACH_CHARS = 3  # ", who"


def subject_mentions(doc: Doc, mentions: list[Mention], lo: int, hi: int) -> list[Mention]:
    """PERSON mentions in [lo, hi) that are the subject of their clause."""
    found = []
    for m in mentions:
        if m.type != "PERSON" or not (lo <= m.start and m.end <= hi):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            found.append(m)
    return found


MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
MALE_TITLES = frozenset({"mr"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss"})


def titled_people(doc: Doc, mentions: list[Mention]) -> dict[str, set[str]]:
    """The people an article titles as a man ("Mr. Smith") or as a woman ("Ms. Winfrey"), or
    names by given names that tell ("Nancy Reagan", "Donald Trump"; ``given_names``), by
    cluster, found once per article for every pronoun that asks ``other_sex``. A title outweighs
    a name, and a person whose names tell both ways is neither."""
    titled: dict[str, set[str]] = {"male": set(), "female": set()}
    named: dict[str, set[str]] = {"male": set(), "female": set()}
    for m in mentions:
        if m.type != "PERSON" or not m.cluster:
            continue
        first = token_at(doc, m.start)
        words = {t.lower_.rstrip(".") for t in (first, doc[max(first.i - 1, 0)])}  # "Ms. Winfrey": the title before the name
        if words & MALE_TITLES:
            titled["male"].add(m.cluster)
        if words & FEMALE_TITLES:
            titled["female"].add(m.cluster)
        # every given word that tells must tell the same: "Donna Sampson Rawlings" is a woman
        # whatever "Sampson" says, so she is neither
        given = person_name_parts(words_of(m.text))[0]
        told = [sex for sex, names in given_names().items() if names.intersection(given)]
        if len(told) == 1:
            named[told[0]].add(m.cluster)
    by_title = titled["male"] | titled["female"]
    both = named["male"] & named["female"]
    for sex in titled:
        titled[sex] |= named[sex] - both - by_title
    return titled


def other_sex(pronoun: str, titled: dict[str, set[str]]) -> set[str]:
    """The people a pronoun cannot take up because the article titles them as the other sex: "she"
    is never the "Mr. Smith" of a newspaper that titles everyone, "he" never its "Ms. Winfrey"."""
    if pronoun in FEMALE_PRONOUNS:
        return titled["male"]
    return titled["female"] if pronoun in MALE_PRONOUNS else set()


def resolve_pronoun(
    doc: Doc,
    at: int,
    mentions: list[Mention],
    spoken: dict[int, Mention],
    quote_spans: list[tuple[int, int]],
    claims: list[tuple[int, int]],
    titled: dict[str, set[str]],
    speaking: str | None = None,
) -> Mention | None:
    """A person pronoun refers to the most salient person before it: a subject in its own
    sentence, else, sentence by sentence backwards, a subject or the speaker of a quote there.
    Within a quotation its ``speaking`` cluster is not "he": Comey's memo "He then returned to
    loyalty, saying 'I need loyalty.' I replied …" has Comey as "I" and the president as "he"."""
    pronoun = token_at(doc, at)
    told_apart = other_sex(pronoun.lower_, titled)

    def outside_quotes(m: Mention) -> bool:
        return not inside(quote_spans, m.start) and m.cluster != speaking and m.cluster not in told_apart

    sentence = pronoun.sent
    same = [m for m in subject_mentions(doc, mentions, sentence.start_char, at) if outside_quotes(m)]
    if same:
        return same[-1]
    sent = sentence
    for _ in range(PRONOUN_WINDOW_SENTENCES):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        # a speaker there is taken up only if a person: "A memo … referenced the demand. 'He then
        # returned to loyalty, saying …'" — the memo's "he" is no memo
        candidates = [
            (True, pos, m) for pos, m in spoken.items()
            if sent.start_char <= pos < sent.end_char and m.type == "PERSON" and m.cluster != speaking and m.cluster not in told_apart
        ]
        # the one who spoke there, or a subject of the sentence's own, before a subject within
        # what was reported: in "He said that … he would arrive to see Meghan crying. But he said
        # …" the second "he" is the first, not Meghan
        candidates += [(not inside(claims, m.start), m.start, m) for m in subject_mentions(doc, mentions, sent.start_char, sent.end_char) if outside_quotes(m)]
        if candidates:
            return max(candidates, key=lambda c: c[:2])[2]
    earlier = [m for m in mentions if m.type == "PERSON" and m.end <= at and outside_quotes(m)]
    return earlier[-1] if earlier else None


def body_taken_up(doc: Doc, at: int, mentions: list[Mention]) -> Mention | None:
    """ "The European Commission said the extension prolonged uncertainty. '…,' it said in a
    statement": a speaking "it" takes up the body or country that is the main subject of its own
    sentence, before it, or of the sentence just before. Anything further, or a body that is the
    subject of a clause within the sentence, is left unresolved rather than guessed: "it" as often
    takes up a lawsuit, an agency's announcement or a move, which are no named bodies."""
    sentence = token_at(doc, at).sent
    sentences = [sentence] + ([doc[sentence.start - 1].sent] if sentence.start > 0 else [])
    for sent in sentences:
        subjects = [t for t in sent.root.children if t.dep_ == "nsubj" and t.idx < at]
        for m in mentions:
            if m.type in ("ORG", "GPE") and any(m.start <= t.idx < m.end for t in subjects):
                return m
    return None


def plural_subject_before(doc: Doc, at: int, quote: Quote) -> str | None:
    """ "His campaign people have rallied around him but they seem nervous - claiming …": the
    group a "they" takes up within its own sentence, a plural subject before it, never one of the
    quote's own words ("Previous discussions, they said, had been …")."""
    token = token_at(doc, at)
    groups = [
        t
        for t in doc[token.sent.start : token.i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS") and not inside(quote.spans, t.idx)
    ]
    return noun_phrase(groups[-1]).text if groups else None


SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
ADDRESS_MIN_YOU = 3  # an article that says "you" this often outside quotes is talking to someone
VOCATIVE_NEXT = frozenset({",", "please", "!"})


def addressee(doc: Doc, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """The person an open letter or a column speaks to: "Ken, …", "Dear Ken", "Ken please help me
    out", in an article whose own voice says "you" again and again. None when nobody is addressed
    by name: a bare "you" is then left unresolved rather than guessed."""
    def outside(pos: int) -> bool:
        return not inside(quote_spans, pos)

    if sum(1 for t in doc if t.lower_ in SECOND_PERSON and outside(t.idx)) < ADDRESS_MIN_YOU:
        return None
    for m in mentions:
        if m.type != "PERSON" or not outside(m.start):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        starts_sentence = span.start == span.sent.start or (before is not None and before.lower_ == "dear")
        if starts_sentence and after is not None and (after.lower_ in VOCATIVE_NEXT or after.tag_ == "VB"):
            return m
    return None


def speaker_head(speaker: Span, doc: Doc) -> Token | None:
    """The root of the speaker's words in the parse; None where the parse has no span for them."""
    words = doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    return words.root if words is not None and len(words) else None


def holds_head(mention: Mention, speaker: Span, head: Token | None) -> bool:
    """Whether a mention holds the speaker's head (``speaker_head``): "the Labour supporters" is no
    mention of Labour, nor "copies of the memos obtained by The New York Times" of the Times. With
    no head in the parse, the speaker's last word stands for it."""
    if head is None:
        return mention.start < speaker.end and speaker.start < mention.end and mention.end >= speaker.end - 1
    return mention.start <= head.idx < mention.end


def antecedent(relative: Token | None, mentions: list[Mention]) -> Mention | None:
    """The named mention a relative pronoun's clause hangs from in the parse, or the name a
    description there stands beside: "Marc H. Morial, the chief executive of the National Urban
    League, who said …" is Morial."""
    if relative is None or relative.head.dep_ != "relcl":
        return None
    noun = relative.head.head
    for token in (noun, noun.head) if noun.dep_ == "appos" else (noun,):
        named = next((m for m in mentions if m.start <= token.idx < m.end), None)
        if named is not None:
            return named
    return None


def resolve_speaker(
    quote: Quote,
    analysis: Analysis,
    clusters: Clusters,
    spoken: dict[int, Mention],
    quote_spans: list[tuple[int, int]],
    claims: list[tuple[int, int]],
    titled: dict[str, set[str]],
) -> Mention | None:
    """The named mention a quote's speaker mention refers to (``quote_spans``: the quotations in
    marks; ``claims``: what every quote reports, indirect ones too)."""
    speaker = quote.speaker
    if speaker is None:
        return None
    mentions = analysis.mentions
    head = speaker_head(speaker, analysis.parsed)
    overlapping = [m for m in mentions if holds_head(m, speaker, head)]
    if overlapping:
        return max(overlapping, key=lambda m: m.end - m.start)
    if speaker.text.lower() in PERSON_PRONOUNS:
        holder = next((q for q in analysis.quotes if q is not quote and q.kind == "direct" and q.start <= speaker.start < q.end), None)
        if holder is not None and holder.speaker_cluster is None:
            # "He then returned to loyalty, saying 'I need loyalty.' I replied …" from a memo whose
            # writer is not found: "he" is someone the writer speaks of, and whom is not known
            return None
        return resolve_pronoun(analysis.parsed, speaker.start, mentions, spoken, quote_spans, claims, titled, holder.speaker_cluster if holder else None)
    if speaker.text.lower() == "you":
        return addressee(analysis.parsed, mentions, quote_spans)
    if speaker.text.lower() == "it":
        return body_taken_up(analysis.parsed, speaker.start, mentions)
    if speaker.text.lower() in RELATIVE_PRONOUNS:
        # "Trump, who says …": the antecedent ends just before the relative pronoun.
        before = [m for m in mentions if 0 <= speaker.start - m.end <= RELATIVE_REACH_CHARS]
        return before[-1] if before else antecedent(head, mentions)
    if head is not None and head.pos_ == "NOUN":
        return None  # a common noun is no name, whoever it belongs to: "Trump's outside counsel" is not Trump
    cluster = clusters.find(speaker.text, "PERSON")
    if cluster is not None:
        return next((m for m in mentions if m.cluster == cluster), None)  # a cluster may hold no mention: a name the pre-pass met, then joined elsewhere
    return None


HEADLINE_SPEAKER_TYPES = ("PERSON", "ORG", "NORP")


def headline_speaker(quote: Quote, analysis: Analysis, clusters: Clusters, title_end: int) -> None:
    """A headline names its speaker within itself, never through the body: the subject of its cue
    ("North Korean Leader Says …"), or, for a quotation with no cue, the name before it ("Pence:
    Flowers Won't Be at Debate", "Donald Trump Warns Iran …: 'They Restart it …'"); else nobody.
    A capitalised phrase before a colon ("Restarting Nuclear Program:") is no speaker unless it is a name."""
    named = [m for m in analysis.mentions if m.end <= title_end and m.type in HEADLINE_SPEAKER_TYPES]
    speaker = quote.speaker if quote.speaker is not None and quote.speaker.end <= title_end else None
    found = None
    if speaker is not None:
        head = speaker_head(speaker, analysis.parsed)
        found = next((m for m in named if holds_head(m, speaker, head)), None)  # "North Korean" is no speaker of "North Korean Leader Says"
    if found is None and speaker is not None and quote.cue is not None:
        # a name the tagger missed in the headline, known from the body ("Mueller hints at …"), or a group's own words
        cluster = clusters.find(speaker.text, "PERSON")
        if cluster is not None or len(speaker.text.split()) > 1:
            quote.speaker_cluster = cluster
            quote.speaker_name = clusters.best_name(cluster) if cluster is not None else speaker.text
            return
    if found is None and quote.cue is None:
        found = next((m for m in named if m.end <= quote.start), None)
    quote.speaker = Span(found.start, found.end, found.text) if found is not None else None
    quote.speaker_cluster = found.cluster if found is not None else None
    quote.speaker_name = clusters.best_name(found.cluster) if found is not None else None


SIGNATURE = re.compile(r"""["”’']?[ \t\u00a0]*[-–—―]+[ \t\u00a0]*""")  # hyphen, en and em dash, horizontal bar
SIGNATURE_REACH_CHARS = 30  # "-Commissioner", "— Former Secretary of State": titles before the name


def signed_by(quote: Quote, analysis: Analysis) -> Mention | None:
    """A quotation signed after a dash on its own line: `"…" -Commissioner Jane Doe`."""
    text = analysis.article.text
    dash = SIGNATURE.match(text, quote.end)
    if dash is None:
        return None
    line_end = text.find("\n", dash.end())
    line_end = len(text) if line_end < 0 else line_end
    return next(
        (m for m in analysis.mentions if m.type == "PERSON" and dash.end() <= m.start < min(line_end, dash.end() + SIGNATURE_REACH_CHARS)),
        None,
    )


def introduced_by(quote: Quote, analysis: Analysis) -> Mention | None:
    """A quotation standing as its own paragraph after a line that ends in a colon and names a
    person ("And from Chairwoman Maxine Waters:"): the last person that line names."""
    text = analysis.article.text
    paragraph_start = text.rfind("\n", 0, quote.start) + 1
    if text[paragraph_start : quote.start].strip(" \t\"“‘'"):
        return None  # the quotation does not open its paragraph
    line_start, end = line_before(text, paragraph_start)
    if not end or text[end - 1] != ":":
        return None
    named = [m for m in analysis.mentions if m.type == "PERSON" and line_start <= m.start and m.end <= end]
    return named[-1] if named else None


def line_before(text: str, paragraph_start: int) -> tuple[int, int]:
    """Where the line before a paragraph starts and ends, blank lines left out; (0, 0) for none."""
    end = paragraph_start
    while end and text[end - 1].isspace():
        end -= 1
    return text.rfind("\n", 0, end) + 1, end


QUOTE_EDGE = " \t\"“”‘’'.,!?…"


def follows_its_speaker(quote: Quote, analysis: Analysis) -> Mention | None:
    """A quotation that is a paragraph of its own, after a paragraph with no quotation whose last
    sentence has a person as its subject ("Mayor Tom Reed defended the plan on Friday." then the
    quotation): that person, the one the story has just brought on. Not a mere object of that
    sentence, and no one where the subject is not a named person."""
    text = analysis.article.text
    start = text.rfind("\n", 0, quote.start) + 1
    end = text.find("\n", quote.end)
    end = len(text) if end < 0 else end
    if text[start : quote.start].strip(QUOTE_EDGE) or text[quote.end : end].strip(QUOTE_EDGE):
        return None  # the quotation is not the whole paragraph
    line_start, before = line_before(text, start)
    if not before:
        return None
    if any(mark in text[line_start:before] for mark in ('"', "“", "”")):
        return None  # a paragraph with a quotation of its own: its speaker carries over by the quotes stage's rule
    root = token_at(analysis.parsed, before - 1).sent.root
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    head = subjects[0]
    return next((m for m in analysis.mentions if m.type == "PERSON" and m.kind == "name" and m.start <= head.idx < m.end), None)


def attribute_speakers(analysis: Analysis, clusters: Clusters) -> None:
    """Set the speaker cluster and name of every quote of an article whose mentions are known."""
    spoken: dict[int, Mention] = {}  # quote start -> the person who says it
    quote_spans = [(q.start, q.end) for q in analysis.quotes if q.kind != "indirect"]
    claims = [(q.start, q.end) for q in analysis.quotes]
    # the last document or group quoted: where, its name, and its cluster when it is a document
    group_speaker: tuple[int, str, str | None] | None = None
    title = analysis.article.title_span
    quoted = quoted_regions(analysis)
    titled = titled_people(analysis.parsed, analysis.mentions)
    for quote in sorted(analysis.quotes, key=lambda q: q.start):
        if title is not None and quote.start < title[1]:
            headline_speaker(quote, analysis, clusters, title[1])
            continue
        # a signature after the quotation names its speaker outright, over one carried from the
        # quotation before (a list of readers' answers, each signed "― Name")
        found = signed_by(quote, analysis) if quote.cue is None else None
        if found is None and quote.speaker is None and quote.cue is None:
            found = introduced_by(quote, analysis) or follows_its_speaker(quote, analysis)
        if found is not None:
            quote.speaker = Span(found.start, found.end, found.text)
        if quote.parent is None:
            choose_speaker(quote, analysis, quoted)  # where the rules found nobody
        resolved = found or resolve_speaker(quote, analysis, clusters, spoken, quote_spans, claims, titled)
        if resolved is not None:
            quote.speaker_cluster = resolved.cluster
            quote.speaker_name = clusters.best_name(resolved.cluster)
            if quote.parent is None:
                spoken[quote.start] = resolved
            if resolved.type == "WORK":
                group_speaker = (quote.start, quote.speaker_name, resolved.cluster)
        elif quote.speaker is not None and len(quote.speaker.text.split()) > 1:
            # A speaker that is no named entity ("his campaign people") keeps its own words.
            quote.speaker_name = quote.speaker.text
            group_speaker = (quote.start, quote.speaker.text, None)
        elif quote.speaker is not None and quote.speaker.text.lower() in GROUP_PRONOUNS:
            group = plural_subject_before(analysis.parsed, quote.speaker.start, quote)
            if group is not None:
                quote.speaker_name = group
            elif group_speaker is not None and quote.start - group_speaker[0] < GROUP_REACH_CHARS:
                _, quote.speaker_name, quote.speaker_cluster = group_speaker
    credit_pull_quotes(analysis)


def credit_pull_quotes(analysis: Analysis) -> None:
    """A quotation in the body with no cue of its own whose words the article quotes again with a
    cue is a pull quote, set apart to catch the eye: it takes the speaker the article credits the
    words to. The Hill (NewsWCL50 3_R) pulls Perez's "During the 2016 presidential campaign, Russia
    launched an all-out assault on our democracy …" into a paragraph of its own after Trump's
    tweet, and attributes it to Perez further down; taken from the paragraph before, it was
    Trump's. A headline's quote keeps the speaker the headline names. The same words are the
    trails stage's verbatim repeat (``trails.words``)."""
    from storytrail.corpus.trails import words

    title = analysis.article.title_span
    body = [q for q in analysis.quotes if q.parent is None and (title is None or q.start >= title[1])]
    credited = {}
    for quote in body:
        if quote.cue is not None and quote.speaker is not None:
            credited.setdefault(tuple(words(quote.text)), quote)
    for quote in body:
        source = credited.get(tuple(words(quote.text))) if quote.cue is None else None
        if source is not None and source.speaker_cluster != quote.speaker_cluster:
            quote.speaker, quote.speaker_cluster, quote.speaker_name = source.speaker, source.speaker_cluster, source.speaker_name
