"""The organisation's predicates, in its own language (STYLE: Permissions).

Every module asks these questions and no other: ``is_leader_of``, ``in_subtree``, ``is_clerk_of``,
``is_administrator``, ``acts_for``. Answers that depend on a delegation carry the principal in
``Decision.on_behalf_of`` so that the service can record "B thay mặt A" (ORG-8).

A person's current memberships, roles and delegations are read once per request and kept on the
user object (``_org_cache``), so a page that asks many questions pays for them once; between
requests each process keeps them in the cache under the organisation's version (``tree.kept``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects

from congvu.core.decisions import Decision
from congvu.org import tree
from congvu.org.models import Membership, Position, RoleGrant, Unit


@dataclass
class OrgFacts:
    memberships: list[Membership] = field(default_factory=list)
    roles: list[RoleGrant] = field(default_factory=list)
    led_unit_paths: list[str] = field(default_factory=list)  # subtrees this person leads
    headed_unit_paths: list[str] = field(default_factory=list)  # units this person heads


def facts(user: Any) -> OrgFacts:
    if user is None or getattr(user, "pk", None) is None:
        return OrgFacts()
    cached = getattr(user, "_org_cache", None)
    if cached is not None:
        return cached
    facts = tree.kept(user, "facts", lambda now: (_read_facts(user), None))
    user._org_cache = facts
    return facts


def _read_facts(user: Any) -> OrgFacts:
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
    return OrgFacts(memberships, roles, led, headed)


def forget(user: Any) -> None:
    """Drop this request's copy of the person's facts after their posts or roles changed (what
    processes keep between requests follows the organisation's version: ``tree.org_changed``)."""
    if hasattr(user, "_org_version"):
        del user._org_version
    if hasattr(user, "_org_cache"):
        del user._org_cache
    if hasattr(user, "_principals_cache"):
        del user._principals_cache


def memberships(user: Any) -> list[Membership]:
    return facts(user).memberships


def primary_membership(user: Any) -> Membership | None:
    ms = facts(user).memberships
    return next((m for m in ms if m.is_primary), ms[0] if ms else None)


# --- delegation -----------------------------------------------------------------------------------


def acts_for(user: Any, principal: Any) -> bool:
    """Does ``user`` hold ``principal``'s authority now, through an approved delegation in its window?"""
    if user is None or principal is None:
        return False
    return any(p.pk == principal.pk for p in tree.principals(user))


def with_delegation(user: Any, check: Callable[[Any], bool]) -> Decision:
    """Ask ``check(person)`` for the user, then for each person they act for; the answer carries
    ``on_behalf_of`` when only a principal passes (ORG-8)."""
    if user is not None and check(user):
        return Decision.allow()
    for principal in tree.principals(user):
        if check(principal):
            return Decision.allow(on_behalf_of=principal)
    return Decision.deny("")


# --- positions ------------------------------------------------------------------------------------


def leads(user: Any, unit: Unit) -> bool:
    """Head of the unit or of an ancestor, or a deputy in charge of it (seed 000 Đ7), personally."""
    return any(unit.path.startswith(p) for p in facts(user).led_unit_paths)


def leads_exactly(person: Any, unit_path: str) -> bool:
    """Head of this very unit, or a deputy in charge of it — not the leaders of the units above
    (the chairman leads every department, but reports or approves for none of them), personally."""
    return unit_path in facts(person).led_unit_paths


def is_leader_of(user: Any, unit: Unit) -> Decision:
    decision = with_delegation(user, lambda person: leads(person, unit))
    if decision:
        return decision
    return Decision.deny(f"Chỉ lãnh đạo của {unit.name} hoặc cấp trên mới làm được việc này.")


def is_head_of(user: Any, unit: Unit) -> Decision:
    decision = with_delegation(user, lambda person: unit.path in facts(person).headed_unit_paths)
    if decision:
        return decision
    return Decision.deny(f"Chỉ thủ trưởng {unit.name} mới làm được việc này.")


def is_member_of(user: Any, unit: Unit) -> bool:
    return any(m.unit_id == unit.pk for m in facts(user).memberships)


def led_units(user: Any) -> QuerySet[Unit]:
    """Every unit the person leads (their own subtrees), personally or on someone's behalf."""
    paths = list(facts(user).led_unit_paths)
    for principal in tree.principals(user):
        paths.extend(facts(principal).led_unit_paths)
    return Unit.objects.filter(tree.subtree_q(paths))


def headed_units(user: Any) -> list[Unit]:
    return [m.unit for m in facts(user).memberships if m.position.level == Position.Level.HEAD]


def superior_unit(user: Any) -> Unit | None:
    """The unit whose head approves this person's requests (delegations, self-given work): their
    primary unit, or — for its head — the parent unit; None for the head of the top unit."""
    membership = primary_membership(user)
    if membership is None:
        return None
    if membership.position.level == Position.Level.HEAD:
        return membership.unit.parent if membership.unit.parent_id else None
    return membership.unit


def superiors(user: Any) -> list[Any]:
    """The head(s) of ``superior_unit``: who approves this person's requests."""
    unit = superior_unit(user)
    if unit is None:
        return []
    return [head for head in tree.heads_of(unit) if head.pk != user.pk]


# --- functional roles ----------------------------------------------------------------------------


def _has_role(user: Any, role: str, unit: Unit | None) -> bool:
    for grant in facts(user).roles:
        if grant.role == role and (unit is None or unit.path.startswith(grant.unit.path)):
            return True
    return False


def is_clerk_of(user: Any, unit: Unit) -> Decision:
    decision = with_delegation(user, lambda person: _has_role(person, RoleGrant.Role.CLERK, unit))
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
    paths = [g.unit.path for g in facts(user).roles if g.role == RoleGrant.Role.ADMINISTRATOR]
    return Unit.objects.filter(tree.subtree_q(paths))


def has_role(user: Any, role: str) -> bool:
    return any(g.role == role for g in facts(user).roles)


def roles(user: Any) -> list[RoleGrant]:
    return facts(user).roles


# --- what a person may see -----------------------------------------------------------------------


def visible_units(user: Any) -> QuerySet[Unit]:
    """The whole tree is public inside the agency: names and structure are not confidential."""
    return Unit.objects.all()


def managed_unit_paths(user: Any) -> list[str]:
    """Subtrees whose people this user may list: led (incl. on someone's behalf) or administered."""
    if is_system_administrator(user):
        return [""]
    paths = list(facts(user).led_unit_paths)
    for principal in tree.principals(user):
        paths.extend(facts(principal).led_unit_paths)
    paths.extend(g.unit.path for g in facts(user).roles if g.role == RoleGrant.Role.ADMINISTRATOR)
    return paths
