"""The reads behind the work screens: counts, groups, scope, filters, sorting, deadline labels and
the people one may give work to (issue #3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.accounts.models import User
from congvu.assignments import policies, selectors, services
from congvu.assignments.models import Assignment
from congvu.core import calendar, personal
from congvu.core.decisions import Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.delegations import services as delegations
from congvu.org.models import Membership, Unit
from tests.assignments.screen_helpers import give, submitted, today

S = Assignment.Status


def fresh(user):
    org.forget(user)
    return User.objects.get(pk=user.pk)


def lend(principal, delegate, approver):
    now = timezone.now()
    delegation = delegations.delegation_request(
        principal=principal, delegate=delegate, starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2), reason="Đi công tác", actor=principal,
    )  # fmt: skip
    return delegations.delegation_approve(delegation=delegation, actor=approver)


def titles(items):
    return [i.title for i in items]


def every_page(read) -> list[str]:
    """The titles of every page ``read(after)`` returns, following the cursors."""
    seen, after = [], None
    while True:
        page = read(after)
        seen += titles(page.items)
        if not page.has_next:
            return seen
        after = page.next_cursor


@pytest.fixture
def week(province):
    """The officer's work: two overdue, two due soon, one later, one submitted, one done."""
    head, minh = province.truong_phong, province.chuyen_vien
    items = {
        "overdue_3": give(head, minh, title="Quá hạn ba ngày", start=-10, due=-3),
        "overdue_1": give(head, minh, title="Quá hạn một ngày", start=-10, due=-1, priority=4),
        "today": give(head, minh, title="Hạn hôm nay", due=0),
        "soon": give(head, minh, title="Hạn sau hai ngày", due=2),
        "later": give(head, minh, title="Hạn tháng sau", due=30, priority=3),
        "waiting": submitted(give(head, minh, title="Đã gửi duyệt", due=5), minh),
        "done": services.approve(
            item=submitted(give(head, minh, title="Đã xong", due=5), minh), actor=head, rating=5
        ),
        "other": give(head, province.chuyen_vien_2, title="Việc của Hà", due=1),
    }
    return items


def test_the_four_counts_come_from_one_aggregate_query(province, week, django_assert_num_queries):
    minh = fresh(province.chuyen_vien)
    selectors.my_counts(minh)  # posts, delegations and the calendar, read once
    personal.touch([minh])  # counted afresh, not read from what is kept
    with django_assert_num_queries(1):
        counts = selectors.my_counts(minh)
    assert counts == {
        "todo": 5, "to_approve": 0, "overdue": 2, "due_soon": 2, "waiting": 1, "extensions": 0, "planned": 0
    }  # fmt: skip


def test_the_counts_are_kept_until_a_work_item_of_mine_changes_by_any_path(
    province, week, django_assert_num_queries
):
    """Kept between requests (core.personal): a second look runs no query; a work item I lead
    saved by a path that tells nobody (the admin, a data fix) shows in the next count."""
    minh = fresh(province.chuyen_vien)
    before = selectors.my_counts(minh)
    with django_assert_num_queries(0):
        assert selectors.my_counts(minh) == before
    item = week["later"]
    item.start_date, item.deadline = today() - dt.timedelta(days=10), today() - dt.timedelta(days=1)
    item.save(update_fields=["start_date", "deadline"])
    after = selectors.my_counts(fresh(province.chuyen_vien))
    assert after["overdue"] == before["overdue"] + 1


def test_work_taken_from_me_by_someone_else_leaves_my_counts_at_once(province, week):
    minh = fresh(province.chuyen_vien)
    before = selectors.my_counts(minh)["todo"]
    item = Assignment.objects.get(pk=week["later"].pk)
    item.lead_user = province.chuyen_vien_2  # handed to Hà by a path that tells nobody
    item.save(update_fields=["lead_user"])
    assert selectors.my_counts(fresh(province.chuyen_vien))["todo"] == before - 1


