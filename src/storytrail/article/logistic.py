"""The small logistic regressions the quote stages ship as JSON (the quote filter, the speaker
choice): named feature weights applied with the standard library, no scikit-learn at run time."""

from __future__ import annotations

import json
import math
from importlib import resources


class LogisticModel:
    def __init__(self, weights: dict) -> None:
        self.coef: dict[str, float] = weights["coef"]
        self.intercept: float = weights["intercept"]
        self.threshold: float = weights["threshold"]

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.coef.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-z))


def packaged_weights(name: str) -> dict:
    """A weights file of ``storytrail/data``."""
    return json.loads(resources.files("storytrail").joinpath(f"data/{name}").read_text(encoding="utf-8"))
