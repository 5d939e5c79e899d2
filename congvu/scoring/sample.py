"""The sample provincial criteria tree of standards §6.3, for the demo and the tests.

The eight areas and their maxima are those of QĐ 2948/QĐ-BNV (100 points). Area 1's inner levels
are the standards' illustrative ones; the criteria of areas 2–8 are invented in the same spirit,
to exercise every scoring method. None of the inner names or points is official.
"""

from __future__ import annotations

from congvu.scoring.services import NodeInput

# code, name, max points, method, extra (tiers | deduction step), evidence required
ROWS: tuple[tuple[str, str, str, str, object, bool], ...] = (
    ("1", "Công tác chỉ đạo, điều hành CCHC", "10.00", "manual", None, False),
    ("1.1", "Kế hoạch CCHC năm", "2.00", "manual", None, False),
    ("1.1.1", "Ban hành kịp thời (đúng hạn)", "0.50", "binary", None, True),
    ("1.1.2", "Xác định đầy đủ nhiệm vụ, có sản phẩm cụ thể", "0.50", "binary", None, False),
    ("1.1.3", "Mức độ hoàn thành kế hoạch", "1.00", "tiered", ("1.00", "0.50", "0"), True),
    ("1.2", "Báo cáo CCHC (đủ số lượng, đúng hạn)", "1.00", "deduction", "0.25", False),
    ("1.3", "Kiểm tra công tác CCHC", "2.00", "proportional", None, True),
    ("1.4", "Công tác tuyên truyền CCHC", "1.00", "manual", None, False),
    ("1.5", "Sáng kiến, giải pháp mới", "1.00", "manual", None, False),
    (
        "1.6",
        "Điều tra XHH: đánh giá của lãnh đạo, quản lý về chỉ đạo điều hành",
        "3.00",
        "survey",
        None,
        False,
    ),
    ("2", "Xây dựng và tổ chức thực hiện văn bản QPPL tại tỉnh", "10.00", "manual", None, False),
    ("2.1", "Ban hành văn bản QPPL", "3.00", "manual", None, False),
    ("2.1.1", "Ban hành đúng kế hoạch", "1.50", "manual", None, True),
    ("2.1.2", "Đúng trình tự, thủ tục", "1.50", "binary", None, False),
    ("2.2", "Kiểm tra, rà soát văn bản QPPL", "3.00", "proportional", None, False),
    ("2.3", "Theo dõi thi hành pháp luật", "2.00", "manual", None, False),
    ("2.4", "Điều tra XHH: chất lượng văn bản QPPL", "2.00", "survey", None, False),
    ("3", "Cải cách thủ tục hành chính", "14.50", "manual", None, False),
    ("3.1", "Công khai thủ tục hành chính", "3.00", "binary", None, True),
    ("3.2", "Thực hiện cơ chế một cửa, một cửa liên thông", "4.00", "manual", None, False),
    ("3.2.1", "Tỷ lệ thủ tục giải quyết qua một cửa", "2.00", "proportional", None, False),
    ("3.2.2", "Bố trí công chức tại bộ phận một cửa", "2.00", "manual", None, False),
    ("3.3", "Giải quyết hồ sơ đúng hạn", "4.00", "proportional", None, True),
    ("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị", "1.50", "deduction", "0.50", False),
    ("3.5", "Điều tra XHH: sự phục vụ của bộ phận một cửa", "2.00", "survey", None, False),
    ("4", "Cải cách tổ chức bộ máy hành chính", "11.00", "manual", None, False),
    ("4.1", "Sắp xếp tổ chức bộ máy theo quy định", "3.00", "binary", None, False),
    ("4.2", "Quản lý, sử dụng biên chế", "3.00", "manual", None, True),
    ("4.3", "Phân cấp quản lý", "2.00", "manual", None, False),
    ("4.4", "Điều tra XHH: tổ chức bộ máy", "3.00", "survey", None, False),
    ("5", "Xây dựng và nâng cao chất lượng đội ngũ CCVC", "16.00", "manual", None, False),
    ("5.1", "Xác định vị trí việc làm", "3.00", "binary", None, False),
    ("5.2", "Tuyển dụng công chức, viên chức", "3.00", "manual", None, True),
    ("5.3", "Đánh giá, xếp loại công chức, viên chức", "3.00", "manual", None, False),
    ("5.4", "Đào tạo, bồi dưỡng theo kế hoạch", "3.00", "proportional", None, False),
    ("5.5", "Kỷ luật, kỷ cương hành chính", "2.00", "deduction", "0.50", False),
    ("5.6", "Điều tra XHH: đội ngũ công chức", "2.00", "survey", None, False),
    ("6", "Cải cách tài chính công", "7.00", "manual", None, False),
    ("6.1", "Giao quyền tự chủ cho đơn vị sự nghiệp", "3.00", "manual", None, False),
    ("6.2", "Quản lý, sử dụng tài sản công", "2.00", "binary", None, False),
    ("6.3", "Thực hành tiết kiệm, chống lãng phí", "2.00", "manual", None, False),
    ("7", "Hiện đại hóa hành chính", "16.00", "manual", None, False),
    ("7.1", "Ứng dụng công nghệ thông tin", "4.00", "manual", None, False),
    ("7.1.1", "Tỷ lệ văn bản điện tử gửi, nhận", "2.00", "proportional", None, False),
    ("7.1.2", "Hệ thống quản lý văn bản và điều hành liên thông", "2.00", "binary", None, False),
    ("7.2", "Dịch vụ công trực tuyến toàn trình", "4.00", "proportional", None, True),
    ("7.3", "Áp dụng ISO 9001", "3.00", "binary", None, False),
    ("7.4", "Hệ thống thông tin một cửa điện tử", "3.00", "manual", None, False),
    ("7.5", "Điều tra XHH: hiện đại hóa hành chính", "2.00", "survey", None, False),
    ("8", "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH", "15.50", "manual", None, False),
    ("8.1", "Mức độ hài lòng của người dân, tổ chức", "6.00", "survey", None, False),
    ("8.2", "Tác động đến quản lý nhà nước", "5.00", "survey", None, False),
    ("8.3", "Tác động đến phát triển kinh tế – xã hội", "4.50", "survey", None, False),
)

GUIDANCE = {
    "1.1.3": "100% nhiệm vụ hoàn thành: 1 điểm; từ 80% đến dưới 100%: 0,5 điểm; dưới 80%: 0 điểm.",
    "1.2": "Trừ 0,25 điểm cho mỗi báo cáo chậm hoặc thiếu; không thấp hơn 0.",
    "1.3": "Số đơn vị đã kiểm tra / số đơn vị theo kế hoạch × 2 điểm.",
}


def sample_nodes() -> list[NodeInput]:
    nodes = []
    for code, name, points, method, extra, evidence in ROWS:
        nodes.append(
            NodeInput(
                code=code,
                name=name,
                max_points=points,
                method=method,
                tiers=tuple(extra) if method == "tiered" else (),  # type: ignore[arg-type]
                deduction_step=extra if method == "deduction" else None,
                guidance=GUIDANCE.get(code, ""),
                evidence_required=evidence,
            )
        )
    return nodes
