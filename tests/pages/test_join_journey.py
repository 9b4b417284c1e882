"""The newcomer's journey through the real HTML forms:
join → verify → log in → register → cancel → the waiting list moves up."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from tests.factories import PASSWORD, EventFactory, OrganisationFactory, RegistrationFactory, UserFactory

from scdt.directory.models import Organisation, Profile
from scdt.events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db(transaction=True)

JOIN_PASSWORD = "a-long-and-unusual-passphrase-42"


def _join_data(**overrides):
    data = {
        "email": "Newcomer@Example.org",
        "password": JOIN_PASSWORD,
        "password_again": JOIN_PASSWORD,
        "full_name": "Nina Newcomer",
        "job_title": "Data engineer",
        "languages": ["en", "fi"],
        "offer_text": "Data pipelines for parking sensors.",
        "seek_text": "Open traffic data.",
        "visibility": "members",
        "organisation_name": "Newcomer Analytics Oy",
        "organisation_type": "company",
        "organisation_country": "FI",
        "organisation_city": "Turku",
        "organisation_website": "https://newcomer.example.org",
        "attendance": "onsite",
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


def _link_in_last_mail(pattern: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(pattern, body)
    assert match, body
    return match.group(0)


def test_join_verify_register_cancel_promotes_waitlist(client):
    event = EventFactory(capacity=1, title="Demonstration workshop")
    other = OrganisationFactory()

    # Join, choosing no workshop yet.
    response = client.post(reverse("pages:join"), _join_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("pages:joined")
    profile = Profile.objects.get(user__email="newcomer@example.org")
    assert profile.organisation.name == "Newcomer Analytics Oy"
    assert not profile.user.is_verified

    # Verify through the link in the mail.
    link = _link_in_last_mail(r"http://[^\s]+/accounts/verify/[^\s]+")
    response = client.get(urlparse(link).path)
    assert response.status_code in {200, 302}
    profile.user.refresh_from_db()
    assert profile.user.is_verified

    # Log in through the form.
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "newcomer@example.org", "password": JOIN_PASSWORD})
    assert response.status_code == 302

    # Someone else takes the only place first; our newcomer goes on the waiting list.
    holder = RegistrationFactory(event=event, user=UserFactory(), status=RegistrationStatus.APPROVED)
    response = client.post(reverse("events:register", args=[event.slug]), {"attendance": "onsite"})
    assert response.status_code == 302
    mine = Registration.objects.get(event=event, user=profile.user)
    assert mine.status == RegistrationStatus.WAITLISTED

    # The holder cancels: the newcomer moves up and is told by e-mail.
    client.logout()
    client.post(reverse("accounts:login"), {"username": holder.user.email, "password": PASSWORD})
    outbox_before = len(mail.outbox)
    response = client.post(reverse("events:cancel", args=[holder.uid]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.APPROVED
    assert any("newcomer@example.org" in m.to for m in mail.outbox[outbox_before:])
    assert other.pk  # an unrelated organisation stays untouched


def test_join_with_first_workshop_registers_after_verification(client):
    event = EventFactory(title="First workshop")
    response = client.post(reverse("pages:join"), _join_data(event=str(event.pk)))
    assert response.status_code == 302
    assert not Registration.objects.filter(event=event).exists()

    link = _link_in_last_mail(r"http://[^\s]+/accounts/verify/[^\s]+")
    client.get(urlparse(link).path)

    registration = Registration.objects.get(event=event, user__email="newcomer@example.org")
    assert registration.status == RegistrationStatus.APPROVED


def test_join_with_bad_input_shows_errors_and_writes_nothing(client):
    OrganisationFactory(name="Existing")
    UserFactory(email="taken@example.org")
    data = _join_data(email="taken@example.org", password_again="different", organisation_type="")
    response = client.post(reverse("pages:join"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "The two passwords differ." in content
    assert "Choose the type of your organisation." in content
    assert not Profile.objects.filter(full_name="Nina Newcomer").exists()


def test_join_with_taken_email_keeps_nothing(client):
    UserFactory(email="taken@example.org")
    response = client.post(reverse("pages:join"), _join_data(email="taken@example.org"))
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.content.decode()
    assert not Profile.objects.filter(full_name="Nina Newcomer").exists()
    assert not Organisation.objects.filter(name="Newcomer Analytics Oy").exists()
