"""Writing the organisation: units, positions, memberships and roles (ORG-1, ORG-2). Each write is
audited in its own transaction.

Every service checks its guard again (STYLE: a view's check is never the only one): the actor must
be an administrator of the unit concerned (``policies.is_administrator``). ``actor=None`` means the
system itself — management commands, the demo loader, data migrations — and is always allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.text import clean_text
from congvu.org import policies, tree
from congvu.org.models import PATH_STEP, Membership, Position, RoleGrant, Unit, validate_agency_code
from congvu.org.tree import subtree_q

NAME_MAX: int = Unit._meta.get_field("name").max_length or 255
SHORT_NAME_MAX: int = Unit._meta.get_field("short_name").max_length or 30
UNIT_FIELDS = {"name", "short_name", "agency_code", "kind", "is_office", "sort_order", "parent", "is_active"}


# --- guards ---------------------------------------------------------------------------------------


def _require_administrator(actor: Any, unit: Unit | None) -> None:
    """Refuse unless ``actor`` administers ``unit`` (``None``: a top-level unit, system-wide)."""
    if actor is None:
        return
    if unit is None:
        if not policies.is_system_administrator(actor):
            raise Refused.not_allowed("Chỉ quản trị hệ thống mới tạo được đơn vị cấp cao nhất.")
        return
    if not policies.is_administrator(actor, unit):
        raise Refused.not_allowed(f"Bạn không có quyền quản trị {unit.name}.")


def _require_catalogue_administrator(actor: Any) -> None:
    """The positions catalogue is shared by the whole tree: system administrators, or an
    administrator granted on a top-level unit."""
    if actor is None or policies.is_system_administrator(actor):
        return
    if any(
        g.role == RoleGrant.Role.ADMINISTRATOR and g.unit.parent_id is None for g in policies.roles(actor)
    ):
        return
    raise Refused.not_allowed("Chỉ quản trị cấp tỉnh (cơ quan cao nhất) mới sửa được danh mục chức vụ.")


# --- units ----------------------------------------------------------------------------------------


def _check_code(agency_code: str | None, *, exclude_pk: int | None = None) -> str | None:
    """R-ID-1 (structure) and R-ID-3 (unique); the code is stored as typed, never reformatted."""
    code = (agency_code or "").strip() or None
    if code is None:
        return None
    try:
        validate_agency_code(code)
    except Exception:
        raise Refused(
            f"Mã định danh “{code}” không đúng cấu trúc NNN.NN.NN.XNN (ví dụ 000.00.00.H29).",
            field="agency_code",
        ) from None
    taken = Unit.objects.filter(agency_code=code).exclude(pk=exclude_pk or 0).first()
    if taken is not None:
        raise Refused(f"Mã định danh {code} đã được dùng cho đơn vị “{taken.name}”.", field="agency_code")
    return code


def _check_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise Refused("Vui lòng nhập tên đơn vị.", field="name")
    if len(name) > NAME_MAX:
        raise Refused(f"Tên đơn vị dài tối đa {NAME_MAX} ký tự.", field="name")
    return name


def _check_short_name(short_name: str) -> str:
    short_name = clean_text(short_name)
    if not short_name:
        raise Refused("Vui lòng nhập tên viết tắt.", field="short_name")
    if len(short_name) > SHORT_NAME_MAX:
        raise Refused(f"Tên viết tắt dài tối đa {SHORT_NAME_MAX} ký tự.", field="short_name")
    return short_name


def _check_kind(kind: str) -> str:
    if kind not in Unit.Kind.values:
        raise Refused("Loại đơn vị không hợp lệ.", field="kind")
    return kind


def _check_sort_order(sort_order: Any) -> int:
    try:
        value = int(sort_order)
    except (TypeError, ValueError):
        raise Refused("Thứ tự phải là một số nguyên không âm.", field="sort_order") from None
    if value < 0:
        raise Refused("Thứ tự phải là một số nguyên không âm.", field="sort_order")
    return value


@transaction.atomic
def unit_create(
    *,
    name: str,
    short_name: str,
    parent: Unit | None,
    kind: str = Unit.Kind.DIVISION,
    agency_code: str | None = None,
    sort_order: int = 0,
    is_office: bool = False,
    actor: Any = None,
) -> Unit:
    """Create a unit under ``parent`` (ORG-1). Its path is its parent's path plus its own id."""
    _require_administrator(actor, parent)
    name, short_name = _check_name(name), _check_short_name(short_name)
    kind, sort_order = _check_kind(kind), _check_sort_order(sort_order)
    if parent is not None:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
        if not parent.is_active:
            raise Refused(
                f"{parent.name} đã ngừng hoạt động, không thêm được đơn vị cấp dưới.", field="parent"
            )
    unit = Unit.objects.create(
        name=name,
        short_name=short_name,
        parent=parent,
        kind=kind,
        is_office=_check_is_office(is_office, parent),
        agency_code=_check_code(agency_code),
        sort_order=sort_order,
        depth=(parent.depth + 1) if parent else 0,
    )
    unit.path = unit.path_for_self()
    unit.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="org.unit.created",
        obj=unit,
        after={
            "name": name,
            "short_name": short_name,
            "agency_code": unit.agency_code,
            "parent": parent,
            "kind": kind,
            "is_office": unit.is_office,
        },
    )
    return unit


