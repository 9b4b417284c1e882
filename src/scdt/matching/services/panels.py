"""What each page shows: the recommendation panels of an opportunity, a dataset, a data
request and a member's home, each a list of explained suggestions with their objects.

Objects are loaded through the owning apps' visibility rules once more, so a suggestion
the viewer may not see is dropped even if the index were stale.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from scdt.catalogue.models import DataRequest, Dataset
from scdt.directory.queries import visible_profiles
from scdt.directory.roles import is_admin, own_profile
from scdt.directory.rules import is_organisation_member
from scdt.marketplace.models import Kind
from scdt.marketplace.queries import published, with_card_data
from scdt.matching import queries
from scdt.matching.models import DocumentKind, TargetKind
from scdt.matching.services.recommendations import Suggestion, merge, suggest

PANEL_SIZE = 5
HOME_SIZE = 6


@dataclass
class Panel:
    key: str  # html id and test handle
    title: str
    context: str  # feedback context: home / similar / meet-need / might-need
    suggestions: list[Suggestion] = field(default_factory=list)
    help: str = ""


def attach_objects(suggestions: list[Suggestion], viewer) -> list[Suggestion]:
    """Give each suggestion its object; drop those the viewer may not see."""
    ids: dict[str, set[int]] = {}
    for suggestion in suggestions:
        ids.setdefault(suggestion.target_kind, set()).add(suggestion.object_id)
    objects: dict[tuple[str, int], object] = {}
    loaders = {
        TargetKind.OPPORTUNITY: lambda pks: with_card_data(published().filter(pk__in=pks)),
        TargetKind.DATASET: lambda pks: Dataset.objects.filter(pk__in=pks, withdrawn=False).select_related("publisher"),
        TargetKind.DATA_REQUEST: lambda pks: DataRequest.objects.filter(pk__in=pks).select_related("addressed_to"),
        TargetKind.PROFILE: lambda pks: visible_profiles(viewer).filter(pk__in=pks, allow_matching=True),
    }
    for kind, pks in ids.items():
        for obj in loaders[kind](pks):
            objects[(kind, obj.pk)] = obj
    kept = []
    for suggestion in suggestions:
        suggestion.obj = objects.get((suggestion.target_kind, suggestion.object_id))
        if suggestion.obj is not None:
            kept.append(suggestion)
    return kept


def _panel(key, title, context, suggestions, viewer, help_text=""):  # noqa: PLR0917 -- a Panel's fields in order
    return Panel(key, title, context, attach_objects(suggestions, viewer), help_text)


def opportunity_panels(opportunity, viewer) -> list[Panel]:
    source = queries.document_of(DocumentKind.OPPORTUNITY, opportunity.pk)
    if source is None:
        return []
    panels = [
        _panel(
            "similar",
            _("Similar opportunities"),
            "similar",
            suggest(source, DocumentKind.OPPORTUNITY, viewer=viewer, k=PANEL_SIZE, roles={opportunity.kind}),
            viewer,
        )
    ]
    if opportunity.kind == Kind.REQUEST:
        panels.append(
            _panel(
                "offers",
                _("Offers that could meet this request"),
                "meet-need",
                suggest(source, DocumentKind.OPPORTUNITY, viewer=viewer, k=PANEL_SIZE, roles={"offer"}, as_owner=True),
                viewer,
            )
        )
        panels.append(_datasets_panel(source, viewer))
    elif viewer is not None and viewer.is_authenticated and (opportunity.owner_id == viewer.pk or is_admin(viewer)):
        panels.append(
            _panel(
                "might-need",
                _("Who might need this"),
                "might-need",
                merge(
                    suggest(source, DocumentKind.OPPORTUNITY, viewer=viewer, k=PANEL_SIZE, roles={"request"}),
                    suggest(source, DocumentKind.PROFILE_SEEK, viewer=viewer, k=PANEL_SIZE),
                    k=PANEL_SIZE,
                ),
                viewer,
                _("Requests and people whose needs match your offer. Only you see this list."),
            )
        )
    return [panel for panel in panels if panel.suggestions]


def _datasets_panel(source, viewer) -> Panel:
    return _panel(
        "datasets",
        _("Datasets that could meet this"),
        "meet-need",
        suggest(source, DocumentKind.DATASET, viewer=viewer, k=PANEL_SIZE, exclude_organisation=False),
        viewer,
    )


def can_see_dataset_demand(viewer, dataset) -> bool:
    """The publisher's members and admins see who might need a dataset."""
    return bool(viewer and viewer.is_authenticated) and (
        is_admin(viewer) or is_organisation_member(viewer, dataset.publisher)
    )


