"""Show a recommendation: where it links, what it is called, why it was recommended."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from scdt.matching import labels
from scdt.matching.engine.explain import segments
from scdt.matching.labels import BANDS

register = template.Library()


register.filter("target_url", labels.target_url)
register.filter("target_name", labels.target_name)


@register.filter
def band_label(band: str) -> str:
    return str(BANDS.get(band, band))


@register.simple_tag
def reasons(suggestion) -> list[str]:
    return labels.reasons(suggestion)


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
