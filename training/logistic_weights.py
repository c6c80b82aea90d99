"""What the scripts that train the shipped logistic regressions share (``train_quote_filter.py``,
``train_speaker_choice.py``): their weights written as the JSON that ``storytrail.article.logistic``
reads, after what the script records about them."""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression


def write_weights(path: Path, about: dict, vectorizer: DictVectorizer, model: LogisticRegression) -> None:
    """``about`` (how it was trained, its threshold, its scores), then the intercept and every
    weight of 1e-4 or more, by feature name."""
    coef = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if abs(w) >= 1e-4}
    weights = about | {"intercept": round(float(model.intercept_[0]), 4), "coef": dict(sorted(coef.items()))}
    path.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
