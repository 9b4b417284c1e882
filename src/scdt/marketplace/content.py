"""Checking and rendering what people write into an opportunity.

Markdown becomes HTML through ``markdown`` and then ``nh3`` (an allow-list sanitiser), so
raw HTML, scripts and ``javascript:`` links never reach a page. Category values are checked
against the category's field definitions. Attachments are checked by their bytes, not by
the name or the type the browser claims.
"""

import datetime as dt
import functools
import io
from decimal import Decimal, InvalidOperation

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from scdt.marketplace.models import CONTENT_LANGUAGES, FieldType

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
MAX_LINKS = 5
MAX_PLACES = 10
MAX_TOPICS = 10
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
MAX_IMAGE_PIXELS = 40_000_000


def render_markdown(text: str) -> str:
    """Safe HTML for a Markdown ``text``; headings are shifted down below the page's own."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    for level in (2, 1):  # h1/h2 belong to the page; keep the outline in order
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


@functools.cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code, _name in CONTENT_LANGUAGES])
    return identifier


def detect_language(text: str) -> str:
    """The most likely of ``CONTENT_LANGUAGES`` for ``text``; English when there is too little."""
    if len((text or "").strip()) < 12:
        return "en"
    code, _probability = _language_identifier().classify(text)
    return code


def clean_links(links) -> list[str]:
    cleaned = []
    validate = URLValidator(schemes=["http", "https"])
    for raw in links or []:
        link = str(raw).strip()
        if not link:
            continue
        if len(link) > 500:
            raise ValidationError({"links": _("A link may be at most 500 characters long.")})
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                {"links": _("“%(link)s” is not a valid http(s) address.") % {"link": link[:80]}}
            ) from None
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationError({"links": _("At most %(n)d links.") % {"n": MAX_LINKS}})
    return cleaned


def clean_extra(category, values: dict | None, fields=None) -> dict:
    """``values`` checked against the category's field definitions, in their stored form.

    Numbers are stored as numbers, dates as ISO strings, choices as one of the allowed
    values. Unknown keys and missing required values are errors, keyed ``extra.<key>``.
    """
    values = dict(values or {})
    fields = list(category.fields.all()) if fields is None else fields
    known = {field.key for field in fields}
    errors: dict[str, list[str]] = {}
    for key in values:
        if key not in known:
            errors[f"extra.{key}"] = [_("This category has no field “%(key)s”.") % {"key": key}]
    cleaned = {}
    for field in fields:
        raw = values.get(field.key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required:
                errors[f"extra.{field.key}"] = [_("This field is required.")]
            continue
        try:
            cleaned[field.key] = _clean_value(field, raw)
        except ValidationError as exc:
            errors[f"extra.{field.key}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_value(field, raw):
    if field.type == FieldType.TEXT:
        text = str(raw).strip()
        if len(text) > field.max_length:
            raise ValidationError(_("At most %(n)d characters.") % {"n": field.max_length})
        return text
    if field.type == FieldType.NUMBER:
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        if field.min_value is not None and number < field.min_value:
            raise ValidationError(_("At least %(n)s.") % {"n": field.min_value.normalize()})
        if field.max_value is not None and number > field.max_value:
            raise ValidationError(_("At most %(n)s.") % {"n": field.max_value.normalize()})
        return int(number) if number == number.to_integral_value() else float(number)
    if field.type == FieldType.CHOICE:
        value = str(raw).strip()
        if value not in field.choices:
            raise ValidationError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(field.choices)})
        return value
    if field.type == FieldType.DATE:
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None
    raise ValidationError(_("Unknown field type."))


def attachment_limit() -> int:
    return getattr(settings, "MARKETPLACE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


def sniff_attachment(data: bytes) -> str:
    """The content type of ``data`` (PDF or an image), read from the bytes themselves."""
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError({"file": _("The PDF file is incomplete or damaged.")})
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            {"file": _("Only PDF files and images (PNG, JPEG, GIF, WebP) can be attached.")}
        ) from None
    if image_format not in IMAGE_TYPES:
        raise ValidationError({"file": _("Only PDF files and images (PNG, JPEG, GIF, WebP) can be attached.")})
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError({"file": _("The image is too large in pixels.")})
    return IMAGE_TYPES[image_format]
