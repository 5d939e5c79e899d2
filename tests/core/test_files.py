"""The upload service (DOC-6 formats, size, executables, NFC, virus scan; DOC-7 state secrets)."""

from __future__ import annotations

import gzip
import hashlib
import io
import random
import socket
import struct
import threading
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.core import files
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, StoredFile

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files land in a fresh folder; no scanner unless a test sets one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.CLAMAV_ADDRESS = ""
    return tmp_path / "media"


# --- building real files in memory ----------------------------------------------------------------


def make_zip(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def make_docx(*paragraphs: str, header: str | None = None) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    if header is not None:
        members["word/header1.xml"] = f"<w:hdr><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>"
    return make_zip(members)


def make_xlsx() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Số liệu")
    sheet.write_row(0, 0, ["Đơn vị", "Số văn bản"])
    sheet.write_row(1, 0, ["Sở Nội vụ", 12])
    book.close()
    return buffer.getvalue()


def make_pdf(*lines: str) -> bytes:
    if not lines:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
    import weasyprint

    return weasyprint.HTML(string="".join(f"<p>{line}</p>" for line in lines)).write_pdf()


def make_odt(*paragraphs: str) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    return make_zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": f"<office:document-content><office:body><office:text>{body}</office:text></office:body></office:document-content>",
        }
    )


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def make_ole(stream: str) -> bytes:
    return OLE_HEADER + stream.encode("utf-16-le") + b"\0" * 1000


# --- accepted files -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [
        ("Báo cáo quý.pdf", lambda: make_pdf(), "application/pdf"),
        (
            "Công văn.docx",
            lambda: make_docx("Kính gửi: Sở Nội vụ", "Mật khẩu Wi-Fi đã đổi"),
            "wordprocessingml",
        ),
        ("Số liệu.xlsx", make_xlsx, "spreadsheetml"),
        ("danh-sach.csv", lambda: "Họ tên,Đơn vị\nNguyễn Văn Minh,Sở Nội vụ\n".encode(), "text/csv"),
        ("bieu-mau.txt", lambda: "BM01 – Biểu mẫu báo cáo tháng\n".encode(), "text/plain"),  # "BM": a bitmap?
        ("ghi-chu.txt", lambda: "FWS: không phải Flash\nID3 cũng vậy\n".encode(), "text/plain"),
        ("Tờ trình.odt", lambda: make_odt("Tờ trình", "Mật độ dân số"), "opendocument.text"),
        ("hồ sơ.zip", lambda: make_zip({"a.txt": "xin chào", "b/c.pdf": make_pdf()}), "application/zip"),
        ("sao-luu.tar.gz", lambda: gzip.compress(b"plain data"), "application/gzip"),
        ("tai-lieu.rar", lambda: b"Rar!\x1a\x07\x01\x00" + b"\0" * 64, "application/vnd.rar"),
        ("thu.rtf", lambda: rb"{\rtf1\ansi Xin chao}", "application/rtf"),
        ("cu.doc", lambda: make_ole("WordDocument"), "application/msword"),
        ("cu.xls", lambda: make_ole("Workbook"), "application/vnd.ms-excel"),
        ("cu.ppt", lambda: make_ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ],
)
def test_it_stores_allowed_files_byte_for_byte(province, media, name, build, content_type):
    data = build()
    stored = files.store_upload(uploaded_file=(name, data), actor=province.chuyen_vien)
    assert stored.original_name == name
    assert content_type in stored.content_type
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.uploaded_by == province.chuyen_vien
    with default_storage.open(stored.storage_name) as handle:
        assert handle.read() == data
    parts = stored.storage_name.split("/")
    assert parts[0] == "files" and len(parts) == 5 and len(parts[3]) == 36  # files/YYYY/MM/<uuid>/<name>
    assert (media / stored.storage_name).exists()
    event = AuditEvent.objects.get(action="core.file.stored", object_id=str(stored.pk))
    assert event.actor == province.chuyen_vien
    assert event.after["sha256"] == stored.sha256


@pytest.mark.django_db
def test_it_takes_a_django_uploaded_file(province):
    upload = SimpleUploadedFile("ghi chú.txt", "Nội dung ghi chú\n".encode(), content_type="text/plain")
    stored = files.store_upload(uploaded_file=upload, actor=province.van_thu)
    assert stored.original_name == "ghi chú.txt"
    assert default_storage.open(stored.storage_name).read() == "Nội dung ghi chú\n".encode()


