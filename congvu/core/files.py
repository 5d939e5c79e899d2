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
   not carry executables either: entry names are judged as Windows would read them (trailing dots
   and spaces dropped, any case, ``name:stream`` alternate data streams).
   Macros are refused however a package names them: OOXML by its content types and relationships
   (a VBA project, Excel 4 macro sheets, a macro-enabled main part) and by any OLE part holding a
   VBA project; doc/xls/ppt by their OLE streams (``Macros``, ``_VBA_PROJECT_CUR``, ``VBA``), read
   with ``olefile``.
   Every archive inspection has a budget (decompression bombs): at most
   ``settings.UPLOAD_ARCHIVE_MAX_PARTS`` entries, ``settings.UPLOAD_INFLATE_MAX_BYTES`` declared
   and inflated in all, and no more than ``settings.UPLOAD_ARCHIVE_MAX_RATIO`` times its packed
   size; parts are read as streams, never whole into memory.
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
import contextlib
import functools
import hashlib
import html
import io
import logging
import re
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

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
P = ParamSpec("P")
R = TypeVar("R")

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


# --- archives: every inspection within a budget ---------------------------------------------------

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_CENTRAL_ENTRY_ALLOWANCE = 1024  # bytes of central directory allowed per entry (46 + name + extras)
_RATIO_FLOOR = 1024 * 1024  # smaller parts may pack as tightly as they like
_READ_CHUNK = 64 * 1024


def _central_directory(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of the central directory as the end record declares them (ZIP64 too).

    Read before ``zipfile`` builds one object per entry, so that a 25 MB file of a million empty
    entries is refused without that cost. ``None`` when there is no end record."""
    pos = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if pos < 0 or len(data) < pos + 22:
        return None
    entries = int.from_bytes(data[pos + 10 : pos + 12], "little")
    size = int.from_bytes(data[pos + 12 : pos + 16], "little")
    locator = pos - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and data[locator : locator + 4] == _ZIP64_LOCATOR:
        offset = int.from_bytes(data[locator + 8 : locator + 16], "little")
        record = data[offset : offset + 56]
        if record[:4] == _ZIP64_EOCD and len(record) == 56:
            entries = int.from_bytes(record[32:40], "little")
            size = int.from_bytes(record[40:48], "little")
    return entries, size


class _Archive:
    """A zip file opened for inspection, refused up front when it is over the budget.

    The budget against decompression bombs: at most ``UPLOAD_ARCHIVE_MAX_PARTS`` entries; at most
    ``UPLOAD_INFLATE_MAX_BYTES`` uncompressed in all; and, past 1 MB, no archive and no entry that
    inflates to more than ``UPLOAD_ARCHIVE_MAX_RATIO`` times its packed size. The sizes are the ones
    the central directory declares, and they bound what is read: ``zipfile`` stops every entry at
    its declared size, and only stored and deflated entries (what Office and LibreOffice write) are
    read at all, in pieces, since other methods inflate a whole read at once.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        max_parts = settings.UPLOAD_ARCHIVE_MAX_PARTS
        declared = _central_directory(data)
        if declared is not None and (
            declared[0] > max_parts or declared[1] > max_parts * _CENTRAL_ENTRY_ALLOWANCE
        ):
            raise self._too_many_parts(max_parts)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise Refused(f"Tệp “{name}” bị hỏng: không đọc được cấu trúc nén bên trong.") from None
        infos = self.zip.infolist()
        if len(infos) > max_parts:
            raise self._too_many_parts(max_parts)
        total = sum(info.file_size for info in infos)
        limit = settings.UPLOAD_INFLATE_MAX_BYTES
        if total > limit:
            raise Refused(
                f"Tệp “{name}” khi giải nén lên tới {_mb(total)} MB, vượt giới hạn kiểm tra {_mb(limit)} MB, "
                "nên không được tiếp nhận (có thể là “bom giải nén”). Hãy gửi các tệp nhỏ hơn."
            )
        ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
        packed = [(total, len(data))] + [(info.file_size, info.compress_size) for info in infos]
        if any(size > _RATIO_FLOOR and size > ratio * max(1, compressed) for size, compressed in packed):
            raise Refused(
                f"Tệp “{name}” có tỉ lệ nén bất thường (giải nén phình ra hơn {ratio} lần) nên không được "
                "tiếp nhận: có thể là “bom giải nén”."
            )
        self.names = [info.filename for info in infos]

    def _too_many_parts(self, max_parts: int) -> Refused:
        count = f"{max_parts:,}".replace(",", ".")
        return Refused(
            f"Tệp “{self.name}” chứa quá nhiều thành phần nén (hơn {count}) nên không được tiếp nhận."
        )

    def __enter__(self) -> _Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def chunks(self, member: str, size: int = _READ_CHUNK) -> Iterator[bytes]:
        """The entry's bytes, inflated ``size`` at a time; nothing for a missing entry."""
        try:
            info = self.zip.getinfo(member)
        except KeyError:
            return
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(
                f"Tệp “{self.name}” dùng cách nén không được hỗ trợ cho phần “{nfc(member)}”; "
                "hãy lưu lại tài liệu bằng phần mềm văn phòng."
            )
        try:
            with self.zip.open(info) as handle:
                while chunk := handle.read(size):
                    yield chunk
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError, zlib.error):
            raise Refused(f"Tệp “{self.name}” bị hỏng: không giải nén được phần “{nfc(member)}”.") from None

    def read(self, member: str, *, limit: int) -> bytes:
        """The whole entry, when it is at most ``limit`` bytes (a larger one is refused)."""
        data = bytearray()
        for chunk in self.chunks(member):
            data += chunk
            if len(data) > limit:
                raise Refused(
                    f"Phần “{nfc(member)}” trong tệp “{self.name}” quá lớn để kiểm tra "
                    f"(hơn {_mb(limit)} MB) nên tệp không được tiếp nhận."
                )
        return bytes(data)

    def head(self, member: str, size: int) -> bytes:
        """The first ``size`` bytes of the entry."""
        data = b""
        for chunk in self.chunks(member, size):
            data += chunk
            if len(data) >= size:
                break
        return data[:size]


