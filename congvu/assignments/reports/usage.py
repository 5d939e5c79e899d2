"""The usage report (TASK-7; seed 000 Đ10.1.f "báo cáo định kỳ tình hình triển khai công việc của
các đơn vị trên hệ thống phần mềm"; seed 004 Đ10.3.d): per unit and over a period, how many
accounts the unit has, how many of its people signed in and how often, and how much work they
updated in the system.

Figures, per unit (each row rolls up a unit's whole subtree, one level below the chosen unit, as
the evaluation report does — see ``congvu.assignments.reports.selectors``):

- **accounts** (tài khoản hoạt động): active accounts whose current primary post is in the unit;
- **signed in** (số người đăng nhập): distinct people with at least one ``accounts.sign_in`` audit
  event in the period;
- **sign-ins** (lượt đăng nhập): the number of those events;
- **work updated** (công việc được cập nhật): distinct work items on which the unit's people wrote
  an ``assignments.*`` audit event in the period (created, progress, submitted, approved…), and
  the number of such updates.

A person is counted in the unit of their *current* primary post (the audit log does not record
units). Who reads it: administrators (the units they administer) and leaders (the subtrees they
lead). Three grouped queries — accounts, sign-ins, updates — whatever the number of units, plus
one for the distinct total of work updated, and one for the names of the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.accounts.models import User
from congvu.assignments.reports.selectors import Period
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import PATH_STEP, Membership, Unit
from congvu.org.tree import subtree_q

FIGURES = {
    "accounts": _("Tài khoản hoạt động"),
    "signed_in": _("Số người đăng nhập"),
    "sign_ins": _("Lượt đăng nhập"),
    "items_updated": _("Công việc được cập nhật"),
    "updates": _("Lượt cập nhật công việc"),
}
SIGN_IN = "accounts.sign_in"
WORK_PREFIX = "assignments."
WORK_OBJECT = "assignments.assignment"


@dataclass
class UsageScope:
    user: Any
    roots: list[Unit]
    unit: Unit | None = None

    @property
    def paths(self) -> list[str]:
        return [self.unit.path] if self.unit is not None else [r.path for r in self.roots]

    @property
    def key_length(self) -> int:
        if self.unit is not None:
            return len(self.unit.path) + PATH_STEP
        return min((len(r.path) for r in self.roots), default=0) + PATH_STEP

    @property
    def title(self) -> str:
        return self.unit.name if self.unit is not None else ", ".join(r.name for r in self.roots)


def may_read(user: Any) -> bool:
    """Administrators and leaders read the usage report (no query: the person's posts are cached)."""
    return bool(org.managed_unit_paths(user))


def usage_scope(user: Any) -> UsageScope:
    """Administrators: the units they administer; leaders: the subtrees they lead. Refused otherwise."""
    paths = tree.outermost(org.managed_unit_paths(user))
    if "" in paths:
        roots = list(Unit.objects.filter(parent__isnull=True).order_by("path"))
    else:
        roots = list(Unit.objects.filter(path__in=paths).order_by("path")) if paths else []
    if not roots:
        raise Refused("Chỉ quản trị hệ thống và lãnh đạo đơn vị mới xem được báo cáo sử dụng phần mềm.")
    return UsageScope(user=user, roots=roots)


def narrow(scope: UsageScope, unit_id: Any) -> UsageScope:
    if unit_id in (None, ""):
        return scope
    unit = Unit.objects.filter(pk=int(unit_id)).first() if str(unit_id).isdigit() else None
    if unit is None or not any(unit.path.startswith(r.path) for r in scope.roots):
        raise Refused("Đơn vị không thuộc phạm vi ông/bà quản lý.", field="unit")
    return UsageScope(user=scope.user, roots=scope.roots, unit=unit)


def scope_units(scope: UsageScope, *, levels: int = 2) -> list[Unit]:
    query = Q(pk__in=[])
    for root in scope.roots:
        query |= subtree_q([root.path]) & Q(depth__lte=root.depth + levels)
    if scope.unit is not None:
        query |= Q(pk=scope.unit.pk)
    return list(Unit.objects.filter(query).order_by("path"))


@dataclass
class UsageRow:
    key: str = ""
    label: str = ""
    note: str = ""
    unit_id: int | None = None
    unit_path: str = ""
    exact: bool = False
    accounts: int = 0
    signed_in: int = 0
    sign_ins: int = 0
    items_updated: int = 0
    updates: int = 0

    @property
    def signed_in_rate(self) -> float | None:
        """Share of the accounts that signed in at least once, in percent."""
        return round(100 * self.signed_in / self.accounts, 1) if self.accounts else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "label": self.label,
            "exact": self.exact,
            **{name: getattr(self, name) for name in FIGURES},
            "signed_in_rate": self.signed_in_rate,
        }


