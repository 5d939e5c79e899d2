"""Catalogue services: the legal rules (R-DT-1, R-DT-2, DOC-7, R-ID-1), audit, and who may write."""

import pytest

from congvu.catalogues import services
from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field, UrgencyLevel
from congvu.catalogues.selectors import CLASSIFIED_REFUSED, is_secret_level, refuse_if_secret
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent


def _events(action):
    return AuditEvent.objects.filter(action=action)


@pytest.mark.parametrize("abbr", ["CV", "cv", "Cv"])
def test_it_refuses_cv_as_an_abbreviation(province, abbr):
    with pytest.raises(Refused) as refused:
        services.document_type_save(
            entry=None, name="Văn bản khác", abbreviation=abbr, actor=province.quan_tri
        )
    assert refused.value.field == "abbreviation"
    assert "công văn không có chữ viết tắt" in refused.value.message
    assert not DocumentType.objects.filter(name="Văn bản khác").exists()


def test_it_refuses_an_abbreviation_for_cong_van_even_on_a_new_row(province):
    DocumentType.objects.filter(name="Công văn").delete()
    with pytest.raises(Refused) as refused:
        services.document_type_save(entry=None, name="Công văn", abbreviation="CVN", actor=province.quan_tri)
    assert refused.value.field == "abbreviation"
    saved = services.document_type_save(entry=None, name="Công văn", abbreviation="", actor=province.quan_tri)
    assert saved.abbreviation == ""


@pytest.mark.parametrize("abbr", ["QĐ", "qđ", "Qđ", "tTR"])
def test_it_refuses_an_abbreviation_already_used_whatever_its_case(province, abbr):
    with pytest.raises(Refused) as refused:
        services.document_type_save(entry=None, name="Loại mới", abbreviation=abbr, actor=province.quan_tri)
    assert refused.value.field == "abbreviation"


def test_it_tells_d_from_dj_and_keeps_the_case_typed(province):
    assert (
        DocumentType.objects.filter(abbreviation="DA").exists()
        and DocumentType.objects.filter(abbreviation="ĐA").exists()
    )
    saved = services.document_type_save(
        entry=None, name="Đề cương", abbreviation="ĐCg", actor=province.quan_tri
    )
    saved.refresh_from_db()
    assert saved.abbreviation == "ĐCg"


@pytest.mark.parametrize("abbr", ["Q-Đ", "QĐ 1", "QĐ/UB", "QĐ2", "ABCDEFGHIJK"])
def test_it_refuses_an_abbreviation_that_is_not_letters(province, abbr):
    with pytest.raises(Refused):
        services.document_type_save(entry=None, name="Loại mới", abbreviation=abbr, actor=province.quan_tri)


def test_it_creates_a_document_type_and_records_who_did_it(province):
    saved = services.document_type_save(
        entry=None, name="  Đề   cương ", abbreviation="ĐCg", sort_order=40, actor=province.quan_tri
    )
    assert saved.name == "Đề cương"
    event = _events("catalogues.documenttype.created").get()
    assert event.actor == province.quan_tri
    assert event.object_id == str(saved.pk)
    assert event.after == {"name": "Đề cương", "abbreviation": "ĐCg", "sort_order": 40}


def test_it_records_before_and_after_of_a_change(province):
    entry = services.document_type_save(
        entry=None, name="Đề cương", abbreviation="ĐCg", actor=province.quan_tri
    )
    services.document_type_save(
        entry=entry, name="Đề cương chi tiết", abbreviation="ĐCg", actor=province.quan_tri
    )
    event = _events("catalogues.documenttype.updated").get()
    assert event.before == {"name": "Đề cương"}
    assert event.after == {"name": "Đề cương chi tiết"}


def test_it_writes_nothing_when_nothing_changed(province):
    entry = DocumentType.objects.get(name="Tờ trình")
    services.document_type_save(
        entry=entry, name="Tờ trình", abbreviation="TTr", sort_order=entry.sort_order, actor=province.quan_tri
    )
    assert not _events("catalogues.documenttype.updated").exists()


@pytest.mark.parametrize(("field", "value"), [("name", "Quyết định cá biệt"), ("abbreviation", "QD")])
def test_legal_defaults_keep_their_name_and_abbreviation(province, field, value):
    entry = DocumentType.objects.get(name="Quyết định")
    values = {"name": entry.name, "abbreviation": entry.abbreviation, field: value}
    with pytest.raises(Refused) as refused:
        services.document_type_save(entry=entry, actor=province.quan_tri, **values)
    assert refused.value.field == field
    entry.refresh_from_db()
    assert (entry.name, entry.abbreviation) == ("Quyết định", "QĐ")


def test_a_legal_default_can_be_deactivated_but_not_deleted(province):
    entry = DocumentType.objects.get(name="Phiếu báo")
    with pytest.raises(Refused) as refused:
        services.entry_delete(entry=entry, actor=province.quan_tri)
    assert "không xóa được" in refused.value.message
    services.entry_set_active(entry=entry, active=False, actor=province.quan_tri)
    entry.refresh_from_db()
    assert entry.is_active is False
    event = _events("catalogues.documenttype.deactivated").get()
    assert event.before == {"is_active": True} and event.after == {"is_active": False}


