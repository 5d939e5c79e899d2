"""The one door for uploaded files (DOC-6, DOC-7); every module stores files through it.

``check_upload(name, data)`` judges a file and ``store_upload(...)`` keeps an accepted one. The
rules, in the order they are applied (the cheapest first):

1. Size: at most ``settings.UPLOAD_MAX_BYTES`` (25 MB by default; 004 Đ4).
2. Name: Unicode NFC (TCVN 6909:2001), path parts and control/format characters removed (a
   right-to-left override cannot disguise "gpj.exe"), an extension from the allowed list
   (txt, rtf, pdf, doc, docx, xls, xlsx, ppt, pptx, odt, ods, odp, csv, zip, gz, rar; 001 Đ4.3).
3. Executables are refused by name (.exe, .bat, .js, .sh, .msi, .jar, .apk …) and by content,
   whatever the name: PE ("MZ"), ELF, Mach-O / Java class, shebang scripts, and what ``filetype``
   recognises as a program.
4. Content must be what the extension says: PDF starts with ``%PDF-``; OOXML is a zip with
   ``[Content_Types].xml`` and the main part of its kind (a zip renamed .docx is refused, and so
   is a macro-carrying ``vbaProject.bin``); ODF is a zip whose ``mimetype`` entry names its kind;
   doc/xls/ppt are OLE2 files holding their main stream (an .msi renamed .doc is refused); txt and
   csv are text: UTF-8 (or UTF-16 with a byte-order mark, or the Windows Vietnamese code page
   cp1258 that Excel writes) without NUL bytes, and are stored as NFC UTF-8. A zip archive may
   not carry executables either.
5. State secrets (DOC-7): a document whose text carries a secrecy stamp alone on a line
   ("MẬT", "TỐI MẬT", "TUYỆT MẬT", upper case as the stamp is printed; NĐ 30/2020 PL I) is
   refused: text files, docx (body and headers), odt and the first two pages of a PDF are read.
   ``store_upload(confidentiality=...)`` refuses an item declared secret outright.
6. Virus scan through ClamAV when ``settings.CLAMAV_ADDRESS`` is set; a scanner that cannot be
   reached refuses the file (fail closed).

Every refusal raises ``Refused`` with a Vietnamese message and stores nothing.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import logging
import re
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from congvu.core import audit, clamav
from congvu.core.decisions import Refused
from congvu.core.text import fold, nfc

logger = logging.getLogger(__name__)

ALLOWED_EXTENSIONS: tuple[str, ...] = (
    "txt",
    "rtf",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "csv",
    "zip",
    "gz",
    "rar",
)

CONTENT_TYPES: dict[str, str] = {
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "rtf": "application/rtf",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "zip": "application/zip",
    "gz": "application/gzip",
    "rar": "application/vnd.rar",
}

EXECUTABLE_EXTENSIONS = frozenset(
    {
        "exe", "bat", "cmd", "com", "js", "jse", "vbs", "vbe", "ps1", "psm1", "sh", "bash", "msi",
        "msp", "jar", "apk", "scr", "pif", "dll", "cpl", "hta", "wsf", "wsh", "lnk", "reg", "app",
        "dmg", "deb", "rpm", "appimage", "elf", "run", "bin", "class", "dex", "xbap", "gadget",
        "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam",
    }
)  # fmt: skip

SECRET_LEVELS = ("mật", "tối mật", "tuyệt mật")
SECRET_STAMPS = frozenset({"MẬT", "TỐI MẬT", "TUYỆT MẬT"})
_SECRET_FOLDED = frozenset(fold(level) for level in SECRET_LEVELS)

SECRECY_REFUSAL = (
    "Hệ thống không tiếp nhận tài liệu mật (mật, tối mật, tuyệt mật){detail}. Tài liệu mật được "
    "xử lý theo quy định về bảo vệ bí mật nhà nước, không qua hệ thống này (Quy chế, Điều 5 khoản 5)."
)

_EXECUTABLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "chương trình Windows"),
    (b"\x7fELF", "chương trình Linux (ELF)"),
    (b"\xfe\xed\xfa\xce", "chương trình macOS (Mach-O)"),
    (b"\xfe\xed\xfa\xcf", "chương trình macOS (Mach-O)"),
    (b"\xce\xfa\xed\xfe", "chương trình macOS (Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "chương trình macOS (Mach-O)"),
    (b"\xca\xfe\xba\xbe", "chương trình macOS hoặc Java"),
    (b"dex\n", "chương trình Android"),
    (b"#!", "tập lệnh (script)"),
)
# Programs filetype knows by a strong signature (its weak "FWS"/"CWS" Flash signature is left out:
# ordinary text may begin so).
_EXECUTABLE_MIMES = frozenset(
    {
        "application/x-msdownload",
        "application/x-executable",
        "application/x-mach-binary",
        "application/x-sharedlib",
        "application/x-deb",
        "application/x-rpm",
        "application/x-google-chrome-extension",
        "application/vnd.ms-cab-compressed",
        "application/wasm",
    }
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS: dict[str, tuple[str, ...]] = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
    "ppt": ("PowerPoint Document",),
}
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODF_MIMETYPE = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
_KIND_NAMES = {
    "pdf": "PDF",
    "zip": "tệp nén ZIP",
    "gz": "tệp nén GZIP",
    "rar": "tệp nén RAR",
    "rtf": "văn bản RTF",
    "ole": "tài liệu Office đời cũ",
    "text": "văn bản thuần",
    **{ext: f"tài liệu .{ext}" for ext in ("docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt")},
}
_XML_PART_LIMIT = 20 * 1024 * 1024  # never inflate a larger XML part when looking for stamps
_MAX_NAME_CHARS = 200
_MAX_STORAGE_NAME_BYTES = 150


@dataclass(frozen=True)
class CheckResult:
    """An accepted file: its cleaned name, the bytes to store (text converted to NFC UTF-8)."""

    name: str
    extension: str
    content_type: str
    data: bytes
    size: int
    sha256: str


# --- names ---------------------------------------------------------------------------------------


def clean_file_name(name: str) -> str:
    """NFC, without folders, control or format characters, or surrounding dots and spaces."""
    name = nfc(str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > _MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: _MAX_NAME_CHARS - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:_MAX_NAME_CHARS]
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _storage_file_name(name: str, extension: str) -> str:
    """A file-system safe last path component (at most 150 bytes of UTF-8), keeping the extension."""
    try:
        safe = get_valid_filename(name)
    except Exception:  # SuspiciousFileOperation for names such as ".."
        safe = ""
    stem = safe[: -(len(extension) + 1)] if extension and safe.lower().endswith("." + extension) else safe
    budget = _MAX_STORAGE_NAME_BYTES - len(extension) - 1
    while len(stem.encode("utf-8")) > budget:
        stem = stem[:-1]
    return f"{stem or 'tep'}.{extension}"


def _mb(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def _too_big(name: str, size: int) -> Refused:
    limit = settings.UPLOAD_MAX_BYTES
    return Refused(f"Tệp “{name}” dung lượng {_mb(size)} MB, vượt giới hạn {_mb(limit)} MB cho mỗi tệp.")


# --- content -------------------------------------------------------------------------------------


def _executable_kind(data: bytes) -> str | None:
    head = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    for magic, label in _EXECUTABLE_MAGIC:
        if head.startswith(magic):
            return label
    guess = filetype.guess(data[:8192])
    if guess is not None and guess.mime in _EXECUTABLE_MIMES:
        return "chương trình thực thi"
    return None


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(f"Tệp “{name}” bị hỏng: không đọc được cấu trúc nén bên trong.") from None


def _read_member(archive: zipfile.ZipFile, member: str) -> bytes | None:
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > _XML_PART_LIMIT:
        return None
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, zlib.error):
        return None


def _zip_kind(data: bytes, name: str) -> str:
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp' or plain 'zip', from the archive's structure."""
    with _open_zip(data, name) as archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            for ext, part in _OOXML_MAIN_PART.items():
                if part in names:
                    return ext
        if "mimetype" in names:
            mimetype = (_read_member(archive, "mimetype") or b"").decode("ascii", "replace").strip()
            for ext, expected in _ODF_MIMETYPE.items():
                if mimetype == expected:
                    return ext
    return "zip"


