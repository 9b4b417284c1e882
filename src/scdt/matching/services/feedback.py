"""A person's verdict on a recommended item: useful, not relevant, or hide it for good."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.matching.models import Feedback, MatchDocument, TargetKind, Verdict

CONTEXTS = {"home", "similar", "meet-need", "might-need"}
DOCUMENT_KINDS = {
    TargetKind.OPPORTUNITY: ["opportunity"],
    TargetKind.DATASET: ["dataset"],
    TargetKind.DATA_REQUEST: ["datarequest"],
    TargetKind.PROFILE: ["profile-offer", "profile-seek"],
}


@transaction.atomic
def give_feedback(*, user, kind: str, object_id, verdict: str, context: str = "") -> Feedback:
    """Record (or change) ``user``'s verdict on one item; "hidden" keeps it out of every list."""
    if user is None or not user.is_authenticated:
        raise ValidationError(_("Log in to rate recommendations."), code="login")
    if kind not in TargetKind.values:
        raise ValidationError({"kind": _("Unknown kind of item.")})
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose useful, not relevant or hide.")})
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        raise ValidationError({"object_id": _("Not an item number.")}) from None
    if not MatchDocument.objects.filter(kind__in=DOCUMENT_KINDS[kind], object_id=object_id).exists():
        raise ValidationError({"object_id": _("There is no such item to rate.")})
    feedback, _created = Feedback.objects.update_or_create(
        user=user,
        kind=kind,
        object_id=object_id,
        defaults={"verdict": verdict, "context": context if context in CONTEXTS else ""},
    )
    log_action(f"matching.feedback.{verdict}", actor=user, target=feedback)
    return feedback


@transaction.atomic
def withdraw_feedback(*, user, kind: str, object_id: int) -> int:
    """Forget a verdict (an "undo" after hiding by mistake)."""
    deleted, _detail = Feedback.objects.filter(user=user, kind=kind, object_id=object_id).delete()
    return deleted
