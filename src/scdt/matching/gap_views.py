"""The demand/supply gap pages: the public heatmap and its drill-down, the CSV, the organiser view.

Everything shown comes from the stored assessments (services.gap), limited to items that
are public now: published, unexpired requests and offers, open data requests, datasets.
Numbers are always written out; the heatmap colour only repeats them.
"""

import csv
import math
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_tasks import TaskResultStatus

from scdt.directory.models import Topic
from scdt.directory.roles import is_admin, is_organiser_of_any_series
from scdt.matching.labels import BANDS
from scdt.matching.models import DocumentKind, TargetKind
from scdt.matching.services import gap, usefulness
from scdt.matching.tasks import assess_gap_task

HEAT_LEVELS = 4  # 0 = nothing unmet; 1..4 = quarters of the unmet share
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
DEMAND_KINDS = {
    DocumentKind.OPPORTUNITY: gettext_lazy("Request"),
    DocumentKind.DATA_REQUEST: gettext_lazy("Data request"),
}
SUPPLY_KINDS = {DocumentKind.OPPORTUNITY: gettext_lazy("Offer"), DocumentKind.DATASET: gettext_lazy("Dataset")}
CONTEXTS = {
    "home": gettext_lazy("Member's home"),
    "similar": gettext_lazy("Similar items"),
    "meet-need": gettext_lazy("Could meet this need"),
    "might-need": gettext_lazy("Who might need this"),
    "": gettext_lazy("Not recorded"),
}


# --- helpers -------------------------------------------------------------------------


def can_see_organiser_view(user) -> bool:
    return is_admin(user) or is_organiser_of_any_series(user)


def heat_level(cell: gap.Cell) -> int:
    """0 when nothing is unmet, else 1..4 by quarters of the unmet share."""
    if not cell.unmet:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(cell.unmet_share * HEAT_LEVELS)))


def city_label(city: str) -> str:
    return city or _("no city given")


def topic_names(slugs) -> dict[str, str]:
    names = {topic.slug: topic.name for topic in Topic.objects.filter(slug__in=[s for s in slugs if s])}
    return {slug: names.get(slug) or (slug or _("no topic given")) for slug in slugs}


def cell_url(city: str, topic: str) -> str:
    return f"{reverse('matching:gap_cell')}?{urlencode({'city': city, 'topic': topic})}"


def item_url(ref: gap.ItemRef | None) -> str:
    """Where an item of the gap is read; "" if it has nowhere to go."""
    if ref is None:
        return ""
    if ref.kind == DocumentKind.OPPORTUNITY and ref.slug:
        return reverse("marketplace:detail", kwargs={"ref": ref.slug})
    if ref.kind == DocumentKind.DATASET and ref.slug:
        return reverse("catalogue:dataset", kwargs={"slug": ref.slug})
    if ref.kind == DocumentKind.DATA_REQUEST:
        return reverse("catalogue:request", kwargs={"pk": ref.object_id})
    return ""


def sparkline(values: list[float], *, width: int = 240, height: int = 48, pad: int = 4) -> dict | None:
    """Points of an inline SVG line of shares (0..1), oldest first."""
    if not values:
        return None
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(pad + index * step, pad + (1 - value) * (height - 2 * pad)) for index, value in enumerate(values)]
    return {
        "first": round(values[0] * 100),
        "last": round(values[-1] * 100),
        "width": width,
        "height": height,
        "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
        "dots": [{"x": f"{x:.1f}", "y": f"{y:.1f}"} for x, y in points],
    }


def _matrix_context() -> dict:
    matrix = gap.gap_matrix()
    names = topic_names(matrix.topics)
    columns = [{"slug": topic, "name": names[topic]} for topic in matrix.topics]
    rows = []
    for city in matrix.cities:
        cells = []
        for topic in matrix.topics:
            cell = matrix.cell(city, topic)
            cells.append(
                {
                    "cell": cell,
                    "level": heat_level(cell),
                    "url": cell_url(city, topic) if cell.demand or cell.supply else "",
                    "topic_name": names[topic],
                }
            )
        total = matrix.city_totals[city]
        rows.append({"city": city, "label": city_label(city), "cells": cells, "total": total})
    column_totals = [
        {"cell": matrix.topic_totals[topic], "level": heat_level(matrix.topic_totals[topic])} for topic in matrix.topics
    ]
    trend = gap.trend()
    for day in trend:
        day["unmet_percent"] = round(day["unmet_share"] * 100)
    return {
        "matrix": matrix,
        "columns": columns,
        "rows": rows,
        "column_totals": column_totals,
        "total": matrix.total,
        "trend": trend,
        "sparkline": sparkline([day["unmet_share"] for day in trend]),
        "heat_legend": [
            (0, _("nothing unmet")),
            (1, _("up to a quarter unmet")),
            (2, _("up to half unmet")),
            (3, _("up to three quarters unmet")),
            (4, _("more than three quarters unmet")),
        ],
    }


def _bad_request(request, message: str) -> HttpResponse:
    return render(request, "matching/gap_error.html", {"message": message}, status=400)


def _csv_safe(value) -> str:
    # Spreadsheets run cells starting with these as formulas (CSV injection).
    value = str(value)
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


# --- public pages --------------------------------------------------------------------


@require_GET
def gap_page(request):
    return render(request, "matching/gap.html", _matrix_context())


