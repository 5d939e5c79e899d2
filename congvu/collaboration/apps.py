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
    from congvu.collaboration.messages import selectors
    from congvu.core import registry

    registry.api("/messages", "congvu.collaboration.messages.api.router")
    registry.audit_labels(
        {
            "collaboration.message.sent": _("Gửi thư cá nhân"),
            "collaboration.messagecopy.marked": _("Đánh dấu thư (đã đọc, gắn sao)"),
            "collaboration.messagecopy.moved": _("Chuyển thư vào thư mục"),
            "collaboration.messagecopy.trashed": _("Xóa thư vào Thùng rác"),
            "collaboration.messagecopy.purged": _("Xóa hẳn bản thư của mình"),
            "collaboration.messagefolder.created": _("Tạo thư mục thư"),
            "collaboration.messagefolder.renamed": _("Đổi tên thư mục thư"),
            "collaboration.messagefolder.deleted": _("Xóa thư mục thư"),
        }
    )
    registry.home_section(
        registry.HomeSection(
            "collaboration.messages", "collaboration/messages/_home.html", selectors.home_section, order=40
        )
    )
    registry.counter(registry.Counter("collaboration.messages", selectors.home_counts, order=40))
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.messages",
            _("Thư cá nhân"),
            "collaboration:messages_inbox",
            namespace="collaboration",
            path_prefix="/phoi-hop/thu/",
            order=70,
        )
    )


# end of _messages


def _reminders() -> None:
    """Reminders from a superior: acknowledgement and follow-up (congvu.collaboration.reminders)."""
    from congvu.collaboration.reminders import selectors
    from congvu.core import registry

    registry.api("/reminders", "congvu.collaboration.reminders.api.router")
    registry.audit_labels(
        {
            "collaboration.reminder.sent": _("Gửi nhắc việc"),
            "collaboration.reminder.cancelled": _("Hủy nhắc việc"),
            "collaboration.reminderrecipient.acknowledge": _("Xác nhận đã nhận nhắc việc"),
            "collaboration.reminderrecipient.complete": _("Báo cáo đã thực hiện nhắc việc"),
            "collaboration.reminderrecipient.cancel": _("Hủy nhắc việc (từng người nhận)"),
            "collaboration.reminderrecipient.overdue_flagged": _("Báo nhắc việc quá hạn"),
        }
    )
    registry.audit_object_url("collaboration.reminder", registry.url_by_id("collaboration:reminders_detail"))
    registry.home_section(
        registry.HomeSection(
            "collaboration.reminders", "collaboration/reminders/_home.html", selectors.home_section, order=14
        )
    )
    registry.counter(registry.Counter("collaboration.reminders", selectors.home_counts, order=14))
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.reminders",
            _("Nhắc việc"),
            "collaboration:reminders_received",
            namespace="collaboration",
            path_prefix="/phoi-hop/nhac-viec/",
            order=71,
        )
    )


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
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


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