def _check_is_office(value: Any, parent: Unit | None) -> bool:
    if not isinstance(value, bool):
        raise Refused("Giá trị không hợp lệ.", field="is_office")
    if value and parent is None:
        raise Refused("Đơn vị cấp cao nhất không là văn phòng của cơ quan nào.", field="is_office")
    return value


@transaction.atomic
def unit_update(*, unit: Unit, actor: Any, **changes: Any) -> Unit:
    """Edit a unit (name, short_name, agency_code, kind, sort_order, parent, is_active).

    Moving it under another parent rewrites its whole subtree's paths and depths in one UPDATE;
    a unit cannot move under itself or one of its descendants. The actor must administer the unit
    and, when it moves, the new parent.
    """
    unknown = set(changes) - UNIT_FIELDS
    if unknown:
        raise Refused(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require_administrator(actor, unit)
    if "name" in changes:
        changes["name"] = _check_name(changes["name"])
    if "short_name" in changes:
        changes["short_name"] = _check_short_name(changes["short_name"])
    if "kind" in changes:
        changes["kind"] = _check_kind(changes["kind"])
    if "sort_order" in changes:
        changes["sort_order"] = _check_sort_order(changes["sort_order"])
    if "agency_code" in changes:
        changes["agency_code"] = _check_code(changes["agency_code"], exclude_pk=unit.pk)
    if "is_office" in changes:
        changes["is_office"] = _check_is_office(changes["is_office"], changes.get("parent", unit.parent))
    active = changes.pop("is_active", unit.is_active)
    new_parent = changes.pop("parent", unit.parent)

    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in changes.items():
        if getattr(unit, key) != value:
            before[key], after[key] = getattr(unit, key), value
            setattr(unit, key, value)

    if (new_parent.pk if new_parent else None) != unit.parent_id:
        if new_parent is not None:
            new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)  # its current path
            if new_parent.path.startswith(unit.path):
                raise Refused(
                    "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", field="parent"
                )
            if not new_parent.is_active:
                raise Refused(f"{new_parent.name} đã ngừng hoạt động.", field="parent")
        _require_administrator(actor, new_parent)
        before["parent"], after["parent"] = unit.parent, new_parent
        old_path, old_depth = unit.path, unit.depth
        unit.parent = new_parent
        unit.depth = (new_parent.depth + 1) if new_parent else 0
        unit.path = unit.path_for_self()
        Unit.objects.filter(subtree_q([old_path])).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr(F("path"), len(old_path) + 1, Length(F("path")))),
            depth=F("depth") + (unit.depth - old_depth),
        )

    if active != unit.is_active:
        _check_can_set_active(unit, active)
        before["is_active"], after["is_active"] = unit.is_active, active
        unit.is_active = active

    if before:
        unit.save()
        audit.record(actor=actor, action="org.unit.updated", obj=unit, before=before, after=after)
    return unit


def _check_can_set_active(unit: Unit, active: bool) -> None:
    if not active and Unit.objects.filter(parent=unit, is_active=True).exists():
        raise Refused("Hãy ngừng hoạt động các đơn vị cấp dưới trước.", field="is_active")
    if active and unit.parent_id and not Unit.objects.filter(pk=unit.parent_id, is_active=True).exists():
        raise Refused(
            "Đơn vị cấp trên đang ngừng hoạt động: hãy kích hoạt lại đơn vị cấp trên trước.",
            field="is_active",
        )


def unit_set_active(*, unit: Unit, active: bool, actor: Any) -> Unit:
    """Deactivate (refused while it has active children) or reactivate a unit. Nothing is deleted."""
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        _require_administrator(actor, locked)
        if locked.is_active == active:
            unit.is_active = active
            return unit
        _check_can_set_active(locked, active)
        Unit.objects.filter(pk=unit.pk).update(is_active=active)
        tree.org_changed()
        unit.is_active = active
        audit.record(actor=actor, action="org.unit.activated" if active else "org.unit.deactivated", obj=unit)
    return unit


# --- positions ------------------------------------------------------------------------------------


