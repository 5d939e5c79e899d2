"""The organisation's predicates, in its own language (STYLE: Permissions).

Every module asks these questions and no other: ``is_leader_of``, ``in_subtree``, ``is_clerk_of``,
``is_administrator``, ``acts_for``. Answers that depend on a delegation carry the principal in
``Decision.on_behalf_of`` so that the service can record "B thay mặt A" (ORG-8).

A person's current memberships, roles and delegations are read once per request and kept on the
user object (``_org_cache``), so a page that asks many questions pays for them once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from congvu.core.decisions import Decision
from congvu.org.models import Delegation, Membership, Position, RoleGrant, Unit


@dataclass
class _OrgFacts:
    memberships: list[Membership] = field(default_factory=list)
    roles: list[RoleGrant] = field(default_factory=list)
    led_unit_paths: list[str] = field(default_factory=list)  # subtrees this person leads
    headed_unit_paths: list[str] = field(default_factory=list)  # units this person heads


def _facts(user: Any) -> _OrgFacts:
    if user is None or getattr(user, "pk", None) is None:
        return _OrgFacts()
    cached = getattr(user, "_org_cache", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.current().filter(user_id=user.pk).select_related("unit", "position")
    )
    deputies = [m for m in memberships if m.position.level == Position.Level.DEPUTY]
    if deputies:  # most people are not deputies: no second query for them
        prefetch_related_objects(deputies, "in_charge_of")
    roles = list(RoleGrant.objects.filter(user_id=user.pk).select_related("unit"))
    led: list[str] = []
    headed: list[str] = []
    for m in memberships:
        if m.position.level == Position.Level.HEAD:
            led.append(m.unit.path)
            headed.append(m.unit.path)
        elif m.position.level == Position.Level.DEPUTY:
            charged = [u.path for u in m.in_charge_of.all()]
            led.extend(charged or [m.unit.path])
    facts = _OrgFacts(memberships, roles, led, headed)
    user._org_cache = facts
    return facts


def forget(user: Any) -> None:
    """Drop the per-request cache after the person's posts or roles changed."""
    if hasattr(user, "_org_cache"):
        del user._org_cache
    if hasattr(user, "_principals_cache"):
        del user._principals_cache


def in_subtree(unit: Unit, root: Unit) -> bool:
    return unit.path.startswith(root.path)


def path_range(field: str, path: str) -> Q:
    """Rows whose ``field`` (a materialised path) lies in the subtree at ``path``.

    Paths are digits in fixed-width steps, so the subtree is the range [path, path + 1): an index
    range scan on both databases (SQLite cannot serve ``LIKE 'p%'`` from its index).
    """
    if not path:
        return Q()
    upper = str(int(path) + 1).zfill(len(path))
    return Q(**{f"{field}__gte": path, f"{field}__lt": upper})


def subtree(root: Unit) -> QuerySet[Unit]:
    """The unit and everything below it: one indexed range query."""
    return Unit.objects.filter(path_range("path", root.path))


def _paths_q(paths: list[str], prefix: str = "") -> Q:
    if "" in paths:
        return Q()
    query = Q(pk__in=[])
    for path in paths:
        query |= path_range(f"{prefix}path", path)
    return query


def memberships(user: Any) -> list[Membership]:
    return _facts(user).memberships


def primary_membership(user: Any) -> Membership | None:
    ms = _facts(user).memberships
    return next((m for m in ms if m.is_primary), ms[0] if ms else None)


# --- delegation -----------------------------------------------------------------------------------


def active_delegations_to(user: Any, at=None) -> QuerySet[Delegation]:
    at = at or timezone.now()
    return Delegation.objects.filter(
        delegate_id=user.pk, status=Delegation.Status.APPROVED, starts_at__lte=at, ends_at__gt=at
    ).select_related("principal")


def principals(user: Any) -> list[Any]:
    """The people whose processing authority ``user`` holds right now (not including themselves)."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    cached = getattr(user, "_principals_cache", None)
    if cached is None:
        cached = [d.principal for d in active_delegations_to(user)]
        user._principals_cache = cached
    return cached


def acts_for(user: Any, principal: Any) -> bool:
    """Does ``user`` hold ``principal``'s authority now, through an approved delegation in its window?"""
    if user is None or principal is None:
        return False
    return any(p.pk == principal.pk for p in principals(user))


def _with_delegation(user: Any, check) -> Decision:
    """Ask ``check(person)`` for the user, then for each person they act for."""
    if check(user):
        return Decision.allow()
    for principal in principals(user):
        if check(principal):
            return Decision.allow(on_behalf_of=principal)
    return Decision.deny("")


# --- positions ------------------------------------------------------------------------------------


