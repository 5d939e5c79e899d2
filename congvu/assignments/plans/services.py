"""Use cases of the annual work plan (TASK-6; seed 000 Đ10.1.a, Đ10.1.f). Keyword-only, one
transaction, audited; the rules are in ``plan_policies``.

A plan item becomes work with one action (:func:`plan_item_create_work`): a work item led by the
item's owner unit, due on the last working day of the item's quarter, given by the person who acts
(who must be allowed to give work to that unit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.html import escape

from congvu.assignments import services
from congvu.assignments.models import Assignment, PlanItem, WorkPlan
from congvu.assignments.plans import policies as plan_policies
from congvu.assignments.reports.selectors import QUARTER_NAMES, quarter_bounds
from congvu.core import audit
from congvu.core.calendar import is_working_day
from congvu.core.decisions import Refused
from congvu.core.text import clean_text
from congvu.org.models import Unit

MIN_YEAR, MAX_YEAR = 2000, 2100


def last_working_day_of_quarter(year: int, quarter: int) -> dt.date:
    """The quarter's last day, moved back to a working day (standards §4, the calendar)."""
    day = quarter_bounds(year, quarter)[1]
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _check_keeper(actor: Any, unit: Unit) -> Any:
    return plan_policies.can_keep_plan(actor, unit).require()


@transaction.atomic
def plan_create(*, actor: Any, unit: Unit, year: int, title: str = "") -> WorkPlan:
    """Start a unit's plan for a year: one plan per unit and year."""
    decision = _check_keeper(actor, unit)
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise Refused("Năm không hợp lệ.", field="year")
    title = clean_text(title) or f"Kế hoạch công tác năm {year} của {unit.name}"
    if WorkPlan.objects.filter(unit=unit, year=year).exists():
        raise Refused(f"{unit.name} đã có kế hoạch công tác năm {year}.", field="year")
    try:
        with transaction.atomic():
            plan = WorkPlan.objects.create(unit=unit, year=year, title=title[:300], created_by=actor)
    except IntegrityError:
        raise Refused(f"{unit.name} đã có kế hoạch công tác năm {year}.", field="year") from None
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.plan.created",
        obj=plan,
        after={"unit": unit, "year": year, "title": plan.title},
    )
    return plan


@transaction.atomic
def plan_item_add(
    *, actor: Any, plan: WorkPlan, title: str, owner_unit: Unit, quarter: int, note: str = ""
) -> PlanItem:
    """Add an item: its content, the unit that leads it (the plan's unit or one below), the quarter."""
    decision = _check_keeper(actor, plan.unit)
    title = clean_text(title)
    if not title:
        raise Refused("Vui lòng nhập nội dung công việc.", field="title")
    if quarter not in QUARTER_NAMES:
        raise Refused("Quý phải từ I đến IV.", field="quarter")
    if not owner_unit.path.startswith(plan.unit.path):
        raise Refused(f"Đơn vị chủ trì phải là {plan.unit.name} hoặc đơn vị trực thuộc.", field="owner_unit")
    if not owner_unit.is_active:
        raise Refused(f"{owner_unit.name} không còn hoạt động.", field="owner_unit")
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    position = (plan.items.filter(quarter=quarter).aggregate(m=Max("position"))["m"] or 0) + 1
    item = PlanItem.objects.create(
        plan=plan,
        title=title[:500],
        owner_unit=owner_unit,
        quarter=quarter,
        note=clean_text(note)[:300],
        position=position,
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.plan.item_added",
        obj=plan,
        after={"item": item.title, "owner_unit": owner_unit, "quarter": quarter},
    )
    return item


@transaction.atomic
def plan_item_remove(*, actor: Any, item: PlanItem) -> None:
    """Remove an item that has not become work yet (work keeps its link to the plan otherwise)."""
    decision = _check_keeper(actor, item.plan.unit)
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if item.assignments.exists():
        raise Refused.wrong_state("Mục kế hoạch đã có công việc, không xóa được.")
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="assignments.plan.item_removed",
        obj=item.plan,
        before={"item": item.title, "owner_unit": item.owner_unit, "quarter": item.quarter},
    )
    item.delete()


@transaction.atomic
def plan_item_create_work(*, actor: Any, item: PlanItem, today: dt.date | None = None) -> Assignment:
    """Turn a plan item into work ("Tạo công việc"): one work item led by the owner unit, due on
    the last working day of the quarter, given by ``actor`` (``assignment_create`` checks the
    scope again and audits it).

    Refused when the actor may not give work to the owner unit, when the item already has work
    that was not cancelled (a second click does not make a second item), or when the quarter is
    over."""
    plan_policies.can_create_work(actor, item).require()
    item = PlanItem.objects.select_for_update().select_related("plan__unit", "owner_unit").get(pk=item.pk)
    if item.assignments.exclude(status=Assignment.Status.CANCELLED).exists():
        raise Refused.wrong_state("Mục kế hoạch này đã có công việc.")
    today = today or timezone.localdate()
    deadline = last_working_day_of_quarter(item.plan.year, item.quarter)
    if deadline < today:
        raise Refused(
            f"Quý {QUARTER_NAMES[item.quarter]}/{item.plan.year} đã kết thúc: không tạo được công việc có hạn đã qua."
        )
    description = f"<p>Theo {escape(item.plan.title)}, quý {QUARTER_NAMES[item.quarter]}.</p>"
    if item.note:
        description += f"<p>{escape(item.note)}</p>"
    return services.assignment_create(
        actor=actor,
        title=item.title,
        lead_unit=item.owner_unit,
        description=description,
        start_date=today,
        deadline=deadline,
        plan_item=item,
    )


# --- reads ---------------------------------------------------------------------------------------


def plans_of_year(user: Any, year: int) -> QuerySet[WorkPlan]:
    return plan_policies.visible_plans(user).filter(year=year).select_related("unit").order_by("unit__path")


def units_with_plan(units: list[Unit], year: int) -> set[int]:
    return set(WorkPlan.objects.filter(unit__in=units, year=year).values_list("unit_id", flat=True))


def plan_items(plan: WorkPlan) -> list[PlanItem]:
    """The items with their owner units and their work (status, deadline), in two queries."""
    work = Assignment.objects.only(
        "id", "title", "status", "deadline", "plan_item_id", "completed_on"
    ).order_by("id")
    return list(
        plan.items.select_related("owner_unit")
        .prefetch_related(Prefetch("assignments", queryset=work))
        .order_by("quarter", "position", "id")
    )
