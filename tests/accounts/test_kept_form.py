"""Nothing typed is lost to a sign-in ("A civil servant's working day": session time-out).

A form sent after the idle limit — or after the session ended otherwise — keeps its fields in the
fresh session, sends the person to sign in with the reason and the page of the form as ``next``,
and that page carries the fields once the same person is back. An address that only takes POST is
never a page to land on; the API answers 401 in JSON.
"""

from __future__ import annotations

import json
import re
import time

from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from congvu.accounts.middleware import SESSION_KEPT_FORM, SESSION_LAST_SEEN
from congvu.assignments.models import ProgressReport
from congvu.core.models import AuditEvent
from tests.accounts.test_sign_in import LOGIN, sign_in
from tests.assignments.screen_helpers import give
from tests.conftest import PASSWORD

TEXT = "Đã làm việc với 3/5 phòng; còn Phòng Ngân sách và Văn phòng."


def _idle(client, minutes: float) -> None:
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - minutes * 60
    session.save()


def _kept(response) -> dict | None:
    found = re.search(
        r'<script id="kept-form" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(found.group(1)) if found else None


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _report(client, item, *, referer=True, **extra):
    page = f"http://testserver/cong-viec/{item.pk}/"
    headers = {"HTTP_REFERER": page} if referer else {}
    data = {"report-percent": "60", "report-text": TEXT, **extra}
    return client.post(reverse("assignments:progress_report", args=[item.pk]), data, **headers)


def test_a_report_sent_after_the_idle_limit_comes_back_after_signing_in(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    page = f"/cong-viec/{item.pk}/"
    sign_in(client, "minhnv")
    assert client.get(page).status_code == 200
    _idle(client, 16)

    response = _report(client, item)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=%2Fcong-viec%2F{item.pk}%2F"
    signin_page = client.get(response.url)
    reason = " ".join(_messages(signin_page))
    assert "Phiên làm việc đã hết hạn sau 15 phút không thao tác" in reason
    assert "được giữ lại" in reason
    assert not ProgressReport.objects.exists()
    out = AuditEvent.objects.filter(action="accounts.sign_out").latest("id")
    assert out.note == "idle"
    kept = client.session[SESSION_KEPT_FORM]
    assert kept["owner"] == province.chuyen_vien.pk and kept["page"] == page

    back = client.post(LOGIN + f"?next={page}", {"username": "minhnv", "password": PASSWORD, "next": page})
    assert back.status_code == 302 and back.url == page
    shown = client.get(page)
    assert _kept(shown) == {
        "action": f"/cong-viec/{item.pk}/bao-cao-tien-do/",
        "fields": [["report-percent", "60"], ["report-text", TEXT]],
        "files": False,
    }
    assert "Nội dung bạn đã nhập được giữ lại; hãy kiểm tra và gửi lại." in shown.content.decode()
    assert _kept(client.get(page)) is None  # shown once
    assert SESSION_KEPT_FORM not in client.session


def test_another_person_signing_in_on_that_browser_never_sees_it(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    sign_in(client, "minhnv")
    _idle(client, 16)
    _report(client, item)
    assert SESSION_KEPT_FORM in client.session
    sign_in(client, "sonbt")  # the head of the division, who also sees the item
    shown = client.get(f"/cong-viec/{item.pk}/")
    assert shown.status_code == 200 and _kept(shown) is None
    assert TEXT not in shown.content.decode()
    assert SESSION_KEPT_FORM not in client.session


def test_passwords_tokens_and_files_are_never_kept_and_the_size_is_bounded(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    sign_in(client, "minhnv")
    _idle(client, 16)
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 thu", content_type="application/pdf")
    response = _report(
        client, item, password="bí mật", new_password1="x", token="123456", **{"report-files": upload}
    )
    kept = client.session[SESSION_KEPT_FORM]
    assert {name for name, _value in kept["fields"]} == {"report-percent", "report-text"}
    assert kept["files"] is True  # the page asks to choose them again
    assert "được giữ lại" in " ".join(_messages(client.get(response.url)))

    sign_in(client, "minhnv")
    _idle(client, 16)
    response = _report(client, item, **{"report-text": "x" * (64 * 1024 + 1)})
    assert response.status_code == 302 and SESSION_KEPT_FORM not in client.session
    assert "được giữ lại" not in " ".join(_messages(client.get(response.url)))


def test_a_form_from_another_site_is_not_kept(province):
    item = give(province.truong_phong, province.chuyen_vien)
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    client.post(LOGIN, {"username": "minhnv", "password": PASSWORD, "csrfmiddlewaretoken": token})
    _idle(client, 16)
    response = _report(client, item)  # no CSRF token
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert SESSION_KEPT_FORM not in client.session


def test_a_report_sent_after_the_session_was_purged_comes_back_too(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    page = f"/cong-viec/{item.pk}/"
    sign_in(client, "minhnv")
    Session.objects.all().delete()  # purged, or past its age: the browser still holds the old cookie

    response = _report(client, item)
    assert response.status_code == 302 and response.url == f"{LOGIN}?next=%2Fcong-viec%2F{item.pk}%2F"
    assert "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại." in " ".join(
        _messages(client.get(response.url))
    )
    sign_in(client, "minhnv")
    assert _kept(client.get(page))["fields"] == [["report-percent", "60"], ["report-text", TEXT]]


def test_without_a_referer_the_page_is_the_one_above_the_address(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    sign_in(client, "minhnv")
    _idle(client, 16)
    response = _report(client, item, referer=False)
    assert response.url == f"{LOGIN}?next=%2Fcong-viec%2F{item.pk}%2F"


def test_an_address_that_only_takes_post_leads_to_its_page(province, signed_in):
    item = give(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.chuyen_vien)
    response = client.get(f"/cong-viec/{item.pk}/bao-cao-tien-do/")
    assert response.status_code == 302 and response.url == f"/cong-viec/{item.pk}/"
    response = client.get(f"/cong-viec/{item.pk}/gia-han/7/")
    assert response.status_code == 302 and response.url == f"/cong-viec/{item.pk}/"
    assert client.get("/tai-khoan/dang-xuat/").url == "/"
    assert client.get(f"/api/v1/assignments/{item.pk}/progress").status_code == 405


def test_the_api_answers_401_in_json_after_the_idle_limit(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    sign_in(client, "minhnv")
    client.get("/")
    _idle(client, 16)
    response = client.post(
        f"/api/v1/assignments/{item.pk}/progress",
        {"percent": 60, "text": TEXT},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"]
    assert not ProgressReport.objects.exists()


def test_an_htmx_request_after_the_idle_limit_sends_the_whole_page_to_sign_in(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    sign_in(client, "minhnv")
    _idle(client, 16)
    response = client.post(
        f"/cong-viec/{item.pk}/dau-viec/1/",
        {"done": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_REFERER=f"http://testserver/cong-viec/{item.pk}/",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next=%2Fcong-viec%2F{item.pk}%2F"


def test_an_htmx_request_without_a_session_sends_the_whole_page_to_sign_in(province, client):
    item = give(province.truong_phong, province.chuyen_vien)
    response = client.get(
        f"/cong-viec/giao-viec/han/?ngay=5&bat_dau={item.start_date}", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Redirect"].startswith(LOGIN)
