"""Who signs a PDF, and how a signature is checked (DOC-5; Phụ lục VI: "ký số và kiểm tra chữ ký số";
standards §2.7).

A :class:`Signer` signs PDF bytes (PAdES, an incremental update, so earlier signatures stay valid)
with a visible :class:`Stamp`: the signer's name, position and agency and the signing time in
Vietnam's time zone, ISO 8601 with ``+07:00`` (R-SIG-1). :class:`Pkcs12Signer` holds the key in a
PKCS#12 file; a USB token (PKCS#11, or pyHanko's interrupted signing through a browser plugin) or a
remote signing service is another class with the same ``sign`` method, chosen by
:func:`configured_signer`.

:func:`verify_pdf` reads every signature of a PDF: who signed, when, whether the signed bytes are
intact and nothing but further signatures was added after it, and whether the certificate chains
to the configured trust roots (``SIGNING_TRUST_ROOTS``; the demo CA in demo mode).

pyHanko takes seconds to import (stack-notes §3): it is imported inside the functions.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings

from congvu.core.decisions import Refused
from congvu.core.pdf import SANS, font_uri

log = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_PASSPHRASE = "congvu-demo"  # noqa: S105 - the demo certificates' published passphrase
DEMO_CA = "ca.pem"
STAMP_FONT_SIZE = 8
STAMP_SIZE = (230, 62)  # points: the stamp's box, bottom right of the last page
STAMP_MARGIN = 36

NOT_A_PDF = "Tệp không phải PDF đọc được."
NO_CERTIFICATE = (
    "Chưa có chứng thư số để ký cho {name}: quản trị viên cấu hình CONGVU_SIGNING_PKCS12 "
    "(hoặc chạy «congvu signing_demo» cho bản chạy thử)."
)
BAD_CERTIFICATE = "Không mở được chứng thư số (tệp PKCS#12 hoặc mật khẩu không đúng)."


T = TypeVar("T")


def _without_event_loop(call: Callable[[], T]) -> T:
    """Run ``call`` where no asyncio loop is running: pyHanko's synchronous calls start their own
    (``asyncio.run``), which a thread already running one (an ASGI server's, a test's browser
    driver) refuses; there it runs on a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def vietnam_time(moment: dt.datetime) -> str:
    """``2026-03-05T14:30:00+07:00``: a signing time as standards §2.7 prints it (R-SIG-1)."""
    return moment.astimezone(VIETNAM).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Stamp:
    """What the visible signature says (standards §2.7): who, in which post and agency, and when."""

    name: str
    position: str
    agency: str
    signed_at: dt.datetime

    @property
    def time_text(self) -> str:
        return vietnam_time(self.signed_at)

    @property
    def lines(self) -> list[str]:
        post = ", ".join(part for part in (self.position, self.agency) if part)
        return [f"Ký bởi: {self.name}", *([post] if post else []), f"Thời gian ký: {self.time_text}"]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Signer(Protocol):
    """Signs PDF bytes with a visible stamp and returns the signed PDF (the input is untouched)."""

    def sign(self, pdf: bytes, *, stamp: Stamp) -> bytes: ...


def _reader(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - reads the catalogue: a broken file fails here
    except Exception as error:
        raise Refused.invalid(NOT_A_PDF) from error
    return reader


def _last_page_box(pdf: bytes) -> tuple[int, tuple[int, int, int, int]]:
    """The last page's index and the stamp's box at its bottom right."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    box = pages[-1].mediabox
    right, bottom = int(float(box.right)), int(float(box.bottom))
    width, height = STAMP_SIZE
    x2 = right - STAMP_MARGIN
    y1 = bottom + STAMP_MARGIN
    return len(pages) - 1, (x2 - width, y1, x2, y1 + height)


class Pkcs12Signer:
    """PAdES signatures with the key and certificate (and its chain) of a PKCS#12 file."""

    def __init__(self, path: Path | str, passphrase: str) -> None:
        self.path = Path(path)
        self.passphrase = passphrase

    def _signer(self) -> Any:
        from pyhanko.sign import signers

        try:
            data = self.path.read_bytes()
            return signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=(), passphrase=self.passphrase.encode() or None
            )
        except (OSError, ValueError) as error:
            raise Refused.invalid(BAD_CERTIFICATE) from error

    def sign(self, pdf: bytes, *, stamp: Stamp) -> bytes:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.sign import fields, signers
        from pyhanko.stamp import TextStampStyle

        signer = self._signer()
        reader = _reader(pdf)
        try:
            existing = len(reader.embedded_signatures)
            page, box = _last_page_box(pdf)
        except Refused:
            raise
        except Exception as error:
            raise Refused.invalid(NOT_A_PDF) from error
        name = f"ChuKySo{existing + 1}"
        font = Path(font_uri(SANS["regular"]).removeprefix("file://"))
        style = TextStampStyle(
            stamp_text=stamp.text.replace("%", "%%"),
            text_box_style=TextBoxStyle(
                font=GlyphAccumulatorFactory(str(font), font_size=STAMP_FONT_SIZE),
                font_size=STAMP_FONT_SIZE,
            ),
            border_width=1,
        )
        meta = signers.PdfSignatureMetadata(
            field_name=name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            name=stamp.name,
            location=stamp.agency or None,
            reason=f"{stamp.position}, {stamp.agency}".strip(", ") or None,
        )
        out = io.BytesIO()
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            pdf_signer = signers.PdfSigner(
                meta,
                signer=signer,
                stamp_style=style,
                new_field_spec=fields.SigFieldSpec(name, on_page=page, box=box),
            )
            _without_event_loop(lambda: pdf_signer.sign_pdf(writer, output=out))
        except Refused:
            raise
        except Exception as error:
            log.warning("signing failed: %s", error)
            raise Refused.invalid(NOT_A_PDF) from error
        return out.getvalue()


