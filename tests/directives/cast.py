"""The cast around one directive, for the tests of directive follow-up (seed 001).

The chairman Trần Quốc Hùng signs directive 125/UBND-VP; the office enters it — Đỗ Minh Tuấn holds
the directive-monitor role on UBND tỉnh and monitors every task; Phạm Văn Đức is Chánh Văn phòng.
Three agencies are given a task each:

    snv     Sở Nội vụ             head Hoàng Văn Nam (giam_doc), deputy Vũ Thị Lan (in charge of TCBC only)
    stc     Sở Tài chính          head Ngô Văn Hải (added here: ``cast.stc_head``)
    huyen   UBND huyện Đức Trọng  head Lương Văn Tài (chu_tich_huyen)

A test module builds it with ``cast = build_directive_cast(province)``; ``cast.directive`` is
published, ``cast.tasks.snv`` / ``.stc`` / ``.huyen`` its tasks, all due in 20 working days.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from congvu.accounts.models import User
from congvu.directives import services
from congvu.directives.models import Urgency
from congvu.org.units import services as unit_services
from tests.conftest import PASSWORD


def person(username, full_name, unit, position):
    user = User.objects.create_user(
        username,
        PASSWORD,
        full_name=full_name,
        email=f"{username}@binhson.gov.vn",
        must_change_password=False,
    )
    unit_services.membership_start(user=user, unit=unit, position=position, actor=None)
    return user


def task_input(province, lead_unit, *, content="", deadline=None, working_days=None, co_units=(), **extra):
    return services.TaskInput(
        content=content or f"Triển khai nội dung chỉ đạo tại {lead_unit.name}",
        lead_unit=lead_unit,
        monitor=province.theo_doi,
        deadline=deadline,
        deadline_working_days=working_days,
        co_units=list(co_units),
        **extra,
    )


def enter(
    province,
    *,
    number="125/UBND-VP",
    issued_on=None,
    urgency=Urgency.NORMAL,
    tasks=None,
    publish=True,
    signer=None,
    actor=None,
):
    issued_on = issued_on or timezone.localdate()
    units = province.units
    if tasks is None:
        tasks = [task_input(province, u, working_days=20) for u in (units.snv, units.stc, units.huyen)]
    return services.directive_create(
        agency=units.tinh,
        number=number,
        subject="Về việc đẩy mạnh cải cách thủ tục hành chính năm 2027",
        issued_on=issued_on,
        signer=signer or province.chu_tich,
        actor=actor or province.theo_doi,
        urgency=urgency,
        tasks=tasks,
        publish=publish,
    )


def build_directive_cast(province, *, issued_on: dt.date | None = None):
    stc_head = person("hainv", "Ngô Văn Hải", province.units.stc, province.positions.giam_doc)
    directive = enter(province, issued_on=issued_on)
    by_unit = {t.lead_unit_id: t for t in directive.tasks.all()}
    units = province.units
    tasks = SimpleNamespace(
        snv=by_unit[units.snv.pk], stc=by_unit[units.stc.pk], huyen=by_unit[units.huyen.pk]
    )
    return SimpleNamespace(directive=directive, tasks=tasks, stc_head=stc_head, **vars(province))
