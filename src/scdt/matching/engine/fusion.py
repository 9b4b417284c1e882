"""Fusion of the dense and lexical rankings, and reranking with structured features.

Both are pure functions of numpy arrays and plain dicts, so the database layer can
feed them whatever it has. Every weight comes from weights.py.
"""

import math
from collections.abc import Mapping
from datetime import UTC, datetime

import numpy as np

from . import weights


def rrf(rankings: list[np.ndarray], *, k: float | None = None, size: int) -> np.ndarray:
    """Reciprocal-rank fusion: sum of 1 / (k + rank) over the rankings (rank from 1).

    ``rankings`` are arrays of item indices, best first; items absent from a ranking
    get nothing from it.
    """
    k = weights.RRF_K if k is None else k
    fused = np.zeros(size, dtype=np.float32)
    for ranking in rankings:
        fused[ranking] += 1.0 / (k + np.arange(1, len(ranking) + 1, dtype=np.float32))
    return fused


def normalised_sum(
    dense: np.ndarray,
    lexical: np.ndarray,
    candidates: np.ndarray,
    *,
    dense_weight: float | None = None,
) -> np.ndarray:
    """Weighted sum of per-query max-normalised scores, over ``candidates`` only.

    Dense cosines are shifted so the weakest candidate is 0 and the best 1 (e5
    cosines live in a narrow band, ~0.7-0.9, so raw values would drown BM25);
    BM25 is divided by its best score (0 stays "no shared term").
    """
    dense_weight = weights.DENSE_WEIGHT if dense_weight is None else dense_weight
    d = dense[candidates]
    low, high = float(d.min()), float(d.max())
    d = (d - low) / (high - low) if high > low else np.zeros_like(d)
    lex = lexical[candidates]
    top = float(lex.max())
    lex = lex / top if top > 0 else lex
    return dense_weight * d + (1.0 - dense_weight) * lex


# --- structured reranking -------------------------------------------------------

# Which organisation types complement each other (a city with a company that builds
# on its data, a university with a public body that has the problem, ...). Values
# in [0, 1]; symmetric; missing pairs are 0. Judgement, not tuned: no benchmark
# has organisation types (see weights.py).
ORGANISATION_TYPE_COMPLEMENTS = {
    frozenset({"public", "company"}): 1.0,
    frozenset({"public", "research"}): 1.0,
    frozenset({"company", "research"}): 0.8,
    frozenset({"public", "ngo"}): 0.6,
    frozenset({"company", "ngo"}): 0.4,
    frozenset({"research", "ngo"}): 0.4,
    frozenset({"public", "citizen"}): 0.5,
    frozenset({"company", "citizen"}): 0.3,
}


def _as_set(values) -> set[str]:
    return {str(value).casefold() for value in values or () if value}


def structured_features(
    source: Mapping, target: Mapping, *, now: datetime | None = None
) -> dict[str, float]:
    """Features in [0, 1] that say how well ``target`` suits ``source``, beyond text.

    Both are plain dicts with optional keys: ``kind`` ("offer"/"request"/"dataset"),
    ``topics`` (codes), ``city``, ``country``, ``organisation_type``,
    ``published_at`` (aware datetime; target only), ``feedback_up`` and
    ``feedback_down`` (counts of helpful / not helpful marks on the target).
    """
    now = now or datetime.now(UTC)
    features = {}

    kinds = {str(source.get("kind") or ""), str(target.get("kind") or "")}
    if kinds == {"offer", "request"}:
        features["kind"] = 1.0  # your request <-> their offer
    elif kinds == {"request", "dataset"}:
        features["kind"] = 1.0  # a data need <-> a dataset
    else:
        features["kind"] = 0.0

    mine, theirs = _as_set(source.get("topics")), _as_set(target.get("topics"))
    union = mine | theirs
    features["topics"] = len(mine & theirs) / len(union) if union else 0.0

    def same(field):
        a, b = source.get(field), target.get(field)
        return float(bool(a) and bool(b) and str(a).casefold() == str(b).casefold())

    features["city"] = same("city")
    features["country"] = same("country")

    types = frozenset(
        str(value).casefold()
        for value in (source.get("organisation_type"), target.get("organisation_type"))
        if value
    )
    features["organisation_type"] = ORGANISATION_TYPE_COMPLEMENTS.get(types, 0.0)

    published = target.get("published_at")
    if published is not None:
        age_days = max((now - published).total_seconds() / 86400.0, 0.0)
        features["freshness"] = 0.5 ** (age_days / weights.FRESHNESS_HALF_LIFE_DAYS)
    else:
        features["freshness"] = 0.0

    up = float(target.get("feedback_up") or 0)
    down = float(target.get("feedback_down") or 0)
    # Smoothed share of "helpful" marks, centred so no feedback is neutral (0.5).
    prior = weights.FEEDBACK_PRIOR
    features["feedback"] = (up + prior * 0.5) / (up + down + prior)
    return features


def rerank_score(text_score: float, features: Mapping[str, float]) -> float:
    """Final score: the fused text score plus weighted structured features.

    ``feedback`` is centred on 0.5 so an item nobody has judged is not penalised.
    """
    score = text_score
    for name, weight in weights.FEATURE_WEIGHTS.items():
        value = features.get(name, 0.0)
        if name == "feedback":
            value -= 0.5
        score += weight * value
    return score if math.isfinite(score) else text_score
