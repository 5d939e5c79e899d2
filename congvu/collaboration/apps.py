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
    from congvu.collaboration.calendar import selectors
    from congvu.core import registry

    registry.api("/calendar", "congvu.collaboration.calendar.api.router")
    registry.home_section(
        registry.HomeSection(
            "collaboration.calendar",
            "collaboration/calendar/_home.html",
            selectors.home_section,
            order=8,  # before the work lists: where one has to be today
        )
    )
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.calendar",
            _("Lịch công tác"),
            "collaboration:calendar_week",
            namespace="collaboration",
            path_prefix="/phoi-hop/lich-cong-tac/",
            order=66,
        )
    )
    registry.audit_object_url("collaboration.workcalendar", _calendar_urls)
    registry.audit_labels(
        {
            "collaboration.workcalendar.opened": _("Lập lịch công tác"),
            "collaboration.workcalendar.keepers_set": _("Giao người giữ lịch công tác"),
            "collaboration.workcalendar.exported": _("In, tải lịch công tác tuần"),
            "collaboration.calendarentry.created": _("Thêm mục lịch công tác"),
            "collaboration.calendarentry.updated": _("Sửa mục lịch công tác"),
            "collaboration.calendarentry.deleted": _("Xóa mục lịch công tác"),
            "collaboration.calendarentry.cleared": _("Xóa lịch công tác hết thời hạn lưu trữ"),
            "collaboration.calendarweek.publish": _("Công bố lịch công tác tuần"),
            "collaboration.calendarweek.mark_updated": _("Điều chỉnh lịch công tác tuần đã công bố"),
            "collaboration.calendarfile.attached": _("Đính kèm tệp lịch công tác tháng"),
            "collaboration.calendarfile.downloaded": _("Tải tệp lịch công tác tháng"),
        }
    )


def _calendar_urls(ids: list[str]) -> dict[str, str]:
    """The audit log links a calendar to its week page."""
    from django.urls import reverse

    week = reverse("collaboration:calendar_week")
    return {pk: f"{week}?lich={pk}" for pk in ids if pk.isdigit()}


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
