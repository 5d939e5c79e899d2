"""The annual work plan (TASK-6; seed 000 Đ10.1.a, Đ10.1.f): who keeps it, who reads it, and how a
plan item becomes work with one action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from congvu.accounts.models import User
from congvu.assignments.models import Assignment, PlanItem, WorkPlan
from congvu.assignments.plans import policies as plan_policies
from congvu.assignments.plans import services as plan_services
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent

YEAR = 2027  # every quarter still ahead
EARLY_2027 = dt.date(2027, 1, 4)


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def plan(province):
    """Sở Nội vụ's plan for 2027, kept by its Director: one item per division."""
    director = fresh(province.giam_doc)
    plan = plan_services.plan_create(actor=director, unit=province.units.snv, year=YEAR)
    plan.tcbc_item = plan_services.plan_item_add(
        actor=director,
        plan=plan,
        title="Rà soát vị trí việc làm",
        owner_unit=province.units.tcbc,
        quarter=2,
        note="Theo Nghị định 62/2020",
    )
    plan.ccvc_item = plan_services.plan_item_add(
        actor=director,
        plan=plan,
        title="Đánh giá, xếp loại công chức",
        owner_unit=province.units.ccvc,
        quarter=4,
    )
    return plan


def test_last_working_day_of_a_quarter_steps_back_over_weekends(db):
    assert plan_services.last_working_day_of_quarter(2027, 4) == dt.date(2027, 12, 31)  # a Friday
    assert plan_services.last_working_day_of_quarter(2029, 1) == dt.date(2029, 3, 30)  # 31/03 is a Saturday
    assert plan_services.last_working_day_of_quarter(2028, 4) == dt.date(2028, 12, 29)  # 31/12 is a Sunday


# --- keeping the plan ----------------------------------------------------------------------------


def test_the_head_of_a_unit_starts_its_plan_and_adds_items(province, plan):
    assert plan.title == "Kế hoạch công tác năm 2027 của Sở Nội vụ"
    items = list(plan.items.order_by("quarter"))
    assert [(i.title, i.owner_unit, i.quarter) for i in items] == [
        ("Rà soát vị trí việc làm", province.units.tcbc, 2),
        ("Đánh giá, xếp loại công chức", province.units.ccvc, 4),
    ]
    actions = list(
        AuditEvent.objects.filter(object_type="assignments.workplan").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "assignments.plan.created",
        "assignments.plan.item_added",
        "assignments.plan.item_added",
    ]


def test_the_office_of_a_unit_keeps_that_units_plan_only(province):
    clerk, monitor = fresh(province.van_thu), fresh(province.theo_doi)
    plan = plan_services.plan_create(actor=clerk, unit=province.units.tinh, year=YEAR)
    item = plan_services.plan_item_add(
        actor=monitor, plan=plan, title="Tổng kết công tác năm", owner_unit=province.units.vp, quarter=4
    )
    assert item.plan == plan
    with pytest.raises(Refused, match="Chỉ thủ trưởng Sở Nội vụ hoặc văn thư"):
        plan_services.plan_create(actor=clerk, unit=province.units.snv, year=YEAR)


def test_a_staff_member_cannot_keep_a_plan(province, plan):
    officer = fresh(province.chuyen_vien)
    with pytest.raises(Refused, match="Chỉ thủ trưởng"):
        plan_services.plan_create(actor=officer, unit=province.units.tcbc, year=YEAR)
    with pytest.raises(Refused, match="Chỉ thủ trưởng Sở Nội vụ"):
        plan_services.plan_item_add(
            actor=officer, plan=plan, title="Việc tự thêm", owner_unit=province.units.tcbc, quarter=1
        )
    assert plan.items.count() == 2


def test_a_unit_has_one_plan_a_year(province, plan):
    with pytest.raises(Refused, match="Sở Nội vụ đã có kế hoạch công tác năm 2027"):
        plan_services.plan_create(actor=fresh(province.giam_doc), unit=province.units.snv, year=YEAR)


@pytest.mark.parametrize(
    ("owner", "quarter", "title", "message"),
    [
        ("ns", 1, "Việc của sở khác", "Đơn vị chủ trì phải là Sở Nội vụ hoặc đơn vị trực thuộc."),
        ("tcbc", 5, "Quý không có", "Quý phải từ I đến IV."),
        ("tcbc", 1, "   ", "Vui lòng nhập nội dung công việc."),
    ],
)
def test_bad_items_are_refused_with_a_reason(province, plan, owner, quarter, title, message):
    with pytest.raises(Refused, match=message):
        plan_services.plan_item_add(
            actor=fresh(province.giam_doc),
            plan=plan,
            title=title,
            owner_unit=getattr(province.units, owner),
            quarter=quarter,
        )


