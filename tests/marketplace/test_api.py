import pytest
from django.core import mail
from tests.marketplace.conftest import future

from scdt.accounts.authentication import token_digest
from scdt.accounts.models import ApiToken
from scdt.marketplace.models import Bookmark, Interest, Opportunity, Status

pytestmark = pytest.mark.django_db


def bearer(user, raw=None):
    raw = raw or f"token-{user.pk}-secret"
    ApiToken.objects.get_or_create(user=user, digest=token_digest(raw), defaults={"name": "t", "prefix": raw[:8]})
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


PAYLOAD = {
    "kind": "offer",
    "category": "open-data",
    "title": "Parking occupancy API for Gdańsk",
    "description": "Minute-by-minute occupancy of **2,400** places, open API.",
    "expires_on": future().isoformat(),
    "topics": ["mobility"],
    "places": [{"city": "Gdańsk", "country": "PL"}],
    "links": ["https://data.example.org/parking"],
    "extra": {"licence": "CC-BY-4.0", "update_frequency": "real-time"},
}


def test_api_full_journey_create_submit_approve_search_bookmark_interest(
    client, member, other_member, organiser, django_capture_on_commit_callbacks
):
    created = client.post("/api/v1/opportunities", PAYLOAD, content_type="application/json", **bearer(member))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft"
    assert body["extra"]["licence"] == "CC-BY-4.0"
    assert "<strong>2,400</strong>" in body["description_html"]
    ref = body["slug"]
    assert client.post(f"/api/v1/opportunities/{ref}/submit", **bearer(member)).json()["status"] == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(f"/api/v1/opportunities/{ref}/approve", **bearer(organiser))
    assert approved.json()["status"] == "published"
    found = client.get("/api/v1/opportunities", {"q": "gdansk parking", "country": "PL"}).json()
    assert [r["slug"] for r in found["results"]] == [ref]
    assert {f["value"]: f["count"] for f in found["facets"]["kind"]} == {"offer": 1}
    assert client.put(f"/api/v1/opportunities/{ref}/bookmark", **bearer(other_member)).status_code == 204
    assert [r["slug"] for r in client.get("/api/v1/me/bookmarks", **bearer(other_member)).json()] == [ref]
    with django_capture_on_commit_callbacks(execute=True):
        interest = client.post(
            f"/api/v1/opportunities/{ref}/interest",
            {"message": "Pilot in Vilnius?"},
            content_type="application/json",
            **bearer(other_member),
        )
    assert interest.status_code == 201
    assert mail.outbox[-1].to == [member.email]
    assert "Pilot in Vilnius?" in mail.outbox[-1].body
    again = client.post(
        f"/api/v1/opportunities/{ref}/interest",
        {},
        content_type="application/json",
        **bearer(other_member),
    )
    assert again.status_code == 400
    assert client.delete(f"/api/v1/opportunities/{ref}/bookmark", **bearer(other_member)).status_code == 204
    assert not Bookmark.objects.exists()
    assert Interest.objects.count() == 1


def test_api_create_bad_input_is_400_with_field_errors(client, member):
    payload = {**PAYLOAD, "title": "x", "extra": {"licence": "mine"}, "topics": ["mobility"]}
    response = client.post("/api/v1/opportunities", payload, content_type="application/json", **bearer(member))
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"title", "extra.licence"} <= fields


def test_api_create_unknown_category_or_topic_is_400(client, member):
    for change in ({"category": "robots"}, {"topics": ["robots"]}):
        response = client.post(
            "/api/v1/opportunities",
            {**PAYLOAD, **change},
            content_type="application/json",
            **bearer(member),
        )
        assert response.status_code == 400


def test_api_create_malformed_body_is_422(client, member):
    response = client.post("/api/v1/opportunities", {"kind": "gift"}, content_type="application/json", **bearer(member))
    assert response.status_code == 422


