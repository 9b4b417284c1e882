"""Data request pages: list, file, detail with comments and votes, the publisher's queue,
and the answers (acknowledge, plan, fulfil, decline, merge)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.catalogue import queries, services
from scdt.catalogue.forms import (
    CommentForm,
    DataRequestForm,
    DeclineForm,
    FulfilForm,
    MergeForm,
    PlanForm,
)
from scdt.catalogue.models import DataRequestFollow, DataRequestVote, RequestStatus
from scdt.catalogue.rules import can_answer_request, can_manage_catalogue
from scdt.directory.models import Organisation
from scdt.panels import extra_panels
from scdt.service_errors import show_service_errors

PAGE_SIZE = 20


@require_GET
def request_list(request):
    status = request.GET.get("status", "")
    order = request.GET.get("order", "")
    q = (request.GET.get("q") or "")[:200]
    requests = queries.data_requests(status=status, q=q, order=order)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "status": status,
        "order": order,
        "q": q,
        "statuses": [("", _("All")), ("active", _("Unresolved")), *RequestStatus.choices[:5]],
        "querystring": query.urlencode(),
    }
    return render(request, "catalogue/request_list.html", context)


@login_required
def request_new(request):
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_request = services.file_data_request(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your data request is filed. You will hear about every change."))
            return redirect(data_request.get_absolute_url())
    return render(request, "catalogue/request_form.html", {"form": form})


def _detail_context(request, data_request, **forms):
    user = request.user
    context = {
        "data_request": data_request,
        "comments": data_request.comments.select_related("author__profile"),
        "voted": user.is_authenticated and DataRequestVote.objects.filter(request=data_request, user=user).exists(),
        "following": user.is_authenticated
        and DataRequestFollow.objects.filter(request=data_request, user=user).exists(),
        "can_answer": can_answer_request(user, data_request) and not data_request.is_closed,
        "can_merge": can_manage_catalogue(user) and not data_request.is_closed,
        "comment_form": CommentForm(),
        "plan_form": PlanForm(),
        "fulfil_form": FulfilForm(),
        "decline_form": DeclineForm(),
        "merge_form": MergeForm(),
    }
    context.update(forms)
    return context


@require_GET
def request_detail(request, pk):
    data_request = queries.request_detail(pk)
    if data_request is None:
        raise Http404
    context = _detail_context(request, data_request, extra_panels=extra_panels(request, "datarequest", data_request))
    return render(request, "catalogue/request_detail.html", context)


ACTIONS = {"vote", "unvote", "follow", "unfollow", "comment", "acknowledge", "plan", "fulfil", "decline", "merge"}


@login_required
@require_POST
def request_action(request, pk, action):
    """One POST endpoint per answer; invalid input re-renders the page with the form's errors."""
    data_request = queries.request_detail(pk)
    if data_request is None or action not in ACTIONS:
        raise Http404
    user = request.user
    forms = {
        "comment": ("comment_form", CommentForm),
        "plan": ("plan_form", PlanForm),
        "fulfil": ("fulfil_form", FulfilForm),
        "decline": ("decline_form", DeclineForm),
        "merge": ("merge_form", MergeForm),
    }
    form = None
    if action in forms:
        name, form_class = forms[action]
        form = form_class(request.POST)
        if not form.is_valid():
            return render(
                request, "catalogue/request_detail.html", _detail_context(request, data_request, **{name: form}),
                status=400,
            )  # fmt: skip
    try:
        target = _perform(action, user, data_request, form.cleaned_data if form else {})
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return redirect(data_request.get_absolute_url())
        show_service_errors(form, exc)
        return render(
            request, "catalogue/request_detail.html", _detail_context(request, data_request, **{name: form}),
            status=400,
        )  # fmt: skip
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
        return redirect(data_request.get_absolute_url())
    messages.success(request, _("Done."))
    return redirect(target.get_absolute_url())


def _perform(action, user, data_request, data):
    if action == "vote":
        return services.upvote_request(user=user, data_request=data_request)
    if action == "unvote":
        return services.withdraw_vote(user=user, data_request=data_request)
    if action == "follow":
        services.follow_request(user=user, data_request=data_request)
    elif action == "unfollow":
        services.unfollow_request(user=user, data_request=data_request)
    elif action == "comment":
        services.comment_on_request(user=user, data_request=data_request, text=data["text"])
    elif action == "acknowledge":
        return services.acknowledge_request(actor=user, data_request=data_request)
    elif action == "plan":
        return services.plan_request(actor=user, data_request=data_request, planned_for=data["planned_for"])
    elif action == "fulfil":
        return services.fulfil_request(actor=user, data_request=data_request, dataset=data["dataset"])
    elif action == "decline":
        return services.decline_request(actor=user, data_request=data_request, reason=data["reason"])
    elif action == "merge":
        return services.merge_requests(actor=user, duplicate=data_request, into=data["into"])
    return data_request


@login_required
@require_GET
def publisher_requests(request):
    """Requests addressed to the viewer's organisation (organisers may pick any), oldest
    unanswered first."""
    organisation = None
    slug = request.GET.get("organisation")
    if slug and can_manage_catalogue(request.user):
        organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        profile = getattr(request.user, "profile", None)
        organisation = profile.organisation if profile else None
    if organisation is None:
        messages.info(request, _("Your profile names no organisation, so no requests are addressed to you."))
        return redirect("catalogue:requests")
    requests = queries.publisher_queue(organisation)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalogue/publisher_requests.html", {"organisation": organisation, "page": page})