@dataclass
class UsageReport:
    scope: UsageScope
    period: Period
    rows: list[UsageRow]
    total: UsageRow
    generated_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.period.start,
            "end": self.period.end,
            "period": self.period.label,
            "unit_id": self.scope.unit.pk if self.scope.unit else None,
            "unit": self.scope.title,
            "rows": [r.as_dict() for r in self.rows],
            "totals": self.total.as_dict(),
        }


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period's days as a half-open interval of aware datetimes in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _current_primary_post(prefix: str, today: dt.date) -> Q:
    return Q(**{f"{prefix}is_primary": True, f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def usage_report(scope: UsageScope, period: Period, *, today: dt.date | None = None) -> UsageReport:
    today = today or timezone.localdate()
    length = scope.key_length
    start, end = _bounds(period)
    rows: dict[str, UsageRow] = {}

    def row(path: str) -> UsageRow:
        if path not in rows:
            rows[path] = UsageRow(
                key=path, unit_path=path, unit_id=int(path[-PATH_STEP:]), exact=len(path) < length
            )
        return rows[path]

    accounts = (
        Membership.objects.filter(
            _current_primary_post("", today),
            subtree_q(scope.paths, "unit__"),
            user__status=User.Status.ACTIVE,
        )
        .annotate(group_key=Substr("unit__path", 1, length))
        .values("group_key")
        .annotate(accounts=Count("user_id", distinct=True))
        .order_by()
    )
    for values in accounts:
        row(values["group_key"]).accounts = values["accounts"]

    post = "actor__memberships__"
    in_scope = _current_primary_post(post, today) & subtree_q(scope.paths, f"{post}unit__")
    events = AuditEvent.objects.filter(in_scope, occurred_at__gte=start, occurred_at__lt=end)
    sign_ins = (
        events.filter(action=SIGN_IN)
        .annotate(group_key=Substr(f"{post}unit__path", 1, length))
        .values("group_key")
        .annotate(signed_in=Count("actor_id", distinct=True), sign_ins=Count("id"))
        .order_by()
    )
    for values in sign_ins:
        r = row(values["group_key"])
        r.signed_in, r.sign_ins = values["signed_in"], values["sign_ins"]

    work = events.filter(action__startswith=WORK_PREFIX, object_type=WORK_OBJECT)
    updates = (
        work.annotate(group_key=Substr(f"{post}unit__path", 1, length))
        .values("group_key")
        .annotate(items_updated=Count("object_id", distinct=True), updates=Count("id"))
        .order_by()
    )
    for values in updates:
        r = row(values["group_key"])
        r.items_updated, r.updates = values["items_updated"], values["updates"]

    total = UsageRow(key="total", label=str(_("Tổng cộng")))
    for r in rows.values():
        for name in ("accounts", "signed_in", "sign_ins", "updates"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    # One item updated by people of two units counts once in the total.
    total.items_updated = work.aggregate(n=Count("object_id", distinct=True))["n"] if rows else 0

    # Every unit of the rows' level is listed, with zeros too: a unit nobody signs in from is
    # exactly what this report is for. The same query names the rows.
    level = Q(depth=length // PATH_STEP - 1, is_active=True) & subtree_q(scope.paths)
    wanted = level | Q(pk__in=[r.unit_id for r in rows.values()])
    for _unit_id, name, path in Unit.objects.filter(wanted).values_list("id", "name", "path"):
        row(path).label = name
    for r in rows.values():
        r.label = r.label or f"#{r.unit_id}"
        if r.exact:
            r.note = str(_("trực tiếp"))
    ordered = sorted(rows.values(), key=lambda r: (r.unit_path, not r.exact))
    return UsageReport(
        scope=scope, period=period, rows=ordered, total=total, generated_at=timezone.localtime()
    )