def test_work_given_to_the_person_i_act_for_counts_for_me_at_once(province):
    head = fresh(province.truong_phong)
    lend(province.truong_phong, province.chuyen_vien_2, province.giam_doc)
    ha = fresh(province.chuyen_vien_2)
    before = selectors.my_counts(ha)["todo"]
    give(province.giam_doc, head, title="Báo cáo thay trưởng phòng", due=5)
    assert selectors.my_counts(fresh(province.chuyen_vien_2))["todo"] == before + 1


def test_the_approver_counts_results_waiting_for_him_but_never_his_own(province, week):
    head = fresh(province.truong_phong)
    give(province.giam_doc, head, title="Việc của trưởng phòng", due=3)
    counts = selectors.my_counts(head)
    assert counts["to_approve"] == 1 and counts["todo"] == 1
    page = selectors.my_page(head, group=selectors.GROUP_TO_APPROVE)
    assert titles(page.items) == ["Đã gửi duyệt"]


@pytest.mark.parametrize(
    "group, expected",
    [
        (
            "can-lam",
            ["Quá hạn ba ngày", "Quá hạn một ngày", "Hạn hôm nay", "Hạn sau hai ngày", "Hạn tháng sau"],
        ),
        ("qua-han", ["Quá hạn ba ngày", "Quá hạn một ngày"]),
        ("sap-den-han", ["Hạn hôm nay", "Hạn sau hai ngày"]),
        ("da-gui", ["Đã gửi duyệt"]),
        ("cho-duyet", []),
    ],
)
def test_each_tab_lists_its_group_overdue_first(province, week, group, expected):
    assert titles(selectors.my_page(fresh(province.chuyen_vien), group=group).items) == expected


def test_the_following_tab_lists_work_i_co_handle_or_follow(province):
    give(province.truong_phong, province.chuyen_vien, title="Phối hợp", co_assignees=[province.chuyen_vien_2])
    give(province.truong_phong, province.chuyen_vien, title="Theo dõi", followers=[province.chuyen_vien_2])
    give(province.truong_phong, province.chuyen_vien, title="Không liên quan")
    page = selectors.my_page(fresh(province.chuyen_vien_2), group=selectors.GROUP_FOLLOWING)
    assert sorted(titles(page.items)) == ["Phối hợp", "Theo dõi"]


def test_sorting_by_priority_puts_urgent_work_first(province, week):
    page = selectors.my_page(
        fresh(province.chuyen_vien), group="can-lam", filters=selectors.Filters(sort="uu-tien")
    )
    assert titles(page.items)[:2] == ["Quá hạn một ngày", "Hạn tháng sau"]


def test_pages_follow_each_other_without_gaps_or_repeats(province):
    for i in range(7):
        give(province.truong_phong, province.chuyen_vien, title=f"Việc {i}", due=i % 3)
    minh = fresh(province.chuyen_vien)
    for sort in selectors.SORTS:
        seen, cursor = [], None
        while True:
            page = selectors.my_page(
                minh, group="can-lam", filters=selectors.Filters(sort=sort), after=cursor, size=3
            )
            seen += [i.pk for i in page.items]
            if not page.has_next:
                break
            cursor = page.next_cursor
        assert len(seen) == 7 and len(set(seen)) == 7, sort


def test_a_delegate_sees_the_principals_work_marked_as_theirs(province):
    give(province.giam_doc, province.truong_phong, title="Việc giám đốc giao trưởng phòng")
    lend(province.truong_phong, province.chuyen_vien_2, province.giam_doc)
    ha = fresh(province.chuyen_vien_2)
    [item] = selectors.my_page(ha, group="can-lam").items
    assert item.title == "Việc giám đốc giao trưởng phòng" and item.for_principal
    assert selectors.my_counts(ha)["todo"] == 1


