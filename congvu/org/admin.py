"""Django admin (/django-admin/) for the organisation: read-only.

Every change to the tree, the posts and the roles goes through the services, which check the
guards, keep the materialised paths right and write the audit log; the screens under /to-chuc/
are where administrators make them. The technical admin only looks.
"""

from django.contrib import admin

from congvu.org.models import Membership, Position, RoleGrant, Unit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "short_name", "agency_code", "kind", "depth", "is_active")
    list_filter = ("kind", "is_active", "depth")
    search_fields = ("name", "short_name", "agency_code")
    ordering = ("path",)
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ("name", "level", "sort_order")
    list_filter = ("level",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "position", "unit", "is_primary", "started_on", "ended_on")
    list_filter = ("is_primary", "position__level")
    search_fields = ("user__username", "user__full_name", "unit__name")
    list_select_related = ("user", "position", "unit")
    raw_id_fields = ("user", "unit", "in_charge_of")


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "unit", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    list_select_related = ("user", "unit")
