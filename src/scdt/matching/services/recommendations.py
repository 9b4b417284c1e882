"""Recommendations from the stored documents: one engine, hard filters first, explained.

Every list the site shows (home, "similar", "could meet this", "who might need this")
comes from ``suggest``: the source's stored text and query vector against the index of
one document kind, with the hard filters as a mask (active, kind, not expired, not the
viewer's own or their organisation's, visibility, hidden by the viewer), reranked and
explained by the engine. No embedding is computed here: a source without vectors yet is
matched by BM25 alone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from scdt.directory.roles import is_admin, is_member, is_organiser_of_any_series, own_profile
from scdt.matching import queries
from scdt.matching.engine import explain as engine_explain
from scdt.matching.engine import weights
from scdt.matching.engine.recommend import recommend
from scdt.matching.engine.text import written_text
from scdt.matching.models import MatchDocument, Verdict, target_kind_of

# Explanations without vectors: a band from how many informative terms both share.
LEXICAL_GOOD_TERMS = 4


@dataclass
class Suggestion:
    document_kind: str
    target_kind: str
    object_id: int
    title: str
    fields: dict
    score: float
    band: str
    explanation: engine_explain.Explanation
    source_text: str
    target_text: str
    relation: str
    verdict: str = ""
    obj: object = None


def _viewer_sees_members_only(viewer) -> bool:
    return bool(viewer and viewer.is_authenticated) and (
        is_admin(viewer) or is_member(viewer) or is_organiser_of_any_series(viewer)
    )


def _viewer_organisation_id(viewer) -> int:
    profile = own_profile(viewer) if viewer is not None and viewer.is_authenticated else None
    return (profile.organisation_id or 0) if profile else 0


def allowed_mask(
    kind_index: queries.KindIndex,
    *,
    viewer,
    roles: Iterable[str] | None = None,
    exclude_objects: Iterable[int] = (),
    exclude_organisation: bool = True,
    owner_id: int | None = None,
    organisation_id: int | None = None,
    verdicts: dict[int, str] | None = None,
) -> np.ndarray:
    """The hard filters that depend on the request, as a mask over the index rows.

    Own items are the viewer's (or ``owner_id``'s, when matching for an item's owner
    without a viewer, as the gap assessment does) and, unless ``exclude_organisation`` is
    off, their organisation's. ``verdicts``: the viewer's feedback on this kind, when the
    caller has it already (queries.verdicts_by).
    """
    mask = np.ones(len(kind_index.object_ids), dtype=bool)
    if not len(mask):
        return mask
    if roles is not None:
        mask &= np.isin(kind_index.roles, list(roles))
    mask &= kind_index.expires >= timezone.localdate().toordinal()
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else 0
    owner_id = owner_id or viewer_id
    if owner_id:
        mask &= kind_index.owners != owner_id
    if exclude_organisation:
        organisation_id = organisation_id or (_viewer_organisation_id(viewer) if viewer_id else 0)
        if organisation_id:
            mask &= kind_index.organisations != organisation_id
    if not _viewer_sees_members_only(viewer):
        mask &= ~kind_index.members_only
    if verdicts is None:
        verdicts = queries.verdicts_by(viewer, target_kind_of(kind_index.kind))
    hidden = {pk for pk, verdict in verdicts.items() if verdict == Verdict.HIDDEN} | set(exclude_objects)
    rows = kind_index.rows_of_objects(hidden)
    if rows:
        mask[rows] = False
    return mask


def _band(explanation, *, lexical_only: bool) -> str:
    """The band of the dense cosine, raised to "good" by enough explicit evidence.

    Across languages the cosine of a true pair is often below BAND_GOOD (the language of
    a text weighs on multilingual-e5-small), while the shared concepts the page shows
    ("both are about visitor flows, anonymised data") are evidence a person can check;
    without embeddings the evidence is all there is.
    """
    telling = len(explanation.shared_terms) + 2 * len(explanation.shared_concepts)
    by_evidence = "good" if telling >= LEXICAL_GOOD_TERMS else "possible"
    if lexical_only:
        return by_evidence
    rank = {"possible": 0, "good": 1, "strong": 2}
    return max(explanation.band, by_evidence, key=rank.__getitem__)


def suggest(
    source: MatchDocument,
    target_kind: str,
    *,
    viewer=None,
    k: int = 5,
    roles: Iterable[str] | None = None,
    exclude_objects: Iterable[int] = (),
    exclude_organisation: bool = True,
    as_owner: bool = False,
) -> list[Suggestion]:
    """The best ``k`` documents of ``target_kind`` for ``source``, hard filters applied.

    ``as_owner``: leave out the source owner's own items even with no viewer (the gap).
    """
    kind_index = queries.kind_index(target_kind)
    if not len(kind_index.object_ids) or not source.text:
        return []
    excluded = set(exclude_objects)
    if source.kind == target_kind or target_kind_of(source.kind) == target_kind_of(target_kind):
        excluded.add(source.object_id)  # never the item itself, nor a person to themself
    # One query for everything the viewer said about this kind: hidden, demoted, shown state.
    verdicts = queries.verdicts_by(viewer, target_kind_of(target_kind))
    mask = allowed_mask(
        kind_index,
        viewer=viewer,
        verdicts=verdicts,
        roles=roles,
        exclude_objects=excluded,
        exclude_organisation=exclude_organisation,
        owner_id=(source.fields or {}).get("owner_id") if as_owner else None,
        organisation_id=(source.fields or {}).get("organisation_id") if as_owner else None,
    )
    if not mask.any():
        return []
    query_vector = MatchDocument.unpack(source.query_vector)
    lexical_only = query_vector is None or not kind_index.has_vectors
    demoted = {pk for pk, verdict in verdicts.items() if verdict == Verdict.NOT_RELEVANT}
    found = recommend(
        kind_index.index,
        queries.engine_item(source),
        query_vector,
        k=k + min(len(demoted), k),  # room for what the demotion pushes up
        allowed=mask,
        mode="bm25" if lexical_only else "hybrid",
    )
    documents = MatchDocument.objects.defer("query_vector", "document_vector").in_bulk([int(i.id) for i in found])
    if demoted:
        # What this person called "not relevant" sinks for them (everyone else sees the
        # item ranked by the shared feedback counts only).
        for item in found:
            document = documents.get(int(item.id))
            if document is not None and document.object_id in demoted:
                item.score -= weights.PERSONAL_NOT_RELEVANT_PENALTY
        found = sorted(found, key=lambda item: -item.score)[:k]
    source_written = written_text(queries.engine_item(source))
    suggestions = []
    for item in found:
        document = documents.get(int(item.id))
        if document is None:  # deleted since the index was built
            continue
        suggestions.append(
            Suggestion(
                document_kind=target_kind,
                target_kind=target_kind_of(target_kind),
                object_id=document.object_id,
                title=document.title,
                fields=document.fields or {},
                score=item.score,
                band=_band(item.explanation, lexical_only=lexical_only),
                explanation=item.explanation,
                source_text=source_written,
                target_text=written_text(queries.engine_item(document)),
                relation=f"{source.role}-{document.role}",
                verdict=verdicts.get(document.object_id, ""),
            )
        )
    return suggestions


def merge(*lists: list[Suggestion], k: int) -> list[Suggestion]:
    """Several suggestion lists as one: each target once (its best), best first."""
    best: dict[tuple[str, int], Suggestion] = {}
    for suggestions in lists:
        for suggestion in suggestions:
            key = (suggestion.target_kind, suggestion.object_id)
            if key not in best or suggestion.score > best[key].score:
                best[key] = suggestion
    return sorted(best.values(), key=lambda s: (-s.score, s.object_id))[:k]
