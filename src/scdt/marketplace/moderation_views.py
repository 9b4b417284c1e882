"""The organisers' moderation queue: approve, or reject with a reason the owner is mailed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.marketplace import queries, rules, services
from scdt.marketplace.forms import RejectForm
from scdt.marketplace.views import get_visible


def _require_moderator(user) -> None:
    if not rules.can_moderate(user):
        raise PermissionDenied(_("Only organisers moderate the marketplace."))


@login_required
@require_GET
def queue(request):
    _require_moderator(request.user)
    return render(
        request,
        "marketplace/moderation.html",
        {
            "opportunities": queries.moderation_queue(),
            "reject_form": RejectForm(),
        },
    )


@login_required
@require_POST
def approve(request, ref: str):
    _require_moderator(request.user)
    opportunity = get_visible(request, ref)
    services.approve_opportunity(actor=request.user, opportunity=opportunity)
    messages.success(request, _("“%(title)s” is published.") % {"title": opportunity.title})
    return redirect("marketplace:moderation")


@login_required
@require_POST
def reject(request, ref: str):
    _require_moderator(request.user)
    opportunity = get_visible(request, ref)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_opportunity(actor=request.user, opportunity=opportunity, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is rejected; the owner is told why.") % {"title": opportunity.title},
            )
    else:
        messages.error(request, _("Give the reason, so the owner can improve it."))
    return redirect("marketplace:moderation")
