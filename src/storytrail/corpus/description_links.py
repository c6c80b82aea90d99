"""Descriptions across documents: a learned join of a group of descriptions ("the emcee", "the
host") to the entity they describe, where descriptions are resolved across the documents of one
event (ECB+, ``storytrail eval entities --ecbplus``). The pipeline resolves a description within
its article (``article.descriptions``), where the article's own words make it clear.

After the sieves (``resolution.resolve``), a cluster of descriptions and pronouns only joins the
one other cluster of its block the model finds most likely to be the same thing, when that
likelihood clears the learned threshold; name clusters never join each other here. The model is a
logistic regression over features of the two clusters (``pair_features``): how alike their
mentions are in context (each mention's own token states in its sentence, from the quote encoder)
and alone (the mention's words), how much of the block and of the description's documents the
other cluster holds, whether the description's head word stands before one of its mentions
("host Ellen DeGeneres"), whether they share sentences (two mentions in one sentence are mostly
two things), number, and how the candidate's context likeness compares with the best candidate's.
Trained on ECB+ train (``training/description_links.py``, which records its cross-validation).
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storytrail.article.logistic import LogisticModel, packaged_weights
from storytrail.corpus.resolution import PLURAL_PRONOUNS, Candidate, UnionFind
from storytrail.names import fold

NO_SHARED_DOCUMENT = 10  # sentences: the distance of two clusters that no document holds both of
ROLE_REACH = 3  # words before a mention where a role that describes it stands ("Oscar host Ellen DeGeneres")


@dataclass(frozen=True, slots=True)
class MentionContext:
    """What the learned join knows of a mention beyond its words."""

    context: np.ndarray  # the mention's own token states in its sentence, mean-pooled and normalised
    alone: np.ndarray  # the mention's words encoded alone, normalised
    sentence: int  # its sentence's number in its document
    before: tuple[str, ...]  # the folded words just before it in its sentence (ROLE_REACH of them)


@functools.lru_cache(maxsize=1)
def link_model() -> LogisticModel:
    return LogisticModel(packaged_weights("description_links.json"))


def unit(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def is_plural(c: Candidate) -> bool:
    head = c.head or ""
    return c.pronoun in PLURAL_PRONOUNS or (not c.is_name and head.endswith("s") and not head.endswith("ss"))


@dataclass(slots=True)
class Group:
    """A cluster of the sieves, as the join compares it."""

    members: list[Candidate]
    context: np.ndarray
    alone: np.ndarray
    sentences: set[tuple[str, int]]
    documents: Counter  # document -> its mentions in the cluster

    @classmethod
    def of(cls, members: list[Candidate], contexts: dict[str, MentionContext]) -> Group:
        return cls(
            members,
            unit(np.stack([contexts[m.id].context for m in members])),
            unit(np.stack([contexts[m.id].alone for m in members])),
            {(m.doc, contexts[m.id].sentence) for m in members},
            Counter(m.doc for m in members),
        )

    @property
    def has_name(self) -> bool:
        return any(m.is_name for m in self.members)


def pair_features(
    description: Group, other: Group, contexts: dict[str, MentionContext], block_size: int, mentions_in: Counter
) -> dict[str, float]:
    """Features of a description cluster and another cluster of its block (``mentions_in``: every
    document's count of mentions)."""
    heads = {m.head for m in description.members if m.head}
    role = any(heads & set(contexts[m.id].before) or heads & set(fold(m.text).split()[:-1]) for m in other.members)
    distances = [abs(a - b) for da, a in description.sentences for db, b in other.sentences if da == db]
    in_documents = sum(other.documents[d] for d in description.documents) / max(1, sum(mentions_in[d] for d in description.documents))
    return {
        "context": float(description.context @ other.context),
        "alone": float(description.alone @ other.alone),
        "log_size": math.log(len(other.members)),
        "block_share": len(other.members) / block_size,
        "shared_sentences": len(description.sentences & other.sentences) / len(description.sentences),
        "role": float(role),
        "number_differs": float(any(map(is_plural, description.members)) != any(map(is_plural, other.members))),
        "pronouns_only": float(all(m.pronoun is not None for m in description.members)),
        "nearest": min(min(distances, default=NO_SHARED_DOCUMENT), NO_SHARED_DOCUMENT) / NO_SHARED_DOCUMENT,
        "in_documents": in_documents,
    }


def candidate_features(
    candidates: Sequence[Candidate], contexts: dict[str, MentionContext], assignment: dict[str, str]
) -> list[tuple[str, str, dict[str, float]]]:
    """(description cluster, other cluster, features) for every description cluster and every
    other cluster of its block; the features compared with the description's best candidate
    ("context_behind", "in_documents_behind") are added here."""
    clusters: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        clusters[assignment[c.id]].append(c)
    groups = {cluster: Group.of(members, contexts) for cluster, members in clusters.items()}
    in_block: dict[str, list[str]] = defaultdict(list)
    for cluster, members in clusters.items():
        in_block[members[0].block].append(cluster)
    mentions_in = Counter(c.doc for c in candidates)
    rows = []
    for block in in_block.values():
        size = sum(len(clusters[c]) for c in block)
        for description in block:
            if groups[description].has_name:
                continue
            pairs = [(other, pair_features(groups[description], groups[other], contexts, size, mentions_in)) for other in block if other != description]
            best_context = max((f["context"] for _, f in pairs), default=0.0)
            best_share = max((f["in_documents"] for _, f in pairs), default=0.0)
            for other, features in pairs:
                features["context_behind"] = features["context"] - best_context
                features["in_documents_behind"] = features["in_documents"] - best_share
                rows.append((description, other, features))
    return rows


def link_descriptions(
    candidates: Sequence[Candidate], contexts: dict[str, MentionContext], assignment: dict[str, str], model: LogisticModel | None = None
) -> dict[str, str]:
    """The sieves' ``assignment`` (mention -> cluster) with each description cluster joined to
    the cluster most likely the same, where that clears the model's threshold."""
    model = model or link_model()
    best: dict[str, tuple[float, str]] = {}
    for description, other, features in candidate_features(candidates, contexts, assignment):
        p = model.probability(features)
        if p >= model.threshold and p > best.get(description, (0.0, ""))[0]:
            best[description] = (p, other)
    sets = UnionFind()
    for description, (_, other) in sorted(best.items()):
        sets.union(description, other)  # two description clusters may each choose the other
    return {mention: sets.find(cluster) for mention, cluster in assignment.items()}
