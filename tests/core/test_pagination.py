"""Keyset pagination: every row exactly once, in order, one query per page, bad cursors harmless."""

from congvu.core.pagination import keyset_page
from congvu.notifications.models import Notification


def test_pages_cover_every_row_once_in_order(province, django_assert_num_queries):
    user = province.chuyen_vien
    Notification.objects.bulk_create([Notification(recipient=user, title=f"Việc {i}") for i in range(23)])
    seen, cursor = [], None
    while True:
        with django_assert_num_queries(1):
            page = keyset_page(
                Notification.objects.filter(recipient=user), order=("-id",), after=cursor, size=10
            )
        seen.extend(n.pk for n in page.items)
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 23


def test_a_composite_order_breaks_ties_by_id(province):
    user = province.chuyen_vien
    Notification.objects.bulk_create(
        [Notification(recipient=user, title=t) for t in ["b", "a", "b", "a", "c"]]
    )
    qs = Notification.objects.filter(recipient=user)
    first = keyset_page(qs, order=("title", "id"), after=None, size=2)
    second = keyset_page(qs, order=("title", "id"), after=first.next_cursor, size=2)
    third = keyset_page(qs, order=("title", "id"), after=second.next_cursor, size=2)
    titles = [n.title for n in first.items + second.items + third.items]
    assert titles == ["a", "a", "b", "b", "c"]
    assert not third.has_next


def test_a_garbled_cursor_starts_from_the_beginning(province):
    user = province.chuyen_vien
    Notification.objects.create(recipient=user, title="x")
    page = keyset_page(
        Notification.objects.filter(recipient=user), order=("-id",), after="%%%garbage", size=5
    )
    assert [n.title for n in page.items] == ["x"]
