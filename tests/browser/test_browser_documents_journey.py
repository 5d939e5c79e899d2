"""The whole journey of an official document in a real browser (issue #9; seed 002 Đ9, Đ10, Đ14).

On Wed 02/12/2026 (the suite's clock) Phạm Thị Vân, the clerk of Sở Nội vụ, registers Bộ Nội vụ's
công văn 1234/BNV-TCBC with its PDF scan and presents it to the director, Hoàng Văn Nam. He gives it
to Phòng Tổ chức biên chế with an instruction (bút phê) and a deadline; the head of the division,
Bùi Thanh Sơn, forwards it to his officer Nguyễn Văn Minh. Minh clicks "Trả lời" on the document and
drafts the reply — a PDF draft, addressed to UBND huyện Đức Trọng inside the system — and submits it.
Sơn comments and passes it on; Nam approves it for issue; Vân gives it number 01/SNV-TCBC; Minh checks
the numbered text and presents it for signature; Nam signs it (Ký số, with a certificate of a
throwaway test CA); Vân sends it. The clerk of UBND huyện Đức Trọng finds it in her incoming list
"Chờ vào sổ" and registers it without typing anything. Last, Vân prints the incoming register of
Sở Nội vụ as PDF: Bộ Nội vụ's document is in it.

Everything goes through the screens, as each person; only the people and the organisation are set
up beforehand (the province, the documents cast, the district's clerk).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from congvu.accounts.models import User
from congvu.core.text import search_text
from congvu.documents.models import IncomingDocument, OutgoingDocument
from congvu.org.models import Membership, RoleGrant
from tests.conftest import PASSWORD, POSTS_SINCE
from tests.documents.cast import build_documents_cast, pdf_bytes
from tests.documents.signing.pki import PASSPHRASE, make_ca, make_pkcs12

SUBJECT = "Về việc báo cáo kết quả tuyển dụng công chức năm 2026"
INSTRUCTION = "Giao Phòng TCBC tham mưu văn bản trả lời, trình trước ngày 10/12/2026."
REPLY_SUBJECT = "Báo cáo kết quả tuyển dụng công chức năm 2026 của Sở Nội vụ"
NUMBER = "01/SNV-TCBC"
DESKTOP = {"width": 1366, "height": 900}
PDF = "application/pdf"


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _submit(page, locator):
    locator.click()
    page.wait_for_load_state("networkidle")


def _act(page, action):
    """Open an action of the outgoing document's page and confirm it."""
    page.locator(f"#act-{action} summary").click()
    _submit(page, page.locator(f"#act-{action} button[type=submit]"))


def _status(page):
    return page.locator("span.status").first


def _district_clerk(province):
    clerk = User.objects.create_user(
        "laiht",
        PASSWORD,
        full_name="Hồ Thị Lài",
        email="laiht@binhson.gov.vn",
        must_change_password=False,
        search_text=search_text("Hồ Thị Lài", "laiht"),
    )
    Membership.objects.create(
        user=clerk,
        unit=province.units.huyen,
        position=province.positions.van_thu,
        is_primary=True,
        started_on=POSTS_SINCE,
    )
    RoleGrant.objects.create(user=clerk, role=RoleGrant.Role.CLERK, unit=province.units.huyen)
    return clerk


