from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "congvu.accounts"
    label = "accounts"

    def ready(self) -> None:
        _account_list_sees_every_save()
        from congvu.accounts.requests.policies import is_administrator_for_any
        from congvu.accounts.users.policies import can_view_account_list
        from congvu.core import registry
        from congvu.org import policies as org_policies

        registry.urls("tai-khoan/", "congvu.accounts.urls")
        registry.api("/", "congvu.accounts.users.api.router")
        registry.api("/", "congvu.accounts.requests.api.router")
        registry.nav_entry(
            registry.NavEntry(
                "accounts.requests",
                _("Đề nghị tài khoản"),
                "accounts:request_list",
                namespace="accounts",
                path_prefix="/de-nghi/",
                order=80,
                visible=lambda user: bool(org_policies.managed_unit_paths(user)),
            )
        )
        from congvu.accounts.requests.selectors import waiting_counts

        registry.counter(registry.Counter("accounts.requests", waiting_counts, order=30))
        registry.admin_entry(
            registry.AdminEntry(
                "accounts.users",
                _("Tài khoản người dùng"),
                "accounts:user_list",
                group="org",
                description=_("Tạo, tạm dừng, cấp lại mật khẩu"),
                order=10,
                visible=lambda user: bool(can_view_account_list(user)),
            )
        )
        registry.admin_entry(
            registry.AdminEntry(
                "accounts.requests",
                _("Đề nghị cấp tài khoản"),
                "accounts:request_list",
                group="org",
                description=_("Duyệt đề nghị của các đơn vị"),
                order=20,
                visible=is_administrator_for_any,
            )
        )
        registry.audit_labels(
            {
                "accounts.sign_in": _("Đăng nhập"),
                "accounts.sign_in_failed": _("Đăng nhập không thành công"),
                "accounts.sign_out": _("Đăng xuất"),
                "accounts.password_changed": _("Đổi mật khẩu"),
                "accounts.mfa_enrolled": _("Cài đặt xác thực hai lớp"),
                "accounts.user.created": _("Tạo tài khoản"),
                "accounts.user.updated": _("Sửa tài khoản"),
                "accounts.user.password_reset": _("Cấp lại mật khẩu"),
                "accounts.user.suspend": _("Tạm dừng tài khoản"),
                "accounts.user.reactivate": _("Kích hoạt lại tài khoản"),
                "accounts.user.retire": _("Hủy tài khoản"),
                "accounts.user.unlocked": _("Mở khóa đăng nhập"),
                "accounts.user.permissions_changed": _("Đổi quyền quản trị kỹ thuật"),
                "accounts.otp_failed": _("Nhập sai mã xác thực hai lớp"),
                "accounts.mfa_backup_codes_regenerated": _("Tạo lại mã dự phòng"),
                "accounts.session.ended": _("Kết thúc một phiên đăng nhập"),
                "accounts.session.ended_others": _("Kết thúc các phiên đăng nhập khác"),
                "accounts.api_token.created": _("Tạo mã truy cập API"),
                "accounts.api_token.revoked": _("Thu hồi mã truy cập API"),
                "accounts.api_token.revoked_all": _("Thu hồi mọi mã truy cập API"),
                "accounts.accountrequest.created": _("Lập đề nghị tài khoản"),
                "accounts.accountrequest.updated": _("Sửa đề nghị tài khoản"),
                "accounts.accountrequest.submit": _("Gửi đề nghị tài khoản"),
                "accounts.accountrequest.withdraw": _("Rút đề nghị tài khoản"),
                "accounts.accountrequest.process": _("Xử lý xong đề nghị tài khoản"),
                "accounts.accountrequest.reject": _("Trả lại đề nghị tài khoản"),
            },
            groups=(
                ("accounts.", _("Tài khoản, đăng nhập")),
                ("accounts.sign_in", _("Đăng nhập")),
                ("accounts.accountrequest.", _("Đề nghị tài khoản")),
            ),
        )
        # Why a session ended (TV-SEC-2): the person signed out, or the idle limit passed.
        registry.audit_note_labels(
            "accounts.sign_out", {"": _("tự đăng xuất"), "idle": _("hết thời gian chờ")}
        )
        registry.audit_object_url("accounts.user", registry.url_by_id("accounts:user_detail"))
        registry.audit_object_url("accounts.accountrequest", registry.url_by_id("accounts:request_detail"))


def _account_list_sees_every_save() -> None:
    """An account saved or deleted, by whatever path (a service, a sign-in writing its time, the
    admin): every administrator's kept list of accounts is dropped (``users.selectors.LIST_TOPIC``)."""
    from django.db.models.signals import post_delete, post_save

    from congvu.accounts.models import User
    from congvu.accounts.users.selectors import LIST_TOPIC
    from congvu.core import personal

    def changed(sender, instance, **kwargs) -> None:
        if not kwargs.get("raw"):
            personal.touch_topic(LIST_TOPIC)

    post_save.connect(changed, sender=User, dispatch_uid="accounts-list-topic-save", weak=False)
    post_delete.connect(changed, sender=User, dispatch_uid="accounts-list-topic-delete", weak=False)
