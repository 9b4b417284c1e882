"""Data requests — the demand side: file, vote, comment, follow, answer, merge.

Lifecycle: open → acknowledged → planned (with a date) → fulfilled (with the dataset) or
declined (with a reason); open and acknowledged requests may jump ahead. Publishers of
the addressed organisation, organisers and admins answer; organisers and admins merge
duplicates. Every change tells the followers (in-app, in their language).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from scdt.audit.services import log_action
from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.models import (
    DataRequest,
    DataRequestComment,
    DataRequestFollow,
    DataRequestVote,
    Dataset,
    RequestStatus,
)
from scdt.catalogue.rules import can_answer_request, can_manage_catalogue, is_verified
from scdt.messaging.services import notify

NEXT_STATES = {
    RequestStatus.OPEN: {
        RequestStatus.ACKNOWLEDGED,
        RequestStatus.PLANNED,
        RequestStatus.FULFILLED,
        RequestStatus.DECLINED,
    },
    RequestStatus.ACKNOWLEDGED: {
        RequestStatus.PLANNED,
        RequestStatus.FULFILLED,
        RequestStatus.DECLINED,
    },
    RequestStatus.PLANNED: {RequestStatus.PLANNED, RequestStatus.FULFILLED, RequestStatus.DECLINED},
}


def _require_verified(user, message: str) -> None:
    if not is_verified(user):
        raise PermissionDenied(message)


def _lock(data_request: DataRequest) -> DataRequest:
    return DataRequest.objects.select_for_update().get(pk=data_request.pk)


def _tell_followers(data_request: DataRequest, *, actor, message: str, **params) -> None:
    """Notify every follower but the one who made the change, in the follower's language."""
    follows = DataRequestFollow.objects.filter(request=data_request).select_related("user")
    for follow in follows:
        if actor is not None and follow.user_id == getattr(actor, "pk", None):
            continue
        with translation.override(follow.user.preferred_language or None):
            text = _(message) % {"title": data_request.title, **params}
        notify(
            user=follow.user,
            kind="catalogue.request.changed",
            text=text,
            url=data_request.get_absolute_url(),
        )


# Marked for extraction only; _tell_followers translates them in each follower's language.
_MESSAGES = (
    gettext_noop("A data request you follow was acknowledged: %(title)s"),
    gettext_noop("A data request you follow is planned for %(date)s: %(title)s"),
    gettext_noop("A data request you follow was fulfilled: %(title)s"),
    gettext_noop("A data request you follow was declined: %(title)s"),
    gettext_noop("New comment on a data request you follow: %(title)s"),
    gettext_noop("A data request you follow was merged into another: %(title)s"),
)


def _validate(fields: dict) -> None:
    errors = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = _("Say what data you need.")
    elif len(fields["title"]) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if not (fields.get("description") or "").strip():
        errors["description"] = _("Describe the data you need.")
    elif len(fields["description"]) > 5000:
        errors["description"] = _("Keep the description under 5,000 characters.")
    if len(fields.get("purpose") or "") > 3000:
        errors["purpose"] = _("Keep the purpose under 3,000 characters.")
    if fields.get("wanted_frequency") and fields["wanted_frequency"] not in vocab.FREQUENCIES:
        errors["wanted_frequency"] = _("Choose an update frequency from the list.")
    if errors:
        raise ValidationError(errors)


def file_data_request(
    *,
    user,
    title: str,
    description: str,
    purpose: str = "",
    wanted_format: str = "",
    wanted_frequency: str = "",
    city: str = "",
    addressed_to=None,
    topics=(),
    is_demo: bool = False,
) -> DataRequest:
    """File a data request. Verified users only. The requester's own need counts as the
    first vote, and the requester follows the request."""
    _require_verified(user, _("Please confirm your e-mail address before filing data requests."))
    fields = {
        "title": title,
        "description": description,
        "purpose": purpose,
        "wanted_frequency": wanted_frequency,
    }
    _validate(fields)
    with transaction.atomic():
        data_request = DataRequest.objects.create(
            title=title.strip(),
            description=description.strip(),
            purpose=purpose.strip(),
            wanted_format=vocab.normalise_format(wanted_format) or wanted_format.strip()[:20],
            wanted_frequency=wanted_frequency,
            city=city.strip()[:100],
            addressed_to=addressed_to,
            requester=user,
            vote_count=1,
            is_demo=is_demo,
        )
        data_request.topics.set(topics)
        DataRequestVote.objects.create(request=data_request, user=user)
        DataRequestFollow.objects.create(request=data_request, user=user)
        log_action("catalogue.request.filed", actor=user, target=data_request, title=data_request.title)
    return data_request


