"""Reads for the organisation screens and API (STYLE: selectors), each with its query budget.

Subtrees are read as index ranges on the materialised path (``congvu.org.tree``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congvu.core import registry
from congvu.core.decisions import Refused
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import search_text, sort_key
from congvu.org import policies
from congvu.org.models import Membership, Position, RoleGrant, Unit
from congvu.org.tree import subtree_q

# --- "Cơ cấu tổ chức": the tree ------------------------------------------------------------------


@dataclass
class TreeNode:
    id: int
    name: str
    short_name: str
    agency_code: str | None
    kind: str
    kind_label: str
    is_active: bool
    parent_id: int | None
    depth: int
    level: int = 0  # depth below the subtree root shown
    head_name: str = ""
    member_count: int = 0
    has_children: bool = False
    open: bool = False
    closes: range = field(default_factory=lambda: range(0))


def tree_nodes(paths: list[str], *, open_levels: int = 1) -> list[TreeNode]:
    """The subtrees under ``paths`` as a flat, pre-ordered list ready for nested lists, with each
    unit's head and its count of active members: three queries whatever the size of the tree.

    Siblings are ordered by ``sort_order`` then name. ``closes`` tells the template how many
    levels to close after a node (a flat loop renders the nesting; no recursive includes).
    """
    if not paths:
        return []
    kinds = {value: str(label) for value, label in Unit.Kind.choices}
    rows = list(
        Unit.objects.filter(subtree_q(paths))
        .order_by()
        .values_list(
            "id", "name", "short_name", "agency_code", "kind", "is_active", "parent_id", "depth", "sort_order"
        )
    )
    heads: dict[int, str] = {}
    for unit_id, full_name in (
        Membership.objects.current()
        .filter(subtree_q(paths, "unit__"), position__level=Position.Level.HEAD, user__status="active")
        .order_by("-is_primary", "position__sort_order", "started_on", "id")
        .values_list("unit_id", "user__full_name")
    ):
        heads.setdefault(unit_id, full_name)
    counts = dict(
        Membership.objects.current()
        .filter(subtree_q(paths, "unit__"), user__status="active")
        .order_by()
        .values("unit_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("unit_id", "n")
    )
    nodes = {
        r[0]: TreeNode(
            id=r[0],
            name=r[1],
            short_name=r[2],
            agency_code=r[3],
            kind=r[4],
            kind_label=kinds.get(r[4], r[4]),
            is_active=r[5],
            parent_id=r[6],
            depth=r[7],
            head_name=heads.get(r[0], ""),
            member_count=counts.get(r[0], 0),
        )
        for r in rows
    }
    name_keys: dict[str, Any] = {}  # the same division names recur in every department and district
    order = {
        r[0]: (r[8], name_keys.get(r[1]) or name_keys.setdefault(r[1], sort_key(r[1])), r[0]) for r in rows
    }
    children: dict[int | None, list[int]] = {}
    roots: list[int] = []
    for r in rows:
        if r[6] in nodes:
            children.setdefault(r[6], []).append(r[0])
        else:
            roots.append(r[0])
    for ids in children.values():
        ids.sort(key=order.__getitem__)
    roots.sort(key=order.__getitem__)

    flat: list[TreeNode] = []
    for root_id in roots:
        stack: list[tuple[int, int]] = [(root_id, 0)]
        while stack:
            unit_id, level = stack.pop()
            node = nodes[unit_id]
            node.level = level
            node.has_children = bool(children.get(unit_id))
            node.open = level < open_levels
            flat.append(node)
            for child in reversed(children.get(unit_id, [])):
                stack.append((child, level + 1))
        # After each node, close the levels between it and the next node of this root.
    for i, node in enumerate(flat):
        if node.has_children:
            continue
        nxt = flat[i + 1] if i + 1 < len(flat) else None
        next_level = nxt.level if nxt is not None and nxt.level > 0 else 0
        node.closes = range(node.level - next_level)
    return flat


# --- one unit --------------------------------------------------------------------------------------


def unit_ancestors(unit: Unit) -> list[Unit]:
    """The chain from the root down to the parent (breadcrumb): one query."""
    ids = unit.ancestor_ids[:-1]
    if not ids:
        return []
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def unit_children(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit).order_by("sort_order", "name", "id"))


MEMBER_ORDER = ("position__sort_order", "id")


def unit_members(unit: Unit, *, after: str | None = None, size: int | None = None) -> KeysetPage:
    """Current members of the unit (not of its subunits), leaders first; keyset-paginated."""
    qs = (
        Membership.objects.current()
        .filter(unit=unit)
        .select_related("user", "position")
        .prefetch_related("in_charge_of")
    )
    return keyset_page(qs, order=MEMBER_ORDER, after=after, size=size or settings.PAGE_SIZE)


def unit_role_grants(unit: Unit) -> list[RoleGrant]:
    return list(
        RoleGrant.objects.filter(unit=unit).select_related("user").order_by("role", "user__full_name", "id")
    )


def member_history_count(unit: Unit) -> int:
    return (
        Membership.objects.filter(unit=unit)
        .exclude(pk__in=Membership.objects.current().filter(unit=unit))
        .count()
    )


# --- choices for the forms -----------------------------------------------------------------------


def units_for_choice(paths: list[str], *, include: int | None = None) -> QuerySet[Unit]:
    """Active units of the given subtrees, in tree order (for parent / destination pickers);
    ``include``: one more unit by id (a unit's current parent, shown even when outside them)."""
    condition = subtree_q(paths) & Q(is_active=True)
    if include is not None:
        condition |= Q(pk=include)
    return Unit.objects.filter(condition).only("id", "name", "depth", "path").order_by("path")


def position_or_404(pk: int) -> Position:
    position = Position.objects.filter(pk=pk).first()
    if position is None:
        raise Refused.not_found("Không tìm thấy chức vụ.")
    return position


def positions() -> QuerySet[Position]:
    return Position.objects.all().order_by("sort_order", "name")


def search_accounts(query: str, *, limit: int = 20) -> list[Any]:
    """Active accounts whose name, login name or e-mail contains every word typed, without
    diacritics ("nguyen van minh", "minhnv"). Their current posts come with them (two queries)."""
    from congvu.accounts.models import User

    words = search_text(query).split()
    if not words:
        return []
    qs = User.objects.filter(status=User.Status.ACTIVE)
    for word in words[:6]:
        qs = qs.filter(search_text__contains=word)
    users = list(qs.order_by("full_name", "id")[:limit])
    posts: dict[int, list[Membership]] = {}
    for m in Membership.objects.current().filter(user__in=users).select_related("unit", "position"):
        posts.setdefault(m.user_id, []).append(m)
    for user in users:
        vars(user)["current_posts"] = posts.get(user.pk, [])  # read by the account picker's label
    return users


# --- the header's search box (``core.registry.search_provider``) ----------------------------------


def people_hits(user: Any, query: str, limit: int) -> list[registry.SearchHit]:
    """People by name, login name or e-mail: their posts, e-mail and phone (the agency's
    directory); the link opens their unit's page for whoever may see it, else writes to them."""
    from congvu.org.units.policies import viewable_paths

    paths = viewable_paths(user)
    hits = []
    for person in search_accounts(query, limit=limit):
        posts = person.current_posts
        detail = "; ".join(f"{m.position.name}, {m.unit.name}" for m in posts)
        contact = " · ".join(part for part in (person.email, person.phone) if part)
        unit = next((m.unit for m in posts if m.is_primary), posts[0].unit if posts else None)
        if unit is not None and any(unit.path.startswith(p) for p in paths):
            url = reverse("org:unit_detail", args=[unit.pk])
        else:
            url = f"mailto:{person.email}" if person.email else ""
        hits.append(
            registry.SearchHit(person.full_name, url, _("Người"), " · ".join(filter(None, [detail, contact])))
        )
    return hits


def unit_hits(user: Any, query: str, limit: int) -> list[registry.SearchHit]:
    """Active units by name, short name or agency code, in tree order; linked for whoever may
    open the unit's page (names and structure are not confidential: ``policies.visible_units``)."""
    from congvu.org.units.policies import viewable_paths

    words = search_text(query).split()
    if not words:
        return []
    units = policies.visible_units(user).filter(is_active=True)
    for word in words[:6]:
        units = units.filter(search_text__contains=word)
    found = list(units.select_related("parent").order_by("path")[:limit])
    paths = viewable_paths(user)
    return [
        registry.SearchHit(
            unit.name,
            reverse("org:unit_detail", args=[unit.pk]) if any(unit.path.startswith(p) for p in paths) else "",
            _("Đơn vị"),
            " · ".join(filter(None, [unit.get_kind_display(), unit.parent.name if unit.parent else ""])),
        )
        for unit in found
    ]
