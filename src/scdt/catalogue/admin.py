"""Admin for the catalogue. Harvest sources are edited here; harvests and request answers
go through the services (admin actions), never by saving rows by hand."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from scdt.catalogue import services
from scdt.catalogue.models import DataRequest, Dataset, Distribution, HarvestRun, HarvestSource, Reuse


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "city", "enabled", "last_harvested_at"]
    list_filter = ["type", "enabled"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_modified_seen", "last_harvested_at", "created_by", "created_at"]
    actions = ["harvest_now"]

    @admin.action(description=_("Harvest the selected sources now"))
    def harvest_now(self, request, queryset):
        for source in queryset:
            run = services.run_harvest(source=source, actor=request.user)
            self.message_user(
                request,
                f"{source}: {run.status} — {run.report}",
                messages.SUCCESS if run.status == "finished" else messages.WARNING,
            )


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "status", "created", "updated", "unchanged", "withdrawn", "failed"]
    list_filter = ["status", "source"]
    readonly_fields = [
        "source",
        "status",
        "incremental",
        "started_at",
        "finished_at",
        "triggered_by",
        "seen",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "failed",
        "errors",
        "message",
    ]

    def has_add_permission(self, request):
        return False


class DistributionInline(admin.TabularInline):
    model = Distribution
    extra = 0
    fields = ["title", "format", "access_url", "byte_size"]
    readonly_fields = fields


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["slug", "publisher_name", "city", "modified", "withdrawn"]
    list_filter = ["withdrawn", "city", "source"]
    search_fields = ["slug", "identifier", "publisher_name"]
    list_select_related = ["source"]
    readonly_fields = ["content_hash", "harvested_at", "created_at", "updated_at"]
    inlines = [DistributionInline]


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "vote_count", "addressed_to", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    # The lifecycle runs through the services (pages and API); here it is only shown.
    readonly_fields = [
        "status",
        "planned_for",
        "fulfilled_by",
        "decline_reason",
        "vote_count",
        "merged_into",
        "status_changed_at",
        "requester",
    ]


@admin.register(Reuse)
class ReuseAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    filter_horizontal = ["datasets"]