def _open_archive(data: bytes, name: str) -> _Archive | None:
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _Archive(data, name)
    return None


def _zip_kind(archive: _Archive) -> str:
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp' or plain 'zip', from the archive's structure."""
    names = set(archive.names)
    if "[Content_Types].xml" in names:
        for ext, part in _OOXML_MAIN_PART.items():
            if part in names:
                return ext
    if "mimetype" in names:
        mimetype = archive.head("mimetype", 128).decode("ascii", "replace").strip()
        for ext, expected in _ODF_MIMETYPE.items():
            if mimetype == expected:
                return ext
    return "zip"


def _content_kind(data: bytes, archive: _Archive | None) -> str:
    """What the bytes are: an extension-like kind, 'ole', 'text' or 'unknown'."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if archive is not None:
        return _zip_kind(archive)
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


# Storages and streams of a VBA project in an OLE file: Word keeps it under "Macros", Excel under
# "_VBA_PROJECT_CUR", an OOXML vbaProject.bin and PowerPoint's project storage under "VBA" ([MS-OVBA]).
_OLE_MACRO_NAMES = frozenset({"macros", "_vba_project_cur", "_vba_project", "vba"})
_MACRO_REFUSAL = (
    "Tệp “{name}” chứa macro (mã lệnh tự chạy) nên không được tiếp nhận; "
    "hãy lưu lại tài liệu ở dạng không có macro."
)


def _open_ole(data: bytes, name: str) -> Any:
    import olefile

    try:
        return olefile.OleFileIO(data)
    except Exception:  # olefile raises OSError and its own errors on broken files
        raise Refused(f"Tệp “{name}” bị hỏng: không đọc được cấu trúc tài liệu Office đời cũ.") from None


def _ole_has_macros(ole: Any) -> bool:
    entries = ole.listdir(streams=True, storages=True)
    return any(part.lower() in _OLE_MACRO_NAMES for path in entries for part in path)


def _check_ole(data: bytes, extension: str, name: str) -> None:
    """A doc/xls/ppt holds its main stream and no VBA project (read with olefile)."""
    ole = _open_ole(data, name)
    try:
        if not any(ole.exists(stream) for stream in _OLE_STREAMS[extension]):
            raise Refused(
                f"Nội dung tệp “{name}” không phải là tài liệu .{extension} "
                "(tệp Office đời cũ không có phần nội dung tương ứng)."
            )
        if _ole_has_macros(ole):
            raise Refused(_MACRO_REFUSAL.format(name=name))
    finally:
        ole.close()


# What makes an OOXML package carry macros, as Office itself reads it: the content type of a part
# ([Content_Types].xml) or the type of a relationship to it (*.rels), whatever the part is called.
_MACRO_CONTENT_TYPES = frozenset(
    {
        "application/vnd.ms-office.vbaproject",
        "application/vnd.ms-office.vbaprojectsignature",
        "application/vnd.ms-office.vbaprojectsignatureagile",
        "application/vnd.ms-office.vbaprojectsignaturev3",
        "application/vnd.ms-word.vbadata+xml",
        "application/vnd.ms-excel.macrosheet+xml",
        "application/vnd.ms-excel.intlmacrosheet+xml",
    }
)
_MACRO_RELATIONSHIPS = frozenset(
    {"vbaproject", "vbaprojectsignature", "wordvbadata", "xlmacrosheet", "xlintlmacrosheet"}
)
_XML_ATTRIBUTE = r"\b{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)')"
_CONTENT_TYPE_ATTRIBUTE = re.compile(_XML_ATTRIBUTE.format(name="ContentType"))
_TYPE_ATTRIBUTE = re.compile(_XML_ATTRIBUTE.format(name="Type"))
_PACKAGE_XML_LIMIT = 2 * 1024 * 1024  # [Content_Types].xml and *.rels are a few kilobytes


def _attribute_values(xml: bytes, pattern: re.Pattern[str]) -> list[str]:
    text = xml.decode("utf-8", "replace")
    return [html.unescape(a or b).strip().lower() for a, b in pattern.findall(text)]


def _ooxml_has_macros(archive: _Archive) -> bool:
    content_types = _attribute_values(
        archive.read("[Content_Types].xml", limit=_PACKAGE_XML_LIMIT), _CONTENT_TYPE_ATTRIBUTE
    )
    if any(ct in _MACRO_CONTENT_TYPES or "macroenabled" in ct for ct in content_types):
        return True
    for member in archive.names:
        if member.lower().endswith(".rels"):
            types = _attribute_values(archive.read(member, limit=_PACKAGE_XML_LIMIT), _TYPE_ATTRIBUTE)
            if any(t.rsplit("/", 1)[-1] in _MACRO_RELATIONSHIPS for t in types):
                return True
    # An OLE part (an embedded object, or a VBA project under any name) holding a VBA project.
    for member in archive.names:
        if not member.endswith("/") and archive.head(member, len(_OLE_MAGIC)) == _OLE_MAGIC:
            ole = _open_ole(archive.read(member, limit=settings.UPLOAD_MAX_BYTES), archive.name)
            try:
                if _ole_has_macros(ole):
                    return True
            finally:
                ole.close()
    return False


def _check_ooxml(archive: _Archive) -> None:
    names = [member.lower() for member in archive.names]
    if any(member.endswith("vbaproject.bin") for member in names) or _ooxml_has_macros(archive):
        raise Refused(_MACRO_REFUSAL.format(name=archive.name))


def windows_names(entry: str) -> list[str]:
    """The names Windows would give an archive entry, lower case, to judge it by.

    Windows drops trailing dots and spaces ("SETUP.EXE " and "setup.exe." are setup.exe), ignores
    case, and reads ``file:stream`` as an alternate data stream of ``file`` ("a.txt:x.exe",
    "setup.exe::$DATA"): each of those names is returned. A folder entry gives none."""
    last = nfc(entry).replace("\\", "/").rsplit("/", 1)[-1]
    last = "".join(ch for ch in last if unicodedata.category(ch)[0] != "C")
    return [part.rstrip(" .").lower() for part in last.split(":") if part.rstrip(" .")]


def _check_archive(data: bytes, extension: str, name: str, archive: _Archive | None) -> None:
    """Archives may not carry programs either (DOC-6: executables refused)."""
    inner_names: list[str] = []
    if archive is not None:
        inner_names = archive.names
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
        if any(_extension(part) in EXECUTABLE_EXTENSIONS for part in windows_names(inner)):
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


_PARAGRAPH_MARKUP_LIMIT = 1024 * 1024  # a stamp's paragraph is a few hundred bytes of markup
_END_TAG_OVERLAP = 32  # longer than any paragraph end tag
# Every stamp holds "Ậ" once in NFC: written so, or composed from a combining dot below (U+0323)
# or circumflex (U+0302), or given as a character reference. A paragraph with none of these is
# passed over without extracting its text (a long document is read at the speed of a regex).
_MAY_HOLD_STAMP = re.compile("[\u1eac\u0302\u0323&]")


def _paragraphs(chunks: Iterable[bytes], paragraph_end: re.Pattern[str]) -> Iterator[str]:
    """The XML of each paragraph of a part read piece by piece, never the whole part at once.

    Each piece is searched for paragraph ends once, with the last characters before it (where an
    end tag may have begun). Of a paragraph longer than 1 MB of markup only the end is kept: no
    stamp is that long."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending: list[str] = []  # the markup of the paragraph read so far, in pieces
    size = 0
    for chunk in chunks:
        tail = ""
        if pending:
            tail = pending[-1][-_END_TAG_OVERLAP:]
            pending[-1] = pending[-1][: len(pending[-1]) - len(tail)]
        *complete, rest = paragraph_end.split(tail + decoder.decode(chunk))
        if complete:
            complete[0] = "".join(pending) + complete[0]
            pending, size = [], 0
            yield from complete
        pending.append(rest)
        size += len(rest) - len(tail)
        if size > _PARAGRAPH_MARKUP_LIMIT:
            kept = "".join(pending)[-4096:]
            pending, size = [kept], len(kept)
    yield "".join(pending) + decoder.decode(b"", final=True)


def _docx_lines(archive: _Archive) -> Iterator[str]:
    parts = ["word/document.xml"] + sorted(
        n for n in archive.names if re.fullmatch(r"word/header\d*\.xml", n)
    )
    for part in parts:
        for paragraph in _paragraphs(archive.chunks(part), _W_PARAGRAPH_END):
            if _MAY_HOLD_STAMP.search(paragraph):
                yield html.unescape("".join(_W_TEXT.findall(paragraph)))


def _odt_lines(archive: _Archive) -> Iterator[str]:
    for paragraph in _paragraphs(archive.chunks("content.xml"), _ODF_PARAGRAPH_END):
        if _MAY_HOLD_STAMP.search(paragraph):
            yield html.unescape(_TAG.sub("", paragraph))


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


def _secrecy_stamp(
    data: bytes, extension: str, name: str, text: str | None, archive: _Archive | None
) -> str | None:
    """The stamp found in the document's text, if any (DOC-7); reading stops at the first one."""
    if text is not None:
        return _stamp_in_lines(text.splitlines())
    if extension == "pdf":
        return _stamp_in_lines(_pdf_lines(data, name))
    if extension == "docx" and archive is not None:
        return _stamp_in_lines(_docx_lines(archive))
    if extension == "odt" and archive is not None:
        return _stamp_in_lines(_odt_lines(archive))
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
    # Judged as Windows reads the name too: "x.pdf:setup.exe" is a stream named setup.exe.
    executable_names = [
        e for part in windows_names(display) if (e := _extension(part)) in EXECUTABLE_EXTENSIONS
    ]
    if extension in EXECUTABLE_EXTENSIONS or executable_names:
        shown = extension if extension in EXECUTABLE_EXTENSIONS else executable_names[0]
        raise Refused(f"Hệ thống không tiếp nhận tệp thực thi hoặc chứa macro (.{shown}): “{display}”.")
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

    with contextlib.ExitStack() as closing:
        archive = _open_archive(data, display)
        if archive is not None:
            closing.enter_context(archive)
        kind = _content_kind(data, archive)
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
        elif kind in _OOXML_MAIN_PART and archive is not None:
            _check_ooxml(archive)
        elif kind in ("zip", "gz"):
            _check_archive(data, kind, display, archive)
        elif kind == "text":
            text, with_bom = _decode_text(data, display)
            text = nfc(text)
            if with_bom and not text.startswith("\ufeff"):
                text = "\ufeff" + text
            data = text.encode("utf-8")

        stamp = _secrecy_stamp(data, extension, display, text, archive)
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


