"""Trails stage: the same quote or claim followed across articles, in time order.

A corpus stage over the quotes of the whole corpus. Candidates come from three indexes, never from all pairs:
the quotes that share a rare word pair (trimmed or spliced quotes, small edits), the quotes that
share a rare word (a short quote within a long one) and random-hyperplane buckets over MiniLM
vectors (paraphrases). Only what a cue reports is followed: an act of a source
("withdrew the U.S. from the Paris accord") states nothing. A candidate pair is confirmed by
word containment or by cosine similarity; confirmed pairs join groups into trails, the most alike
first, and only where most pairs across the two groups are alike (families, not chains). A
quotation of several sentences is followed sentence by sentence where its sentences travel apart
(one outlet repeats a tweet's first sentence, another its last). Each trail
records its members in time order, its first appearance, a word diff of each member against
the first, and drift: wording, attribution (another speaker, or one added or dropped) and
meaning (a negation, a quantifier, a modal or a hedge that the first did not have). The stage
is incremental: it is given the groups an earlier run formed, compares only pairs with a new
quote, and a trail keeps its id when articles join it.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain, combinations

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storytrail.article.cues import is_document
from storytrail.article.embeddings import DIMENSIONS
from storytrail.article.quote_vectors import encode_quotes
from storytrail.bodies import speaks_for
from storytrail.corpus.resolution import UnionFind
from storytrail.model import PART_SEPARATOR, Drift, Quote, Trail, TrailMember, TrailUpdate, quote_of_statement, stable_id, statements_of
from storytrail.names import fold, person_name_parts, same_person_name, words_of

MIN_WORDS = 4  # shorter quotes join a trail only as verbatim repeats: alike by words or meaning, they are topic phrases
MIN_SHARED_WORDS = 3
CONTAINMENT = 0.6  # share of the shorter quote's content words found in the longer one
# The quote encoder's similarity that confirms a paraphrase: the bar at which the three-layer encoder
# lets through as many pairs of fnc1 statements from different bodies as the six-layer one did at
# 0.72 (chosen on the seeds then), found on text with no labels (training/export_quote_encoder.py)
COSINE = 0.69
OTHER_SPEAKER_BAR = 0.1  # 0.1 and 0.2 gave the same trails on NewsWCL50 dev and the seeds; 0.05 half the gain
FAMILY_AGREEMENT = 0.5  # at least this share of the pairs across two groups (in different articles) must be alike for them to join
RARE_WORD_QUOTES = 10  # 20 proposed topic pairs: NewsWCL50 dev precision .737 -> .720 (five draws)
HYPERPLANE_BANDS = 12
MIN_HYPERPLANE_BITS = 6
BUCKET_SIZE = 8  # bits grow with the corpus so that a bucket holds about this many quotes
NEGATIONS = frozenset("not no never none nobody nothing neither nor cannot".split())
# Verbs that deny what follows them, within a wording ("insisted Comey disprove allegations about
# …"); as the cue of an indirect quote, so do a denial and a dispute ("denied his campaign colluded",
# "disputed that …"), which within a wording are as often a quarrel ("his dispute with Comcast")
DENIALS = frozenset("deny denies denied denying refute refutes refuted refuting disprove disproves disproved disproving".split())
DENIAL_CUES = DENIALS | frozenset("denial denials dispute disputes disputed disputing".split())
QUANTIFIERS = frozenset("all every everyone everybody always only".split())
# A modal's force: "will" reported as "would" is a backshift, and "may sell" told as "could retail"
# the same possibility, not a change of claim; "might resume" become "would restart" is one. "ca",
# "wo", "sha": "can't", "won't", "shan't" without their negation.
MODAL_FORCE = {
    "can": "may", "could": "may", "ca": "may", "cannot": "may", "may": "may", "might": "may", "must": "must",
    "will": "will", "would": "will", "wo": "will", "shall": "will", "sha": "will", "should": "should", "ought": "should",
}
MODAL_FORCES = frozenset(MODAL_FORCE.values())
HEDGES = frozenset("maybe perhaps possibly probably likely allegedly reportedly apparently hope hopes hoped".split())
MODAL_RUN = 3
NAMED_MAY = re.compile(r"(?<![.!?]\s)(?<!^)\bMay\b")  # the month or Theresa May, not the modal: capitalised within a sentence
GOING_TO = re.compile(r"\b(?:going to|gonna) (?=[a-z])")  # "they're going to have big problems": the future, as "will" says it
NEGATION_REACH = 3  # words around a shared run that can still change its meaning ("did not expect the")
WORD = re.compile(r"\w+(?:['’]\w+)?")
# where one sentence of a quotation ends and the next begins: "…OBSTRUCTION. Also, he leaked …"
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘']?[A-Z])")
# a full stop that ends an abbreviation, not a sentence: "at about 11 a.m. Police", "Mr. Comey", "J. Comey"
ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|No|vs|Inc|Corp|Co|Ltd))\.$")


def words(text: str) -> list[str]:
    # interned: the stage holds every quote's words at once, most of them a few hundred words said again and again
    return [sys.intern(word) for word in WORD.findall(fold(text))]


def sentences_of(statement: Quote) -> list[Quote]:
    """The sentences of a statement of several, each long enough to be followed alone, as statements
    nested in it: an outlet that quotes one sentence of a tweet or a speech repeats that sentence,
    not the whole ("WOW! Will the Witch Hunt continue?" of Trump's three-sentence tweet). A
    statement of one sentence has none. A sentence's id is its statement's, ``PART_SEPARATOR``,
    "s" and its number."""
    text = statement.text
    bounds, at = [], 0
    for end in SENTENCE_END.finditer(text):
        if ABBREVIATION.search(text, 0, end.start()):
            continue
        if len(words(text[at : end.start()])) >= MIN_WORDS:  # "WOW!" goes with the sentence after it
            bounds.append((at, end.start()))
            at = end.end()
    if bounds and len(words(text[at:])) < MIN_WORDS:
        bounds[-1] = (bounds[-1][0], len(text))  # and a short last one with the sentence before
    else:
        bounds.append((at, len(text)))
    if len(bounds) < 2:
        return []
    offset = statement.start
    return [
        replace(statement, id=f"{statement.id}{PART_SEPARATOR}s{number}", start=offset + a, end=offset + b, text=text[a:b], spans=[(offset + a, offset + b)], parent=statement.id)
        for number, (a, b) in enumerate(bounds)
    ]


def containment(a: set[str], b: set[str], weights: dict[str, float] | None = None) -> float:
    """The share of the smaller set's words that the other holds, each word counting by its weight
    (``rarity``), or one without weights."""
    if not a or not b:
        return 0.0
    if weights is None:
        return len(a & b) / min(len(a), len(b))
    smaller = a if len(a) <= len(b) else b
    # an exact sum, whatever the order: a set's order changes with the interpreter's string
    # hashing, and a plain float sum with it, which moved pairs at the bar from one run to the next
    return math.fsum(weights[w] for w in a & b) / math.fsum(weights[w] for w in smaller)


def rarity(word_sets: list[set[str]]) -> dict[str, float]:
    """Each content word's inverse document frequency over the corpus's statements: the words of a
    story's topic, which many of its statements use, weigh little. A word none of them uses (a
    part's, cut differently) weighs as one used once."""
    frequency = Counter(word for content in word_sets for word in content)
    once = math.log(len(word_sets) + 1)
    return defaultdict(lambda: once, {word: math.log((len(word_sets) + 1) / count) for word, count in frequency.items()})


def word_pairs(tokens: list[str]) -> set[str]:
    """A quote's consecutive word pairs (its words, for a quote of one word)."""
    return {f"{a} {b}" for a, b in zip(tokens, tokens[1:])} or set(tokens)


def rare_candidates(keys: list[set[str]], new: list[bool]) -> Iterator[tuple[int, int]]:
    """Pairs of quotes sharing a key (a word pair, or a content word) that few quotes use
    (RARE_WORD_QUOTES at most), one of them new. A repeat with small edits, trimmed or spliced,
    keeps a word pair of its own; a short quote within a long one, which shares few word pairs
    with it, keeps its rarer words. The words of a story's topic, which every quote about it
    uses, propose nothing, and the cost stays near-linear. (A word pair that many quotes use is a
    line quoted everywhere: its verbatim copies are joined before, and its edited ones lie in one
    bucket of the random hyperplanes.)"""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, quote_keys in enumerate(keys):
        for key in quote_keys:
            postings[key].append(i)
    for quoting in postings.values():
        if len(quoting) <= RARE_WORD_QUOTES:
            yield from ((a, b) for a, b in combinations(quoting, 2) if new[a] or new[b])


def candidate_pairs(tokens: list[list[str]], word_sets: list[set[str]], vectors: np.ndarray, new: list[bool]) -> Iterator[tuple[int, int]]:
    """The pairs the three indexes propose, one quote of each new: by rare word pairs, by rare
    content words, and by hyperplane buckets over the ``vectors`` (the first quotes only, where
    the rest have no vector)."""
    return chain(rare_candidates([word_pairs(t) for t in tokens], new), rare_candidates(word_sets, new), hyperplane_candidates(vectors, new[: len(vectors)]))


def hyperplane_candidates(vectors: np.ndarray, new: list[bool]) -> Iterator[tuple[int, int]]:
    """Vectors sharing all the sign bits of one band of random hyperplanes, one of them new."""
    rng = np.random.default_rng(0)
    bits = max(MIN_HYPERPLANE_BITS, int(np.ceil(np.log2(max(len(vectors), 1) / BUCKET_SIZE))))
    # Sentence vectors share a common direction; without centring most fall on one side of every plane.
    vectors = vectors - vectors.mean(axis=0) if len(vectors) else vectors
    for _ in range(HYPERPLANE_BANDS):
        planes = rng.standard_normal((vectors.shape[1], bits))
        keys = (vectors @ planes > 0) @ (1 << np.arange(bits))
        buckets: dict[int, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            buckets[int(key)].append(i)
        for members in buckets.values():
            yield from ((a, b) for a, b in combinations(members, 2) if new[a] or new[b])


def word_diff(first: str, other: str) -> list[list[str]]:
    """Word-level operations turning the first wording into another, ready to show side by side:
    words compared case- and accent-blind, shown as each article wrote them."""
    first_words, other_words = WORD.findall(first), WORD.findall(other)
    matcher = difflib.SequenceMatcher(a=[fold(w) for w in first_words], b=[fold(w) for w in other_words], autojunk=False)
    return [[tag, " ".join(first_words[i1:i2]), " ".join(other_words[j1:j2])] for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def different_speakers(a: Quote, b: Quote) -> bool:
    """Attribution drift is a statement credited to someone else: two speakers resolved to
    different entities, and not two names of one person ("Roger J. Stone Jr." / "Roger Stone").
    Where a side has no speaker found, or one left unresolved ("the president"), the extraction
    fell short more often than the outlet changed the source: no drift is claimed. A suffix on one
    name only ("Roger J. Stone Jr." / "Roger Stone") keeps two entities apart, but an outlet that
    drops it has not credited someone else; nor has one that credits a party's words to its
    national committee."""
    return different_sources(a.speaker_entity, a.speaker_name, b.speaker_entity, b.speaker_name)


def different_sources(entity_a: str | None, name_a: str | None, entity_b: str | None, name_b: str | None) -> bool:
    """``different_speakers`` on the speakers' entities and names. A document is no other source:
    "a tweet", "a statement" or "a NASA statement" carries someone's words (on the NewsWCL50 dev
    events "Donald Trump -> a tweet" and "Kim Jong-un -> a statement" were attribution drift)."""
    if entity_a is None or entity_b is None or entity_a == entity_b or is_document(name_a) or is_document(name_b):
        return False
    return not one_source(name_a or "", name_b or "")


@functools.lru_cache(maxsize=65536)  # asked for every pair of quotes compared: few names, many pairs
def one_source(name_a: str, name_b: str) -> bool:
    """Two entities' names that stand for one source: a person with and without a suffix, a party
    and its national committee."""
    source = speaks_for(name_a)
    if source is not None and source == speaks_for(name_b):
        return True  # the DNC's words are the Democrats' in another outlet: one source
    words_a, words_b = words_of(name_a), words_of(name_b)
    named_in_full = bool(person_name_parts(words_a)[0] and person_name_parts(words_b)[0])
    return named_in_full and same_person_name(words_a, words_b, suffix_dropped=True)


def drift_of(before: Quote, member: Quote, relayed: frozenset[str] = frozenset()) -> list[Drift]:
    """How a statement changed from an earlier member to a member; ``relayed``: the speakers of the
    trail's members nested in this one."""
    drift = []

    def change(kind: str, detail: str) -> Drift:
        return Drift(before.doc, member.doc, kind, detail, quote_of_statement(before.id), quote_of_statement(member.id))

    changed = reworded(before.text, member.text)
    if changed:
        changes = sum(1 for op in word_diff(before.text, member.text) if op[0] != "equal")
        drift.append(change("wording", f"{changes} changes"))
    if moved_to_another_source(before, member, relayed):
        drift.append(change("attribution", f"{before.speaker_name} -> {member.speaker_name}"))
    # a quotation trimmed at its end has not dropped the "never" it stops short of: less of the
    # statement is quoted, and what is quoted says the same
    detail = meaning_change(before.text, member.text, denied(before), denied(member)) if changed else ""
    if detail:
        drift.append(change("meaning", detail))
    return drift


def moved_to_another_source(before: Quote, member: Quote, relayed: frozenset[str]) -> bool:
    """Attribution drift: the member credits the statement to someone else. A member that holds,
    nested in it, the words credited to the earlier speaker is their relay, not another source:
    Comey telling that the president said "the guy has serious judgment issues"."""
    return before.speaker_entity not in relayed and different_speakers(before, member)


CONTRACTIONS = {"n't": " not", "'re": " are", "'ll": " will", "'ve": " have", "'m": " am"}
ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…")


def reworded(first: str, other: str) -> bool:
    """Whether one wording changed the words of the other, as a reader of the two would say:
    trimming or extending a quotation at either end is no change, nor is an ellipsis standing for
    words left out, nor case, punctuation, quote marks or a contraction ("they're" / "they are")."""
    def plain(text: str) -> list[str]:
        text = text.replace("’", "'")
        for short, full in CONTRACTIONS.items():
            text = re.sub(re.escape(short) + r"\b", full, text, flags=re.IGNORECASE)
        return words(text)

    parts_a = [p for p in (plain(t) for t in ELLIPSIS.split(first)) if p]
    parts_b = [p for p in (plain(t) for t in ELLIPSIS.split(other)) if p]
    return not (runs_within(parts_a, plain(other)) or runs_within(parts_b, plain(first)))


def runs_within(parts: list[list[str]], whole: list[str]) -> bool:
    """Each part found in the whole, in order, as a run of words."""
    at = 0
    for part in parts:
        found = next((i for i in range(at, len(whole) - len(part) + 1) if whole[i : i + len(part)] == part), None)
        if found is None:
            return False
        at = found + len(part)
    return True


def relayed_in(member: Quote, members: list[Quote]) -> frozenset[str]:
    """The speakers of the other members that lie within this one's span in its article."""
    return frozenset(
        m.speaker_entity for m in members if m is not member and m.doc == member.doc and member.start <= m.start and m.end <= member.end and m.speaker_entity
    )


def nearest_earlier(members: list[Quote], index: int, quote_words: dict[str, list[str]]) -> Quote:
    """The earlier member, in another article, whose wording a member is most alike: where the
    statement most likely came from on its way, and what its change is measured against."""
    member = quote_words[members[index].id]
    earlier = [m for m in members[:index] if m.doc != members[index].doc]  # the first, at least: drift is across articles

    def alike(m: Quote) -> float:
        return difflib.SequenceMatcher(a=quote_words[m.id], b=member, autojunk=False).ratio()

    return max(earlier, key=alike)


def denied(statement: Quote) -> bool:
    """Whether a statement is reported as denied ("Trump has repeatedly denied his campaign colluded
    with Russia"): its words claim the opposite of what they say, as "did not collude" does. A
    quotation under a denial is its source's own words, which deny what they say themselves."""
    return statement.kind != "direct" and statement.kind != "block" and statement.cue is not None and fold(statement.cue.text) in DENIAL_CUES


def meaning_change(first: str, other: str, first_denied: bool = False, other_denied: bool = False) -> str:
    """The negation, quantifiers, modals and hedges one wording adds to or drops from another
    ("added all", "dropped negation", "added will, dropped may", "dropped hope"), or "". A wording
    reported under a denial (``denied``) negates what it says: "denied his campaign colluded" and
    "his campaign did not collude" agree (on NewsWCL50 dev, the one meaning drift flagged, which
    no outlet made).

    Negation is one thing however it is written ("doesn't have a" and "no" agree). Only the few
    words around the two wordings' longest common run count: a "not" elsewhere in a letter's
    paragraph, or in a sentence a later outlet quotes beside it, did not travel. Modals and hedges
    are so common that the longest run often lies beside one rather than around it: one counts only
    where the other wording has none of its force anywhere ("the stainless steel version will start
    at $500" has not dropped the "will" of a longer version).

    On the first 300 fnc1 bodies, flagging every modal added or dropped beside the run tripled the
    meaning drift (14 -> 44), and by a reading of the new flags about a third were right (most came
    from trails holding two claims); these rules keep the 14. On all 1,683 fnc1 bodies they take
    meaning drift from 184 to 230: about fifty hedges dropped or added ("Axl Rose was allegedly
    found dead" -> "was found dead", "Disney is reportedly taking" -> "is taking"), of which by a
    reading two thirds are right (the rest, again, trails of two claims), three modal changes
    ("Amazon may undercut" -> "would undercut"), and four negations no longer taken for added or
    dropped ("cannot" against "can not" or "can't")."""
    whole_a, whole_b = (words(GOING_TO.sub("will ", NAMED_MAY.sub("_", text))) for text in (first, other))
    a, b = whole_a, whole_b
    longest = difflib.SequenceMatcher(a=a, b=b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if longest.size:
        a = a[max(0, longest.a - NEGATION_REACH) : longest.a + longest.size + NEGATION_REACH]
        b = b[max(0, longest.b - NEGATION_REACH) : longest.b + longest.size + NEGATION_REACH]
    before, after = claim_marks(a), claim_marks(b)
    added = {m for m in after - before if m in QUANTIFIERS or m == "negation"}
    dropped = {m for m in before - after if m in QUANTIFIERS or m == "negation"}
    if added or dropped:
        # near the run on one side only, but further from it on the other, a mark was kept: "we do
        # not always agree as to the solutions, but in the end" / "we don't always agree, but in the end"
        everywhere_a, everywhere_b = claim_marks(whole_a), claim_marks(whole_b)
        added -= everywhere_a
        dropped -= everywhere_b
        if "negation" in added | dropped and denies(whole_a, first_denied) == denies(whole_b, other_denied):
            # one wording negates what the other is reported as denying: the same claim. A denial
            # only cancels a negation here, never adds one: "X denied P" beside "Y said P" is two
            # sources at odds, which the trail shows by its speakers, not one statement changed
            added.discard("negation")
            dropped.discard("negation")
    # A modal or a hedge counts only beside a run of words the two share, a sure sign of one
    # statement: a hedge added or dropped, or one modal force put for another ("might resume" ->
    # "would restart"). A modal merely missing on one side is most often a reported form ("to be
    # based on" for "will be based on") or a quotation cut short.
    if longest.size >= MODAL_RUN:
        everywhere_a, everywhere_b = claim_marks(whole_a), claim_marks(whole_b)
        added |= {m for m in after - before if m in HEDGES and m not in everywhere_a}
        dropped |= {m for m in before - after if m in HEDGES and m not in everywhere_b}
        forces_a, forces_b = before & MODAL_FORCES, after & MODAL_FORCES
        if forces_a and forces_b and not forces_a & everywhere_b and not forces_b & everywhere_a:
            added |= forces_b
            dropped |= forces_a
    return ", ".join([f"added {w}" for w in sorted(added)] + [f"dropped {w}" for w in sorted(dropped)])


def claim_marks(ws: list[str]) -> set[str]:
    """The quantifiers, hedges and modal forces among some words, and "negation" if any negates."""
    found = {w for w in ws if w in QUANTIFIERS or w in HEDGES}
    found |= {MODAL_FORCE[stem] for stem in (w.removesuffix("n't").removesuffix("n’t") for w in ws) if stem in MODAL_FORCE}
    if any(is_negation(w) for w in ws):
        found.add("negation")
    return found


def is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith(("n't", "n’t"))


def denies(ws: list[str], denied: bool) -> bool:
    """Whether words deny what they say: a negation or a denial among them ("insisted Comey disprove
    allegations about …"), or reported as ``denied``, but not both."""
    return any(is_negation(w) or w in DENIALS for w in ws) != denied


def followed_statements(quotes: Iterable[Quote]) -> list[Quote]:
    """The statements the stage follows (``statements_of``). An act reported of a source ("withdrew
    the U.S. from the Paris accord", "the suit seeks damages") is no statement, and it shares its
    story's words with every statement about it."""
    return [statement for q in quotes if q.reports or q.kind != "indirect" for statement in statements_of(q)]


def matched_by_meaning(statement: Quote) -> bool:
    """Whether a statement is long enough to be matched by its vector, not only word for word."""
    return len(words(statement.text)) >= MIN_WORDS


def quote_vectors(quotes: list[Quote], stored: dict[str, np.ndarray | None]) -> np.ndarray:
    """The quotes' vectors as the quote-vectors stage made them, zero for a quote too short to be
    matched by meaning; quotes stored by a version before that stage are encoded here, once, in
    one batch."""
    vectors = np.zeros((len(quotes), DIMENSIONS), dtype=np.float32)
    missing = [i for i, q in enumerate(quotes) if stored.get(q.id) is None and matched_by_meaning(q)]
    for i, q in enumerate(quotes):
        if stored.get(q.id) is not None:
            vectors[i] = stored[q.id]
    if missing:
        vectors[missing] = encode_quotes([quotes[i].text for i in missing])
    return vectors


def build_trails(
    quotes: list[Quote], published: dict[str, str | None], vectors: dict[str, np.ndarray | None], known_groups: dict[str, str]
) -> TrailUpdate:
    """Match quotes into trails, given every quote of the corpus in document order, each
    article's publication date, the quotes' vectors and the groups an earlier run formed.

    Only pairs with a new quote are looked for. A group of an earlier run that a new quote may
    join is matched again with it, as one run over all the articles would match them (a family is
    decided on its members together, not one link at a time); the other groups stay as they were,
    unexamined, and a trail keeps its id when articles join it."""
    quotes = followed_statements(quotes)
    quote_words = {q.id: words(q.text) for q in quotes}
    content = {q.id: set(quote_words[q.id]) - STOP_WORDS for q in quotes}
    quotes = [q for q in quotes if len(quote_words[q.id]) >= MIN_WORDS or content[q.id]]
    weights = rarity([content[q.id] for q in quotes])
    all_vectors = quote_vectors(quotes, vectors)
    reopened = groups_new_quotes_meet(quotes, quote_words, all_vectors, known_groups, weights)
    kept = {q: group for q, group in known_groups.items() if group not in reopened}
    sets = UnionFind()
    distinct = [i for i in join_verbatim_repeats(quotes, quote_words, kept, sets) if len(quote_words[quotes[i].id]) >= MIN_WORDS]
    join_restatements(quotes, quote_words, content, kept, sets)
    sentences = [sentence for i in distinct for sentence in sentences_of(quotes[i])]
    quote_words.update((sentence.id, words(sentence.text)) for sentence in sentences)
    for q in chain(quotes, sentences):
        if q.id in kept:
            sets.union(kept[q.id], q.id)
    link_alike([quotes[i] for i in distinct], quote_words, all_vectors[distinct], [quotes[i].id not in kept for i in distinct], sets, sentences, weights)
    followed = quotes + whole_or_sentences(quotes, sentences, sets)
    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in followed:
        groups[sets.find(q.id)].append(q)
    return TrailUpdate(trails_of(groups, published, quote_words), {q.id: sets.find(q.id) for q in followed})


def whole_or_sentences(quotes: list[Quote], sentences: list[Quote], sets: UnionFind) -> list[Quote]:
    """The sentences that stay members of trails on their own: those of a quotation whose
    sentences went separate ways, into two trails or more (a tweet whose first sentence one outlet
    repeats and whose last another does). Where a quotation's sentences went one way only, the
    quotation itself is the member, as a reader would cite it (the letter's paragraph of which one
    outlet repeats the first sentence), and its sentences join it. A sentence whose trail holds a
    quotation nested in it is left out: that quotation is what travelled (the letter telling that
    Ken "did not expect the Jewish community to vote Labour")."""
    size = Counter(sets.find(q.id) for q in chain(quotes, sentences))
    inner: dict[str, list[Quote]] = defaultdict(list)  # group -> its quotations nested in another
    for q in quotes:
        if q.parent is not None:
            inner[sets.find(q.id)].append(q)
    linked: dict[str, list[Quote]] = defaultdict(list)
    for sentence in sentences:
        group = sets.find(sentence.id)
        holds_nested = any(q.doc == sentence.doc and sentence.start <= q.start and q.end <= sentence.end for q in inner[group])
        if size[group] > 1 and not holds_nested:
            linked[sentence.parent or ""].append(sentence)
    alone = []
    for parent, parts in linked.items():
        ways = {sets.find(p.id) for p in parts} | ({sets.find(parent)} if size[sets.find(parent)] > 1 else set())
        if len(ways) > 1:
            alone.extend(parts)
        else:
            sets.union(parent, parts[0].id)
    return alone


def groups_new_quotes_meet(
    quotes: list[Quote], quote_words: dict[str, list[str]], vectors: np.ndarray, known_groups: dict[str, str], weights: dict[str, float]
) -> set[str]:
    """The groups of an earlier run that hold a quote alike to a new one."""
    if not known_groups:  # a first run: nothing to reopen, and no copy of the vectors made
        return set()
    long = [i for i, q in enumerate(quotes) if len(quote_words[q.id]) >= MIN_WORDS]  # short quotes join only as verbatim repeats
    quotes = [quotes[i] for i in long]
    new = [q.id not in known_groups for q in quotes]
    if not any(new):
        return set()
    vectors = vectors[long]
    tokens = [quote_words[q.id] for q in quotes]
    word_sets = [set(t) - STOP_WORDS for t in tokens]
    met = set()
    for i, j in candidate_pairs(tokens, word_sets, vectors, new):
        old = j if new[i] else i
        if not new[old] and quotes[i].doc != quotes[j].doc and pair_likeness(quotes[i], quotes[j], word_sets[i], word_sets[j], vectors[i], vectors[j], weights) >= 0:
            met.add(known_groups[quotes[old].id])
    return met


def speakers_of(a: Quote, b: Quote) -> str:
    """Whether two quotes are credited to one entity ("same"), to two people or bodies that would
    not be quoting each other ("different"), or neither can be said ("unknown"): a speaker not
    found, or a document, which carries other people's words (a letter reporting what Ken said,
    a memo what the president told its author)."""
    return speaker_relation(a.speaker_entity, a.speaker_name, b.speaker_entity, b.speaker_name)


@functools.lru_cache(maxsize=65536)  # asked for every pair of quotes compared: few speakers, many pairs
def speaker_relation(entity_a: str | None, name_a: str | None, entity_b: str | None, name_b: str | None) -> str:
    """``speakers_of`` on the speakers' entities and names (``different_sources`` tells a document apart)."""
    if entity_a is not None and entity_a == entity_b:
        return "same"
    return "different" if different_sources(entity_a, name_a, entity_b, name_b) else "unknown"


def likeness(
    words_a: set[str], words_b: set[str], vector_a: np.ndarray, vector_b: np.ndarray, speakers: str, weights: dict[str, float] | None = None
) -> float:
    """How far past the nearer of its two thresholds a pair of quotes is: at least 0 when alike.

    Words are content words. Containment counts only over MIN_SHARED_WORDS content words or more (one fewer when both
    quotes are credited to one entity): two short phrases of one story ("staying in the Iran
    deal", "The Iran deal is a disaster,") share its topic words and nothing else. On the NewsWCL50
    dev events this took pairwise precision from .37 to .48 (up in each event) at recall .27 ->
    .24; the seeds keep theirs, with Livingstone's "all Jews vote Conservative" joining his
    rich_vote claim through its speaker.

    Quotes credited to two different speakers (``speakers_of``) must be alike by OTHER_SPEAKER_BAR
    more: one story's people say alike things about its topic ("the lawsuit had a political
    purpose", Perez; "disruptive, politically motivated lawsuit", the Trump campaign), while one
    statement credited to two people is rare. On the NewsWCL50 dev events pairwise precision went
    from .483 to .518 at the same recall (.244; events 3 and 4 up, event 1 .604 -> .585) and
    attribution drift precision from .083 of 12 to .250 of 4; the seeds keep 1.0 / .667 and lose
    a trail of two quotes no gold family holds (Ken's meeting with "Jewish Labour supporters",
    Miliband's "hard to sway even Jewish Labour supporters").

    Unless one entity is credited with both, the words count by their ``weights`` (``rarity``):
    two people's quotes that share a story's topic words ("his country's nuclear weapons", Kim;
    "which country's nuclear weapons were more powerful", Trump) are two statements, while one
    person restating a claim uses its topic words again (Livingstone's "all Jews vote
    Conservative" and "the Jews were rich, they could not be expected to vote for the left").
    On the NewsWCL50 dev events, over five draws of the hyperplanes, pairwise precision went from
    .739 to .777 and recall from .358 to .375 (event 3 .792 / .329 -> .906 / .371, events 1 and 4
    unchanged); the seeds keep 1.0 / .667. Weighting one speaker's quotes too took event 4 to .780
    precision but cost the seeds that Livingstone pair."""
    needed = MIN_SHARED_WORDS - 1 if speakers == "same" else MIN_SHARED_WORDS
    bar = OTHER_SPEAKER_BAR if speakers == "different" else 0.0
    share = containment(words_a, words_b, None if speakers == "same" else weights)
    lexical = share - CONTAINMENT - bar if len(words_a & words_b) >= needed else -1.0
    return max(lexical, float(vector_a @ vector_b) - COSINE - bar)


def pair_likeness(
    a: Quote, b: Quote, words_a: set[str], words_b: set[str], vector_a: np.ndarray, vector_b: np.ndarray, weights: dict[str, float]
) -> float:
    """``likeness`` of two quotes. A pair with too few content words in common and too far apart
    in meaning is unlike whoever the speakers are, and is told so before they are looked up: most
    candidate pairs are such (random hyperplanes propose neighbours by a few bits)."""
    if float(vector_a @ vector_b) < COSINE and len(words_a & words_b) < MIN_SHARED_WORDS - 1:
        return -1.0
    return likeness(words_a, words_b, vector_a, vector_b, speakers_of(a, b), weights)


def join_verbatim_repeats(quotes: list[Quote], quote_words: dict[str, list[str]], known_groups: dict[str, str], sets: UnionFind) -> list[int]:
    """A verbatim repeat in another article joins the first wording's trail at once (its
    containment is 1); only the first goes on to the candidate indexes, which then grow with the
    distinct wordings of the corpus, not with how often outlets repeat them word for word.
    Returns the indexes of the quotes that go on."""
    first_with: dict[tuple[str, ...], Quote] = {}
    distinct = []
    for index, q in enumerate(quotes):
        original = first_with.setdefault(tuple(quote_words[q.id]), q)
        if original is not q and original.doc != q.doc:
            if q.id not in known_groups or original.id not in known_groups:
                sets.union(original.id, q.id)
        else:
            distinct.append(index)
    return distinct


def join_restatements(quotes: list[Quote], quote_words: dict[str, list[str]], content: dict[str, set[str]], known_groups: dict[str, str], sets: UnionFind) -> None:
    """A quote that repeats a run of another quote of its own article, word for word, elsewhere in
    it is one statement with it: a headline or a pull quote restating the body's quotation
    (Breitbart's "They Restart it, They're Going to Have Big Problems" over the quotation "They
    restart it, they're going to have big problems, bigger than they've ever had before"). Joined
    before the families are formed, the headline meets the other outlets' wordings through the
    whole quotation, not only through the one outlet whose words it shares. Quotes that overlap in
    the text (a quotation nested in another) are not restatements; a run needs MIN_WORDS words,
    MIN_SHARED_WORDS of them content words, and one wording of the article to hold it."""
    by_doc: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes:
        if len(quote_words[q.id]) >= MIN_WORDS:
            by_doc[q.doc].append(q)
    for doc_quotes in by_doc.values():
        for part in doc_quotes:
            run = quote_words[part.id]
            if len(content[part.id]) < MIN_SHARED_WORDS:
                continue
            wholes = [
                whole
                for whole in doc_quotes
                if whole is not part
                and not (part.start < whole.end and whole.start < part.end)
                and runs_within([run], quote_words[whole.id])
            ]
            if len({tuple(quote_words[whole.id]) for whole in wholes}) != 1:
                continue  # a run that several wordings hold is a phrase of the story ("Star Wars: The Force Awakens"), not one quote restated
            for whole in wholes:
                if part.id not in known_groups or whole.id not in known_groups:
                    sets.union(whole.id, part.id)


def link_alike(
    distinct: list[Quote],
    quote_words: dict[str, list[str]],
    vectors: np.ndarray,
    new: list[bool],
    sets: UnionFind,
    sentences: list[Quote],
    weights: dict[str, float],
) -> None:
    """Join the distinct wordings that state the same thing into families, comparing only
    candidate pairs with a new quote.

    Families, not chains: two groups join only when most pairs across them (in different
    articles) are alike, not through one pair of neighbours, so links cannot walk from a
    statement to its topic (on the NewsWCL50 dev events, chaining made one 47-member "trail"
    of a story and 8 % of its links right). The most alike pairs join first.

    The ``sentences`` of the distinct wordings (``sentences_of``) have no vectors: they are
    candidates by their words, and a sentence stands for its quotation in a pair where it alone
    matches the other quote better than the whole does, by words."""
    count = len(distinct)
    distinct = distinct + sentences
    vectors = np.vstack([vectors, np.zeros((len(sentences), vectors.shape[1]), dtype=vectors.dtype)]) if sentences else vectors
    tokens = [quote_words[q.id] for q in distinct]
    word_sets = [set(t) - STOP_WORDS for t in tokens]
    nested: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(distinct):
        if q.parent is not None:
            nested[q.parent].append(i)

    def likeness_of(i: int, j: int) -> float:
        if tokens[i] == tokens[j]:
            return 1 - CONTAINMENT  # word for word: a sentence repeated alone, however few its content words
        return pair_likeness(distinct[i], distinct[j], word_sets[i], word_sets[j], vectors[i], vectors[j], weights)

    def alike(i: int, j: int) -> bool:
        return likeness_of(i, j) >= 0

    def overlap(i: int, j: int) -> float:
        """Dice over the content words: how much of each the other holds."""
        return 2 * len(word_sets[i] & word_sets[j]) / (len(word_sets[i]) + len(word_sets[j]) or 1)

    def most_specific(i: int, j: int) -> int:
        """The innermost part of quote i that matches quote j better than the whole does: the
        letter's "Ken stated that <his claim>" meets another outlet's version of the claim through
        Ken's claim, and the letter's own words stay out of the claim's trail; a tweet of three
        sentences meets another outlet's quotation of its last through that sentence."""
        inner = nested[distinct[i].id]
        closer = [c for c in inner if c < count and alike(c, j) and vectors[c] @ vectors[j] > vectors[i] @ vectors[j]]
        if closer:
            return most_specific(max(closer, key=lambda c: vectors[c] @ vectors[j]), j)
        closer = [c for c in inner if c >= count and alike(c, j) and overlap(c, j) > overlap(i, j)]
        return max(closer, key=lambda c: (overlap(c, j), -c)) if closer else i

    pairs: dict[tuple[int, int], tuple[float, float]] = {}  # (likeness, cosine): many pairs contain each other wholly
    # a sentence is a candidate by its words (a sentence repeated alone shares few word pairs with a
    # long quotation), and by its quotation's vector
    index = {q.id: i for i, q in enumerate(distinct)}
    new = new + [new[index[q.parent or ""]] for q in sentences]
    candidates = (
        candidate_pairs(tokens, word_sets, vectors[:count], new) if any(new) else ()
    )
    for i, j in candidates:
        if distinct[i].doc == distinct[j].doc or (min(i, j), max(i, j)) in pairs or not alike(i, j):
            continue
        # each side's part is chosen against the other's: a part of one may match a part of the other best
        while (i, j) != (specific := (most_specific(i, j), most_specific(j, i))):
            i, j = specific
        if distinct[i].doc != distinct[j].doc:
            pairs[(min(i, j), max(i, j))] = (likeness_of(i, j), float(vectors[i] @ vectors[j]))
    members: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(distinct):
        members[sets.find(q.id)].append(i)
    for i, j in sorted(pairs, key=lambda pair: (-pairs[pair][0], -pairs[pair][1], pair)):
        a, b = sets.find(distinct[i].id), sets.find(distinct[j].id)
        if a == b:
            continue
        across = [(x, y) for x in members[a] for y in members[b] if distinct[x].doc != distinct[y].doc]
        if sum(alike(x, y) for x, y in across) < FAMILY_AGREEMENT * len(across):
            continue
        sets.union(distinct[i].id, distinct[j].id)
        members[sets.find(distinct[i].id)] = members.pop(a) + members.pop(b)


def trails_of(groups: dict[str, list[Quote]], published: dict[str, str | None], quote_words: dict[str, list[str]]) -> list[Trail]:
    """A trail for each group of quotes from two articles or more, its members in time order."""
    trails = []
    taken: set[str] = set()
    # larger trails first: of two that an earlier run held as one, the larger keeps the id
    for members in sorted(groups.values(), key=lambda ms: (-len(ms), min(m.id for m in ms))):
        if len({m.doc for m in members}) < 2:
            continue
        # Unknown dates sort last; ties by article and position keep the order stable.
        members.sort(key=lambda m: (published[m.doc] is None, published[m.doc] or "", m.doc, m.start))
        first = members[0]
        # a trail keeps the id it had (the one most of its members had, when trails joined)
        earlier = Counter(m.trail for m in members if m.trail is not None and m.trail not in taken)
        trail_id = min(earlier, key=lambda t: (-earlier[t], t)) if earlier else stable_id("trail", first.id)
        while trail_id in taken:
            trail_id = stable_id("trail", trail_id)
        taken.add(trail_id)
        trails.append(
            Trail(
                id=trail_id,
                label=" ".join(quote_words[first.id][:12]),
                first=first.doc,
                members=[
                    TrailMember(m.doc, quote_of_statement(m.id), m.start, m.end, m.text, m.speaker_name, published[m.doc], word_diff(first.text, m.text))
                    for m in members
                ],
                # drift is how a statement changed on its way to another article; a part of the
                # first quote that its own article quotes again (a nested quote) did not travel
                drift=[
                    d
                    for i, m in enumerate(members[1:], 1)
                    if m.doc != first.doc
                    for d in drift_of(nearest_earlier(members, i, quote_words), m, relayed_in(m, members))
                ],
            )
        )
    return trails