def test_the_approver_finds_results_of_work_given_to_a_unit(province):
    item = give(province.giam_doc, unit=province.units.tcbc, title="Việc của phòng")
    submitted(item, fresh(province.truong_phong))
    director = fresh(province.giam_doc)
    assert titles(selectors.my_page(director, group=selectors.GROUP_TO_APPROVE).items) == ["Việc của phòng"]
    assert selectors.my_counts(director)["to_approve"] == 1
    assert selectors.my_counts(fresh(province.truong_phong))["waiting"] == 1


def test_the_head_of_a_unit_finds_work_given_to_the_unit(province):
    give(province.giam_doc, unit=province.units.tcbc, title="Việc giao cho phòng")
    assert titles(selectors.my_page(fresh(province.truong_phong), group="can-lam").items) == [
        "Việc giao cho phòng"
    ]
    assert selectors.my_page(fresh(province.chuyen_vien), group="can-lam").items == []


# --- deadline labels ---------------------------------------------------------------------------


def _row(deadline, status=S.IN_PROGRESS, completed_on=None, start_date=dt.date(2026, 1, 5)):
    return Assignment(
        title="x",
        deadline=deadline,
        status=status,
        completed_on=completed_on,
        priority=2,
        start_date=start_date,
    )


def test_deadlines_read_in_working_days_and_overdue_in_days(db):
    monday = dt.date(2026, 6, 1)  # an ordinary week: no holiday from 29/5 to 12/6/2026
    rows = [
        _row(dt.date(2026, 5, 29)),  # Friday before
        _row(monday),
        _row(dt.date(2026, 6, 2)),
        _row(dt.date(2026, 6, 4)),  # Thursday: 3 working days, still "sắp đến hạn"
        _row(dt.date(2026, 6, 5)),  # Friday
        _row(dt.date(2026, 6, 8)),  # next Monday: the weekend does not count
        _row(dt.date(2026, 5, 29), S.DONE, completed_on=dt.date(2026, 5, 31)),
        _row(dt.date(2026, 6, 8), S.DONE, completed_on=dt.date(2026, 6, 1)),
        _row(dt.date(2026, 5, 1), S.CANCELLED),
    ]
    selectors.decorate(rows, today=monday)
    assert [(r.due_label, r.due_tone) for r in rows] == [
        ("quá hạn 3 ngày", "bad"),
        ("hạn hôm nay", "warn"),
        ("hạn ngày mai", "warn"),
        ("còn 3 ngày làm việc", "warn"),
        ("còn 4 ngày làm việc", "muted"),
        ("còn 5 ngày làm việc", "muted"),
        ("xong trễ 2 ngày", "warn"),
        ("xong đúng hạn", "ok"),
        ("đã hủy", "muted"),
    ]
    assert [r.overdue for r in rows] == [True] + [False] * 8


def test_working_days_skip_public_holidays(db):
    before_tet = dt.date(2026, 2, 10)
    after_tet = calendar.add_working_days(before_tet, 5)  # Tết 2026 lies between
    [row] = selectors.decorate([_row(after_tet)], today=before_tet)
    assert row.due_label == "còn 5 ngày làm việc"
    assert (after_tet - before_tet).days > 7


# --- "Việc tôi giao" and "Việc của đơn vị" -------------------------------------------------------


def test_my_given_list_includes_work_given_on_my_behalf(province):
    give(province.truong_phong, province.chuyen_vien, title="Tôi giao")
    lend(province.truong_phong, province.chuyen_vien_2, province.giam_doc)
    give(fresh(province.chuyen_vien_2), province.chuyen_vien, title="Giao thay trưởng phòng")
    give(province.giam_doc, province.truong_phong, title="Giám đốc giao")
    head = fresh(province.truong_phong)
    items = selectors.given_page(head, filters=selectors.Filters()).items
    assert sorted(titles(items)) == ["Giao thay trưởng phòng", "Tôi giao"]
    on_behalf = next(i for i in items if i.title == "Giao thay trưởng phòng")
    assert (
        on_behalf.assigner == province.chuyen_vien_2
        and on_behalf.assigned_on_behalf_of == province.truong_phong
    )
    assert [p.full_name for p in selectors.given_people(head)] == ["Nguyễn Văn Minh"]


