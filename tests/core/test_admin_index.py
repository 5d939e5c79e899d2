"""The "Quản trị" landing page: administrators only, with a link to every administration screen."""

import pytest


def test_the_administrator_sees_every_administration_screen(province, signed_in):
    response = signed_in(province.quan_tri).get("/quan-tri/")
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ("Tổ chức và tài khoản", "Danh mục và lịch", "Giám sát"):
        assert heading in body
    for path in (
        "/tai-khoan/quan-tri/",
        "/tai-khoan/de-nghi/",
        "/to-chuc/don-vi/",
        "/to-chuc/chuc-vu/",
        "/to-chuc/uy-quyen/",
        "/quan-tri/lich/",
        "/danh-muc/",
        "/quan-tri/nhat-ky/",
    ):
        assert f'href="{path}' in body, path
    assert "/django-admin/" not in body  # a unit administrator is not a system administrator


def test_a_system_administrator_also_gets_the_django_admin(province, signed_in):
    province.quan_tri.is_staff = True
    province.quan_tri.save(update_fields=["is_staff"])
    body = signed_in(province.quan_tri).get("/quan-tri/").content.decode()
    assert 'href="/django-admin/"' in body


@pytest.mark.parametrize("persona", ["chuyen_vien", "truong_phong", "giam_doc", "van_thu", "chu_tich"])
def test_others_are_forbidden(province, signed_in, persona):
    assert signed_in(getattr(province, persona)).get("/quan-tri/").status_code == 403
