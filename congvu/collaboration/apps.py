from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    """Collaboration (MISSION COL-1..COL-9, ADM-4, ADM-5; seed 002 Đ7, Đ8, Đ11). Each feature
    registers its own screens, API, home sections, counters and audit labels in its function below."""

    name = "congvu.collaboration"
    label = "collaboration"

    def ready(self) -> None:
        from congvu.core import registry

        registry.urls("phoi-hop/", "congvu.collaboration.urls")
        registry.audit_labels({}, groups=(("collaboration.", _("Phối hợp, trao đổi")),))
        _calendar()
        _messages()
        _reminders()
        _boards()
        _announcements()
        _consultations()
        _chat()
        _sms()
        _notices()
        _feedback()


def _calendar() -> None:
    """Work calendars: entries, weekly and monthly views, the agency's weekly calendar, retention (congvu.collaboration.calendar)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _calendar


def _messages() -> None:
    """Internal messages: each person's copy, folders, attachments (congvu.collaboration.messages)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _messages


def _reminders() -> None:
    """Reminders from a superior: acknowledgement and follow-up (congvu.collaboration.reminders)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _reminders


def _boards() -> None:
    """The public board and the organisations' boards (congvu.collaboration.boards)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _boards


def _announcements() -> None:
    """Announcements: audience, read receipts, retention and extension (congvu.collaboration.announcements)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _announcements


def _consultations() -> None:
    """Consultations: answers by a deadline, non-responders (congvu.collaboration.consultations)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _consultations


def _chat() -> None:
    """Chat: conversations, unread counts, polling (congvu.collaboration.chat)."""
    from congvu.collaboration.chat import selectors
    from congvu.core import registry

    registry.api("/chat", "congvu.collaboration.chat.api.router")
    registry.audit_labels(
        {
            "collaboration.conversation.created": _("Tạo hội thoại"),
            "collaboration.conversation.members_added": _("Thêm người vào nhóm hội thoại"),
            "collaboration.conversation.member_removed": _("Bỏ người khỏi nhóm hội thoại"),
            "collaboration.conversation.member_left": _("Rời nhóm hội thoại"),
            "collaboration.chatmessage.sent": _("Gửi tin nhắn hội thoại"),
            "collaboration.chatmessage.retracted": _("Thu hồi tin nhắn hội thoại"),
        }
    )
    # No links from the audit log: a conversation opens for its members only (not for the administrator).
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.chat",
            _("Hội thoại"),
            "collaboration:chat_list",
            namespace="collaboration",
            path_prefix="/hoi-thoai/",
            order=68,
            badge=selectors.unread_total,
        )
    )
    registry.counter(registry.Counter("collaboration.chat", selectors.home_counts, order=70))


# end of _chat


def _sms() -> None:
    """SMS: authorised senders, the gateway, audit (congvu.collaboration.sms)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _sms


def _notices() -> None:
    """Maintenance and incident notices: the banner before and during the window (congvu.collaboration.notices)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _notices


def _feedback() -> None:
    """Feedback: reports from any page, triage, a lost account's sessions ended (congvu.collaboration.feedback)."""
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _feedback
