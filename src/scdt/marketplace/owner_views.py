"""Owners' pages: create (category first, then the form), edit, submit, close, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scdt.marketplace import rules, services
from scdt.marketplace.forms import AttachmentForm, OpportunityForm
from scdt.marketplace.models import Attachment, Category
from scdt.marketplace.views import get_visible


def _initial_from(opportunity) -> dict:
    places = list(opportunity.places.all())
    return {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "language": "" if opportunity.language_detected else opportunity.language,
        "topics": list(opportunity.topics.all()),
        "cities": ", ".join(p.city for p in places if p.city),
        "country": places[0].country if places else "",
        "contact_name": opportunity.contact_name,
        "contact_email": opportunity.contact_email,
        "links": "\n".join(opportunity.links),
        "expires_on": opportunity.expires_on,
        **{f"extra_{key}": value for key, value in opportunity.extra.items()},
    }


@login_required
def create(request):
    if not rules.can_create_opportunity(request.user):
        raise PermissionDenied(_("Only approved members can publish in the marketplace."))
    slug = request.POST.get("category_slug") or request.GET.get("category") or ""
    category = Category.objects.filter(slug=slug, is_active=True).first()
    if category is None:
        if slug:
            messages.warning(request, _("There is no category “%(v)s”.") % {"v": slug[:50]})
        return render(
            request,
            "marketplace/choose_category.html",
            {
                "categories": Category.objects.filter(is_active=True).prefetch_related("fields"),
            },
        )
    definitions = list(category.fields.all())
    form = OpportunityForm(
        request.POST or None,
        category_fields=definitions,
        initial={"kind": request.GET.get("kind") or "offer"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_opportunity(actor=request.user, category=category, **form.service_values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if "submit" in request.POST:
                return _submit_and_report(request, opportunity)
            messages.success(request, _("Saved as a draft. Submit it when it is ready."))
            return redirect("marketplace:detail", ref=opportunity.slug)
    return render(
        request,
        "marketplace/form.html",
        {
            "form": form,
            "category": category,
            "opportunity": None,
        },
    )


@login_required
def edit(request, ref: str):
    opportunity = get_visible(request, ref)
    if not rules.can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied(_("You may not edit this opportunity."))
    definitions = list(opportunity.category.fields.all())
    form = OpportunityForm(request.POST or None, category_fields=definitions, initial=_initial_from(opportunity))
    if request.method == "POST" and form.is_valid():
        try:
            # The category stays: its extra fields depend on it.
            opportunity = services.update_opportunity(
                actor=request.user, opportunity=opportunity, **form.service_values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if "submit" in request.POST and rules.can_submit_opportunity(request.user, opportunity):
                return _submit_and_report(request, opportunity)
            messages.success(request, _("Your changes are saved."))
            return redirect("marketplace:detail", ref=opportunity.slug)
    return render(
        request,
        "marketplace/form.html",
        {
            "form": form,
            "category": opportunity.category,
            "opportunity": opportunity,
            "attachment_form": AttachmentForm(),
            "attachments": opportunity.attachments.all(),
        },
    )


def _submit_and_report(request, opportunity):
    try:
        opportunity = services.submit_opportunity(actor=request.user, opportunity=opportunity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if opportunity.is_published:
            messages.success(request, _("Published."))
        else:
            messages.success(request, _("Submitted. An organiser will review it soon."))
    return redirect("marketplace:detail", ref=opportunity.slug)


@login_required
@require_POST
def submit(request, ref: str):
    opportunity = get_visible(request, ref)
    return _submit_and_report(request, opportunity)


@login_required
@require_POST
def close(request, ref: str):
    opportunity = get_visible(request, ref)
    services.close_opportunity(actor=request.user, opportunity=opportunity)
    messages.success(request, _("The opportunity is closed."))
    return redirect("marketplace:detail", ref=opportunity.slug)


@login_required
@require_POST
def add_attachment(request, ref: str):
    opportunity = get_visible(request, ref)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(actor=request.user, opportunity=opportunity, file=form.cleaned_data["file"])
            messages.success(request, _("The file is attached."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("marketplace:edit", ref=opportunity.slug)


@login_required
@require_POST
def remove_attachment(request, ref: str, pk: int):
    opportunity = get_visible(request, ref)
    attachment = get_object_or_404(Attachment, pk=pk, opportunity=opportunity)
    services.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(request, _("The attachment is removed."))
    return redirect("marketplace:edit", ref=opportunity.slug)
