"""The per-process index cache: rebuilt when documents change, in a thread when one exists."""

import time

import pytest
from tests.matching.world import member, offer, seed_reference_data, sync

from scdt.matching import queries
from scdt.matching.services import documents


def _wait_for_rebuilds(seconds=30):
    deadline = time.monotonic() + seconds
    while queries._rebuilding and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not queries._rebuilding


@pytest.mark.django_db
def test_a_changed_kind_is_rebuilt_before_answering_by_default(settings):
    first = offer(member(), "Parking occupancy API", "Real-time parking occupancy of the garages.")
    sync()
    before = queries.kind_index("opportunity")
    second = offer(member(), "Flood maps", "Flood risk maps of the river valley.")
    sync()  # also forgets, so check the rebuild without forgetting:
    queries._indexes["opportunity"] = before

    after = queries.kind_index("opportunity")

    assert set(after.object_ids.tolist()) == {first.pk, second.pk}


@pytest.mark.django_db(transaction=True)
def test_with_background_rebuilds_the_old_index_answers_until_the_new_one_is_ready(settings):
    settings.MATCHING_REBUILD_IN_BACKGROUND = True
    settings.MATCHING_INDEX_CHECK_SECONDS = 0
    seed_reference_data()  # an earlier transactional test may have flushed the seeded topics
    first = offer(member(), "Parking occupancy API", "Real-time parking occupancy of the garages.")
    sync()
    before = queries.kind_index("opportunity")
    second = offer(member(), "Flood maps", "Flood risk maps of the river valley.")
    documents.refresh("opportunity", [second.pk])

    stale = queries.kind_index("opportunity")
    _wait_for_rebuilds()
    fresh = queries.kind_index("opportunity")

    assert stale is before
    assert set(fresh.object_ids.tolist()) == {first.pk, second.pk}


@pytest.mark.django_db
def test_freshness_is_checked_at_most_every_few_seconds(settings, django_assert_num_queries):
    settings.MATCHING_INDEX_CHECK_SECONDS = 60
    offer(member(), "Parking occupancy API", "Real-time parking occupancy of the garages.")
    sync()
    queries.kind_index("opportunity")

    with django_assert_num_queries(0):
        queries.kind_index("opportunity")
