"""Why an item was recommended: shared terms, best sentence pair, topics, band.

The engine has no Django, so it returns codes and character spans; the web layer
translates the codes and wraps spans in ``<mark>`` (``segments`` does the split).
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import glossary, text, weights

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")

Span = tuple[int, int]


@dataclass
class SentencePair:
    query_sentence: str
    target_sentence: str
    similarity: float
    query_spans: list[Span] = field(default_factory=list)
    target_spans: list[Span] = field(default_factory=list)


@dataclass
class Explanation:
    band: str  # "strong" | "good" | "possible"
    shared_terms: list[str]  # words as the target writes them, most telling first
    query_spans: list[Span]  # where shared terms sit in the query text
    target_spans: list[Span]  # ... and in the target text
    best_pair: SentencePair | None
    shared_concepts: list[str]  # glossary concept ids found on both sides (any language)
    shared_topics: list[str]
    relation: str  # e.g. "request-offer": your request <-> their offer
    same_city: str | None
    same_country: str | None


def score_band(similarity: float) -> str:
    """Band of a dense cosine, thresholds calibrated on dev (weights.BAND_*)."""
    if similarity >= weights.BAND_STRONG:
        return "strong"
    if similarity >= weights.BAND_GOOD:
        return "good"
    return "possible"


def sentences(value: str) -> list[str]:
    parts = [part.strip() for part in _SENTENCE_END.split(text.clean_text(value) or "")]
    return [part for part in parts if len(part) > 2]


def term_spans(value: str, terms: set[str]) -> list[Span]:
    return [(start, end) for start, end, mine in text.word_spans(value) if mine & terms]


def _terms(value: str) -> set[str]:
    return {term for _, _, terms in text.word_spans(value) for term in terms}


def segments(value: str, spans: Sequence[Span]) -> list[tuple[str, bool]]:
    """Split ``value`` into (piece, highlighted) pairs for rendering."""
    out, cursor = [], 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        if start > cursor:
            out.append((value[cursor:start], False))
        out.append((value[start:end], True))
        cursor = end
    if cursor < len(value):
        out.append((value[cursor:], False))
    return out


def shared_terms(
    query_text: str,
    target_text: str,
    *,
    idf: Callable[[str], float] | None = None,
    limit: int = 8,
) -> tuple[list[str], set[str]]:
    """Shared index terms, most informative first, as the target spells them.

    Returns (surface words, the index terms themselves). ``idf`` ranks the terms
    (BM25Index.term_idf); without it longer terms come first.
    """
    query_terms = _terms(query_text)
    rank = idf or (lambda term: float(len(term)))
    surface: dict[str, str] = {}
    for start, end, terms in text.word_spans(target_text):
        common = terms & query_terms
        if common:
            term = max(common, key=lambda t: (rank(t), t))
            surface.setdefault(term, target_text[start:end])
    ordered = sorted(surface, key=lambda term: (-rank(term), term))[:limit]
    return [surface[term] for term in ordered], set(ordered)


def best_sentence_pair(
    query_text: str,
    target_text: str,
    *,
    embed_sentences: Callable[[list[str]], np.ndarray] | None = None,
    idf: Callable[[str], float] | None = None,
) -> SentencePair | None:
    """The sentence of each side that match best.

    With ``embed_sentences`` (texts -> normalised vectors) the pair is chosen by
    cosine, which works across languages; without it, by the summed idf of shared
    terms (same language only).
    """
    mine, theirs = sentences(query_text), sentences(target_text)
    if not mine or not theirs:
        return None
    if embed_sentences is not None:
        vectors = embed_sentences(mine + theirs)
        similarity = vectors[: len(mine)] @ vectors[len(mine) :].T
        i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        score = float(similarity[i, j])
    else:
        rank = idf or (lambda _term: 1.0)
        best = (0.0, 0, 0)
        their_terms = [_terms(s) for s in theirs]
        for i, sentence in enumerate(mine):
            terms = _terms(sentence)
            for j, other in enumerate(their_terms):
                score = sum(rank(t) for t in terms & other)
                if score > best[0]:
                    best = (score, i, j)
        score, i, j = best
        if score <= 0:
            return None
    _, common = shared_terms(mine[i], theirs[j], idf=idf, limit=50)
    return SentencePair(
        query_sentence=mine[i],
        target_sentence=theirs[j],
        similarity=score,
        query_spans=term_spans(mine[i], common),
        target_spans=term_spans(theirs[j], common),
    )


def explain(
    source: Mapping,
    target: Mapping,
    *,
    similarity: float,
    embed_sentences: Callable[[list[str]], np.ndarray] | None = None,
    idf: Callable[[str], float] | None = None,
) -> Explanation:
    """Explain why ``target`` was recommended for ``source`` (plain dicts).

    Reads ``title``/``description``/``tags`` (text), ``topics``, ``kind``, ``city``,
    ``country`` of both; ``similarity`` is the dense cosine of the pair (for the band).
    """
    # Words and sentences come from what people wrote (title, other names, description),
    # not from the "Topics: / Category: / Organisation:" tail: topics are reported on
    # their own, and a shared category label explains nothing.
    query_text = text.written_text(source)
    target_text = text.written_text(target)
    words, common = shared_terms(query_text, target_text, idf=idf)
    their_concepts = glossary.concepts(target_text)
    my_concepts = set(glossary.concepts(query_text))
    topics_mine = {str(t) for t in source.get("topics") or ()}
    shared_topics = [str(t) for t in target.get("topics") or () if str(t) in topics_mine]

    def same(name):
        a, b = source.get(name), target.get(name)
        return str(b) if a and b and str(a).casefold() == str(b).casefold() else None

    return Explanation(
        band=score_band(similarity),
        shared_terms=words,
        query_spans=term_spans(query_text, common),
        target_spans=term_spans(target_text, common),
        best_pair=best_sentence_pair(
            query_text, target_text, embed_sentences=embed_sentences, idf=idf
        ),
        shared_concepts=[concept for concept in their_concepts if concept in my_concepts],
        shared_topics=shared_topics,
        relation=f"{source.get('kind') or 'item'}-{target.get('kind') or 'item'}",
        same_city=same("city"),
        same_country=same("country"),
    )
