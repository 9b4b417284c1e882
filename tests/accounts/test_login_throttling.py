import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.factories import PASSWORD, UserFactory

from scdt.accounts.models import FailedLogin
from scdt.accounts.throttling import LOGIN_FAILURE_LIMIT

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_too_many_failures_block_even_the_right_password(client):
    user = UserFactory()
    for _ in range(LOGIN_FAILURE_LIMIT):
        assert _login(client, user.email, "wrong-password").status_code == 200
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_age_out_of_the_window(client):
    user = UserFactory()
    old = timezone.now() - dt.timedelta(minutes=16)
    FailedLogin.objects.bulk_create(FailedLogin(email=user.email, created_at=old) for _ in range(LOGIN_FAILURE_LIMIT))
    assert _login(client, user.email, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count(client):
    user = UserFactory()
    for _ in range(LOGIN_FAILURE_LIMIT - 1):
        _login(client, user.email, "wrong-password")
    assert _login(client, user.email.upper(), PASSWORD).status_code == 302
    assert not FailedLogin.objects.filter(email=user.email).exists()