def test_people_in_the_subtree_read_the_plan_and_others_do_not(province, plan):
    assert plan in plan_policies.visible_plans(fresh(province.chuyen_vien))  # TCBC, below Sở Nội vụ
    assert plan in plan_policies.visible_plans(fresh(province.chu_tich))  # leads the province
    assert plan not in plan_policies.visible_plans(fresh(province.chuyen_vien_khac))  # Sở Tài chính
    with pytest.raises(Exception, match="Không tìm thấy kế hoạch"):
        plan_policies.access_plan(fresh(province.chuyen_vien_khac), plan.pk)


# --- a plan item becomes work --------------------------------------------------------------------


def test_a_plan_item_becomes_work_for_its_owner_unit_due_at_the_end_of_its_quarter(province, plan):
    director = fresh(province.giam_doc)
    work = plan_services.plan_item_create_work(actor=director, item=plan.tcbc_item, today=EARLY_2027)
    work = Assignment.objects.get(pk=work.pk)
    assert (work.title, work.lead_unit, work.lead_user, work.assigner, work.plan_item) == (
        "Rà soát vị trí việc làm",
        province.units.tcbc,
        None,
        director,
        plan.tcbc_item,
    )
    assert work.deadline == dt.date(2027, 6, 30)  # a Wednesday
    assert work.start_date == EARLY_2027
    assert "Nghị định 62/2020" in work.description
    assert AuditEvent.objects.filter(action="assignments.assignment.created", object_id=str(work.pk)).exists()
    with pytest.raises(Refused, match="đã có công việc"):
        plan_services.plan_item_create_work(actor=director, item=plan.tcbc_item, today=EARLY_2027)


def test_a_quarter_that_is_over_cannot_become_new_work(province, plan):
    with pytest.raises(Refused, match="Quý II/2027 đã kết thúc"):
        plan_services.plan_item_create_work(
            actor=fresh(province.giam_doc), item=plan.tcbc_item, today=dt.date(2027, 7, 1)
        )


@pytest.mark.parametrize(
    ("persona", "may_keep", "may_create_work"),
    [
        ("giam_doc", True, True),  # heads Sở Nội vụ
        ("pho_giam_doc", False, True),  # in charge of TCBC: gives it work, does not keep the plan
        ("chu_tich", False, True),  # leads the province
        ("truong_phong", False, False),  # heads TCBC itself: gives work inside it, not to it
        ("chuyen_vien", False, False),  # staff
        ("van_thu", False, False),  # clerk of the province, not of Sở Nội vụ; not a leader
        ("chuyen_vien_khac", False, False),  # another department
    ],
)
def test_who_keeps_the_plan_and_who_turns_an_item_into_work(
    province, plan, persona, may_keep, may_create_work
):
    user = fresh(getattr(province, persona))
    assert bool(plan_policies.can_keep_plan(user, province.units.snv)) is may_keep
    if may_create_work:
        work = plan_services.plan_item_create_work(actor=user, item=plan.tcbc_item, today=EARLY_2027)
        assert work.assigner == user
    else:
        with pytest.raises(Refused, match="thẩm quyền giao việc|Chỉ lãnh đạo"):
            plan_services.plan_item_create_work(actor=user, item=plan.tcbc_item, today=EARLY_2027)
        assert not plan.tcbc_item.assignments.exists()


def test_an_item_with_work_cannot_be_removed(province, plan):
    director = fresh(province.giam_doc)
    plan_services.plan_item_create_work(actor=director, item=plan.tcbc_item, today=EARLY_2027)
    with pytest.raises(Refused, match="đã có công việc"):
        plan_services.plan_item_remove(actor=director, item=plan.tcbc_item)
    plan_services.plan_item_remove(actor=director, item=plan.ccvc_item)
    assert list(plan.items.values_list("title", flat=True)) == ["Rà soát vị trí việc làm"]


# --- screens -------------------------------------------------------------------------------------


def test_the_plan_screen_groups_items_by_quarter_with_their_work(
    province, plan, signed_in, django_assert_max_num_queries
):
    plan_services.plan_item_create_work(actor=fresh(province.giam_doc), item=plan.tcbc_item, today=EARLY_2027)
    client = signed_in(province.giam_doc)
    client.get(reverse("assignments:plan_detail", args=[plan.pk]))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assignments:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    quarters = {q: [i.title for i in items] for q, _name, items in response.context["quarters"]}
    assert quarters == {1: [], 2: ["Rà soát vị trí việc làm"], 3: [], 4: ["Đánh giá, xếp loại công chức"]}
    html = response.content.decode()
    assert "Mới giao" in html  # the status of the work made from the Q2 item
    assert html.count("Tạo công việc</button>") == 1  # only the Q4 item still waits