# --- refused files --------------------------------------------------------------------------------


def refused(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(Refused) as caught:
        files.store_upload(uploaded_file=(name, data), actor=None, **kwargs)
    return caught.value.message


@pytest.fixture
def nothing_stored(db, media):
    yield
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(action="core.file.stored").exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


PE_EXE = b"MZ\x90\x00\x03" + b"\0" * 55 + b"\x80\0\0\0" + b"\0" * 64 + b"PE\0\0" + b"\0" * 400
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 500


def test_it_refuses_a_windows_program_named_report_pdf(nothing_stored):
    message = refused("report.pdf", PE_EXE)
    assert "chương trình Windows" in message
    assert "thực thi" in message


def test_it_refuses_an_elf_program_named_docx(nothing_stored):
    assert "ELF" in refused("x.docx", ELF)


@pytest.mark.parametrize(
    "data",
    [
        b"#!/bin/sh\nrm -rf /\n",
        b"\xcf\xfa\xed\xfe" + b"\0" * 100,
        b"\xef\xbb\xbf#!/usr/bin/env python\nprint(1)\n",
    ],
)
def test_it_refuses_scripts_and_programs_whatever_their_text_name(nothing_stored, data):
    assert "thực thi" in refused("ghi-chu.txt", data)


@pytest.mark.parametrize(
    "name",
    ["setup.exe", "chay.bat", "a.cmd", "b.com", "c.js", "d.vbs", "e.ps1", "f.sh", "g.msi", "h.jar", "i.apk"],
)
def test_it_refuses_executable_names(nothing_stored, name):
    assert "tệp thực thi" in refused(name, b"anything")


def test_a_right_to_left_override_cannot_hide_an_exe(nothing_stored):
    assert "tệp thực thi" in refused("hinh\u202egpj.exe", PE_EXE)


def test_it_refuses_a_zip_renamed_docx(nothing_stored):
    message = refused("hop-dong.docx", make_zip({"a.txt": "x"}))
    assert "không khớp với phần mở rộng .docx" in message
    assert "ZIP" in message


@pytest.mark.parametrize(
    ("name", "data", "real"),
    [
        ("bang.xlsx", make_docx("x"), "docx"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "png"),
        ("van-ban.txt", make_pdf(), "PDF"),
        ("trinh-chieu.odp", make_odt("x"), "odt"),
        ("cu.doc", make_ole("Workbook"), "Office"),
        ("cai-dat.doc", make_ole("\x05SummaryInformation"), "Office"),  # e.g. an .msi renamed
        ("nen.gz", make_zip({"a.txt": "x"}), "ZIP"),
    ],
)
def test_content_must_agree_with_the_extension(nothing_stored, name, data, real):
    message = refused(name, data)
    assert "không" in message and real in message


def test_it_refuses_unlisted_formats_and_names_the_allowed_ones(nothing_stored):
    message = refused("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert ".png không được phép" in message
    assert "docx" in message and "rar" in message
    assert "phần mở rộng" in refused("README", b"hello")


def test_it_refuses_a_zip_holding_a_program(nothing_stored):
    assert "setup.exe" in refused("ho-so.zip", make_zip({"tai-lieu/setup.exe": PE_EXE}))


def test_it_refuses_a_gzip_holding_a_program(nothing_stored):
    assert "thực thi" in refused("x.gz", gzip.compress(ELF))


def test_it_refuses_office_files_with_macros(nothing_stored):
    data = make_zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document/>",
            "word/vbaProject.bin": b"\0",
        }
    )
    assert "macro" in refused("bao-cao.docx", data)
    assert "macro" in refused("bao-cao.docm", data)


def test_it_refuses_a_broken_pdf(nothing_stored):
    assert "bị hỏng" in refused("hong.pdf", b"%PDF-1.7\n" + b"\xff" * 200)


def test_it_refuses_binary_text_and_empty_files(nothing_stored):
    assert "nhị phân" in refused("x.csv", b"a,b\n\0\0\0")
    assert "bảng mã Unicode" in refused("x.csv", b"a,b\n\x81\x8d\x8e\n")  # not UTF-8, not cp1258
    assert "rỗng" in refused("x.txt", b"")