def test_the_people_i_gave_work_to_are_kept_and_follow_a_work_item_handed_on_at_once(
    province, django_assert_num_queries
):
    item = give(province.truong_phong, province.chuyen_vien, title="Tôi giao")
    Assignment.objects.filter(pk=item.pk).update(approver=province.giam_doc)  # the giver alone is told
    head = fresh(province.truong_phong)
    assert [p.full_name for p in selectors.given_people(head)] == ["Nguyễn Văn Minh"]
    with django_assert_num_queries(0):
        assert [p.full_name for p in selectors.given_people(head)] == ["Nguyễn Văn Minh"]
    item = Assignment.objects.get(pk=item.pk)
    item.lead_user = province.chuyen_vien_2  # by a path that tells nobody
    item.save(update_fields=["lead_user"])
    assert [p.full_name for p in selectors.given_people(fresh(province.truong_phong))] == ["Trần Thị Thu Hà"]


def test_the_unit_filter_people_are_kept_and_a_new_post_in_the_unit_shows_at_once(
    province, django_assert_num_queries
):
    head = fresh(province.truong_phong)
    units = selectors.unit_scope_units(head)
    before = [p.username for p in selectors.unit_filter_people(head, units, limit=50)]
    assert "ducdd" not in before and "hattt" in before
    with django_assert_num_queries(0):
        assert [p.username for p in selectors.unit_filter_people(head, units, limit=50)] == before
    Membership.objects.create(
        user=province.chuyen_vien_khac,
        unit=province.units.tcbc,  # joins the division, by a path that tells nobody
        position=province.positions.chuyen_vien,
        is_primary=False,
        started_on=Membership.objects.get(user=province.chuyen_vien).started_on,
    )
    head = fresh(province.truong_phong)
    assert "ducdd" in [p.username for p in selectors.unit_filter_people(head, units, limit=50)]


