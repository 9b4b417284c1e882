import json

import pytest
from django.conf import settings
from django.urls import reverse
from tests.accounts.mail_links import link_path
from tests.factories import PASSWORD, UserFactory

from scdt.accounts import services
from scdt.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-7"


def test_login_with_email_in_any_case_sets_language_cookie(client):
    UserFactory(email="anna@example.org", preferred_language="fi")

    response = client.post(
        reverse("accounts:login"), {"username": "ANNA@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fi"


def test_login_page_labels_email(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert 'type="email"' in response.content.decode()
    assert "E-mail address" in response.content.decode()


def test_login_wrong_password_shows_error(client):
    UserFactory(email="anna@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "anna@example.org", "password": "x"}
    )

    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_login_unverified_user_lands_on_verify_page_with_resend_button(client):
    UserFactory(email="pending@example.org", email_verified_at=None)

    response = client.post(
        reverse("accounts:login"),
        {"username": "pending@example.org", "password": PASSWORD},
        follow=True,
    )

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts:verification_sent")
    assert "pending@example.org" in content
    assert reverse("accounts:resend_verification") in content


def test_logout_requires_post(client):
    client.force_login(UserFactory())

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_verify_link_verifies_and_redirects(client, sign_up):
    user, path = sign_up()

    response = client.get(path)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_verify_link_tampered_shows_clear_page(client, sign_up):
    _user, path = sign_up()

    response = client.get(path.rstrip("/") + "x/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_verify_link_reused_says_already_used(client, sign_up):
    _user, path = sign_up()
    client.get(path)

    response = client.get(path)

    assert response.status_code == 400
    assert "already used" in response.content.decode()


def test_resend_verification_logged_in_too_soon_shows_message(client, sign_up, mailoutbox):
    user, _path = sign_up()
    client.force_login(user)

    response = client.post(reverse("accounts:resend_verification"), follow=True)

    assert "wait a minute" in response.content.decode()
    assert len(mailoutbox) == 1


def test_resend_verification_anonymous_gives_same_answer_for_unknown_address(client):
    response = client.post(
        reverse("accounts:resend_verification"), {"email": "nobody@example.org"}, follow=True
    )

    assert response.status_code == 200
    assert "If an unverified account uses this address" in response.content.decode()


def test_password_reset_flow_through_html_forms(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="forgetful@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "Forgetful@example.org"}
        )
    assert response.url == reverse("accounts:password_reset_done")
    path = link_path(mailoutbox[-1], "/accounts/reset/")

    form_page = client.get(path)
    assert form_page.status_code == 200
    assert 'name="new_password"' in form_page.content.decode()
    mismatch = client.post(path, {"new_password": NEW_PASSWORD, "new_password_again": "other"})
    assert "differ" in mismatch.content.decode()
    done = client.post(path, {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert done.url == reverse("accounts:password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(path).status_code == 400
    assert client.login(username="forgetful@example.org", password=NEW_PASSWORD)


def test_password_reset_weak_password_shown_on_form(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    path = link_path(mailoutbox[-1], "/accounts/reset/")

    response = client.post(path, {"new_password": "123", "new_password_again": "123"})

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_password_reset_unknown_address_same_page(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_account_pages_require_login(client):
    for name in ["settings", "change_password", "change_email", "tokens", "export", "delete"]:
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:login")), name


def test_settings_page_saves_language_and_sets_cookie(client):
    user = UserFactory()
    client.force_login(user)

    assert client.get(reverse("accounts:settings")).status_code == 200
    response = client.post(reverse("accounts:settings"), {"preferred_language": "pl"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    user.refresh_from_db()
    assert user.preferred_language == "pl"


def test_settings_page_unknown_language_shows_error(client):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:settings"), {"preferred_language": "de"})

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_change_password_page_keeps_session(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:change_password"),
        {
            "old_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )

    assert response.url == reverse("accounts:settings")
    assert client.get(reverse("accounts:settings")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_change_password_page_wrong_old_password_shown(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("accounts:change_password"),
        {"old_password": "nope", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_change_email_through_pages_requires_reverification_by_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="old@example.org")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:change_email"), {"new_email": "new@example.org", "password": PASSWORD}
        )
    assert response.url == reverse("accounts:settings")
    user.refresh_from_db()
    assert user.email == "old@example.org"
    path = link_path(mailoutbox[0], "/accounts/email/confirm/")

    confirmed = client.get(path)
    reused = client.get(path)

    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.org"
    assert reused.status_code == 400


def test_tokens_page_shows_raw_token_once(client):
    user = UserFactory()
    client.force_login(user)

    created = client.post(reverse("accounts:tokens"), {"action": "create", "name": "my script"})
    raw = created.context["created"]["raw"]
    listed = client.get(reverse("accounts:tokens"))

    assert raw in created.content.decode()
    assert raw not in listed.content.decode()
    assert "my script" in listed.content.decode()


def test_tokens_page_revokes_own_token_only(client):
    user = UserFactory()
    own, _raw = services.create_api_token(user=user, name="mine")
    other, _raw = services.create_api_token(user=UserFactory(), name="theirs")
    client.force_login(user)

    client.post(reverse("accounts:tokens"), {"action": "revoke", "token_id": own.pk})
    response = client.post(
        reverse("accounts:tokens"), {"action": "revoke", "token_id": other.pk}, follow=True
    )

    assert ApiToken.objects.get(pk=own.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    assert "cannot be revoked" in response.content.decode()


def test_tokens_page_unverified_user_told_to_verify(client):
    client.force_login(UserFactory(email_verified_at=None))

    response = client.post(reverse("accounts:tokens"), {"action": "create", "name": "x"})

    assert response.status_code == 200
    assert "Verify your e-mail address" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_tokens_page_query_count_does_not_grow_with_tokens(client, django_assert_max_num_queries):
    user = UserFactory()
    for n in range(8):
        services.create_api_token(user=user, name=f"token {n}")
    client.force_login(user)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:tokens"))

    assert response.content.decode().count("token ") >= 8


def test_export_page_downloads_json(client):
    user = UserFactory(email="me@example.org")
    client.force_login(user)

    assert client.get(reverse("accounts:export")).status_code == 200
    response = client.post(reverse("accounts:export"))

    assert response["Content-Type"].startswith("application/json")
    assert 'filename="scdt-my-data.json"' in response["Content-Disposition"]
    assert json.loads(response.content)["account"]["email"] == "me@example.org"


def test_delete_page_explains_and_erases_on_password(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("accounts:delete")).content.decode()
    wrong = client.post(reverse("accounts:delete"), {"password": "nope"})
    right = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert "anonymous" in page
    assert "future" in page or "not happened yet" in page
    assert wrong.status_code == 200
    assert right.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_settings_page_offers_resend_to_unverified_user(client):
    client.force_login(UserFactory(email_verified_at=None))

    content = client.get(reverse("accounts:settings")).content.decode()

    assert reverse("accounts:resend_verification") in content
    assert "not verified" in content


def test_resend_verification_anonymous_too_soon_does_not_reveal_account(client, sign_up):
    sign_up(email="exists@example.org")

    response = client.post(
        reverse("accounts:resend_verification"), {"email": "exists@example.org"}, follow=True
    )

    content = response.content.decode()
    assert "If an unverified account uses this address" in content
    assert "wait a minute" not in content