def _content_kind(data: bytes, name: str) -> str:
    """What the bytes are: an extension-like kind, 'ole', 'text' or 'unknown'."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, name)
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"\x1f\x8b"):
        return "gz"
    if data.startswith(b"Rar!\x1a\x07"):
        return "rar"
    # Text before filetype's guess: some of its signatures are two or three letters ("BM" for a
    # bitmap, and "BM01 – Biểu mẫu" is how many Vietnamese forms begin). Binary formats hold NULs.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\0" not in data:
        return "text"
    guess = filetype.guess(data[:8192])
    if guess is not None:
        return f"other:{guess.extension}"
    return "unknown"


def _describe(kind: str) -> str:
    if kind.startswith("other:"):
        return f"tệp .{kind.removeprefix('other:')}"
    return _KIND_NAMES.get(kind, "dữ liệu nhị phân không rõ loại")


def _check_ole(data: bytes, extension: str, name: str) -> None:
    streams = _OLE_STREAMS[extension]
    if not any(stream.encode("utf-16-le") in data for stream in streams):
        raise Refused(
            f"Nội dung tệp “{name}” không phải là tài liệu .{extension} "
            "(tệp Office đời cũ không có phần nội dung tương ứng)."
        )


def _check_ooxml(data: bytes, name: str) -> None:
    with _open_zip(data, name) as archive:
        if any(member.lower().endswith("vbaproject.bin") for member in archive.namelist()):
            raise Refused(
                f"Tệp “{name}” chứa macro (mã lệnh tự chạy) nên không được tiếp nhận; "
                "hãy lưu lại tài liệu ở dạng không có macro."
            )


def _check_archive(data: bytes, extension: str, name: str) -> None:
    """Archives may not carry programs either (DOC-6: executables refused)."""
    inner_names: list[str] = []
    if extension == "zip":
        with _open_zip(data, name) as archive:
            inner_names = archive.namelist()
    elif extension == "gz":
        inner_names = [_gzip_inner_name(data)]
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 4096)
        except zlib.error:
            raise Refused(f"Tệp “{name}” bị hỏng: không giải nén được.") from None
        kind = _executable_kind(head)
        if kind:
            raise Refused(f"Tệp nén “{name}” chứa {kind}; hệ thống không tiếp nhận tệp thực thi.")
    for inner in inner_names:
        inner_ext = _extension(inner.rsplit("/", 1)[-1])
        if inner_ext in EXECUTABLE_EXTENSIONS:
            raise Refused(
                f"Tệp nén “{name}” chứa tệp thực thi “{nfc(inner)}”; hệ thống không tiếp nhận tệp thực thi."
            )


def _gzip_inner_name(data: bytes) -> str:
    """The original file name kept in a gzip header (RFC 1952 FNAME), '' when absent."""
    if len(data) < 10 or not data[3] & 0x08:
        return ""
    pos = 10
    if data[3] & 0x04:  # FEXTRA
        pos += 2 + int.from_bytes(data[10:12], "little")
    end = data.find(b"\0", pos, pos + 1024)
    return data[pos:end].decode("latin-1") if end > pos else ""


def _decode_text(data: bytes, name: str) -> tuple[str, bool]:
    """The text of a txt/csv file and whether it should be written with a UTF-8 byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), True
        except UnicodeDecodeError:
            pass
    elif b"\0" not in data:
        try:
            return data.decode("utf-8"), False  # a UTF-8 BOM stays as the U+FEFF character
        except UnicodeDecodeError:
            pass
        try:
            # The Windows Vietnamese code page (what Excel writes as "CSV" on Vietnamese Windows).
            return data.decode("cp1258"), True
        except UnicodeDecodeError:
            pass
    raise Refused(
        f"Tệp “{name}” không phải văn bản đọc được: hãy lưu văn bản bằng bảng mã Unicode (UTF-8, TCVN 6909:2001)."
    )


