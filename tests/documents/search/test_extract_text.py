"""The text of a document's files is read in the background and searched with the document
(DOC-10): PDF text layers, DOCX bodies, scans through Tesseract's Vietnamese model; bounded."""

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from congvu.core import search
from congvu.documents import services
from congvu.documents.models import DocumentFile, IncomingDocument
from congvu.documents.search import jobs
from tests.documents.cast import build_documents_cast, docx_bytes, incoming, outgoing, pdf_bytes


def attach(cast, doc, name, data, capture):
    with capture(execute=True):
        (item,) = services.files_attach(doc=doc, uploads=[(name, data)], actor=cast.van_thu)
    item.refresh_from_db()
    doc.refresh_from_db()
    return item


def found(model, query):
    return list(search.search(model.objects.all(), query).values_list("pk", flat=True))


def test_a_pdf_attachment_makes_its_document_found_by_its_text(province, django_capture_on_commit_callbacks):
    cast = build_documents_cast(province)
    doc = incoming(cast)
    pdf = pdf_bytes("Báo cáo kết quả thực hiện", "Chương trình chuyển đổi số tỉnh Bình Sơn năm 2026")
    item = attach(cast, doc, "bao-cao.pdf", pdf, django_capture_on_commit_callbacks)
    assert item.text_state == "done"
    assert "chuyển đổi số" in item.text
    assert "chuyen doi so" in doc.search_text
    assert found(IncomingDocument, "chuyển đổi số") == [doc.pk]
    assert found(IncomingDocument, "CHUYEN DOI SO") == [doc.pk]


def test_a_docx_draft_body_and_header_are_read(province, django_capture_on_commit_callbacks):
    cast = build_documents_cast(province)
    doc = outgoing(cast)
    data = docx_bytes(
        "Kính gửi: Sở Tài chính", "Đề nghị thẩm định dự toán kinh phí đường giao thông nông thôn"
    )
    item = attach(cast, doc, "du-thao.docx", data, django_capture_on_commit_callbacks)
    assert item.text_state == "done"
    assert "Đề nghị thẩm định dự toán" in item.text
    assert "duong giao thong nong thon" in doc.search_text


def test_docx_text_reads_runs_entities_and_headers():
    body = (
        '<w:p><w:r><w:t>Quyết </w:t></w:r><w:r><w:t xml:space="preserve">định</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Hà Nội &amp; Đà Nẵng</w:t><w:tab/><w:t>số 12</w:t></w:r></w:p>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document><w:body>{body}</w:body></w:document>")
        z.writestr("word/header1.xml", "<w:hdr><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p></w:hdr>")
    assert jobs.docx_text(buffer.getvalue()).splitlines() == [
        "Quyết định",
        "Hà Nội & Đà Nẵng số 12",
        "ỦY BAN NHÂN DÂN",
    ]


def test_a_decompression_bomb_is_read_only_up_to_the_budget(monkeypatch):
    monkeypatch.setattr(jobs, "MAX_INFLATE_BYTES", 200_000)
    paragraph = "<w:p><w:r><w:t>lặp lại</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "word/document.xml", "<w:document><w:body>" + paragraph * 200_000 + "</w:body></w:document>"
        )
    data = buffer.getvalue()
    assert len(data) < 100_000  # about 8 MB of XML packed small
    text = jobs.docx_text(data)
    assert 0 < len(text) < 200_000 // len(paragraph) * len("lặp lại\n") + 100


def test_the_text_kept_is_bounded(monkeypatch):
    monkeypatch.setattr(jobs, "MAX_CHARS", 50)
    budget = jobs._Budget(limit=50)
    for _ in range(10):
        budget.add("Ủy ban nhân dân tỉnh")
    assert len(budget.text()) <= 60 and budget.full


def test_a_broken_or_unknown_file_gives_no_text_and_fails_nothing():
    assert jobs.file_text(b"%PDF-1.7 broken", "hong.pdf")[0] == ""
    assert jobs.file_text(b"PK\x03\x04 broken", "hong.docx") == ("", "none")
    assert jobs.file_text(b"plain", "ghi-chu.txt") == ("", "none")


def test_a_missing_file_row_is_skipped(db):
    assert jobs.extract_text.call(999_999) == "missing"


def test_a_scan_is_marked_none_when_ocr_is_not_installed(
    province, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(jobs.shutil, "which", lambda name: None)
    cast = build_documents_cast(province)
    doc = incoming(cast)
    item = attach(cast, doc, "ban-quet.pdf", pdf_bytes(), django_capture_on_commit_callbacks)
    assert item.text_state == "none" and item.text == ""


def scanned_pdf(*lines: str) -> bytes:
    """A PDF holding only a picture of the text (what a scanner makes): no text layer."""
    from PIL import Image

    text_pdf = pdf_bytes(*lines)
    rendered = subprocess.run(  # noqa: S603 - a fixed program
        [shutil.which("pdftoppm"), "-r", "150", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1", "-"],
        input=text_pdf, capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    image = Image.open(io.BytesIO(rendered)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150)
    return out.getvalue()


def test_a_scanned_pdf_is_read_by_tesseract_in_vietnamese(province, django_capture_on_commit_callbacks):
    if not jobs.ocr_available():
        if os.environ.get("CI"):
            pytest.fail("CI installs tesseract-ocr, tesseract-ocr-vie and poppler-utils (Makefile APT_RUN)")
        pytest.skip("tesseract with its Vietnamese model is not installed here (make system-run installs it)")
    cast = build_documents_cast(province)
    doc = incoming(cast)
    scan = scanned_pdf("QUYẾT ĐỊNH", "Về việc phê duyệt kế hoạch tuyển dụng viên chức năm 2026")
    assert not jobs.has_text_layer(jobs.pdf_text(scan))
    item = attach(cast, doc, "ban-quet.pdf", scan, django_capture_on_commit_callbacks)
    assert item.text_state == "ocr"
    assert "tuyen dung vien chuc" in doc.search_text
    assert doc.pk in found(IncomingDocument, "tuyển dụng viên chức")


def test_the_job_refreshes_the_search_text_of_an_outgoing_document(province):
    cast = build_documents_cast(province)
    doc = outgoing(cast)
    stored_item = services.files_attach(
        doc=doc, uploads=[("a.pdf", pdf_bytes("Phương án sắp xếp đơn vị hành chính"))], actor=cast.chuyen_vien
    )[0]
    assert DocumentFile.objects.get(pk=stored_item.pk).text_state == "pending"
    assert jobs.extract_text.call(stored_item.pk) == "done"
    doc.refresh_from_db()
    assert "phuong an sap xep" in doc.search_text
