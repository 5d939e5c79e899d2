from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "congvu.documents"
    label = "documents"

    def ready(self) -> None:
        from congvu.core import registry

        registry.urls("van-ban/", "congvu.documents.urls")
        registry.audit_labels(
            {
                "documents.incomingdocument.registered": _("Vào sổ văn bản đến"),
                "documents.incomingdocument.received": _("Nhận văn bản đến"),
                "documents.incomingdocument.register": _("Vào sổ văn bản đến"),
                "documents.incomingdocument.distribute": _("Phân phối văn bản đến"),
                "documents.incomingdocument.forward": _("Chuyển xử lý văn bản đến"),
                "documents.incomingdocument.close": _("Kết thúc xử lý, lưu hồ sơ"),
                "documents.outgoingdocument.submit": _("Trình duyệt dự thảo"),
                "documents.outgoingdocument.pass_on": _("Đồng ý dự thảo, trình tiếp"),
                "documents.outgoingdocument.approve": _("Duyệt ban hành văn bản"),
                "documents.outgoingdocument.return": _("Trả lại dự thảo"),
                "documents.outgoingdocument.withdraw": _("Rút lại dự thảo"),
                "documents.outgoingdocument.number": _("Cấp số văn bản đi"),
                "documents.outgoingdocument.check": _("Kiểm tra văn bản đã cấp số"),
                "documents.outgoingdocument.sign": _("Ký số văn bản"),
                "documents.outgoingdocument.send": _("Phát hành văn bản"),
                "documents.outgoingdocument.cancel": _("Hủy dự thảo"),
                "documents.incomingdocument.downloaded": _("Tải tệp văn bản đến"),
                "documents.outgoingdocument.downloaded": _("Tải tệp văn bản đi"),
            },
            groups=(("documents.", _("Văn bản")),),
        )
        # Each feature registers its own screens, API, home sections, counters, search and audit labels
        # in its own function below.
        _incoming()
        _outgoing()
        _signing()
        _registers()
        _search()


def _incoming() -> None:
    """Registration, routing, dossiers (congvu.documents.incoming)."""


def _outgoing() -> None:
    """Drafts, review, numbering, sending (congvu.documents.outgoing)."""


def _signing() -> None:
    """PAdES signing, verification, print marks (congvu.documents.signing, files)."""


def _registers() -> None:
    """Registers, exports, statistics, review chains (congvu.documents.registers)."""
    from congvu.core import registry
    from congvu.documents.registers import policies as register_policies

    registry.api("/documents/registers", "congvu.documents.registers.api.router")
    registry.api("/documents/review-chains", "congvu.documents.registers.api.chains_router")
    registry.nav_entry(
        registry.NavEntry(
            "documents.registers",
            _("Sổ văn bản"),
            "documents:registers_list",
            namespace="documents",
            url_names=("registers_list", "registers_detail", "registers_create", "registers_edit"),
            order=64,
            visible=lambda user: register_policies.may_read_any(user) or register_policies.may_keep_any(user),
        )
    )
    registry.nav_entry(
        registry.NavEntry(
            "documents.statistics",
            _("Thống kê văn bản"),
            "documents:registers_statistics",
            namespace="documents",
            url_names=("registers_statistics",),
            order=65,
            visible=register_policies.may_read_any,
        )
    )
    registry.admin_entry(
        registry.AdminEntry(
            "documents.registers",
            _("Sổ văn bản và quy trình duyệt"),
            "documents:registers_list",
            group="catalogues",
            description=_(
                "Sổ văn bản đến, đi của cơ quan (mỗi sổ một dãy số) và quy trình duyệt văn bản đi."
            ),
            order=40,
            visible=register_policies.may_keep_any,
            links=(
                (_("Sổ văn bản"), "documents:registers_list", ()),
                (_("Quy trình duyệt văn bản đi"), "documents:registers_chains", ()),
                (_("Thống kê văn bản"), "documents:registers_statistics", ()),
            ),
        )
    )
    registry.audit_labels(
        {
            "documents.register.created": _("Thêm sổ văn bản"),
            "documents.register.updated": _("Sửa sổ văn bản"),
            "documents.register.exported": _("In, tải sổ văn bản"),
            "documents.reviewchain.created": _("Thêm quy trình duyệt văn bản đi"),
            "documents.reviewchain.updated": _("Sửa quy trình duyệt văn bản đi"),
        }
    )
    registry.audit_object_url("documents.register", registry.url_by_id("documents:registers_detail"))
    registry.audit_object_url("documents.reviewchain", registry.url_by_id("documents:registers_chain_edit"))


def _search() -> None:
    """Documents search and text extraction (congvu.documents.search)."""
