"""The catalogues start with the legal defaults (ADM-1; standards §2.1, §2.5, §1.2, §1.4)."""

from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field, UrgencyLevel

NGHI_DINH_30 = {
    "Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC", "Quy định": "QyĐ",
    "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr", "Kế hoạch": "KH",
    "Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC", "Biên bản": "BB", "Tờ trình": "TTr",
    "Hợp đồng": "HĐ", "Công văn": "", "Công điện": "CĐ", "Bản ghi nhớ": "BGN", "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ", "Giấy mời": "GM", "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG", "Phiếu chuyển": "PC", "Phiếu báo": "PB", "Thư công": "",
}  # fmt: skip


def test_it_loads_the_29_document_types_of_nghi_dinh_30_with_exact_abbreviations(db):
    stored = dict(DocumentType.objects.filter(name__in=NGHI_DINH_30).values_list("name", "abbreviation"))
    assert len(NGHI_DINH_30) == 29
    assert stored == NGHI_DINH_30
    assert DocumentType.objects.filter(is_legal_default=True).count() == 32


def test_it_loads_the_three_copy_forms(db):
    copies = dict(DocumentType.objects.filter(name__startswith="Bản sao").values_list("name", "abbreviation"))
    assert copies == {"Bản sao y": "SY", "Bản sao lục": "SL"}
    assert DocumentType.objects.get(name="Bản trích sao").abbreviation == "TrS"


def test_quy_dinh_keeps_its_mixed_case_and_unicode_d(db):
    abbr = DocumentType.objects.get(name="Quy định").abbreviation
    assert abbr == "QyĐ" and "\u0110" in abbr  # R-DT-2
    assert not DocumentType.objects.filter(abbreviation__in=["CV", "QYĐ", "QyD"]).exists()


def test_it_loads_urgency_levels_with_edxml_priority(db):
    levels = list(UrgencyLevel.objects.order_by("edxml_priority").values_list("name", "edxml_priority"))
    assert levels == [("Thường", 0), ("Khẩn", 1), ("Thượng khẩn", 2), ("Hỏa tốc", 3)]


def test_it_loads_confidentiality_levels_with_only_thuong_accepted(db):
    levels = dict(ConfidentialityLevel.objects.values_list("name", "is_secret"))
    assert levels == {"Thường": False, "Mật": True, "Tối mật": True, "Tuyệt mật": True}


def test_it_loads_common_fields_and_central_agencies(db):
    assert Field.objects.count() >= 12
    assert Field.objects.filter(name="Tài chính – Ngân sách").exists()
    codes = dict(ExternalAgency.objects.values_list("name", "agency_code"))
    assert codes["Văn phòng Chính phủ"] == "000.00.00.G22"
    assert codes["Bộ Nội vụ"] == "000.00.00.G09"
    assert codes["Bộ Tài chính"] == "000.00.00.G12"
    assert codes["Bộ Thông tin và Truyền thông"] == ""
