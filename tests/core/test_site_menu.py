"""The layout's bell and menu (``core/templatetags/site_menu.py``): the unread count on the bell, in
the reader's language; the current module marked; a module's lazy badge fetched by htmx."""

from __future__ import annotations

from django.urls import reverse

from congvu.notifications.services import notify


def _header(page) -> str:
    return page.content.decode().split("</header>")[0]


def test_the_bell_counts_the_unread_notifications(province, signed_in):
    client = signed_in(province.chuyen_vien)
    assert 'aria-label="Thông báo">' in _header(client.get(reverse("assignments:mine")))
    notify(recipients=[province.chuyen_vien], title="Có việc mới", email=False)
    notify(recipients=[province.chuyen_vien], title="Có việc mới nữa", email=False)
    header = _header(client.get(reverse("assignments:mine")))
    bell = header[header.index('<a class="topbar-notes"') :].split("</a>")[0]
    assert f'href="{reverse("notifications:inbox")}"' in bell
    assert 'aria-label="Thông báo: 2 chưa đọc"' in bell and '<span class="badge">2</span>' in bell


def test_the_bell_speaks_the_readers_language(province, signed_in):
    client = signed_in(province.chuyen_vien)
    notify(recipients=[province.chuyen_vien], title="Có việc mới", email=False)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'aria-label="Notifications: 1 unread"' in _header(client.get(reverse("assignments:mine")))


def test_the_current_module_is_marked_and_only_it(province, signed_in):
    client = signed_in(province.chuyen_vien)
    menu = _header(client.get(reverse("assignments:mine"))).split('id="main-nav"')[1]
    assert menu.count('aria-current="page"') == 1
    current = menu[: menu.index('aria-current="page"')].rsplit("<a ", 1)[1]
    assert f'href="{reverse("assignments:mine")}"' in current
    home_menu = _header(client.get(reverse("home"))).split('id="main-nav"')[1]
    assert home_menu.count('aria-current="page"') == 1
    assert f'<a href="{reverse("home")}" aria-current="page">' in home_menu


def test_a_lazy_badge_is_fetched_in_the_background(province, signed_in):
    menu = _header(signed_in(province.chuyen_vien).get(reverse("home"))).split('id="main-nav"')[1]
    badge = (
        f'<span class="nav-badge" hx-get="{reverse("collaboration:chat_badge")}" hx-trigger="load, every 30s"'
    )
    assert badge in menu
    assert 'hx-headers=\'{"X-Congvu-Background": "1"}\'' in menu
