"""Chat (hội thoại, MISSION COL-8; seed 002 Đ11): one-to-one and group conversations for work.

A one-to-one conversation is unique for its pair of people: the pair is kept ordered
(``direct_low`` < ``direct_high``) under a unique constraint, so that two people opening it at the
same instant end up in the same conversation. Each member keeps a last-read marker (the id of the
last message they have seen): unread counts are the messages after it. The conversation carries
its last message and the time of its last activity, written by the send service, so that a
person's list of conversations is one indexed query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["ChatMessage", "Conversation", "ConversationMember"]

MAX_TITLE = 200
MAX_BODY = 4000


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", _("Hội thoại hai người")
        GROUP = "group", _("Hội thoại nhóm")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("tên nhóm"), max_length=MAX_TITLE, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # The ordered pair of a one-to-one conversation (empty for a group).
    direct_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    direct_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_message = models.ForeignKey(
        "collaboration.ChatMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(_("hoạt động gần nhất"), default=timezone.now)

    class Meta:
        verbose_name = _("hội thoại")
        verbose_name_plural = _("hội thoại")
        constraints = [
            models.UniqueConstraint(
                fields=["direct_low", "direct_high"], name="chat_one_conversation_per_pair"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="direct",
                        direct_low__isnull=False,
                        direct_high__isnull=False,
                        direct_low__lt=F("direct_high"),
                    )
                    | Q(kind="group", direct_low__isnull=True, direct_high__isnull=True)
                ),
                name="chat_direct_has_ordered_pair",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Hội thoại #{self.pk}"

    @property
    def is_direct(self) -> bool:
        return self.kind == self.Kind.DIRECT


class ConversationMember(models.Model):
    """A person in a conversation; ``left_at`` set when they left or were removed (the row stays,
    so that they come back with their history and the log keeps who was there)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_admin = models.BooleanField(_("quản trị nhóm"), default=False)
    joined_at = models.DateTimeField(_("tham gia lúc"), default=timezone.now)
    left_at = models.DateTimeField(_("rời lúc"), null=True, blank=True)
    last_read_message_id = models.BigIntegerField(_("đã đọc đến tin"), default=0)

    class Meta:
        verbose_name = _("thành viên hội thoại")
        verbose_name_plural = _("thành viên hội thoại")
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="chat_member_once")]
        indexes = [models.Index(fields=["user", "conversation"], name="chat_member_user")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.conversation_id}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None


class ChatMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung"), blank=True)
    attachment = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    retracted_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin nhắn hội thoại")
        verbose_name_plural = _("tin nhắn hội thoại")
        indexes = [models.Index(fields=["conversation", "id"], name="chat_message_in_conversation")]

    def __str__(self) -> str:
        return f"Tin nhắn #{self.pk}"

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None