def test_it_refuses_a_file_over_26_mb(nothing_stored, settings):
    assert settings.UPLOAD_MAX_BYTES == 25 * MB
    message = refused("lon.pdf", b"%PDF-1.7\n" + b"0" * (26 * MB))
    assert "vượt giới hạn 25 MB" in message


def test_the_size_limit_is_a_setting_and_is_checked_before_reading(nothing_stored, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    upload = SimpleUploadedFile("x.txt", b"a" * (MB + 1))
    with pytest.raises(Refused, match="vượt giới hạn 1 MB"):
        files.store_upload(uploaded_file=upload, actor=None)
    files.check_upload("x.txt", b"a" * MB)  # exactly the limit is accepted


# --- Unicode: NFC names and text (TCVN 6909:2001) ------------------------------------------------


@pytest.mark.django_db
def test_nfd_names_and_text_are_stored_as_nfc(province):
    name = unicodedata.normalize("NFD", "C:\\Users\\minh\\Báo cáo tổng hợp.txt")
    text = unicodedata.normalize("NFD", "Quyết định về việc phân công nhiệm vụ\n")
    assert not unicodedata.is_normalized("NFC", text)
    stored = files.store_upload(uploaded_file=(name, text.encode("utf-8")), actor=province.chuyen_vien)
    assert stored.original_name == "Báo cáo tổng hợp.txt"
    assert unicodedata.is_normalized("NFC", stored.original_name)
    expected = unicodedata.normalize("NFC", text).encode("utf-8")
    assert default_storage.open(stored.storage_name).read() == expected
    assert stored.sha256 == hashlib.sha256(expected).hexdigest()
    assert stored.size == len(expected)


def test_names_lose_folders_and_control_characters():
    assert files.clean_file_name("../../etc/passwd.txt") == "passwd.txt"
    assert files.clean_file_name("a\x00b\tc.pdf") == "abc.pdf"
    assert files.clean_file_name("  ..ẩn.pdf  ") == "ẩn.pdf"
    long_name = "Tài liệu " * 60 + ".docx"
    assert len(files.clean_file_name(long_name)) <= 200
    assert files.clean_file_name(long_name).endswith(".docx")


def test_utf16_and_windows_vietnamese_text_become_utf8_nfc():
    utf16 = "Họ tên,Đơn vị\n".encode("utf-16")
    result = files.check_upload("a.csv", utf16)
    assert result.data == "\ufeffHọ tên,Đơn vị\n".encode()
    cp1258 = "Hà Nô\u0323i".encode("cp1258")  # the code page writes some tones as combining marks
    result = files.check_upload("b.txt", cp1258)
    assert result.data.decode("utf-8").lstrip("\ufeff") == "Hà Nội"
    assert unicodedata.is_normalized("NFC", result.data.decode("utf-8"))


# --- state secrets (DOC-7) ------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["Mật", "Tối mật", "TUYỆT MẬT", "toi mat", "  tối   MẬT ", "Tuyệt mật"])
def test_it_refuses_items_declared_secret(nothing_stored, level):
    message = refused("x.txt", b"hello", confidentiality=level)
    assert message.startswith("Hệ thống không tiếp nhận tài liệu mật")


@pytest.mark.django_db
@pytest.mark.parametrize("level", [None, "", "Thường", "Không mật"])
def test_ordinary_confidentiality_passes(level):
    assert files.store_upload(uploaded_file=("x.txt", b"hello"), actor=None, confidentiality=level).pk


@pytest.mark.parametrize(
    "text",
    [
        "UBND TỈNH BÌNH SƠN\nTỐI MẬT\nCông văn số 12\n",
        "MẬT\r\nNội dung\r\n",
        "Số: 15/QĐ-UBND\n   TUYỆT   MẬT  \n",
        unicodedata.normalize("NFD", "Trang 1\nTỐI MẬT\n"),
        "Số 12\n[TỐI MẬT]\n",
    ],
)
def test_it_refuses_a_text_file_with_a_secrecy_stamp(nothing_stored, text):
    message = refused("cong-van.txt", text.encode("utf-8"))
    assert "Hệ thống không tiếp nhận tài liệu mật" in message
    assert "dấu chỉ độ mật" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ["Bảo mật thông tin là trách nhiệm chung\n", "Mật khẩu: xem phụ lục\n", "Mật\n", "TỐI MẬT CỦA BAN\n"],
)
def test_the_word_mat_in_a_sentence_is_not_a_stamp(text):
    assert files.store_upload(uploaded_file=("a.txt", text.encode()), actor=None).pk


