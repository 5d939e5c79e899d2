from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "congvu.core"
    label = "core"

    def ready(self) -> None:
        from congvu.core import deploy_checks, registry  # noqa: F401 - deploy_checks registers on import

        registry.api("/", "congvu.core.api.router")
        registry.audit_labels(
            {
                "core.calendar.override_created": _("Thêm ngày điều chỉnh lịch"),
                "core.calendar.override_updated": _("Sửa ngày điều chỉnh lịch"),
                "core.calendar.override_deleted": _("Xóa ngày điều chỉnh lịch"),
                "core.audit.exported": _("Xuất nhật ký hệ thống"),
                "core.audit.purged": _("Xóa nhật ký quá thời hạn lưu trữ"),
                "core.backup.created": _("Sao lưu dữ liệu"),
                "core.backup.restored": _("Khôi phục dữ liệu từ bản sao lưu"),
                "core.file.stored": _("Lưu tệp"),
            },
            groups=(
                ("core.calendar.", _("Lịch ngày nghỉ")),
                ("core.audit.", _("Nhật ký hệ thống")),
                ("core.backup.", _("Sao lưu và khôi phục")),
            ),
        )
