"""Receivers of the accounts signals (connected in DirectoryConfig.ready())."""

from django.core.exceptions import ObjectDoesNotExist


def collect_profile_data(sender, user, **kwargs):
    """Own-data export: the person's profile, as ``("profile", {...})``; None without one."""
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return None
    organisation = profile.organisation
    return (
        "profile",
        {
            "full_name": profile.full_name,
            "job_title": profile.job_title,
            "organisation": (
                {"name": organisation.name, "slug": organisation.slug} if organisation else None
            ),
            "city": profile.city,
            "country": profile.country,
            "bio": profile.bio,
            "topics": [topic.slug for topic in profile.topics.all()],
            "languages": list(profile.languages),
            "offer_text": profile.offer_text,
            "seek_text": profile.seek_text,
            "visibility": profile.visibility,
            "membership": profile.status,
            "allow_matching": profile.allow_matching,
            "created_at": profile.created_at.isoformat(),
            "updated_at": profile.updated_at.isoformat(),
        },
    )


def forget_profile(sender, user, **kwargs):
    """Erasure: nothing to do here, on purpose.

    Profile.user is a CASCADE one-to-one, so deleting the account deletes the profile and
    its topic links. Organisations are shared by several people and are kept; the
    account's ``created_by`` link on them is SET_NULL.
    """
