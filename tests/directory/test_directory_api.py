import pytest
from tests.factories import EventSeriesFactory, OrganisationFactory, ProfileFactory, UserFactory

from scdt.accounts.services import create_api_token
from scdt.directory.models import MembershipStatus, Topic, Visibility

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = create_api_token(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def ids(response):
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def three_profiles():
    return {
        "public": ProfileFactory(visibility=Visibility.PUBLIC),
        "members": ProfileFactory(visibility=Visibility.MEMBERS),
        "hidden": ProfileFactory(visibility=Visibility.HIDDEN),
        "pending": ProfileFactory(visibility=Visibility.PUBLIC, status=MembershipStatus.PENDING),
    }


def test_topics_api_lists_ten_in_order(client):
    response = client.get("/api/v1/topics")

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 10
    assert body[0]["slug"] == "mobility"
    assert body[0]["name_lt"] == "Judumas ir transportas"


def test_organisations_api_filters_and_paginates(client):
    OrganisationFactory(name="Turku City", type="city", country="FI", city="Turku")
    OrganisationFactory(name="Gdańsk Tech", type="research", country="PL", city="Gdańsk")

    everything = client.get("/api/v1/organisations")
    research = client.get("/api/v1/organisations", {"type": "research"})
    searched = client.get("/api/v1/organisations", {"q": "turku"})

    assert everything.json()["count"] == 2
    assert [o["slug"] for o in research.json()["items"]] == [
        o["slug"] for o in everything.json()["items"] if o["name"] == "Gdańsk Tech"
    ]
    assert [o["name"] for o in searched.json()["items"]] == ["Turku City"]


def test_organisations_api_bad_type_is_422(client):
    response = client.get("/api/v1/organisations", {"type": "castle"})

    assert response.status_code == 422
    assert "detail" in response.json()


def test_organisation_api_detail_and_404(client):
    organisation = OrganisationFactory(slug="acme")

    found = client.get("/api/v1/organisations/acme")
    missing = client.get("/api/v1/organisations/nope")

    assert found.status_code == 200
    assert found.json()["name"] == organisation.name
    assert found.json()["logo"] is None
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not found."


def test_profiles_api_anonymous_sees_public_only(client, three_profiles):
    response = client.get("/api/v1/profiles")

    assert response.status_code == 200
    assert ids(response) == {three_profiles["public"].pk}


def test_profiles_api_bad_token_falls_back_to_anonymous(client, three_profiles):
    response = client.get("/api/v1/profiles", HTTP_AUTHORIZATION="Bearer wrong")

    assert ids(response) == {three_profiles["public"].pk}


def test_profiles_api_member_token_sees_members_profiles(client, three_profiles):
    member = ProfileFactory(visibility=Visibility.HIDDEN)

    response = client.get("/api/v1/profiles", **bearer(member.user))

    assert ids(response) == {three_profiles["public"].pk, three_profiles["members"].pk, member.pk}


def test_profiles_api_session_organiser_sees_members_profiles(client, three_profiles):
    organiser = UserFactory()
    EventSeriesFactory(organisers=[organiser])
    client.force_login(organiser)

    response = client.get("/api/v1/profiles")

    assert ids(response) == {three_profiles["public"].pk, three_profiles["members"].pk}


def test_profiles_api_search_by_topic(client):
    match = ProfileFactory(visibility=Visibility.PUBLIC)
    match.topics.set(Topic.objects.filter(slug="health"))
    ProfileFactory(visibility=Visibility.PUBLIC)

    response = client.get("/api/v1/profiles", {"topic": "health"})

    assert ids(response) == {match.pk}


@pytest.mark.parametrize(
    ("kind", "anonymous_status", "member_status"),
    [("public", 200, 200), ("members", 404, 200), ("hidden", 404, 404), ("pending", 404, 404)],
)
def test_profile_api_detail_visibility(
    client, three_profiles, kind, anonymous_status, member_status
):
    target = three_profiles[kind]
    member = ProfileFactory()

    anonymous = client.get(f"/api/v1/profiles/{target.pk}")
    as_member = client.get(f"/api/v1/profiles/{target.pk}", **bearer(member.user))

    assert anonymous.status_code == anonymous_status
    assert as_member.status_code == member_status
    if member_status == 200:
        assert as_member.json()["full_name"] == target.full_name
        assert "visibility" not in as_member.json()


def test_me_profile_api_requires_auth(client):
    assert client.get("/api/v1/me/profile").status_code == 401


def test_me_profile_api_without_profile_is_404(client):
    assert client.get("/api/v1/me/profile", **bearer(UserFactory())).status_code == 404


def test_me_profile_api_get_shows_status_and_visibility(client):
    profile = ProfileFactory(status=MembershipStatus.PENDING, visibility=Visibility.HIDDEN)

    response = client.get("/api/v1/me/profile", **bearer(profile.user))

    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    assert response.json()["visibility"] == "hidden"


def test_me_profile_api_patch_changes_only_sent_fields(client):
    organisation = OrganisationFactory(slug="acme")
    profile = ProfileFactory(job_title="Keep", bio="Old bio")

    response = client.patch(
        "/api/v1/me/profile",
        {
            "bio": "New bio",
            "topics": ["energy", "water"],
            "languages": ["pl"],
            "organisation": "acme",
        },
        content_type="application/json",
        **bearer(profile.user),
    )

    assert response.status_code == 200
    body = response.json()
    assert body["bio"] == "New bio"
    assert body["job_title"] == "Keep"
    assert sorted(body["topics"]) == ["energy", "water"]
    assert body["languages"] == ["pl"]
    assert body["organisation"] == {"slug": "acme", "name": organisation.name}


@pytest.mark.parametrize(
    "payload",
    [
        {"languages": ["xx"]},
        {"topics": ["nope"]},
        {"organisation": "nope"},
        {"full_name": None},
        {"country": "ZZ"},
    ],
)
def test_me_profile_api_patch_bad_input_is_400(client, payload):
    profile = ProfileFactory()

    response = client.patch(
        "/api/v1/me/profile", payload, content_type="application/json", **bearer(profile.user)
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] in payload


def test_me_profile_api_patch_status_ignored(client):
    profile = ProfileFactory(status=MembershipStatus.PENDING)

    response = client.patch(
        "/api/v1/me/profile",
        {"status": "approved"},
        content_type="application/json",
        **bearer(profile.user),
    )

    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == MembershipStatus.PENDING


def test_profiles_api_query_count_constant(client, django_assert_max_num_queries):
    for _ in range(15):
        ProfileFactory(visibility=Visibility.PUBLIC).topics.set(Topic.objects.all()[:2])

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/profiles")

    assert response.json()["count"] == 15


def test_openapi_schema_documents_directory_operations(client):
    schema = client.get("/api/v1/openapi.json").json()

    for path in [
        "/api/v1/topics",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/profiles",
        "/api/v1/profiles/{profile_id}",
        "/api/v1/me/profile",
    ]:
        assert path in schema["paths"], path
    assert "patch" in schema["paths"]["/api/v1/me/profile"]
