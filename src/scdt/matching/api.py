"""Recommendations, feedback and the demand/supply gap on the API.

The same panels as the pages (services.panels), the same hard filters and visibility
rules, the same explanations as sentences plus the raw evidence (shared topics,
concepts and words) for clients that lay them out themselves.
"""

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status

from scdt.accounts.authentication import API_AUTH
from scdt.catalogue import queries as catalogue_queries
from scdt.marketplace import rules as marketplace_rules
from scdt.marketplace.models import Opportunity
from scdt.matching import labels
from scdt.matching.services import feedback as feedback_services
from scdt.matching.services import gap, panels

router = Router(tags=["matching"])


def _anonymous(request):
    """Public reads need no credentials; ``request.user`` stays anonymous."""
    return True


OPTIONAL_AUTH = [*API_AUTH, _anonymous]


class ErrorOut(Schema):
    detail: str
    errors: list[dict]


class SuggestionOut(Schema):
    kind: str = Field(description="opportunity, dataset, datarequest or profile.", examples=["opportunity"])
    id: int = Field(examples=[42])
    title: str = Field(examples=["Real-time parking occupancy data"])
    url: str = Field(examples=["/marketplace/real-time-parking-occupancy-data/"])
    band: str = Field(description="strong, good or possible.", examples=["good"])
    relation: str = Field(description="source role - target role.", examples=["request-offer"])
    reasons: list[str] = Field(description="Why, in the request's language.", examples=[["Your need ↔ their offer"]])
    shared_topics: list[str] = Field(examples=[["Mobility and transport"]])
    shared_concepts: list[str] = Field(description="Glossary concepts found on both sides.", examples=[["parking"]])
    shared_terms: list[str] = Field(examples=[["occupancy", "garages"]])
    your_verdict: str = Field("", description="useful, not-relevant or '' (hidden items are never listed).")


class PanelOut(Schema):
    key: str = Field(description="similar, offers, datasets, might-need, people, opportunities.")
    title: str
    items: list[SuggestionOut]


class FeedbackIn(Schema):
    kind: str = Field(examples=["opportunity"])
    id: int = Field(examples=[42])
    verdict: str = Field(description="useful, not-relevant or hidden.", examples=["useful"])
    context: str = Field("", description="Where it was shown: home, similar, meet-need, might-need.")


class FeedbackOut(Schema):
    kind: str
    id: int
    verdict: str


class GapCellOut(Schema):
    city: str = Field(description="'' when no city is given.", examples=["Turku"])
    topic: str = Field(description="Topic slug, '' when none.", examples=["mobility"])
    demand: int
    supply: int
    unmet: int
    unmet_share: float


class GapOut(Schema):
    assessed_at: str | None
    cells: list[GapCellOut]


def _panels_out(found) -> list[dict]:
    return [
        {
            "key": panel.key,
            "title": str(panel.title),
            "items": [
                {
                    "kind": s.target_kind,
                    "id": s.object_id,
                    "title": labels.target_name(s),
                    "url": labels.target_url(s),
                    "band": s.band,
                    "relation": s.relation,
                    "reasons": labels.reasons(s),
                    "shared_topics": labels.topic_names(s.explanation.shared_topics),
                    "shared_concepts": s.explanation.shared_concepts,
                    "shared_terms": s.explanation.shared_terms,
                    "your_verdict": s.verdict,
                }
                for s in panel.suggestions
            ],
        }
        for panel in found
    ]


@router.get("/recommendations/me", response=list[PanelOut], auth=API_AUTH, summary="Recommended for me")
def my_recommendations(request):
    """People, opportunities and datasets for the authenticated member (the home page's lists)."""
    return _panels_out(panels.home_panels(request.user))


@router.get(
    "/recommendations/opportunities/{ref}",
    response={200: list[PanelOut], 404: ErrorOut},
    auth=OPTIONAL_AUTH,
    summary="Recommendations for an opportunity",
)
def opportunity_recommendations(request, ref: str):
    """Similar opportunities; for a request the offers and datasets that could meet it; for an
    offer's owner, who might need it. ``ref`` is the slug or the id."""
    lookup = {"pk": int(ref)} if ref.isdigit() else {"slug": ref}
    opportunity = Opportunity.objects.filter(**lookup).first()
    if opportunity is None or not marketplace_rules.can_view_opportunity(request.user, opportunity):
        raise Http404
    return _panels_out(panels.opportunity_panels(opportunity, request.user))


@router.get(
    "/recommendations/datasets/{slug}",
    response={200: list[PanelOut], 404: ErrorOut},
    auth=OPTIONAL_AUTH,
    summary="Recommendations for a dataset",
)
def dataset_recommendations(request, slug: str):
    """Similar datasets; for the publisher's members, who might need it."""
    dataset = catalogue_queries.dataset_detail(slug)
    if dataset is None:
        raise Http404
    return _panels_out(panels.dataset_panels(dataset, request.user))


@router.get(
    "/recommendations/data-requests/{pk}",
    response={200: list[PanelOut], 404: ErrorOut},
    auth=OPTIONAL_AUTH,
    summary="Datasets that could meet a data request",
)
def data_request_recommendations(request, pk: int):
    data_request = catalogue_queries.request_detail(pk)
    if data_request is None:
        raise Http404
    return _panels_out(panels.data_request_panels(data_request, request.user))


@router.post(
    "/recommendations/feedback",
    response={200: FeedbackOut, 400: ErrorOut},
    auth=API_AUTH,
    summary="Rate a recommendation",
)
def give_feedback(request, payload: FeedbackIn):
    """useful, not-relevant or hidden (hidden items are never recommended to you again)."""
    saved = feedback_services.give_feedback(
        user=request.user, kind=payload.kind, object_id=payload.id, verdict=payload.verdict, context=payload.context
    )
    return {"kind": saved.kind, "id": saved.object_id, "verdict": saved.verdict}


@router.delete(
    "/recommendations/feedback/{kind}/{object_id}",
    response={204: None, 404: ErrorOut},
    auth=API_AUTH,
    summary="Withdraw a rating",
)
def withdraw_feedback(request, kind: str, object_id: int):
    if not feedback_services.withdraw_feedback(user=request.user, kind=kind, object_id=object_id):
        raise Http404
    return Status(204, None)


@router.get("/gap", response=GapOut, auth=OPTIONAL_AUTH, summary="The demand/supply gap")
def demand_supply_gap(request):
    """City x topic cells of demand (requests, data requests), supply (offers, datasets) and
    unmet demand, from the last assessment."""
    matrix = gap.gap_matrix()
    return {
        "assessed_at": matrix.assessed_at.isoformat() if matrix.assessed_at else None,
        "cells": [
            {
                "city": cell.city,
                "topic": cell.topic,
                "demand": cell.demand,
                "supply": cell.supply,
                "unmet": cell.unmet,
                "unmet_share": round(cell.unmet_share, 4),
            }
            for cell in matrix.cells.values()
        ],
    }