def _stamp_in_lines(lines: Iterable[str]) -> str | None:
    for line in lines:
        candidate = " ".join(nfc(line).split()).strip("*[]()<>\"'“”|-_=:.")
        candidate = " ".join(candidate.split())
        if candidate in SECRET_STAMPS:
            return candidate
    return None


_STAMP = r"(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)"
_FRAMED_STAMP = re.compile(r"[\[(«]\s*" + _STAMP + r"\s*[\])»]", re.IGNORECASE)  # "[MẬT] Kế hoạch…"
_LEADING_STAMP = re.compile(r"^\W*" + _STAMP + r"\s*[:\-–—|/]")  # "TỐI MẬT: Báo cáo…", capitals only
_LABELLED_LEVEL = re.compile(r"\bđộ\s+mật\s*:\s*" + _STAMP + r"(?!\w)", re.IGNORECASE)  # "Độ mật: Mật"


def secrecy_stamp_in_text(text: str) -> str | None:
    """The secrecy marking a typed text carries (DOC-7), or None: a line that is the stamp alone
    (as in a document, capitals), a stamp framed anywhere ("[MẬT]", "(Tối mật)"), one that opens
    a line set off by a colon or dash ("TỐI MẬT: …", capitals), or "Độ mật: …". The words in
    ordinary prose — "giữ bí mật", "mật khẩu", "MẬT KHẨU MỚI" — are no marking."""
    lines = nfc(text or "").splitlines()
    stamp = _stamp_in_lines(lines)
    if stamp:
        return stamp
    for line in lines:
        for pattern in (_FRAMED_STAMP, _LEADING_STAMP, _LABELLED_LEVEL):
            found = pattern.search(line)
            if found:
                return " ".join(found.group(1).split()).upper()
    return None