def _transition(*, actor, data_request: DataRequest, status: str, verb: str, message: str, **changes):
    if not can_answer_request(actor, data_request):
        raise PermissionDenied(_("Only the publisher addressed, organisers and admins answer data requests."))
    with transaction.atomic():
        data_request = _lock(data_request)
        if status not in NEXT_STATES.get(data_request.status, set()):
            raise ValidationError(
                _("A request that is %(current)s cannot become %(new)s.")
                % {"current": data_request.get_status_display(), "new": RequestStatus(status).label}
            )
        data_request.status = status
        data_request.status_changed_at = timezone.now()
        for key, value in changes.items():
            setattr(data_request, key, value)
        data_request.save()
        params = {"date": changes["planned_for"].isoformat()} if "planned_for" in changes else {}
        _tell_followers(data_request, actor=actor, message=message, **params)
        log_action(
            f"catalogue.request.{verb}",
            actor=actor,
            target=data_request,
            status=status,
            **{k: getattr(v, "pk", v) for k, v in changes.items()},
        )
    return data_request


def acknowledge_request(*, actor, data_request: DataRequest) -> DataRequest:
    """Open → acknowledged: the publisher has seen it."""
    return _transition(
        actor=actor,
        data_request=data_request,
        status=RequestStatus.ACKNOWLEDGED,
        verb="acknowledged",
        message=_MESSAGES[0],
    )


def plan_request(*, actor, data_request: DataRequest, planned_for: dt.date) -> DataRequest:
    """→ planned, with the date the data should appear (not in the past)."""
    if not isinstance(planned_for, dt.date) or planned_for < timezone.localdate():
        raise ValidationError({"planned_for": _("Give a date that is today or later.")})
    return _transition(
        actor=actor,
        data_request=data_request,
        status=RequestStatus.PLANNED,
        verb="planned",
        message=_MESSAGES[1],
        planned_for=planned_for,
    )


def fulfil_request(*, actor, data_request: DataRequest, dataset: Dataset) -> DataRequest:
    """→ fulfilled by ``dataset`` (a dataset of the catalogue that is not withdrawn)."""
    if dataset is None or dataset.withdrawn:
        raise ValidationError({"dataset": _("Choose a dataset of the catalogue that meets the request.")})
    return _transition(
        actor=actor,
        data_request=data_request,
        status=RequestStatus.FULFILLED,
        verb="fulfilled",
        message=_MESSAGES[2],
        fulfilled_by=dataset,
    )


