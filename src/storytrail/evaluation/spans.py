"""Quote content, source and cue spans against PolNeAR's sentence-level BIO gold, the instances
behind the published CofeNet figures (``../shared/data/polnear-cofenet-sentences/valid.txt``, which
is PolNeAR dev): per role, precision, recall and F1 of exact matches, a span counting only when
its first and last token are the gold's.

storytrail runs on the whole articles (``--brat``: the PolNeAR compartment with their texts), as it
always does, and its spans are laid over each gold sentence's tokens by their character offsets; a
span that runs over several sentences is cut at their boundaries, as the gold's are. Each gold
sentence comes with the id of one annotator's file, and the articles two annotators or more read
count once per annotator, as in the published figures.

PolNeAR draws its spans wider than storytrail exports them, and the scores read storytrail's spans
the way PolNeAR draws them (``quote_spans``): a direct quotation with its quotation marks, an
indirect one with the "that" that opens it, a speaker as the whole subject ("Scott Pruitt, the
Republican attorney general of Oklahoma,"), a cue with its auxiliaries and preposition ("has called
for"). The report gives the scores of the spans as exported beside them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storytrail.evaluation.quotes import Scores, first_annotations
from storytrail.model import Analysis, Article

ROLES = ("content", "source", "cue")
# CoreNLP's escapes of brackets and quotation marks, and what each stands for in the text
TOKEN_FORMS = {
    "-LRB-": ("(",), "-RRB-": (")",), "-LSB-": ("[",), "-RSB-": ("]",), "-LCB-": ("{",), "-RCB-": ("}",),
    "``": ('"', "“", "``", "''", "‘‘"), "''": ('"', "”", "''", "’’", "“"), "`": ("'", "‘", "`"), "'": ("'", "’"),
}
OPENING_MARKS = ('"', "“", "``", "''", "‘", "'")
CLOSING_MARKS = ('"', "”", "''", "’", "'")
SEARCH_REACH = 40  # characters a token may lie past the last one's end (markup the tokenizer dropped)
ANCHOR_TOKENS = 3  # the first tokens of a sentence that together place it in the text
# a preposition after a cue that says where or when it was said, not what: "said in", "said on"
PLACE_AND_TIME_PREPOSITIONS = frozenset("in at on during".split())


@dataclass(slots=True)
class Sentence:
    annotation: str  # the annotator's file it comes from (the article's stem, "_", the annotator)
    article: str  # the PolNeAR article (its text file's stem)
    tokens: list[str]
    gold: set[tuple[str, int, int]]  # (role, first token, last token)
    offsets: list[tuple[int, int] | None]  # each token's characters in the article, where found


def read_sentences(path: Path) -> list[Sentence]:
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            sentences.append(Sentence(row["id"], row["id"].rsplit("_", 1)[0], row["tokens"], bio_spans(row["labels"]), []))
    return sentences


def bio_spans(labels: list[str]) -> set[tuple[str, int, int]]:
    """(role, first, last) of every span of BIO labels; an I- after another role's tag opens a span."""
    spans, open_role, first = set(), None, 0
    for i, label in enumerate([*labels, "O"]):
        role = label[2:] if label != "O" else None
        if open_role is not None and (label.startswith("B-") or role != open_role):
            spans.add((open_role, first, i - 1))
            open_role = None
        if role is not None and open_role is None:
            open_role, first = role, i
    return spans


def align(sentences: list[Sentence], text: str) -> None:
    """Each token's characters in the article. The sentences of one annotator's file follow the text
    in order, with gaps (sentences the gold leaves out): each sentence starts where its first words
    are next found, and each token is looked for from the previous one's end."""
    at = 0
    for sentence in sentences:
        at = sentence_start(sentence.tokens, text, at)
        sentence.offsets = []
        for token in sentence.tokens:
            found = find_token(text, token, at)
            sentence.offsets.append(found)
            if found is not None:
                at = found[1]


