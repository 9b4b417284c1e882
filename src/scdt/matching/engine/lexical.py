"""BM25 over the item text, as a numpy inverted index.

Why our own and not ``bm25s``: the same few lines give a term -> postings sparse
matrix (CSC-like: ``indptr``/``doc_ids``/``weights``) with the BM25 term weight
precomputed per posting, so a query is one gather and one ``np.bincount``; it
needs no scipy, uses our multilingual tokeniser, and measured the same quality
on the dev benchmark (see weights.py). It exists for exact names and codes
("CityGML 3.0", "PM2.5") that a dense model blurs.
"""

from collections import Counter
from collections.abc import Sequence

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
        self.vocabulary = {term: column for column, term in enumerate(postings)}
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

    def term_idf(self, term: str) -> float:
        column = self.vocabulary.get(term)
        return float(self.idf[column]) if column is not None else 0.0
