"""The demand/supply gap on a small known network: two cities, two topics.

Turku / mobility:   a parking request and a parking offer that clearly meets it (met).
Gdańsk / energy:    a request nobody can meet (unmet).
Gdańsk / mobility:  a data request for bus timetables and the timetable dataset (met).
Never counted: a draft request, a closed offer, an expired request, a withdrawn dataset,
a declined data request. Embeddings are off in tests, so matching is BM25 alone.
"""

import datetime as dt

import pytest
from django.utils import timezone
from tests.factories import ProfileFactory
from tests.marketplace.conftest import make_opportunity

from scdt.catalogue import services as catalogue_services
from scdt.catalogue.models import Dataset, RequestStatus
from scdt.directory.models import Topic
from scdt.marketplace.models import Opportunity, Status
from scdt.matching.models import DemandAssessment, DocumentKind, GapSnapshot
from scdt.matching.queries import forget_indexes
from scdt.matching.services import documents, gap

pytestmark = pytest.mark.django_db


class GapWorld:
    def __init__(self):
        forget_indexes()
        self.city_member = ProfileFactory(organisation__type="city", organisation__city="Turku").user
        self.gdansk_member = ProfileFactory(organisation__type="city", organisation__city="Gdańsk").user
        self.company = ProfileFactory(organisation__type="company", organisation__city="Turku").user
        self.parking_request = make_opportunity(
            self.city_member,
            publish=True,
            kind="request",
            title="Real-time parking occupancy data for the city centre",
            description="We need real-time parking occupancy data from sensors in the city centre, "
            "with an open API, to guide drivers to free parking spaces.",
        )
        self.parking_offer = make_opportunity(
            self.company,
            publish=True,
            kind="offer",
            title="Real-time parking occupancy sensors and open API",
            description="Our sensors measure parking occupancy in real time; the data is served "
            "through an open API for city centre parking guidance.",
        )
        self.unmet_request = make_opportunity(
            self.gdansk_member,
            publish=True,
            kind="request",
            category_slug="product",
            topic_slugs=["energy"],
            places=[("Gdańsk", "PL")],
            title="Geothermal heat pump retrofit advice",
            description="Guidance on retrofitting geothermal heat pumps into listed brick tenements.",
        )
        self.timetable_request = catalogue_services.file_data_request(
            user=self.gdansk_member,
            title="Bus timetables and stop locations as GTFS",
            description="Bus timetables with stop locations in GTFS format for journey planning.",
            city="Gdańsk",
            topics=list(Topic.objects.filter(slug="mobility")),
        )
        self.timetable_dataset = Dataset.objects.create(
            identifier="gtfs",
            slug="gdansk-gtfs",
            title={"en": "Bus timetables and stop locations (GTFS)"},
            description={
                "en": "Timetables of every bus line with stop locations, in GTFS format, for journey planning."
            },
            themes=["TRAN"],
            city="Gdańsk",
        )
        # Never public: each must stay out of every number and list.
        self.draft = make_opportunity(
            self.city_member,
            kind="request",
            title="Draft parking occupancy wish",
            description="A draft parking occupancy wish, never published.",
        )
        self.closed_offer = make_opportunity(
            self.company,
            publish=True,
            title="Closed parking occupancy offer",
            description="A closed parking occupancy offer, no longer open.",
        )
        Opportunity.objects.filter(pk=self.closed_offer.pk).update(status=Status.CLOSED)
        self.expired = make_opportunity(
            self.city_member,
            publish=True,
            kind="request",
            title="Expired parking occupancy request",
            description="Expired parking occupancy request.",
        )
        Opportunity.objects.filter(pk=self.expired.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
        Dataset.objects.create(
            identifier="gone", slug="withdrawn-gtfs", title={"en": "Withdrawn GTFS bus timetables"},
            themes=["TRAN"], city="Gdańsk", withdrawn=True,
        )  # fmt: skip
        declined = catalogue_services.file_data_request(
            user=self.gdansk_member, title="Declined bus timetable wish", description="Declined GTFS bus wish.",
            city="Gdańsk", topics=list(Topic.objects.filter(slug="mobility")),
        )  # fmt: skip
        type(declined).objects.filter(pk=declined.pk).update(status=RequestStatus.DECLINED)
        documents.refresh_all(embed=False)
        self.totals = gap.assess_all()


@pytest.fixture
def world():
    return GapWorld()


def _numbers(matrix, city, topic):
    cell = matrix.cells[(city, topic)]
    return (cell.demand, cell.supply, cell.unmet)


def test_assessment_meets_clear_matches_and_leaves_the_rest_unmet(world):
    assert world.totals == {"demand": 3, "met": 2, "unmet": 1}
    parking = DemandAssessment.objects.get(kind=DocumentKind.OPPORTUNITY, object_id=world.parking_request.pk)
    assert parking.met
    assert parking.band in gap.MET_BANDS
    assert (parking.best_kind, parking.best_id) == (DocumentKind.OPPORTUNITY, world.parking_offer.pk)
    timetable = DemandAssessment.objects.get(kind=DocumentKind.DATA_REQUEST, object_id=world.timetable_request.pk)
    assert timetable.met
    assert (timetable.best_kind, timetable.best_id) == (DocumentKind.DATASET, world.timetable_dataset.pk)
    unmet = DemandAssessment.objects.get(kind=DocumentKind.OPPORTUNITY, object_id=world.unmet_request.pk)
    assert not unmet.met
    assert unmet.band not in gap.MET_BANDS


def test_matrix_has_exact_numbers_per_city_and_topic(world):
    matrix = gap.gap_matrix()

    assert matrix.cities == ["Gdańsk", "Turku"]  # busiest first
    assert matrix.topics == ["mobility", "energy"]  # the directory's order
    assert _numbers(matrix, "Turku", "mobility") == (1, 1, 0)
    assert _numbers(matrix, "Gdańsk", "mobility") == (1, 1, 0)
    assert _numbers(matrix, "Gdańsk", "energy") == (1, 0, 1)
    assert ("Turku", "energy") not in matrix.cells
    assert (matrix.total.demand, matrix.total.supply, matrix.total.unmet) == (3, 2, 1)
    assert (matrix.city_totals["Gdańsk"].demand, matrix.city_totals["Gdańsk"].unmet) == (2, 1)
    assert matrix.topic_totals["mobility"].supply == 2
    assert matrix.cell("Gdańsk", "energy").unmet_share == 1.0
    assert matrix.assessed_at is not None


def test_an_item_with_two_topics_counts_in_both_cells_but_once_in_totals(world):
    world.parking_request.topics.add(Topic.objects.get(slug="energy"))
    documents.refresh("opportunity", [world.parking_request.pk])
    gap.assess_all()

    matrix = gap.gap_matrix()

    assert _numbers(matrix, "Turku", "energy")[0] == 1
    assert _numbers(matrix, "Turku", "mobility")[0] == 1
    assert matrix.city_totals["Turku"].demand == 1
    assert matrix.total.demand == 3


def test_demand_closed_after_the_assessment_drops_out_at_once(world):
    Opportunity.objects.filter(pk=world.unmet_request.pk).update(status=Status.CLOSED)
    documents.refresh("opportunity", [world.unmet_request.pk])

    matrix = gap.gap_matrix()

    assert ("Gdańsk", "energy") not in matrix.cells
    assert matrix.total.demand == 2
    assert gap.cell_items("Gdańsk", "energy") == {"demand": [], "supply": []}


def test_cell_items_give_demand_with_best_supply_and_the_supply(world):
    items = gap.cell_items("Turku", "mobility")

    assert [entry.item.object_id for entry in items["demand"]] == [world.parking_request.pk]
    entry = items["demand"][0]
    assert entry.met
    assert entry.best.object_id == world.parking_offer.pk
    assert entry.best.slug == world.parking_offer.slug
    assert [(ref.kind, ref.object_id) for ref in items["supply"]] == [("opportunity", world.parking_offer.pk)]
    gdansk = gap.cell_items("Gdańsk", "mobility")
    assert [ref.slug for ref in gdansk["supply"]] == ["gdansk-gtfs"]


def test_snapshot_per_day_makes_the_trend(world):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    GapSnapshot.objects.create(day=yesterday, city="Turku", topic="mobility", demand=4, supply=1, unmet=3)

    trend = gap.trend()

    assert [row["day"] for row in trend] == [yesterday, today]
    assert trend[0] == {"day": yesterday, "demand": 4, "supply": 1, "unmet": 3, "unmet_share": 0.75}
    assert (trend[1]["demand"], trend[1]["supply"], trend[1]["unmet"]) == (3, 2, 1)
    assert trend[1]["unmet_share"] == pytest.approx(1 / 3)
    # Assessing again the same day replaces today's point, it does not add one.
    gap.assess_all()
    assert len(gap.trend()) == 2
    assert GapSnapshot.objects.filter(day=today).count() == 3


def test_assessment_forgets_demand_that_is_no_longer_public(world):
    Opportunity.objects.filter(pk=world.parking_request.pk).update(status=Status.CLOSED)
    documents.refresh("opportunity", [world.parking_request.pk])

    assert gap.assess_all() == {"demand": 2, "met": 1, "unmet": 1}
    assert not DemandAssessment.objects.filter(object_id=world.parking_request.pk, kind="opportunity").exists()
