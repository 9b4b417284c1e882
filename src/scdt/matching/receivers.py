"""Keep match documents in step with the items they describe.

The domain apps do not know matching exists; these receivers listen to their saves,
topic changes and deletions and mark the item for a refresh after the transaction commits
(services.pending), so a form that saves a row and then its topics is seen whole.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string

from scdt.accounts.signals import collect_user_data
from scdt.catalogue.models import DataRequest, Dataset
from scdt.catalogue.signals import datasets_changed
from scdt.directory.models import Organisation, Profile
from scdt.marketplace.models import Opportunity, Place
from scdt.matching.models import Feedback
from scdt.matching.services import panels
from scdt.matching.services.pending import mark_changed
from scdt.panels import detail_panels

SOURCES = {Opportunity: "opportunity", Dataset: "dataset", DataRequest: "datarequest", Profile: "profile"}


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures: `scdt match_refresh` rebuilds afterwards
    mark_changed(SOURCES[sender], instance.pk)


for _model, _kind in SOURCES.items():
    post_save.connect(_changed, sender=_model, dispatch_uid=f"matching.saved.{_kind}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"matching.deleted.{_kind}")


@receiver(m2m_changed, sender=Opportunity.topics.through, dispatch_uid="matching.topics.opportunity")
@receiver(m2m_changed, sender=DataRequest.topics.through, dispatch_uid="matching.topics.datarequest")
@receiver(m2m_changed, sender=Profile.topics.through, dispatch_uid="matching.topics.profile")
def _topics_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and type(instance) in SOURCES:
        mark_changed(SOURCES[type(instance)], instance.pk)


@receiver(datasets_changed, dispatch_uid="matching.datasets_changed")
def _harvested(sender, *, ids, **kwargs):
    """A harvest writes datasets in bulk (no post_save): refresh them after it commits."""
    for pk in ids:
        mark_changed("dataset", pk)


@receiver(post_save, sender=Place, dispatch_uid="matching.place")
def _place_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        mark_changed("opportunity", instance.opportunity_id)


@receiver(post_save, sender=Organisation, dispatch_uid="matching.organisation")
def _organisation_changed(sender, instance, created, **kwargs):
    """A renamed or moved organisation changes its members' and items' documents."""
    if created or kwargs.get("raw"):
        return
    for pk in instance.members.values_list("pk", flat=True):
        mark_changed("profile", pk)
    for pk in instance.opportunities.values_list("pk", flat=True):
        mark_changed("opportunity", pk)


@receiver(collect_user_data, dispatch_uid="matching.collect_user_data")
def matching_data(sender, *, user, **kwargs):
    """The person's feedback on recommendations (deleted with the account)."""
    return (
        "matching",
        {
            "feedback": [
                {"kind": f.kind, "id": f.object_id, "verdict": f.verdict, "at": f.updated_at.isoformat()}
                for f in Feedback.objects.filter(user=user).order_by("created_at")
            ]
        },
    )


PAGE_PANELS = {
    "opportunity": panels.opportunity_panels,
    "dataset": panels.dataset_panels,
    "datarequest": panels.data_request_panels,
}


@receiver(detail_panels, dispatch_uid="matching.detail_panels")
def recommendation_panels(sender, *, request, obj, **kwargs):
    """Similar items, what could meet a need, who might need an offer: on the item's page."""
    build = PAGE_PANELS.get(sender)
    if build is None:
        return ""
    found = build(obj, request.user)
    if not found:
        return ""
    return render_to_string("matching/includes/panels.html", {"panels": found}, request=request)