def _check_position(
    name: str, level: str, sort_order: Any, *, exclude_pk: int | None = None
) -> tuple[str, str, int]:
    name = clean_text(name)
    if not name:
        raise Refused("Vui lòng nhập tên chức vụ.", field="name")
    if len(name) > int(Position._meta.get_field("name").max_length or 0):
        raise Refused("Tên chức vụ quá dài.", field="name")
    if level not in Position.Level.values:
        raise Refused("Cấp của chức vụ không hợp lệ.", field="level")
    if Position.objects.filter(name__iexact=name).exclude(pk=exclude_pk or 0).exists():
        raise Refused(f"Chức vụ “{name}” đã có trong danh mục.", field="name")
    return name, level, _check_sort_order(sort_order)


@transaction.atomic
def position_create(*, name: str, level: str, sort_order: int = 0, actor: Any) -> Position:
    """Add a post to the catalogue (ORG-2)."""
    _require_catalogue_administrator(actor)
    name, level, sort_order = _check_position(name, level, sort_order)
    position = Position.objects.create(name=name, level=level, sort_order=sort_order)
    audit.record(
        actor=actor, action="org.position.created", obj=position, after={"name": name, "level": level}
    )
    return position


@transaction.atomic
def position_update(*, position: Position, actor: Any, **changes: Any) -> Position:
    unknown = set(changes) - {"name", "level", "sort_order"}
    if unknown:
        raise Refused(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    _require_catalogue_administrator(actor)
    position = Position.objects.select_for_update().get(pk=position.pk)
    name, level, sort_order = _check_position(
        changes.get("name", position.name),
        changes.get("level", position.level),
        changes.get("sort_order", position.sort_order),
        exclude_pk=position.pk,
    )
    new = {"name": name, "level": level, "sort_order": sort_order}
    before = {k: getattr(position, k) for k, v in new.items() if getattr(position, k) != v}
    if not before:
        return position
    for key in before:
        setattr(position, key, new[key])
    position.save(update_fields=list(before))
    audit.record(
        actor=actor,
        action="org.position.updated",
        obj=position,
        before=before,
        after={k: new[k] for k in before},
    )
    return position


def position_get_or_create(*, name: str, level: str, sort_order: int = 0) -> Position:
    position, _ = Position.objects.get_or_create(
        name=name, defaults={"level": level, "sort_order": sort_order}
    )
    return position


# --- memberships ----------------------------------------------------------------------------------


def _held_on(day: dt.date):
    """Memberships held on ``day`` (started on or before it, not ended before it)."""
    return Membership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


def _check_in_charge(unit: Unit, position: Position, in_charge_of: list[Unit]) -> list[Unit]:
    """A deputy is in charge of units of their own unit's subtree (seed 000 Đ7.3)."""
    if not in_charge_of:
        return []
    if position.level != Position.Level.DEPUTY:
        raise Refused("Chỉ cấp phó mới được giao phụ trách đơn vị.", field="in_charge_of")
    fresh = list(Unit.objects.filter(pk__in=[u.pk for u in in_charge_of]))
    outside = [u.name for u in fresh if not u.path.startswith(unit.path)]
    if outside:
        raise Refused(
            f"Chỉ được giao phụ trách các đơn vị thuộc {unit.name}; không thuộc: {', '.join(outside)}.",
            field="in_charge_of",
        )
    return fresh


@transaction.atomic
def membership_start(
    *,
    user: Any,
    unit: Unit,
    position: Position,
    actor: Any,
    is_primary: bool = True,
    started_on: dt.date | None = None,
    in_charge_of: list[Unit] | None = None,
) -> Membership:
    """Give a person a post in a unit. A new primary post makes the others secondary (kiêm nhiệm)."""
    _require_administrator(actor, unit)
    started_on = calendar.check_in_horizon(started_on or timezone.localdate(), field="started_on")
    if not unit.is_active:
        raise Refused(f"{unit.name} đã ngừng hoạt động.", field="unit")
    if getattr(user, "status", "active") == "retired":
        raise Refused(f"Tài khoản {user} đã bị hủy, không giao chức vụ được.", field="user")
    if _held_on(started_on).filter(user=user, unit=unit, position=position).exists():
        raise Refused(f"{user} đã giữ chức vụ {position} tại {unit.name}.", field="position")
    charged = _check_in_charge(unit, position, list(in_charge_of or []))
    if is_primary:
        Membership.objects.current().filter(user=user, is_primary=True).update(is_primary=False)
        tree.org_changed()
    membership = Membership.objects.create(
        user=user, unit=unit, position=position, is_primary=is_primary, started_on=started_on
    )
    if charged:
        membership.in_charge_of.set(charged)
    audit.record(
        actor=actor,
        action="org.membership.started",
        obj=user,
        after={
            "unit": unit,
            "position": position,
            "primary": is_primary,
            "started_on": started_on,
            "in_charge_of": charged,
        },
    )
    policies.forget(user)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: Any, ended_on: dt.date | None = None) -> Membership:
    """End a post. The person's past work keeps pointing at this unit (ORG-7)."""
    membership = Membership.objects.select_for_update().select_related("unit", "user").get(pk=membership.pk)
    _require_administrator(actor, membership.unit)
    ended_on = calendar.check_in_horizon(ended_on or timezone.localdate(), field="ended_on")
    if membership.ended_on is not None and membership.ended_on < timezone.localdate():
        raise Refused("Chức vụ này đã kết thúc.", field="ended_on")
    # The end date is the last day held. The day before the start means "never held" (a post
    # withdrawn, or a person moved, on the day it began); earlier than that is an error.
    if ended_on < membership.started_on - dt.timedelta(days=1):
        raise Refused("Ngày kết thúc không được trước ngày bắt đầu.", field="ended_on")
    Membership.objects.filter(pk=membership.pk).update(ended_on=ended_on)
    tree.org_changed()
    membership.ended_on = ended_on
    audit.record(
        actor=actor,
        action="org.membership.ended",
        obj=membership.user,
        after={"unit": membership.unit, "position": membership.position, "ended_on": ended_on},
    )
    policies.forget(membership.user)
    return membership


