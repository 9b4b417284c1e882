"""Data requests: lifecycle, votes, comments, merges, followers, permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.factories import EventSeriesFactory, OrganisationFactory, ProfileFactory, UserFactory

from scdt.catalogue import services
from scdt.catalogue.models import DataRequest, DataRequestFollow, Dataset, RequestStatus
from scdt.catalogue.rules import can_answer_request, can_edit_request, can_manage_catalogue
from scdt.messaging.models import Notification

pytestmark = pytest.mark.django_db


def _file(user, **extra):
    return services.file_data_request(
        user=user, title="Bus stop accessibility", description="Which stops have ramps?", **extra
    )


def _dataset():
    return Dataset.objects.create(identifier="x", slug="bus-stops", title={"en": "Bus stops"})


@pytest.fixture
def organiser():
    user = UserFactory()
    EventSeriesFactory(organisers=[user])
    return user


def test_file_data_request_counts_the_requester_and_follows():
    user = UserFactory()

    data_request = _file(user, wanted_format="csv", wanted_frequency="MONTHLY")

    assert data_request.status == RequestStatus.OPEN
    assert data_request.vote_count == 1
    assert data_request.wanted_format == "CSV"
    assert DataRequestFollow.objects.filter(request=data_request, user=user).exists()


def test_file_data_request_needs_verified_user_and_valid_input():
    with pytest.raises(PermissionDenied):
        _file(UserFactory(email_verified_at=None))
    with pytest.raises(ValidationError) as error:
        services.file_data_request(user=UserFactory(), title="", description="", wanted_frequency="hourly")
    assert set(error.value.message_dict) == {"title", "description", "wanted_frequency"}


def test_request_lifecycle_by_publisher_tells_followers():
    organisation = OrganisationFactory()
    publisher = ProfileFactory(organisation=organisation).user
    requester = UserFactory()
    data_request = _file(requester, addressed_to=organisation)
    dataset = _dataset()

    services.acknowledge_request(actor=publisher, data_request=data_request)
    services.plan_request(
        actor=publisher, data_request=data_request, planned_for=timezone.localdate() + dt.timedelta(days=30)
    )
    services.fulfil_request(actor=publisher, data_request=data_request, dataset=dataset)

    data_request.refresh_from_db()
    assert data_request.status == RequestStatus.FULFILLED
    assert data_request.fulfilled_by == dataset
    assert Notification.objects.filter(user=requester, kind="catalogue.request.changed").count() == 3
    assert not Notification.objects.filter(user=publisher).exists()


def test_request_decline_needs_reason_and_closed_requests_stay_closed(organiser):
    data_request = _file(UserFactory())

    with pytest.raises(ValidationError):
        services.decline_request(actor=organiser, data_request=data_request, reason=" ")
    services.decline_request(actor=organiser, data_request=data_request, reason="Personal data")
    with pytest.raises(ValidationError):
        services.acknowledge_request(actor=organiser, data_request=data_request)

    data_request.refresh_from_db()
    assert data_request.decline_reason == "Personal data"


def test_request_plan_in_the_past_is_refused(organiser):
    data_request = _file(UserFactory())

    with pytest.raises(ValidationError):
        services.plan_request(actor=organiser, data_request=data_request, planned_for=dt.date(2000, 1, 1))


def test_request_answers_are_forbidden_to_others():
    data_request = _file(UserFactory(), addressed_to=OrganisationFactory())

    with pytest.raises(PermissionDenied):
        services.acknowledge_request(actor=ProfileFactory().user, data_request=data_request)


def test_upvote_is_once_per_person_and_can_be_withdrawn():
    data_request = _file(UserFactory())
    voter = UserFactory()

    services.upvote_request(user=voter, data_request=data_request)
    services.upvote_request(user=voter, data_request=data_request)
    after_votes = DataRequest.objects.get(pk=data_request.pk).vote_count
    services.withdraw_vote(user=voter, data_request=data_request)

    assert after_votes == 2
    assert DataRequest.objects.get(pk=data_request.pk).vote_count == 1


def test_comment_notifies_followers_but_not_the_author():
    requester, commenter = UserFactory(), UserFactory()
    data_request = _file(requester)

    services.comment_on_request(user=commenter, data_request=data_request, text="We need this for a study.")

    assert Notification.objects.filter(user=requester).count() == 1
    assert not Notification.objects.filter(user=commenter).exists()
    with pytest.raises(ValidationError):
        services.comment_on_request(user=commenter, data_request=data_request, text="  ")


def test_merge_carries_requester_votes_and_followers(organiser):
    first_requester, second_requester, voter = UserFactory(), UserFactory(), UserFactory()
    keep = _file(first_requester)
    duplicate = _file(second_requester)
    services.upvote_request(user=voter, data_request=duplicate)
    services.upvote_request(user=voter, data_request=keep)

    merged_into = services.merge_requests(actor=organiser, duplicate=duplicate, into=keep)

    duplicate.refresh_from_db()
    assert duplicate.status == RequestStatus.MERGED
    assert duplicate.merged_into == keep
    assert merged_into.vote_count == 3  # both requesters and the voter, each once
    assert set(keep.follows.values_list("user_id", flat=True)) == {first_requester.pk, second_requester.pk, voter.pk}
    with pytest.raises(ValidationError):
        services.upvote_request(user=UserFactory(), data_request=duplicate)


def test_merge_is_for_organisers_and_refuses_itself(organiser):
    data_request = _file(UserFactory())
    other = _file(UserFactory())

    with pytest.raises(PermissionDenied):
        services.merge_requests(actor=UserFactory(), duplicate=data_request, into=other)
    with pytest.raises(ValidationError):
        services.merge_requests(actor=organiser, duplicate=data_request, into=data_request)


@pytest.mark.parametrize(
    ("role", "manage", "answer", "edit"),
    [
        ("anonymous", False, False, False),
        ("participant", False, False, False),
        ("requester", False, False, True),
        ("publisher", False, True, False),
        ("organiser", True, True, True),
        ("admin", True, True, True),
    ],
)
def test_catalogue_permissions_by_role(role, manage, answer, edit):
    from django.contrib.auth.models import AnonymousUser

    organisation = OrganisationFactory()
    requester = UserFactory()
    data_request = _file(requester, addressed_to=organisation)
    users = {
        "anonymous": AnonymousUser(),
        "participant": ProfileFactory().user,
        "requester": requester,
        "publisher": ProfileFactory(organisation=organisation).user,
        "organiser": EventSeriesFactory(organisers=[UserFactory()]).organisers.get(),
        "admin": UserFactory(is_staff=True),
    }
    user = users[role]

    assert bool(can_manage_catalogue(user)) is manage
    assert bool(can_answer_request(user, data_request)) is answer
    assert bool(can_edit_request(user, data_request)) is edit


def test_follow_dataset_and_reuse_services():
    user = UserFactory()
    dataset = _dataset()

    services.follow_dataset(user=user, dataset=dataset)
    services.follow_dataset(user=user, dataset=dataset)
    reuse = services.create_reuse(
        actor=user, title="Accessible routes app", kind="application", datasets=[dataset], url="https://x.example"
    )

    assert dataset.follows.count() == 1
    assert list(dataset.reuses.all()) == [reuse]
    with pytest.raises(ValidationError):
        services.create_reuse(actor=user, title="", kind="nonsense", datasets=[])
    with pytest.raises(PermissionDenied):
        services.delete_reuse(actor=UserFactory(), reuse=reuse)
