"""The upload service (DOC-6 formats, size, executables, NFC, virus scan; DOC-7 state secrets)."""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
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


_END, _FREE, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def make_ole(*streams: str, size: int = 4096) -> bytes:
    """A real OLE2 compound file (MS-CFB v3) holding the named streams ("Macros/VBA/dir" nests)."""
    tree: dict = {}
    for path in streams:
        node = tree
        for part in path.split("/")[:-1]:
            node = node.setdefault(part, {})
        node[path.split("/")[-1]] = None
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "child": _NOSTREAM, "right": _NOSTREAM}]
    data_sectors: list[bytes] = []

    def add(children: dict) -> int:
        ids = []
        for name in sorted(children, key=lambda n: (len(n), n.upper())):
            entry = {"name": name, "child": _NOSTREAM, "right": _NOSTREAM}
            entries.append(entry)
            ids.append(len(entries) - 1)
            if children[name] is None:
                body = (name.encode("utf-16-le") * size)[:size]
                entry.update(type=2, size=size, first=len(data_sectors))
                data_sectors.extend(body[i : i + 512].ljust(512, b"\0") for i in range(0, size, 512))
            else:
                entry.update(type=1)
                entry["child"] = add(children[name])
        for left, right in itertools.pairwise(ids):
            entries[left]["right"] = right
        return ids[0] if ids else _NOSTREAM

    entries[0]["child"] = add(tree)
    dir_sectors = -(-len(entries) // 4)
    first_data = 1 + dir_sectors
    total = first_data + len(data_sectors)
    assert total <= 128
    fat = [_FREE] * 128
    fat[0] = _FATSECT
    for i in range(1, first_data):
        fat[i] = i + 1 if i + 1 < first_data else _END
    directory = b""
    for entry in entries:
        start, length = _END, 0
        if entry["type"] == 2:
            start, length = first_data + entry["first"], entry["size"]
            count = length // 512
            for k in range(count):
                fat[start + k] = start + k + 1 if k + 1 < count else _END
        name = entry["name"].encode("utf-16-le")
        directory += (
            (name + b"\0\0").ljust(64, b"\0")
            + struct.pack("<HBB", len(name) + 2, entry["type"], 1)
            + struct.pack("<III", _NOSTREAM, entry["right"], entry["child"])
            + b"\0" * 36
            + struct.pack("<IQ", start, length)
        )
    directory = directory.ljust(dir_sectors * 512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + b"".join(data_sectors)


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


# --- archives: names as Windows reads them, macros by content, a budget for inflating -------------


@pytest.mark.parametrize(
    "entry",
    [
        "SETUP.EXE ",
        "setup.exe.",
        "Setup.Exe . .",
        "tai-lieu/cai dat.EXE  ",
        "tai-lieu\\setup.exe ",
        "huong-dan.txt:setup.exe",
        "setup.exe::$DATA",
        "chay.bat:Zone.Identifier",
    ],
)
def test_zip_entries_are_judged_as_windows_reads_their_names(nothing_stored, entry):
    message = refused("ho-so.zip", make_zip({"bao-cao.pdf": make_pdf(), entry: PE_EXE}))
    assert "tệp thực thi" in message


def test_an_upload_name_with_a_program_stream_is_refused(nothing_stored):
    assert "tệp thực thi" in refused("setup.exe:huong-dan.txt", b"xin chao")


def test_windows_names_of_an_entry():
    assert files.windows_names("Thư mục/SETUP.EXE . ") == ["setup.exe"]
    assert files.windows_names("a.txt:x.exe:$DATA") == ["a.txt", "x.exe", "$data"]
    assert files.windows_names("thu-muc/") == []


CONTENT_TYPES_XML = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>{extra}</Types>'
)
VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def make_package(extra_types: str = "", rels: str = "", parts: dict[str, str | bytes] | None = None) -> bytes:
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES_XML.format(extra=extra_types),
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>Kính gửi</w:t></w:r></w:p></w:body></w:document>",
        "word/_rels/document.xml.rels": f"<Relationships>{rels}</Relationships>",
    }
    members.update(parts or {})
    return make_zip(members)


