from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top layer: the home page, the menu, the administration page and its screens. It reads
    what every module registered (``congvu.core.registry``); no module imports it."""

    name = "congvu.portal"
    label = "portal"

    def ready(self) -> None:
        from congvu.core import registry
        from congvu.portal.audit.policies import can_view_audit_log
        from congvu.portal.calendar.policies import can_manage_calendar
        from congvu.portal.home.policies import can_open_administration

        registry.api("/", "congvu.portal.calendar.api.router")
        registry.audit_object_url(
            "core.calendaroverride", registry.url_by_id("portal:calendar_override_edit")
        )
        registry.api("/", "congvu.portal.audit.api.router")
        registry.api("/", "congvu.portal.search.api.router")
        registry.nav_entry(
            registry.NavEntry(
                "portal.admin",
                _("Quản trị"),
                "portal:admin_index",
                namespace="portal",
                order=900,
                visible=lambda user: bool(can_open_administration(user)),
            )
        )
        registry.admin_entry(
            registry.AdminEntry(
                "portal.calendar",
                _("Lịch ngày nghỉ, ngày làm bù"),
                "portal:calendar",
                group="catalogues",
                description=_("Ngày lễ, nghỉ bù, làm bù; tính hạn theo ngày làm việc"),
                order=10,
                visible=lambda user: bool(can_manage_calendar(user)),
            )
        )
        for key, label, query, description, order in (
            (
                "portal.audit",
                _("Nhật ký hệ thống"),
                "",
                _("Đăng nhập, đăng xuất và mọi thay đổi; xuất CSV, Excel"),
                10,
            ),
            (
                "portal.audit_failed",
                _("Đăng nhập không thành công"),
                "action=accounts.sign_in_failed",
                "",
                20,
            ),
        ):
            registry.admin_entry(
                registry.AdminEntry(
                    key,
                    label,
                    "portal:audit_list",
                    group="monitoring",
                    description=description,
                    order=order,
                    query=query,
                    visible=lambda user: bool(can_view_audit_log(user)),
                )
            )
