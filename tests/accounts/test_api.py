import pytest
from tests.factories import ProfileFactory, UserFactory

from scdt.accounts import services

pytestmark = pytest.mark.django_db


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_me_with_bearer_token(client):
    user = UserFactory(email="api@example.org", preferred_language="lt")
    _token, raw = services.create_api_token(user=user, name="script")

    response = client.get("/api/v1/me", headers=_bearer(raw))

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "api@example.org",
        "verified": True,
        "language": "lt",
        "profile_id": None,
    }


def test_me_includes_profile_id(client):
    profile = ProfileFactory()
    client.force_login(profile.user)

    response = client.get("/api/v1/me")

    assert response.json()["profile_id"] == profile.pk


def test_me_without_credentials_is_401_with_common_body(client):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_me_with_unknown_token_is_401(client):
    assert client.get("/api/v1/me", headers=_bearer("scdt_nope")).status_code == 401


def test_revoked_token_is_401(client):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="script")
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 200

    response = client.delete(f"/api/v1/me/tokens/{token.pk}", headers=_bearer(raw))

    assert response.status_code == 200
    assert response.json()["active"] is False
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_create_token_via_api_returns_raw_token_once(client):
    user = UserFactory()
    _token, raw = services.create_api_token(user=user, name="first")

    created = client.post(
        "/api/v1/me/tokens",
        {"name": "second"},
        content_type="application/json",
        headers=_bearer(raw),
    )
    listed = client.get("/api/v1/me/tokens", headers=_bearer(raw))

    assert created.status_code == 201
    new_raw = created.json()["token"]
    assert client.get("/api/v1/me", headers=_bearer(new_raw)).status_code == 200
    assert [t["name"] for t in listed.json()] == ["second", "first"]
    assert all("token" not in t for t in listed.json())


def test_create_token_via_api_blank_name_is_4xx(client):
    _token, raw = services.create_api_token(user=UserFactory(), name="first")

    response = client.post(
        "/api/v1/me/tokens", {"name": "  "}, content_type="application/json", headers=_bearer(raw)
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "name"


def test_create_token_via_session_for_unverified_user_is_403(client):
    client.force_login(UserFactory(email_verified_at=None))

    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")

    assert response.status_code == 403


def test_delete_token_of_another_user_is_403_and_unknown_is_404(client):
    _token, raw = services.create_api_token(user=UserFactory(), name="mine")
    other, _other_raw = services.create_api_token(user=UserFactory(), name="theirs")

    forbidden = client.delete(f"/api/v1/me/tokens/{other.pk}", headers=_bearer(raw))
    missing = client.delete("/api/v1/me/tokens/999999", headers=_bearer(raw))

    assert forbidden.status_code == 403
    assert missing.status_code == 404


def test_token_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    user = UserFactory()
    for n in range(8):
        _token, raw = services.create_api_token(user=user, name=f"t{n}")

    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/me/tokens", headers=_bearer(raw))

    assert len(response.json()) == 8
