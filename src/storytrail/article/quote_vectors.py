"""Quote vectors stage: one MiniLM vector per statement of a quote (each part of a split
quotation), for the trails stage to match paraphrases.

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
    from storytrail.article.embeddings import ARTICLE_BATCH, quote_encoder

    return quote_encoder().encode(texts, batch_size=ARTICLE_BATCH, max_tokens=QUOTE_TOKENS).astype(VECTOR_DTYPE)


def embed_quotes(analysis: Analysis) -> Analysis:
    """Sets ``analysis.quote_vectors``: statement id → vector, for each statement the trails stage
    follows and matches by meaning (``followed_statements``, ``matched_by_meaning``): a reported
    act or a phrase of a few words would cost an encoding that no trail uses."""
    from storytrail.corpus.trails import followed_statements, matched_by_meaning

    statements = [s for s in followed_statements(analysis.quotes) if matched_by_meaning(s)]
    vectors = encode_quotes([s.text for s in statements]) if statements else []
    analysis.quote_vectors = {s.id: v for s, v in zip(statements, vectors)}
    return analysis
