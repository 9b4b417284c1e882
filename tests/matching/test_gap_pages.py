"""The demand/supply gap pages: public heatmap, drill-down, CSV, organiser view."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from tests.factories import EventSeriesFactory, ProfileFactory, UserFactory
from tests.matching.test_gap import GapWorld

from scdt.catalogue.models import DataRequest
from scdt.directory.models import Organisation
from scdt.matching.models import Feedback, GapSnapshot, Verdict
from scdt.matching.queries import forget_indexes
from scdt.matching.services import documents, gap

pytestmark = pytest.mark.django_db

NEVER_PUBLIC = [
    "Draft parking occupancy wish",
    "Closed parking occupancy offer",
    "Expired parking occupancy request",
    "Withdrawn GTFS bus timetables",
    "Declined bus timetable wish",
]


@pytest.fixture
def world():
    return GapWorld()


@pytest.fixture
def organiser():
    user = ProfileFactory().user
    EventSeriesFactory(organisers=[user])
    return user


def _text(response) -> str:
    return response.content.decode()


def _assert_nothing_private(text: str) -> None:
    for title in NEVER_PUBLIC:
        assert title not in text


def test_public_page_shows_the_matrix_to_anyone(client, world):
    response = client.get(reverse("matching:gap"))

    assert response.status_code == 200
    text = _text(response)
    assert '<th scope="col">Mobility and transport</th>' in text
    assert '<th scope="col">Energy</th>' in text
    assert '<th scope="row">Gdańsk</th>' in text
    assert "gap-heat-4" in text  # Gdańsk / energy: everything unmet
    assert "?city=Gda%C5%84sk&amp;topic=energy" in text  # the cell links to its drill-down
    assert "Last assessed:" in text
    assert "more than three quarters unmet" in text  # the legend
    assert "<svg" in text
    assert "<polyline" in text
    assert 'class="gap-trend"' in text
    _assert_nothing_private(text)
    rows = response.context["rows"]
    turku = next(row for row in rows if row["city"] == "Turku")
    assert [(c["cell"].demand, c["cell"].supply, c["cell"].unmet) for c in turku["cells"]] == [(1, 1, 0), (0, 0, 0)]
    assert turku["cells"][1]["url"] == ""  # nothing in Turku / energy: nothing to drill into


def test_public_page_names_topics_in_the_visitors_language(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"

    text = _text(client.get(reverse("matching:gap")))

    assert "Liikkuminen ja liikenne" in text


def test_public_page_before_any_assessment(client):
    forget_indexes()
    response = client.get(reverse("matching:gap"))

    assert response.status_code == 200
    assert "No demand or supply has been assessed yet." in _text(response)
    assert "No assessment has been recorded yet" in _text(response)


def test_items_without_city_or_topic_get_their_own_labels(client, world):
    world.timetable_request.topics.clear()
    DataRequest.objects.filter(pk=world.timetable_request.pk).update(city="")
    Organisation.objects.filter(pk=world.gdansk_member.profile.organisation_id).update(city="")
    documents.refresh("datarequest", [world.timetable_request.pk])
    gap.assess_all()

    text = _text(client.get(reverse("matching:gap")))

    assert '<th scope="row">no city given</th>' in text
    assert '<th scope="col">no topic given</th>' in text
    cell = client.get(reverse("matching:gap_cell"), {"city": "", "topic": ""})
    assert cell.status_code == 200
    assert "Bus timetables and stop locations as GTFS" in _text(cell)


def test_drill_down_lists_demand_with_its_best_supply_and_the_supply(client, world):
    response = client.get(reverse("matching:gap_cell"), {"city": "turku ", "topic": "mobility"})

    assert response.status_code == 200
    text = _text(response)
    request_url = reverse("marketplace:detail", kwargs={"ref": world.parking_request.slug})
    offer_url = reverse("marketplace:detail", kwargs={"ref": world.parking_offer.slug})
    assert f'href="{request_url}"' in text
    assert f'href="{offer_url}"' in text
    assert "Met" in text
    _assert_nothing_private(text)


def test_drill_down_of_unmet_and_data_request_cells(client, world):
    energy = _text(client.get(reverse("matching:gap_cell"), {"city": "Gdańsk", "topic": "energy"}))
    assert "Geothermal heat pump retrofit advice" in energy
    assert "Unmet" in energy
    assert "No public offer or dataset in this cell." in energy

    mobility = _text(client.get(reverse("matching:gap_cell"), {"city": "Gdańsk", "topic": "mobility"}))
    assert f'href="{reverse("catalogue:request", kwargs={"pk": world.timetable_request.pk})}"' in mobility
    assert f'href="{reverse("catalogue:dataset", kwargs={"slug": "gdansk-gtfs"})}"' in mobility
    _assert_nothing_private(mobility)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"city": "Turku"},
        {"topic": "mobility"},
        {"city": "Turku", "topic": "<script>alert(1)</script>"},
        {"city": "x" * 500, "topic": "mobility"},
        {"city": "Tur\x00ku", "topic": "mobility"},
        {"city": "Turku", "topic": "m" * 80},
    ],
)
def test_drill_down_with_bad_input_is_a_clear_400(client, world, query):
    response = client.get(reverse("matching:gap_cell"), query)

    assert response.status_code == 400
    assert "cannot be shown" in _text(response)


@pytest.mark.parametrize("query", [{"city": "Atlantis", "topic": "mobility"}, {"city": "Turku", "topic": "no-such"}])
def test_drill_down_of_an_empty_cell_is_a_friendly_page(client, world, query):
    response = client.get(reverse("matching:gap_cell"), query)

    assert response.status_code == 200
    assert "No public request in this cell." in _text(response)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_has_one_row_per_cell(client, world):
    response = client.get(reverse("matching:gap_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="scdt-demand-supply-cells-')
    rows = _csv_rows(response)
    assert rows[0] == ["City", "Topic (code)", "Topic", "Demand", "Supply", "Unmet", "Unmet share"]
    assert sorted(rows[1:]) == [
        ["Gdańsk", "energy", "Energy", "1", "0", "1", "1.000"],
        ["Gdańsk", "mobility", "Mobility and transport", "1", "1", "0", "0.000"],
        ["Turku", "mobility", "Mobility and transport", "1", "1", "0", "0.000"],
    ]


def test_csv_of_items_gives_each_demand_with_its_best_supply(client, world):
    response = client.get(reverse("matching:gap_csv"), {"level": "items"})

    assert response.status_code == 200
    assert 'filename="scdt-demand-supply-items-' in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:5] == ["City", "Topics (codes)", "Topics", "Kind", "Demand"]
    by_title = {row[4]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_title) == {
        "Real-time parking occupancy data for the city centre",
        "Geothermal heat pump retrofit advice",
        "Bus timetables and stop locations as GTFS",
    }
    parking = by_title["Real-time parking occupancy data for the city centre"]
    assert parking["Met"] == "yes"
    assert parking["Best supply"] == world.parking_offer.title
    assert parking["Best supply link"] == "http://testserver" + reverse(
        "marketplace:detail", kwargs={"ref": world.parking_offer.slug}
    )
    assert parking["Link"].endswith(world.parking_request.slug + "/")
    assert by_title["Geothermal heat pump retrofit advice"]["Met"] == "no"
    assert by_title["Bus timetables and stop locations as GTFS"]["Best supply kind"] == "Dataset"
    _assert_nothing_private(response.content.decode())


def test_csv_of_an_unknown_level_is_400(client, world):
    assert client.get(reverse("matching:gap_csv"), {"level": "everything"}).status_code == 400


def test_organiser_page_is_for_organisers_and_admins(client, world, organiser):
    url = reverse("matching:organise")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    client.force_login(ProfileFactory().user)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert "Reassess now" in _text(response)
    assert '<th scope="row">Gdańsk</th>' in _text(response)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_reassess_runs_the_assessment_and_says_so(client, world, organiser):
    GapSnapshot.objects.all().delete()
    client.force_login(organiser)

    response = client.post(reverse("matching:organise_reassess"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("matching:organise")
    assert "Reassessed: 3 pieces of demand, 2 met, 1 unmet." in _text(response)
    assert GapSnapshot.objects.count() == 3


def test_reassess_is_refused_to_participants(client, world):
    client.force_login(ProfileFactory().user)
    assert client.post(reverse("matching:organise_reassess")).status_code == 403
    assert client.get(reverse("matching:organise_reassess")).status_code == 405


def test_organiser_page_shows_feedback_aggregates_and_most_hidden(client, world, organiser):
    people = [UserFactory() for _ in range(3)]
    offer = world.parking_offer.pk
    Feedback.objects.create(user=people[0], kind="opportunity", object_id=offer, verdict=Verdict.USEFUL, context="home")
    Feedback.objects.create(user=people[1], kind="opportunity", object_id=offer, verdict=Verdict.HIDDEN, context="home")
    Feedback.objects.create(user=people[2], kind="opportunity", object_id=offer, verdict=Verdict.HIDDEN, context="home")
    dataset = world.timetable_dataset.pk
    Feedback.objects.create(
        user=people[0], kind="dataset", object_id=dataset, verdict=Verdict.NOT_RELEVANT, context="meet-need"
    )
    client.force_login(organiser)

    response = client.get(reverse("matching:organise"))

    lines = {(line["row"].context, line["row"].kind): line["row"] for line in response.context["usefulness"]}
    home = lines[("home", "opportunity")]
    assert (home.useful, home.not_relevant, home.hidden) == (1, 0, 2)
    assert home.useful_share == pytest.approx(1 / 3)
    assert lines[("meet-need", "dataset")].not_relevant == 1
    total = response.context["usefulness_total"]
    assert (total.useful, total.not_relevant, total.hidden) == (1, 1, 2)
    hidden = response.context["most_hidden"]
    assert [(line["item"].object_id, line["item"].hidden) for line in hidden] == [(offer, 2)]
    text = _text(response)
    assert "Member&#x27;s home" in text
    assert "33%" in text
    assert f'href="{reverse("marketplace:detail", kwargs={"ref": world.parking_offer.slug})}"' in text


def test_links_to_the_gap_pages(client, organiser):
    assert f'href="{reverse("matching:gap")}"' in _text(client.get("/"))
    client.force_login(organiser)
    assert f'href="{reverse("matching:organise")}"' in _text(client.get(reverse("events:organise")))
