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


def _search() -> None:
    """Documents search and text extraction (congvu.documents.search)."""
    from congvu.core import registry
    from congvu.documents.search import selectors

    registry.api("/documents/search", "congvu.documents.search.api.router")
    registry.search_provider(
        registry.SearchProvider("documents", _("Văn bản"), selectors.document_hits, order=15)
    )
