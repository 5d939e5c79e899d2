"""What the announcement screens and the API read (COL-4): the person's list (unread marked),
one announcement, the audience and its read receipts, the unread count for the home page and the
menu's badge, and the units a capacity may address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.announcements import policies
from congvu.collaboration.announcements.models import Announcement, AnnouncementRead
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.registry import Count
from congvu.org import tree
from congvu.org.models import Membership, Unit

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
ORDER = ("-posted_at", "-id")
HOME_ITEMS = 5
RECEIPTS_MAX = 2000  # the people listed on the receipts page (an agency is far smaller)


def _with_read(qs: QuerySet[Announcement], user: Any) -> QuerySet[Announcement]:
    read = AnnouncementRead.objects.filter(announcement_id=OuterRef("pk"), user_id=user.pk)
    return qs.annotate(is_read=Exists(read))


def announcements_page(
    user: Any, *, unread_only: bool = False, after: str | None, size: int = PAGE_SIZE
) -> KeysetPage:
    """The person's announcements, newest first, each with ``is_read`` (their own count as read)."""
    qs = policies.unread_for(user) if unread_only else policies.visible_announcements(user)
    qs = _with_read(qs, user).select_related("posted_by", "agency")
    page = keyset_page(qs, order=ORDER, after=after, size=max(1, min(size, MAX_PAGE_SIZE)))
    for item in page.items:
        item.is_read = item.is_read or item.posted_by_id == user.pk
    return page


def audience_units(announcement: Announcement) -> list[Unit]:
    """The units an announcement is addressed to, in the tree's order."""
    return [a.unit for a in announcement.audience.select_related("unit").order_by("unit__path")]


# --- the audience and the receipts ------------------------------------------------------------------


def audience_ids(announcement: Announcement) -> list[int]:
    """The people the announcement is addressed to now: everyone working in the agency, or in the
    chosen units and their subtrees."""
    if announcement.whole_agency:
        return tree.agency_member_ids(announcement.agency)
    from congvu.accounts.models import User

    paths = list(announcement.audience.values_list("unit__path", flat=True))
    if not paths:
        return []
    ids = (
        Membership.objects.current()
        .filter(tree.subtree_q(paths, "unit__"), user__status=User.Status.ACTIVE)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sorted(set(ids))


@dataclass
class Receipts:
    read: list[tuple[Any, Any]]  # (person, read_at), earliest first
    unread: list[Any]  # people, by name
    audience_count: int

    @property
    def read_count(self) -> int:
        return len(self.read)

    @property
    def unread_count(self) -> int:
        return len(self.unread)


def receipts(announcement: Announcement) -> Receipts:
    """Who of the audience read it and when, and who has not: three queries."""
    from congvu.accounts.models import User

    ids = [pk for pk in audience_ids(announcement) if pk != announcement.posted_by_id]
    reads = {
        r.user_id: r.read_at
        for r in AnnouncementRead.objects.filter(announcement=announcement).only("user_id", "read_at")
    }
    wanted = sorted(set(ids) | set(reads))[:RECEIPTS_MAX]
    people = list(User.objects.filter(pk__in=wanted).only("id", "full_name", "username"))
    people.sort(key=tree.person_sort_key)
    read = sorted(((p, reads[p.pk]) for p in people if p.pk in reads), key=lambda pair: pair[1])
    unread = [p for p in people if p.pk not in reads]
    # whoever read it was in the audience then (receipts are kept for the audience only), and stays
    # counted after moving to another unit
    return Receipts(read=read, unread=unread, audience_count=len(people))


# --- the home page and the menu ---------------------------------------------------------------------


def unread_count(user: Any) -> int:
    cached = getattr(user, "_announcements_unread", None)
    if cached is None:
        cached = policies.unread_for(user).count() if getattr(user, "pk", None) else 0
        user._announcements_unread = cached
    return cached


def home_section(user: Any) -> dict[str, Any] | None:
    """The newest unread announcements and their number: two queries, none when nothing is unread."""
    total = unread_count(user)
    if not total:
        return None
    items = list(policies.unread_for(user).select_related("posted_by").order_by(*ORDER)[:HOME_ITEMS])
    return {"total": total, "items": items}


def home_counts(user: Any) -> list[Count]:
    total = unread_count(user)
    if not total:
        return []
    return [
        Count(_("Thông báo chưa đọc"), total, reverse("collaboration:announcements_list") + "?chua_doc=1")
    ]


# --- the compose form -------------------------------------------------------------------------------


def addressable_units(held: policies.Capacity) -> list[Unit]:
    """The units a capacity may address: the agency's own units (not the agency itself, not a nested
    agency or what lies below one), within a unit leader's subtree."""
    root = held.scope or held.agency
    units = Unit.objects.filter(tree.subtree_q([root.path]), is_active=True).order_by("path")
    nested = [u.path for u in units if u.kind in tree.AGENCY_KINDS and u.pk != held.agency.pk]
    return [u for u in units if u.pk != held.agency.pk and not any(u.path.startswith(p) for p in nested)]
