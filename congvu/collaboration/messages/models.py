"""Internal messages, "Thư cá nhân" (COL-2; seed 002 Điều 7.2).

A :class:`Message` is written once and never edited: it is an official exchange ("thông tin trao
đổi, yêu cầu, mệnh lệnh chính thức"). Who it was addressed to is kept as written
(:class:`MessageAddress`: a person, or a unit); each person it reached — the people addressed and
the members of each unit addressed at the moment of sending — holds a :class:`MessageCopy` of
their own, and so does the sender (in "Đã gửi"). A person sorts, files, reads, stars, moves to the
bin and deletes *their copy only* (Đ7.2: "Mỗi cá nhân có quyền xóa hoặc sắp xếp thông tin trong
mục này"); the message and the other copies stay.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Message", "MessageAddress", "MessageAttachment", "MessageCopy", "MessageFolder"]


class Message(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người gửi")
    )
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"))
    reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trả lời thư"),
    )
    forward_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chuyển tiếp thư"),
    )
    attachment_count = models.PositiveSmallIntegerField(default=0, editable=False)
    # Folded subject, body, sender's and recipients' names (core.text.search_text): "tim thu" finds "tìm thư".
    search_text = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("thư")
        verbose_name_plural = _("thư")

    def __str__(self) -> str:
        return self.subject


class MessageAddress(models.Model):
    """A recipient as the sender wrote it: one person, or one unit (expanded at sending)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="addresses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("người nhận (như đã ghi)")
        verbose_name_plural = _("người nhận (như đã ghi)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, unit__isnull=True)
                | models.Q(user__isnull=True, unit__isnull=False),
                name="message_address_user_or_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.user_id or ''}{self.unit_id or ''}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    ordinal = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["ordinal", "id"]
        verbose_name = _("tệp đính kèm thư")
        verbose_name_plural = _("tệp đính kèm thư")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.file_id}"


class MessageFolder(models.Model):
    """A person's own folder (COL-2: each person sorts their messages)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("tên thư mục"), max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("thư mục thư")
        verbose_name_plural = _("thư mục thư")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="message_folder_name_once")]

    def __str__(self) -> str:
        return self.name


class MessageCopy(models.Model):
    """One person's copy of a message: where they keep it and what they did with it.

    Where it lies: in "Thư đến" (a recipient's) or "Đã gửi" (the sender's, ``is_sender``) unless
    filed into a ``folder``; in "Thùng rác" when ``trashed_at`` is set; gone for its owner — but
    kept for the record — when ``purged_at`` is set.
    """

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="copies")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_sender = models.BooleanField(default=False)
    via_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("nhận qua đơn vị"),
    )  # fmt: skip
    sent_at = models.DateTimeField()  # the message's, kept here for the owner's ordered lists
    folder = models.ForeignKey(
        MessageFolder, null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    read_at = models.DateTimeField(null=True, blank=True)
    starred = models.BooleanField(_("gắn sao"), default=False)
    trashed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản thư của một người")
        verbose_name_plural = _("bản thư của một người")
        constraints = [
            models.UniqueConstraint(fields=["message", "owner", "is_sender"], name="message_copy_once")
        ]
        indexes = [
            models.Index(fields=["owner", "is_sender", "-sent_at", "-id"], name="message_copy_box"),
            models.Index(fields=["owner", "read_at"], name="message_copy_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.message_id}"
