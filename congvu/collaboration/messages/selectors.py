"""The only read path of messages, for the screens and the API alike (COL-2).

A box is one of the person's places: "Thư đến" (``inbox``), "Đã gửi" (``sent``), "Thùng rác"
(``trash``), "Gắn sao" (``starred``) or one of their folders. Its page is keyset-paginated in the
order the person picked — newest first, by sender, by subject — filtered (unread, with
attachments) and searched (diacritics folded: "bao cao" finds "Báo cáo") in their own copies only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.messages import policies
from congvu.collaboration.messages.models import (
    Message,
    MessageAddress,
    MessageAttachment,
    MessageCopy,
    MessageFolder,
)
from congvu.core import registry
from congvu.core.decisions import Refused
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.search import query_tokens
from congvu.org import tree
from congvu.org.models import Unit

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_QUERY = 200

BOXES = {
    "inbox": _("Thư đến"),
    "sent": _("Đã gửi"),
    "starred": _("Gắn sao"),
    "trash": _("Thùng rác"),
}
SORTS = {
    "date": ("-sent_at", "-id"),
    "sender": ("message__sender__full_name", "-sent_at", "-id"),
    "subject": ("message__subject", "-sent_at", "-id"),
}
SORT_LABELS = {"date": _("Mới nhất"), "sender": _("Người gửi"), "subject": _("Tiêu đề")}


@dataclass(frozen=True)
class BoxFilters:
    box: str = "inbox"
    folder: MessageFolder | None = None
    sort: str = "date"
    unread: bool = False
    attachments: bool = False
    text: str = ""


def box_queryset(user: Any, filters: BoxFilters) -> QuerySet[MessageCopy]:
    copies = policies.visible_copies(user)
    if filters.folder is not None:
        copies = copies.filter(folder=filters.folder, trashed_at__isnull=True)
    elif filters.box == "trash":
        copies = copies.filter(trashed_at__isnull=False)
    elif filters.box == "starred":
        copies = copies.filter(starred=True, trashed_at__isnull=True)
    elif filters.box == "sent":
        copies = copies.filter(is_sender=True, folder__isnull=True, trashed_at__isnull=True)
    elif filters.box == "inbox":
        copies = copies.filter(is_sender=False, folder__isnull=True, trashed_at__isnull=True)
    else:
        raise Refused.invalid("Hộp thư không hợp lệ.", field="box")
    if filters.unread:
        copies = copies.filter(read_at__isnull=True)
    if filters.attachments:
        copies = copies.filter(message__attachment_count__gt=0)
    for token in query_tokens(filters.text[:MAX_QUERY])[:10]:
        copies = copies.filter(message__search_text__contains=token)
    return copies


def box_page(
    user: Any, filters: BoxFilters, *, after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """One page of a box: the copies with their message and sender, and for "Đã gửi" the
    recipients as written (two more queries, whatever the page's length)."""
    order = SORTS.get(filters.sort)
    if order is None:
        raise Refused.invalid("Cách sắp xếp không hợp lệ.", field="sort")
    copies = box_queryset(user, filters).select_related("message", "message__sender", "folder")
    page = keyset_page(copies, order=order, after=after, size=max(1, min(size, MAX_PAGE_SIZE)))
    if filters.box == "sent" or filters.box == "starred" or filters.folder is not None:
        _attach_addresses([c.message for c in page.items])
    return page


def _attach_addresses(messages: list[Message]) -> None:
    by_message: dict[int, list[MessageAddress]] = defaultdict(list)
    if messages:
        rows = (
            MessageAddress.objects.filter(message__in=messages).select_related("user", "unit").order_by("id")
        )
        for row in rows:
            by_message[row.message_id].append(row)
    for message in messages:
        message.address_list = by_message.get(message.pk, [])  # type: ignore[attr-defined]


def unread_count(user: Any, *, kept: bool = False) -> int:
    """The person's unread messages (their bin left out). ``kept``: the number read once per
    request, for "Hôm nay" where both the counter and the section ask."""
    if not getattr(user, "pk", None):
        return 0
    if kept and getattr(user, "_message_unread", None) is not None:
        return user._message_unread
    count = (
        policies.visible_copies(user)
        .filter(is_sender=False, read_at__isnull=True, trashed_at__isnull=True)
        .count()
    )
    user._message_unread = count
    return count


def folders(user: Any) -> list[MessageFolder]:
    """The person's folders, each with its number of unread messages (one query)."""
    if not getattr(user, "pk", None):
        return []
    unread = Q(copies__read_at__isnull=True, copies__trashed_at__isnull=True, copies__purged_at__isnull=True)
    return list(
        MessageFolder.objects.filter(owner_id=user.pk).annotate(unread=Count("copies", filter=unread))
    )


# --- one message ----------------------------------------------------------------------------------


@dataclass
class Reached:
    """The people a unit addressed reached (or those named personally, ``unit`` None)."""

    unit: Unit | None
    people: list[Any] = field(default_factory=list)


@dataclass
class MessagePage:
    copy: MessageCopy
    message: Message
    attachments: list[MessageAttachment]
    people: list[Any]  # addressed personally
    units: list[Reached]  # addressed as units, with whom each reached
    folders: list[MessageFolder]


def message_page(user: Any, copy: MessageCopy) -> MessagePage:
    message = copy.message
    attachments = list(MessageAttachment.objects.filter(message=message).select_related("file"))
    addresses = list(
        MessageAddress.objects.filter(message=message).select_related("user", "unit").order_by("id")
    )
    units = {a.unit_id: Reached(a.unit) for a in addresses if a.unit_id}
    if units:
        reached = (
            MessageCopy.objects.filter(message=message, via_unit_id__in=list(units), is_sender=False)
            .select_related("owner")
            .order_by("id")
        )
        for row in reached:
            units[row.via_unit_id].people.append(row.owner)  # type: ignore[index]
        for entry in units.values():
            entry.people.sort(key=tree.person_sort_key)
    return MessagePage(
        copy=copy,
        message=message,
        attachments=attachments,
        people=[a.user for a in addresses if a.user_id],
        units=list(units.values()),
        folders=folders(user),
    )


def reply_addresses(user: Any, message: Message, *, everyone: bool) -> tuple[list[Any], list[Unit]]:
    """Who a reply goes to: the sender (the original's recipients too for "trả lời tất cả"), never
    the person replying; units stay units."""
    people = [message.sender] if message.sender_id != user.pk else []
    units: list[Unit] = []
    if everyone or message.sender_id == user.pk:
        for address in (
            MessageAddress.objects.filter(message=message).select_related("user", "unit").order_by("id")
        ):
            if address.user is not None and address.user_id not in {user.pk, message.sender_id}:
                people.append(address.user)
            elif address.unit is not None:
                units.append(address.unit)
    return people, units


# --- the compose form's choices -------------------------------------------------------------------


def recipient_people(user: Any) -> list[Any]:
    """The active people of the writer's agency, in Vietnamese name order (the writer left out)."""
    from congvu.accounts.models import User

    agency = policies.sender_agency(user)
    if agency is None:
        return []
    people = list(User.objects.filter(pk__in=tree.agency_member_ids(agency)).exclude(pk=user.pk))
    return sorted(people, key=tree.person_sort_key)


def recipient_units(user: Any) -> list[Unit]:
    agency = policies.sender_agency(user)
    if agency is None:
        return []
    return list(policies.agency_units(agency).order_by("path"))


# --- "Hôm nay" ------------------------------------------------------------------------------------

HOME_ITEMS = 5


def home_counts(user: Any) -> list[registry.Count]:
    if not getattr(user, "pk", None):
        return []
    unread = unread_count(user, kept=True)
    if not unread:
        return []
    return [
        registry.Count(_("Thư chưa đọc"), unread, reverse("collaboration:messages_inbox") + "?chua_doc=1")
    ]


def home_section(user: Any) -> dict[str, Any] | None:
    """The newest unread messages on "Hôm nay" (one more query than the count); hidden when none."""
    if not unread_count(user, kept=True):
        return None
    items = list(
        policies.visible_copies(user)
        .filter(is_sender=False, read_at__isnull=True, trashed_at__isnull=True)
        .select_related("message", "message__sender")
        .order_by("-sent_at", "-id")[:HOME_ITEMS]
    )
    return {"items": items, "total": user._message_unread}
