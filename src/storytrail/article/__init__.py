"""Per-article stages: each takes one article's analysis and returns it enriched; each is a spaCy component too."""