@require_GET
def gap_cell(request):
    if "city" not in request.GET or "topic" not in request.GET:
        return _bad_request(request, _("Choose a cell of the table: the address needs both a city and a topic."))
    raw_city, topic = request.GET["city"], request.GET["topic"].strip()
    if len(raw_city) > 100 or "\x00" in raw_city:
        return _bad_request(request, _("That is not a city name we could look up."))
    if topic and not SLUG.fullmatch(topic):
        return _bad_request(request, _("That is not a topic we could look up."))
    city = gap.city_key(raw_city)
    items = gap.cell_items(city, topic)
    demand = [
        {
            "entry": entry,
            "kind_label": DEMAND_KINDS.get(entry.item.kind, entry.item.kind),
            "url": item_url(entry.item),
            "best_url": item_url(entry.best),
            "best_kind_label": SUPPLY_KINDS.get(entry.best.kind, "") if entry.best else "",
            "band_label": BANDS.get(entry.band, ""),
        }
        for entry in items["demand"]
    ]
    supply = [
        {"ref": ref, "kind_label": SUPPLY_KINDS.get(ref.kind, ref.kind), "url": item_url(ref)}
        for ref in items["supply"]
    ]
    context = {
        "city": city,
        "city_label": city_label(city),
        "topic": topic,
        "topic_name": topic_names([topic])[topic],
        "demand": demand,
        "supply": supply,
        "unmet": sum(1 for entry in items["demand"] if not entry.met),
    }
    return render(request, "matching/gap_cell.html", context)


@require_GET
def gap_csv(request):
    level = request.GET.get("level", "cells")
    if level not in {"cells", "items"}:
        return HttpResponse(
            _("Unknown level: use level=cells or level=items."), status=400, content_type="text/plain; charset=utf-8"
        )
    today = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"scdt-demand-supply-{'items' if level == 'items' else 'cells'}-{today}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    if level == "cells":
        _write_cells(writer)
    else:
        _write_items(writer, request)
    return response


def _write_cells(writer) -> None:
    matrix = gap.gap_matrix()
    names = topic_names(matrix.topics)
    writer.writerow([_("City"), _("Topic (code)"), _("Topic"), _("Demand"), _("Supply"), _("Unmet"), _("Unmet share")])
    for city in matrix.cities:
        for topic in matrix.topics:
            cell = matrix.cells.get((city, topic))
            if cell is None:
                continue
            writer.writerow(
                [
                    _csv_safe(city),
                    topic,
                    _csv_safe(names[topic]),
                    cell.demand,
                    cell.supply,
                    cell.unmet,
                    f"{cell.unmet_share:.3f}",
                ]
            )


def _write_items(writer, request) -> None:
    items = gap.all_demand_items()
    names = topic_names({topic for entry in items for topic in entry.item.topics} | {gap.NO_TOPIC})
    writer.writerow(
        [
            _("City"),
            _("Topics (codes)"),
            _("Topics"),
            _("Kind"),
            _("Demand"),
            _("Link"),
            _("Met"),
            _("Match"),
            _("Best supply kind"),
            _("Best supply"),
            _("Best supply link"),
            _("Assessed at"),
        ]
    )
    for entry in items:
        topics = entry.item.topics or [gap.NO_TOPIC]
        writer.writerow(
            [
                _csv_safe(entry.item.city),
                " ".join(topics),
                _csv_safe("; ".join(names.get(topic, topic) for topic in topics)),
                DEMAND_KINDS.get(entry.item.kind, entry.item.kind),
                _csv_safe(entry.item.title),
                request.build_absolute_uri(item_url(entry.item)),
                _("yes") if entry.met else _("no"),
                BANDS.get(entry.band, ""),
                SUPPLY_KINDS.get(entry.best.kind, "") if entry.best else "",
                _csv_safe(entry.best.title if entry.best else ""),
                request.build_absolute_uri(item_url(entry.best)) if entry.best and item_url(entry.best) else "",
                entry.assessed_at.isoformat() if entry.assessed_at else "",
            ]
        )


# --- organiser view ------------------------------------------------------------------


def _require_organiser(request) -> None:
    if not can_see_organiser_view(request.user):
        raise PermissionDenied(_("This page is for workshop organisers and administrators."))


@require_GET
@login_required
def organise(request):
    _require_organiser(request)
    context = _matrix_context()
    rows = usefulness.by_context_and_kind()
    target_labels = dict(TargetKind.choices)
    context.update(
        {
            "usefulness": [
                {
                    "row": row,
                    "context_label": CONTEXTS.get(row.context, row.context),
                    "kind_label": target_labels.get(row.kind, row.kind),
                }
                for row in rows
            ],
            "usefulness_total": usefulness.overall(),
            "most_hidden": [
                {
                    "item": item,
                    "kind_label": target_labels.get(item.kind, item.kind),
                    "url": _hidden_item_url(item),
                }
                for item in usefulness.most_hidden()
            ],
        }
    )
    return render(request, "matching/gap_organise.html", context)


def _hidden_item_url(item: usefulness.HiddenItem) -> str:
    if not item.active:
        return ""
    if item.kind == TargetKind.PROFILE:
        return reverse("directory:profile", kwargs={"pk": item.object_id})
    return item_url(gap.ItemRef(kind=item.kind, object_id=item.object_id, title=item.title, slug=item.slug))


@require_POST
@login_required
def reassess(request):
    _require_organiser(request)
    result = assess_gap_task.enqueue()
    if result.status == TaskResultStatus.SUCCESSFUL:
        totals = result.return_value
        messages.success(
            request,
            _("Reassessed: %(demand)s pieces of demand, %(met)s met, %(unmet)s unmet.") % totals,
        )
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, _("The reassessment failed; the previous assessment is still shown."))
    else:
        messages.success(request, _("Reassessment started: reload this page in a minute to see the new numbers."))
    return redirect("matching:organise")
