"""The printed copy of a document's PDF: "In bởi <người> lúc <thời gian>" at the foot of every page
(Phụ lục VI F-6k: a print carries who printed it and when). pyHanko stamps each page in an
incremental update, so the signatures stay readable in the copy."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from congvu.core.decisions import Refused
from congvu.core.pdf import SANS, font_uri
from congvu.documents.signing.signers import NOT_A_PDF, VIETNAM

MARK_FONT_SIZE = 7
MARK_MARGIN = (28, 10)  # points from the page's left and bottom edges


def print_mark(printed_by: str, at: dt.datetime) -> str:
    return f"In bởi {printed_by} lúc {at.astimezone(VIETNAM):%H:%M:%S ngày %d/%m/%Y}"


def print_copy(pdf: bytes, *, printed_by: str, at: dt.datetime) -> bytes:
    """``pdf`` with the print mark on each page."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStamp, TextStampStyle
    from pypdf import PdfReader

    font = Path(font_uri(SANS["regular"]).removeprefix("file://"))
    style = TextStampStyle(
        stamp_text=print_mark(printed_by, at).replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(font), font_size=MARK_FONT_SIZE), font_size=MARK_FONT_SIZE
        ),
        border_width=0,
        background_opacity=0,
    )
    try:
        boxes = [page.mediabox for page in PdfReader(io.BytesIO(pdf)).pages]
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        mark = TextStamp(writer=writer, style=style)  # drawn once, placed on every page
        for index, box in enumerate(boxes):
            x = int(float(box.left)) + MARK_MARGIN[0]
            y = int(float(box.bottom)) + MARK_MARGIN[1]
            mark.apply(index, x, y)
        out = io.BytesIO()
        writer.write(out)
    except Exception as error:
        raise Refused.invalid(NOT_A_PDF) from error
    return out.getvalue()
