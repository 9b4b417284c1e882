"""Feedback on recommendations: useful, not relevant, hide (and undo), with or without htmx.

With htmx the button swaps the one recommendation for its new state; without, the page
reloads at the list it came from.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scdt.matching.models import Verdict
from scdt.matching.services import feedback as feedback_services

# Lazy: translated in each request's language, not once in the language active at import.
CONFIRMATIONS = {
    Verdict.USEFUL: gettext_lazy("Thanks: marked as useful."),
    Verdict.NOT_RELEVANT: gettext_lazy("Thanks: marked as not relevant. It will rank lower for you."),
    Verdict.HIDDEN: gettext_lazy("Hidden: it will not be recommended to you again."),
}


def _back(request):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("pages:home")


def _answer(request, *, kind, object_id, verdict, error=None):
    if request.headers.get("HX-Request"):
        return render(
            request,
            "matching/includes/feedback_state.html",
            {
                "kind": kind,
                "object_id": object_id,
                "verdict": verdict,
                "error": error,
                "context_name": request.POST.get("context", ""),
                "next": request.POST.get("next", ""),
                # The pressed button is swapped away: focus goes to the new one (htmx honours autofocus).
                "swapped": True,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    elif verdict:
        messages.success(request, str(CONFIRMATIONS[verdict]))
    else:
        messages.success(request, _("Your mark was removed."))
    return _back(request)


@login_required
@require_POST
def feedback(request):
    kind, object_id = request.POST.get("kind", ""), request.POST.get("object_id", "")
    verdict = request.POST.get("verdict", "")
    try:
        feedback_services.give_feedback(
            user=request.user, kind=kind, object_id=object_id, verdict=verdict, context=request.POST.get("context", "")
        )
    except ValidationError as error:
        return _answer(request, kind=kind, object_id=object_id, verdict="", error=" ".join(error.messages))
    return _answer(request, kind=kind, object_id=object_id, verdict=verdict)


@login_required
@require_POST
def undo_feedback(request):
    kind, object_id = request.POST.get("kind", ""), request.POST.get("object_id", "")
    try:
        object_id = int(object_id)
    except ValueError:
        return HttpResponseBadRequest(_("Not an item number."))
    feedback_services.withdraw_feedback(user=request.user, kind=kind, object_id=object_id)
    return _answer(request, kind=kind, object_id=object_id, verdict="")