def sentence_start(tokens: list[str], text: str, at: int) -> int:
    """Where a sentence's first ANCHOR_TOKENS tokens next stand in the text one after another, from
    ``at`` (or from the start, for a sentence the file gives out of order); ``at`` if nowhere."""
    anchor = tokens[:ANCHOR_TOKENS]
    for origin in (at, 0):
        for form in forms_of(anchor[0]):
            start = text.find(form, origin)
            while start >= 0:
                end = start + len(form)
                for token in anchor[1:]:
                    found = find_token(text, token, end)
                    if found is None:
                        break
                    end = found[1]
                else:
                    return start
                start = text.find(form, start + 1)
    return at


def find_token(text: str, token: str, at: int) -> tuple[int, int] | None:
    best = None
    for form in forms_of(token):
        start = text.find(form, at, at + SEARCH_REACH + len(form))
        if start >= 0 and (best is None or start < best[0]):
            best = (start, start + len(form))
    return best


def forms_of(token: str) -> tuple[str, ...]:
    """How a token may stand in the text: CoreNLP's escapes, and the typographic apostrophes,
    dashes and ellipses it writes plainly ("n't" for "n’t", "--" for "—")."""
    if token in TOKEN_FORMS:
        return TOKEN_FORMS[token]
    if token == "--":
        return ("--", "—", "–", "―", "-")
    if token == "...":
        return ("...", "…", ". . .")
    if "'" in token:
        return (token, token.replace("'", "’"))
    return (token,)


