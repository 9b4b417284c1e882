import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.factories import EventSeriesFactory, UserFactory

from scdt.audit.models import AuditEntry
from scdt.marketplace import services
from scdt.marketplace.models import Interest, SeriesMarketplacePolicy, Status

pytestmark = pytest.mark.django_db


def test_create_opportunity_member_gets_draft_with_detected_language(member, make):
    opportunity = make(
        member,
        language="",
        title="Pysäköintitietoa reaaliajassa",
        description="Tarjoamme reaaliaikaista pysäköintitietoa avoimen rajapinnan kautta.",
    )
    assert opportunity.status == Status.DRAFT
    assert opportunity.language == "fi"
    assert opportunity.language_detected
    assert opportunity.organisation == member.profile.organisation
    assert AuditEntry.objects.filter(action="marketplace.opportunity.created").count() == 1


def test_create_opportunity_unverified_user_denied(db, make):
    user = UserFactory(email_verified_at=None)
    with pytest.raises(PermissionDenied):
        make(user)


def test_create_opportunity_without_approved_profile_denied(db, make):
    with pytest.raises(PermissionDenied):
        make(UserFactory())


def test_create_opportunity_bad_input_lists_every_field(member, category):
    with pytest.raises(ValidationError) as exc:
        services.create_opportunity(
            actor=member,
            kind="gift",
            category=category,
            title="x",
            description="short",
            expires_on=timezone.localdate(),
            places=[("Turku", "XX")],
            links=["javascript:alert(1)"],
            extra={"licence": "WTFPL", "colour": "red"},
        )
    errors = exc.value.message_dict
    for field in (
        "kind",
        "title",
        "description",
        "expires_on",
        "places",
        "links",
        "extra.licence",
        "extra.colour",
    ):
        assert field in errors, field


def test_create_opportunity_title_too_long_rejected(member, make):
    with pytest.raises(ValidationError) as exc:
        make(member, title="x" * 151)
    assert "title" in exc.value.message_dict


def test_create_opportunity_for_foreign_organisation_rejected(member, other_member, make):
    with pytest.raises(ValidationError) as exc:
        make(member, organisation=other_member.profile.organisation)
    assert "organisation" in exc.value.message_dict


def test_create_opportunity_rate_limited_per_hour(member, make, settings):
    settings.MARKETPLACE_MAX_CREATED_PER_HOUR = 2
    make(member, is_demo=False)
    make(member, is_demo=False)
    with pytest.raises(ValidationError, match="past hour"):
        make(member, is_demo=False)


def test_extra_values_validated_and_stored_typed(member, make):
    opportunity = make(member, category_slug="pilot", extra={"trl": "7", "available_from": "2030-01-31"})
    assert opportunity.extra == {"trl": 7, "available_from": "2030-01-31"}
    with pytest.raises(ValidationError) as exc:
        make(member, category_slug="pilot", extra={"trl": "12"})
    assert "extra.trl" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make(member, category_slug="pilot", extra={"available_from": "31.1.2030"})


def test_markdown_description_is_sanitised(member, make):
    opportunity = make(
        member,
        description=(
            "## Data\n\n<script>alert(1)</script> **bold** [x](javascript:alert(1)) "
            "[ok](https://example.org) <img src=x onerror=alert(1)>"
        ),
    )
    html = opportunity.description_html
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<h3>Data</h3>" in html


def test_submit_then_approve_publishes_and_mails_owner(member, organiser, make, django_capture_on_commit_callbacks):
    opportunity = make(member)
    opportunity = services.submit_opportunity(actor=member, opportunity=opportunity)
    assert opportunity.status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = services.approve_opportunity(actor=organiser, opportunity=opportunity)
    assert opportunity.status == Status.PUBLISHED
    assert opportunity.published_at is not None
    assert [m.to for m in mail.outbox] == [[member.email]]
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["marketplace.opportunity.submitted", "marketplace.opportunity.approved"]


