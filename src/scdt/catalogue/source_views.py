"""Organiser pages: harvest sources, their runs and reports, "harvest now"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scdt.catalogue import queries, services
from scdt.catalogue.forms import HarvestSourceForm
from scdt.catalogue.models import HarvestRun, HarvestSource
from scdt.catalogue.rules import can_manage_catalogue
from scdt.catalogue.tasks import harvest_source
from scdt.service_errors import show_service_errors


def _require_manager(request) -> None:
    if not can_manage_catalogue(request.user):
        raise PermissionDenied


@login_required
def source_list(request):
    _require_manager(request)
    latest = HarvestRun.objects.filter(source=OuterRef("pk")).order_by("-started_at", "-id")
    sources = HarvestSource.objects.select_related("organisation").annotate(
        last_status=Subquery(latest.values("status")[:1]),
        last_created=Subquery(latest.values("created")[:1]),
        last_updated=Subquery(latest.values("updated")[:1]),
        last_failed=Subquery(latest.values("failed")[:1]),
    )
    form = HarvestSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.create_harvest_source(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The source is added. Harvest it when you are ready."))
            return redirect("catalogue:source", slug=source.slug)
    return render(request, "catalogue/source_list.html", {"sources": sources, "form": form})


@login_required
def source_detail(request, slug):
    _require_manager(request)
    source = get_object_or_404(HarvestSource, slug=slug)
    return render(request, "catalogue/source_detail.html", {"source": source, "runs": queries.recent_runs(source, 20)})


@login_required
@require_POST
def source_harvest(request, slug):
    """Queue a harvest (it runs at once where tasks run in-process, as in development)."""
    _require_manager(request)
    source = get_object_or_404(HarvestSource, slug=slug)
    harvest_source.enqueue(source.pk)
    messages.success(request, _("The harvest is queued; its report appears below when it has run."))
    return redirect("catalogue:source", slug=source.slug)