@pytest.mark.parametrize("sort", ["han", "-deadline", "uu-tien", "cap-nhat"])
def test_my_given_list_pages_through_my_work_and_what_was_given_in_my_name_in_one_order(province, sort):
    """Two parts read apart (selectors.scope_parts) and merged: page after page, the same rows in
    the same order as one query over both."""
    lend(province.truong_phong, province.chuyen_vien_2, province.giam_doc)
    deputy = fresh(province.chuyen_vien_2)
    for n in range(7):  # interleaved deadlines and priorities, some on the same day
        giver = deputy if n % 3 == 0 else province.truong_phong
        give(giver, province.chuyen_vien, title=f"Việc {n}", due=5 + n // 2, priority=1 + n % 3)
    head = fresh(province.truong_phong)
    filters = selectors.Filters(status=selectors.STATUS_ALL, sort=sort)
    expected = list(
        selectors.assignment_list(head, scope=selectors.SCOPE_GIVEN, filters=filters)
        .order_by(*selectors.ALL_SORTS[sort])
        .values_list("title", flat=True)
    )
    seen = every_page(lambda after: selectors.given_page(head, filters=filters, after=after, size=2))
    assert seen == expected and len(seen) == 7


@pytest.mark.parametrize("sort", ["han", "-deadline", "uu-tien", "cap-nhat"])
def test_my_list_pages_through_what_i_lead_my_unit_leads_and_i_co_handle_in_one_order(province, sort):
    """ "Việc của tôi" of every state (the API's default scope) is three parts read apart
    (selectors.scope_parts) and merged: page after page, the same rows in the same order as one
    query over all, each once — work my unit leads that I also co-handle is not listed twice."""
    director, head = province.giam_doc, province.truong_phong
    expected_titles = set()
    for n in range(3):
        give(director, head, title=f"Tôi chủ trì {n}", due=5 + n, priority=1 + n % 3)
        give(director, unit=province.units.tcbc, title=f"Phòng chủ trì {n}", due=5 + n, priority=2)
        expected_titles |= {f"Tôi chủ trì {n}", f"Phòng chủ trì {n}"}
    for n in range(2):
        give(director, province.chuyen_vien, title=f"Tôi phối hợp {n}", due=6 + n, co_assignees=[head])
        expected_titles.add(f"Tôi phối hợp {n}")
    give(director, unit=province.units.tcbc, title="Phòng chủ trì, tôi phối hợp", due=6, co_assignees=[head])
    give(director, province.chuyen_vien, title="Không phải việc của tôi", due=6)
    expected_titles.add("Phòng chủ trì, tôi phối hợp")
    head = fresh(head)
    filters = selectors.Filters(status=selectors.STATUS_ALL, sort=sort)
    expected = list(
        selectors.assignment_list(head, scope=selectors.SCOPE_MINE, filters=filters)
        .order_by(*selectors.ALL_SORTS[sort])
        .values_list("title", flat=True)
    )
    seen = every_page(
        lambda after: selectors.assignment_page(
            head, scope=selectors.SCOPE_MINE, filters=filters, after=after, size=2
        )
    )
    whole = selectors.assignment_page(head, scope=selectors.SCOPE_MINE, filters=filters, size=50)
    assert len(selectors.scope_parts(head, selectors.SCOPE_MINE)) == 3
    assert seen == expected == titles(whole.items)
    assert set(seen) == expected_titles and len(seen) == 9


def test_the_unit_list_covers_the_whole_subtree_and_nothing_else(province):
    give(province.truong_phong, province.chuyen_vien, title="TCBC")
    give(province.giam_doc, province.truong_phong, title="Trưởng phòng TCBC")
    give(province.giam_doc, unit=province.units.ccvc, title="Phòng CCVC")
    give(province.chu_tich, unit=province.units.stc, title="Sở Tài chính")
    director = fresh(province.giam_doc)
    assert sorted(titles(selectors.unit_page(director, filters=selectors.Filters()).items)) == [
        "Phòng CCVC", "TCBC", "Trưởng phòng TCBC",
    ]  # fmt: skip
    assert sorted(titles(selectors.unit_page(fresh(province.truong_phong), filters=selectors.Filters()).items)) == [
        "TCBC", "Trưởng phòng TCBC",
    ]  # fmt: skip
    assert selectors.unit_page(fresh(province.chuyen_vien), filters=selectors.Filters()).items == []
    # Every row of the unit list is one the policy lets the leader see.
    visible = set(policies.visible_assignments(director).values_list("pk", flat=True))
    assert {
        i.pk for i in selectors.unit_page(director, filters=selectors.Filters(status="tat-ca")).items
    } <= visible


def test_an_administrator_lists_no_unit_work(province):
    give(province.truong_phong, province.chuyen_vien)
    assert selectors.unit_scope_units(fresh(province.quan_tri)) == []


def test_unit_list_filters(province):
    head, minh, ha = province.truong_phong, province.chuyen_vien, province.chuyen_vien_2
    give(head, minh, title="Quyết định biên chế Đà Nẵng", due=3, priority=4)
    give(head, ha, title="Báo cáo quý", due=20)
    done = give(head, ha, title="Đã xong", due=5)
    services.approve(item=submitted(done, ha), actor=head, rating=4)
    give(province.giam_doc, unit=province.units.ccvc, title="Việc phòng CCVC", start=-5, due=-1)
    director = fresh(province.giam_doc)

    def found(**filters):
        return sorted(titles(selectors.unit_page(director, filters=selectors.Filters(**filters)).items))

    assert found(text="da nang") == found(text="QUYẾT ĐỊNH") == ["Quyết định biên chế Đà Nẵng"]
    assert found(text="bien che") == ["Quyết định biên chế Đà Nẵng"]
    assert found(person=ha) == ["Báo cáo quý"]
    assert found(person=ha, status="tat-ca") == ["Báo cáo quý", "Đã xong"]
    assert found(status=S.DONE) == ["Đã xong"]
    assert found(status="qua-han") == ["Việc phòng CCVC"]
    assert found(unit=province.units.ccvc) == ["Việc phòng CCVC"]
    assert found(priority=4) == ["Quyết định biên chế Đà Nẵng"]
    assert found(due_from=today() + dt.timedelta(days=10)) == ["Báo cáo quý"]
    assert found(due_to=today()) == ["Việc phòng CCVC"]


def test_the_text_filter_folds_without_the_full_text_index(province, monkeypatch):
    give(province.truong_phong, province.chuyen_vien, title="Quyết định biên chế Đà Nẵng")
    give(province.truong_phong, province.chuyen_vien, title="Báo cáo quý")
    monkeypatch.setattr(selectors, "_has_fts", lambda alias: False)
    head = fresh(province.truong_phong)
    for query in ("da nang", "Đà Nẵng", "QUYET dinh", "biên"):
        assert titles(selectors.given_page(head, filters=selectors.Filters(text=query)).items) == [
            "Quyết định biên chế Đà Nẵng"
        ], query
    assert selectors.given_page(head, filters=selectors.Filters(text="xyz")).items == []


# --- whom one may give work to ------------------------------------------------------------------

PERSONAS = (
    "chu_tich", "pho_chu_tich", "chanh_vp", "van_thu", "theo_doi", "giam_doc", "pho_giam_doc",
    "truong_phong", "chuyen_vien", "chuyen_vien_2", "chuyen_vien_khac", "chu_tich_huyen", "quan_tri",
)  # fmt: skip


@pytest.mark.parametrize("actor", PERSONAS)
def test_the_form_offers_exactly_whom_the_policy_allows(province, actor):
    """The bulk candidate list agrees with ``policies.can_assign_to_user`` person by person."""
    candidates = selectors.assign_candidates(fresh(getattr(province, actor)))
    offered = {p.pk for p in candidates.people}
    for target in PERSONAS:
        person = fresh(getattr(province, target))
        allowed = bool(policies.can_assign_to_user(fresh(getattr(province, actor)), person))
        assert (person.pk in offered) == allowed, (actor, target)
    expected_units = [
        u
        for u in Unit.objects.order_by("path")
        if policies.can_assign_to_unit(fresh(getattr(province, actor)), u)
    ]
    assert candidates.units == expected_units


@pytest.mark.parametrize("actor", PERSONAS)
def test_every_follower_the_form_offers_is_one_the_policy_allows(province, actor):
    """The service checks followers with ``policies.can_add_follower``: the form offers none it
    would refuse, and nobody from outside the giver's reach."""
    giver = fresh(getattr(province, actor))
    for person in selectors.assign_candidates(giver).followers:
        assert policies.can_add_follower(giver, fresh(person)), (actor, person.full_name)


def test_the_form_offers_a_staff_member_only_themselves(province):
    candidates = selectors.assign_candidates(fresh(province.chuyen_vien))
    assert [p.pk for p in candidates.people] == [province.chuyen_vien.pk] and candidates.units == []
    # Colleagues and the head may follow the work.
    assert {p.full_name for p in candidates.followers} >= {"Bùi Thanh Sơn", "Trần Thị Thu Hà"}


def test_the_form_offers_a_delegate_the_principals_people(province):
    lend(province.truong_phong, province.chuyen_vien_2, province.giam_doc)
    offered = {p.pk for p in selectors.assign_candidates(fresh(province.chuyen_vien_2)).people}
    assert province.chuyen_vien.pk in offered
    assert bool(policies.can_assign_to_user(fresh(province.chuyen_vien_2), province.chuyen_vien))


def test_people_are_offered_in_vietnamese_order(province):
    names = [p.full_name for p in selectors.assign_candidates(fresh(province.giam_doc)).people[1:]]
    assert names == sorted(names, key=lambda n: tree.person_sort_key(User(full_name=n, pk=0))[:2])


# --- the item page -----------------------------------------------------------------------------


def test_the_timeline_holds_reports_transitions_and_reasons(province):
    head, minh = province.truong_phong, province.chuyen_vien
    item = give(head, minh, title="Việc có diễn biến")
    services.progress_report(
        item=item, actor=minh, percent=40, text="Được nửa", uploads=[("bang.csv", b"a,b\n1,2\n")]
    )
    submitted(item, minh, note="Xong")
    services.return_result(item=item, actor=head, reason="Thiếu số liệu")
    page = selectors.item_page(Assignment.objects.get(pk=item.pk))
    labels = [e.label for e in page.timeline]
    assert labels[0] == "Trả lại" and "Gửi kết quả" in labels and "Giao việc" == labels[-1]
    report = next(e for e in page.timeline if e.kind == "report" and e.percent == 40)
    assert report.note == "Được nửa" and [f.original_name for f in report.files] == ["bang.csv"]
    assert page.last_return.note == "Thiếu số liệu" and page.last_return.who == "Bùi Thanh Sơn"


def test_the_start_comes_before_the_report_that_caused_it(province):
    """Newest first: the first report above "Bắt đầu thực hiện", which it caused, above the giving;
    and again after a return."""
    head, minh = province.truong_phong, province.chuyen_vien
    item = give(head, minh, title="Việc có diễn biến")
    services.progress_report(item=item, actor=minh, percent=40, text="Được nửa")
    page = selectors.item_page(Assignment.objects.get(pk=item.pk))
    assert [e.label for e in page.timeline] == ["Báo cáo tiến độ", "Bắt đầu thực hiện", "Giao việc"]
    submitted(item, minh, note="Xong")
    services.return_result(item=item, actor=head, reason="Thiếu số liệu")
    services.progress_report(item=item, actor=minh, percent=90, text="Đã bổ sung")
    page = selectors.item_page(Assignment.objects.get(pk=item.pk))
    assert [e.label for e in page.timeline][:3] == ["Báo cáo tiến độ", "Bắt đầu thực hiện", "Trả lại"]


def test_a_file_is_served_only_with_its_own_item(province):
    head, minh = province.truong_phong, province.chuyen_vien
    item = give(head, minh)
    other = give(head, minh, title="Việc khác")
    report = services.progress_report(item=item, actor=minh, percent=10, uploads=[("bang.csv", b"a,b\n")])
    stored = report.files.get()
    assert selectors.item_file(item, stored.pk) == stored
    with pytest.raises(Refused) as refused:
        selectors.item_file(other, stored.pk)
    assert refused.value.kind == Refused.Kind.NOT_FOUND


def test_the_compiled_counts_agree_with_the_orm_for_every_kind_of_person(province, week):
    """The counters' query is compiled once per shape and run with each person's ids and today: for a
    person alone, a head with a unit, a deputy, an approver with an extension waiting, and a delegate
    acting for a head (two people, a unit), it answers as the query built for them would."""
    head, minh = province.truong_phong, province.chuyen_vien
    give(province.giam_doc, head, title="Việc của trưởng phòng", due=3)
    give(province.giam_doc, unit=province.units.tcbc, title="Việc của phòng", due=4)
    planned = give(head, minh, title="Việc năm sau", start=40, due=60)
    services.request_extension(
        item=week["later"],
        actor=minh,
        new_deadline=week["later"].deadline + dt.timedelta(days=7),
        reason="Chờ số liệu",
    )
    lend(head, province.chuyen_vien_2, province.giam_doc)
    people = [
        minh,
        head,
        province.pho_giam_doc,
        province.giam_doc,
        province.chuyen_vien_2,
        province.chuyen_vien_khac,
    ]
    day = today()
    for person in people:
        for on in (day, planned.start_date):
            expected = selectors._counts_aggregate(fresh(person), on, selectors.due_soon_limit(on))
            assert selectors.my_counts(fresh(person), on) == expected, (person.username, on)
    assert selectors.my_counts(fresh(province.chuyen_vien_2))["to_approve"] >= 1  # the head's, lent
    assert selectors.my_counts(fresh(head))["extensions"] == 1
