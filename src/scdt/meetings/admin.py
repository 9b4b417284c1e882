"""Read-mostly admin: meetings and requests change only through the services (constraints, mail)."""

from django.contrib import admin

from scdt.meetings.models import MatchmakingSession, Meeting, MeetingRequest, SchedulerRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchmakingSession)
class MatchmakingSessionAdmin(ReadOnlyAdmin):
    list_display = ["name", "event", "start", "end", "booking_mode"]
    list_select_related = ["event"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "recipient", "session", "status", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["requester", "recipient", "session"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["participant_a", "participant_b", "session", "slot", "table", "status", "pinned"]
    list_filter = ["status", "pinned"]
    list_select_related = ["participant_a", "participant_b", "session__event", "slot", "table"]


@admin.register(SchedulerRun)
class SchedulerRunAdmin(ReadOnlyAdmin):
    list_display = ["session", "status", "solver_status", "placed", "breaks", "created_at"]
    list_select_related = ["session"]
