"""Across the database with real embeddings: each request finds its counterpart in another language.

The listings are the engine's fixture (tests/matching/multilingual_listings.json): eight
needs, each request's matching offer written in another of en/fi/pl/lt. Items are saved
through the marketplace service; the receivers and the embedding task (immediate backend)
store the vectors, as in production.
"""

import json
from pathlib import Path

import pytest
from tests.matching.world import member, offer, request_

from scdt.matching.models import MatchDocument
from scdt.matching.services import panels

LISTINGS = json.loads((Path(__file__).parent / "multilingual_listings.json").read_text(encoding="utf-8"))


@pytest.fixture
def embedding(settings, tmp_path_factory):
    settings.MATCHING_EMBEDDINGS = True
    settings.MATCHING_CACHE_DIR = tmp_path_factory.getbasetemp() / "embeddings"


@pytest.mark.django_db
def test_every_request_finds_its_counterpart_in_another_language_first(embedding, django_capture_on_commit_callbacks):
    made = {}
    with django_capture_on_commit_callbacks(execute=True):
        for listing in LISTINGS["offers"]:
            made[listing["id"]] = offer(
                member(), listing["title"], listing["description"], language=listing["language"]
            )
        for listing in LISTINGS["requests"]:
            made[listing["id"]] = request_(
                member(), listing["title"], listing["description"], language=listing["language"]
            )
    assert MatchDocument.objects.filter(vector_key="").count() == 0, "the embedding task stored every vector"

    firsts = {}
    for listing in LISTINGS["requests"]:
        need = made[listing["id"]]
        found = panels.opportunity_panels(need, need.owner)
        offers = next(p for p in found if p.key == "offers")
        firsts[listing["id"]] = offers.suggestions[0].object_id

    expected = {rid: made[rid.replace("request-", "offer-")].pk for rid in firsts}
    assert firsts == expected
    # The demo's promise: a Finnish request finds a Polish offer.
    assert made["request-3d"].language == "fi"
    assert made["offer-3d"].language == "pl"
