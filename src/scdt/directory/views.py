"""HTML pages of the directory. Reads come from queries, changes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scdt.directory import queries, services
from scdt.directory.countries import COUNTRIES, SPOKEN_LANGUAGES
from scdt.directory.forms import (
    DirectorySearchForm,
    OrganisationForm,
    OrganisationSearchForm,
    ProfileForm,
    RejectForm,
)
from scdt.directory.models import Organisation, OrganisationType, Profile
from scdt.directory.rules import can_approve_members, can_edit_organisation, can_view_profile
from scdt.service_errors import show_service_errors

PAGE_SIZE = 24


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def directory_list(request):
    topics = list(queries.topics())
    form = DirectorySearchForm(request.GET or None, topics=topics)
    filters = form.filters()
    page = _page(request, queries.directory_search(request.user, **filters))
    facets = queries.directory_facets(request.user, **filters)
    topic_counts = [(topic, facets["topic"].get(topic.slug, 0)) for topic in topics]
    org_type_options = [(value, label, facets["org_type"].get(value, 0)) for value, label in OrganisationType.choices]
    # Only countries somebody is in, plus the chosen one, so the list stays short.
    country_options = [
        (value, label, facets["country"].get(value, 0))
        for value, label in COUNTRIES
        if value in facets["country"] or value == filters["country"]
    ]
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "facets": facets,
            "topic_counts": topic_counts,
            "org_type_options": org_type_options,
            "country_options": country_options,
            "query": _query_without_page(request),
        },
    )


def profile_detail(request, pk):
    profile = get_object_or_404(
        Profile.objects.select_related("user", "organisation").prefetch_related("topics"), pk=pk
    )
    # Not found rather than forbidden: a hidden profile does not say that it exists.
    if not can_view_profile(request.user, profile):
        raise Http404
    return render(
        request,
        "directory/profile_detail.html",
        {
            "profile": profile,
            "spoken_languages": [label for code, label in SPOKEN_LANGUAGES if code in profile.languages],
            "can_approve": can_approve_members(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request):
    try:
        profile = request.user.profile
    except ObjectDoesNotExist:
        profile = None
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            if profile is None:
                services.create_profile(user=request.user, **form.service_fields())
                messages.success(request, _("Your profile was created. The organisers will review it."))
            else:
                services.update_profile(actor=request.user, profile=profile, **form.service_fields())
                messages.success(request, _("Your profile was saved."))
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("directory:my_profile")
    return render(request, "directory/my_profile.html", {"form": form, "profile": profile})


def organisation_list(request):
    form = OrganisationSearchForm(request.GET or None)
    filters = form.filters()
    page = _page(request, queries.organisation_search(**filters))
    return render(
        request,
        "directory/organisation_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    members = queries.organisation_members(organisation, request.user)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "can_edit": can_edit_organisation(request.user, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied(_("You may not change this organisation."))
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(actor=request.user, organisation=organisation, **form.service_fields())
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("directory:organisation", slug=organisation.slug)
    # A failed ModelForm has already copied the bad values onto the instance; re-read it.
    organisation.refresh_from_db()
    return render(request, "directory/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def members_pending(request):
    if not can_approve_members(request.user):
        raise PermissionDenied(_("Only organisers may review members."))
    reject_form = None
    if request.method == "POST":
        profile = get_object_or_404(Profile, pk=request.POST.get("profile") or 0)
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_member(actor=request.user, profile=profile)
                messages.success(request, _("%(name)s is now a member.") % {"name": profile.full_name})
                return redirect("directory:members_pending")
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.reject_member(
                        actor=request.user,
                        profile=profile,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("%(name)s was not approved.") % {"name": profile.full_name})
                    return redirect("directory:members_pending")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    pending = list(queries.pending_profiles())
    rows = []
    for profile in pending:
        bound = reject_form is not None and reject_form.data.get("profile") == str(profile.pk)
        form = reject_form if bound else RejectForm(initial={"profile": profile.pk})
        form.prefix = None
        form.auto_id = f"id_reject_{profile.pk}_%s"
        rows.append((profile, form))
    return render(request, "directory/members_pending.html", {"rows": rows})
