"""The organisation tree and who stands where in it — the one place every module asks (STYLE:
"knowledge of the org tree lives once, in org").

- Subtrees are read as a range on the materialised path — ``path >= P AND path < P+1`` — rather
  than ``LIKE 'P%'``: SQLite cannot use its (case-sensitive) index for a case-insensitive LIKE,
  whereas a range uses the plain B-tree index on both SQLite and PostgreSQL. Paths are digits only
  and every step has the same width, so "starts with P" and "between P and the next number of the
  same length" are the same set (``subtree_q``).
- The heads of a unit, the agency (cơ quan) a unit belongs to and its people.
- The people whose authority a person holds right now under a delegation (``principals``), and
  the person together with them (``people_acting_as``).
- The Vietnamese order of people: by given name, then the whole name (``person_sort_key``).
- What a web process keeps of a person between requests (their posts, roles and principals), under
  the organisation's version (``kept``, ``org_changed``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from congvu.core.text import sort_key
from congvu.org.models import PATH_STEP, Delegation, Membership, OrgVersion, Position, Unit

# The kinds of unit that are a "cơ quan" (an agency with its own seal), as opposed to a division
# inside one. Seed 002 Đ11 says the whole cơ quan is told about a delegation.
AGENCY_KINDS = (Unit.Kind.AGENCY, Unit.Kind.DEPARTMENT, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE)

# How posts rank inside one unit: a head above the deputies, the deputies above the staff.
RANK: dict[str, int] = {Position.Level.HEAD: 3, Position.Level.DEPUTY: 2, Position.Level.STAFF: 1}


# --- subtrees -------------------------------------------------------------------------------------


def ancestor_paths(path: str) -> list[str]:
    """The paths from the root down to ``path`` itself: "0000000100000005" → ["00000001", "0000000100000005"]."""
    return [path[:i] for i in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def path_upper_bound(path: str) -> str:
    """The smallest path of the same length that is not in ``path``'s subtree."""
    return str(int(path) + 1).zfill(len(path))


def subtree_q(paths: Iterable[str], prefix: str = "") -> Q:
    """Rows whose unit path (the column ``<prefix>path``: ``"unit__"`` through a foreign key,
    ``"unit_"`` for a copied ``unit_path``) lies in one of the subtrees. ``""`` in ``paths`` means
    the whole tree; no paths match nothing."""
    paths = list(paths)
    if "" in paths:
        return Q()
    query = Q(pk__in=[])
    for path in outermost(paths):
        query |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path_upper_bound(path)})
    return query


def subtree(root: Unit) -> QuerySet[Unit]:
    """The unit and everything below it: one indexed range query."""
    return Unit.objects.filter(subtree_q([root.path]))


def in_subtree(unit: Unit, root: Unit) -> bool:
    return unit.path.startswith(root.path)


def outermost(paths: Iterable[str]) -> list[str]:
    """The paths that lie inside no other one of the list, sorted (``""`` is the whole tree)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=lambda p: (len(p), p)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return sorted(kept)


# --- heads ----------------------------------------------------------------------------------------


def heads_of(unit: Unit | int) -> QuerySet[Any]:
    """The active people who head the unit today, first appointed first."""
    from congvu.accounts.models import User

    unit_id = unit if isinstance(unit, int) else unit.pk
    posts = Membership.objects.current().filter(unit_id=unit_id, position__level=Position.Level.HEAD)
    return (
        User.objects.filter(status=User.Status.ACTIVE, memberships__in=posts)
        .distinct()
        .order_by("memberships__started_on", "pk")
    )


def head_of(unit: Unit) -> Any:
    """The unit's head today (Thủ trưởng đơn vị on a printed form), or None."""
    return heads_of(unit).first()


def heads_by_unit(unit_ids: Iterable[int]) -> dict[int, list[Any]]:
    """unit id → its active heads today, for many units in one query."""
    from congvu.accounts.models import User

    found: dict[int, list[Any]] = defaultdict(list)
    posts = (
        Membership.objects.current()
        .filter(
            unit_id__in=set(unit_ids),
            position__level=Position.Level.HEAD,
            user__status=User.Status.ACTIVE,
        )
        .select_related("user")
        .order_by("started_on", "id")
    )
    for post in posts:
        found[post.unit_id].append(post.user)
    return found


# --- the agency -----------------------------------------------------------------------------------


def agency_of(unit: Unit) -> Unit:
    """The nearest unit, from ``unit`` itself up to the root, whose kind is a cơ quan.

    A tree without any such unit above ``unit`` answers with its root, so there is always an agency.
    """
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids)}
    for pk in reversed(unit.ancestor_ids):
        candidate = ancestors.get(pk)
        if candidate is not None and candidate.kind in AGENCY_KINDS:
            return candidate
    return ancestors.get(unit.ancestor_ids[0], unit)


def agency_member_ids(agency: Unit) -> list[int]:
    """Ids of the active people who currently hold a post in ``agency`` — its own units, not the
    agencies nested below it (a district is not part of the province office's staff)."""
    from congvu.accounts.models import User

    nested = Unit.objects.filter(subtree_q([agency.path]), kind__in=AGENCY_KINDS).exclude(pk=agency.pk)
    memberships = Membership.objects.current().filter(subtree_q([agency.path], "unit__"))
    for path in outermost(nested.values_list("path", flat=True)):
        memberships = memberships.exclude(subtree_q([path], "unit__"))
    ids = memberships.filter(user__status=User.Status.ACTIVE).values_list("user_id", flat=True).distinct()
    return sorted(set(ids))


