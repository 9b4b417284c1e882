"""How useful the recommendations are, in aggregate, for organisers.

Counts of the verdicts people gave (useful, not relevant, hidden) per place the
recommendation was shown and per kind of item, and the items hidden most often. No
individual's verdicts are shown: only counts.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from scdt.matching.models import DocumentKind, Feedback, MatchDocument, TargetKind, Verdict

# The document kinds behind each target kind (a person has two documents).
DOCUMENT_KINDS = {
    TargetKind.OPPORTUNITY: [DocumentKind.OPPORTUNITY],
    TargetKind.DATASET: [DocumentKind.DATASET],
    TargetKind.DATA_REQUEST: [DocumentKind.DATA_REQUEST],
    TargetKind.PROFILE: [DocumentKind.PROFILE_OFFER, DocumentKind.PROFILE_SEEK],
}


@dataclass
class Usefulness:
    context: str
    kind: str
    useful: int
    not_relevant: int
    hidden: int

    @property
    def total(self) -> int:
        return self.useful + self.not_relevant + self.hidden

    @property
    def useful_share(self) -> float:
        return self.useful / self.total if self.total else 0.0


def _counts():
    return {
        "useful": Count("pk", filter=Q(verdict=Verdict.USEFUL)),
        "not_relevant": Count("pk", filter=Q(verdict=Verdict.NOT_RELEVANT)),
        "hidden": Count("pk", filter=Q(verdict=Verdict.HIDDEN)),
    }


def by_context_and_kind() -> list[Usefulness]:
    """One row per (place shown, kind of item) with verdict counts."""
    rows = Feedback.objects.values("context", "kind").annotate(**_counts()).order_by("context", "kind")
    return [Usefulness(**row) for row in rows]


def overall() -> Usefulness:
    return Usefulness(context="", kind="", **Feedback.objects.aggregate(**_counts()))


@dataclass
class HiddenItem:
    kind: str
    object_id: int
    hidden: int
    title: str
    slug: str
    active: bool  # still public: the page may link it


def most_hidden(limit: int = 10) -> list[HiddenItem]:
    """The items people hid most often (a hint of a recommendation that keeps missing)."""
    rows = list(
        Feedback.objects.filter(verdict=Verdict.HIDDEN)
        .values("kind", "object_id")
        .annotate(hidden=Count("pk"))
        .order_by("-hidden", "kind", "object_id")[:limit]
    )
    documents = {}
    for document in MatchDocument.objects.filter(object_id__in={row["object_id"] for row in rows}):
        for kind, document_kinds in DOCUMENT_KINDS.items():
            if document.kind in document_kinds:
                documents.setdefault((kind, document.object_id), document)
    items = []
    for row in rows:
        document = documents.get((row["kind"], row["object_id"]))
        fields = (document.fields or {}) if document else {}
        active = bool(document and document.active)
        if row["kind"] == TargetKind.PROFILE:
            # A person who hid their profile or opted out is not named, even to organisers.
            title = fields.get("name", "") if active else ""
        else:
            title = document.title if document else ""
        items.append(
            HiddenItem(
                kind=row["kind"],
                object_id=row["object_id"],
                hidden=row["hidden"],
                title=title,
                slug=fields.get("slug") or "",
                active=active,
            )
        )
    return items
