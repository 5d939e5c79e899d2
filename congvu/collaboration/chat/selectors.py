"""The only read path of chat, for the screens and the API alike (MISSION COL-8).

- ``conversation_page``: a person's conversations, latest activity first, keyset-paginated, each
  row with its last message, its sender, the other person of a one-to-one conversation and the
  unread count — one query whatever the page holds.
- ``unread_total``: the unread messages of every conversation of the person, one query, kept on
  the user object for the request (the menu's badge and the home page read it once).
- ``messages_before`` / ``messages_after``: a window of a conversation's messages by id, one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
from congvu.core import registry
from congvu.core.pagination import KeysetPage, keyset_page

MESSAGES_SHOWN = 50
LIST_SIZE = 30  # conversations a page of the list shows (the latest first; older ones on the next page)
POLL_LIMIT = 100


def _unread_of(user_id: int) -> Subquery:
    """The unread count of the outer membership row: messages of others after its marker."""
    return Subquery(
        ChatMessage.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            id__gt=OuterRef("last_read_message_id"),
            retracted_at__isnull=True,
        )
        .exclude(sender_id=user_id)
        .order_by()
        .values("conversation_id")
        .annotate(n=Count("id"))
        .values("n"),
        output_field=IntegerField(),
    )


def my_memberships(user: Any) -> QuerySet[ConversationMember]:
    return ConversationMember.objects.filter(user_id=user.pk, left_at__isnull=True)


@dataclass(frozen=True)
class Preview:
    """The last message of a conversation as its row shows it."""

    id: int
    sender_id: int
    sender_name: str
    mine: bool  # sent by the person whose list it is
    body: str  # the first PREVIEW_CHARS characters, "…" when there was more
    sent_at: dt.datetime
    retracted: bool
    has_attachment: bool


@dataclass(frozen=True)
class ConversationRow:
    """One row of a person's list: the conversation, what it is called for them, its unread count."""

    member_id: int
    id: int
    kind: str
    title: str
    last_activity_at: dt.datetime
    unread: int
    last_message: Preview | None

    @property
    def is_group(self) -> bool:
        return self.kind == Conversation.Kind.GROUP

    @property
    def preview(self) -> str:
        """The row's second line: who wrote last (in a group, or "Bạn") and what."""
        last = self.last_message
        if last is None:
            return str(_("Chưa có tin nhắn"))
        if last.retracted:
            text = str(_("Tin nhắn đã thu hồi"))
        else:
            attachment = _("Tệp đính kèm")
            text = last.body or f"[{attachment}]"
        if last.mine:
            you = _("Bạn")
            return f"{you}: {text}"
        return f"{last.sender_name}: {text}" if self.is_group else text


PREVIEW_CHARS = 90
# The list reads flat columns, not model instances: building six models per row cost more than the query.
LIST_COLUMNS = {
    "activity": F("conversation__last_activity_at"),
    "kind": F("conversation__kind"),
    "group_title": F("conversation__title"),
    "last_id": F("conversation__last_message_id"),
    "last_body": Substr("conversation__last_message__body", 1, PREVIEW_CHARS + 1),
    "last_sent_at": F("conversation__last_message__sent_at"),
    "last_retracted_at": F("conversation__last_message__retracted_at"),
    "last_attachment_id": F("conversation__last_message__attachment_id"),
    "last_sender_id": F("conversation__last_message__sender_id"),
    "last_sender_name": F("conversation__last_message__sender__full_name"),
    "low_id": F("conversation__direct_low_id"),
    "low_name": F("conversation__direct_low__full_name"),
    "high_name": F("conversation__direct_high__full_name"),
}
LIST_ORDER = ("-activity", "-id")


def _row(member: Any, user_id: int) -> ConversationRow:
    if member.kind == Conversation.Kind.GROUP:
        title = member.group_title
    else:
        title = member.high_name if member.low_id == user_id else member.low_name
    last = None
    if member.last_id is not None:
        body = member.last_body or ""
        last = Preview(
            id=member.last_id,
            sender_id=member.last_sender_id,
            sender_name=member.last_sender_name,
            mine=member.last_sender_id == user_id,
            body=body if len(body) <= PREVIEW_CHARS else body[: PREVIEW_CHARS - 1] + "…",
            sent_at=member.last_sent_at,
            retracted=member.last_retracted_at is not None,
            has_attachment=member.last_attachment_id is not None,
        )
    return ConversationRow(
        member_id=member.pk,
        id=member.conversation_id,
        kind=member.kind,
        title=title or "",
        last_activity_at=member.activity,
        unread=member.unread,
        last_message=last,
    )


