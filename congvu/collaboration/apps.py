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
    from congvu.collaboration.consultations import selectors as consultations
    from congvu.core import registry

    registry.api("/consultations", "congvu.collaboration.consultations.api.router")
    registry.audit_labels(
        {
            "collaboration.consultation.appointed": _("Giao soạn thảo lấy ý kiến"),
            "collaboration.consultation.post": _("Đăng lấy ý kiến"),
            "collaboration.consultation.answered": _("Gửi ý kiến góp ý"),
            "collaboration.consultation.answer_changed": _("Sửa ý kiến góp ý"),
            "collaboration.consultation.extend": _("Gia hạn góp ý"),
            "collaboration.consultation.close": _("Kết thúc lấy ý kiến"),
            "collaboration.consultation.expire": _("Hết hạn góp ý"),
            "collaboration.consultation.cancel": _("Hủy lấy ý kiến"),
            "collaboration.consultation.kept": _("Gia hạn lưu trữ lấy ý kiến"),
            "collaboration.consultation.exported": _("In, tải tổng hợp ý kiến"),
            "collaboration.consultation.cleared": _("Xóa lấy ý kiến hết hạn lưu trữ"),
        }
    )
    registry.audit_object_url(
        "collaboration.consultation", registry.url_by_id("collaboration:consultations_detail")
    )
    registry.home_section(
        registry.HomeSection(
            "collaboration.consultations",
            "collaboration/consultations/_home.html",
            consultations.home_section,
            order=40,
        )
    )
    registry.counter(registry.Counter("collaboration.consultations", consultations.home_counts, order=40))
    registry.nav_entry(
        registry.NavEntry(
            "collaboration.consultations",
            _("Lấy ý kiến"),
            "collaboration:consultations_list",
            namespace="collaboration",
            path_prefix="/phoi-hop/lay-y-kien/",
            order=75,
        )
    )


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
            path_prefix="/phoi-hop/hoi-thoai/",
            order=68,
            badge_url_name="collaboration:chat_badge",
        )
    )
    registry.counter(registry.Counter("collaboration.chat", selectors.home_counts, order=70))


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
    from congvu.collaboration.notices.policies import is_system_wide_administrator
    from congvu.core import registry

    def banner_context(request):
        from congvu.collaboration.notices.selectors import banner_notices

        notices = banner_notices(getattr(request, "session", None))
        return {"notices": notices} if notices else None

    registry.api("/notices", "congvu.collaboration.notices.api.router")
    registry.banner(registry.Banner("notices", "collaboration/notices/banner.html", banner_context, order=10))
    registry.admin_entry(
        registry.AdminEntry(
            "notices",
            _("Thông báo bảo trì, sự cố"),
            "collaboration:notice_admin_list",
            group="monitoring",
            description=_("Báo trước cho mọi người dùng các đợt bảo trì, nâng cấp và sự cố của hệ thống."),
            order=40,
            visible=is_system_wide_administrator,
        )
    )
    registry.audit_labels(
        {
            "collaboration.notice.created": _("Đăng thông báo hệ thống"),
            "collaboration.notice.updated": _("Sửa thông báo hệ thống"),
            "collaboration.notice.ended": _("Kết thúc thông báo hệ thống (đã khắc phục)"),
        }
    )
    registry.audit_object_url(
        "collaboration.notice", lambda ids: {pk: "/phoi-hop/thong-bao-he-thong/" for pk in ids}
    )


# end of _notices


def _feedback() -> None:
    """Feedback: reports from any page, triage, a lost account's sessions ended (congvu.collaboration.feedback)."""
    from django.urls import reverse

    from congvu.collaboration.feedback.policies import is_triager
    from congvu.core import registry

    def waiting(user) -> list:
        from congvu.collaboration.feedback.selectors import waiting_count

        if not is_triager(user):
            return []
        count = waiting_count(user)
        url = reverse("collaboration:feedback_admin_list") + "?status=new"
        return [registry.Count(_("Góp ý, báo lỗi mới"), count, url, waiting=True)] if count else []

    registry.api("/feedback", "congvu.collaboration.feedback.api.router")
    registry.counter(registry.Counter("feedback", waiting, order=90))
    registry.admin_entry(
        registry.AdminEntry(
            "feedback",
            _("Góp ý, báo lỗi của người dùng"),
            "collaboration:feedback_admin_list",
            group="monitoring",
            description=_(
                "Lỗi, sự cố, sử dụng sai mục đích, đề xuất tính năng và tài khoản bị mất quyền kiểm soát."
            ),
            order=41,
            visible=is_triager,
        )
    )
    registry.audit_labels(
        {
            "collaboration.feedbackreport.created": _("Gửi góp ý, báo lỗi"),
            "collaboration.feedbackreport.start": _("Nhận xử lý góp ý"),
            "collaboration.feedbackreport.resolve": _("Đã xử lý góp ý"),
            "collaboration.feedbackreport.reject": _("Không xử lý góp ý"),
            "collaboration.feedbackreport.reopen": _("Mở lại góp ý"),
            "collaboration.feedbackreport.assign": _("Giao người xử lý góp ý"),
            "collaboration.feedbackreport.reply": _("Trả lời góp ý"),
        }
    )
    registry.audit_object_url(
        "collaboration.feedbackreport", registry.url_by_id("collaboration:feedback_detail")
    )


# end of _feedback