def leads(user: Any, unit: Unit) -> bool:
    """Head of the unit or of an ancestor, or a deputy in charge of it (seed 000 Đ7), personally."""
    return any(unit.path.startswith(p) for p in _facts(user).led_unit_paths)


def is_leader_of(user: Any, unit: Unit) -> Decision:
    decision = _with_delegation(user, lambda person: leads(person, unit))
    if decision:
        return decision
    return Decision.deny(f"Chỉ lãnh đạo của {unit.name} hoặc cấp trên mới làm được việc này.")


def is_head_of(user: Any, unit: Unit) -> Decision:
    decision = _with_delegation(user, lambda person: unit.path in _facts(person).headed_unit_paths)
    if decision:
        return decision
    return Decision.deny(f"Chỉ thủ trưởng {unit.name} mới làm được việc này.")


def is_member_of(user: Any, unit: Unit) -> bool:
    return any(m.unit_id == unit.pk for m in _facts(user).memberships)


def led_units(user: Any) -> QuerySet[Unit]:
    """Every unit the person leads (their own subtrees), personally or on someone's behalf."""
    paths = list(_facts(user).led_unit_paths)
    for principal in principals(user):
        paths.extend(_facts(principal).led_unit_paths)
    return Unit.objects.filter(_paths_q(paths))


def headed_units(user: Any) -> list[Unit]:
    return [m.unit for m in _facts(user).memberships if m.position.level == Position.Level.HEAD]


def superiors(user: Any) -> list[Any]:
    """Who approves this person's requests: the head of their primary unit, or — for a head — the
    head of the parent unit. Empty for the head of the top unit."""
    from congvu.accounts.models import User

    membership = primary_membership(user)
    if membership is None:
        return []
    unit = membership.unit
    if membership.position.level == Position.Level.HEAD:
        if unit.parent is None:
            return []
        unit = unit.parent
    heads = User.objects.filter(
        status=User.Status.ACTIVE,
        memberships__in=Membership.objects.current().filter(unit=unit, position__level=Position.Level.HEAD),
    ).exclude(pk=user.pk)
    return list(heads.distinct())


# --- functional roles ----------------------------------------------------------------------------


def _has_role(user: Any, role: str, unit: Unit | None) -> bool:
    for grant in _facts(user).roles:
        if grant.role == role and (unit is None or unit.path.startswith(grant.unit.path)):
            return True
    return False


def is_clerk_of(user: Any, unit: Unit) -> Decision:
    decision = _with_delegation(user, lambda person: _has_role(person, RoleGrant.Role.CLERK, unit))
    return decision if decision else Decision.deny(f"Chỉ văn thư của {unit.name} mới làm được việc này.")


def is_system_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "is_staff", False))


def is_administrator(user: Any, unit: Unit | None = None) -> Decision:
    """A system administrator, or an administrator granted on the unit or an ancestor.

    Administration is never lent through a delegation: it is a role, not processing authority.
    """
    if user is None or getattr(user, "pk", None) is None:
        return Decision.deny("Vui lòng đăng nhập.")
    if is_system_administrator(user) or _has_role(user, RoleGrant.Role.ADMINISTRATOR, unit):
        return Decision.allow()
    return Decision.deny("Chỉ quản trị hệ thống mới làm được việc này.")


def administered_units(user: Any) -> QuerySet[Unit]:
    if is_system_administrator(user):
        return Unit.objects.all()
    paths = [g.unit.path for g in _facts(user).roles if g.role == RoleGrant.Role.ADMINISTRATOR]
    return Unit.objects.filter(_paths_q(paths))


def has_role(user: Any, role: str) -> bool:
    return any(g.role == role for g in _facts(user).roles)


def roles(user: Any) -> list[RoleGrant]:
    return _facts(user).roles


# --- what a person may see -----------------------------------------------------------------------


def visible_units(user: Any) -> QuerySet[Unit]:
    """The whole tree is public inside the agency: names and structure are not confidential."""
    return Unit.objects.all()


def managed_unit_paths(user: Any) -> list[str]:
    """Subtrees whose people this user may list: led (incl. on someone's behalf) or administered."""
    if is_system_administrator(user):
        return [""]
    paths = list(_facts(user).led_unit_paths)
    for principal in principals(user):
        paths.extend(_facts(principal).led_unit_paths)
    paths.extend(g.unit.path for g in _facts(user).roles if g.role == RoleGrant.Role.ADMINISTRATOR)
    return paths


def units_q(paths: list[str], prefix: str = "") -> Q:
    """A filter for rows whose unit (reached through ``prefix``) lies in one of the subtrees."""
    return _paths_q(paths, prefix)
