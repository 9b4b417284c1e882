"""Show a recommendation: where it links, what it is called, why it was recommended."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from scdt.directory.models import Topic
from scdt.matching.engine.explain import segments
from scdt.matching.labels import BANDS, concept_label, relation_label
from scdt.matching.models import TargetKind

register = template.Library()


@register.filter
def target_url(suggestion) -> str:
    obj = suggestion.obj
    if suggestion.target_kind == TargetKind.OPPORTUNITY:
        return reverse("marketplace:detail", kwargs={"ref": obj.slug})
    if suggestion.target_kind == TargetKind.DATASET:
        return reverse("catalogue:dataset", kwargs={"slug": obj.slug})
    if suggestion.target_kind == TargetKind.DATA_REQUEST:
        return reverse("catalogue:request", kwargs={"pk": obj.pk})
    return reverse("directory:profile", kwargs={"pk": obj.pk})


@register.filter
def target_name(suggestion) -> str:
    obj = suggestion.obj
    if suggestion.target_kind == TargetKind.PROFILE:
        return obj.full_name
    if suggestion.target_kind == TargetKind.DATASET:
        return obj.display_title
    return obj.title


@register.filter
def band_label(band: str) -> str:
    return str(BANDS.get(band, band))


def _topic_names(english_names) -> list[str]:
    by_english = {topic.name_en: topic for topic in Topic.objects.filter(name_en__in=list(english_names))}
    return [by_english[name].name if name in by_english else name for name in english_names]


@register.simple_tag
def reasons(suggestion) -> list[str]:
    """The why, in sentences: relation, topics, concepts, words, place."""
    explanation = suggestion.explanation
    found = []
    relation = relation_label(suggestion.relation)
    if suggestion.target_kind == TargetKind.PROFILE:
        relation = {
            "request-offer": _("What you seek ↔ what they offer"),
            "offer-request": _("What you offer ↔ what they seek"),
            "dataset-request": _("This dataset ↔ what they seek"),
        }.get(suggestion.relation, relation)
    if relation:
        found.append(relation)
    if explanation.shared_topics:
        found.append(_("Shared topics: %(topics)s") % {"topics": ", ".join(_topic_names(explanation.shared_topics))})
    if explanation.shared_concepts:
        concepts = ", ".join(concept_label(code) for code in explanation.shared_concepts[:4])
        found.append(_("Both are about %(concepts)s") % {"concepts": concepts})
    if explanation.shared_terms:
        found.append(_("Words in common: %(words)s") % {"words": ", ".join(explanation.shared_terms[:5])})
    if explanation.same_city:
        found.append(_("Also in %(city)s") % {"city": explanation.same_city})
    return found


def _highlighted(text: str, spans) -> str:
    return format_html_join(
        "",
        "{}",
        ((format_html("<mark>{}</mark>", piece) if marked else piece,) for piece, marked in segments(text, spans)),
    )


@register.simple_tag
def best_pair(suggestion):
    """The best-matching sentence of each side, shared words marked (or nothing)."""
    pair = suggestion.explanation.best_pair
    if pair is None or not pair.query_sentence or not pair.target_sentence:
        return ""
    return format_html(
        '<p class="match-pair"><span class="visually-hidden">{}</span>“{}” <span aria-hidden="true">↔</span>'
        ' <span class="visually-hidden">{}</span>“{}”</p>',
        _("Your text:"),
        _highlighted(pair.query_sentence, pair.query_spans),
        _("their text:"),
        _highlighted(pair.target_sentence, pair.target_spans),
    )