def test_it_refuses_a_docx_with_a_secrecy_stamp(nothing_stored):
    data = make_docx("UBND TỈNH BÌNH SƠN", "TỐI MẬT", "Kính gửi: Sở Tài chính")
    assert "TỐI MẬT" in refused("cong-van.docx", data)


def test_it_reads_the_stamp_in_a_docx_header(nothing_stored):
    assert "MẬT" in refused("cong-van.docx", make_docx("Nội dung", header="MẬT"))


def test_it_refuses_an_odt_with_a_secrecy_stamp(nothing_stored):
    assert "TUYỆT MẬT" in refused("cong-van.odt", make_odt("Số 1", "TUYỆT MẬT"))


def test_it_refuses_a_pdf_with_a_secrecy_stamp(nothing_stored):
    assert "TỐI MẬT" in refused("cong-van.pdf", make_pdf("CÔNG VĂN", "TỐI MẬT", "Nội dung"))


@pytest.mark.django_db
def test_a_pdf_mentioning_secrecy_in_a_sentence_is_accepted():
    data = make_pdf("Quy định về bảo vệ bí mật nhà nước", "Không mang tài liệu mật ra ngoài")
    assert files.store_upload(uploaded_file=("quy-dinh.pdf", data), actor=None).pk


# --- virus scan (ClamAV INSTREAM) -----------------------------------------------------------------


class FakeClamd:
    """A clamd speaking INSTREAM on a unix socket, answering ``reply`` and keeping what it got."""

    def __init__(self, path: Path, reply: bytes) -> None:
        self.path = path
        self.reply = reply
        self.received = b""
        self.command = b""
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = conn.recv(size - len(data))
            if not part:
                raise ConnectionError("closed")
            data += part
        return data

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            self.command = self._read(conn, len(b"zINSTREAM\0"))
            while True:
                (length,) = struct.unpack("!L", self._read(conn, 4))
                if length == 0:
                    break
                self.received += self._read(conn, length)
            conn.sendall(self.reply)

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def clamd(settings, tmp_path):
    servers: list[FakeClamd] = []

    def start(reply: bytes) -> FakeClamd:
        server = FakeClamd(tmp_path / f"clamd{len(servers)}.sock", reply)
        servers.append(server)
        settings.CLAMAV_ADDRESS = f"unix:{server.path}"
        return server

    yield start
    for server in servers:
        server.close()


@pytest.mark.django_db
def test_a_clean_scan_accepts_the_file(clamd):
    server = clamd(b"stream: OK\0")
    big = make_zip({"a.txt": "xin chào", "b.csv": random.Random(1).randbytes(200_000)})
    stored = files.store_upload(uploaded_file=("sach.zip", big), actor=None)
    assert server.command == b"zINSTREAM\0"
    assert server.received == big  # all of it, in several chunks
    assert len(big) > 64 * 1024
    assert stored.sha256 == hashlib.sha256(big).hexdigest()


def test_a_virus_is_refused_with_its_signature(nothing_stored, clamd):
    clamd(b"stream: Eicar-Signature FOUND\0")
    eicar = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    message = refused("eicar.txt", eicar)
    assert "Eicar-Signature" in message
    assert "mã độc" in message


def test_an_unreachable_scanner_refuses_the_file(nothing_stored, settings, tmp_path):
    settings.CLAMAV_ADDRESS = f"unix:{tmp_path / 'khong-co.sock'}"
    message = refused("a.txt", b"hello")
    assert "máy quét virus không phản hồi" in message


def test_a_scanner_error_reply_refuses_the_file(nothing_stored, clamd):
    clamd(b"INSTREAM size limit exceeded. ERROR\0")
    assert "không phản hồi" in refused("a.txt", b"hello")


def test_tcp_scanner_addresses_are_understood(settings):
    from congvu.core import clamav

    with pytest.raises(clamav.ScannerUnavailable):
        clamav.scan(b"x", address="tcp:127.0.0.1:1", timeout=1)
    with pytest.raises(clamav.ScannerUnavailable):
        clamav.scan(b"x", address="http://clamd")
