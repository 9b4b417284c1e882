"""An in-memory index of items holding both representations; answers top-k fast.

Dense: one (n, 384) float32 matrix; a query is a matrix-vector product and
``argpartition`` (55,000 items: a few ms). Lexical: the BM25 inverted index.
Hybrid: the union of both candidate lists, fused (fusion.py, weights.py).
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import fusion, text, weights
from .lexical import BM25Index, index_terms

MODES = ("hybrid", "dense", "bm25")


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first (ties: lower index first)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
    else:
        part = np.arange(len(scores))
    return part[np.lexsort((part, -scores[part]))]


def item_prior(items: Sequence[Mapping]) -> np.ndarray:
    """A query-independent prior in [0, 1] per item: how established it is.

    An item's own ``prior`` field wins (the DB layer may pass metadata quality or
    use counts); otherwise the number of other names it is known by (``tags`` of
    DOCS lines), log-scaled against the most-aliased item: well-known datasets
    collect aliases (on DataFinder dev, 8% of datasets have one but 59% of the
    relevant ones do).
    """
    explicit = [item.get("prior") for item in items]
    aliases = np.log1p(np.array([len(item.get("tags") or ()) for item in items], np.float32))
    top = float(aliases.max()) if len(aliases) else 0.0
    prior = aliases / top if top > 0 else np.zeros(len(items), dtype=np.float32)
    for row, value in enumerate(explicit):
        if value is not None:
            prior[row] = min(max(float(value), 0.0), 1.0)
    return prior.astype(np.float32)


@dataclass(frozen=True)
class Hit:
    index: int
    id: str
    score: float
    dense: float
    lexical: float


class MatchIndex:
    """Items (plain dicts with an ``id``) with their texts, BM25 terms and vectors."""

    def __init__(
        self,
        items: Sequence[Mapping],
        vectors: np.ndarray | None = None,
        *,
        texts: Sequence[str] | None = None,
    ):
        self.items = list(items)
        self.ids = [str(item["id"]) for item in self.items]
        self.texts = (
            list(texts)
            if texts is not None
            else [text.item_text(item, max_words=weights.DOC_MAX_WORDS) for item in self.items]
        )
        # BM25 reads the whole description: it is cheap, and names/codes may sit late.
        self.lexical = BM25Index(
            [index_terms(text.item_text(item)) for item in self.items]
        )
        if vectors is not None:
            vectors = np.ascontiguousarray(vectors, dtype=np.float32)
            if vectors.shape[0] != len(self.items):
                raise ValueError("one vector per item is needed")
        self.vectors = vectors
        self.prior = item_prior(self.items)

    def __len__(self):
        return len(self.items)

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        if self.vectors is None:
            raise ValueError("this index has no vectors; use mode='bm25'")
        return self.vectors @ np.asarray(query_vector, dtype=np.float32)

    def search(
        self,
        query_text: str,
        query_vector: np.ndarray | None = None,
        *,
        k: int = 10,
        mode: str = "hybrid",
        exclude: Sequence[int] = (),
        allowed: np.ndarray | None = None,
    ) -> list[Hit]:
        """The best ``k`` items for a query, best first.

        ``query_vector`` is needed for "dense" and "hybrid". ``exclude`` drops item
        indices (e.g. the asker's own listing); ``allowed``, a boolean mask over the
        items, keeps only those (hard filters: kind, visibility, hidden by the viewer).
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        size = len(self.items)
        if not size:
            return []
        query_terms = index_terms(query_text) if mode != "dense" else []
        lexical = (
            self.lexical.scores(query_terms)
            if mode != "dense"
            else np.zeros(size, dtype=np.float32)
        )
        dense = (
            self.dense_scores(query_vector)
            if mode != "bm25"
            else np.zeros(size, dtype=np.float32)
        )
        hidden = None
        if allowed is not None:
            hidden = ~np.asarray(allowed, dtype=bool)
            if hidden.all():
                return []
            # Filtered items must not become fusion candidates nor set the scale.
            lexical, dense = self._mask(lexical, dense, hidden)
        blocked = hidden.copy() if hidden is not None else np.zeros(size, dtype=bool)
        if len(exclude):
            blocked[np.asarray(exclude, dtype=np.int64)] = True
        # The asker's own cosine per item, before feedback moves the query: explanations
        # band a pair by it (the moved vector is closer to everything it was moved to).
        cosine = dense
        if mode == "bm25":
            final = lexical.copy()
        elif mode == "dense":
            final = dense.copy()
        else:
            final = self._hybrid(dense, lexical, k)
            if self._feedback_documents() > 0:
                # Pseudo-relevance feedback: the best first-round items stand in for
                # "what the asker means"; the query takes their words (RM3) and
                # moves towards their vectors (Rocchio), and is searched again.
                lexical, dense = self._feedback(
                    query_terms, query_vector,
                    dense=dense, first=final, blocked=blocked, hidden=hidden, k=k,
                )
                final = self._hybrid(dense, lexical, k)
        final[blocked] = -np.inf
        order = top_k(final, k)
        return [
            Hit(int(i), self.ids[i], float(final[i]), float(cosine[i]), float(lexical[i]))
            for i in order
            if np.isfinite(final[i])
        ]

    def _feedback_documents(self) -> int:
        # Feedback needs the top items to be a small, focused share of the index: in
        # a handful of items the "top 10" is everything and only blurs the query.
        share = int(len(self.items) * weights.FEEDBACK_MAX_SHARE)
        return min(weights.FEEDBACK_DOCUMENTS, share)

    @staticmethod
    def _mask(lexical, dense, hidden):
        lexical = np.where(hidden, 0.0, lexical).astype(np.float32)
        dense = np.where(hidden, dense[~hidden].min(), dense).astype(np.float32)
        return lexical, dense

    def _feedback(self, query_terms, query_vector, *, dense, first, blocked, hidden, k):
        """(lexical, dense) scores of the query expanded with its first-round top items."""
        first = np.where(blocked, -np.inf, first)
        top = top_k(first, self._feedback_documents())
        top = top[np.isfinite(first[top])]
        query = Counter(query_terms)
        total = sum(query.values())
        expanded = Counter({term: n / total for term, n in query.items()}) if total else Counter()
        keep = weights.FEEDBACK_QUERY_WEIGHT if total else 0.0
        for name, value in expanded.items():
            expanded[name] = keep * value
        feedback = self.lexical.feedback_terms(
            top,
            np.full(len(top), 1.0 / max(len(top), 1), dtype=np.float32),
            count=weights.FEEDBACK_TERMS,
            max_df=weights.FEEDBACK_MAX_DF,
        )
        for term, value in feedback.items():
            expanded[term] += (1.0 - keep) * value
        lexical = self.lexical.weighted_scores(expanded)
        if hidden is not None:
            lexical = np.where(hidden, 0.0, lexical).astype(np.float32)
        if weights.FEEDBACK_DENSE_WEIGHT <= 0 or not len(top):
            return lexical, dense
        vector = np.asarray(query_vector, dtype=np.float32)
        vector = vector + weights.FEEDBACK_DENSE_WEIGHT * self.vectors[top].mean(axis=0)
        vector /= np.linalg.norm(vector) or 1.0
        # The moved vector re-scores only the items either round can rank (first-
        # round candidates and the expanded query's BM25 top): a second full
        # matrix-vector product would double the dense cost of a request.
        rescored = np.union1d(
            np.flatnonzero(np.isfinite(first)),
            top_k(lexical, max(weights.FUSION_DEPTH, k)),
        )
        values = self.vectors[rescored] @ vector
        moved = np.full(len(dense), min(float(dense.min()), float(values.min())), np.float32)
        moved[rescored] = values
        if hidden is not None:
            moved[hidden] = moved[~hidden].min()
        return lexical, moved

    def _hybrid(self, dense: np.ndarray, lexical: np.ndarray, k: int) -> np.ndarray:
        depth = max(weights.FUSION_DEPTH, k)
        dense_top = top_k(dense, depth)
        lexical_top = top_k(lexical, depth)
        lexical_top = lexical_top[lexical[lexical_top] > 0]
        candidates = np.union1d(dense_top, lexical_top)
        final = np.full(len(dense), -np.inf, dtype=np.float32)
        if weights.FUSION == "rrf":
            fused = fusion.rrf([dense_top, lexical_top], size=len(dense))
            final[candidates] = fused[candidates]
        else:
            final[candidates] = fusion.normalised_sum(dense, lexical, candidates)
            final[candidates] += weights.PRIOR_WEIGHT * self.prior[candidates]
        return final