def test_reject_requires_reason_and_mails_it(member, organiser, make, django_capture_on_commit_callbacks):
    opportunity = services.submit_opportunity(actor=member, opportunity=make(member))
    with pytest.raises(ValidationError):
        services.reject_opportunity(actor=organiser, opportunity=opportunity, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = services.reject_opportunity(
            actor=organiser, opportunity=opportunity, reason="Please name the licence."
        )
    assert opportunity.status == Status.REJECTED
    assert "Please name the licence." in mail.outbox[-1].body
    # The owner can fix it and submit again.
    opportunity = services.submit_opportunity(actor=member, opportunity=opportunity)
    assert opportunity.status == Status.SUBMITTED
    assert opportunity.rejection_reason == ""


def test_approve_by_member_or_owner_denied(member, other_member, make):
    opportunity = services.submit_opportunity(actor=member, opportunity=make(member))
    for actor in (member, other_member):
        with pytest.raises(PermissionDenied):
            services.approve_opportunity(actor=actor, opportunity=opportunity)


def test_approve_draft_denied_even_for_organiser(member, organiser, make):
    with pytest.raises(PermissionDenied):
        services.approve_opportunity(actor=organiser, opportunity=make(member))


def test_submit_by_other_member_denied(member, other_member, make):
    with pytest.raises(PermissionDenied):
        services.submit_opportunity(actor=other_member, opportunity=make(member))


def test_auto_approval_per_series_publishes_on_submit(member, organiser, make):
    series = organiser.organised_series.first()
    services.set_series_policy(actor=organiser, series=series, auto_approve_opportunities=True)
    opportunity = services.submit_opportunity(actor=member, opportunity=make(member, series=series))
    assert opportunity.status == Status.PUBLISHED
    other = services.submit_opportunity(actor=member, opportunity=make(member, series=EventSeriesFactory()))
    assert other.status == Status.SUBMITTED


def test_set_series_policy_by_non_organiser_denied(member):
    with pytest.raises(PermissionDenied):
        services.set_series_policy(actor=member, series=EventSeriesFactory(), auto_approve_opportunities=True)
    assert not SeriesMarketplacePolicy.objects.exists()


def test_owner_edit_of_published_goes_back_to_moderation(member, make):
    opportunity = make(member, publish=True)
    opportunity = services.update_opportunity(actor=member, opportunity=opportunity, title="Parking occupancy API")
    assert opportunity.status == Status.SUBMITTED
    assert opportunity.search_title == "parking occupancy api"


def test_update_unknown_field_rejected(member, make):
    with pytest.raises(ValidationError):
        services.update_opportunity(actor=member, opportunity=make(member), status="published")


def test_close_by_owner_and_not_by_others(member, other_member, make):
    opportunity = make(member, publish=True)
    with pytest.raises(PermissionDenied):
        services.close_opportunity(actor=other_member, opportunity=opportunity)
    assert services.close_opportunity(actor=member, opportunity=opportunity).status == Status.CLOSED
    with pytest.raises(PermissionDenied):
        services.close_opportunity(actor=member, opportunity=opportunity)


def test_expiry_warns_a_week_ahead_once_and_expires_after(member, make, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    soon = make(member, publish=True, expires_on=today + dt.timedelta(days=6))
    later = make(member, publish=True, expires_on=today + dt.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.warn_expiring_opportunities(today=today) == 1
    assert services.warn_expiring_opportunities(today=today) == 0
    assert len(mail.outbox) == 1
    assert soon.title in mail.outbox[0].subject
    assert services.expire_opportunities(today=today + dt.timedelta(days=7)) == 1
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.status == Status.EXPIRED
    assert later.status == Status.PUBLISHED


def test_expire_command_runs_the_services(member, make, capsys):
    from django.core.management import call_command

    make(member, publish=True, expires_on=timezone.localdate() + dt.timedelta(days=3))
    call_command("expire_opportunities")
    assert "Warned 1" in capsys.readouterr().out


def test_expire_task_runs_immediately(member, make):
    from scdt.marketplace.tasks import expire_and_warn

    make(member, publish=True, expires_on=timezone.localdate() + dt.timedelta(days=3))
    result = expire_and_warn.enqueue()
    assert result.return_value == {"warned": 1, "expired": 0}


def test_declare_interest_records_and_mails_owner(member, other_member, make, django_capture_on_commit_callbacks):
    opportunity = make(member, publish=True)
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.declare_interest(actor=other_member, opportunity=opportunity, message="Let's talk")
    assert Interest.objects.get() == interest
    assert mail.outbox[-1].to == [member.email]
    assert "Let's talk" in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        services.declare_interest(actor=other_member, opportunity=opportunity)


def test_declare_interest_in_own_or_unpublished_denied(member, other_member, make):
    with pytest.raises(PermissionDenied):
        services.declare_interest(actor=member, opportunity=make(member, publish=True))
    with pytest.raises(PermissionDenied):
        services.declare_interest(actor=other_member, opportunity=make(member))


def test_bookmark_is_idempotent_and_removable(member, other_member, make):
    opportunity = make(member, publish=True)
    first = services.bookmark_opportunity(actor=other_member, opportunity=opportunity)
    assert services.bookmark_opportunity(actor=other_member, opportunity=opportunity) == first
    assert services.remove_bookmark(actor=other_member, opportunity=opportunity)
    assert not services.remove_bookmark(actor=other_member, opportunity=opportunity)
