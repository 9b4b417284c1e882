"""Opportunities (offers and requests), their categories, bookmarks and interest.

Opportunities refer to event series by string ("events.EventSeries") only: the marketplace
and events apps sit side by side in the layer contract and never import each other.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from scdt.directory.countries import COUNTRIES
from scdt.directory.models import Organisation, Topic


class TranslatedName(models.Model):
    """A name in the four languages of the network, shown in the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fi = models.CharField(_("name (Finnish)"), max_length=120, blank=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=120, blank=True)
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Category(TranslatedName):
    """What an opportunity is about; organisers manage the list in the back-office."""

    slug = models.SlugField(unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered for new opportunities"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")


class CategoryField(TranslatedName):
    """An extra, typed field of the category's opportunities (values in ``Opportunity.extra``)."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=50, help_text=_("Stable name of the value in data and the API."))
    type = models.CharField(_("type"), max_length=10, choices=FieldType.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For choice fields: the allowed values."),
    )
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), default=200)
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category field")
        verbose_name_plural = _("category fields")
        ordering = ["category", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="one_field_key_per_category"),
        ]


class Kind(models.TextChoices):
    OFFER = "offer", _("Offer")
    REQUEST = "request", _("Request")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


# Languages descriptions may be written in; detection is restricted to these.
CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("fi", _("Finnish")),
    ("pl", _("Polish")),
    ("lt", _("Lithuanian")),
    ("sv", _("Swedish")),
    ("de", _("German")),
    ("et", _("Estonian")),
    ("lv", _("Latvian")),
]


class Opportunity(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="opportunities"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=10000)
    # Sanitised HTML of the Markdown description, rendered once by the services.
    description_html = models.TextField(editable=False, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=CONTENT_LANGUAGES)
    language_detected = models.BooleanField(default=False, editable=False)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="opportunities")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="opportunities",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    extra = models.JSONField(_("category details"), default=dict, blank=True)
    series = models.ForeignKey(
        "events.EventSeries",
        verbose_name=_("event series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_on = models.DateField(_("expires on"))
    expiry_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Case- and accent-folded, tokenised text the full-text index is built from (see search.py).
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["owner", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Place(models.Model):
    """A city or country an opportunity concerns (city blank: the whole country)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="places")
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=5, choices=COUNTRIES)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["id"]
        # (opportunity, value) lets a filter test one opportunity's places from the index alone.
        indexes = [
            models.Index(fields=["city"]),
            models.Index(fields=["country"]),
            models.Index(fields=["opportunity", "country"], name="marketplace_place_opp_country"),
            models.Index(fields=["opportunity", "city"], name="marketplace_place_opp_city"),
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.country}" if self.city else self.country


class Attachment(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="marketplace/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunity_bookmarks")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="one_bookmark_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.opportunity}"


class Interest(models.Model):
    """Someone declared interest in an opportunity; meetings and matching build on these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunity_interests")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    message = models.TextField(_("message"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="one_interest_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.opportunity}"


class SeriesMarketplacePolicy(models.Model):
    """Marketplace settings of one event series (kept here so the events app stays unaware)."""

    series = models.OneToOneField("events.EventSeries", on_delete=models.CASCADE, related_name="marketplace_policy")
    auto_approve_opportunities = models.BooleanField(
        _("publish submitted opportunities without moderation"), default=False
    )

    class Meta:
        verbose_name = _("marketplace policy of a series")
        verbose_name_plural = _("marketplace policies of series")

    def __str__(self) -> str:
        return str(self.series)
