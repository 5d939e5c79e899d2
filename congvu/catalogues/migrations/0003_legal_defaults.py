"""The legal defaults of the catalogues (ADM-1), loaded once; administrators edit from there.

- Document types: the 29 types of Nghị định 30/2020 Art. 7 with the abbreviations of Phụ lục III, and
  the three copy forms (standards §2.1). "Công văn" and "Thư công" have none (R-DT-1); mixed case
  such as QyĐ, CTr, TTr, TrS is kept exactly (R-DT-2). "Nghị quyết" and "Quyết định" are the
  individual (cá biệt) ones: normative legal documents are outside Nghị định 30.
- Urgency levels with their edXML Priority codes (standards §1.4, §2.5).
- Confidentiality levels: only "Thường" may enter the system; the secret ones are listed so that
  forms can name them and refuse them (DOC-7).
- A dozen common fields (lĩnh vực) and a few central agencies with their codes (standards §1.2).
  These are examples, not law: the agency may edit or remove them.

Rows are matched by name, so running the migration on a database that already has some of them
neither duplicates nor overwrites them.
"""

from django.db import migrations

DOCUMENT_TYPES = [
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Quy chế", "QC"),
    ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"),
    ("Thông báo", "TB"),
    ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"),
    ("Phương án", "PA"),
    ("Đề án", "ĐA"),
    ("Dự án", "DA"),
    ("Báo cáo", "BC"),
    ("Biên bản", "BB"),
    ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"),
    ("Công văn", ""),
    ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"),
    ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"),
    ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"),
    ("Phiếu gửi", "PG"),
    ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    ("Thư công", ""),
    # Copies (Phụ lục III, section I, last row)
    ("Bản sao y", "SY"),
    ("Bản trích sao", "TrS"),
    ("Bản sao lục", "SL"),
]

URGENCY_LEVELS = [("Thường", 0), ("Khẩn", 1), ("Thượng khẩn", 2), ("Hỏa tốc", 3)]

CONFIDENTIALITY_LEVELS = [("Thường", False), ("Mật", True), ("Tối mật", True), ("Tuyệt mật", True)]

FIELDS = [
    ("Tổ chức cán bộ", "TCCB"),
    ("Tài chính – Ngân sách", "TCNS"),
    ("Kế hoạch – Đầu tư", "KHĐT"),
    ("Giáo dục – Đào tạo", "GDĐT"),
    ("Y tế", "YT"),
    ("Văn hóa – Thể thao – Du lịch", "VHTTDL"),
    ("Thông tin – Truyền thông", "TTTT"),
    ("Tài nguyên – Môi trường", "TNMT"),
    ("Nông nghiệp – Phát triển nông thôn", "NNPTNT"),
    ("Giao thông – Xây dựng", "GTXD"),
    ("Nội chính – Pháp chế", "NCPC"),
    ("Cải cách hành chính", "CCHC"),
    ("Lao động – Thương binh – Xã hội", "LĐTBXH"),
    ("Khoa học – Công nghệ", "KHCN"),
]

# Codes from QĐ 09/2025/QĐ-TTg as listed in standards §1.2. Bộ Thông tin và Truyền thông is not in
# that list (it was merged into Bộ Khoa học và Công nghệ in 2025): kept without a code, not in use,
# so that older correspondence can still name it.
EXTERNAL_AGENCIES = [
    ("Văn phòng Chính phủ", "000.00.00.G22", True),
    ("Bộ Nội vụ", "000.00.00.G09", True),
    ("Bộ Tài chính", "000.00.00.G12", True),
    ("Bộ Khoa học và Công nghệ", "000.00.00.G06", True),
    ("Bộ Tư pháp", "000.00.00.G15", True),
    ("Bộ Thông tin và Truyền thông", "", False),
]


def load(apps, schema_editor):
    DocumentType = apps.get_model("catalogues", "DocumentType")
    UrgencyLevel = apps.get_model("catalogues", "UrgencyLevel")
    ConfidentialityLevel = apps.get_model("catalogues", "ConfidentialityLevel")
    Field = apps.get_model("catalogues", "Field")
    ExternalAgency = apps.get_model("catalogues", "ExternalAgency")

    for order, (name, abbreviation) in enumerate(DOCUMENT_TYPES, start=1):
        row, created = DocumentType.objects.get_or_create(
            name=name, defaults={"abbreviation": abbreviation, "sort_order": order, "is_legal_default": True}
        )
        if not created and not row.is_legal_default:
            row.is_legal_default = True
            row.save(update_fields=["is_legal_default"])
    for name, priority in URGENCY_LEVELS:
        if not UrgencyLevel.objects.filter(edxml_priority=priority).exists():
            UrgencyLevel.objects.get_or_create(
                name=name, defaults={"edxml_priority": priority, "is_legal_default": True}
            )
    for order, (name, secret) in enumerate(CONFIDENTIALITY_LEVELS, start=1):
        ConfidentialityLevel.objects.get_or_create(
            name=name, defaults={"is_secret": secret, "sort_order": order, "is_legal_default": True}
        )
    for order, (name, code) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(name=name, defaults={"code": code, "sort_order": order})
    for name, code, active in EXTERNAL_AGENCIES:
        if code and ExternalAgency.objects.filter(agency_code=code).exists():
            continue
        if not ExternalAgency.objects.filter(name=name).exists():
            ExternalAgency.objects.create(name=name, agency_code=code, is_active=active)


class Migration(migrations.Migration):
    dependencies = [("catalogues", "0002_legal_default_and_active_flags")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
