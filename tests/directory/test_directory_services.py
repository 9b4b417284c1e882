import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from tests.factories import (
    EventSeriesFactory,
    OrganisationFactory,
    ProfileFactory,
    UserFactory,
)

from scdt.audit.models import AuditEntry
from scdt.directory import services
from scdt.directory.models import MembershipStatus, Organisation, Profile, Topic, Visibility
from scdt.messaging.models import Notification

pytestmark = pytest.mark.django_db


def png_upload(name="logo.png", size=(64, 32), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def organisation_kwargs(**overrides):
    return {
        "actor": None,
        "name": "City of Turku",
        "type": "city",
        "country": "FI",
        "city": "Turku",
        **overrides,
    }


# --- topics -------------------------------------------------------------------------------


def test_topics_seeded_in_order_with_four_languages():
    topics = list(Topic.objects.order_by("position"))

    assert [t.slug for t in topics] == [
        "mobility",
        "energy",
        "environment",
        "buildings",
        "water",
        "health",
        "public-services",
        "economy",
        "data-platforms",
        "ai-simulation",
    ]
    assert [t.position for t in topics] == list(range(1, 11))
    assert all(t.name_en and t.name_fi and t.name_pl and t.name_lt for t in topics)
    mobility = topics[0]
    assert mobility.name_en == "Mobility and transport"
    assert mobility.hvd_category == "http://data.europa.eu/bna/c_b79e35eb"
    assert Topic.objects.get(slug="health").hvd_category == ""


# --- organisations --------------------------------------------------------------------------


def test_create_organisation_slug_unique_with_suffix():
    first = services.create_organisation(**organisation_kwargs())
    second = services.create_organisation(**organisation_kwargs())
    third = services.create_organisation(**organisation_kwargs())

    assert [first.slug, second.slug, third.slug] == [
        "city-of-turku",
        "city-of-turku-2",
        "city-of-turku-3",
    ]
    assert AuditEntry.objects.filter(action="directory.organisation.created").count() == 3


def test_create_organisation_name_without_letters_gets_fallback_slug():
    organisation = services.create_organisation(**organisation_kwargs(name="???"))

    assert organisation.slug == "organisation"


def test_create_organisation_records_creator():
    user = UserFactory()

    organisation = services.create_organisation(**organisation_kwargs(actor=user))

    assert organisation.created_by == user


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"website": "javascript:alert(1)"}, "website"),
        ({"website": "not a url"}, "website"),
        ({"country": "XX"}, "country"),
        ({"type": "castle"}, "type"),
        ({"name": "  "}, "name"),
        ({"city": ""}, "city"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_create_organisation_bad_input_rejected(overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**organisation_kwargs(**overrides))

    assert field in caught.value.message_dict
    assert not Organisation.objects.exists()


def test_create_organisation_valid_png_logo_stored():
    organisation = services.create_organisation(
        **organisation_kwargs(logo=png_upload("whatever.gif"))
    )

    assert organisation.logo.name == "logos/city-of-turku.png"
    with organisation.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (64, 32)


def test_create_organisation_text_file_renamed_png_rejected():
    fake = SimpleUploadedFile(
        "logo.png", b"hello, I am not an image\n" * 10, content_type="image/png"
    )

    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**organisation_kwargs(logo=fake))

    assert "logo" in caught.value.message_dict
    assert not Organisation.objects.exists()


def test_create_organisation_oversized_logo_bytes_rejected(settings):
    settings.LOGO_MAX_BYTES = 100

    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**organisation_kwargs(logo=png_upload()))

    assert "logo" in caught.value.message_dict


def test_create_organisation_oversized_logo_pixels_rejected():
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**organisation_kwargs(logo=png_upload(size=(2001, 10))))

    assert "logo" in caught.value.message_dict


def test_create_organisation_unsupported_image_format_rejected():
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(**organisation_kwargs(logo=png_upload(image_format="BMP")))

    assert "logo" in caught.value.message_dict


def test_update_organisation_by_approved_member_changes_fields_not_slug():
    organisation = OrganisationFactory(slug="acme")
    member = ProfileFactory(organisation=organisation).user

    services.update_organisation(
        actor=member, organisation=organisation, name="Acme Labs", city="Gdańsk"
    )

    organisation.refresh_from_db()
    assert (organisation.name, organisation.city, organisation.slug) == (
        "Acme Labs",
        "Gdańsk",
        "acme",
    )
    assert AuditEntry.objects.filter(action="directory.organisation.updated").exists()


@pytest.mark.parametrize("who", ["stranger", "pending_member", "anonymous"])
def test_update_organisation_by_non_member_forbidden(who):
    from django.contrib.auth.models import AnonymousUser

    organisation = OrganisationFactory()
    actor = {
        "stranger": lambda: ProfileFactory().user,
        "pending_member": lambda: (
            ProfileFactory(organisation=organisation, status=MembershipStatus.PENDING).user
        ),
        "anonymous": AnonymousUser,
    }[who]()

    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=actor, organisation=organisation, name="Taken over")


def test_update_organisation_by_admin_allowed_and_logo_removed():
    organisation = services.create_organisation(**organisation_kwargs(logo=png_upload()))
    admin = UserFactory(is_staff=True)

    services.update_organisation(actor=admin, organisation=organisation, logo=False)

    organisation.refresh_from_db()
    assert not organisation.logo


