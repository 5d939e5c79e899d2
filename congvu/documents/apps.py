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
    from congvu.core import registry
    from congvu.documents.incoming import selectors

    registry.audit_labels(
        {
            "documents.incomingdocument.edited": _("Sửa thông tin vào sổ văn bản đến"),
            "documents.incomingdocument.files_added": _("Thêm tệp vào văn bản đến"),
            "documents.incomingdocument.routed": _("Chuyển văn bản đến (người nhận, ý kiến chỉ đạo)"),
            "documents.incomingdocument.shared": _("Chia sẻ văn bản đến"),
            "documents.incomingdocument.viewed": _("Xem văn bản đến"),
            "documents.incomingdocument.slip_printed": _("In phiếu giải quyết văn bản đến"),
            "documents.dossier.created": _("Lập hồ sơ công việc"),
            "documents.dossier.filed": _("Lưu văn bản vào hồ sơ"),
        }
    )
    registry.api("/documents/incoming", "congvu.documents.incoming.api.router")
    registry.api("/documents/dossiers", "congvu.documents.incoming.api.dossiers")
    registry.audit_object_url("documents.incomingdocument", registry.url_by_id("documents:incoming_detail"))
    registry.audit_object_url("documents.dossier", registry.url_by_id("documents:incoming_dossier_detail"))
    registry.home_section(
        registry.HomeSection(
            "documents.incoming", "documents/incoming/_home.html", selectors.home_section, order=12
        )
    )
    registry.counter(registry.Counter("documents.incoming", selectors.home_counts, order=12))
    registry.nav_entry(
        registry.NavEntry(
            "documents.incoming",
            _("Văn bản đến"),
            "documents:incoming_todo",
            namespace="documents",
            path_prefix="/van-ban/den/",
            order=60,
        )
    )


def _outgoing() -> None:
    """Drafts, review, numbering, sending (congvu.documents.outgoing)."""
    from congvu.core import registry
    from congvu.documents.outgoing import selectors

    registry.audit_labels(
        {
            "documents.outgoingdocument.created": _("Soạn dự thảo văn bản đi"),
            "documents.outgoingdocument.edited": _("Sửa thông tin dự thảo"),
            "documents.outgoingdocument.version_added": _("Cập nhật phiên bản dự thảo"),
            "documents.outgoingdocument.commented": _("Cho ý kiến vào dự thảo"),
        }
    )
    registry.audit_object_url("documents.outgoingdocument", registry.url_by_id("documents:outgoing_detail"))
    registry.api("/documents/outgoing", "congvu.documents.outgoing.api.router")
    registry.home_section(
        registry.HomeSection(
            "documents.outgoing",
            "documents/outgoing/_home.html",
            selectors.home_section,
            order=30,
            stylesheets=("documents/outgoing.css",),
        )
    )
    registry.counter(registry.Counter("documents.outgoing", selectors.waiting_counts, order=15))
    registry.nav_entry(
        registry.NavEntry(
            "documents.outgoing",
            _("Văn bản đi"),
            "documents:outgoing_mine",
            namespace="documents",
            path_prefix="/van-ban/di/",
            order=61,
        )
    )


def _signing() -> None:
    """PAdES signing, verification, print marks (congvu.documents.signing, files)."""
    from congvu.core import registry
    from congvu.documents.signing import selectors

    registry.api("/documents/outgoing", "congvu.documents.signing.api.router")
    registry.api("/documents/signatures", "congvu.documents.signing.api.signatures")
    registry.audit_labels(
        {
            "documents.incomingdocument.printed": _("In tệp văn bản đến"),
            "documents.outgoingdocument.printed": _("In tệp văn bản đi"),
        }
    )
    registry.home_section(
        registry.HomeSection(
            "documents.signing",
            "documents/signing/_home_queue.html",
            selectors.home_section,
            order=12,  # right after the person's own work: a signature holds up the issuing
        )
    )


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
    from congvu.core import registry
    from congvu.documents.search import selectors

    registry.api("/documents/search", "congvu.documents.search.api.router")
    registry.search_provider(
        registry.SearchProvider("documents", _("Văn bản"), selectors.document_hits, order=15)
    )
