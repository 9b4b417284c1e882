"""Public catalogue pages: search with facets, dataset pages, DCAT-AP output, reuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.catalogue import dcat_output, quality, queries, services
from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.forms import ReuseForm
from scdt.catalogue.models import Dataset, Reuse
from scdt.catalogue.rules import can_manage_reuse
from scdt.panels import extra_panels
from scdt.service_errors import show_service_errors

PAGE_SIZE = 20
DCAT_PAGE_SIZE = 1000
DCAT_EXTENSIONS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}

FACET_TITLES = {
    "city": _("City"),
    "publisher": _("Publisher"),
    "theme": _("Theme"),
    "hvd": _("High-value dataset category"),
    "format": _("Format"),
    "licence": _("Licence"),
    "frequency": _("Update frequency"),
}


@require_GET
def dataset_list(request):
    filters = queries.DatasetFilters.from_querydict(request.GET)
    results = queries.search_datasets(filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    facets = queries.facet_counts(filters, total=results.total)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "approximate": results.approximate,
        "facets": [(name, FACET_TITLES[name], facets[name]) for name in queries.FACETS if facets[name]],
        "querystring": query.urlencode(),
        "sorts": [
            ("", _("Best match") if filters.q else _("Recently modified")),
            ("modified", _("Recently modified")),
            ("title", _("Title")),
        ],
        "followed": queries.followed_dataset_ids(request.user),
    }
    return render(request, "catalogue/dataset_list.html", context)


@require_GET
def dataset_detail(request, slug):
    dataset = queries.dataset_detail(slug)
    if dataset is None:
        raise Http404
    distributions = list(dataset.distributions.all())
    context = {
        "dataset": dataset,
        "distributions": distributions,
        "quality": quality.assess(dataset, distributions),
        "following": dataset.pk in queries.followed_dataset_ids(request.user),
        "themes": [(code, vocab.THEMES.get(code, code)) for code in dataset.themes],
        "hvd_label": vocab.HVD_CATEGORIES.get(dataset.hvd_category, ""),
        "licence_label": vocab.licence_label(dataset.licence) if dataset.licence else dataset.licence_text,
        "licence_uri": vocab.licence_uri(dataset.licence),
        "map_data": {"bbox": dataset.spatial_bbox, "geometry": dataset.spatial_geometry}
        if dataset.spatial_bbox
        else None,
        "reuses": list(dataset.reuses.all()),
        "fulfilled_requests": list(dataset.fulfilled_requests.all()),
        "extra_panels": extra_panels(request, "dataset", dataset),
    }
    return render(request, "catalogue/dataset_detail.html", context)


@login_required
@require_POST
def dataset_follow(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow_dataset(user=request.user, dataset=dataset)
            messages.success(request, _("You no longer follow this dataset."))
        else:
            services.follow_dataset(user=request.user, dataset=dataset)
            messages.success(request, _("You follow this dataset: we will tell you when it changes."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(dataset.get_absolute_url())


@require_GET
def dcat_catalogue(request, extension):
    """The catalogue in DCAT-AP 3, 1,000 datasets a page, with Hydra paging links."""
    fmt = DCAT_EXTENSIONS.get(extension)
    if fmt is None:
        raise Http404
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    datasets = queries.visible_datasets().order_by("pk").prefetch_related("distributions")
    start = (number - 1) * DCAT_PAGE_SIZE
    page = list(datasets[start : start + DCAT_PAGE_SIZE + 1])
    next_page = ""
    if len(page) > DCAT_PAGE_SIZE:
        page = page[:DCAT_PAGE_SIZE]
        path = reverse("catalogue:dcat", kwargs={"extension": extension})
        next_page = request.build_absolute_uri(f"{path}?page={number + 1}")
    graph = dcat_output.catalogue_graph(page, page=number, next_page=next_page)
    content_type = dcat_output.FORMATS[fmt]
    return HttpResponse(dcat_output.serialise(graph, fmt), content_type=f"{content_type}; charset=utf-8")


@require_GET
def reuse_list(request):
    reuses = queries.reuses()
    page = Paginator(reuses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalogue/reuse_list.html", {"page": page})


@login_required
def reuse_new(request):
    initial = {}
    if request.GET.get("dataset"):
        initial["datasets"] = request.GET["dataset"]
    form = ReuseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reuse = services.create_reuse(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: the reuse is recorded."))
            return redirect(reuse.datasets.first().get_absolute_url())
    return render(request, "catalogue/reuse_form.html", {"form": form})


@login_required
@require_POST
def reuse_delete(request, slug):
    reuse = get_object_or_404(Reuse, slug=slug)
    if not can_manage_reuse(request.user, reuse):
        raise PermissionDenied
    services.delete_reuse(actor=request.user, reuse=reuse)
    messages.success(request, _("The reuse was removed."))
    return redirect("catalogue:reuses")