def refuse_secret_text(text: str, *, field: str, what: str) -> str:
    """``text``, or refused on ``field`` when it carries a secrecy marking (DOC-7; the same
    refusal as a stamped attachment). ``what`` names the field for the person: "Tên công việc"."""
    stamp = secrecy_stamp_in_text(text)
    if stamp:
        raise Refused.invalid(
            SECRECY_REFUSAL.format(detail=f": {what} mang dấu chỉ độ mật “{stamp}”"), field=field
        )
    return text


_W_PARAGRAPH_END = re.compile(r"</w:p>|<w:br\s*/>|<w:cr\s*/>")
_W_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_ODF_PARAGRAPH_END = re.compile(r"</text:p>|</text:h>|<text:line-break\s*/>")
_TAG = re.compile(r"<[^>]+>")


def _docx_lines(data: bytes) -> list[str]:
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = ["word/document.xml"] + sorted(
            n for n in archive.namelist() if re.fullmatch(r"word/header\d*\.xml", n)
        )
        for part in parts:
            xml = (_read_member(archive, part) or b"").decode("utf-8", "replace")
            for paragraph in _W_PARAGRAPH_END.split(xml):
                lines.append(html.unescape("".join(_W_TEXT.findall(paragraph))))
    return lines


def _odt_lines(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = (_read_member(archive, "content.xml") or b"").decode("utf-8", "replace")
    return [html.unescape(_TAG.sub("", paragraph)) for paragraph in _ODF_PARAGRAPH_END.split(xml)]


def _pdf_lines(data: bytes, name: str) -> list[str]:
    """The text lines of the first two pages; refuses a file pypdf cannot open as a PDF."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return []  # protected by a password: its text cannot be read
        pages = list(reader.pages[:2])
    except Exception:  # pypdf raises many kinds of error on broken files
        raise Refused(f"Tệp “{name}” bị hỏng hoặc không đúng cấu trúc PDF.") from None
    lines: list[str] = []
    for page in pages:
        try:
            lines.extend((page.extract_text() or "").splitlines())
        except Exception:  # noqa: S112 - a page whose text cannot be extracted holds no readable stamp
            continue
    return lines


def _secrecy_stamp(data: bytes, extension: str, name: str, text: str | None) -> str | None:
    """The stamp found in the document's text, if any (DOC-7)."""
    if text is not None:
        return _stamp_in_lines(text.splitlines())
    if extension == "pdf":
        return _stamp_in_lines(_pdf_lines(data, name))
    if extension == "docx":
        return _stamp_in_lines(_docx_lines(data))
    if extension == "odt":
        return _stamp_in_lines(_odt_lines(data))
    return None


def _virus_scan(data: bytes, name: str) -> None:
    address = getattr(settings, "CLAMAV_ADDRESS", "")
    if not address:
        return
    try:
        signature = clamav.scan(data, address=address)
    except clamav.ScannerUnavailable as exc:
        logger.error("ClamAV at %s unavailable: %s", address, exc)
        raise Refused(
            f"Chưa kiểm tra được mã độc cho tệp “{name}” (máy quét virus không phản hồi) nên tệp chưa "
            "được tiếp nhận. Vui lòng thử lại sau hoặc báo quản trị hệ thống."
        ) from None
    if signature:
        logger.warning("Upload %r refused: virus %s", name, signature)
        raise Refused(f"Tệp “{name}” nhiễm mã độc ({signature}) nên không được tiếp nhận.")


def refuse_secret_confidentiality(confidentiality: str | None) -> None:
    """Refuse an item declared mật / tối mật / tuyệt mật, however it is typed (DOC-7)."""
    if confidentiality and fold(" ".join(confidentiality.split())) in _SECRET_FOLDED:
        raise Refused(SECRECY_REFUSAL.format(detail=f": độ mật “{clean_file_name(confidentiality)}”"))


def check_upload(name: str, data: bytes) -> CheckResult:
    """Judge a file by its name and content (DOC-6, DOC-7); ``Refused`` explains any refusal."""
    limit = settings.UPLOAD_MAX_BYTES
    display = clean_file_name(name) or "tệp"
    if len(data) > limit:
        raise _too_big(display, len(data))
    if not data:
        raise Refused(f"Tệp “{display}” rỗng, không có nội dung.")
    extension = _extension(display)
    allowed = ", ".join(ALLOWED_EXTENSIONS)
    if extension in EXECUTABLE_EXTENSIONS:
        raise Refused(f"Hệ thống không tiếp nhận tệp thực thi hoặc chứa macro (.{extension}): “{display}”.")
    if not extension:
        raise Refused(f"Tệp “{display}” không có phần mở rộng. Chỉ nhận các định dạng: {allowed}.")
    if extension not in ALLOWED_EXTENSIONS:
        raise Refused(f"Định dạng .{extension} không được phép (“{display}”). Chỉ nhận: {allowed}.")
    executable = _executable_kind(data)
    if executable:
        raise Refused(
            f"Tệp “{display}” thực chất là {executable} dù mang tên .{extension}; "
            "hệ thống không tiếp nhận tệp thực thi."
        )

    kind = _content_kind(data, display)
    expected = {
        "txt": "text",
        "csv": "text",
        "doc": "ole",
        "xls": "ole",
        "ppt": "ole",
    }.get(extension, extension)
    agrees = kind == expected or (extension == "doc" and kind == "rtf")  # Word saves RTF as .doc
    if not agrees:
        raise Refused(
            f"Nội dung tệp “{display}” không khớp với phần mở rộng .{extension} "
            f"(nội dung thực là {_describe(kind)})."
        )

    text: str | None = None
    if kind == "ole":
        _check_ole(data, extension, display)
    elif kind in _OOXML_MAIN_PART:
        _check_ooxml(data, display)
    elif kind in ("zip", "gz"):
        _check_archive(data, kind, display)
    elif kind == "text":
        text, with_bom = _decode_text(data, display)
        text = nfc(text)
        if with_bom and not text.startswith("\ufeff"):
            text = "\ufeff" + text
        data = text.encode("utf-8")

    stamp = _secrecy_stamp(data, extension, display, text)
    if stamp:
        raise Refused(SECRECY_REFUSAL.format(detail=f": tài liệu mang dấu chỉ độ mật “{stamp}”"))

    _virus_scan(data, display)
    return CheckResult(
        name=display,
        extension=extension,
        content_type=CONTENT_TYPES[extension],
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _read_upload(uploaded_file: UploadedFile | tuple[str, bytes]) -> tuple[str, bytes]:
    if isinstance(uploaded_file, tuple):
        name, data = uploaded_file
        return name, bytes(data)
    name = uploaded_file.name or ""
    size = uploaded_file.size
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise _too_big(clean_file_name(name) or "tệp", size)
    chunks: list[bytes] = []
    total = 0
    for chunk in uploaded_file.chunks():
        total += len(chunk)
        if total > limit:  # a size that lied: stop reading, check_upload refuses it
            chunks.append(chunk)
            break
        chunks.append(chunk)
    return name, b"".join(chunks)


def store_upload(
    *,
    uploaded_file: UploadedFile | tuple[str, bytes],
    actor: Any,
    confidentiality: str | None = None,
) -> Any:
    """Check and keep one uploaded file; returns the ``StoredFile`` (DOC-6, DOC-7).

    ``uploaded_file`` is a Django ``UploadedFile`` or ``(name, bytes)``. The bytes go to
    ``default_storage`` under ``files/YYYY/MM/<uuid>/<name>``; the row and its audit event
    (``core.file.stored``) are written in one transaction, and the stored bytes are removed again
    if that transaction fails. (Should the *caller's* transaction roll back later, the bytes stay
    behind without a row: harmless, and the row is what every module points to.)
    """
    from congvu.core.models import StoredFile

    refuse_secret_confidentiality(confidentiality)
    name, data = _read_upload(uploaded_file)
    checked = check_upload(name, data)
    today = timezone.localdate()
    path = f"files/{today:%Y/%m}/{uuid.uuid4()}/{_storage_file_name(checked.name, checked.extension)}"
    storage_name = default_storage.save(path, ContentFile(checked.data))
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                storage_name=storage_name,
                original_name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            audit.record(
                actor=actor,
                action="core.file.stored",
                obj=stored,
                after={
                    "name": checked.name,
                    "size": checked.size,
                    "sha256": checked.sha256,
                    "content_type": checked.content_type,
                },
            )
    except BaseException:
        default_storage.delete(storage_name)
        raise
    return stored
