"""The open data catalogue in DCAT-AP 3 terms: harvest sources and runs, datasets and
distributions, and the demand side: data requests and reuses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.search import facet_line
from scdt.directory.models import Organisation, Topic


def pick_language(values: dict, language: str | None = None) -> str:
    """The text in ``language``, else English, else the first language there is."""
    if not values:
        return ""
    language = (language or get_language() or "en")[:2]
    for code in (language, "en"):
        if values.get(code):
            return values[code]
    return next((text for text in values.values() if text), "")


def build_search_text(dataset, formats=()) -> str:
    """What the full-text index holds for a dataset: its texts, then its facet tokens."""
    parts = [*dataset.title.values(), *dataset.description.values(), *dataset.keywords]
    parts += [dataset.publisher_name, dataset.spatial_label, dataset.city, dataset.identifier]
    facets = {
        "city": [dataset.city],
        "publisher": [dataset.publisher_slug],
        "theme": list(dataset.themes),
        "hvd": [dataset.hvd_category],
        "format": sorted(set(formats)),
        "licence": [dataset.licence],
        "frequency": [dataset.frequency],
    }
    return "\n".join([*(p for p in parts if p), facet_line(facets)])


class SourceType(models.TextChoices):
    CKAN = "ckan", _("CKAN Action API")
    DCAT = "dcat", _("DCAT-AP (RDF/XML, Turtle or JSON-LD)")
    DANEGOVPL = "danegovpl", _("dane.gov.pl JSON:API")


class HarvestSource(models.Model):
    """A portal the catalogue harvests (a dcat:Catalog of someone else)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=12, choices=SourceType.choices)
    url = models.URLField(_("endpoint"), max_length=500)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=5, blank=True)
    # Portals that write only one language: the language their texts are in.
    default_language = models.CharField(_("language of the records"), max_length=5, default="en")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("publishing organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="harvest_sources",
    )
    enabled = models.BooleanField(_("harvest periodically"), default=True)
    interval_hours = models.PositiveIntegerField(_("hours between harvests"), default=24)
    # The newest source-side modification seen: incremental harvests ask only for newer ones.
    last_modified_seen = models.DateTimeField(null=True, blank=True)
    last_harvested_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


class HarvestRun(models.Model):
    """One harvest of a source, with its report."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    incremental = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seen = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # [{"identifier": str, "message": str}], capped so an awful source cannot bloat the row.
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def report(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "failed": self.failed,
        }


class Dataset(models.Model):
    """A dcat:Dataset, harvested from a source (or published here when ``source`` is empty)."""

    source = models.ForeignKey(HarvestSource, null=True, blank=True, on_delete=models.PROTECT, related_name="datasets")
    identifier = models.CharField(_("identifier at the source"), max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.JSONField(_("title"), default=dict, help_text=_("Per language: {'en': ...}"))
    description = models.JSONField(_("description"), default=dict, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    themes = models.JSONField(_("EU data themes"), default=list, blank=True)
    # "|a|b|" forms of the lists above, so both databases filter them with a plain LIKE.
    keyword_index = models.TextField(blank=True, editable=False)
    theme_index = models.CharField(max_length=200, blank=True, editable=False)
    hvd_category = models.CharField(
        _("High-Value Dataset category"), max_length=20, choices=vocab.HVD_CHOICES, blank=True
    )
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datasets",
    )
    publisher_name = models.CharField(_("publisher"), max_length=300, blank=True)
    publisher_slug = models.SlugField(max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), max_length=300, blank=True)
    spatial_label = models.CharField(_("place"), max_length=300, blank=True)
    # [west, south, east, north] in WGS 84, and a GeoJSON geometry when the source has one.
    spatial_bbox = models.JSONField(_("bounding box"), null=True, blank=True)
    spatial_geometry = models.JSONField(_("geometry"), null=True, blank=True)
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    frequency = models.CharField(_("update frequency"), max_length=12, choices=vocab.FREQUENCY_CHOICES, blank=True)
    issued = models.DateTimeField(_("issued"), null=True, blank=True)
    modified = models.DateTimeField(_("modified"), null=True, blank=True)
    landing_page = models.URLField(_("landing page"), max_length=1000, blank=True)
    licence = models.CharField(_("licence"), max_length=20, blank=True)
    licence_text = models.CharField(_("licence as stated"), max_length=300, blank=True)
    access_rights = models.CharField(_("access rights"), max_length=12, choices=vocab.ACCESS_RIGHT_CHOICES, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    harvested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-modified", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "identifier"], name="catalogue_dataset_source_identifier"),
        ]
        indexes = [
            models.Index(fields=["withdrawn", "-modified"]),
            # Visible datasets newest first: broad searches walk it and stop after one page.
            models.Index(fields=["-modified", "-id"], name="catalogue_visible_recent", condition=Q(withdrawn=False)),
            models.Index(fields=["publisher_slug"]),
            models.Index(fields=["city"]),
            models.Index(fields=["licence"]),
            models.Index(fields=["frequency"]),
            models.Index(fields=["hvd_category"]),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:dataset", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        return pick_language(self.title) or self.identifier

    @property
    def display_description(self) -> str:
        return pick_language(self.description)

    def refresh_indexes(self, formats=()) -> None:
        """Recompute the denormalised filter and search columns from the fields;
        ``formats`` are the file-type codes of the dataset's distributions."""
        self.keyword_index = "|" + "|".join(k.lower() for k in self.keywords) + "|" if self.keywords else ""
        self.theme_index = "|" + "|".join(self.themes) + "|" if self.themes else ""
        self.search_text = build_search_text(self, formats)


