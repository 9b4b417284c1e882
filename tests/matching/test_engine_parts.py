"""Engine parts without the model: tokeniser, BM25, top-k, fusion, features, explanations."""

from datetime import UTC, datetime, timedelta

import numpy as np

from scdt.matching.engine import explain, fusion, glossary, text, weights
from scdt.matching.engine.index import MatchIndex, top_k
from scdt.matching.engine.lexical import BM25Index

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_fold_strips_finnish_polish_lithuanian_diacritics():
    assert text.fold("Łódź Gdańsk Šiauliai Žvėrynas Käyttöaste") == (
        "lodz gdansk siauliai zverynas kayttoaste"
    )


def test_tokenize_keeps_codes_whole_and_as_parts():
    terms = text.tokenize("CityGML 3.0 and PM2.5 from the ISO-19115 record", prefix=0)

    assert {"citygml", "3.0", "3", "0", "pm2.5", "iso-19115", "iso", "19115"} <= set(terms)
    assert "the" not in terms
    assert "and" not in terms


def test_tokenize_prefix_stemming_conflates_inflections():
    assert text.tokenize("pysäköintihallien", prefix=6) == text.tokenize("pysäköinti", prefix=6)
    assert text.tokenize("budynków", prefix=6) == text.tokenize("budynki", prefix=6)


def test_item_text_puts_names_first_and_drops_links():
    item = {
        "title": "Turku 3D",
        "tags": ["Turku city model", "Turku 3D"],
        "description": "See [the portal](https://example.org/x) at https://example.org.",
        "topics": ["Geospatial"],
        "organisation": "City of Turku",
    }

    value = text.item_text(item)

    assert value.startswith("Turku 3D (Turku city model)")
    assert "https" not in value
    assert "the portal" in value
    assert value.endswith("Topics: Geospatial. Organisation: City of Turku")


def test_item_text_truncates_description_not_title():
    item = {"title": "Long", "description": " ".join(f"w{i}" for i in range(50))}

    assert text.item_text(item, max_words=5) == "Long. w0 w1 w2 w3 w4"


def test_bm25_ranks_exact_version_code_first():
    items = [
        {"id": "old", "title": "CityGML 2.0 model", "description": "Buildings as CityGML 2.0."},
        {"id": "new", "title": "CityGML 3.0 model", "description": "Buildings as CityGML 3.0."},
        {"id": "other", "title": "Noise map", "description": "Road noise 3 dB steps."},
    ]
    index = MatchIndex(items)

    hits = index.search("CityGML 3.0", mode="bm25", k=3)

    assert [hit.id for hit in hits][:2] == ["new", "old"]


def test_bm25_scores_zero_without_shared_terms():
    index = BM25Index([["parking", "data"], ["noise", "map"]])

    assert index.scores(["unknown"]).tolist() == [0.0, 0.0]
    assert index.scores(["noise"])[1] > 0


def test_glossary_maps_four_languages_to_one_concept():
    phrases = ["air quality data", "ilmanlaatu", "jakość powietrza", "oro kokybė"]

    assert all("air_quality" in glossary.concepts(phrase) for phrase in phrases)
    assert glossary.concepts("business plan") == []  # "bus=" is an exact word


def test_top_k_returns_best_first_with_stable_ties():
    scores = np.array([0.1, 0.9, 0.5, 0.9, 0.2], dtype=np.float32)

    assert top_k(scores, 3).tolist() == [1, 3, 2]
    assert top_k(scores, 10).tolist() == [1, 3, 2, 4, 0]


def test_rrf_rewards_items_high_in_both_rankings():
    fused = fusion.rrf([np.array([0, 1, 2]), np.array([1, 0, 3])], k=60, size=4)

    assert fused[0] == fused[1]
    assert fused[1] > fused[2] > 0
    assert fused[3] > 0


def test_normalised_sum_only_scores_candidates():
    dense = np.array([0.80, 0.90, 0.85, 0.10], dtype=np.float32)
    lexical = np.array([0.0, 2.0, 4.0, 9.0], dtype=np.float32)

    fused = fusion.normalised_sum(dense, lexical, np.array([0, 1, 2]), dense_weight=0.5)

    assert np.allclose(fused, [0.0, 0.75, 0.75])