def test_an_entry_made_by_mistake_can_be_deleted_and_the_deletion_is_recorded(province):
    entry = services.field_save(entry=None, name="Lĩnh vực nhầm", code="NHAM", actor=province.quan_tri)
    services.entry_delete(entry=entry, actor=province.quan_tri)
    assert not Field.objects.filter(name="Lĩnh vực nhầm").exists()
    event = _events("catalogues.field.deleted").get()
    assert event.before["name"] == "Lĩnh vực nhầm"


def test_a_secret_level_never_becomes_non_secret(province):
    mat = ConfidentialityLevel.objects.get(name="Mật")
    with pytest.raises(Refused) as refused:
        services.confidentiality_level_save(entry=mat, name="Mật", is_secret=False, actor=province.quan_tri)
    assert refused.value.field == "is_secret"
    custom = services.confidentiality_level_save(
        entry=None, name="Mật (nội bộ)", is_secret=True, actor=province.quan_tri
    )
    with pytest.raises(Refused):
        services.confidentiality_level_save(
            entry=custom, name="Mật (nội bộ)", is_secret=False, actor=province.quan_tri
        )
    assert ConfidentialityLevel.objects.get(pk=custom.pk).is_secret is True


@pytest.mark.parametrize("level", ["Mật", "tối mật", "TUYỆT MẬT", "toi mat"])
def test_refuse_if_secret_refuses_secret_levels_by_name(db, level):
    with pytest.raises(Refused) as refused:
        refuse_if_secret(level)
    assert refused.value.message == CLASSIFIED_REFUSED
    assert refused.value.message.startswith("Hệ thống không tiếp nhận văn bản, tài liệu có độ mật")


def test_refuse_if_secret_refuses_a_secret_level_object_and_accepts_thuong(db):
    with pytest.raises(Refused):
        refuse_if_secret(ConfidentialityLevel.objects.get(name="Tối mật"))
    refuse_if_secret(ConfidentialityLevel.objects.get(name="Thường"))
    refuse_if_secret("Thường")
    refuse_if_secret(None)
    assert is_secret_level(ConfidentialityLevel.objects.get(name="Mật").pk) is True


@pytest.mark.parametrize("priority", [4, 5, -1])
def test_it_refuses_urgency_codes_outside_nghi_dinh_30(province, priority):
    with pytest.raises(Refused) as refused:
        services.urgency_level_save(
            entry=None, name="Hỏa tốc hẹn giờ", edxml_priority=priority, actor=province.quan_tri
        )
    assert refused.value.field == "edxml_priority"


def test_it_refuses_an_urgency_code_already_used(province):
    UrgencyLevel.objects.filter(name="Hỏa tốc").delete()
    with pytest.raises(Refused):
        services.urgency_level_save(entry=None, name="Rất khẩn", edxml_priority=2, actor=province.quan_tri)


@pytest.mark.parametrize("code", ["H37.DN.001", "000.00.00.h29", "000.0.00.H29", "000.00.00.H2"])
def test_it_refuses_agency_codes_of_the_wrong_format(province, code):
    with pytest.raises(Refused) as refused:
        services.external_agency_save(
            entry=None, name="UBND tỉnh X", agency_code=code, actor=province.quan_tri
        )
    assert refused.value.field == "agency_code"
    assert not ExternalAgency.objects.filter(name="UBND tỉnh X").exists()


def test_it_refuses_an_agency_code_already_used_and_names_the_holder(province):
    with pytest.raises(Refused) as refused:
        services.external_agency_save(
            entry=None, name="Cơ quan khác", agency_code="000.00.00.G09", actor=province.quan_tri
        )
    assert "Bộ Nội vụ" in refused.value.message
    agency = services.external_agency_save(
        entry=None, name="UBND tỉnh Quảng Ninh", agency_code="000.00.00.H49", actor=province.quan_tri
    )
    assert agency.agency_code == "000.00.00.H49"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("quan_tri", True),
        ("chuyen_vien", False),
        ("giam_doc", False),
        ("van_thu", False),
        ("chu_tich", False),
    ],
)
def test_only_administrators_change_catalogues(province, persona, allowed):
    actor = getattr(province, persona)
    if allowed:
        services.field_save(entry=None, name="Thi đua – Khen thưởng", actor=actor)
        assert Field.objects.filter(name="Thi đua – Khen thưởng").exists()
    else:
        with pytest.raises(Refused):
            services.field_save(entry=None, name="Thi đua – Khen thưởng", actor=actor)
        with pytest.raises(Refused):
            services.entry_set_active(entry=Field.objects.get(name="Y tế"), active=False, actor=actor)
        assert not Field.objects.filter(name="Thi đua – Khen thưởng").exists()
        assert Field.objects.get(name="Y tế").is_active


def test_it_refuses_an_empty_or_duplicate_name(province):
    with pytest.raises(Refused) as refused:
        services.field_save(entry=None, name="   ", actor=province.quan_tri)
    assert refused.value.field == "name"
    with pytest.raises(Refused):
        services.field_save(entry=None, name="y tế", actor=province.quan_tri)
