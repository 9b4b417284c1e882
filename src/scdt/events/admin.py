from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from scdt.events import services
from scdt.events.models import Event, EventSeries, Registration


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_demo"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "series", "city", "start", "time_zone", "format", "status", "capacity"]
    list_filter = ["status", "format", "city", "series"]
    search_fields = ["title", "slug", "city", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    list_select_related = ["series"]

    def save_model(self, request, obj, form, change):
        # Through the service, so calendars update and registered people are told.
        services.save_event(actor=request.user, event=obj, changed_fields=form.changed_data if change else ())


def _run(modeladmin, request, queryset, service, done_message, **kwargs):
    done = 0
    for registration in queryset.select_related("event", "event__series", "user"):
        try:
            service(actor=request.user, registration=registration, **kwargs)
        except (ValidationError, PermissionDenied) as exc:
            detail = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            modeladmin.message_user(request, f"{registration}: {detail}", messages.WARNING)
        else:
            done += 1
    modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.action(description=_("Approve selected registrations"))
def approve_selected(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.approve_registration, _("%(count)d approved."))


@admin.action(description=_("Reject selected registrations"))
def reject_selected(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.reject_registration, _("%(count)d rejected."))


@admin.action(description=_("Cancel selected registrations"))
def cancel_selected(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.cancel_registration, _("%(count)d cancelled."))


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "attendance", "status", "waitlisted_at", "created_at"]
    list_filter = ["status", "attendance", "event__series"]
    search_fields = ["user__email", "event__title"]
    list_select_related = ["event", "user"]
    raw_id_fields = ["event", "user", "decided_by"]
    readonly_fields = [
        "uid",
        "sequence",
        "status",
        "waitlisted_at",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    actions = [approve_selected, reject_selected, cancel_selected]

    def has_add_permission(self, request):
        # Registrations are made through the register service (window, capacity, mail).
        return False
