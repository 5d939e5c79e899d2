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
        # Each feature registers its own screens, API, home sections, counters and search below,
        # in its own section.
        # --- incoming (registration, routing, dossiers): registered by congvu.documents.incoming ---
        # --- outgoing (drafts, review, numbering, sending): registered by congvu.documents.outgoing ---
        # --- signing (PAdES signing, verification, print marks; files/): by congvu.documents.signing ---
        # --- registers (registers, exports, statistics, review chains): by congvu.documents.registers ---
        # --- search (documents search, text extraction): registered by congvu.documents.search ---
