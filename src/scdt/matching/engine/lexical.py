"""BM25 over the item text, as a numpy inverted index.

Why our own and not ``bm25s``: the same few lines give a term -> postings sparse
matrix (CSC-like: ``indptr``/``doc_ids``/``weights``) with the BM25 term weight
precomputed per posting, so a query is one gather and one ``np.bincount``; it
needs no scipy, uses our multilingual tokeniser, and measured the same quality
on the dev benchmark (see weights.py). It exists for exact names and codes
("CityGML 3.0", "PM2.5") that a dense model blurs.
"""

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from . import glossary, text, weights


def index_terms(value: str) -> list[str]:
    """BM25 terms of a text: its words (text.tokenize) plus glossary concept tokens."""
    terms = text.tokenize(value)
    if weights.USE_GLOSSARY:
        terms += glossary.concept_terms(value)
    return terms


class BM25Index:
    """Okapi BM25 (Lucene's idf: log(1 + (N - df + 0.5) / (df + 0.5)))."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1=None, b=None):
        k1 = weights.BM25_K1 if k1 is None else k1
        b = weights.BM25_B if b is None else b
        self.size = len(documents)
        lengths = np.array([len(doc) for doc in documents], dtype=np.float32)
        average = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for doc_id, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                ids, counts = postings.setdefault(term, ([], []))
                ids.append(doc_id)
                counts.append(count)
        self.terms = list(postings)
        self.vocabulary = {term: column for column, term in enumerate(self.terms)}
        indptr = np.zeros(len(postings) + 1, dtype=np.int64)
        doc_ids, tfs = [], []
        for column, (ids, counts) in enumerate(postings.values()):
            indptr[column + 1] = indptr[column] + len(ids)
            doc_ids.extend(ids)
            tfs.extend(counts)
        self.indptr = indptr
        self.doc_ids = np.array(doc_ids, dtype=np.int32)
        tf = np.array(tfs, dtype=np.float32)
        df = np.diff(indptr).astype(np.float32)
        self.idf = np.log1p((self.size - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = k1 * (1 - b + b * lengths[self.doc_ids] / average) if len(tf) else tf
        idf_per_posting = np.repeat(self.idf, np.diff(indptr))
        self.weights = (idf_per_posting * tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        self.document_frequency = df
        # Forward index (document -> its terms and each term's share of the
        # document), for pseudo-relevance feedback: the transpose of the postings.
        order = np.argsort(self.doc_ids, kind="stable")
        self.doc_indptr = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.doc_ids, minlength=self.size), out=self.doc_indptr[1:])
        self.doc_terms = np.repeat(
            np.arange(len(postings), dtype=np.int32), np.diff(indptr)
        )[order]
        self.doc_term_share = (tf / np.maximum(lengths[self.doc_ids], 1.0))[order].astype(
            np.float32
        )

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (zeros where no term matches)."""
        columns = [
            self.vocabulary[term] for term in query_terms if term in self.vocabulary
        ]
        if not columns or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        # Repeated query terms count once per occurrence, as in Lucene.
        slices = [slice(self.indptr[c], self.indptr[c + 1]) for c in columns]
        ids = np.concatenate([self.doc_ids[s] for s in slices])
        values = np.concatenate([self.weights[s] for s in slices])
        return np.bincount(ids, weights=values, minlength=self.size).astype(np.float32)

    def weighted_scores(self, term_weights: Mapping[str, float]) -> np.ndarray:
        """BM25 of a weighted query: sum over terms of weight x the term's BM25 part."""
        slices, factors = [], []
        for term, weight in term_weights.items():
            column = self.vocabulary.get(term)
            if column is not None and weight > 0:
                slices.append(slice(self.indptr[column], self.indptr[column + 1]))
                factors.append(weight)
        if not slices or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        ids = np.concatenate([self.doc_ids[s] for s in slices])
        values = np.concatenate([self.weights[s] * f for s, f in zip(slices, factors, strict=True)])
        return np.bincount(ids, weights=values, minlength=self.size).astype(np.float32)

    def feedback_terms(
        self,
        documents: np.ndarray,
        document_weights: np.ndarray,
        *,
        count: int,
        max_df: float,
    ) -> dict[str, float]:
        """Relevance-model (RM1) expansion terms from feedback documents.

        P(term | R) ~ sum over the documents of weight(doc) x tf / length; terms in
        more than ``max_df`` of all documents are skipped (words such as "dataset"
        that every description has). The ``count`` best, normalised to sum 1.
        """
        if not len(documents) or not self.size:
            return {}
        parts = [slice(self.doc_indptr[d], self.doc_indptr[d + 1]) for d in documents]
        columns = np.concatenate([self.doc_terms[p] for p in parts])
        shares = np.concatenate(
            [self.doc_term_share[p] * w for p, w in zip(parts, document_weights, strict=True)]
        )
        unique, inverse = np.unique(columns, return_inverse=True)
        mass = np.bincount(inverse, weights=shares).astype(np.float32)
        mass[self.document_frequency[unique] > max_df * self.size] = 0.0
        if len(mass) > count:
            best = np.argpartition(-mass, count - 1)[:count]
        else:
            best = np.arange(len(mass))
        best = best[mass[best] > 0]
        total = float(mass[best].sum())
        if total <= 0:
            return {}
        return {self.terms[int(unique[i])]: float(mass[i]) / total for i in best}

    def term_idf(self, term: str) -> float:
        column = self.vocabulary.get(term)
        return float(self.idf[column]) if column is not None else 0.0
