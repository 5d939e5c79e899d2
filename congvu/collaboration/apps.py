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
    from congvu.collaboration.boards import policies as board_policies
    from congvu.core import registry

    registry.api("/boards", "congvu.collaboration.boards.api.router")
    registry.audit_labels(
        {
            "collaboration.organisation.created": _("Thêm tổ chức đoàn thể"),
            "collaboration.organisation.renamed": _("Đổi tên tổ chức đoàn thể"),
            "collaboration.committeemember.added": _("Thêm thành viên ban chấp hành"),
            "collaboration.committeemember.ended": _("Kết thúc nhiệm kỳ thành viên ban chấp hành"),
            "collaboration.boardpost.created": _("Đăng bài lên bảng tin"),
            "collaboration.boardpost.edited": _("Sửa bài trên bảng tin"),
            "collaboration.boardpost.removed": _("Gỡ bài khỏi bảng tin"),
        }
    )
    registry.audit_object_url(
        "collaboration.organisation", registry.url_by_id("collaboration:boards_organisation")
    )
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.boards",
            _("Bảng tin"),
            "collaboration:boards_index",
            namespace="collaboration",
            path_prefix="/phoi-hop/bang-tin/",
            order=81,
        )
    )
    registry.admin_entry(
        registry.AdminEntry(
            "collaboration.boards",
            _("Tổ chức đoàn thể"),
            "collaboration:boards_organisations",
            group="org",
            description=_(
                "Chi bộ, Công đoàn, Chi đoàn của cơ quan và ban chấp hành được đăng bài lên bảng tin."
            ),
            order=60,
            visible=lambda user: bool(board_policies.managed_agencies(user)),
        )
    )


# end of _boards


def _announcements() -> None:
    """Announcements: audience, read receipts, retention and extension (congvu.collaboration.announcements)."""
    from congvu.collaboration.announcements import selectors as announcements
    from congvu.core import registry

    registry.api("/announcements", "congvu.collaboration.announcements.api.router")
    registry.audit_labels(
        {
            "collaboration.announcement.posted": _("Đăng thông báo"),
            "collaboration.announcement.edited": _("Sửa, cập nhật thông báo"),
            "collaboration.announcement.removed": _("Gỡ thông báo"),
            "collaboration.announcement.extended": _("Gia hạn lưu trữ thông báo"),
            "collaboration.announcement.cleared": _("Xóa thông báo hết thời hạn lưu trữ"),
        }
    )
    registry.audit_object_url(
        "collaboration.announcement", registry.url_by_id("collaboration:announcements_detail")
    )
    registry.home_section(
        registry.HomeSection(
            "collaboration.announcements",
            "collaboration/announcements/_home.html",
            announcements.home_section,
            order=40,
        )
    )
    registry.counter(registry.Counter("collaboration.announcements", announcements.home_counts, order=40))
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.announcements",
            _("Thông báo chung"),
            "collaboration:announcements_list",
            namespace="collaboration",
            path_prefix="/phoi-hop/thong-bao-chung/",
            order=80,
        )
    )


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
