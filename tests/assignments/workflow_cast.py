"""The cast around one work item, for the workflow, policy and API tests of the assignments.

Bùi Thanh Sơn (Trưởng phòng TCBC) gives Nguyễn Văn Minh (officer of TCBC) a piece of work, with
Trần Thị Thu Hà as co-assignee and Đỗ Minh Tuấn (Văn phòng UBND tỉnh) following it. Around them:

    colleague            Phan Văn Khoa, officer of TCBC, not on the item
    lead_delegate        Lê Minh Tâm, officer of TCBC, holds Minh's authority (approved by Sơn)
    approver_delegate    Đinh Thị Yến, Phó Trưởng phòng TCBC, holds Sơn's authority (approved by Nam)
    superior             Hoàng Văn Nam, Giám đốc Sở Nội vụ (Sơn's leader)
    other_so             Đặng Đình Đức, officer of Sở Tài chính
    administrator        Lý Văn Kiên, administrator of the whole province

A test module builds it with a fixture of its own: ``cast = build_cast(province)``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from types import SimpleNamespace

from django.utils import timezone

from congvu.accounts.models import User
from congvu.assignments import services
from congvu.assignments.models import Assignment
from congvu.org import policies as org
from congvu.org.delegations import services as delegations
from congvu.org.models import Position
from congvu.org.units import services as unit_services
from tests.conftest import PASSWORD, given_before, working_day

S = Assignment.Status


def fresh(user):
    """The same person, without the per-request caches of posts and delegations."""
    org.forget(user)
    return User.objects.get(pk=user.pk)


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


def lend(principal, delegate, approver):
    """An approved delegation in effect now, for two days."""
    now = timezone.now()
    delegation = delegations.delegation_request(
        principal=principal,
        delegate=delegate,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
        reason="Đi công tác",
        actor=principal,
    )
    return delegations.delegation_approve(delegation=delegation, actor=approver)


def build_cast(province):
    tcbc = province.units.tcbc
    pho_truong_phong = unit_services.position_get_or_create(
        name="Phó Trưởng phòng", level=Position.Level.DEPUTY, sort_order=7
    )
    colleague = person("khoapv", "Phan Văn Khoa", tcbc, province.positions.chuyen_vien)
    lead_delegate = person("tamlm", "Lê Minh Tâm", tcbc, province.positions.chuyen_vien)
    approver_delegate = person("yendt", "Đinh Thị Yến", tcbc, pho_truong_phong)
    lend(fresh(province.chuyen_vien), lead_delegate, fresh(province.truong_phong))
    lend(fresh(province.truong_phong), approver_delegate, fresh(province.giam_doc))
    people = {
        "assigner": province.truong_phong,
        "lead": province.chuyen_vien,
        "co_assignee": province.chuyen_vien_2,
        "follower": province.theo_doi,
        "colleague": colleague,
        "superior": province.giam_doc,
        "other_so": province.chuyen_vien_khac,
        "administrator": province.quan_tri,
        "lead_delegate": lead_delegate,
        "approver_delegate": approver_delegate,
    }
    return SimpleNamespace(province=province, **{k: fresh(v) for k, v in people.items()})


def give_work(cast, *, state=S.ASSIGNED, title="Rà soát biên chế năm 2026", deadline=None, **extra):
    """The item of the cast, put straight into ``state`` (tests only: the app moves states by the workflow).
    A deadline falls on a working day; one in the past is given while it was still ahead."""
    today = timezone.localdate()
    deadline = working_day(deadline or today + dt.timedelta(days=10))
    start = extra.pop("start_date", None) or min(today, deadline)
    with given_before(deadline) if deadline < today else nullcontext():
        item = services.assignment_create(
            actor=fresh(cast.assigner),
            title=title,
            lead_user=cast.lead,
            start_date=min(start, deadline),
            deadline=deadline,
            co_assignees=[cast.co_assignee],
            followers=[cast.follower],
            **extra,
        )
    if state != S.ASSIGNED:
        Assignment.objects.filter(pk=item.pk).update(status=state)
    return Assignment.objects.get(pk=item.pk)
