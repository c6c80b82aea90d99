"""Coreference metrics as the CoNLL-2012 reference scorer defines them: MUC, B³, CEAF-e, LEA.

Clusters are sets of mention ids; key and response may hold different mentions.
"""

from __future__ import annotations

from collections.abc import Iterable

Cluster = frozenset


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def index(clusters: Iterable[Cluster]) -> dict:
    return {m: c for c in clusters for m in c}


def muc(key: list[Cluster], response: list[Cluster]) -> tuple[float, float, float]:
    def score(a: list[Cluster], b: list[Cluster]) -> float:
        where = index(b)
        num = den = 0
        for cluster in a:
            parts = {id(where[m]) if m in where else ("alone", m) for m in cluster}
            num += len(cluster) - len(parts)
            den += len(cluster) - 1
        return num / den if den else 0.0

    r, p = score(key, response), score(response, key)
    return p, r, f1(p, r)


def b_cubed(key: list[Cluster], response: list[Cluster]) -> tuple[float, float, float]:
    def score(a: list[Cluster], b: list[Cluster]) -> float:
        where = index(b)
        total = sum(len(c) for c in a)
        num = sum(len(cluster & where[m]) / len(cluster) for cluster in a for m in cluster if m in where)
        return num / total if total else 0.0

    r, p = score(key, response), score(response, key)
    return p, r, f1(p, r)


def ceaf_e(key: list[Cluster], response: list[Cluster]) -> tuple[float, float, float]:
    from scipy.optimize import linear_sum_assignment

    if not key or not response:
        return 0.0, 0.0, 0.0
    import numpy as np

    similarity = np.zeros((len(key), len(response)))
    where = index(response)
    position = {id(c): j for j, c in enumerate(response)}
    for i, k in enumerate(key):
        for m in k:
            if m in where:
                j = position[id(where[m])]
                if similarity[i, j] == 0:
                    r = response[j]
                    similarity[i, j] = 2 * len(k & r) / (len(k) + len(r))
    rows, cols = linear_sum_assignment(-similarity)
    total = similarity[rows, cols].sum()
    p, r = total / len(response), total / len(key)
    return p, r, f1(p, r)


def lea(key: list[Cluster], response: list[Cluster]) -> tuple[float, float, float]:
    """Link-based entity-aware metric (Moosavi & Strube 2016); a singleton has one self-link."""

    def links(n: int) -> int:
        return n * (n - 1) // 2

    def score(a: list[Cluster], b: list[Cluster]) -> float:
        where = index(b)
        num = den = 0.0
        for cluster in a:
            if len(cluster) == 1:
                (m,) = cluster
                resolved = 1.0 if m in where and len(where[m]) == 1 else 0.0
            else:
                overlaps: dict[int, int] = {}
                for m in cluster:
                    if m in where:
                        overlaps[id(where[m])] = overlaps.get(id(where[m]), 0) + 1
                resolved = sum(links(n) for n in overlaps.values()) / links(len(cluster))
            num += len(cluster) * resolved
            den += len(cluster)
        return num / den if den else 0.0

    r, p = score(key, response), score(response, key)
    return p, r, f1(p, r)


def conll(key: list[Cluster], response: list[Cluster]) -> dict[str, float]:
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response), "lea": lea(key, response)}
    out = {f"{name}_f1": round(values[2], 4) for name, values in scores.items()}
    out["conll_f1"] = round((scores["muc"][2] + scores["b3"][2] + scores["ceafe"][2]) / 3, 4)
    return out