def test_the_list_of_plans_shows_the_year_and_offers_to_start_one(province, plan, signed_in):
    response = signed_in(province.truong_phong).get(reverse("assignments:plan"), {"nam": YEAR})
    assert [p.pk for p in response.context["plans"]] == [plan.pk]
    assert response.context["create_form"] is not None  # the head of TCBC may start TCBC's plan
    response = signed_in(province.chuyen_vien).get(reverse("assignments:plan"), {"nam": YEAR})
    assert response.context["create_form"] is None


def test_create_work_from_the_screen_and_refusal_for_a_staff_member(province, plan, signed_in):
    url = reverse("assignments:plan_item_create_work", args=[plan.ccvc_item.pk])
    response = signed_in(province.chuyen_vien).post(url, follow=True)
    assert "Chỉ lãnh đạo có thẩm quyền giao việc cho Phòng Công chức viên chức" in response.content.decode()
    assert not plan.ccvc_item.assignments.exists()
    response = signed_in(province.giam_doc).post(url, follow=True)
    assert "Đã giao" in response.content.decode()
    work = plan.ccvc_item.assignments.get()
    assert (work.lead_unit, work.deadline) == (province.units.ccvc, dt.date(2027, 12, 31))


def test_add_an_item_from_the_screen(province, plan, signed_in):
    url = reverse("assignments:plan_item_add", args=[plan.pk])
    response = signed_in(province.giam_doc).post(
        url, {"title": "Tuyển dụng công chức", "owner_unit": province.units.tcbc.pk, "quarter": 3, "note": ""}
    )
    assert response.status_code == 302
    assert PlanItem.objects.filter(plan=plan, quarter=3, title="Tuyển dụng công chức").exists()
    refused = signed_in(province.chuyen_vien).post(
        url, {"title": "Việc tự thêm", "owner_unit": province.units.tcbc.pk, "quarter": 3}, follow=True
    )
    assert "Chỉ thủ trưởng Sở Nội vụ" in refused.content.decode()
    assert not PlanItem.objects.filter(title="Việc tự thêm").exists()
    invalid = signed_in(province.giam_doc).post(
        url, {"title": "", "owner_unit": province.units.tcbc.pk, "quarter": 3}
    )
    assert invalid.status_code == 400


# --- API -----------------------------------------------------------------------------------------


def test_the_api_keeps_a_plan_and_turns_an_item_into_work(province, signed_in):
    client = signed_in(province.giam_doc)
    created = client.post(
        "/api/v1/assignments/plans",
        {"unit_id": province.units.snv.pk, "year": YEAR},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    item = client.post(
        f"/api/v1/assignments/plans/{plan_id}/items",
        {"title": "Thanh tra công vụ", "owner_unit_id": province.units.ccvc.pk, "quarter": 4},
        content_type="application/json",
    )
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    listed = client.get("/api/v1/assignments/plans", {"year": YEAR})
    assert [p["title"] for p in listed.json()] == ["Kế hoạch công tác năm 2027 của Sở Nội vụ"]

    staff = signed_in(province.chuyen_vien)
    refused = staff.post(f"/api/v1/assignments/plan-items/{item_id}/create-assignments")
    assert refused.status_code == 403
    assert "Chỉ lãnh đạo" in refused.json()["detail"]
    assert (
        staff.post(
            f"/api/v1/assignments/plans/{plan_id}/items",
            {"title": "x", "owner_unit_id": province.units.tcbc.pk, "quarter": 1},
            content_type="application/json",
        ).status_code
        == 403
    )

    client = signed_in(province.giam_doc)
    work = client.post(f"/api/v1/assignments/plan-items/{item_id}/create-assignments")
    assert work.status_code == 201, work.content
    assert work.json()["lead_unit_id"] == province.units.ccvc.pk
    assert work.json()["deadline"] == "2027-12-31"
    detail = client.get(f"/api/v1/assignments/plans/{plan_id}")
    assert detail.json()["items"][0]["assignments"][0]["status"] == "assigned"
    assert WorkPlan.objects.count() == 1


def test_a_division_head_starts_the_divisions_plan_from_the_screen(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(
        reverse("assignments:plan_create") + f"?nam={YEAR}",
        {"unit": province.units.tcbc.pk, "year": YEAR, "title": ""},
    )
    plan = WorkPlan.objects.get(unit=province.units.tcbc, year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse(
        "assignments:plan_detail", args=[plan.pk]
    )
    assert plan.title == "Kế hoạch công tác năm 2027 của Phòng Tổ chức biên chế"
    again = client.post(reverse("assignments:plan_create"), {"unit": province.units.tcbc.pk, "year": YEAR})
    assert again.status_code == 400
    assert "Phòng Tổ chức biên chế đã có kế hoạch công tác năm 2027." in again.content.decode()
    assert WorkPlan.objects.filter(unit=province.units.tcbc).count() == 1
