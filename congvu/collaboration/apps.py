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
    from congvu.core import registry  # noqa: F401

    # (registrations of this feature)


# end of _chat


def _sms() -> None:
    """SMS: authorised senders, the gateway, audit (congvu.collaboration.sms)."""
    from congvu.collaboration.sms import policies as sms_policies
    from congvu.collaboration.sms.gateways import configured_gateway
    from congvu.core import registry

    configured_gateway()  # a bad CONGVU_SMS_GATEWAY stops start-up (ImproperlyConfigured), not the first SMS
    registry.api("/sms", "congvu.collaboration.sms.api.router")
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.sms",
            _("Tin nhắn SMS"),
            "collaboration:sms_list",
            namespace="collaboration",
            path_prefix="/phoi-hop/tin-nhan-sms/",
            order=75,
            visible=lambda user: bool(sms_policies.can_send_sms(user)),
        )
    )
    registry.admin_entry(
        registry.AdminEntry(
            "collaboration.sms",
            _("Nhật ký tin nhắn SMS"),
            "collaboration:sms_agency_log",
            group="monitoring",
            description=_("Mọi tin nhắn SMS của cơ quan: người gửi, người nhận, nội dung, trạng thái gửi."),
            order=60,
            visible=lambda user: bool(sms_policies.administers_sms_log(user)),
        )
    )
    registry.audit_labels(
        {
            "collaboration.smsmessage.sent": _("Gửi tin nhắn SMS"),
            "collaboration.smsdelivery.deliver": _("Cổng SMS đã nhận tin"),
            "collaboration.smsdelivery.fail": _("Gửi tin nhắn SMS không thành công"),
        }
    )
    registry.audit_object_url("collaboration.smsmessage", registry.url_by_id("collaboration:sms_detail"))


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
