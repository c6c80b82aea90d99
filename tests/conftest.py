from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = ROOT / "examples" / "seeds"
# The quality gates' recorded figures, and how far below them a run may fall.
BASELINE = json.loads((ROOT / "tests" / "quality_baseline.json").read_text())
TOLERANCE = 0.005


def need_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent: these checks need the project's ../shared data (CI has it; a user's clone does not)")


@pytest.fixture(scope="session")
def nlp():
    from storytrail.article.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def analyze_text(nlp):
    """Run the per-article stages on one text and return the analysis."""
    from storytrail.model import Article
    from storytrail.pipeline import analyze_articles

    def run(text: str, doc_id: str = "t"):
        return next(analyze_articles([Article(id=doc_id, text=text, source="test")]))

    return run


HOSTILE = ROOT / "tests" / "data" / "hostile"


@pytest.fixture(scope="session")
def story_db(tmp_path_factory) -> Path:
    """The example corpus with its metadata, plus one hostile article whose text and metadata
    carry markup, a javascript: URL and SQL: the store the report and explorer tests look at."""
    from storytrail.ingest.readers import IngestOptions, load_metadata
    from storytrail.pipeline import run
    from storytrail.store import Store

    path = tmp_path_factory.mktemp("story") / "story.db"
    with Store(path) as store:
        run([str(EXAMPLES)], store, options=IngestOptions(metadata=load_metadata(ROOT / "examples" / "seeds-metadata.csv")))
        run([str(HOSTILE / "evil.txt")], store, options=IngestOptions(metadata=load_metadata(HOSTILE / "metadata.csv")))
    return path
