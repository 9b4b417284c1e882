"""Every change to organisations and profiles goes through these functions.

Each runs in one transaction, writes an audit entry, raises ValidationError (field-keyed,
translated) for bad input and PermissionDenied for a forbidden actor.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image

from scdt.audit.services import log_action
from scdt.directory.countries import COUNTRIES, SPOKEN_LANGUAGES
from scdt.directory.models import (
    MembershipStatus,
    Organisation,
    OrganisationType,
    Profile,
    Topic,
    Visibility,
)
from scdt.directory.rules import can_approve_members, can_edit_organisation, can_edit_profile
from scdt.messaging.services import notify, send_templated_email

LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
LOGO_MAX_PIXELS = 2000
COUNTRY_CODES = {code for code, _label in COUNTRIES}
LANGUAGE_CODES = {code for code, _label in SPOKEN_LANGUAGES}
REJECTION_REASON_MAX = 1000

ORGANISATION_FIELDS = {"name", "type", "country", "city", "website", "description", "logo"}
PROFILE_FIELDS = {
    "full_name",
    "organisation",
    "job_title",
    "city",
    "country",
    "bio",
    "topics",
    "languages",
    "offer_text",
    "seek_text",
    "visibility",
    "allow_matching",
}


# --- validation --------------------------------------------------------------------------


def validate_logo(logo) -> str:
    """Check an uploaded logo; return the file extension for its real format.

    The content is what counts, not the file name: Pillow must recognise and verify it as
    PNG, JPEG, WebP or GIF, within settings.LOGO_MAX_BYTES and 2000×2000 pixels.
    """
    size = getattr(logo, "size", None)
    if size is not None and size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large: at most %(size)d kB.")
            % {"size": settings.LOGO_MAX_BYTES // 1024}
        )
    try:
        logo.seek(0)
        with Image.open(logo) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception as exc:
        # Pillow raises many kinds of errors (and DecompressionBombError) for bad files.
        raise ValidationError(_("The logo is not an image file we can read.")) from exc
    finally:
        logo.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG, JPEG, WebP or GIF image."))
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("The logo is too big: at most %(max)d×%(max)d pixels.") % {"max": LOGO_MAX_PIXELS}
        )
    return LOGO_FORMATS[image_format]


def _text(errors, fields, name, *, max_length, required=False):
    value = fields.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors[name] = _("This field is required.")
    elif len(value) > max_length:
        errors[name] = _("At most %(max)d characters.") % {"max": max_length}
    fields[name] = value


def _clean_organisation(fields: dict) -> dict:
    errors = {}
    _text(errors, fields, "name", max_length=200, required="name" in fields)
    _text(errors, fields, "city", max_length=100, required="city" in fields)
    _text(errors, fields, "description", max_length=4000)
    _text(errors, fields, "website", max_length=200)
    if "type" in fields and fields["type"] not in OrganisationType.values:
        errors["type"] = _("Choose a type of organisation from the list.")
    if "country" in fields and fields["country"] not in COUNTRY_CODES:
        errors["country"] = _("Choose a country from the list.")
    if fields.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(fields["website"])
        except ValidationError:
            errors["website"] = _("Enter a web address starting with http:// or https://.")
    if fields.get("logo"):
        try:
            fields["logo_extension"] = validate_logo(fields["logo"])
        except ValidationError as exc:
            errors["logo"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    return fields


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _store_logo(organisation, logo, extension):
    logo.seek(0)
    organisation.logo.save(f"{organisation.slug}.{extension}", ContentFile(logo.read()), save=False)


def _resolve_topics(values) -> list[Topic]:
    """Topics given as Topic objects, slugs or primary keys."""
    topics, wanted_slugs, wanted_ids = [], set(), set()
    for value in values or ():
        if isinstance(value, Topic):
            topics.append(value)
        elif isinstance(value, int):
            wanted_ids.add(value)
        else:
            wanted_slugs.add(str(value))
    if wanted_slugs or wanted_ids:
        found = list(Topic.objects.filter(slug__in=wanted_slugs)) + list(
            Topic.objects.filter(pk__in=wanted_ids)
        )
        if len({t.slug for t in found}) < len(wanted_slugs) or len(
            {t.pk for t in found if t.pk in wanted_ids}
        ) < len(wanted_ids):
            raise ValidationError({"topics": _("Choose topics from the list.")})
        topics.extend(found)
    return list({topic.pk: topic for topic in topics}.values())


def _clean_profile(fields: dict) -> dict:
    errors = {}
    if "full_name" in fields:
        _text(errors, fields, "full_name", max_length=150, required=True)
    for name, limit in (
        ("job_title", 150),
        ("city", 100),
        ("bio", 1500),
        ("offer_text", 2000),
        ("seek_text", 2000),
    ):
        if name in fields:
            _text(errors, fields, name, max_length=limit)
    if fields.get("country") and fields["country"] not in COUNTRY_CODES:
        errors["country"] = _("Choose a country from the list.")
    if "country" in fields and not fields["country"]:
        fields["country"] = ""
    if "visibility" in fields and fields["visibility"] not in Visibility.values:
        errors["visibility"] = _("Choose who may see your profile.")
    if "languages" in fields:
        languages = list(dict.fromkeys(fields["languages"] or ()))
        if any(code not in LANGUAGE_CODES for code in languages):
            errors["languages"] = _("Choose languages from the list.")
        fields["languages"] = languages
    if (
        "organisation" in fields
        and fields["organisation"] is not None
        and not isinstance(fields["organisation"], Organisation)
    ):
        errors["organisation"] = _("Choose an organisation from the list.")
    if "allow_matching" in fields:
        fields["allow_matching"] = bool(fields["allow_matching"])
    if "topics" in fields:
        try:
            fields["topics"] = _resolve_topics(fields["topics"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return fields


def _reject_unknown(fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        # A programming error, not user input.
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


# --- organisations -----------------------------------------------------------------------


def create_organisation(
    *,
    actor,
    name,
    type,  # noqa: A002 - the field's name, and the join flow's keyword
    country,
    city,
    website="",
    description="",
    logo=None,
    is_demo=False,
) -> Organisation:
    """Create an organisation with a unique slug derived from its name.

    Anybody signing up may create one (``actor`` may also be None for the demo loader).
    Raises ValidationError keyed by field for a missing name or city, an unknown type or
    country, a website that is not http(s), or a logo that is not an acceptable image.
    """
    fields = _clean_organisation(
        {
            "name": name,
            "type": type,
            "country": country,
            "city": city,
            "website": website,
            "description": description,
            "logo": logo,
        }
    )
    with transaction.atomic():
        organisation = Organisation(
            name=fields["name"],
            slug=_unique_slug(fields["name"]),
            type=fields["type"],
            country=fields["country"],
            city=fields["city"],
            website=fields["website"],
            description=fields["description"],
            is_demo=is_demo,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        if logo:
            _store_logo(organisation, logo, fields["logo_extension"])
        organisation.save()
        log_action(
            "directory.organisation.created",
            actor=actor,
            target=organisation,
            slug=organisation.slug,
        )
    return organisation


def update_organisation(*, actor, organisation, **fields) -> Organisation:
    """Change an organisation's details; members of it and admins only.

    Accepts name, type, country, city, website, description and logo; ``logo=None`` keeps
    the current logo, ``logo=False`` removes it. The slug never changes, so links stay valid.
    """
    _reject_unknown(fields, ORGANISATION_FIELDS)
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied(_("You may not change this organisation."))
    logo = fields.pop("logo", None)
    cleaned = _clean_organisation({**fields, "logo": logo or None})
    with transaction.atomic():
        for name in fields:
            setattr(organisation, name, cleaned[name])
        if logo is False:
            organisation.logo.delete(save=False)
        elif logo:
            _store_logo(organisation, logo, cleaned["logo_extension"])
        organisation.save()
        log_action(
            "directory.organisation.updated",
            actor=actor,
            target=organisation,
            fields=sorted([*fields, *(["logo"] if logo is not None else [])]),
        )
    return organisation


# --- profiles ----------------------------------------------------------------------------


def create_profile(
    *,
    user,
    full_name,
    organisation=None,
    job_title="",
    city="",
    country="",
    bio="",
    topics=(),
    languages=(),
    offer_text="",
    seek_text="",
    visibility=Visibility.MEMBERS,
    allow_matching=True,
    status=MembershipStatus.PENDING,
    is_demo=False,
) -> Profile:
    """Create the one profile of ``user`` (ValidationError if it already exists).

    Topics may be Topic objects, slugs or ids; languages are codes of
    countries.SPOKEN_LANGUAGES. New profiles wait for approval unless ``status`` says
    otherwise (the demo loader and admins' tools pass "approved").
    """
    fields = _clean_profile(
        {
            "full_name": full_name,
            "organisation": organisation,
            "job_title": job_title,
            "city": city,
            "country": country,
            "bio": bio,
            "topics": topics,
            "languages": languages,
            "offer_text": offer_text,
            "seek_text": seek_text,
            "visibility": visibility,
            "allow_matching": allow_matching,
        }
    )
    if status not in MembershipStatus.values:
        raise ValidationError({"status": _("Unknown membership status.")})
    with transaction.atomic():
        # Lock the user row so two concurrent sign-up requests cannot both pass the check.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if Profile.objects.filter(user=user).exists():
            raise ValidationError(_("This person already has a profile."))
        topic_list = fields.pop("topics")
        profile = Profile.objects.create(user=user, status=status, is_demo=is_demo, **fields)
        profile.topics.set(topic_list)
        log_action("directory.profile.created", actor=user, target=profile, status=status)
    return profile


def update_profile(*, actor, profile, **fields) -> Profile:
    """Change a profile; its owner and admins only. Membership status is not changed here."""
    _reject_unknown(fields, PROFILE_FIELDS)
    if not can_edit_profile(actor, profile):
        raise PermissionDenied(_("You may not change this profile."))
    cleaned = _clean_profile(dict(fields))
    with transaction.atomic():
        topic_list = cleaned.pop("topics", None)
        for name, value in cleaned.items():
            setattr(profile, name, value)
        profile.save()
        if topic_list is not None:
            profile.topics.set(topic_list)
        log_action("directory.profile.updated", actor=actor, target=profile, fields=sorted(fields))
    return profile


def _tell_member(profile, *, kind, template, text, reason=""):
    user = profile.user
    language = user.preferred_language or settings.LANGUAGE_CODE
    url = reverse("directory:my_profile")
    with translation.override(language):
        notify(user=user, kind=kind, text=str(text()), url=url)
    send_templated_email(
        to=user.email,
        template=template,
        language=language,
        context={"profile": profile, "reason": reason, "url": f"{settings.SITE_URL}{url}"},
    )


def approve_member(*, actor, profile) -> Profile:
    """Make ``profile`` a member of the network; organisers of any series and admins only.

    The person is told by e-mail (in their language, after commit) and in-app.
    Approving an approved profile changes nothing and tells nobody.
    """
    if not can_approve_members(actor):
        raise PermissionDenied(_("Only organisers may approve members."))
    with transaction.atomic():
        profile = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        if profile.status == MembershipStatus.APPROVED:
            return profile
        previous = profile.status
        profile.status = MembershipStatus.APPROVED
        profile.save(update_fields=["status", "updated_at"])
        log_action("directory.member.approved", actor=actor, target=profile, previous=previous)
        _tell_member(
            profile,
            kind="directory.member.approved",
            template="directory/email/member_approved",
            text=lambda: _("Welcome to the SCDT network: your profile has been approved."),
        )
    return profile


def reject_member(*, actor, profile, reason: str) -> Profile:
    """Decline (or withdraw) membership; organisers of any series and admins only.

    ``reason`` is required and is sent to the person by e-mail and in-app.
    """
    if not can_approve_members(actor):
        raise PermissionDenied(_("Only organisers may reject members."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the person knows what to do.")})
    if len(reason) > REJECTION_REASON_MAX:
        raise ValidationError(
            {"reason": _("At most %(max)d characters.") % {"max": REJECTION_REASON_MAX}}
        )
    with transaction.atomic():
        profile = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
        previous = profile.status
        profile.status = MembershipStatus.REJECTED
        profile.save(update_fields=["status", "updated_at"])
        log_action(
            "directory.member.rejected",
            actor=actor,
            target=profile,
            previous=previous,
            reason=reason,
        )
        _tell_member(
            profile,
            kind="directory.member.rejected",
            template="directory/email/member_rejected",
            reason=reason,
            text=lambda: (
                _("Your SCDT network membership was not approved: %(reason)s") % {"reason": reason}
            ),
        )
    return profile
