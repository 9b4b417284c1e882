"""Back-office: organisers manage categories and their extra fields; opportunities via services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from scdt.marketplace import services
from scdt.marketplace.models import (
    Category,
    CategoryField,
    Opportunity,
    SeriesMarketplacePolicy,
    Status,
)


class CategoryFieldInline(admin.TabularInline):
    model = CategoryField
    extra = 0
    fields = (
        "position",
        "key",
        "type",
        "required",
        "name_en",
        "name_fi",
        "name_pl",
        "name_lt",
        "choices",
        "min_value",
        "max_value",
        "max_length",
        "help_text",
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [CategoryFieldInline]

    def save_model(self, request, obj, form, change):
        services.save_category(actor=request.user, category=obj, changed=form.changed_data)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        services.save_category_fields(
            actor=request.user,
            category=form.instance,
            fields=instances,
            deleted=formset.deleted_objects,
        )


def _run(modeladmin, request, queryset, action, **kwargs):
    done = 0
    for opportunity in queryset:
        try:
            action(actor=request.user, opportunity=opportunity, **kwargs)
            done += 1
        except (PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{opportunity}: {exc}", messages.ERROR)
    modeladmin.message_user(request, _("%(n)d opportunities changed.") % {"n": done})


@admin.action(description=_("Approve selected submitted opportunities"))
def approve(modeladmin, request, queryset):
    _run(modeladmin, request, queryset.filter(status=Status.SUBMITTED), services.approve_opportunity)


@admin.action(description=_("Close selected opportunities"))
def close(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.close_opportunity)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the pages or the actions, which call the services."""

    list_display = ("title", "kind", "category", "organisation", "status", "expires_on", "is_demo")
    list_filter = ("status", "kind", "category", "is_demo")
    search_fields = ("title", "slug")
    actions = [approve, close]
    list_select_related = ("category", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SeriesMarketplacePolicy)
class SeriesMarketplacePolicyAdmin(admin.ModelAdmin):
    list_display = ("series", "auto_approve_opportunities")

    def save_model(self, request, obj, form, change):
        services.set_series_policy(
            actor=request.user,
            series=obj.series,
            auto_approve_opportunities=obj.auto_approve_opportunities,
        )
