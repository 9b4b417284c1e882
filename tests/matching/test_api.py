"""Recommendations, feedback and the gap on the JSON API."""

import pytest
from tests.matching.world import dataset, member, offer, request_, sync

from scdt.accounts.authentication import token_digest
from scdt.accounts.models import ApiToken
from scdt.matching.models import Feedback
from scdt.matching.services import gap

pytestmark = pytest.mark.django_db


def bearer(user):
    raw = f"token-{user.pk}-secret"
    ApiToken.objects.get_or_create(user=user, digest=token_digest(raw), defaults={"name": "t", "prefix": raw[:8]})
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def world():
    city, company = member(), member(seek_text="We seek parking occupancy data.")
    need = request_(city, "Parking occupancy data wanted", "We need real-time parking occupancy for garages.")
    good = offer(company, "Parking occupancy API", "Real-time parking occupancy of garages through an open API.")
    dataset("garages", "Parking garages occupancy", "Occupancy of parking garages, real-time.")
    draft = offer(company, "Draft parking API", "Parking occupancy, not yet published.", publish=False)
    sync()
    return {"city": city, "company": company, "need": need, "good": good, "draft": draft}


def test_recommendations_for_an_opportunity_are_public_and_explained(client, world):
    response = client.get(f"/api/v1/recommendations/opportunities/{world['need'].slug}")

    assert response.status_code == 200
    panels = {panel["key"]: panel for panel in response.json()}
    best = panels["offers"]["items"][0]
    assert (best["kind"], best["id"]) == ("opportunity", world["good"].pk)
    assert best["url"] == f"/marketplace/{world['good'].slug}/"
    assert best["band"] in {"strong", "good", "possible"}
    assert "Your need ↔ their offer" in best["reasons"]
    assert "parking" in best["shared_concepts"]
    assert panels["datasets"]["items"][0]["title"] == "Parking garages occupancy"


def test_a_draft_is_not_found_for_others(client, world):
    assert client.get(f"/api/v1/recommendations/opportunities/{world['draft'].pk}").status_code == 404
    assert client.get("/api/v1/recommendations/opportunities/no-such-thing").status_code == 404
    assert client.get("/api/v1/recommendations/datasets/nope").status_code == 404
    assert client.get("/api/v1/recommendations/data-requests/99999").status_code == 404


def test_my_recommendations_need_authentication(client, world):
    assert client.get("/api/v1/recommendations/me").status_code == 401

    response = client.get("/api/v1/recommendations/me", **bearer(world["company"]))

    keys = [panel["key"] for panel in response.json()]
    assert keys == ["people", "opportunities", "datasets"]


def test_feedback_round_trip_and_hidden_items_disappear(client, world):
    auth = bearer(world["city"])
    body = {"kind": "opportunity", "id": world["good"].pk, "verdict": "hidden", "context": "meet-need"}

    response = client.post("/api/v1/recommendations/feedback", body, content_type="application/json", **auth)

    assert response.status_code == 200
    assert response.json() == {"kind": "opportunity", "id": world["good"].pk, "verdict": "hidden"}
    listed = client.get(f"/api/v1/recommendations/opportunities/{world['need'].slug}", **auth).json()
    shown = {(item["kind"], item["id"]) for panel in listed for item in panel["items"]}
    assert ("opportunity", world["good"].pk) not in shown
    assert client.delete(f"/api/v1/recommendations/feedback/opportunity/{world['good'].pk}", **auth).status_code == 204
    assert client.delete(f"/api/v1/recommendations/feedback/opportunity/{world['good'].pk}", **auth).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "opportunity", "id": 1, "verdict": "love"}, 400, "verdict"),
        ({"kind": "ufo", "id": 1, "verdict": "useful"}, 400, "kind"),
        ({"kind": "opportunity", "id": 999999, "verdict": "useful"}, 400, "object_id"),
        ({"kind": "opportunity", "verdict": "useful"}, 422, "id"),
    ],
)
def test_malformed_feedback_names_the_field(client, world, body, status, field):
    response = client.post(
        "/api/v1/recommendations/feedback", body, content_type="application/json", **bearer(world["city"])
    )

    assert response.status_code == status
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Feedback.objects.exists()


def test_the_gap_is_public(client, world):
    gap.assess_all()

    cells = client.get("/api/v1/gap").json()["cells"]

    mobility = [cell for cell in cells if cell["topic"] == "mobility" and cell["city"] == "Turku"]
    assert mobility
    assert mobility[0]["demand"] == 1
    assert mobility[0]["supply"] >= 1