def token_span(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The first and last token of a sentence that the characters start:end cover, or None."""
    inside = [i for i, found in enumerate(sentence.offsets) if found is not None and found[0] < end and start < found[1]]
    return (inside[0], inside[-1]) if inside else None


def quote_spans(analysis: Analysis, as_annotated: bool) -> Iterator[tuple[str, int, int]]:
    """(role, start, end) of every top-level quote's content fragments, cue and speaker, as exported
    or, ``as_annotated``, drawn as PolNeAR draws them (the module's docstring)."""
    text, doc = analysis.article.text, analysis.parsed
    for quote in analysis.quotes:
        if quote.parent is not None:
            continue  # PolNeAR's attributions do not nest
        for start, end in quote.spans:
            yield ("content", *(with_marks_or_that(text, start, end) if as_annotated else (start, end)))
        if quote.cue is not None:
            cue = (quote.cue.start, quote.cue.end)
            yield ("cue", *(cue_as_annotated(doc, *cue) if as_annotated else cue))
        if quote.speaker is not None:
            speaker = (quote.speaker.start, quote.speaker.end)
            yield ("source", *(source_as_annotated(doc, *speaker) if as_annotated else speaker))


def with_marks_or_that(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation's content with the marks around it, or a reported clause with its "that"."""
    before = text[:start].rstrip()
    after = text[end:]
    opening = next((m for m in OPENING_MARKS if before.endswith(m)), None)
    if opening is not None:
        closing = next((m for m in CLOSING_MARKS if after.lstrip(" ,.").startswith(m)), None)
        if closing is not None:
            return len(before) - len(opening), end + after.index(closing) + len(closing)
    if before.lower().endswith(" that"):
        return len(before) - 4, end
    return start, end


def source_as_annotated(doc, start: int, end: int) -> tuple[int, int]:  # noqa: ANN001 - a spaCy Doc
    """A speaker as PolNeAR draws a source: the whole subject, with what the parser hangs on its
    head ("Twenty-seven states led by coal-producer West Virginia and industry groups", "Obama and
    Clinton") and, after an apposition or a relative clause, the comma that closes it ("Scott
    Pruitt, the Republican attorney general of Oklahoma,"); a speaker that is not a subject, with
    its apposition."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    head = span.root
    if head.dep_ in ("nsubj", "nsubjpass"):
        first, last = head.left_edge.i, head.right_edge.i
        while last > head.i and doc[last].is_punct and doc[last].text != ")":
            last -= 1
    else:
        appositions = [child for child in head.rights if child.dep_ == "appos"]
        if not appositions:
            return start, end
        first, last = span.start, max(a.right_edge.i for a in appositions)
    if last + 1 < len(doc) and doc[last + 1].text == "," and any(child.dep_ in ("appos", "relcl", "acl") for child in head.rights):
        last += 1
    return min(start, doc[first].idx), max(end, doc[last].idx + len(doc[last].text))


def cue_as_annotated(doc, start: int, end: int) -> tuple[int, int]:  # noqa: ANN001 - a spaCy Doc
    """A cue as PolNeAR draws it: with its auxiliaries, negation and adverbs before it ("has
    further asserted"), its particle and the preposition that introduces what was said after it
    ("called for", "railed against"; not where or when: "said in", "said on"), and a colon ("said:")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    cue, first, last = span.root, span.start, span.end - 1

    def hangs_on_cue(i: int, dependencies: tuple[str, ...]) -> bool:
        return 0 <= i < len(doc) and doc[i].head.i == cue.i and doc[i].dep_ in dependencies

    while hangs_on_cue(first - 1, ("aux", "auxpass", "neg", "advmod")):
        first -= 1
    while hangs_on_cue(last + 1, ("prt",)):
        last += 1
    if hangs_on_cue(last + 1, ("prep",)) and doc[last + 1].lower_ not in PLACE_AND_TIME_PREPOSITIONS:
        last += 1
    if last + 1 < len(doc) and doc[last + 1].text == ":":
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def score_spans(sentences: Iterable[Sentence], predicted: dict[str, list[tuple[str, int, int]]]) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 per role, over every sentence's gold and predicted spans."""
    scores = {role: Scores() for role in ROLES}
    for sentence in sentences:
        found = {(role, *span) for role, start, end in predicted.get(sentence.article, []) if (span := token_span(sentence, start, end))}
        for role, score in scores.items():
            g = {s for s in sentence.gold if s[0] == role}
            p = {s for s in found if s[0] == role}
            score.tp += len(g & p)
            score.pred += len(p)
            score.gold += len(g)
    return {role: score.as_dict() for role, score in scores.items()}


def evaluate_sentence_spans(path: Path, brat: Path, model: str | None = None) -> dict:
    from storytrail.article.mentions import resolve_mentions
    from storytrail.article.nlp import DEFAULT_MODEL
    from storytrail.article.quotes import find_quotes
    from storytrail.pipeline import analyze_articles

    sentences = read_sentences(path)
    texts = {text_file.stem: text_file.read_text(encoding="utf-8") for text_file, _ in first_annotations(brat)}
    missing = sorted({s.article for s in sentences} - set(texts))
    if missing:
        raise FileNotFoundError(f"{brat}: no text for {len(missing)} of the sentences' articles ({missing[0]}, …); pass the PolNeAR dev compartment")
    by_file: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in sentences:
        by_file[sentence.annotation].append(sentence)
    for run in by_file.values():
        align(run, texts[run[0].article])
    articles = [Article(id=stem, text=texts[stem], source=stem) for stem in sorted({s.article for s in sentences})]
    annotated: dict[str, list[tuple[str, int, int]]] = {}
    exported: dict[str, list[tuple[str, int, int]]] = {}
    for analysis in analyze_articles(articles, model=model or DEFAULT_MODEL, stages=(find_quotes, resolve_mentions)):
        annotated[analysis.article.id] = list(quote_spans(analysis, as_annotated=True))
        exported[analysis.article.id] = list(quote_spans(analysis, as_annotated=False))
    tokens = sum(len(s.tokens) for s in sentences)
    aligned = sum(1 for s in sentences for found in s.offsets if found is not None)
    return {
        "as_annotated": score_spans(sentences, annotated),
        "as_exported": score_spans(sentences, exported),
        "sentences": len(sentences),
        "tokens_aligned": round(aligned / tokens, 4) if tokens else 0.0,
    }


def format_span_report(result: dict) -> str:
    lines = [f"{'role':8} {'P':>6} {'R':>6} {'F1':>6}  gold/pred   exported as is: F1    (exact match, sentence level; spans as PolNeAR draws them)"]
    for role in ROLES:
        r, exported = result["as_annotated"][role], result["as_exported"][role]
        lines.append(f"{role:8} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}  {r['gold']}/{r['pred']:<6}  {exported['f1']:6.3f}")
    lines.append(f"{result['sentences']} sentences, {result['tokens_aligned']:.1%} of their tokens found in the articles")
    return "\n".join(lines)
