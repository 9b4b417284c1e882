"""One recommendation request: text search, structured rerank, explanations.

This is the function the database layer calls: it passes the asker's item as a
plain dict (with its stored vector) and an index built from plain dicts that carry
the structured fields (kind, topics, city, country, organisation_type,
published_at, feedback_up, feedback_down).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from . import explain, fusion, text, weights
from .index import MatchIndex


@dataclass
class Recommendation:
    id: str
    score: float
    text_score: float
    features: dict[str, float]
    explanation: explain.Explanation


def recommend(
    index: MatchIndex,
    source: Mapping,
    source_vector: np.ndarray,
    *,
    k: int = 10,
    exclude: Sequence[int] = (),
    allowed: np.ndarray | None = None,
    mode: str = "hybrid",
    now: datetime | None = None,
    embed_sentences: Callable[[list[str]], np.ndarray] | None = None,
) -> list[Recommendation]:
    """The best ``k`` items of ``index`` for ``source``, reranked and explained.

    Text candidates come from the hybrid search (RERANK_DEPTH of them); each gets
    structured features (fusion.structured_features) and the final score
    fusion.rerank_score; the top ``k`` are explained. ``allowed`` is the hard-filter
    mask (see MatchIndex.search); ``mode="bm25"`` when the source has no vector yet. ``embed_sentences`` enables
    cross-language best-sentence pairs (costs one model call per explanation).
    """
    query_text = text.item_text(source)
    hits = index.search(
        query_text,
        source_vector,
        k=max(k, weights.RERANK_DEPTH),
        exclude=exclude,
        allowed=allowed,
        mode=mode,
    )
    if not hits:
        return []
    # Put the text score on the 0..1 scale the feature weights assume, whatever
    # the fusion method.
    best, worst = hits[0].score, hits[-1].score
    spread = best - worst if best > worst else 1.0
    scored = []
    for hit in hits:
        target = index.items[hit.index]
        features = fusion.structured_features(source, target, now=now)
        text_score = (hit.score - worst) / spread
        scored.append((fusion.rerank_score(text_score, features), text_score, hit, features))
    scored.sort(key=lambda row: (-row[0], row[2].index))
    return [
        Recommendation(
            id=hit.id,
            score=score,
            text_score=text_score,
            features=features,
            explanation=explain.explain(
                source,
                index.items[hit.index],
                similarity=hit.dense,
                embed_sentences=embed_sentences,
                idf=index.lexical.term_idf,
            ),
        )
        for score, text_score, hit, features in scored[:k]
    ]