class Distribution(models.Model):
    """A dcat:Distribution: one way to get a dataset's data."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="distributions")
    identifier = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    access_url = models.URLField(_("access URL"), max_length=2000)
    download_url = models.URLField(_("download URL"), max_length=2000, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    format_text = models.CharField(_("format as stated"), max_length=100, blank=True)
    media_type = models.CharField(_("media type"), max_length=120, blank=True)
    byte_size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=20, blank=True)
    modified = models.DateTimeField(_("modified"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["dataset", "position", "id"]
        indexes = [models.Index(fields=["format"])]

    def __str__(self) -> str:
        return self.title or self.access_url


class DatasetFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "dataset"], name="catalogue_dataset_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.dataset_id}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    PLANNED = "planned", _("Planned")
    FULFILLED = "fulfilled", _("Fulfilled")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another request")


class DataRequest(models.Model):
    """Demand: somebody needs data that is not (yet) in any catalogue."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    purpose = models.TextField(_("purpose or use case"), max_length=3000, blank=True)
    wanted_format = models.CharField(_("wanted format"), max_length=20, blank=True)
    wanted_frequency = models.CharField(
        _("wanted update frequency"), max_length=12, choices=vocab.FREQUENCY_CHOICES, blank=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    addressed_to = models.ForeignKey(
        Organisation,
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="data_requests"
    )
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        Dataset,
        verbose_name=_("fulfilled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fulfilled_requests",
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_requests"
    )
    vote_count = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:request", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status in {
            RequestStatus.FULFILLED,
            RequestStatus.DECLINED,
            RequestStatus.MERGED,
        }


class DataRequestComment(models.Model):
    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class DataRequestVote(models.Model):
    """ "I need this too"."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="catalogue_request_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} needs {self.request_id}"


class DataRequestFollow(models.Model):
    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="catalogue_request_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.request_id}"


class ReuseKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    SERVICE = "service", _("Service")
    STUDY = "study", _("Study or report")
    SOLUTION = "solution", _("Digital twin or other solution")
    VISUALISATION = "visualisation", _("Visualisation")


class Reuse(models.Model):
    """A solution, application, study or service built on datasets: the value chain."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=ReuseKind.choices)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reuses",
    )
    datasets = models.ManyToManyField(Dataset, verbose_name=_("datasets used"), related_name="reuses")
    # Ids of marketplace opportunities; the marketplace is a sibling app, so no foreign key.
    opportunity_ids = models.JSONField(_("marketplace opportunities"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reuse")
        verbose_name_plural = _("reuses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
