"""Django admin for system administrators: a technical view of accounts, tokens and sessions.

Accounts are created, suspended and retired on the product's own screens (login names, one-time
passwords, workflow and audit); here the status is read-only and nothing is ever deleted (ORG-7).
Changes of the technical flags (``is_staff``, ``is_superuser``, groups) are audited (R-SEC-2).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from congvu.accounts.models import ApiToken, User, UserSession
from congvu.accounts.signin import services as tokens
from congvu.core import audit

AUDITED_FLAGS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("username", "full_name", "email", "status", "is_staff", "is_superuser", "last_login")
    list_filter = ("status", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    fields = (
        "username",
        "full_name",
        "email",
        "phone",
        "date_of_birth",
        "status",
        "status_reason",
        "status_changed_at",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
    )
    readonly_fields = (
        "username",
        "full_name",
        "email",
        "phone",
        "date_of_birth",
        "status",
        "status_reason",
        "status_changed_at",
        "must_change_password",
        "password_changed_at",
        "last_login",
        "date_joined",
    )
    filter_horizontal = ("groups", "user_permissions")

    def has_add_permission(self, request):
        return False  # through "Tạo tài khoản": generated login name and one-time password

    def has_delete_permission(self, request, obj=None):
        return False  # ORG-7: never erased

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed = [name for name in form.changed_data if name in AUDITED_FLAGS]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = getattr(self, "_changed", [])
        if changed:
            obj = form.instance
            after = {
                name: (
                    [str(x) for x in getattr(obj, name).all()]
                    if name in ("groups", "user_permissions")
                    else getattr(obj, name)
                )
                for name in changed
            }
            audit.record(actor=request.user, action="accounts.user.permissions_changed", obj=obj, after=after)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username", "user__full_name")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            tokens.token_revoke(token=token, actor=request.user)
            count += 1
        self.message_user(request, f"Đã thu hồi {count} mã.", messages.SUCCESS)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ("user", "ip", "user_agent", "created_at", "last_seen_at")
    search_fields = ("user__username", "ip")
    readonly_fields = ("user", "ip", "user_agent", "created_at", "last_seen_at")
    exclude = ("session_key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
