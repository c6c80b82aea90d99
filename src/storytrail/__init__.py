"""storytrail: who said what, who reported it, how it changed on the way, and where each outlet stands."""

from .errors import InputError, ModelNotInstalled, StorytrailError, StoreError
from .ingest import IngestOptions, iter_articles
from .model import Analysis, Article, Mention, Quote, Span
from .pipeline import analyze_articles, run
from .store import Store

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