def dataset_panels(dataset, viewer) -> list[Panel]:
    source = queries.document_of(DocumentKind.DATASET, dataset.pk)
    if source is None:
        return []
    panels = [
        _panel(
            "similar",
            _("Similar datasets"),
            "similar",
            suggest(source, DocumentKind.DATASET, viewer=viewer, k=PANEL_SIZE, exclude_organisation=False),
            viewer,
        )
    ]
    if can_see_dataset_demand(viewer, dataset):
        panels.append(
            _panel(
                "might-need",
                _("Who might need this"),
                "might-need",
                merge(
                    suggest(source, DocumentKind.DATA_REQUEST, viewer=viewer, k=PANEL_SIZE, exclude_organisation=False),
                    suggest(source, DocumentKind.OPPORTUNITY, viewer=viewer, k=PANEL_SIZE, roles={"request"}),
                    suggest(source, DocumentKind.PROFILE_SEEK, viewer=viewer, k=PANEL_SIZE),
                    k=PANEL_SIZE,
                ),
                viewer,
                _("Data requests, requests and people whose needs match this dataset. Only its publisher sees this."),
            )
        )
    return [panel for panel in panels if panel.suggestions]


def data_request_panels(data_request, viewer) -> list[Panel]:
    source = queries.document_of(DocumentKind.DATA_REQUEST, data_request.pk)
    if source is None:
        return []
    panel = _datasets_panel(source, viewer)
    return [panel] if panel.suggestions else []


def home_panels(user) -> list[Panel]:
    """"Recommended for you": people, opportunities and datasets for a member.

    Sources: what the profile seeks and offers, and the person's own published requests
    and open data requests (three most recent of each).
    """
    profile = own_profile(user)
    seek = queries.document_of(DocumentKind.PROFILE_SEEK, profile.pk) if profile else None
    offer = queries.document_of(DocumentKind.PROFILE_OFFER, profile.pk) if profile else None
    needs = queries.own_demand_documents(user, limit=3)
    people, opportunities, datasets = [], [], []
    if seek is not None and seek.text:
        people.append(suggest(seek, DocumentKind.PROFILE_OFFER, viewer=user, k=HOME_SIZE))
        opportunities.append(suggest(seek, DocumentKind.OPPORTUNITY, viewer=user, k=HOME_SIZE, roles={"offer"}))
        datasets.append(suggest(seek, DocumentKind.DATASET, viewer=user, k=HOME_SIZE, exclude_organisation=False))
    if offer is not None and offer.text:
        people.append(suggest(offer, DocumentKind.PROFILE_SEEK, viewer=user, k=HOME_SIZE))
        opportunities.append(suggest(offer, DocumentKind.OPPORTUNITY, viewer=user, k=HOME_SIZE, roles={"request"}))
    for need in needs:
        if need.kind == DocumentKind.OPPORTUNITY:
            opportunities.append(suggest(need, DocumentKind.OPPORTUNITY, viewer=user, k=HOME_SIZE, roles={"offer"}))
        datasets.append(suggest(need, DocumentKind.DATASET, viewer=user, k=HOME_SIZE, exclude_organisation=False))
    panels = [
        _panel("people", _("People to meet"), "home", merge(*people, k=HOME_SIZE), user),
        _panel("opportunities", _("Opportunities for you"), "home", merge(*opportunities, k=HOME_SIZE), user),
        _panel("datasets", _("Open data for your needs"), "home", merge(*datasets, k=HOME_SIZE), user),
    ]
    return panels