VBA_PROJECT = make_ole("VBA/_VBA_PROJECT", "VBA/dir", "PROJECT")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            make_package(
                '<Override PartName="/word/data.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
                parts={"word/data.bin": b"\0" * 64},
            ),
            id="content type names a VBA project",
        ),
        pytest.param(
            make_package(
                "<Override PartName='/word/data.bin' ContentType='application/vnd.ms-office.&#118;baProject'/>",
                parts={"word/data.bin": b"\0" * 64},
            ),
            id="content type written with a character reference",
        ),
        pytest.param(
            make_package(
                rels=f'<Relationship Id="rId9" Type="{VBA_RELATIONSHIP}" Target="data.bin"/>',
                parts={"word/data.bin": b"\0" * 64},
            ),
            id="relationship to a VBA project",
        ),
        pytest.param(make_package(parts={"word/data.bin": VBA_PROJECT}), id="OLE part holding a VBA project"),
        pytest.param(
            make_package(
                '<Override PartName="/word/document.xml" '
                'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
            ),
            id="macro-enabled document renamed docx",
        ),
    ],
)
def test_a_docx_with_macros_under_another_name_is_refused(nothing_stored, data):
    assert "macro" in refused("bao-cao.docx", data)


def test_an_xlsx_with_an_excel_4_macro_sheet_is_refused(nothing_stored):
    data = make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML.format(
                extra='<Override PartName="/xl/macrosheets/sheet1.xml" '
                'ContentType="application/vnd.ms-excel.macrosheet+xml"/>'
            ),
            "xl/workbook.xml": "<workbook/>",
            "xl/macrosheets/sheet1.xml": "<xm:macrosheet/>",
        }
    )
    assert "macro" in refused("so-lieu.xlsx", data)


@pytest.mark.django_db
def test_a_docx_with_an_embedded_workbook_without_macros_is_accepted():
    data = make_package(parts={"word/embeddings/oleObject1.bin": make_ole("Workbook", "\x01CompObj")})
    assert files.store_upload(uploaded_file=("bao-cao.docx", data), actor=None).pk


@pytest.mark.parametrize(
    ("name", "streams"),
    [
        ("cu.doc", ("WordDocument", "1Table", "Macros/VBA/_VBA_PROJECT", "Macros/VBA/dir")),
        ("cu.doc", ("WordDocument", "Macros/PROJECT")),
        ("cu.xls", ("Workbook", "_VBA_PROJECT_CUR/VBA/dir", "_VBA_PROJECT_CUR/PROJECT")),
        ("cu.doc", ("WordDocument", "ObjectPool/_1234/_VBA_PROJECT_CUR/VBA/dir")),  # an embedded workbook
    ],
)
def test_legacy_office_files_with_vba_streams_are_refused(nothing_stored, name, streams):
    assert "macro" in refused(name, make_ole(*streams))


def test_a_broken_legacy_office_file_is_refused(nothing_stored):
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 1000
    )
    assert "bị hỏng" in refused("cu.doc", data)