def test_api_create_anonymous_401_and_non_member_403(client, db):
    from tests.factories import UserFactory

    assert client.post("/api/v1/opportunities", PAYLOAD, content_type="application/json").status_code == 401
    response = client.post("/api/v1/opportunities", PAYLOAD, content_type="application/json", **bearer(UserFactory()))
    assert response.status_code == 403


def test_api_list_unknown_facet_value_is_400(client, db):
    response = client.get("/api/v1/opportunities", {"category": "robots"})
    assert response.status_code == 400
    assert "robots" in response.json()["detail"]


def test_api_list_hostile_query_is_200(client, member, make):
    make(member, publish=True)
    for q in ['"', "NEAR(", "*", "a:b", "-x"]:
        assert client.get("/api/v1/opportunities", {"q": q}).status_code == 200


def test_api_detail_hides_drafts_and_contact(client, member, other_member, make):
    draft = make(member)
    assert client.get(f"/api/v1/opportunities/{draft.slug}").status_code == 404
    assert client.get(f"/api/v1/opportunities/{draft.pk}", **bearer(other_member)).status_code == 404
    assert client.get(f"/api/v1/opportunities/{draft.pk}", **bearer(member)).status_code == 200
    published = make(member, publish=True)
    assert client.get(f"/api/v1/opportunities/{published.slug}").json()["contact_email"] is None
    seen = client.get(f"/api/v1/opportunities/{published.slug}", **bearer(other_member)).json()
    assert seen["contact_email"] == member.email


def test_api_patch_own_and_not_others(client, member, other_member, make):
    opportunity = make(member, publish=True)
    denied = client.patch(
        f"/api/v1/opportunities/{opportunity.slug}",
        {"title": "Hijacked title"},
        content_type="application/json",
        **bearer(other_member),
    )
    assert denied.status_code == 403
    changed = client.patch(
        f"/api/v1/opportunities/{opportunity.slug}",
        {"title": "Parking data, renewed"},
        content_type="application/json",
        **bearer(member),
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Parking data, renewed"
    assert changed.json()["status"] == "submitted"


def test_api_reject_needs_organiser_and_reason(client, member, organiser, make):
    opportunity = make(member)
    opportunity.status = Status.SUBMITTED
    opportunity.save()
    url = f"/api/v1/opportunities/{opportunity.slug}/reject"
    assert client.post(url, {"reason": "no"}, content_type="application/json", **bearer(member)).status_code == 403
    assert client.post(url, {"reason": " "}, content_type="application/json", **bearer(organiser)).status_code == 400
    ok = client.post(url, {"reason": "Add a licence."}, content_type="application/json", **bearer(organiser))
    assert ok.json()["status"] == "rejected"
    assert ok.json()["rejection_reason"] == "Add a licence."


def test_api_my_opportunities_and_categories(client, member, make):
    make(member)
    mine = client.get("/api/v1/me/opportunities", **bearer(member)).json()
    assert [o["status"] for o in mine] == ["draft"]
    categories = client.get("/api/v1/opportunity-categories").json()
    assert len(categories) == 8
    pilot = next(c for c in categories if c["slug"] == "pilot")
    assert pilot["fields"][0]["key"] == "trl"


def test_api_list_query_count_constant(client, member, make, django_assert_max_num_queries):
    for index in range(10):
        make(member, publish=True, title=f"Offer {index} parking", topic_slugs=["mobility", "energy"])
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/opportunities", {"q": "parking"})
    assert response.json()["count"] == 10


def test_openapi_lists_marketplace_operations(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/opportunities",
        "/api/v1/opportunities/{ref}",
        "/api/v1/opportunities/{ref}/submit",
        "/api/v1/opportunities/{ref}/bookmark",
        "/api/v1/opportunities/{ref}/interest",
        "/api/v1/me/bookmarks",
        "/api/v1/opportunity-categories",
    ):
        assert path in schema["paths"], path
    assert Opportunity.objects.count() == 0
