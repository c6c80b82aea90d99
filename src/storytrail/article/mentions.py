"""Mentions stage: named mentions grouped within one article, and quote speakers resolved to them.

Adds ``Analysis.mentions`` and sets each quote's ``speaker_cluster`` and ``speaker_name``:
"Mr Khan" and "He" become Sadiq Khan when the article names him in full.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc

from storytrail.article.cues import DOCUMENT_NOUNS, noun_phrase, token_at
from storytrail.ingest.readers import guess_title
from storytrail.model import Analysis, Mention, Quote, stable_id
from storytrail.names import PERSON_PRONOUNS, name_key, words_of

ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "LOC", "WORK_OF_ART": "WORK"}
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def clean_mention(article_text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a leading "the" and a trailing possessive from a mention's character span."""
    text = article_text[start:end]
    match = POSSESSIVE.search(text)
    if match and match.start() > 0:
        end = start + match.start()
    if text.lower().startswith("the "):
        start += 4
    return start, end


class Clusters:
    """Within-article groups of names: a full name, then its surname, first name or titled forms."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}  # cluster id -> its name variants, in order
        self.types: dict[str, str] = {}

    def best_name(self, cluster: str) -> str:
        return max(self.names[cluster], key=lambda n: (len(words_of(n)), -self.names[cluster].index(n)))

    def find(self, text: str, type_: str) -> str | None:
        words = words_of(text)
        if not words:
            return None
        key = " ".join(words)
        for cluster, variants in self.names.items():
            if self.types[cluster] != type_:
                continue
            for variant in variants:
                known = words_of(variant)
                if " ".join(known) == key:
                    return cluster
                if type_ == "PERSON" and len(words) == 1 and len(known) > 1 and words[0] in (known[0], known[-1]):
                    return cluster
                if type_ == "PERSON" and len(known) == 1 and len(words) > 1 and known[0] in (words[0], words[-1]):
                    return cluster
        return None

    def add(self, doc_id: str, text: str, type_: str) -> str:
        cluster = self.find(text, type_)
        if cluster is None:
            cluster = stable_id(doc_id, type_, name_key(text))
            self.names[cluster] = []
            self.types[cluster] = type_
        if text not in self.names[cluster]:
            self.names[cluster].append(text)
        return cluster


def collect_mentions(analysis: Analysis) -> tuple[list[Mention], Clusters]:
    doc = analysis.doc
    doc_id = analysis.article.id
    text = analysis.article.text  # Doc.text rebuilds the string on every call
    clusters = Clusters()
    headline_end = text.find("\n") if guess_title(text) else -1
    raw = []
    for ent in doc.ents:
        type_ = ENTITY_TYPES.get(ent.label_)
        if type_ is None:
            continue
        start, end = clean_mention(text, ent.start_char, ent.end_char)
        if type_ == "PERSON" and end <= headline_end and len(ent) > 1 and text.count(text[start:end]) == 1 and title_cased(text[:headline_end]):
            # Title case fools the tagger ("Ken Turns Off Jewish Leftists"): keep the name's first word.
            end = start + len(ent[0].text)
        if end <= start:
            continue
        raw.append([start, end, type_])
    retype_surnames(text, raw)
    retype_by_vote(text, raw)
    # Full names first, so that "Khan" seen before "Sadiq Khan" still joins him.
    for start, end, type_ in sorted(raw, key=lambda r: -len(words_of(text[r[0] : r[1]]))):
        clusters.add(doc_id, text[start:end], type_)
    mentions = []
    for start, end, type_ in raw:
        name = text[start:end]
        cluster = clusters.add(doc_id, name, type_)
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
        else:
            cluster = by_kind.setdefault(kind, stable_id(doc_id, "WORK", kind))
            clusters.names.setdefault(cluster, [])
            clusters.types[cluster] = "WORK"
        if phrase.text not in clusters.names[cluster]:
            clusters.names[cluster].append(phrase.text)
        last_cluster = cluster
        found.append(Mention(id=stable_id(doc_id, phrase.start_char, phrase.end_char), doc=doc_id, start=phrase.start_char,
                             end=phrase.end_char, text=phrase.text, type="WORK", cluster=cluster, name=""))
    return found


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


def title_cased(line: str) -> bool:
    """ "Ken Turns Off Jewish Leftists", not "Ken Livingstone: what he really thinks about Jews"."""
    words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


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


def resolve_pronoun(doc: Doc, at: int, mentions: list[Mention], spoken: dict[int, Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """A person pronoun refers to the most salient person before it: a subject in its own
    sentence, else, sentence by sentence backwards, a subject or the speaker of a quote there."""
    def outside_quotes(m: Mention) -> bool:
        return not any(s <= m.start < e for s, e in quote_spans)

    sentence = token_at(doc, at).sent
    same = [m for m in subject_mentions(doc, mentions, sentence.start_char, at) if outside_quotes(m)]
    if same:
        return same[-1]
    sent = sentence
    for _ in range(PRONOUN_WINDOW_SENTENCES):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
        candidates = [(pos, m) for pos, m in spoken.items() if sent.start_char <= pos < sent.end_char]
        candidates += [(m.start, m) for m in subject_mentions(doc, mentions, sent.start_char, sent.end_char) if outside_quotes(m)]
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
    earlier = [m for m in mentions if m.type == "PERSON" and m.end <= at and outside_quotes(m)]
    return earlier[-1] if earlier else None


def plural_subject_before(doc: Doc, at: int) -> str | None:
    """ "His campaign people have rallied around him but they seem nervous - claiming …": the
    group a "they" takes up within its own sentence, a plural subject before it."""
    token = token_at(doc, at)
    groups = [t for t in doc[token.sent.start : token.i] if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS")]
    return noun_phrase(groups[-1]).text if groups else None


SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
ADDRESS_MIN_YOU = 3  # an article that says "you" this often outside quotes is talking to someone
VOCATIVE_NEXT = frozenset({",", "please", "!"})


def addressee(doc: Doc, mentions: list[Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """The person an open letter or a column speaks to: "Ken, …", "Dear Ken", "Ken please help me
    out", in an article whose own voice says "you" again and again. None when nobody is addressed
    by name: a bare "you" is then left unresolved rather than guessed."""
    def outside(pos: int) -> bool:
        return not any(s <= pos < e for s, e in quote_spans)

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


def resolve_speaker(quote: Quote, analysis: Analysis, clusters: Clusters, spoken: dict[int, Mention], quote_spans: list[tuple[int, int]]) -> Mention | None:
    """The named mention a quote's speaker mention refers to."""
    speaker = quote.speaker
    if speaker is None:
        return None
    mentions = analysis.mentions
    # The mention must hold the speaker's head (its last word): "the Labour supporters" is no mention of Labour.
    overlapping = [m for m in mentions if m.start < speaker.end and speaker.start < m.end and m.end >= speaker.end - 1]
    if overlapping:
        return max(overlapping, key=lambda m: m.end - m.start)
    if speaker.text.lower() in PERSON_PRONOUNS:
        return resolve_pronoun(analysis.doc, speaker.start, mentions, spoken, quote_spans)
    if speaker.text.lower() == "you":
        return addressee(analysis.doc, mentions, quote_spans)
    if speaker.text.lower() in RELATIVE_PRONOUNS:
        # "Trump, who says …": the antecedent ends just before the relative pronoun.
        before = [m for m in mentions if 0 <= speaker.start - m.end <= RELATIVE_REACH_CHARS]
        return before[-1] if before else None
    cluster = clusters.find(speaker.text, "PERSON")
    if cluster is not None:
        return next(m for m in mentions if m.cluster == cluster)
    return None


def resolve_mentions(analysis: Analysis) -> Analysis:
    """Mentions stage: sets ``analysis.mentions`` and the speaker name of every quote."""
    mentions, clusters = collect_mentions(analysis)
    mentions.sort(key=lambda m: m.start)
    analysis.mentions = mentions
    spoken: dict[int, Mention] = {}  # quote start -> the person who says it
    quote_spans = [(q.start, q.end) for q in analysis.quotes if q.kind != "indirect"]
    # the last document or group quoted: where, its name, and its cluster when it is a document
    group_speaker: tuple[int, str, str | None] | None = None
    for quote in sorted(analysis.quotes, key=lambda q: q.start):
        resolved = resolve_speaker(quote, analysis, clusters, spoken, quote_spans)
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
            group = plural_subject_before(analysis.doc, quote.speaker.start)
            if group is not None:
                quote.speaker_name = group
            elif group_speaker is not None and quote.start - group_speaker[0] < GROUP_REACH_CHARS:
                _, quote.speaker_name, quote.speaker_cluster = group_speaker
    return analysis