def configured_signer(person: Any) -> Signer:
    """The signer ``person`` signs with here: the installation's PKCS#12 (``SIGNING_PKCS12``), else
    their own file in ``SIGNING_DEMO_DIR`` (``<username>.p12``). Refused when there is none."""
    if settings.SIGNING_PKCS12:
        return Pkcs12Signer(settings.SIGNING_PKCS12, settings.SIGNING_PASSPHRASE)
    own = Path(settings.SIGNING_DEMO_DIR) / f"{person.get_username()}.p12"
    if own.is_file():
        return Pkcs12Signer(own, settings.SIGNING_PASSPHRASE or DEMO_PASSPHRASE)
    name = getattr(person, "full_name", "") or person.get_username()
    raise Refused.invalid(NO_CERTIFICATE.format(name=name))


# --- checking signatures ----------------------------------------------------------------------------


def load_certificate(path: Path | str) -> Any:
    """An ``asn1crypto`` certificate from a PEM or DER file."""
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


def trust_roots() -> list[Any]:
    """The configured roots (``SIGNING_TRUST_ROOTS``), and the demo CA in demo mode."""
    paths = [Path(p) for p in settings.SIGNING_TRUST_ROOTS]
    demo_ca = Path(settings.SIGNING_DEMO_DIR) / DEMO_CA
    if not settings.SIGNING_PKCS12 and demo_ca.is_file():
        paths.append(demo_ca)
    return [load_certificate(p) for p in paths]


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF as :func:`verify_pdf` found it."""

    field_name: str
    signer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are what was signed
    unchanged: bool  # nothing but later signatures was added after it
    valid: bool  # the cryptographic signature matches its certificate
    trusted: bool  # the certificate chains to a configured root
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.intact and self.unchanged and self.valid and self.trusted

    @property
    def time_text(self) -> str:
        return vietnam_time(self.signed_at) if self.signed_at else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field_name,
            "signer": self.signer,
            "signed_at": self.time_text or None,
            "intact": self.intact,
            "unchanged": self.unchanged,
            "valid": self.valid,
            "trusted": self.trusted,
            "ok": self.ok,
            "problems": list(self.problems),
        }


def _common_name(cert: Any) -> str:
    try:
        name = cert.subject.native.get("common_name")
        return str(name) if name else cert.subject.human_friendly
    except Exception:  # noqa: BLE001 - a name we cannot read is shown as unknown
        return "?"


def _check(embedded: Any, context: Any) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    name = str(embedded.field_name or "")
    try:
        status = _without_event_loop(lambda: validate_pdf_signature(embedded, context))
    except Exception as error:  # noqa: BLE001 - a signature we cannot read is a broken one
        log.info("signature %s unreadable: %s", name, error)
        return SignatureCheck(name, "?", None, False, False, False, False, ("Không đọc được chữ ký.",))
    after_ok = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or status.modification_level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    problems = []
    if not status.intact:
        problems.append("Nội dung đã bị sửa sau khi ký.")
    elif not after_ok:
        problems.append("Tệp đã bị thêm nội dung khác sau khi ký.")
    if not status.valid:
        problems.append("Chữ ký không khớp với chứng thư số.")
    if not status.trusted:
        problems.append("Chứng thư số không do tổ chức chứng thực được tin cậy cấp.")
    return SignatureCheck(
        field_name=name,
        signer=_common_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact),
        unchanged=bool(status.intact and after_ok),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        problems=tuple(problems),
    )


def verify_pdf(pdf: bytes, *, roots: list[Any] | None = None) -> list[SignatureCheck]:
    """Every signature of ``pdf``, in signing order, checked offline against ``roots`` (default:
    :func:`trust_roots`). An empty list: the PDF carries no signature. Refused: not a PDF."""
    from pyhanko_certvalidator import ValidationContext

    reader = _reader(pdf)
    try:
        signatures = list(reader.embedded_signatures)
    except Exception as error:
        raise Refused.invalid(NOT_A_PDF) from error
    context = ValidationContext(
        trust_roots=trust_roots() if roots is None else roots,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    return [_check(embedded, context) for embedded in signatures]