def test_structured_features_request_offer_same_city_shared_topic():
    source = {"kind": "request", "topics": ["mobility", "energy"], "city": "Turku",
              "country": "FI", "organisation_type": "company"}
    target = {"kind": "offer", "topics": ["mobility"], "city": "turku", "country": "FI",
              "organisation_type": "public", "published_at": NOW - timedelta(days=180),
              "feedback_up": 4, "feedback_down": 0}

    features = fusion.structured_features(source, target, now=NOW)

    assert features["kind"] == 1.0
    assert features["topics"] == 0.5
    assert features["city"] == 1.0
    assert features["country"] == 1.0
    assert features["organisation_type"] == 1.0
    assert abs(features["freshness"] - 0.5) < 1e-9
    assert features["feedback"] == 0.75


def test_structured_features_same_kind_no_data_is_neutral():
    features = fusion.structured_features(
        {"kind": "offer"}, {"kind": "offer"}, now=NOW
    )

    assert features == {"kind": 0.0, "topics": 0.0, "city": 0.0, "country": 0.0,
                        "organisation_type": 0.0, "freshness": 0.0, "feedback": 0.5}
    assert fusion.rerank_score(0.4, features) == 0.4


def test_rerank_prefers_complementary_local_item_on_equal_text_score():
    source = {"kind": "request", "topics": ["mobility"], "city": "Gdańsk"}
    near = fusion.structured_features(
        source, {"kind": "offer", "topics": ["mobility"], "city": "Gdańsk"}, now=NOW
    )
    far = fusion.structured_features(source, {"kind": "request", "city": "Vilnius"}, now=NOW)

    assert fusion.rerank_score(0.5, near) > fusion.rerank_score(0.5, far)


def test_rerank_downranks_item_marked_unhelpful():
    base = {"kind": "offer"}
    liked = fusion.structured_features({}, {**base, "feedback_up": 5}, now=NOW)
    disliked = fusion.structured_features({}, {**base, "feedback_down": 5}, now=NOW)

    assert fusion.rerank_score(0.5, liked) > 0.5 > fusion.rerank_score(0.5, disliked)


def test_score_band_thresholds():
    assert explain.score_band(weights.BAND_STRONG) == "strong"
    assert explain.score_band(weights.BAND_GOOD) == "good"
    assert explain.score_band(weights.BAND_GOOD - 0.01) == "possible"


def test_explain_highlights_real_shared_terms_in_same_language():
    source = {"kind": "request", "title": "Traffic noise data",
              "description": "We need road traffic noise measurements for Wrocław.",
              "city": "Wrocław", "topics": ["environment"]}
    target = {"kind": "offer", "title": "Noise mapping service",
              "description": "Strategic noise maps of road and tram traffic.",
              "city": "Wrocław", "topics": ["environment", "mobility"]}

    result = explain.explain(source, target, similarity=0.5)

    assert {"noise", "road", "traffic"} <= {word.casefold() for word in result.shared_terms}
    query_text = text.item_text(source)
    assert {query_text[a:b].casefold() for a, b in result.query_spans} >= {"noise", "traffic"}
    assert result.shared_topics == ["environment"]
    assert result.same_city == "Wrocław"
    assert result.relation == "request-offer"
    assert result.band == "possible"
    assert result.best_pair is not None
    assert "noise" in result.best_pair.target_sentence


def test_segments_split_text_for_highlighting():
    assert explain.segments("air quality data", [(0, 3), (12, 16)]) == [
        ("air", True), (" quality ", False), ("data", True)
    ]


def test_bm25_weighted_scores_match_plain_scores_and_scale():
    index = BM25Index([["parking", "garage"], ["noise", "map", "noise"], ["parking"]])

    plain = index.scores(["parking", "noise"])
    weighted = index.weighted_scores({"parking": 1.0, "noise": 1.0})
    halved = index.weighted_scores({"parking": 0.5, "noise": 0.5, "unknown": 3.0})

    assert np.allclose(plain, weighted)
    assert np.allclose(halved, plain / 2)


