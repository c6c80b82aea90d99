"""Quote vectors stage: one MiniLM vector per quote, for the trails stage to match paraphrases.

Encoded per article, in the article's own batch: the int8 encoder quantises each batch with its
own scale, so a quote's vector depends on the batch it is encoded in. Per-article batches make
the vectors, and so the trails, the same however a run is split (one process, or partitions on
Dask workers), and they move the encoder's cost out of the corpus stage into the parallel part.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storytrail.model import VECTOR_DTYPE, Analysis

QUOTE_TOKENS = 64  # a quote's opening words carry its identity; the encoder's cost grows with length


def encode_quotes(texts: Sequence[str]) -> np.ndarray:
    from storytrail.article.embeddings import ARTICLE_BATCH, minilm

    return minilm().encode(texts, batch_size=ARTICLE_BATCH, max_tokens=QUOTE_TOKENS).astype(VECTOR_DTYPE)


def embed_quotes(analysis: Analysis) -> Analysis:
    """Sets ``analysis.quote_vectors``: quote id → vector."""
    quotes = analysis.quotes
    vectors = encode_quotes([q.text for q in quotes]) if quotes else []
    analysis.quote_vectors = {q.id: v for q, v in zip(quotes, vectors)}
    return analysis
