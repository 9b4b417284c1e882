"""Joining the network: one service over accounts, directory and events."""

from django.core.exceptions import ValidationError
from django.db import transaction

from scdt.accounts.services import sign_up
from scdt.audit.services import log_action
from scdt.directory.services import create_organisation, create_profile


def join_network(
    *,
    email: str,
    password: str,
    language: str,
    full_name: str,
    job_title: str = "",
    languages=(),
    topics=(),
    offer_text: str = "",
    seek_text: str = "",
    visibility: str = "members",
    organisation=None,
    new_organisation: dict | None = None,
    first_event=None,
    attendance: str = "onsite",
):
    """Create the account, the organisation (if new) and the profile in one transaction.

    The optional first workshop is registered when the person opens the verification link
    (registration needs a verified address); the wish travels inside the signed link.
    Raises ValidationError keyed by the join form's field names.
    """
    after_verify = {"register_event": first_event.pk, "attendance": attendance} if first_event else None
    with transaction.atomic():
        user = sign_up(email=email, password=password, language=language, after_verify=after_verify)
        if organisation is None:
            try:
                organisation = create_organisation(actor=user, **(new_organisation or {}))
            except ValidationError as error:
                raise _prefixed(error, "organisation_") from error
        profile = create_profile(
            user=user,
            full_name=full_name,
            organisation=organisation,
            job_title=job_title,
            city=organisation.city,
            country=organisation.country,
            topics=topics,
            languages=languages,
            offer_text=offer_text,
            seek_text=seek_text,
            visibility=visibility,
        )
        log_action("pages.network.joined", actor=user, target=profile, first_event=getattr(first_event, "pk", None))
    return user


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            (f"{prefix}{field}" if field != "__all__" else field): messages
            for field, messages in error.error_dict.items()
        }
    )