@transaction.atomic
def membership_set_in_charge(*, membership: Membership, units: list[Unit], actor: Any) -> Membership:
    """Set the units a deputy is in charge of; none means in charge of the whole unit (seed 000 Đ7.3)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("unit", "position", "user")
        .get(pk=membership.pk)
    )
    _require_administrator(actor, membership.unit)
    if membership.position.level != Position.Level.DEPUTY:
        raise Refused("Chỉ cấp phó mới được giao phụ trách đơn vị.", field="in_charge_of")
    charged = _check_in_charge(membership.unit, membership.position, list(units))
    before = sorted(membership.in_charge_of.values_list("name", flat=True))
    membership.in_charge_of.set(charged)
    after = sorted(u.name for u in charged)
    if before != after:
        audit.record(
            actor=actor,
            action="org.membership.in_charge_set",
            obj=membership.user,
            before={"unit": membership.unit, "in_charge_of": before},
            after={"unit": membership.unit, "in_charge_of": after},
        )
    policies.forget(membership.user)
    return membership


def person_move(
    *, user: Any, to_unit: Unit, position: Position, actor: Any, on: dt.date | None = None
) -> Membership:
    """Move a person: their primary post ends the day before ``on`` and the new one starts on it (ORG-7).

    Work done under the old post keeps pointing at the old unit. The actor must administer both the
    unit the person leaves and the unit they join.
    """
    on = calendar.check_in_horizon(on or timezone.localdate(), field="on")
    with transaction.atomic():
        current = list(
            Membership.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=on), user=user, is_primary=True
            )
            .select_related("unit")
            .select_for_update(of=("self",))
        )
        if any(m.unit_id == to_unit.pk and m.position_id == position.pk for m in current):
            raise Refused(f"{user} đang giữ chức vụ {position} tại {to_unit.name}.", field="to_unit")
        for membership in current:
            if on < membership.started_on:
                raise Refused(
                    f"Ngày chuyển phải từ ngày {membership.started_on:%d/%m/%Y} (ngày bắt đầu chức vụ hiện tại).",
                    field="on",
                )
            membership_end(membership=membership, actor=actor, ended_on=on - dt.timedelta(days=1))
        return membership_start(user=user, unit=to_unit, position=position, actor=actor, started_on=on)


# --- functional roles -----------------------------------------------------------------------------


@transaction.atomic
def role_grant(*, user: Any, role: str, unit: Unit, actor: Any) -> RoleGrant:
    """Grant a functional role on a unit; it covers the unit's whole subtree (ORG-2)."""
    _require_administrator(actor, unit)
    if role not in RoleGrant.Role.values:
        raise Refused("Vai trò không hợp lệ.", field="role")
    if getattr(user, "status", "active") == "retired":
        raise Refused(f"Tài khoản {user} đã bị hủy, không giao vai trò được.", field="user")
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit.record(actor=actor, action="org.role.granted", obj=user, after={"role": role, "unit": unit})
        policies.forget(user)
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, actor: Any) -> None:
    _require_administrator(actor, grant.unit)
    if (
        actor is not None
        and getattr(actor, "pk", None) == grant.user_id
        and grant.role == RoleGrant.Role.ADMINISTRATOR
    ):
        raise Refused("Bạn không thể tự thu hồi vai trò quản trị của chính mình.")
    audit.record(
        actor=actor,
        action="org.role.revoked",
        obj=grant.user,
        before={"role": grant.role, "unit": grant.unit},
    )
    grant.delete()
    policies.forget(grant.user)


__all__ = ["PATH_STEP"]
