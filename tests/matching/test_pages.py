"""Recommendations on the pages and the feedback buttons, through the test client."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from tests.factories import PASSWORD
from tests.matching.world import dataset, member, offer, request_, sync

import scdt
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


def test_the_htmx_answer_moves_focus_to_the_new_control_and_a_full_page_steals_none(client, world):
    # The pressed button is swapped away; without autofocus keyboard focus would fall to the page's top.
    login(client, world["city"])
    data = {"kind": "opportunity", "object_id": world["good"].pk, "verdict": "useful", "context": "meet-need"}

    marked = client.post("/matching/feedback/", data, HTTP_HX_REQUEST="true").content.decode()
    undone = client.post("/matching/feedback/undo/", data, HTTP_HX_REQUEST="true").content.decode()

    assert re.search(r'<button type="submit" class="link" autofocus>Undo</button>', marked)
    assert re.search(r'value="useful" autofocus>Useful</button>', undone)
    client.post("/matching/feedback/", data, HTTP_HX_REQUEST="true")
    assert "autofocus" not in client.get(f"/marketplace/{world['need'].slug}/").content.decode()


def test_each_items_feedback_group_is_named_after_the_item(client, world):
    login(client, world["city"])

    page = client.get(f"/marketplace/{world['need'].slug}/").content.decode()

    groups = re.findall(r'<fieldset class="inline" aria-labelledby="([^"]+)"', page)
    assert groups
    for labelled_by in groups:
        legend, name = labelled_by.split()
        assert f'<legend class="visually-hidden" id="{legend}">' in page
        assert re.search(f'<a href="[^"]+" id="{name}">[^<]+</a>', page)
    assert any(f"-opportunity-{world['good'].pk}-name" in group for group in groups)


def test_a_rejected_rating_is_swapped_in_with_htmx(client, world):
    # htmx swaps no 4xx answer unless told; the feedback area (the swap target) lets a 400 in.
    login(client, world["city"])

    page = client.get(f"/marketplace/{world['need'].slug}/").content.decode()

    areas = re.findall(r'<div class="match-feedback" id="[^"]+"([^>]*)>', page)
    assert areas
    assert all("event.detail.xhr.status === 400" in attributes for attributes in areas)
    assert all("shouldSwap = true" in attributes for attributes in areas)


def test_the_confirmation_after_a_plain_post_is_in_the_visitors_language(client, world):
    login(client, world["city"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    data = {"kind": "opportunity", "object_id": world["good"].pk, "verdict": "hidden", "context": "meet-need"}

    page = client.post("/matching/feedback/", {**data, "next": "/home/"}, follow=True).content.decode()

    assert "Piilotettu: tätä ei enää suositella sinulle." in page
    assert "Hidden: it will not be recommended to you again." not in page


def test_the_undo_button_has_a_colour_of_its_own():
    # Buttons have white text; a background-less "link" button inside a recommendation needs its own colour.
    css = (Path(scdt.__file__).parent / "static/scdt/site.css").read_text(encoding="utf-8")

    rule = re.search(r"\.match-feedback button\.link[^{]*\{([^}]*)\}", css)

    assert rule
    assert re.search(r"(^|[;\s])color:\s*var\(--brand\)", rule.group(1))


def test_people_recommended_on_the_home_can_be_asked_for_a_meeting(client, world):
    offerer = member(offer_text="We offer parking occupancy data and sensors.")
    sync()
    login(client, world["company"])

    page = client.get("/home/").content.decode()

    assert f'href="/meetings/request/?to={offerer.profile.pk}"' in page
    assert f"Request a meeting with {offerer.profile.full_name}" in page
