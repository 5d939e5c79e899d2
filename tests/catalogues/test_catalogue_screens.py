"""Catalogue screens: everyone signed in reads, administrators change (ADM-1)."""

import pytest

from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field
from congvu.core.models import AuditEvent

SLUGS = ["loai-van-ban", "linh-vuc", "do-khan", "do-mat", "co-quan-ngoai"]


@pytest.mark.parametrize("slug", SLUGS)
def test_an_officer_reads_every_catalogue_without_edit_buttons(province, signed_in, slug):
    client = signed_in(province.chuyen_vien)
    response = client.get(f"/danh-muc/{slug}/")
    assert response.status_code == 200
    assert f"/danh-muc/{slug}/them/" not in response.content.decode()


def test_the_document_type_list_shows_the_exact_abbreviations(province, signed_in):
    body = signed_in(province.chuyen_vien).get("/danh-muc/loai-van-ban/").content.decode()
    assert "<code>QyĐ</code>" in body and "<code>TrS</code>" in body
    assert "Công văn" in body


def test_the_index_lists_the_five_catalogues(province, signed_in):
    body = signed_in(province.chuyen_vien).get("/danh-muc/").content.decode()
    for slug in SLUGS:
        assert f"/danh-muc/{slug}/" in body


def test_it_sends_strangers_to_sign_in(client, db):
    response = client.get("/danh-muc/loai-van-ban/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/danh-muc/linh-vuc/them/"),
        ("post", "/danh-muc/linh-vuc/them/"),
        ("get", "/danh-muc/linh-vuc/{pk}/sua/"),
        ("post", "/danh-muc/linh-vuc/{pk}/trang-thai/"),
        ("post", "/danh-muc/linh-vuc/{pk}/xoa/"),
    ],
)
def test_it_forbids_changes_to_non_administrators(province, signed_in, method, path):
    field = Field.objects.get(name="Y tế")
    client = signed_in(province.giam_doc)
    response = getattr(client, method)(path.format(pk=field.pk), {"name": "Lĩnh vực lạ", "active": "0"})
    assert response.status_code == 403
    field.refresh_from_db()
    assert field.is_active and Field.objects.filter(name="Y tế").exists()
    assert not Field.objects.filter(name="Lĩnh vực lạ").exists()


def test_the_administrator_adds_a_field(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.post(
        "/danh-muc/linh-vuc/them/", {"name": "Thi đua – Khen thưởng", "code": "TĐKT", "sort_order": "20"}
    )
    assert response.status_code == 302
    assert Field.objects.get(name="Thi đua – Khen thưởng").code == "TĐKT"
    assert AuditEvent.objects.filter(action="catalogues.field.created", actor=province.quan_tri).exists()


def test_the_administrator_is_told_why_cv_is_refused_and_nothing_is_saved(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.post(
        "/danh-muc/loai-van-ban/them/", {"name": "Công văn hành chính", "abbreviation": "CV"}
    )
    assert response.status_code == 400
    assert "công văn không có chữ viết tắt" in response.content.decode()
    assert not DocumentType.objects.filter(name="Công văn hành chính").exists()


def test_legal_defaults_show_locked_fields_and_ignore_posted_changes(province, signed_in):
    entry = DocumentType.objects.get(name="Quy định")
    client = signed_in(province.quan_tri)
    page = client.get(f"/danh-muc/loai-van-ban/{entry.pk}/sua/").content.decode()
    assert "disabled" in page
    response = client.post(
        f"/danh-muc/loai-van-ban/{entry.pk}/sua/",
        {"name": "Quy định mới", "abbreviation": "QD", "sort_order": "99"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.name, entry.abbreviation, entry.sort_order) == ("Quy định", "QyĐ", 99)


def test_the_administrator_deactivates_and_reactivates(province, signed_in):
    agency = ExternalAgency.objects.get(name="Bộ Tài chính")
    client = signed_in(province.quan_tri)
    client.post(f"/danh-muc/co-quan-ngoai/{agency.pk}/trang-thai/", {"active": "0"})
    agency.refresh_from_db()
    assert agency.is_active is False
    listed = [entry.name for entry, _ in client.get("/danh-muc/co-quan-ngoai/").context["rows"]]
    assert "Bộ Tài chính" not in listed
    listed = [entry.name for entry, _ in client.get("/danh-muc/co-quan-ngoai/?inactive=on").context["rows"]]
    assert "Bộ Tài chính" in listed
    client.post(f"/danh-muc/co-quan-ngoai/{agency.pk}/trang-thai/", {"active": "1"})
    agency.refresh_from_db()
    assert agency.is_active is True


def test_deleting_a_legal_default_is_refused_with_a_message(province, signed_in):
    level = ConfidentialityLevel.objects.get(name="Mật")
    client = signed_in(province.quan_tri)
    response = client.post(f"/danh-muc/do-mat/{level.pk}/xoa/", follow=True)
    assert "không xóa được" in response.content.decode()
    assert ConfidentialityLevel.objects.filter(pk=level.pk).exists()


def test_a_secret_level_shows_its_mark_locked(province, signed_in):
    level = ConfidentialityLevel.objects.get(name="Tối mật")
    page = signed_in(province.quan_tri).get(f"/danh-muc/do-mat/{level.pk}/sua/").content.decode()
    assert 'name="is_secret"' in page and "disabled" in page


def test_unknown_catalogue_or_entry_is_not_found(province, signed_in):
    client = signed_in(province.quan_tri)
    assert client.get("/danh-muc/khong-co/").status_code == 404
    assert client.get("/danh-muc/linh-vuc/999999/sua/").status_code == 404


@pytest.mark.parametrize("rows", [10, 120])
def test_the_list_query_count_does_not_grow_with_rows(
    province, signed_in, django_assert_max_num_queries, rows
):
    ExternalAgency.objects.bulk_create(ExternalAgency(name=f"UBND xã số {i:03d}") for i in range(rows))
    client = signed_in(province.quan_tri)
    client.get("/danh-muc/co-quan-ngoai/")  # warm the session and per-user caches
    with django_assert_max_num_queries(12):
        response = client.get("/danh-muc/co-quan-ngoai/")
    assert response.status_code == 200


def test_the_list_pages_with_a_cursor(province, signed_in, settings):
    ExternalAgency.objects.bulk_create(ExternalAgency(name=f"UBND xã số {i:03d}") for i in range(70))
    client = signed_in(province.chuyen_vien)
    first = client.get("/danh-muc/co-quan-ngoai/?q=UBND xã số")
    page = first.context["page"]
    assert len(page.items) == settings.PAGE_SIZE and page.has_next
    second = client.get(f"/danh-muc/co-quan-ngoai/?q=UBND xã số&sau={page.next_cursor}")
    names = [e.name for e in page.items] + [e.name for e in second.context["page"].items]
    assert len(names) == 70 == len(set(names))
