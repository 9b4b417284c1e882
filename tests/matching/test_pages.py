"""Recommendations on the pages and the feedback buttons, through the test client."""

import pytest
from tests.factories import PASSWORD
from tests.matching.world import dataset, member, offer, request_, sync

from scdt.matching.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city, company = member(), member(seek_text="We seek parking occupancy data for our app.")
    need = request_(city, "Parking occupancy data wanted", "We need real-time parking occupancy for garages.")
    good = offer(company, "Parking occupancy API", "Real-time parking occupancy of garages through an open API.")
    garages = dataset("garages", "Parking garages occupancy", "Occupancy of parking garages, real-time.")
    sync()
    return {"city": city, "company": company, "need": need, "good": good, "garages": garages}


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_a_request_page_shows_offers_and_datasets_with_reasons_to_anyone(client, world):
    page = client.get(f"/marketplace/{world['need'].slug}/").content.decode()

    assert "Offers that could meet this request" in page
    assert "Datasets that could meet this" in page
    assert f'href="/marketplace/{world["good"].slug}/"' in page
    assert 'href="/catalogue/datasets/garages/"' in page
    assert "Your need ↔ their offer" in page
    assert "<mark>" in page
    assert 'name="verdict"' not in page  # anonymous visitors cannot rate


def test_the_member_home_recommends_people_opportunities_and_datasets(client, world):
    login(client, world["company"])

    page = client.get("/home/").content.decode()

    assert "Recommended for you" in page
    assert "Opportunities for you" in page
    assert "What you seek ↔ their offer" not in page  # people wording is for people only
    assert "Parking garages occupancy" in page
    assert 'name="verdict" value="hidden"' in page


def test_hide_by_form_post_redirects_back_and_the_item_is_gone(client, world):
    login(client, world["city"])
    detail = f"/marketplace/{world['need'].slug}/"

    response = client.post(
        "/matching/feedback/",
        {
            "kind": "opportunity",
            "object_id": world["good"].pk,
            "verdict": "hidden",
            "context": "meet-need",
            "next": detail,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == detail
    assert Feedback.objects.get(user=world["city"]).verdict == "hidden"
    assert f'href="/marketplace/{world["good"].slug}/"' not in client.get(detail).content.decode()


def test_feedback_with_htmx_answers_the_fragment_and_undo_restores(client, world):
    login(client, world["city"])
    data = {"kind": "opportunity", "object_id": world["good"].pk, "verdict": "useful", "context": "meet-need"}

    response = client.post("/matching/feedback/", data, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "You marked this useful." in response.content.decode()
    undo = client.post("/matching/feedback/undo/", data, HTTP_HX_REQUEST="true")
    assert 'value="useful"' in undo.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "opportunity", "object_id": "abc", "verdict": "useful"},
        {"kind": "spaceship", "object_id": "1", "verdict": "useful"},
        {"kind": "opportunity", "object_id": "999999", "verdict": "useful"},
        {"kind": "opportunity", "object_id": "1", "verdict": "love"},
        {},
    ],
)
def test_malformed_feedback_gets_a_clear_error_and_writes_nothing(client, world, data):
    login(client, world["city"])

    response = client.post("/matching/feedback/", data, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_needs_a_login_and_a_post(client, world):
    data = {"kind": "opportunity", "object_id": world["good"].pk, "verdict": "useful"}

    assert client.post("/matching/feedback/", data).status_code == 302
    assert not Feedback.objects.exists()
    login(client, world["city"])
    assert client.get("/matching/feedback/").status_code == 405


def test_next_may_not_send_people_to_another_site(client, world):
    login(client, world["city"])
    data = {"kind": "opportunity", "object_id": world["good"].pk, "verdict": "useful", "next": "https://evil.example/"}

    response = client.post("/matching/feedback/", data)

    assert response["Location"] == "/home/"
