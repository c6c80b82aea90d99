from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
EXAMPLES = ROOT / "examples" / "seeds"


def need_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent: these checks need the project's ../shared data (CI has it; a user's clone does not)")


@pytest.fixture(scope="session")
def nlp():
    from storytrail.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def analyze_text(nlp):
    """Run the per-article stages on one text and return the analysis."""
    from storytrail.model import Article
    from storytrail.pipeline import analyze_articles

    def run(text: str, doc_id: str = "t"):
        return next(analyze_articles([Article(id=doc_id, text=text, source="test")]))

    return run
