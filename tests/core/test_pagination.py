"""Keyset pagination: every row exactly once, in order, one query per page, crafted cursors refused as invalid input."""

import datetime as dt

import hypothesis
import pytest
from hypothesis import strategies as st

from congvu.core.decisions import Refused
from congvu.core.pagination import _encode, keyset_merge, keyset_page
from congvu.notifications.models import Notification

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat)
)


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


def pages(read, size):
    seen, cursor = [], None
    while True:
        page = read(cursor, size)
        seen.append([n.pk for n in page.items])
        if not page.has_next:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [1, 3, 7, 40])
def test_a_merge_of_two_parts_pages_like_one_query_over_both(province, django_assert_num_queries, size):
    mine, theirs = province.chuyen_vien, province.truong_phong
    start = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    made = Notification.objects.bulk_create(
        [Notification(recipient=mine if i % 3 else theirs, title=f"Việc {i}") for i in range(20)]
    )
    for i, n in enumerate(made):  # ties on the time across both parts, broken by the id
        Notification.objects.filter(pk=n.pk).update(created_at=start + dt.timedelta(hours=i % 4))
    parts = [Notification.objects.filter(recipient=mine), Notification.objects.filter(recipient=theirs)]
    both = Notification.objects.filter(recipient__in=[mine, theirs])
    order = ("-created_at", "id")
    merged = pages(lambda after, n: keyset_merge(parts, order=order, after=after, size=n), size)
    plain = pages(lambda after, n: keyset_page(both, order=order, after=after, size=n), size)
    assert merged == plain and sum(len(p) for p in merged) == 20
    with django_assert_num_queries(2):  # one per part
        keyset_merge(parts, order=order, after=None, size=size)


def test_a_merge_ordered_by_a_column_that_may_be_empty_reads_one_query(province, django_assert_num_queries):
    mine, theirs = province.chuyen_vien, province.truong_phong
    Notification.objects.bulk_create(
        [Notification(recipient=mine if i % 2 else theirs, title=f"Việc {i}") for i in range(6)]
    )
    Notification.objects.filter(recipient=mine).update(read_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    parts = [Notification.objects.filter(recipient=mine), Notification.objects.filter(recipient=theirs)]
    both = Notification.objects.filter(recipient__in=[mine, theirs])
    order = ("read_at", "id")
    with django_assert_num_queries(1):
        page = keyset_merge(parts, order=order, after=None, size=10)
    assert [n.pk for n in page.items] == [
        n.pk for n in keyset_page(both, order=order, after=None, size=10).items
    ]


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%garbage",  # not base64
        "WyJ4IiwieSJd",  # ["x", "y"]: the right length, not numbers
        "WyJ4Il0",  # ["x"]
        _encode([2**64]),  # beyond the database's integers
        _encode([[1]]),  # not a value at all
        _encode([None]),  # the id is never empty
        _encode([1, 2]),  # one value too many
        "e30",  # {}: not a list
    ],
)
def test_a_crafted_cursor_is_refused_as_invalid_input(province, cursor):
    with pytest.raises(Refused) as refused:
        keyset_page(Notification.objects.all(), order=("-id",), after=cursor, size=5)
    assert refused.value.kind == Refused.Kind.INVALID
    assert refused.value.field == "cursor"


def test_a_cursor_of_dates_refuses_what_is_no_date(province):
    with pytest.raises(Refused):
        keyset_page(Notification.objects.all(), order=("-created_at", "-id"), after=_encode(["x", 1]), size=5)


@hypothesis.settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],  # the rows are only read
)
@hypothesis.given(cursor=st.text(max_size=40) | st.builds(_encode, st.lists(JSON_SCALARS, max_size=3)))
def test_any_cursor_gives_a_page_or_a_typed_refusal(province, cursor):
    try:
        page = keyset_page(
            Notification.objects.all(), order=("-created_at", "title", "-id"), after=cursor, size=5
        )
    except Refused as refused:
        assert refused.kind == Refused.Kind.INVALID and refused.field == "cursor"
    else:  # a cursor that decodes to values of the right types is simply a place in the list
        assert all(isinstance(row, Notification) for row in page.items)
