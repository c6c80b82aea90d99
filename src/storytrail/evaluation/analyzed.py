"""Run the whole pipeline (corpus stages included) over a folder into a throw-away store."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from storytrail.article.nlp import DEFAULT_MODEL
from storytrail.pipeline import run
from storytrail.store import Store


@contextlib.contextmanager
def analyzed_store(folder: Path, model: str | None = None) -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as scratch, Store(Path(scratch) / "eval.db") as store:
        run([str(folder)], store, model=model or DEFAULT_MODEL)
        yield store
