"""A PDF signed with a PKCS#12 carries a visible stamp and one PAdES signature that verifies intact
and trusted; bytes changed after signing, and a root nobody configured, are reported (DOC-5)."""

import asyncio
import concurrent.futures
import datetime as dt
import io

import pytest

from congvu.core.decisions import Refused
from congvu.documents.signing.signers import (
    Pkcs12Signer,
    Stamp,
    configured_signer,
    load_certificate,
    verify_pdf,
    vietnam_time,
)
from tests.documents.cast import pdf_bytes
from tests.documents.signing.pki import PASSPHRASE, make_pkcs12

PDF = pdf_bytes("UBND tỉnh Bình Sơn", "Kế hoạch tuyển dụng công chức năm 2027")
MOMENT = dt.datetime(2026, 3, 5, 7, 30, tzinfo=dt.UTC)
STAMP = Stamp(name="Trần Quốc Hùng", position="Chủ tịch", agency="UBND tỉnh Bình Sơn", signed_at=MOMENT)


def test_signing_time_is_vietnam_time_iso_8601():
    assert vietnam_time(MOMENT) == "2026-03-05T14:30:00+07:00"
    assert STAMP.lines == [
        "Ký bởi: Trần Quốc Hùng",
        "Chủ tịch, UBND tỉnh Bình Sơn",
        "Thời gian ký: 2026-03-05T14:30:00+07:00",
    ]


def test_signed_pdf_verifies_intact_and_trusted(pki):
    signed = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=STAMP)
    assert signed.startswith(PDF)  # an incremental update: the original bytes are kept
    [check] = verify_pdf(signed)
    assert check.signer == "Trần Quốc Hùng"
    assert check.intact and check.unchanged and check.valid and check.trusted and check.ok
    assert check.signed_at is not None and check.time_text.endswith("+07:00")
    assert check.problems == ()


def test_signing_and_checking_work_where_an_event_loop_is_running(pki):
    """An ASGI server's thread (or a browser driver's) already runs an asyncio loop, and pyHanko's
    synchronous calls start their own: signing and checking still work there."""

    async def in_a_loop():
        signed = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=STAMP)
        return verify_pdf(signed)

    # in a thread of its own: the suite's browser tests may leave a loop running in this one
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        [check] = pool.submit(asyncio.run, in_a_loop()).result()
    assert check.signer == "Trần Quốc Hùng" and check.ok


def test_second_signature_keeps_the_first_one_valid(pki, tmp_path):
    second = make_pkcs12(pki.ca, tmp_path, "Hoàng Văn Nam", "nam.p12")
    once = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=STAMP)
    twice = Pkcs12Signer(second, PASSPHRASE).sign(once, stamp=STAMP)
    checks = verify_pdf(twice)
    assert [c.signer for c in checks] == ["Trần Quốc Hùng", "Hoàng Văn Nam"]
    assert all(c.ok for c in checks)


def test_bytes_changed_after_signing_are_detected(pki):
    signed = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=STAMP)
    at = signed.index(b"stream\n") + 20  # a byte of the first page's content, inside what was signed
    tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1 :]
    [check] = verify_pdf(tampered)
    assert not check.intact and not check.ok
    assert "Nội dung đã bị sửa sau khi ký." in check.problems


def test_content_appended_after_signing_is_detected(pki):
    from pypdf import PdfWriter

    signed = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=STAMP)
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    [check] = verify_pdf(out.getvalue())
    assert check.intact and not check.unchanged and not check.ok
    assert "Tệp đã bị thêm nội dung khác sau khi ký." in check.problems


def test_untrusted_root_is_reported(pki):
    signed = Pkcs12Signer(pki.p12, PASSPHRASE).sign(PDF, stamp=STAMP)
    [check] = verify_pdf(signed, roots=[load_certificate(pki.stranger.path)])
    assert check.intact and check.valid and not check.trusted and not check.ok
    assert "Chứng thư số không do tổ chức chứng thực được tin cậy cấp." in check.problems


def test_unsigned_pdf_has_no_signature_and_garbage_is_refused(pki):
    assert verify_pdf(PDF) == []
    with pytest.raises(Refused, match="không phải PDF"):
        verify_pdf(b"MZ\x90\x00 not a pdf")


def test_wrong_passphrase_is_refused(pki):
    with pytest.raises(Refused, match="mật khẩu không đúng"):
        Pkcs12Signer(pki.p12, "sai").sign(PDF, stamp=STAMP)


def test_configured_signer_uses_the_person_s_demo_file(settings, tmp_path, pki, province):
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_DEMO_DIR = tmp_path
    chairman = province.chu_tich
    with pytest.raises(Refused, match="Chưa có chứng thư số"):
        configured_signer(chairman)
    make_pkcs12(pki.ca, tmp_path, chairman.full_name, f"{chairman.username}.p12")
    signer = configured_signer(chairman)
    assert isinstance(signer, Pkcs12Signer) and signer.path.name == f"{chairman.username}.p12"
