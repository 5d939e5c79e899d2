"""The work of the demo province (``congvu load_demo``): what a civil servant of Bình Sơn finds
when they sign in — work given down the tree and passed on as subtasks, in every state, some of it
overdue, some due in a few days, results waiting for approval, a returned one, an extension asked
for, a delegation in force and one waiting, an account request for the administrators, and next
year's work plan (issue "A civil servant's working day"; seed 000 Điều 7).

Everything goes through the services a person would use, as that person, with the checks they
would meet (``congvu.assignments.services`` and the plan, delegation and account-request services).
Dates are relative to the day it runs, in working days (``congvu.core.calendar``). A person may
not give a deadline that has passed, so work whose story began weeks ago is given with the
nearest deadline a person may type, and its planned dates are then set back to the demo's story
(``_back_date``) — the one place the demo writes a row by hand, so that "overdue" and "done late"
show. The moments the system stamps itself — given, reported, submitted, approved — are today's;
no clock is moved.

Idempotent: the chairman's first item (``MARKER``) says the work is there, and a second run adds
nothing. The whole set is one transaction; if a rule refuses a step (say, a province already used
by hand), nothing of it is written and the caller is told why.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.db import transaction
from django.utils import timezone

from congvu.accounts.models import AccountRequest, User
from congvu.accounts.requests import selectors as account_request_selectors
from congvu.accounts.requests import services as account_requests
from congvu.accounts.requests.policies import is_administrator_for_any
from congvu.assignments import selectors as assignment_selectors
from congvu.assignments import services as assignments
from congvu.assignments.models import Assignment
from congvu.assignments.plans import services as plans
from congvu.core import registry
from congvu.core.calendar import add_working_days, is_working_day
from congvu.core.decisions import Refused
from congvu.notifications import selectors as notification_selectors
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.delegations import selectors as delegation_selectors
from congvu.org.delegations import services as delegations
from congvu.org.models import Position, Unit
from congvu.synthetic.demo import EMAIL_DOMAIN, PERSONAS

S = Assignment.Status
HIGH, URGENT = Assignment.Priority.HIGH, Assignment.Priority.URGENT
MARKER = "Xây dựng Đề án sắp xếp, tinh gọn tổ chức bộ máy các cơ quan chuyên môn thuộc UBND tỉnh"
DEMO_NOTE = "Tài liệu minh họa của tỉnh mẫu Bình Sơn (dữ liệu demo)."


# --- the days -------------------------------------------------------------------------------------


def working_day(today: dt.date, offset: int) -> dt.date:
    """``offset`` working days after today (before it when negative); 0 is today, or the next
    working day when today is off (a deadline falls on a working day)."""
    if offset >= 0:
        return add_working_days(today, offset)
    day = today
    for _ in range(-offset):
        day -= dt.timedelta(days=1)
        while not is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- the work -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    """One work item and how far it has come.

    ``giver`` and ``lead`` are persona keys (``"@snv"``: the unit of that key, led by its head).
    ``start`` and ``due`` are working days from today. ``reports`` are the lead's progress reports
    (percent, text); ``file`` goes with the last one, ``attach`` is a document the giver attaches.
    ``outcome`` is the reason of a return or a cancellation, or the approver's comment. ``lead_by``
    and ``decided_by`` act in the lead's or the approver's place under a delegation ("thay mặt").
    ``extension``: (new due, reason, granted?) — ``None`` for granted leaves the request pending.
    """

    key: str
    giver: str
    lead: str
    title: str
    start: int
    due: int
    state: str = S.ASSIGNED
    parent: str = ""
    description: str = ""
    priority: int = Assignment.Priority.NORMAL
    co: tuple[str, ...] = ()
    followers: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    ticked: int = 0
    reports: tuple[tuple[int, str], ...] = ()
    file: str = ""
    attach: str = ""
    note: str = ""
    outcome: str = ""
    rating: int = 0
    extension: tuple[int, str, bool | None] | None = None
    lead_by: str = ""
    decided_by: str = ""


# Titles and texts take {year}, {next_year}, {last_year}, {this_month} and {last_month}.
WORK: tuple[Work, ...] = (
    # --- UBND tỉnh → Sở Nội vụ, passed down to a division and its officers ---
    Work(
        "sapxep", "hungtq", "@snv", MARKER, -15, 12, S.IN_PROGRESS, priority=HIGH,
        description="<p>Thực hiện kết luận của Thường trực UBND tỉnh về sắp xếp tổ chức bộ máy; "
        "báo cáo UBND tỉnh trước khi trình HĐND tỉnh.</p>",
        followers=("mailt", "tuandm"),
        checklist=(
            "Rà soát chức năng, nhiệm vụ, tổ chức bộ máy",
            "Xây dựng phương án sắp xếp",
            "Lấy ý kiến các sở, ngành, địa phương",
            "Hoàn thiện Đề án, trình UBND tỉnh",
        ),
        ticked=1,
        reports=(
            (20, "Đã thành lập Tổ biên tập, phân công các phòng rà soát chức năng, nhiệm vụ."),
            (40, "Đã có văn bản lấy ý kiến các sở, ngành về phương án sắp xếp; đang tổng hợp."),
        ),
        attach="Kết luận của Thường trực UBND tỉnh về sắp xếp tổ chức bộ máy.docx",
    ),
    Work(
        "sapxep.raso", "namhv", "sonbt",
        "Rà soát chức năng, nhiệm vụ, tổ chức bộ máy và biên chế của các cơ quan chuyên môn",
        -12, 3, S.IN_PROGRESS, parent="sapxep", co=("baopq",),
        reports=((50, "Đã nhận báo cáo của 12/18 cơ quan; đang đối chiếu với quy định hiện hành."),),
    ),
    Work(
        "sapxep.bienche", "sonbt", "minhnv",
        "Tổng hợp số liệu biên chế công chức, số lượng người làm việc năm {year} của các cơ quan",
        -10, 2, S.IN_PROGRESS, parent="sapxep.raso",
        reports=(
            (30, "Đã gửi biểu mẫu thu thập số liệu đến các cơ quan."),
            (60, "Đã tổng hợp xong số liệu của các sở; gửi kèm bảng tổng hợp, còn thiếu 3 đơn vị."),
        ),
        file="Bảng tổng hợp biên chế năm {year}.csv",
    ),
    Work(
        "sapxep.totrinh", "sonbt", "hattt",
        "Dự thảo Tờ trình và Quyết định phê duyệt Đề án sắp xếp tổ chức bộ máy",
        -8, 1, S.SUBMITTED, parent="sapxep.raso",
        reports=(
            (50, "Đã xây dựng đề cương, đang hoàn thiện dự thảo."),
            (100, "Đã hoàn thành dự thảo Tờ trình và Quyết định; gửi kèm để xem xét."),
        ),
        file="Dự thảo Tờ trình phê duyệt Đề án.docx",
        extension=(3, "Chờ ý kiến góp ý của Sở Tư pháp về dự thảo Quyết định.", True),
        note="Kính gửi Trưởng phòng dự thảo Tờ trình và Quyết định để cho ý kiến.",
    ),
    Work(
        "par", "mailt", "@snv",
        "Rà soát, đánh giá kết quả thực hiện Chỉ số cải cách hành chính (PAR INDEX) năm {year}",
        -10, -2, S.IN_PROGRESS, priority=HIGH,
        description="<p>Tự đánh giá, chấm điểm theo bộ tiêu chí của Bộ Nội vụ; gửi kèm tài liệu kiểm "
        "chứng.</p>",
        reports=((40, "Đã tự chấm điểm 5/8 lĩnh vực; đang chờ tài liệu kiểm chứng của các sở."),),
    ),
    Work(
        "par.chamdiem", "namhv", "longlh",
        "Tự chấm điểm các tiêu chí, tiêu chí thành phần Chỉ số cải cách hành chính",
        -9, -2, S.IN_PROGRESS, parent="par",
        reports=((70, "Đã chấm xong các lĩnh vực cải cách thể chế, thủ tục hành chính, tổ chức bộ máy."),),
    ),
    Work(
        "par.kiemchung", "longlh", "ngochtb",
        "Thu thập, số hóa tài liệu kiểm chứng kết quả cải cách hành chính",
        -9, -3, S.SUBMITTED, parent="par.chamdiem",
        reports=((100, "Đã số hóa đủ tài liệu kiểm chứng của 18/18 cơ quan."),),
        note="Đã tải đủ tài liệu kiểm chứng lên thư mục dùng chung.",
    ),
    Work(
        "thidua", "mailt", "@snv",
        "Tổng hợp kết quả thi đua, khen thưởng năm {year} của các sở, ngành, địa phương",
        -8, 2, S.SUBMITTED,
        reports=((100, "Đã tổng hợp đề nghị khen thưởng của 21 cơ quan, đơn vị."),),
        note="Sở Nội vụ báo cáo kết quả tổng hợp, kính trình Phó Chủ tịch xem xét.",
    ),
    Work(
        "thamluan", "mailt", "namhv",
        "Chuẩn bị báo cáo tham luận tại Hội nghị tổng kết công tác cải cách hành chính năm {year}",
        -1, 2,
    ),
    Work(
        "nangluong", "namhv", "sonbt",
        "Thẩm định hồ sơ đề nghị nâng bậc lương trước thời hạn năm {year}",
        -7, 1, S.SUBMITTED,
        reports=((100, "Đã thẩm định 26 hồ sơ; 3 hồ sơ chưa đủ điều kiện, đã có ý kiến trả lời."),),
        note="Kính trình Giám đốc kết quả thẩm định.",
    ),
    Work(
        "csdl", "sonbt", "minhnv",
        "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức của các cơ quan chuyên môn",
        -10, -1, S.IN_PROGRESS,
        description="<p>Cập nhật đầy đủ quá trình công tác, ngạch, bậc lương của từng người theo hồ sơ "
        "các cơ quan gửi.</p>",
        reports=((40, "Đã cập nhật hồ sơ của 7/12 cơ quan."),),
        extension=(4, "Một số cơ quan chưa gửi đủ hồ sơ điện tử; đã có văn bản đôn đốc.", None),
    ),
    Work(
        "thongke", "sonbt", "minhnv",
        "Dự thảo báo cáo thống kê số lượng, chất lượng công chức năm {year}",
        -8, 4, S.RETURNED,
        reports=((100, "Đã hoàn thành dự thảo báo cáo và các biểu kèm theo."),),
        note="Gửi Trưởng phòng dự thảo báo cáo.",
        outcome="Số liệu tại Biểu 02 chưa khớp với báo cáo của các đơn vị; đề nghị rà soát, chỉnh sửa.",
    ),
    Work(
        "daotao", "sonbt", "minhnv", "Tổng hợp nhu cầu đào tạo, bồi dưỡng công chức năm {next_year}",
        -12, 1, S.DONE,
        reports=((100, "Đã tổng hợp nhu cầu của các cơ quan, đơn vị."),),
        rating=5, outcome="Tổng hợp đầy đủ, đúng thời hạn.",
    ),
    Work(
        "tuyendung", "sonbt", "minhnv", "Rà soát hồ sơ dự tuyển công chức đợt 2 năm {year}",
        -15, -2, S.DONE,
        reports=((100, "Đã rà soát 148 hồ sơ dự tuyển."),),
        rating=3, outcome="Kết quả đạt yêu cầu nhưng hoàn thành chậm 2 ngày so với hạn.",
    ),
    Work(
        "vitri", "sonbt", "hattt", "Tham mưu văn bản hướng dẫn xây dựng đề án vị trí việc làm",
        -6, 5, S.CANCELLED,
        reports=((20, "Đã xây dựng đề cương văn bản hướng dẫn."),),
        outcome="Bộ Nội vụ đã ban hành hướng dẫn thống nhất; không ban hành văn bản riêng của tỉnh.",
    ),
    Work(
        "nghiencuu", "minhnv", "minhnv",
        "Nghiên cứu quy định mới về vị trí việc làm và biên chế công chức", -3, 8, S.IN_PROGRESS,
        reports=((50, "Đã đọc và tóm tắt các nội dung mới."),),
    ),
    Work(
        "nangngach", "namhv", "baopq", "Tổ chức kỳ thi nâng ngạch công chức năm {year}",
        -10, 6, S.IN_PROGRESS,
        reports=((30, "Đã ban hành kế hoạch thi; đang tiếp nhận hồ sơ đăng ký."),),
    ),
    Work(
        "nangngach.ds", "baopq", "nhungdth", "Lập danh sách công chức đủ điều kiện dự thi nâng ngạch",
        -5, 2, S.ASSIGNED, parent="nangngach",
    ),
    Work(
        "kiemtra", "lanvt", "longlh",
        "Xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm {next_year}",
        -1, 10,
    ),
    Work(
        "vtvl", "lanvt", "quanlm", "Thẩm định đề án vị trí việc làm của Sở Thông tin và Truyền thông",
        -4, 5, S.IN_PROGRESS,
        reports=((60, "Đã có ý kiến thẩm định đối với 9/15 vị trí."),),
    ),
    # --- UBND tỉnh → Văn phòng UBND tỉnh ---
    Work(
        "ktxh", "hungtq", "ducpv",
        "Tổng hợp báo cáo tình hình kinh tế – xã hội tháng {last_month}, "
        "nhiệm vụ trọng tâm tháng {this_month}",
        -5, 1, S.SUBMITTED, priority=HIGH,
        description="<p>Phục vụ phiên họp thường kỳ UBND tỉnh; nêu rõ chỉ tiêu chưa đạt và giải pháp.</p>",
        reports=((60, "Đã nhận báo cáo của các sở, ngành."), (100, "Đã hoàn thiện dự thảo báo cáo.")),
        note="Kính trình Chủ tịch dự thảo báo cáo tháng.",
    ),
    Work(
        "ktxh.solieu", "ducpv", "phuchv", "Tổng hợp số liệu báo cáo của các sở, ngành, địa phương",
        -5, -1, S.DONE, parent="ktxh",
        reports=((100, "Đã tổng hợp số liệu của 19/20 cơ quan, đơn vị."),),
        rating=3, outcome="Tổng hợp đầy đủ nhưng chậm 01 ngày so với yêu cầu.",
    ),
    Work(
        "hoinghi", "hungtq", "mailt", "Chủ trì Hội nghị tổng kết công tác cải cách hành chính năm {year}",
        -3, 4, S.IN_PROGRESS,
        reports=((30, "Đã thống nhất chương trình hội nghị với Sở Nội vụ."),),
    ),
    Work(
        "vanbanden", "ducpv", "hoant",
        "Rà soát, lập danh mục văn bản đến chưa được xử lý đúng hạn tháng {last_month}", -3, 1, S.IN_PROGRESS,
        reports=((50, "Đã rà soát sổ văn bản đến của 15 ngày đầu tháng."),),
    ),
    Work(
        "phienhop", "ducpv", "hoant",
        "Chuẩn bị hồ sơ, tài liệu phiên họp thường kỳ UBND tỉnh tháng {this_month}", 0, 3,
        priority=URGENT,
        checklist=(
            "Tập hợp tờ trình của các sở, ngành",
            "In, sao tài liệu",
            "Gửi tài liệu đến thành viên UBND tỉnh",
        ),
    ),
    Work(
        "luutru", "ducpv", "hoant", "Chỉnh lý hồ sơ lưu trữ năm {last_year}", -20, 2, S.DONE,
        reports=((100, "Đã chỉnh lý, lập mục lục 312 hồ sơ."),),
        rating=5, outcome="Hoàn thành tốt, trước thời hạn.",
    ),
    Work(
        "taikhoan", "ducpv", "kienlv",
        "Rà soát, cập nhật tài khoản người dùng phần mềm theo đề nghị của các đơn vị", -2, 2,
        S.IN_PROGRESS,
        reports=((30, "Đã xử lý đề nghị của Sở Nội vụ và Sở Tài chính."),),
    ),
    Work(
        "theodoi", "ducpv", "tuandm",
        "Theo dõi, tổng hợp tình hình thực hiện nhiệm vụ UBND tỉnh giao tháng {last_month}",
        -4, 3, S.IN_PROGRESS,
        reports=((50, "Đã tổng hợp kết quả của 10/20 cơ quan."),),
    ),
    Work(
        "boiduong", "huongntt", "landtn",
        "Xây dựng kế hoạch đào tạo, bồi dưỡng công chức Văn phòng năm {next_year}", -2, 7, S.IN_PROGRESS,
        reports=((20, "Đã khảo sát nhu cầu của các phòng."),),
    ),
    Work(
        "capnhat", "anhvtk", "anhvtk", "Cập nhật số liệu kinh tế – xã hội vào hệ thống báo cáo của tỉnh",
        -3, 1, S.SUBMITTED,
        reports=((100, "Đã cập nhật đủ số liệu tháng {last_month}."),),
        note="Kính gửi Trưởng phòng kiểm tra số liệu đã cập nhật.",
    ),
    # --- UBND tỉnh → Sở Tài chính; the director is away, his deputy acts for him ---
    Work(
        "dutoan", "hungtq", "@stc",
        "Báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm {year}, dự kiến dự toán năm {next_year}",
        -10, 2, S.SUBMITTED, priority=HIGH,
        description="<p>Đánh giá thu, chi ngân sách năm {year}; đề xuất dự toán năm {next_year} trình "
        "HĐND tỉnh tại kỳ họp cuối năm.</p>",
        reports=((50, "Đã tổng hợp số liệu thu, chi 10 tháng."), (100, "Đã hoàn thiện báo cáo.")),
        note="Sở Tài chính kính trình Chủ tịch báo cáo dự toán.",
        lead_by="phuongtt",
    ),
    Work(
        "dutoan.solieu", "hainv", "vinhdq",
        "Tổng hợp số liệu thu, chi ngân sách 11 tháng và ước thực hiện cả năm",
        -10, 0, S.DONE, parent="dutoan",
        reports=((100, "Đã tổng hợp, đối chiếu với Kho bạc Nhà nước tỉnh."),),
        rating=4, outcome="Số liệu đầy đủ, đúng thời hạn.", decided_by="phuongtt",
    ),
    Work(
        "phanbo", "khoapm", "@stc", "Xây dựng phương án phân bổ vốn sự nghiệp từ nguồn tăng thu ngân sách",
        -9, 4, S.CANCELLED,
        reports=((30, "Đã rà soát nhu cầu của các sở, ngành."),),
        outcome="Thường trực UBND tỉnh thống nhất đưa nội dung này vào báo cáo dự toán năm {next_year}; "
        "không thực hiện riêng.",
    ),
    Work(
        "tietkiem", "khoapm", "@stc", "Rà soát, đề xuất phương án tiết kiệm chi thường xuyên năm {next_year}",
        -2, 2,
    ),
    Work(
        "chithuongxuyen", "hainv", "trangltt",
        "Thẩm định dự toán kinh phí chi thường xuyên năm {next_year} của các đơn vị sự nghiệp",
        -8, 2, S.SUBMITTED,
        reports=((100, "Đã thẩm định dự toán của 14 đơn vị sự nghiệp."),),
        note="Kính trình Giám đốc kết quả thẩm định.",
    ),
    Work(
        "chuyennguon", "phuongtt", "trangltt", "Rà soát các khoản chi chuyển nguồn sang năm {next_year}",
        0, 4,
    ),
    Work(
        "giaingan", "phuongtt", "vinhdq", "Tổng hợp tình hình giải ngân vốn đầu tư công", -4, 3,
        S.IN_PROGRESS,
        reports=((40, "Đã nhận báo cáo của 8 chủ đầu tư."),),
    ),
    Work(
        "giaingan.duan", "vinhdq", "ducdd", "Cập nhật số liệu giải ngân theo từng dự án", -4, 1,
        S.IN_PROGRESS, parent="giaingan",
        reports=((70, "Đã cập nhật 21/30 dự án."),),
    ),
    # --- UBND tỉnh → Sở Thông tin và Truyền thông ---
    Work(
        "cds", "mailt", "@stttt", "Xây dựng Kế hoạch chuyển đổi số tỉnh Bình Sơn năm {next_year}",
        -12, 5, S.RETURNED,
        description="<p>Bám sát chương trình chuyển đổi số quốc gia; xác định nhiệm vụ, sản phẩm và "
        "đơn vị chủ trì.</p>",
        reports=((100, "Đã hoàn thiện dự thảo Kế hoạch."),),
        note="Sở Thông tin và Truyền thông kính trình dự thảo Kế hoạch.",
        outcome="Đề nghị bổ sung lộ trình triển khai, dự toán kinh phí chi tiết và phân công cụ thể "
        "cho từng sở, ngành.",
    ),
    Work(
        "cds.hientrang", "trietvm", "linhptd",
        "Rà soát hiện trạng hạ tầng, nền tảng số của các cơ quan nhà nước",
        -12, 0, S.DONE, parent="cds",
        reports=((100, "Đã rà soát 25 cơ quan, đơn vị."),),
        rating=4, outcome="Đạt yêu cầu.",
    ),
    Work(
        "attt", "toandv", "huybq", "Kiểm tra, đánh giá an toàn thông tin hệ thống Cổng dịch vụ công của tỉnh",
        -3, 2, S.IN_PROGRESS,
        reports=((60, "Đã kiểm tra xong phần máy chủ ứng dụng; lập biên bản kèm theo."),),
        file="Biên bản kiểm tra an toàn thông tin.docx",
    ),
    Work(
        "buuchinh", "trietvm", "thinhhd",
        "Báo cáo tình hình phát triển hạ tầng bưu chính, viễn thông năm {year}",
        -6, -1,
    ),
    # --- UBND tỉnh → UBND huyện Đức Trọng and its communes ---
    Work(
        "khieunai", "hungtq", "@dt",
        "Báo cáo kết quả giải quyết khiếu nại, tố cáo và tiếp công dân năm {year}", -8, 2, S.SUBMITTED,
        reports=((100, "Đã tổng hợp kết quả của các cơ quan, xã, thị trấn."),),
        note="UBND huyện kính báo cáo.",
    ),
    Work(
        "khieunai.tiepdan", "tailv", "thonh", "Tổng hợp kết quả tiếp công dân của các xã, thị trấn",
        -8, 1, S.DONE, parent="khieunai",
        reports=((100, "Đã tổng hợp đủ số liệu."),),
        rating=5, outcome="Tốt.",
    ),
    Work(
        "ntm", "thanghv", "@dt", "Kiểm tra, đôn đốc tiến độ thực hiện tiêu chí huyện nông thôn mới nâng cao",
        -15, -3, S.IN_PROGRESS,
        description="<p>Kiểm tra thực tế tại các xã; báo cáo tiến độ từng tiêu chí.</p>",
        reports=((50, "Đã hoàn thành 11/19 tiêu chí; các tiêu chí còn lại chờ thẩm định."),),
        extension=(7, "Chờ kết quả thẩm định của Văn phòng Điều phối nông thôn mới tỉnh.", None),
    ),
    Work(
        "ntm.hieptan", "tailv", "@ha", "Hoàn thiện hồ sơ minh chứng tiêu chí nông thôn mới nâng cao của xã",
        -12, -3, S.IN_PROGRESS, parent="ntm",
        reports=((60, "Đã hoàn thiện hồ sơ 12/19 tiêu chí."),),
    ),
    Work(
        "ntm.sohoa", "lamdv", "suongnt", "Thu thập, số hóa hồ sơ minh chứng các tiêu chí", -12, -4,
        S.IN_PROGRESS, parent="ntm.hieptan",
        reports=((80, "Đã số hóa hồ sơ của 15/19 tiêu chí."),),
    ),
    Work(
        "hongheo", "tailv", "@ln", "Rà soát danh sách hộ nghèo, hộ cận nghèo năm {year}", -5, 8,
    ),
    Work(
        "pccc", "hoabv", "tuyetvta", "Kiểm tra công tác phòng cháy, chữa cháy tại các khu dân cư", -2, 5,
        S.IN_PROGRESS,
        reports=((20, "Đã kiểm tra 3/9 khu dân cư."),),
    ),
    Work(
        "dutoanhuyen", "thuypt", "cuonglv", "Xây dựng dự toán ngân sách huyện năm {next_year}", -6, 6,
        S.IN_PROGRESS,
        reports=((50, "Đã làm việc với các phòng, ban về nhu cầu chi."),),
    ),
    Work(
        "khenthuong", "thuypt", "leht", "Thẩm định hồ sơ đề nghị khen thưởng công tác năm {year}", -10, 1,
        S.DONE,
        reports=((100, "Đã thẩm định 42 hồ sơ."),),
        rating=5, outcome="Hoàn thành tốt.",
    ),
    Work(
        "nopluu", "thonh", "duyenttm", "Lập danh mục hồ sơ nộp lưu vào Lưu trữ lịch sử năm {year}", -1, 3,
    ),
)  # fmt: skip

# The plan of next year: (quarter, owner unit key, title); the first one is turned into work.
# Titles take {year} (this year), {plan_year} and {following_year}.
PLAN_ITEMS: tuple[tuple[int, str, str], ...] = (
    (1, "snv", "Tổng kết công tác cải cách hành chính năm {year}, triển khai nhiệm vụ năm {plan_year}"),
    (2, "stc", "Báo cáo quyết toán ngân sách địa phương năm {year}"),
    (2, "stttt", "Đưa vào vận hành Kho dữ liệu dùng chung của tỉnh"),
    (3, "dt", "Sơ kết giữa kỳ Chương trình mục tiêu quốc gia xây dựng nông thôn mới"),
    (4, "snv", "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm {plan_year}"),
    (4, "vp", "Xây dựng Chương trình công tác năm {following_year} của UBND tỉnh"),
)

# People the head of Sở Thông tin và Truyền thông asks accounts for: name, unit key, born, e-mail.
NEW_STAFF = (
    ("Trương Thị Thanh Ngân", "stttt_cntt", "1997-05-19", "nganttt"),
    ("Lê Quang Vũ", "stttt_bcvt", "1996-10-02", "vulq"),
)


# --- the documents attached -----------------------------------------------------------------------


def _docx(paragraphs: list[str]) -> bytes:
    """A small Word document (the three parts Word needs) with these paragraphs."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _staff_table(year: int) -> bytes:
    rows = [
        ("STT", "Cơ quan", f"Biên chế giao năm {year}", "Có mặt", "Còn thiếu"),
        (1, "Văn phòng UBND tỉnh", 52, 49, 3),
        (2, "Sở Nội vụ", 48, 46, 2),
        (3, "Sở Tài chính", 61, 58, 3),
        (4, "Sở Thông tin và Truyền thông", 37, 35, 2),
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def _document(name: str, title: str, year: int) -> tuple[str, bytes]:
    """The file named ``name`` (the extension says which kind), about the work ``title``."""
    if name.endswith(".csv"):
        return name, _staff_table(year)
    return name, _docx([name.rsplit(".", 1)[0], f"V/v: {title}", DEMO_NOTE])


# --- loading --------------------------------------------------------------------------------------


@dataclass
class WorkResult:
    created: bool  # False: the work was there already, or a rule refused a step (``refused``)
    refused: str = ""
    states: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _people() -> dict[str, Any]:
    emails = {f"{p.key}@{EMAIL_DOMAIN}": p.key for p in PERSONAS}
    found = {emails[u.email.lower()]: u for u in User.objects.filter(email__in=list(emails))}
    missing = sorted(set(emails.values()) - set(found))
    if missing:
        raise Refused(f"Thiếu tài khoản của nhân vật: {', '.join(missing)}.")
    return found


def is_loaded() -> bool:
    return Assignment.objects.filter(title=MARKER, assigner__email=f"hungtq@{EMAIL_DOMAIN}").exists()


def load_work(*, units: dict[str, Unit]) -> WorkResult:
    """Give the demo work once, dated from today (see the module's docstring). ``units`` maps the
    demo's unit keys to the units (``demo.load_demo().units``)."""
    started = time.monotonic()
    if is_loaded():
        return WorkResult(created=False)
    try:
        with transaction.atomic():
            states = _Loader(units=units, today=timezone.localdate()).run()
    except Refused as refused:
        return WorkResult(created=False, refused=refused.message)
    return WorkResult(created=True, states=states, seconds=time.monotonic() - started)


class _Loader:
    def __init__(self, *, units: dict[str, Unit], today: dt.date) -> None:
        self.units = units
        self.today = today
        self.people = _people()
        last_month = today.replace(day=1) - dt.timedelta(days=1)
        self.words = {
            "year": today.year,
            "next_year": today.year + 1,
            "last_year": today.year - 1,
            "last_month": last_month.month,
            "this_month": today.month,
        }
        self.by_pk = {p.pk: p for p in self.people.values()}
        self.items: dict[str, Assignment] = {}

    def text(self, template: str) -> str:
        return template.format(**self.words)

    def day(self, offset: int) -> dt.date:
        return working_day(self.today, offset)

    def person(self, key: str) -> Any:
        return self.people[key]

    def person_of(self, user: Any) -> Any:
        """The persona's own object: it keeps what the policies read about them (org facts)."""
        return self.by_pk.get(user.pk, user)

    def run(self) -> Counter[str]:
        self.delegation_in_force()
        for work in WORK:
            self.give(work)
        self._back_date()
        for work in reversed(WORK):  # subtasks finish before the work they are part of is sent up
            self.advance(work)
        self.plan_of_next_year()
        self.delegation_requested()
        self.account_request()
        return Counter(
            Assignment.objects.filter(pk__in=[i.pk for i in self.items.values()]).values_list(
                "status", flat=True
            )
        )

    # --- work items

    def give(self, work: Work) -> None:
        giver = self.person(work.giver)
        lead_user = lead_unit = None
        if work.lead.startswith("@"):
            lead_unit = self.units[work.lead[1:]]
        else:
            lead_user = self.person(work.lead)
        title = self.text(work.title)
        item = assignments.assignment_create(
            actor=giver,
            title=title,
            lead_user=lead_user,
            lead_unit=lead_unit,
            description=self.text(work.description),
            start_date=self.day(work.start),
            deadline=max(self.day(work.due), self.day(0)),
            priority=work.priority,
            co_assignees=[self.person(k) for k in work.co],
            followers=[self.person(k) for k in work.followers],
            parent=self.items[work.parent] if work.parent else None,
            checklist=work.checklist,
        )
        if work.attach:
            assignments.add_attachment(
                item=item, actor=giver, upload=_document(work.attach, title, self.today.year)
            )
        self.items[work.key] = item

    def _back_date(self) -> None:
        """Set the deadlines of the demo's story that lie behind today (given as today, see
        ``give``) back to their day, once every item — subtasks within their parent — is given."""
        for work in WORK:
            due = self.day(work.due)
            if due < self.day(0):
                item = self.items[work.key]
                Assignment.objects.filter(pk=item.pk).update(deadline=due)
                item.deadline = due

    def lead(self, work: Work, item: Assignment) -> Any:
        return self.person(work.lead_by) if work.lead_by else self.person_of(assignments.lead_people(item)[0])

    def approver(self, work: Work, item: Assignment) -> Any:
        return self.person(work.decided_by) if work.decided_by else self.person_of(item.approver)

    def assigner(self, work: Work, item: Assignment) -> Any:
        if work.decided_by:
            return self.person(work.decided_by)
        return self.person_of(item.assigned_on_behalf_of or item.assigner)

    def advance(self, work: Work) -> None:
        item = self.items[work.key]
        lead = self.lead(work, item)
        for entry in item.checklist.all()[: work.ticked]:
            assignments.checklist_toggle(item=item, actor=lead, checklist_id=entry.pk, done=True)
        for i, (percent, text) in enumerate(work.reports):
            last = i == len(work.reports) - 1
            uploads = (
                [_document(self.text(work.file), item.title, self.today.year)] if work.file and last else []
            )
            assignments.progress_report(
                item=item, actor=lead, percent=percent, text=self.text(text), uploads=uploads
            )
        if work.extension is not None:
            due, reason, granted = work.extension
            extension = assignments.request_extension(
                item=item, actor=lead, new_deadline=self.day(due), reason=reason
            )
            if granted is not None:
                assignments.decide_extension(
                    extension=extension, actor=self.approver(work, item), grant=granted, note="Đồng ý."
                )
        if work.state == S.CANCELLED:
            assignments.cancel(item=item, actor=self.assigner(work, item), reason=self.text(work.outcome))
        if work.state in (S.SUBMITTED, S.RETURNED, S.DONE):
            assignments.submit(
                item=item, actor=lead, note=self.text(work.note) or "Gửi kết quả.", incomplete_confirmed=True
            )
        if work.state == S.RETURNED:
            assignments.return_result(
                item=item, actor=self.approver(work, item), reason=self.text(work.outcome)
            )
        if work.state == S.DONE:
            assignments.approve(
                item=item,
                actor=self.approver(work, item),
                rating=min(work.rating, assignments.rating_max()),
                comment=self.text(work.outcome),
            )

    # --- the rest of a working day

    def delegation_in_force(self) -> None:
        """The director of Sở Tài chính is away on a mission; his deputy acts for him, approved by
        the chairman (seed 002 Đ13.3, Đ4.5)."""
        hai, phuong = self.person("hainv"), self.person("phuongtt")
        delegation = delegations.delegation_request(
            principal=hai,
            delegate=phuong,
            starts_at=_moment(self.day(-1), 7, 30),
            ends_at=_moment(self.day(3), 17, 30),
            reason="Đi công tác tại Bộ Tài chính (Hà Nội)",
            actor=hai,
        )
        delegations.delegation_approve(delegation=delegation, actor=self.person("hungtq"), note="Đồng ý.")
        for person in self.people.values():
            org.forget(person)  # what was read before the delegation began does not show what it lends

    def delegation_requested(self) -> None:
        """A division head asks to hand over to his deputy next week; the director decides."""
        son = self.person("sonbt")
        delegations.delegation_request(
            principal=son,
            delegate=self.person("quanlm"),
            starts_at=_moment(self.day(5), 7, 30),
            ends_at=_moment(self.day(7), 17, 30),
            reason="Nghỉ phép năm",
            actor=son,
        )

    def plan_of_next_year(self) -> None:
        """The directive monitor keeps the province's plan; the chairman gives its first item."""
        keeper = self.person("tuandm")
        plan = plans.plan_create(actor=keeper, unit=self.units["tinh"], year=self.today.year + 1)
        items = [
            plans.plan_item_add(
                actor=keeper,
                plan=plan,
                title=template.format(
                    year=self.today.year, plan_year=plan.year, following_year=plan.year + 1
                ),
                owner_unit=self.units[unit_key],
                quarter=quarter,
            )
            for quarter, unit_key, template in PLAN_ITEMS
        ]
        work = plans.plan_item_create_work(actor=self.person("hungtq"), item=items[0])
        self.items["plan"] = work

    def account_request(self) -> None:
        """The director of Sở Thông tin và Truyền thông asks accounts for two new officers (seed 000 Đ8)."""
        director = self.person("trietvm")
        officer = Position.objects.get(name="Chuyên viên")
        lines = [
            account_requests.LineData(
                full_name=name,
                unit=self.units[unit_key],
                position=officer,
                email=f"{login}@{EMAIL_DOMAIN}",
                date_of_birth=dt.date.fromisoformat(born),
            )
            for name, unit_key, born, login in NEW_STAFF
        ]
        saved = account_requests.request_create(
            actor=director,
            kind=AccountRequest.Kind.CREATE,
            unit=self.units["stttt"],
            lines=lines,
            note="Tiếp nhận công chức mới trúng tuyển.",
        )
        account_requests.request_submit(account_request=saved.account_request, actor=director)


# --- what each kind of persona finds --------------------------------------------------------------

# (kind, persona key): one line each in ``load_demo``'s output.
SHOWCASE = (
    ("Chủ tịch UBND tỉnh", "hungtq"),
    ("Phó Chủ tịch UBND tỉnh", "mailt"),
    ("Giám đốc Sở", "namhv"),
    ("Phó Giám đốc đang được ủy quyền", "phuongtt"),
    ("Trưởng phòng", "sonbt"),
    ("Chuyên viên", "minhnv"),
    ("Văn thư", "hoant"),
    ("Quản trị", "kienlv"),
    ("Chủ tịch UBND huyện", "tailv"),
    ("Văn thư Sở Nội vụ", "vanpt"),
    ("Chuyên viên có dự thảo bị trả lại", "hattt"),
    ("Văn thư UBND huyện", "duyenttm"),
)


def what_they_find(user: Any) -> str:
    """What "Hôm nay" and the menus hold for this person, in a few words."""
    counts = assignment_selectors.my_counts(user)
    parts = [
        f"{counts['todo']} việc cần làm" if counts["todo"] else "",
        f"{counts['overdue']} quá hạn" if counts["overdue"] else "",
        f"{counts['due_soon']} sắp đến hạn" if counts["due_soon"] else "",
        f"{counts['to_approve']} kết quả chờ duyệt" if counts["to_approve"] else "",
        f"{counts['waiting']} kết quả đã gửi" if counts["waiting"] else "",
    ]
    to_decide = delegation_selectors.tab_counts(user)[delegation_selectors.ROLE_TO_APPROVE]
    if to_decide:
        parts.append(f"{to_decide} đề nghị ủy quyền chờ duyệt")
    principals = tree.principals(user)
    if principals:
        parts.append("xử lý thay " + ", ".join(p.full_name for p in principals))
    if is_administrator_for_any(user):
        waiting = account_request_selectors.request_queue(
            user, status=AccountRequest.Status.SUBMITTED
        ).count()
        if waiting:
            parts.append(f"{waiting} đề nghị tài khoản chờ xử lý")
    # the documents waiting on them (registered by congvu.documents, read through the registry)
    for counter in registry.counters():
        if counter.key.startswith("documents."):
            parts += [
                f"{c.value} {str(c.label)[:1].lower()}{str(c.label)[1:]}"
                for c in counter.counts(user)
                if c.value
            ]
    unread = notification_selectors.unread_count(user)
    if unread:
        parts.append(f"{unread} thông báo mới")
    return ", ".join(p for p in parts if p) or "chưa có việc"


def showcase() -> list[tuple[str, str, str]]:
    """(kind, login name, what they find) for the personas of ``SHOWCASE`` that exist."""
    emails = [f"{key}@{EMAIL_DOMAIN}" for _, key in SHOWCASE]
    people = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    lines = []
    for kind, key in SHOWCASE:
        user = people.get(f"{key}@{EMAIL_DOMAIN}")
        if user is not None:
            lines.append((kind, user.username, what_they_find(user)))
    return lines
