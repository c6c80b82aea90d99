"""storytrail: who said what, who reported it, how it changed on the way, and where each outlet stands."""

from storytrail.errors import InputError, ModelNotInstalled, StoreError, StorytrailError
from storytrail.ingest.readers import IngestOptions, iter_articles
from storytrail.model import Analysis, Article, Mention, Quote, Span
from storytrail.pipeline import analyze_articles, run
from storytrail.store import Store

__version__ = "0.1.0"
__all__ = [
    "Analysis",
    "Article",
    "IngestOptions",
    "InputError",
    "Mention",
    "ModelNotInstalled",
    "Quote",
    "Span",
    "Store",
    "StoreError",
    "StorytrailError",
    "analyze_articles",
    "iter_articles",
    "run",
]
