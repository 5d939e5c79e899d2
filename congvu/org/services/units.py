"""Writing the organisation: units, memberships and roles (ORG-1, ORG-2). Each write is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.text import clean_text
from congvu.org.models import PATH_STEP, Membership, Position, RoleGrant, Unit, validate_agency_code


def _check_code(agency_code: str | None, *, exclude_pk: int | None = None) -> str | None:
    code = (agency_code or "").strip() or None
    if code is None:
        return None
    try:
        validate_agency_code(code)
    except Exception:
        raise Refused(
            f"Mã định danh “{code}” không đúng cấu trúc NNN.NN.NN.XNN (ví dụ 000.00.00.H29).", field="agency_code"
        ) from None
    if Unit.objects.filter(agency_code=code).exclude(pk=exclude_pk).exists():
        raise Refused(f"Mã định danh {code} đã được dùng cho đơn vị khác.", field="agency_code")
    return code


@transaction.atomic
def unit_create(
    *,
    name: str,
    short_name: str,
    parent: Unit | None,
    kind: str = Unit.Kind.DIVISION,
    agency_code: str | None = None,
    sort_order: int = 0,
    actor: Any = None,
) -> Unit:
    name, short_name = clean_text(name), clean_text(short_name)
    if not name:
        raise Refused("Vui lòng nhập tên đơn vị.", field="name")
    if not short_name:
        raise Refused("Vui lòng nhập tên viết tắt.", field="short_name")
    unit = Unit.objects.create(
        name=name,
        short_name=short_name,
        parent=parent,
        kind=kind,
        agency_code=_check_code(agency_code),
        sort_order=sort_order,
        depth=(parent.depth + 1) if parent else 0,
    )
    unit.path = unit.path_for_self()
    unit.save(update_fields=["path"])
    audit.record(actor=actor, action="org.unit.created", obj=unit, after={"name": name, "parent": parent})
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor: Any, **changes: Any) -> Unit:
    """Edit a unit; moving it under another parent rewrites its whole subtree's paths at once."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before: dict[str, Any] = {}
    if "agency_code" in changes:
        changes["agency_code"] = _check_code(changes["agency_code"], exclude_pk=unit.pk)
    for key in ("name", "short_name"):
        if key in changes:
            changes[key] = clean_text(changes[key])
            if not changes[key]:
                raise Refused("Không được để trống.", field=key)
    new_parent = changes.pop("parent", unit.parent)
    for key, value in changes.items():
        if getattr(unit, key) != value:
            before[key] = getattr(unit, key)
            setattr(unit, key, value)
    if (new_parent.pk if new_parent else None) != unit.parent_id:
        if new_parent is not None and new_parent.path.startswith(unit.path):
            raise Refused("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", field="parent")
        before["parent"] = unit.parent
        old_path, old_depth = unit.path, unit.depth
        unit.parent = new_parent
        unit.depth = (new_parent.depth + 1) if new_parent else 0
        unit.path = unit.path_for_self()
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr(F("path"), len(old_path) + 1, Length(F("path")))),
            depth=F("depth") + (unit.depth - old_depth),
        )
        changes["parent"] = new_parent
    unit.save()
    if before:
        audit.record(actor=actor, action="org.unit.updated", obj=unit, before=before, after={k: changes.get(k, getattr(unit, k)) for k in before})
    return unit


def unit_set_active(*, unit: Unit, active: bool, actor: Any) -> Unit:
    if unit.is_active == active:
        return unit
    if not active and Unit.objects.filter(parent=unit, is_active=True).exists():
        raise Refused("Hãy ngừng hoạt động các đơn vị cấp dưới trước.")
    with transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(is_active=active)
        unit.is_active = active
        audit.record(actor=actor, action="org.unit.activated" if active else "org.unit.deactivated", obj=unit)
    return unit


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
    started_on = started_on or timezone.localdate()
    if is_primary:
        Membership.objects.current().filter(user=user, is_primary=True).update(is_primary=False)
    membership = Membership.objects.create(
        user=user, unit=unit, position=position, is_primary=is_primary, started_on=started_on
    )
    if in_charge_of:
        membership.in_charge_of.set(in_charge_of)
    audit.record(
        actor=actor, action="org.membership.started", obj=user, after={"unit": unit, "position": position, "primary": is_primary}
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: Any, ended_on: dt.date | None = None) -> Membership:
    """End a post. The person's past work keeps pointing at this unit (ORG-7)."""
    ended_on = ended_on or timezone.localdate()
    if ended_on < membership.started_on:
        raise Refused("Ngày kết thúc không được trước ngày bắt đầu.", field="ended_on")
    Membership.objects.filter(pk=membership.pk).update(ended_on=ended_on)
    membership.ended_on = ended_on
    audit.record(
        actor=actor, action="org.membership.ended", obj=membership.user, after={"unit": membership.unit, "ended_on": ended_on}
    )
    return membership


def person_move(*, user: Any, to_unit: Unit, position: Position, actor: Any, on: dt.date | None = None) -> Membership:
    """Move a person: end their primary post the day before and start the new one (ORG-7)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        for current in Membership.objects.current().filter(user=user, is_primary=True):
            membership_end(membership=current, actor=actor, ended_on=max(current.started_on, on - dt.timedelta(days=1)))
        return membership_start(user=user, unit=to_unit, position=position, actor=actor, started_on=on)


@transaction.atomic
def role_grant(*, user: Any, role: str, unit: Unit, actor: Any) -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit.record(actor=actor, action="org.role.granted", obj=user, after={"role": role, "unit": unit})
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleGrant, actor: Any) -> None:
    audit.record(actor=actor, action="org.role.revoked", obj=grant.user, before={"role": grant.role, "unit": grant.unit})
    grant.delete()


def position_get_or_create(*, name: str, level: str, sort_order: int = 0) -> Position:
    position, _ = Position.objects.get_or_create(name=name, defaults={"level": level, "sort_order": sort_order})
    return position


__all__ = ["PATH_STEP"]
