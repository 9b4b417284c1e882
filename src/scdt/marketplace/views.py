"""Public and member pages: browse and search, an opportunity, bookmarks, interest, lists."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.directory.models import Organisation
from scdt.marketplace import queries, rules, services
from scdt.marketplace.forms import InterestForm
from scdt.marketplace.models import Kind
from scdt.panels import extra_panels


def get_visible(request, ref: str):
    """The opportunity ``ref`` if the user may see it; 404 otherwise (no hint it exists)."""
    opportunity = queries.get_by_ref(ref)
    if opportunity is None or not rules.can_view_opportunity(request.user, opportunity):
        raise Http404
    return opportunity


def facet_links(result) -> list[dict]:
    """Per facet: a heading and links that set or clear one value (shareable GET URLs)."""
    titles = {
        "kind": _("Kind"),
        "category": _("Category"),
        "topic": _("Topic"),
        "city": _("City"),
        "country": _("Country"),
        "org_type": _("Organisation type"),
    }
    groups = []
    for name in queries.FACETS:
        values = []
        for facet in result.facets.get(name, []):
            target = "" if facet.selected else facet.value
            query = queries.filters_query_string(result.filters, **{name: target})
            values.append({"facet": facet, "url": f"?{query}" if query else "?"})
        groups.append({"name": name, "title": titles[name], "values": values})
    return groups


@require_GET
def browse(request):
    filters, problems = queries.parse_filters(request.GET)
    for problem in problems:
        messages.warning(request, problem)
    result = queries.browse(filters, page=request.GET.get("page") or 1)
    sort_links = [
        {
            "value": value,
            "label": label,
            "url": "?" + queries.filters_query_string(filters, sort=value),
            "current": filters.effective_sort() == value,
        }
        for value, label in (
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("expiring", _("Expiring soon")),
        )
    ]
    return render(
        request,
        "marketplace/browse.html",
        {
            "result": result,
            "filters": filters,
            "hidden_filters": [
                (name, value) for name, value in asdict(filters).items() if value and name not in {"q", "page"}
            ],
            "facet_groups": facet_links(result),
            "sort_links": sort_links,
            "page_query": queries.filters_query_string(filters),
            "kinds": Kind.choices,
            "can_create": rules.can_create_opportunity(request.user),
        },
    )


@require_GET
def detail(request, ref: str):
    opportunity = get_visible(request, ref)
    if ref != opportunity.slug:
        return redirect("marketplace:detail", ref=opportunity.slug)
    user = request.user
    definitions = {field.key: field for field in opportunity.category.fields.all()}
    facts = [(definitions[key].name, value) for key, value in opportunity.extra.items() if key in definitions]
    is_bookmarked = user.is_authenticated and opportunity.bookmarks.filter(user=user).exists()
    is_interested = user.is_authenticated and opportunity.interests.filter(user=user).exists()
    is_owner = rules.is_owner(user, opportunity)
    return render(
        request,
        "marketplace/detail.html",
        {
            "opportunity": opportunity,
            "facts": facts,
            "related": queries.related_from_organisation(opportunity),
            "is_bookmarked": is_bookmarked,
            "is_interested": is_interested,
            "is_owner": is_owner,
            "can_bookmark": rules.can_bookmark(user, opportunity),
            "can_interest": rules.can_declare_interest(user, opportunity) and not is_interested,
            "can_edit": rules.can_edit_opportunity(user, opportunity),
            "can_submit": rules.can_submit_opportunity(user, opportunity),
            "can_close": rules.can_close_opportunity(user, opportunity),
            "can_decide": rules.can_decide_opportunity(user, opportunity),
            "can_see_contact": rules.can_see_contact(user, opportunity),
            "interests": queries.interests_in(opportunity) if is_owner else (),
            "interest_form": InterestForm(),
            "extra_panels": extra_panels(request, "opportunity", opportunity),
        },
    )


@login_required
@require_POST
def bookmark(request, ref: str):
    opportunity = get_visible(request, ref)
    try:
        if request.POST.get("action") == "remove":
            services.remove_bookmark(actor=request.user, opportunity=opportunity)
            messages.success(request, _("Bookmark removed."))
        else:
            services.bookmark_opportunity(actor=request.user, opportunity=opportunity)
            messages.success(request, _("Bookmarked."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next") or ""
    if target == "bookmarks":
        return redirect("marketplace:bookmarks")
    return redirect("marketplace:detail", ref=opportunity.slug)


@login_required
@require_POST
def interest(request, ref: str):
    opportunity = get_visible(request, ref)
    form = InterestForm(request.POST)
    if form.is_valid():
        try:
            services.declare_interest(actor=request.user, opportunity=opportunity, message=form.cleaned_data["message"])
            messages.success(request, _("The owner has been told of your interest by e-mail."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("marketplace:detail", ref=opportunity.slug)


@login_required
@require_GET
def mine(request):
    return render(
        request,
        "marketplace/mine.html",
        {
            "opportunities": queries.owned_by(request.user),
            "can_create": rules.can_create_opportunity(request.user),
        },
    )


@login_required
@require_GET
def bookmarks(request):
    return render(
        request,
        "marketplace/bookmarks.html",
        {
            "opportunities": queries.bookmarked_by(request.user),
        },
    )


@require_GET
def organisation(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    paginator = Paginator(queries.of_organisation(organisation), queries.PAGE_SIZE)
    return render(
        request,
        "marketplace/organisation.html",
        {
            "organisation": organisation,
            "page": paginator.get_page(request.GET.get("page") or 1),
            "page_query": "",
        },
    )
