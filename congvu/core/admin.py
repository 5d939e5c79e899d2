"""Django admin for core: read-only. The audit log can be read, never added to, changed or deleted
through it (ADM-2); calendar overrides are changed on the "Lịch ngày nghỉ" screen, which audits."""

from django.contrib import admin

from congvu.core.models import AuditEvent, CalendarOverride


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "occurred_at",
        "actor_name",
        "on_behalf_of_name",
        "action",
        "object_type",
        "object_id",
        "ip",
        "result",
    )
    list_filter = ("result",)
    search_fields = ("action", "actor_name", "object_repr")
    date_hierarchy = "occurred_at"
    actions = None
    show_full_result_count = False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ReadOnlyAdmin):
    list_display = ("date", "kind", "name", "source")