def test_feedback_terms_come_from_feedback_documents_and_skip_common_words():
    documents = [
        ["dataset", "parking", "garage", "occupancy"],
        ["dataset", "parking", "garage"],
        ["dataset", "noise", "map"],
        ["dataset", "flood", "map"],
    ]
    index = BM25Index(documents)

    terms = index.feedback_terms(
        np.array([0, 1]), np.array([0.5, 0.5], dtype=np.float32), count=10, max_df=0.6
    )

    assert set(terms) == {"parking", "garage", "occupancy"}  # "dataset" is in every item
    assert abs(sum(terms.values()) - 1.0) < 1e-6
    assert terms["parking"] > terms["occupancy"]


def _feedback_world():
    items = [
        {"id": "garage", "title": "Garage occupancy", "description": "Parking garage sensors."},
        {"id": "kerb", "title": "Kerbside bays", "description": "Garage sensors on kerbside bays."},
        {"id": "noise", "title": "Noise map", "description": "Road noise levels."},
        {"id": "flood", "title": "Flood zones", "description": "River flood risk areas."},
    ]
    vectors = np.eye(4, 8, dtype=np.float32)
    return MatchIndex(items, vectors), vectors


def test_feedback_finds_item_sharing_words_with_the_best_match_only(monkeypatch):
    index, vectors = _feedback_world()
    monkeypatch.setattr(weights, "FEEDBACK_DOCUMENTS", 0)
    plain = index.search("parking occupancy", vectors[0], k=4)
    monkeypatch.setattr(weights, "FEEDBACK_DOCUMENTS", 1)
    monkeypatch.setattr(weights, "FEEDBACK_MAX_SHARE", 0.25)
    monkeypatch.setattr(weights, "FEEDBACK_MAX_DF", 1.0)
    expanded = index.search("parking occupancy", vectors[0], k=4)

    # "kerb" shares no query word; the feedback from "garage" gives it "garage sensors".
    assert [hit.id for hit in expanded][:2] == ["garage", "kerb"]
    assert next(h.lexical for h in expanded if h.id == "kerb") > 0
    assert next(h.lexical for h in plain if h.id == "kerb") == 0


def test_feedback_never_learns_from_or_returns_filtered_items(monkeypatch):
    index, vectors = _feedback_world()
    monkeypatch.setattr(weights, "FEEDBACK_DOCUMENTS", 2)
    monkeypatch.setattr(weights, "FEEDBACK_MAX_SHARE", 0.5)
    monkeypatch.setattr(weights, "FEEDBACK_MAX_DF", 1.0)

    excluded = index.search("parking occupancy", vectors[0], k=4, exclude=[0])
    allowed = np.array([False, True, True, True])
    masked = index.search("parking occupancy", vectors[0], k=4, allowed=allowed)

    assert "garage" not in {hit.id for hit in excluded}
    assert [hit.id for hit in masked if hit.id == "garage"] == []
    assert len(masked) == 3


def test_feedback_stays_off_in_a_small_index(monkeypatch):
    index, vectors = _feedback_world()
    monkeypatch.setattr(weights, "FEEDBACK_DOCUMENTS", 10)

    hits = index.search("parking occupancy", vectors[0], k=4)

    assert next(h.lexical for h in hits if h.id == "kerb") == 0  # no words borrowed


def test_hits_carry_the_askers_own_cosine_even_after_feedback_moves_the_query():
    rng = np.random.default_rng(7)
    words = ["parking", "flood", "energy", "noise", "transit", "trees", "heat", "waste"]
    items = [
        {"id": str(n), "title": f"{words[n % 8]} {words[(n * 3) % 8]} data", "description": f"item {n} {words[n % 5]}"}
        for n in range(150)
    ]
    vectors = rng.normal(size=(150, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = MatchIndex(items, vectors)
    query = vectors[3] + 0.1 * rng.normal(size=8).astype(np.float32)
    query /= np.linalg.norm(query)

    hits = index.search("parking data", query, k=10)

    assert index._feedback_documents() > 0  # feedback is on at this size
    for hit in hits:
        assert abs(hit.dense - float(vectors[hit.index] @ query)) < 1e-5