def test_update_organisation_bad_website_rejected():
    organisation = OrganisationFactory()
    admin = UserFactory(is_staff=True)

    with pytest.raises(ValidationError):
        services.update_organisation(actor=admin, organisation=organisation, website="ftp://x")


# --- profiles ------------------------------------------------------------------------------


def test_create_profile_pending_with_topics_and_languages():
    user = UserFactory()

    profile = services.create_profile(
        user=user,
        full_name=" Anna Virtanen ",
        topics=["mobility", Topic.objects.get(slug="energy")],
        languages=["fi", "en", "fi"],
    )

    assert profile.full_name == "Anna Virtanen"
    assert profile.status == MembershipStatus.PENDING
    assert profile.visibility == Visibility.MEMBERS
    assert sorted(t.slug for t in profile.topics.all()) == ["energy", "mobility"]
    assert profile.languages == ["fi", "en"]


def test_create_profile_second_for_same_user_rejected():
    user = UserFactory()
    services.create_profile(user=user, full_name="Anna")

    with pytest.raises(ValidationError):
        services.create_profile(user=user, full_name="Anna again")

    assert Profile.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"languages": ["en", "klingon"]}, "languages"),
        ({"bio": "x" * 1501}, "bio"),
        ({"offer_text": "x" * 2001}, "offer_text"),
        ({"full_name": ""}, "full_name"),
        ({"visibility": "everyone"}, "visibility"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"country": "ZZ"}, "country"),
    ],
)
def test_create_profile_bad_input_rejected(overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.create_profile(user=UserFactory(), **{"full_name": "Anna", **overrides})

    assert field in caught.value.message_dict
    assert not Profile.objects.exists()


def test_update_profile_by_owner_changes_fields():
    profile = ProfileFactory()

    services.update_profile(
        actor=profile.user,
        profile=profile,
        job_title="Data architect",
        topics=["water"],
        visibility=Visibility.PUBLIC,
    )

    profile.refresh_from_db()
    assert profile.job_title == "Data architect"
    assert profile.visibility == Visibility.PUBLIC
    assert [t.slug for t in profile.topics.all()] == ["water"]


def test_update_profile_by_other_member_forbidden():
    profile = ProfileFactory()

    with pytest.raises(PermissionDenied):
        services.update_profile(actor=ProfileFactory().user, profile=profile, full_name="Hacked")


def test_update_profile_status_not_accepted():
    profile = ProfileFactory(status=MembershipStatus.PENDING)

    with pytest.raises(TypeError):
        services.update_profile(actor=profile.user, profile=profile, status="approved")


# --- approval --------------------------------------------------------------------------------


def test_approve_member_by_organiser_mails_and_notifies_in_their_language(
    django_capture_on_commit_callbacks,
):
    organiser = UserFactory()
    EventSeriesFactory(organisers=[organiser])
    profile = ProfileFactory(
        status=MembershipStatus.PENDING, user=UserFactory(preferred_language="fi")
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_member(actor=organiser, profile=profile)

    profile.refresh_from_db()
    assert profile.status == MembershipStatus.APPROVED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [profile.user.email]
    assert "/directory/me/" in mail.outbox[0].body
    assert Notification.objects.filter(user=profile.user, kind="directory.member.approved").exists()
    assert AuditEntry.objects.filter(action="directory.member.approved", actor=organiser).exists()


def test_approve_member_twice_mails_once(django_capture_on_commit_callbacks):
    admin = UserFactory(is_staff=True)
    profile = ProfileFactory(status=MembershipStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_member(actor=admin, profile=profile)
        services.approve_member(actor=admin, profile=profile)

    assert len(mail.outbox) == 1


def test_approve_member_by_participant_forbidden():
    profile = ProfileFactory(status=MembershipStatus.PENDING)

    with pytest.raises(PermissionDenied):
        services.approve_member(actor=ProfileFactory().user, profile=profile)

    profile.refresh_from_db()
    assert profile.status == MembershipStatus.PENDING


def test_reject_member_with_reason_mails_reason(django_capture_on_commit_callbacks):
    organiser = UserFactory()
    EventSeriesFactory(organisers=[organiser])
    profile = ProfileFactory(status=MembershipStatus.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_member(
            actor=organiser, profile=profile, reason="Please name your organisation's role."
        )

    profile.refresh_from_db()
    assert profile.status == MembershipStatus.REJECTED
    assert len(mail.outbox) == 1
    assert "Please name your organisation's role." in mail.outbox[0].body
    notification = Notification.objects.get(user=profile.user, kind="directory.member.rejected")
    assert "Please name" in notification.text


def test_reject_member_without_reason_rejected():
    admin = UserFactory(is_staff=True)
    profile = ProfileFactory(status=MembershipStatus.PENDING)

    with pytest.raises(ValidationError) as caught:
        services.reject_member(actor=admin, profile=profile, reason="   ")

    assert "reason" in caught.value.message_dict
    profile.refresh_from_db()
    assert profile.status == MembershipStatus.PENDING
    assert not mail.outbox


def test_update_profile_partial_keeps_other_fields():
    profile = ProfileFactory(full_name="Keep Me", job_title="Keep too")

    services.update_profile(actor=profile.user, profile=profile, topics=["energy"])

    profile.refresh_from_db()
    assert (profile.full_name, profile.job_title) == ("Keep Me", "Keep too")
