"""The "phiếu giải quyết văn bản đến" (Nghị định 30/2020, Phụ lục IV) as a PDF, printed from the
document's route: who sent it to whom, when, with which instruction (DOC-2). The print carries who
printed it and when (F-6k)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from congvu.core.pdf import sans_fonts
from congvu.documents.incoming import selectors
from congvu.documents.models import IncomingDocument


def slip_pdf(doc: IncomingDocument, *, printed_by: Any) -> bytes:
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    now = timezone.localtime()
    html = render_to_string(
        "documents/incoming/pdf_slip.html",
        {
            "doc": doc,
            "timeline": selectors.timeline(doc),
            "printed": f"In bởi {printed_by.full_name} lúc {now:%H:%M} ngày {now:%d/%m/%Y}",
            **sans_fonts(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
