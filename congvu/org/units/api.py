"""The organisation in the JSON API (/api/v1/units, /api/v1/positions): a second adapter over the
same policies, selectors and services as the screens (ORG-1, ORG-2).

- Unit names and structure are readable by every signed-in person (``policies.visible_units``):
  other modules and integrations need them to address documents and work.
- Members of a unit are readable by whoever may open the unit's page (its administrators and
  leaders, ``unit_policies.can_view_unit``).
- Creating and changing units needs an administrator of the unit (or of the new parent).
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import policies, tree
from congvu.org.models import Membership, Unit
from congvu.org.units import policies as unit_policies
from congvu.org.units import selectors as unit_selectors
from congvu.org.units import services as services

router = Router(tags=["organisation"])


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    agency_code: str | None
    parent_id: Id | None
    kind: str
    is_office: bool
    depth: int
    is_active: bool
    sort_order: int


class UnitIn(Schema):
    name: str
    short_name: str
    parent_id: Id | None = None
    kind: str = Unit.Kind.DIVISION
    is_office: bool = False
    agency_code: str | None = None
    sort_order: int = 0


class UnitPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    parent_id: Id | None = Field(None, description="Chuyển đơn vị sang đơn vị cấp trên khác.")
    kind: str | None = None
    is_office: bool | None = None
    agency_code: str | None = None
    sort_order: int | None = None
    is_active: bool | None = None


class MemberOut(Schema):
    membership_id: Id
    user_id: Id
    username: str
    full_name: str
    position_id: Id
    position: str
    level: str
    is_primary: bool
    started_on: dt.date
    in_charge_of: list[int]


class PositionOut(Schema):
    id: int
    name: str
    level: str
    sort_order: int


UNIT_FIELDS = (
    "id",
    "name",
    "short_name",
    "agency_code",
    "parent_id",
    "kind",
    "is_office",
    "depth",
    "is_active",
    "sort_order",
)


def _visible_unit(request, unit_id: Id) -> Unit:
    unit = policies.visible_units(request.user).filter(pk=unit_id).first() if 0 < unit_id < 2**63 else None
    if unit is None:
        raise Refused.not_found("Không tìm thấy đơn vị.")
    return unit


@router.get(
    "/units",
    response=errors(400, 404, ok=list[UnitOut]),
    summary="Danh sách đơn vị (cả cây, hoặc một nhánh với ?root=ID)",
)
def list_units(request, root: int | None = None):
    qs = policies.visible_units(request.user)
    if root is not None:
        qs = qs.filter(tree.subtree_q([_visible_unit(request, root).path]))
    return list(qs.order_by("path").values(*UNIT_FIELDS))


@router.get("/units/{unit_id}", response=errors(404, ok=UnitOut))
def get_unit(request, unit_id: Id):
    return _visible_unit(request, unit_id)


@router.get(
    "/units/{unit_id}/members",
    response=errors(403, 404, ok=list[MemberOut]),
    summary="Người đang công tác tại đơn vị",
)
def list_members(request, unit_id: Id):
    unit = _visible_unit(request, unit_id)
    unit_policies.can_view_unit(request.user, unit).require()
    rows = (
        Membership.objects.current()
        .filter(unit=unit)
        .select_related("user", "position")
        .prefetch_related("in_charge_of")
        .order_by(*unit_selectors.MEMBER_ORDER)
    )
    return [
        {
            "membership_id": m.pk,
            "user_id": m.user_id,
            "username": m.user.username,
            "full_name": m.user.full_name,
            "position_id": m.position_id,
            "position": m.position.name,
            "level": m.position.level,
            "is_primary": m.is_primary,
            "started_on": m.started_on,
            "in_charge_of": [u.pk for u in m.in_charge_of.all()],
        }
        for m in rows
    ]


@router.post(
    "/units", response=errors(400, 403, 404, ok=UnitOut, ok_status=201), summary="Tạo đơn vị (quản trị)"
)
def create_unit(request, payload: UnitIn):
    parent = _visible_unit(request, payload.parent_id) if payload.parent_id is not None else None
    unit_policies.can_create_unit(request.user, parent).require()
    unit = services.unit_create(
        name=payload.name,
        short_name=payload.short_name,
        parent=parent,
        kind=payload.kind,
        is_office=payload.is_office,
        agency_code=payload.agency_code,
        sort_order=payload.sort_order,
        actor=request.user,
    )
    return Status(201, unit)


@router.patch(
    "/units/{unit_id}",
    response=errors(400, 403, 404, 409, ok=UnitOut),
    summary="Sửa hoặc chuyển đơn vị (quản trị)",
)
def update_unit(request, unit_id: Id, payload: UnitPatch):
    unit = _visible_unit(request, unit_id)
    unit_policies.can_manage_unit(request.user, unit).require()
    changes = payload.dict(exclude_unset=True)
    if "parent_id" in changes:
        parent_id = changes.pop("parent_id")
        changes["parent"] = _parent_or_refuse(request, parent_id)
    for key in ("name", "short_name", "kind", "is_office", "sort_order", "is_active"):
        if key in changes and changes[key] is None:
            raise Refused("Không được để trống.", field=key)
    return services.unit_update(unit=unit, actor=request.user, **changes)


def _parent_or_refuse(request, parent_id: Id | None) -> Unit | None:
    if parent_id is None:
        return None
    parent = policies.visible_units(request.user).filter(pk=parent_id).first()
    if parent is None:
        raise Refused("Không tìm thấy đơn vị cấp trên.", field="parent_id")
    return parent


@router.get("/positions", response=errors(400, ok=list[PositionOut]), summary="Danh mục chức vụ")
def list_positions(request):
    return list(unit_selectors.positions().values("id", "name", "level", "sort_order"))
