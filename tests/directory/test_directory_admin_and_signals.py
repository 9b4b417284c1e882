import pytest
from django.core import mail
from django.urls import reverse
from tests.factories import PASSWORD, OrganisationFactory, ProfileFactory, UserFactory

from scdt.accounts.services import delete_account, export_user_data
from scdt.directory.models import MembershipStatus, Organisation, Profile, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_approve_action_calls_service(admin_client, django_capture_on_commit_callbacks):
    pending = ProfileFactory.create_batch(2, status=MembershipStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:directory_profile_changelist"),
            {"action": "approve_selected", "_selected_action": [p.pk for p in pending]},
        )

    assert response.status_code == 302
    assert set(Profile.objects.values_list("status", flat=True)) == {MembershipStatus.APPROVED}
    assert len(mail.outbox) == 2


def test_admin_reject_action_needs_reason(admin_client, django_capture_on_commit_callbacks):
    pending = ProfileFactory(status=MembershipStatus.PENDING)
    url = reverse("admin:directory_profile_changelist")

    admin_client.post(
        url, {"action": "reject_selected", "_selected_action": [pending.pk], "reason": ""}
    )
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url, {"action": "reject_selected", "_selected_action": [pending.pk], "reason": "Spam"}
        )
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.REJECTED
    assert "Spam" in mail.outbox[0].body


def test_admin_pages_render(admin_client):
    profile = ProfileFactory()

    for url in [
        reverse("admin:directory_profile_changelist"),
        reverse("admin:directory_profile_change", args=[profile.pk]),
        reverse("admin:directory_organisation_changelist"),
        reverse("admin:directory_organisation_change", args=[profile.organisation.pk]),
        reverse("admin:directory_organisation_add"),
        reverse("admin:directory_topic_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_admin_organisation_add_goes_through_service(admin_client):
    response = admin_client.post(
        reverse("admin:directory_organisation_add"),
        {
            "name": "City of Vilnius",
            "type": "city",
            "country": "LT",
            "city": "Vilnius",
            "website": "",
            "description": "",
        },
    )

    assert response.status_code == 302
    assert Organisation.objects.get().slug == "city-of-vilnius"


def test_admin_profile_change_goes_through_service(admin_client):
    profile = ProfileFactory(status=MembershipStatus.PENDING)
    topic = Topic.objects.get(slug="health")

    response = admin_client.post(
        reverse("admin:directory_profile_change", args=[profile.pk]),
        {
            "full_name": "Changed",
            "organisation": profile.organisation.pk,
            "job_title": "",
            "city": "Turku",
            "country": "FI",
            "bio": "",
            "topics": [topic.pk],
            "languages": '["en"]',
            "offer_text": "",
            "seek_text": "",
            "visibility": "public",
            "allow_matching": "on",
        },
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.full_name == "Changed"
    assert [t.slug for t in profile.topics.all()] == ["health"]
    assert profile.status == MembershipStatus.PENDING


def test_export_includes_profile_section():
    profile = ProfileFactory(full_name="Anna", languages=["fi"])
    profile.topics.set(Topic.objects.filter(slug="energy"))

    data = export_user_data(user=profile.user)

    assert data["profile"]["full_name"] == "Anna"
    assert data["profile"]["topics"] == ["energy"]
    assert data["profile"]["organisation"]["slug"] == profile.organisation.slug


def test_export_without_profile_has_no_profile_section():
    data = export_user_data(user=UserFactory())

    assert "profile" not in data


def test_erasure_removes_profile_keeps_organisation():
    organisation = OrganisationFactory()
    profile = ProfileFactory(organisation=organisation)

    delete_account(user=profile.user, password=PASSWORD)

    assert not Profile.objects.filter(pk=profile.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_admin_organisation_fake_logo_rejected(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"plain text", content_type="image/png")

    response = admin_client.post(
        reverse("admin:directory_organisation_add"),
        {"name": "X", "type": "city", "country": "LT", "city": "Vilnius", "logo": fake},
    )

    assert response.status_code == 200
    assert not Organisation.objects.exists()