# --- whose authority a person holds ---------------------------------------------------------------


def active_delegations_to(user: Any, at: Any = None) -> QuerySet[Delegation]:
    at = at or timezone.now()
    return Delegation.objects.filter(
        delegate_id=user.pk, status=Delegation.Status.APPROVED, starts_at__lte=at, ends_at__gt=at
    ).select_related("principal")


def principals(user: Any) -> list[Any]:
    """The people whose processing authority ``user`` holds right now (not including themselves),
    read once per request and kept on the user object, and between requests until the next
    delegation of theirs begins or ends (or the organisation changes)."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    cached = getattr(user, "_principals_cache", None)
    if cached is None:
        cached = kept(user, "principals", lambda now: _principals_now(user, now))
        user._principals_cache = cached
    return cached


def principal_ids(user: Any) -> list[int]:
    """The ids of ``principals(user)``: whose stamps a page kept for the person also hangs on
    (``congvu.core.personal.kept``), since it shows their work too."""
    return [p.pk for p in principals(user)]


def _principals_now(user: Any, now: Any) -> tuple[list[Any], Any]:
    """The principals at ``now`` and the moment that answer stops being true."""
    lent = Delegation.objects.filter(
        delegate_id=user.pk, status=Delegation.Status.APPROVED, ends_at__gt=now
    ).select_related("principal")
    current, changes = [], []
    for delegation in lent:
        if delegation.starts_at <= now:
            current.append(delegation.principal)
            changes.append(delegation.ends_at)
        else:
            changes.append(delegation.starts_at)
    return current, min(changes, default=None)


def people_acting_as(user: Any) -> list[Any]:
    """The person and everyone whose authority they hold right now."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    return [user, *principals(user)]


# --- what a process keeps between requests --------------------------------------------------------

KEEP_SECONDS = 300


def org_version(user: Any) -> int:
    """The organisation's version, read once per request (one indexed row) and kept on the user.
    Every page reads it, so the statement is written once rather than built by the ORM each time."""
    version = getattr(user, "_org_version", None)
    if version is None:
        with connections[OrgVersion.objects.db].cursor() as cursor:
            cursor.execute(_VERSION_SQL)
            row = cursor.fetchone()
        version = row[0] if row else 0
        user._org_version = version
    return version


_VERSION_SQL = f"SELECT version FROM {OrgVersion._meta.db_table} WHERE id = 1"  # noqa: S608 — a constant


def standing(user: Any) -> list[Any]:
    """What a page kept for the person depends on in the organisation: its version (posts, roles,
    delegations) and whose authority the person holds right now (a delegation begins or ends by
    the clock, not by an act)."""
    return [org_version(user), ",".join(str(p.pk) for p in principals(user))]


def page_standing(request: Any) -> list[Any]:
    """``standing`` of the person behind ``request``: the facts a page kept whole hangs on
    (``congvu.core.personal.kept_page``)."""
    return standing(request.user)


def page_principal_ids(request: Any) -> list[int]:
    """``principal_ids`` of the person behind ``request``: whose stamps a page kept whole hangs on."""
    return principal_ids(request.user)


def org_changed() -> None:
    """Posts, roles, units or delegations changed: every process drops what it keeps. Called inside
    the writer's transaction, so a process sees the new version exactly when it sees the change.
    Saves and deletes call it through signals (``org.apps``); a bulk ``update()`` of posts, roles,
    units or delegations sends no signal and must call it itself."""
    if not OrgVersion.objects.filter(pk=1).update(version=F("version") + 1):
        OrgVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def kept(user: Any, kind: str, load: Any) -> Any:
    """``load(now)`` → (value, valid_until or None) for this person, kept in the cache under the
    organisation's version and today's date (posts begin and end by the day) until ``valid_until``."""
    now = timezone.now()
    key = f"org:{kind}:{user.pk}:{org_version(user)}:{timezone.localdate(now).isoformat()}"
    found = cache.get(key)
    if found is not None and (found[0] is None or found[0] > now):
        return found[1]
    value, valid_until = load(now)
    cache.set(key, (valid_until, value), KEEP_SECONDS)
    return value


# --- order of people ------------------------------------------------------------------------------


@lru_cache(maxsize=20000)
def _name_part_key(part: str) -> tuple:
    key = sort_key(part)
    return (tuple(key[0]), tuple(key[1]))


def name_sort_key(name: str) -> tuple:
    """Vietnamese order of names: by given name (the last word), then family and middle names.

    The parts repeat a lot (Nguyễn Văn …, … Minh), so their keys are cached: sorting the tens of
    thousands of people of a province for an export stays fast."""
    family, _sep, given = (name or "").rpartition(" ")
    return (_name_part_key(given), _name_part_key(family))


def person_sort_key(person: Any) -> tuple:
    """A person's place in Vietnamese order (their login name when they have no full name)."""
    return (*name_sort_key(person.full_name or person.username), person.pk)
