"""Run the whole pipeline (corpus stages included) over a folder into a throw-away store."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from storytrail.article.nlp import DEFAULT_MODEL
from storytrail.article.registry import ARTICLE_STAGES, StageFunction
from storytrail.ingest.readers import IngestOptions
from storytrail.pipeline import run
from storytrail.store import Store


@contextlib.contextmanager
def analyzed_store(
    folder: Path | list[Path], model: str | None = None, options: IngestOptions | None = None, stages: tuple[StageFunction, ...] = ARTICLE_STAGES
) -> Iterator[Store]:
    """A throw-away store holding the analysis of a folder (or of some files) and its corpus stages."""
    inputs = [str(p) for p in folder] if isinstance(folder, list) else [str(folder)]
    with tempfile.TemporaryDirectory() as scratch, Store(Path(scratch) / "eval.db") as store:
        run(inputs, store, model=model or DEFAULT_MODEL, options=options, stages=stages)
        yield store