@pytest.mark.django_db(transaction=True)
def test_document_journey_register_route_reply_review_number_sign_send_receive_print(
    page, live_server, province, sign_in, shoot, settings, tmp_path, monkeypatch
):
    try:  # the text of an attached file is extracted by the search feature's job, once it is there
        import congvu.documents.search.jobs  # noqa: F401
    except ImportError:
        from congvu.documents import services

        monkeypatch.setattr(services, "enqueue_on_commit", lambda *args, **kwargs: None)
    ca = make_ca(tmp_path)
    settings.SIGNING_PKCS12 = str(make_pkcs12(ca, tmp_path, "Hoàng Văn Nam", "director.p12"))
    settings.SIGNING_PASSPHRASE = PASSPHRASE
    settings.SIGNING_TRUST_ROOTS = [str(ca.path)]
    cast = build_documents_cast(province)
    district_clerk = _district_clerk(province)
    clerk, director, head, officer = cast.snv_clerk, cast.giam_doc, cast.truong_phong, cast.chuyen_vien
    page.set_viewport_size(DESKTOP)

    # 1. The clerk of Sở Nội vụ registers Bộ Nội vụ's công văn with its PDF scan, for the director.
    sign_in(clerk)
    page.goto(f"{live_server.url}/van-ban/den/vao-so/")
    expect(page.get_by_role("heading", name="Vào sổ văn bản đến — Sở Nội vụ")).to_be_visible()
    page.get_by_label("Cơ quan gửi (danh mục)").select_option(label="Bộ Nội vụ")
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Số", exact=True).fill("1234")
    page.get_by_label("Ký hiệu").fill("BNV-TCBC")
    page.get_by_label("Ngày văn bản").fill("2026-11-30")
    page.get_by_label("Trích yếu nội dung").fill(SUBJECT)
    page.get_by_label("Trình lãnh đạo").select_option(label="Hoàng Văn Nam")
    page.get_by_label("Tệp văn bản (bản quét PDF giữ nguyên) và tệp đính kèm").set_input_files(
        {"name": "1234-BNV-TCBC.pdf", "mimeType": PDF, "buffer": pdf_bytes("BỘ NỘI VỤ", SUBJECT)}
    )
    shoot(page, "documents-journey-1-register-form")
    _submit(page, page.get_by_role("button", name="Vào sổ"))
    expect(page.get_by_text("Đã vào sổ văn bản đến, số đến 1.")).to_be_visible()
    incoming = IncomingDocument.objects.get(agency=province.units.snv)
    page.goto(f"{live_server.url}/van-ban/den/{incoming.pk}/")
    expect(_status(page)).to_have_text("Chờ phân phối")
    expect(page.locator(".kv")).to_contain_text("1234/BNV-TCBC")
    expect(page.locator(".kv")).to_contain_text("Bộ Nội vụ")
    expect(page.get_by_role("link", name="1234-BNV-TCBC.pdf")).to_be_visible()
    expect(page.locator("ol.timeline")).to_contain_text("Phạm Thị Vân vào sổ, trình Hoàng Văn Nam")
    _sign_out(page)

    # 2. The director gives it to Phòng TCBC with his instruction and a deadline.
    sign_in(director)
    page.goto(f"{live_server.url}/van-ban/den/{incoming.pk}/")
    page.get_by_role("link", name="Phân phối").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Xử lý chính", exact=True).select_option(f"d{province.units.tcbc.pk}")
    page.get_by_label("Ý kiến chỉ đạo (bút phê)").fill(INSTRUCTION)
    page.get_by_label("Hạn xử lý").fill("2026-12-10")
    _submit(page, page.get_by_role("button", name="Chuyển"))
    expect(page.get_by_text("Đã chuyển văn bản.")).to_be_visible()
    page.goto(f"{live_server.url}/van-ban/den/{incoming.pk}/")
    expect(_status(page)).to_have_text("Đang xử lý")
    step = page.locator("ol.timeline > li").filter(has_text="Hoàng Văn Nam").last
    expect(step).to_contain_text("Xử lý chính: Phòng Tổ chức biên chế")
    expect(step).to_contain_text(INSTRUCTION)
    expect(step).to_contain_text("Hạn xử lý: 10/12/2026")
    _sign_out(page)

    # 3. The head of the division finds it among "Văn bản cần xử lý" and forwards it to his officer.
    sign_in(head)
    page.goto(f"{live_server.url}/van-ban/den/can-xu-ly/")
    page.get_by_role("link", name=SUBJECT).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Chuyển xử lý").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Xử lý chính", exact=True).select_option(f"u{officer.pk}")
    page.get_by_label("Ý kiến chỉ đạo (bút phê)").fill("Đồng chí Minh dự thảo văn bản trả lời.")
    _submit(page, page.get_by_role("button", name="Chuyển"))
    expect(page.get_by_text("Đã chuyển văn bản.")).to_be_visible()
    _sign_out(page)

    # 4. The officer opens it, sees the whole route, and clicks "Trả lời".
    sign_in(officer)
    page.goto(f"{live_server.url}/van-ban/den/can-xu-ly/")
    page.get_by_role("link", name=SUBJECT).click()
    page.wait_for_load_state("networkidle")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text(INSTRUCTION)
    expect(timeline.locator("li").filter(has_text="Bùi Thanh Sơn")).to_contain_text(
        "Xử lý chính: Nguyễn Văn Minh"
    )
    shoot(page, "documents-journey-4-incoming-with-route")
    page.get_by_role("link", name="Trả lời").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Trả lời văn bản đến số 1234/BNV-TCBC")).to_be_visible()
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Trích yếu nội dung").fill(REPLY_SUBJECT)
    page.get_by_label("Người ký").select_option(label="Hoàng Văn Nam")
    page.get_by_label("Nơi nhận trong hệ thống").select_option(label="UBND huyện Đức Trọng")
    page.get_by_label("Tệp dự thảo (.docx, .odt, .pdf)").set_input_files(
        {
            "name": "du-thao-tra-loi.pdf",
            "mimeType": PDF,
            "buffer": pdf_bytes("SỞ NỘI VỤ", "V/v báo cáo kết quả tuyển dụng công chức năm 2026"),
        }
    )
    shoot(page, "documents-journey-4-reply-form")
    _submit(page, page.get_by_role("button", name="Lưu dự thảo"))
    expect(page.get_by_text("Đã lưu dự thảo trả lời.")).to_be_visible()
    expect(page.locator(".kv")).to_contain_text("1234/BNV-TCBC")  # "Trả lời văn bản"
    expect(page.locator(".kv")).to_contain_text("UBND huyện Đức Trọng")
    expect(page.locator(".kv")).to_contain_text("Bộ Nội vụ")  # the sender, prefilled as recipient
    _act(page, "submit")
    expect(page.get_by_text("Đã trình dự thảo.")).to_be_visible()
    expect(_status(page)).to_have_text("Đang trình duyệt")
    reply = OutgoingDocument.objects.get()
    assert (reply.agency, reply.in_reply_to) == (province.units.snv, incoming)
    _sign_out(page)

    # 5. The head of the division comments, then agrees and passes it on.
    sign_in(head)
    page.goto(f"{live_server.url}/van-ban/di/cho-duyet/")
    page.get_by_role("link", name=REPLY_SUBJECT).click()
    page.wait_for_load_state("networkidle")
    page.locator("#act-comment summary").click()
    page.locator("#act-comment textarea").fill("Bổ sung số liệu chỉ tiêu còn thiếu của từng huyện.")
    _submit(page, page.locator("#act-comment button[type=submit]"))
    expect(page.get_by_text("Đã ghi ý kiến.")).to_be_visible()
    expect(page.locator("#v1")).to_contain_text("Bổ sung số liệu chỉ tiêu còn thiếu của từng huyện.")
    _act(page, "pass_on")
    expect(page.get_by_text("Đã đồng ý và trình bước tiếp theo.")).to_be_visible()
    _sign_out(page)

    # 6. The director sees the chain and approves it for issue.
    sign_in(director)
    page.goto(f"{live_server.url}/van-ban/di/cho-duyet/")
    page.get_by_role("link", name=REPLY_SUBJECT).click()
    page.wait_for_load_state("networkidle")
    chain = page.locator("#h-chain + h3 + ol.timeline")
    expect(chain.locator("li").first).to_contain_text("Lãnh đạo đơn vị soạn thảo: Bùi Thanh Sơn — Đã đồng ý")
    expect(chain.locator("li").last).to_contain_text("Hoàng Văn Nam")
    shoot(page, "documents-journey-6-draft-review-chain")
    _act(page, "approve")
    expect(page.get_by_text("Đã duyệt ban hành; văn bản chuyển văn thư cấp số.")).to_be_visible()
    expect(_status(page)).to_have_text("Chờ cấp số")
    _sign_out(page)

    # 7. The clerk gives it the next number of Sở Nội vụ's outgoing register.
    sign_in(clerk)
    page.goto(f"{live_server.url}/van-ban/di/cho-cap-so/")
    page.get_by_role("link", name=REPLY_SUBJECT).click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Cấp số").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Ký hiệu: SNV-TCBC.")).to_be_visible()
    _submit(page, page.get_by_role("button", name="Cấp số"))
    expect(page.get_by_text(f"Đã cấp số {NUMBER}.")).to_be_visible()
    expect(_status(page)).to_have_text("Chờ kiểm tra")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{NUMBER} — {REPLY_SUBJECT}")
    _sign_out(page)

    # 8. The officer checks the numbered text and presents it for signature.
    sign_in(officer)
    page.goto(f"{live_server.url}/van-ban/di/{reply.pk}/")
    _act(page, "check")
    expect(page.get_by_text("Đã kiểm tra; văn bản chuyển người ký.")).to_be_visible()
    expect(_status(page)).to_have_text("Chờ ký")
    _sign_out(page)

    # 9. The director signs it with his digital signature.
    sign_in(director)
    page.goto(f"{live_server.url}/van-ban/di/{reply.pk}/")
    page.get_by_role("link", name="Ký số").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=f"Công văn số {NUMBER}")).to_be_visible()
    expect(page.get_by_text("Ký bởi: Hoàng Văn Nam")).to_be_visible()
    page.get_by_label("Tôi đã đọc văn bản và đồng ý ký số").check()
    shoot(page, "documents-journey-9-sign")
    _submit(page, page.get_by_role("button", name="Ký số"))
    expect(page.get_by_text("Đã ký số văn bản; văn bản chờ văn thư phát hành.")).to_be_visible()
    reply.refresh_from_db()
    assert reply.status == OutgoingDocument.Status.SIGNED
    _sign_out(page)

    # 10. The clerk sends it: the district receives it at once.
    sign_in(clerk)
    page.goto(f"{live_server.url}/van-ban/di/{reply.pk}/")
    page.get_by_role("link", name="Phát hành").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=f"Phát hành văn bản {NUMBER}")).to_be_visible()
    _submit(page, page.get_by_role("button", name="Phát hành"))
    expect(page.get_by_text("Đã phát hành văn bản.")).to_be_visible()
    expect(_status(page)).to_have_text("Đã phát hành")
    expect(page.locator(".kv")).to_contain_text("UBND huyện Đức Trọng")
    expect(page.locator("dt", has_text="Văn bản đã ký số")).to_be_visible()
    expect(page.get_by_role("link", name="Tải tệp PDF")).to_be_visible()
    shoot(page, "documents-journey-10-issued")
    _sign_out(page)

    # 11. The district's clerk finds it waiting in her incoming list and registers it, typing nothing.
    sign_in(district_clerk)
    page.goto(f"{live_server.url}/van-ban/den/")
    row = page.get_by_role("row", name=re.compile(re.escape(REPLY_SUBJECT)))
    expect(row).to_contain_text("Chờ vào sổ")
    expect(row).to_contain_text(NUMBER)
    expect(row).to_contain_text("Sở Nội vụ")
    shoot(page, "documents-journey-11-recipient-incoming")
    row.get_by_role("link", name=REPLY_SUBJECT).click()
    page.wait_for_load_state("networkidle")
    _submit(page, page.get_by_role("button", name="Vào sổ văn bản đến"))
    expect(page.get_by_text("Đã vào sổ văn bản đến.")).to_be_visible()
    expect(_status(page)).to_have_text("Chờ phân phối")
    expect(page.locator(".kv")).to_contain_text(NUMBER)
    expect(page.locator(".kv")).to_contain_text("Sở Nội vụ")
    shoot(page, "documents-journey-11-recipient-registered")
    received = IncomingDocument.objects.get(agency=province.units.huyen)
    assert (received.arrival_number, received.subject, received.source) == (1, REPLY_SUBJECT, reply)
    # the signed PDF came with it: its signature checks out
    files = page.locator("#h-info ~ ul.plain li")
    expect(files).to_have_count(1)
    files.get_by_role("link", name="Chữ ký số").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Chữ ký hợp lệ")).to_be_visible()
    expect(page.get_by_text("Không bị sửa sau khi ký")).to_be_visible()
    expect(page.get_by_text("Hoàng Văn Nam").first).to_be_visible()
    _sign_out(page)

    # 12. The clerk of Sở Nội vụ prints the year's incoming register: Bộ Nội vụ's document is in it.
    sign_in(clerk)
    page.get_by_role("link", name="Sổ văn bản", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    page.locator("#in-h ~ .table-wrap").get_by_role("link", name="Xem sổ").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text("năm 2026")
    expect(page.get_by_role("row", name=re.compile(re.escape(SUBJECT)))).to_contain_text("1234/BNV-TCBC")
    shoot(page, "documents-journey-12-incoming-register")
    with page.expect_download() as info:
        page.get_by_role("link", name="In sổ (PDF)").click()
    printed = info.value
    assert printed.suggested_filename == f"so-van-ban-den-{cast.registers.snv_in.pk}-2026.pdf"
    text = "".join(sheet.extract_text() for sheet in PdfReader(printed.path()).pages)
    flat = re.sub(r"\s+", "", text)
    assert "1234/BNV-TCBC" in flat
    assert re.sub(r"\s+", "", SUBJECT) in flat
