from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from scdt.directory.countries import COUNTRIES


class Topic(models.Model):
    """A theme of the smart city digital twin taxonomy, named in the four languages."""

    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fi = models.CharField(_("name (Finnish)"), max_length=120)
    name_pl = models.CharField(_("name (Polish)"), max_length=120)
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=120)
    # EU High-Value Dataset category (Regulation (EU) 2023/138), where one fits.
    hvd_category = models.URLField(_("High-Value Dataset category"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class OrganisationType(models.TextChoices):
    CITY = "city", _("City or municipality")
    PUBLIC_BODY = "public", _("Other public body")
    COMPANY = "company", _("Company")
    RESEARCH = "research", _("Research and education")
    NGO = "ngo", _("NGO or association")
    INDIVIDUAL = "individual", _("Individual")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=5, choices=COUNTRIES)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    HIDDEN = "hidden", _("Hidden")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Profile(models.Model):
    """A participant of the network: one profile for the whole event series."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=5, choices=COUNTRIES, blank=True)
    bio = models.TextField(_("short bio"), max_length=1500, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="profiles"
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    offer_text = models.TextField(_("we offer"), max_length=2000, blank=True)
    seek_text = models.TextField(_("we seek"), max_length=2000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(
        _("membership"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    # People may keep a profile yet ask not to be recommended to others.
    allow_matching = models.BooleanField(_("include me in recommendations"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["status", "visibility"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED
