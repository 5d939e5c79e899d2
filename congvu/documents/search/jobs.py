"""The text of a document's files, for search (DOC-10): ``extract_text`` runs in the background
once a file is attached (``documents.services.files_attach`` enqueues it on commit).

- PDF: the text layer, read with pypdf, page by page;
- DOCX: the body's and headers' text, read straight from the package's XML as a stream (the
  same way the upload check reads it: no XML parser, so no entity expansion; at most
  ``MAX_INFLATE_BYTES`` inflated, and the archive's declared sizes bound the reading);
- a scanned PDF (no text layer): OCR'd with Tesseract's Vietnamese model — ``pdftoppm`` renders
  the first ``OCR_MAX_PAGES`` pages, ``tesseract -l vie`` reads each — when both programs and the
  model are installed (``make run`` and CI install them); otherwise the file is marked ``none``
  and nothing fails. Each program runs with a time limit.

Everything is bounded: at most ``MAX_FILE_BYTES`` of file, ``MAX_PAGES`` pages,
``MAX_CHARS`` characters kept. The text is stored on the ``DocumentFile`` (``text``,
``text_state``: done, ocr, none, failed) and the document's search text is refreshed.
"""

from __future__ import annotations

import codecs
import html
import io
import logging
import re
import shutil
import subprocess  # noqa: S404 - fixed programs, arguments never from a person
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from django.core.files.storage import default_storage

from congvu.core.tasks_api import task
from congvu.core.text import nfc

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 40 * 1024 * 1024  # uploads are at most 25 MB; anything bigger is not read
MAX_PAGES = 300  # pages of a PDF read for its text layer
MAX_CHARS = 200_000  # characters kept per file (about 60 pages of an official document)
MAX_INFLATE_BYTES = 30 * 1024 * 1024  # DOCX: XML inflated in all
MAX_PARTS = 2_000  # DOCX: entries in the package
OCR_MAX_PAGES = 10  # a scan's first pages are OCR'd (the subject and the body's start)
OCR_DPI = 200
OCR_TIMEOUT = 120  # seconds for each program run
OCR_LANGUAGE = "vie"
MIN_TEXT_LAYER = 20  # fewer letters than this on every page read: a scan

_W_PARAGRAPH_END = re.compile(r"</w:p>")
_W_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_W_TAB_OR_BREAK = re.compile(r"<w:(?:tab|br|cr)\b[^>]*/>")
_HEADER_PART = re.compile(r"word/(?:header|footer)\d*\.xml")
_SPACES = re.compile(r"[ \t\u00a0]+")
_READ_CHUNK = 64 * 1024


class _Budget:
    """Characters kept so far; ``full`` once ``MAX_CHARS`` are kept."""

    def __init__(self, limit: int = MAX_CHARS) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    @property
    def full(self) -> bool:
        return self.size >= self.limit

    def add(self, text: str) -> None:
        text = _SPACES.sub(" ", nfc(text).replace("\x00", "")).strip()
        if not text or self.full:
            return
        text = text[: self.limit - self.size]
        self.parts.append(text)
        self.size += len(text) + 1

    def text(self) -> str:
        return "\n".join(self.parts)


# --- PDF ------------------------------------------------------------------------------------------


def pdf_text(data: bytes, *, max_pages: int = MAX_PAGES) -> str:
    """The text layer of the first ``max_pages`` pages ("" for a scan, a protected or a broken file)."""
    from pypdf import PdfReader

    budget = _Budget()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return ""
        pages = reader.pages
        count = min(len(pages), max_pages)
    except Exception:  # pypdf raises many kinds of error on broken files
        logger.info("documents.search: PDF not readable")
        return ""
    for index in range(count):
        if budget.full:
            break
        try:
            budget.add(pages[index].extract_text() or "")
        except Exception:  # noqa: S112 - one unreadable page does not lose the others
            continue
    return budget.text()


def has_text_layer(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= MIN_TEXT_LAYER


# --- DOCX -----------------------------------------------------------------------------------------


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: list[int]) -> Iterator[bytes]:
    """An entry's bytes, a piece at a time, until the shared inflate allowance is spent."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return
    with archive.open(info) as handle:
        while allowance[0] > 0 and (chunk := handle.read(min(_READ_CHUNK, allowance[0]))):
            allowance[0] -= len(chunk)
            yield chunk


def _paragraph_texts(chunks: Iterator[bytes]) -> Iterator[str]:
    """The text of each ``<w:p>`` of a WordprocessingML part, read as a stream."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending = ""
    for chunk in chunks:
        pending += decoder.decode(chunk)
        *complete, pending = _W_PARAGRAPH_END.split(pending)
        for paragraph in complete:
            yield _runs(paragraph)
        if len(pending) > 4 * _READ_CHUNK:  # a paragraph of huge markup: keep what it says so far
            cut = pending.rfind("</w:t>")
            if cut > 0:
                yield _runs(pending[: cut + 6])
                pending = pending[cut + 6 :]
    pending += decoder.decode(b"", final=True)
    if pending:
        yield _runs(pending)


def _runs(paragraph: str) -> str:
    paragraph = _W_TAB_OR_BREAK.sub("<w:t> </w:t>", paragraph)
    return html.unescape("".join(_W_TEXT.findall(paragraph)))


def docx_text(data: bytes) -> str:
    """The body's text, then the headers' and footers' ("" for a file that is not a readable DOCX)."""
    budget = _Budget()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return ""
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            return ""
        by_name = {info.filename: info for info in infos}
        parts = ["word/document.xml"] + sorted(n for n in by_name if _HEADER_PART.fullmatch(n))
        allowance = [MAX_INFLATE_BYTES]
        try:
            for name in parts:
                if name not in by_name:
                    continue
                for text in _paragraph_texts(_chunks(archive, by_name[name], allowance)):
                    budget.add(text)
                    if budget.full:
                        return budget.text()
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError, zlib.error):
            logger.info("documents.search: DOCX part not readable")
    return budget.text()


# --- OCR ------------------------------------------------------------------------------------------


def ocr_available() -> bool:
    """Tesseract with its Vietnamese model, and poppler's pdftoppm, are installed."""
    tesseract = shutil.which("tesseract")
    if tesseract is None or shutil.which("pdftoppm") is None:
        return False
    try:
        listed = subprocess.run(  # noqa: S603 - a fixed program
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return OCR_LANGUAGE in (listed.stdout + listed.stderr).split()


def ocr_pdf(data: bytes, *, max_pages: int = OCR_MAX_PAGES) -> str:
    """The text Tesseract reads on the first ``max_pages`` pages of a scanned PDF."""
    pdftoppm, tesseract = shutil.which("pdftoppm"), shutil.which("tesseract")
    if pdftoppm is None or tesseract is None:
        return ""
    budget = _Budget()
    with tempfile.TemporaryDirectory(prefix="congvu-ocr-") as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed programs; the only argument is our own temporary path
            [pdftoppm, "-r", str(OCR_DPI), "-gray", "-png", "-f", "1", "-l", str(max_pages), str(source),
             str(Path(folder) / "page")],
            capture_output=True, timeout=OCR_TIMEOUT, check=True,
        )  # fmt: skip
        for image in sorted(Path(folder).glob("page*.png"))[:max_pages]:
            result = subprocess.run(  # noqa: S603
                [tesseract, str(image), "stdout", "-l", OCR_LANGUAGE, "--psm", "3"],
                capture_output=True, timeout=OCR_TIMEOUT, check=True,
            )  # fmt: skip
            budget.add(result.stdout.decode("utf-8", "replace"))
            if budget.full:
                break
    return budget.text()


# --- the job --------------------------------------------------------------------------------------


def file_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, state) of one file: state ``done`` (text read), ``ocr`` (read by OCR), ``none`` (no
    text found, or a scan with no OCR installed) or ``failed`` (the OCR programs failed)."""
    if data.startswith(b"%PDF-"):
        text = pdf_text(data)
        if has_text_layer(text):
            return text, "done"
        if not ocr_available():
            return text, "none"
        try:
            scanned = ocr_pdf(data)
        except (OSError, subprocess.SubprocessError):
            logger.warning("documents.search: OCR failed for %s", name)
            return text, "failed"
        return (scanned, "ocr") if scanned.strip() else (text, "none")
    if data.startswith(b"PK\x03\x04"):
        text = docx_text(data)
        return text, "done" if text else "none"
    return "", "none"


@task()
def extract_text(document_file_id: int) -> str:
    """Read the text of one attached file and refresh its document's search text; returns the state."""
    from congvu.documents.models import DocumentFile
    from congvu.documents.search.services import file_text_record

    item = DocumentFile.objects.select_related("file").filter(pk=document_file_id).first()
    if item is None:
        return "missing"
    stored = item.file
    if stored.size > MAX_FILE_BYTES:
        return file_text_record(item, text="", state="none")
    try:
        with default_storage.open(stored.storage_name, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        logger.warning("documents.search: file %s is missing from storage", stored.pk)
        return file_text_record(item, text="", state="failed")
    if len(data) > MAX_FILE_BYTES:
        return file_text_record(item, text="", state="none")
    text, state = file_text(data, stored.original_name)
    return file_text_record(item, text=text, state=state)
