"""The engine end to end on real embeddings: cross-language matching and explanations."""

import json
from pathlib import Path

import numpy as np
import pytest

from scdt.matching.engine import dense, explain, text
from scdt.matching.engine.index import MatchIndex
from scdt.matching.engine.recommend import recommend

LISTINGS = json.loads(
    (Path(__file__).parent / "multilingual_listings.json").read_text(encoding="utf-8")
)
OFFERS, REQUESTS = LISTINGS["offers"], LISTINGS["requests"]
COUNTERPART = {r["id"]: r["id"].replace("request-", "offer-") for r in REQUESTS}


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return dense.EmbeddingCache(tmp_path_factory.mktemp("embeddings"))


@pytest.fixture(scope="module")
def offer_index(cache):
    texts = [text.item_text(offer) for offer in OFFERS]
    return MatchIndex(OFFERS, dense.embed(texts, is_query=False, cache=cache))


@pytest.fixture(scope="module")
def request_vectors(cache):
    texts = [text.item_text(request) for request in REQUESTS]
    return dense.embed(texts, is_query=True, cache=cache)


def test_vectors_are_normalised_float32(request_vectors):
    assert request_vectors.dtype == np.float32
    assert request_vectors.shape == (len(REQUESTS), dense.DIM)
    assert np.allclose(np.linalg.norm(request_vectors, axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize("position", range(len(REQUESTS)))
def test_search_ranks_counterpart_in_other_language_first(
    offer_index, request_vectors, position
):
    request = REQUESTS[position]

    hits = offer_index.search(text.item_text(request), request_vectors[position], k=3)

    counterpart = next(o for o in OFFERS if o["id"] == COUNTERPART[request["id"]])
    assert counterpart["language"] != request["language"]
    assert hits[0].id == counterpart["id"], [hit.id for hit in hits]


def test_embedding_cache_reuses_vectors_across_instances(tmp_path):
    texts = ["Pysäköintidata Turusta", "Dane o parkingach w Gdańsku"]
    first = dense.embed(texts, is_query=False, cache=dense.EmbeddingCache(tmp_path))
    reopened = dense.EmbeddingCache(tmp_path)

    keys = [dense.content_key(t, is_query=False) for t in texts]

    assert len(reopened) == 2
    assert np.array_equal(np.stack([reopened.get(k) for k in keys]), first)
    assert dense.content_key(texts[0], is_query=True) != keys[0]


def test_explanation_names_shared_code_across_languages(offer_index):
    request = next(r for r in REQUESTS if r["id"] == "request-3d")
    offer = next(o for o in OFFERS if o["id"] == "offer-3d")

    result = explain.explain(
        request, offer, similarity=0.9, idf=offer_index.lexical.term_idf
    )

    assert "CityGML" in result.shared_terms
    target_text = text.item_text(offer)
    assert "CityGML" in {target_text[a:b] for a, b in result.target_spans}
    assert "city_model_3d" in result.shared_concepts
    assert result.relation == "request-offer"
    assert result.band == "strong"


def test_explanation_sentence_pair_uses_embeddings_across_languages(cache):
    request = next(r for r in REQUESTS if r["id"] == "request-air")
    offer = next(o for o in OFFERS if o["id"] == "offer-air")

    result = explain.explain(
        request,
        offer,
        similarity=0.8,
        embed_sentences=lambda texts: dense.embed(texts, is_query=True, cache=cache),
    )

    assert result.best_pair is not None
    assert result.best_pair.query_sentence in text.item_text(request)
    assert result.best_pair.target_sentence in text.item_text(offer)
    assert result.best_pair.similarity > 0.7


def test_recommend_reranks_and_explains_counterpart(cache):
    offers = [
        {**offer, "city": "Gdańsk" if offer["language"] == "pl" else "Turku"}
        for offer in OFFERS
    ]
    index = MatchIndex(
        offers, dense.embed([text.item_text(o) for o in offers], is_query=False, cache=cache)
    )
    source = {**next(r for r in REQUESTS if r["id"] == "request-3d"), "city": "Gdańsk"}
    vector = dense.embed([text.item_text(source)], is_query=True, cache=cache)[0]

    results = recommend(index, source, vector, k=3)

    assert results[0].id == "offer-3d"
    assert results[0].features["kind"] == 1.0
    assert results[0].features["city"] == 1.0
    assert results[0].explanation.same_city == "Gdańsk"
    assert results[0].score >= results[1].score >= results[2].score
