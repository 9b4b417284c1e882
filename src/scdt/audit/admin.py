from django.contrib import admin

from scdt.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("action", "target_id", "actor__email")
    readonly_fields = ("created_at", "action", "actor", "target_type", "target_id", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