def conversation_page(user: Any, *, after: str | None = None, size: int | None = None) -> KeysetPage:
    """The person's conversations (``ConversationRow``), latest activity first; one query."""
    qs = (
        my_memberships(user)
        .only("id", "conversation_id")
        .annotate(**LIST_COLUMNS, unread=Coalesce(_unread_of(user.pk), 0))
    )
    page = keyset_page(qs, order=LIST_ORDER, after=after, size=size or LIST_SIZE)
    page.items = [_row(member, user.pk) for member in page.items]
    return page


def conversation_title(conversation: Conversation, user: Any) -> str:
    """A group's name; for a one-to-one conversation, the other person's name."""
    if conversation.kind == Conversation.Kind.GROUP:
        return conversation.title
    other = conversation.direct_high if conversation.direct_low_id == user.pk else conversation.direct_low
    return other.full_name if other is not None else str(conversation)


def direct_other(conversation: Conversation, user: Any) -> Any:
    if conversation.kind != Conversation.Kind.DIRECT:
        return None
    return conversation.direct_high if conversation.direct_low_id == user.pk else conversation.direct_low


def unread_total(user: Any) -> int:
    """Unread messages of every conversation the person is in (one query, once per request)."""
    if not getattr(user, "pk", None):
        return 0
    kept = vars(user).get("_chat_unread")
    if kept is None:
        kept = (
            ChatMessage.objects.filter(
                conversation__members__user_id=user.pk,
                conversation__members__left_at__isnull=True,
                id__gt=F("conversation__members__last_read_message_id"),
                retracted_at__isnull=True,
            )
            .exclude(sender_id=user.pk)
            .count()
        )
        vars(user)["_chat_unread"] = kept
    return kept


def home_counts(user: Any) -> list[registry.Count]:
    """ "Tin nhắn chưa đọc" on the home page, when there are any (the same number as the menu's badge)."""
    n = unread_total(user)
    if not n:
        return []
    return [registry.Count(_("Tin nhắn hội thoại chưa đọc"), n, reverse("collaboration:chat_list"))]


def _messages(conversation_id: int) -> QuerySet[ChatMessage]:
    return ChatMessage.objects.filter(conversation_id=conversation_id).select_related("sender", "attachment")


@dataclass
class MessageWindow:
    items: list[ChatMessage]  # oldest first
    has_earlier: bool


def messages_before(
    conversation_id: int, *, before: int | None = None, size: int = MESSAGES_SHOWN
) -> MessageWindow:
    """Up to ``size`` messages before message id ``before`` (the latest ones when None), oldest first."""
    qs = _messages(conversation_id)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs.order_by("-id")[: size + 1])
    return MessageWindow(items=rows[:size][::-1], has_earlier=len(rows) > size)


def messages_after(conversation_id: int, *, after: int, size: int = POLL_LIMIT) -> list[ChatMessage]:
    """Up to ``size`` messages after message id ``after``, oldest first (the poll; one query)."""
    return list(_messages(conversation_id).filter(id__gt=after).order_by("id")[:size])


def members(conversation: Conversation) -> list[ConversationMember]:
    """The current members, administrators first, then by name."""
    return list(
        ConversationMember.objects.filter(conversation=conversation, left_at__isnull=True)
        .select_related("user")
        .order_by("-is_admin", "user__full_name", "id")
    )


def own_units(user: Any) -> list[Any]:
    """The units the person works in now (from the organisation's facts, no query of its own):
    the units whose people they may gather into a group at once."""
    from congvu.org import policies as org

    seen: dict[int, Any] = {}
    for membership in org.memberships(user):
        seen.setdefault(membership.unit_id, membership.unit)
    return list(seen.values())


def unit_people(unit_ids: list[int]) -> list[Any]:
    """The active people holding a post now in the given units (one query)."""
    from congvu.accounts.models import User
    from congvu.org.models import Membership

    if not unit_ids:
        return []
    ids = Membership.objects.current().filter(unit_id__in=unit_ids).values("user_id")
    return list(User.objects.filter(pk__in=ids, status=User.Status.ACTIVE).order_by("full_name", "id"))