def lorem(size: int, seed: int = 1) -> str:
    """Text that packs about as tightly as a real document (a few times, not a hundred)."""
    words = ["Ủy", "ban", "nhân", "dân", "tỉnh", "Bình", "Sơn", "báo", "cáo", "kết", "quả", "số", "liệu"]
    rng = random.Random(seed)
    text = " ".join(f"{rng.choice(words)}{rng.randrange(1000)}" for _ in range(size // 6))
    return text[:size]


def docx_with_headers(count: int, size: int) -> bytes:
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES_XML.format(extra=""),
        "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:body></w:document>",
    }
    for number in range(1, count + 1):
        members[f"word/header{number}.xml"] = (
            f"<w:hdr><w:p><w:r><w:t>{lorem(size, number)}</w:t></w:r></w:p></w:hdr>"
        )
    return make_zip(members)


def test_a_docx_inflating_past_the_budget_is_refused(nothing_stored, settings):
    data = docx_with_headers(40, 50_000)  # 2 MB of headers, as the 784 MB bomb but smaller
    files.check_upload("cong-van.docx", data)  # within the default budget
    settings.UPLOAD_INFLATE_MAX_BYTES = 1 * MB
    message = refused("cong-van.docx", data)
    assert "giải nén" in message and "vượt giới hạn kiểm tra 1 MB" in message


def test_an_archive_with_too_many_parts_is_refused(nothing_stored, settings):
    settings.UPLOAD_ARCHIVE_MAX_PARTS = 20
    files.check_upload("ho-so.zip", make_zip({f"{n}.txt": "x" for n in range(20)}))
    assert "quá nhiều thành phần" in refused("ho-so.zip", make_zip({f"{n}.txt": "x" for n in range(21)}))
    assert "quá nhiều thành phần" in refused("cong-van.docx", docx_with_headers(25, 10))


def test_a_million_empty_entries_are_refused_before_they_are_read(nothing_stored, monkeypatch):
    """The central directory's declared size is judged before zipfile builds an entry for each."""
    data = make_zip({f"{n}.txt": "" for n in range(2001)})
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("the archive was parsed"))
    assert "quá nhiều thành phần" in refused("ho-so.zip", data)


def test_an_end_record_that_understates_the_entries_does_not_let_them_through(nothing_stored, settings):
    settings.UPLOAD_ARCHIVE_MAX_PARTS = 20
    data = bytearray(make_zip({f"{n}.txt": "x" for n in range(30)}))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 1, 1)  # "one entry", says the end record
    assert "quá nhiều thành phần nén (hơn 20)" in refused("ho-so.zip", bytes(data))


@pytest.mark.parametrize("name", ["cong-van.docx", "ho-so.zip"])
def test_a_part_packed_a_thousand_times_is_refused(nothing_stored, name):
    members: dict[str, str | bytes] = {"word/document.xml": "<w:document/>", "a.txt": b"\0" * (5 * MB)}
    if name.endswith(".docx"):
        members["[Content_Types].xml"] = "<Types/>"
    data = make_zip(members)
    assert len(data) < 50_000
    assert "tỉ lệ nén bất thường" in refused(name, data)


def test_a_declared_size_far_beyond_the_file_is_refused(nothing_stored):
    data = bytearray(make_zip({"bao-cao.txt": "xin chào"}))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFF_0000)  # uncompressed size: 4 GB
    assert "giải nén lên tới" in refused("ho-so.zip", bytes(data))


def test_the_stamp_scan_reads_a_large_part_as_a_stream():
    import tracemalloc

    paragraphs = "".join(f"<w:p><w:r><w:t>{lorem(200, n)}</w:t></w:r></w:p>" for n in range(40_000))
    body = f"<w:document><w:body>{paragraphs}<w:p><w:r><w:t>TỐI MẬT</w:t></w:r></w:p></w:body></w:document>"
    data = make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": body})
    assert len(body) > 8 * MB
    tracemalloc.start()
    try:
        with pytest.raises(Refused, match="TỐI MẬT"):
            files.check_upload("cong-van.docx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * MB  # the 8 MB part never in memory whole


def test_paragraphs_are_found_whatever_pieces_the_part_is_read_in():
    xml = "<w:p><w:t>Số 12</w:t></w:p><w:p><w:t>TỐI MẬT</w:t><w:br/>Trang 1</w:p>".encode()
    expected = ["<w:p><w:t>Số 12</w:t>", "<w:p><w:t>TỐI MẬT</w:t>", "Trang 1", ""]
    for size in (1, 2, 3, 5, 7, 64, len(xml)):
        pieces = [xml[i : i + size] for i in range(0, len(xml), size)]
        assert list(files._paragraphs(pieces, files._W_PARAGRAPH_END)) == expected, size


def test_unsupported_compression_is_refused_when_a_part_must_be_read(nothing_stored):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("word/document.xml", "<w:document/>", compress_type=zipfile.ZIP_BZIP2)
    assert "cách nén không được hỗ trợ" in refused("cong-van.docx", buffer.getvalue())


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