def decline_request(*, actor, data_request: DataRequest, reason: str) -> DataRequest:
    """→ declined; a reason is required."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is declined.")})
    return _transition(
        actor=actor,
        data_request=data_request,
        status=RequestStatus.DECLINED,
        verb="declined",
        message=_MESSAGES[3],
        decline_reason=reason.strip()[:3000],
    )


def comment_on_request(*, user, data_request: DataRequest, text: str) -> DataRequestComment:
    """Add a comment (verified users); the commenter starts following the request."""
    _require_verified(user, _("Please confirm your e-mail address before commenting."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment first.")})
    if len(text) > 3000:
        raise ValidationError({"text": _("Keep comments under 3,000 characters.")})
    with transaction.atomic():
        comment = DataRequestComment.objects.create(request=data_request, author=user, text=text)
        DataRequestFollow.objects.get_or_create(request=data_request, user=user)
        _tell_followers(data_request, actor=user, message=_MESSAGES[4])
        log_action("catalogue.request.commented", actor=user, target=data_request, comment=comment.pk)
    return comment


def upvote_request(*, user, data_request: DataRequest) -> DataRequest:
    """ "I need this too": one vote per person (again is a no-op); voters follow the request."""
    _require_verified(user, _("Please confirm your e-mail address before voting."))
    if data_request.status == RequestStatus.MERGED:
        raise ValidationError(_("This request was merged; vote on the one it was merged into."))
    with transaction.atomic():
        data_request = _lock(data_request)
        try:
            with transaction.atomic():
                DataRequestVote.objects.create(request=data_request, user=user)
        except IntegrityError:
            return data_request
        DataRequestFollow.objects.get_or_create(request=data_request, user=user)
        data_request.vote_count = data_request.votes.count()
        data_request.save(update_fields=["vote_count", "updated_at"])
        log_action("catalogue.request.upvoted", actor=user, target=data_request)
    return data_request


def withdraw_vote(*, user, data_request: DataRequest) -> DataRequest:
    with transaction.atomic():
        data_request = _lock(data_request)
        deleted, _rows = DataRequestVote.objects.filter(request=data_request, user=user).delete()
        if deleted:
            data_request.vote_count = data_request.votes.count()
            data_request.save(update_fields=["vote_count", "updated_at"])
            log_action("catalogue.request.vote_withdrawn", actor=user, target=data_request)
    return data_request


def follow_request(*, user, data_request: DataRequest) -> DataRequestFollow:
    _require_verified(user, _("Please confirm your e-mail address to follow requests."))
    with transaction.atomic():
        follow, created = DataRequestFollow.objects.get_or_create(request=data_request, user=user)
        if created:
            log_action("catalogue.request.followed", actor=user, target=data_request)
    return follow


def unfollow_request(*, user, data_request: DataRequest) -> None:
    with transaction.atomic():
        if DataRequestFollow.objects.filter(request=data_request, user=user).delete()[0]:
            log_action("catalogue.request.unfollowed", actor=user, target=data_request)


def merge_requests(*, actor, duplicate: DataRequest, into: DataRequest) -> DataRequest:
    """Merge ``duplicate`` into ``into``: its requester, voters and followers move over
    (each person counted once), it becomes *merged* and points to ``into``. Organisers
    and admins only; both must be unresolved and different."""
    if not can_manage_catalogue(actor):
        raise PermissionDenied(_("Only organisers and admins merge data requests."))
    if duplicate.pk == into.pk:
        raise ValidationError(_("A request cannot be merged into itself."))
    with transaction.atomic():
        duplicate, into = _lock(duplicate), _lock(into)
        if duplicate.is_closed or into.is_closed:
            raise ValidationError(_("Only unresolved requests can be merged."))
        voters = set(duplicate.votes.values_list("user_id", flat=True))
        if duplicate.requester_id:
            voters.add(duplicate.requester_id)
        already = set(into.votes.values_list("user_id", flat=True))
        DataRequestVote.objects.bulk_create(
            [DataRequestVote(request=into, user_id=uid) for uid in sorted(voters - already)]
        )
        followers = set(duplicate.follows.values_list("user_id", flat=True)) | voters
        following = set(into.follows.values_list("user_id", flat=True))
        DataRequestFollow.objects.bulk_create(
            [DataRequestFollow(request=into, user_id=uid) for uid in sorted(followers - following)]
        )
        into.vote_count = into.votes.count()
        into.save(update_fields=["vote_count", "updated_at"])
        duplicate.status = RequestStatus.MERGED
        duplicate.merged_into = into
        duplicate.status_changed_at = timezone.now()
        duplicate.save()
        _tell_followers(duplicate, actor=actor, message=_MESSAGES[5])
        log_action(
            "catalogue.request.merged",
            actor=actor,
            target=duplicate,
            into=into.pk,
            moved_votes=len(voters - already),
        )
    return into
