"""Reads for core's administration screens and API: the audit log and the calendar year."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import holidays
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core import calendar
from congvu.core.models import AuditEvent, CalendarOverride
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import search_text

# --- audit log ------------------------------------------------------------------------------------

# Readable labels for the actions modules record. Unknown codes are shown raw; the raw code is
# always shown beside the label, so nothing is hidden by a missing or stale label.
ACTION_LABELS: dict[str, Any] = {
    "accounts.sign_in": _("Đăng nhập"),
    "accounts.sign_in_failed": _("Đăng nhập không thành công"),
    "accounts.sign_out": _("Đăng xuất"),
    "accounts.password_changed": _("Đổi mật khẩu"),
    "accounts.mfa_enrolled": _("Cài đặt xác thực hai lớp"),
    "accounts.user.created": _("Tạo tài khoản"),
    "accounts.user.updated": _("Sửa tài khoản"),
    "accounts.user.password_reset": _("Cấp lại mật khẩu"),
    "accounts.user.suspend": _("Tạm dừng tài khoản"),
    "accounts.user.reactivate": _("Kích hoạt lại tài khoản"),
    "accounts.user.retire": _("Hủy tài khoản"),
    "org.unit.created": _("Tạo đơn vị"),
    "org.unit.updated": _("Sửa đơn vị"),
    "org.unit.activated": _("Kích hoạt đơn vị"),
    "org.unit.deactivated": _("Ngừng hoạt động đơn vị"),
    "org.membership.started": _("Bố trí vào đơn vị, chức vụ"),
    "org.membership.ended": _("Kết thúc công tác tại đơn vị"),
    "org.role.granted": _("Giao vai trò"),
    "org.role.revoked": _("Thu hồi vai trò"),
    "core.calendar.override_created": _("Thêm ngày điều chỉnh lịch"),
    "core.calendar.override_updated": _("Sửa ngày điều chỉnh lịch"),
    "core.calendar.override_deleted": _("Xóa ngày điều chỉnh lịch"),
    "core.audit.exported": _("Xuất nhật ký hệ thống"),
}
_VERB_LABELS: dict[str, Any] = {
    "created": _("Thêm"),
    "updated": _("Sửa"),
    "deleted": _("Xóa"),
    "activated": _("Dùng lại"),
    "deactivated": _("Ngừng dùng"),
}
_CATALOGUE_LABELS: dict[str, Any] = {
    "documenttype": _("loại văn bản"),
    "field": _("lĩnh vực"),
    "urgencylevel": _("độ khẩn"),
    "confidentialitylevel": _("độ mật"),
    "externalagency": _("cơ quan bên ngoài"),
}
ACTION_PREFIXES: tuple[tuple[str, Any], ...] = (
    ("accounts.", _("Tài khoản, đăng nhập")),
    ("accounts.sign_in", _("Đăng nhập")),
    ("org.", _("Tổ chức")),
    ("catalogues.", _("Danh mục")),
    ("core.calendar.", _("Lịch ngày nghỉ")),
    ("core.audit.", _("Nhật ký hệ thống")),
)
RESULT_LABELS: dict[str, Any] = {
    "ok": _("Thành công"),
    "failed": _("Không thành công"),
    "refused": _("Bị từ chối"),
}


def action_label(code: str) -> str:
    """A readable Vietnamese label for a known action, '' for an unknown one."""
    label = ACTION_LABELS.get(code)
    if label is not None:
        return str(label)
    parts = code.split(".")
    if (
        len(parts) == 3
        and parts[0] == "catalogues"
        and parts[1] in _CATALOGUE_LABELS
        and parts[2] in _VERB_LABELS
    ):
        return f"{_VERB_LABELS[parts[2]]} {_CATALOGUE_LABELS[parts[1]]}"
    return ""


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log screen, its export and the API filter on. Dates are local days."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    ip: str = ""
    result: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items()}


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def is_ip_prefix(value: str) -> bool:
    return bool(value) and all(c in "0123456789abcdefABCDEF:." for c in value)


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events matching ``filters``, any order (the caller orders)."""
    qs = AuditEvent.objects.all()
    if filters.actor:
        who = filters.actor.strip()
        folded = search_text(who)
        condition = Q(actor_name__icontains=who) | Q(on_behalf_of_name__icontains=who)
        if folded:
            condition |= Q(actor__search_text__contains=folded) | Q(
                on_behalf_of__search_text__contains=folded
            )
        # A failed sign-in has no account: the login name typed is kept as the object.
        condition |= Q(actor__isnull=True, action="accounts.sign_in_failed", object_repr__iexact=who)
        qs = qs.filter(condition)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action.strip())
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        qs = qs.filter(occurred_at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    if filters.ip:
        ip = filters.ip.strip()
        try:
            qs = qs.filter(ip=str(ipaddress.ip_address(ip)))
        except ValueError:
            qs = qs.filter(ip__startswith=ip)
    if filters.result:
        qs = qs.filter(result=filters.result)
    return qs


def audit_page(filters: AuditFilters, *, after: str | None, size: int | None = None) -> KeysetPage:
    """One page of the list, newest first. The list needs no join: names are stored on the row."""
    qs = audit_events(filters).defer("before", "after", "prev_hash")
    return keyset_page(qs, order=("-id",), after=after, size=size or settings.PAGE_SIZE)


def audit_rows_for_export(filters: AuditFilters, *, limit: int) -> Iterator[AuditEvent]:
    """The rows of an export, newest first, with the accounts' login names."""
    qs = audit_events(filters).select_related("actor", "on_behalf_of").order_by("-id")[:limit]
    return qs.iterator(chunk_size=2000)


def display_value(value: Any) -> str:
    """A before/after value as people read it: a related row by its name, a list joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, dict):
        if set(value) == {"id", "repr"}:
            return str(value["repr"])
        return "; ".join(f"{k}: {display_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(display_value(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class DiffRow:
    field: str
    before: str
    after: str
    changed: bool


def audit_diff(event: AuditEvent) -> list[DiffRow]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        b = display_value(before.get(key)) if key in before else ""
        a = display_value(after.get(key)) if key in after else ""
        rows.append(DiffRow(key, b, a, key not in before or key not in after or before[key] != after[key]))
    return rows


def object_type_choices() -> list[tuple[str, str]]:
    """Every model's label, for the filter's list (no query)."""
    from django.apps import apps

    choices = [
        (m._meta.label_lower, f"{m._meta.verbose_name} ({m._meta.label_lower})")
        for m in apps.get_models()
        if m._meta.app_label in {"accounts", "org", "core", "catalogues", "notifications"}
        or m._meta.app_label.startswith("congvu")
    ]
    return sorted(choices, key=lambda c: c[0])


# --- calendar -------------------------------------------------------------------------------------

WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


def weekday_name(day: dt.date) -> str:
    return str(WEEKDAY_NAMES[day.weekday()])


@dataclass(frozen=True)
class BaselineDay:
    date: dt.date
    name: str
    is_workday: bool  # a make-up Saturday of the baseline
    counted: bool  # False: in the package but not applied here (24/11 until enacted)
    overridden: bool

    @property
    def weekday(self) -> str:
        return weekday_name(self.date)


@dataclass(frozen=True)
class OverrideRow:
    override: CalendarOverride

    @property
    def weekday(self) -> str:
        return weekday_name(self.override.date)


@dataclass(frozen=True)
class MonthCount:
    month: int
    working_days: int
    days: int


@dataclass(frozen=True)
class CalendarYear:
    year: int
    baseline: list[BaselineDay]
    overrides: list[OverrideRow]
    months: list[MonthCount]
    total: int


def calendar_year(year: int) -> CalendarYear:
    """The national baseline (read-only), the agency's overrides and the working days per month."""
    national = holidays.country_holidays("VN", years=year, language="vi")
    overrides = list(CalendarOverride.objects.filter(date__year=year).order_by("date"))
    overridden = {o.date for o in overrides}
    baseline = [
        BaselineDay(
            day,
            name,
            is_workday=False,
            counted=not (day.month == 11 and day.day == 24 and not settings.VN_CULTURE_DAY_2411),
            overridden=day in overridden,
        )
        for day, name in national.items()
    ]
    baseline += [
        BaselineDay(day, str(_("Ngày làm bù")), is_workday=True, counted=True, overridden=day in overridden)
        for day in getattr(national, "weekend_workdays", set())
        if day.year == year
    ]
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
        months.append(MonthCount(month, calendar.count_working_days(first, last), last.day))
    return CalendarYear(
        year=year,
        baseline=sorted(baseline, key=lambda b: b.date),
        overrides=[OverrideRow(o) for o in overrides],
        months=months,
        total=sum(m.working_days for m in months),
    )