Upload = UploadedFile | tuple[str, bytes] | CheckResult


def inspect_upload(uploaded_file: Upload) -> CheckResult:
    """Read and judge one upload (``check_upload``); one judged already passes as it is.

    Slow work (reading, inflating, scanning): call it before a transaction opens, never inside
    one. On SQLite a write transaction holds the database's only write lock, and the task worker
    and every other writer wait for it (``uploads_inspected_first`` does this for a service)."""
    if isinstance(uploaded_file, CheckResult):
        return uploaded_file
    name, data = _read_upload(uploaded_file)
    return check_upload(name, data)


def inspect_uploads(uploads: Iterable[Upload], *, field: str | None = None) -> list[CheckResult]:
    """``inspect_upload`` for each; a refusal refuses them all, told on ``field`` when given."""
    try:
        return [inspect_upload(upload) for upload in uploads]
    except Refused as refused:
        if field is None or refused.kind != Refused.Kind.INVALID:
            raise
        raise refused.on_field(field) from None


def uploads_inspected_first(service: Callable[P, R]) -> Callable[P, R]:
    """Judge a write service's ``upload=`` and ``uploads=`` arguments before the service runs.

    Put it above ``@transaction.atomic``: the files are read and checked before the transaction
    opens, so a slow file never holds the database's write lock; the service gets the judged
    files (``CheckResult``), which ``store_upload`` keeps without judging them again."""

    @functools.wraps(service)
    def inspected(*args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs.get("upload") is not None:
            kwargs["upload"] = inspect_upload(kwargs["upload"])  # type: ignore[arg-type]
        if kwargs.get("uploads") is not None:
            kwargs["uploads"] = inspect_uploads(kwargs["uploads"])  # type: ignore[arg-type]
        return service(*args, **kwargs)

    return inspected


def store_upload(
    *,
    uploaded_file: Upload,
    actor: Any,
    confidentiality: str | None = None,
) -> Any:
    """Check and keep one uploaded file; returns the ``StoredFile`` (DOC-6, DOC-7).

    ``uploaded_file`` is a Django ``UploadedFile``, ``(name, bytes)``, or what ``inspect_upload``
    judged already (a caller inside a transaction judges its files before it). The bytes go to
    ``default_storage`` under ``files/YYYY/MM/<uuid>/<name>``; the row and its audit event
    (``core.file.stored``) are written in one transaction, and the stored bytes are removed again
    if that transaction fails. (Should the *caller's* transaction roll back later, the bytes stay
    behind without a row: harmless, and the row is what every module points to.)
    """
    from congvu.core.models import StoredFile

    refuse_secret_confidentiality(confidentiality)
    checked = inspect_upload(uploaded_file)
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
