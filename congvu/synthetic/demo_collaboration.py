"""The demo province's collaboration (COL-1..COL-9, ADM-4, ADM-5), entered through the services and dated
relative to today: a week of work calendar, announcements, a consultation, a conversation ... Each feature
enters its own part in its function below; each part is given once (it checks whether it is there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.org.models import Unit


@dataclass
class CollaborationResult:
    created: dict[str, int] = field(default_factory=dict)  # feature -> rows entered now


def load_collaboration(*, units: dict[str, Unit]) -> CollaborationResult:
    """Enter each feature's demo part that is not there yet. ``units`` maps the demo's unit keys to the
    units (``demo.load_demo().units``); the personas are found by their login names (``demo.PERSONAS``)."""
    result = CollaborationResult()
    for name, part in PARTS:
        with transaction.atomic():
            count = part(units)
        if count:
            result.created[name] = count
    return result


# (day of the week 0–6, hour, minute, content, place, host, participants, participating unit keys, outsiders)
_AGENCY_WEEK = (
    (0, 8, 0, "Giao ban lãnh đạo UBND tỉnh đầu tuần", "Phòng họp số 1, trụ sở UBND tỉnh", "hungtq",
     ("mailt", "khoapm", "thanghv", "ducpv"), (), ""),
    (0, 14, 0, "Làm việc với Sở Nội vụ về đề án vị trí việc làm", "Sở Nội vụ", "mailt",
     ("namhv", "lanvt"), ("snv_tcbc",), ""),
    (1, 8, 30, "Hội nghị trực tuyến của Chính phủ với các địa phương", "Điểm cầu UBND tỉnh", "hungtq",
     ("mailt", "khoapm"), ("stc", "stttt"), "Lãnh đạo các sở, ngành theo Giấy mời"),
    (1, 14, 0, "Tiếp và làm việc với Đoàn công tác của Bộ Tài chính", "Phòng khách UBND tỉnh", "khoapm",
     ("hainv",), ("stc",), "Đoàn công tác Bộ Tài chính"),
    (2, 8, 0, "Kiểm tra tiến độ dự án đường ven biển", "Huyện Đức Trọng", "thanghv", (), ("dt",), ""),
    (2, 14, 0, "Họp Ban Chỉ đạo chuyển đổi số tỉnh", "Hội trường UBND tỉnh", "hungtq",
     ("trietvm",), ("stttt", "stttt_cntt"), "Thành viên Ban Chỉ đạo"),
    (3, 8, 0, "Tiếp công dân định kỳ tháng", "Trụ sở Tiếp công dân tỉnh", "hungtq", ("ducpv",), (), ""),
    (3, 15, 0, "Nghe báo cáo dự toán ngân sách năm sau", "Phòng họp số 2", "khoapm", ("hainv", "phuongtt"),
     ("stc_ns",), ""),
    (4, 8, 0, "Phiên họp UBND tỉnh thường kỳ", "Hội trường UBND tỉnh", "hungtq",
     ("mailt", "khoapm", "thanghv", "namhv", "hainv", "trietvm"), (), "Đại diện Thường trực HĐND tỉnh"),
    (4, 14, 0, "Làm việc tại cơ quan", "", "mailt", (), (), ""),
)  # fmt: skip

_TCBC_WEEK = (
    (0, 8, 0, "Họp phòng triển khai công việc tuần", "Phòng họp Sở Nội vụ", "sonbt", ("quanlm", "minhnv", "hattt")),
    (2, 14, 0, "Thẩm định hồ sơ biên chế năm sau của các sở", "Phòng TCBC", "quanlm", ("minhnv",)),
    (4, 9, 0, "Tổng hợp báo cáo biên chế gửi Bộ Nội vụ", "Phòng TCBC", "sonbt", ("hattt",)),
)  # fmt: skip


def _calendar(units: dict[str, Unit]) -> int:
    """This week's calendar of UBND tỉnh, published by its office; the chairman's own calendar; the
    calendar of Phòng Tổ chức biên chế (Sở Nội vụ). The number of rows entered now (0 when there)."""
    import datetime as dt

    from django.utils import timezone

    from congvu.accounts.models import User
    from congvu.collaboration.calendar import services as calendar
    from congvu.collaboration.calendar.models import WorkCalendar

    if WorkCalendar.objects.filter(kind=WorkCalendar.Kind.AGENCY, unit=units["tinh"]).exists():
        return 0
    from congvu.synthetic.demo import EMAIL_DOMAIN, PERSONAS

    emails = {f"{p.key}@{EMAIL_DOMAIN}": p.key for p in PERSONAS}
    people = {emails[u.email.lower()]: u for u in User.objects.filter(email__in=list(emails))}
    office_head = people["ducpv"]
    agency = calendar.calendar_open(kind=WorkCalendar.Kind.AGENCY, unit=units["tinh"], actor=office_head)
    chairman = calendar.calendar_open(
        kind=WorkCalendar.Kind.LEADER, leader=people["hungtq"], actor=office_head
    )
    tcbc = calendar.calendar_open(kind=WorkCalendar.Kind.UNIT, unit=units["snv_tcbc"], actor=people["sonbt"])
    calendar.calendar_keepers_set(calendar=chairman, keepers=[people["tuandm"]], actor=people["hungtq"])
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    count = 3
    for weekday, hour, minute, content, place, host, names, unit_keys, outsiders in _AGENCY_WEEK:
        calendar.entry_create(
            calendar=agency,
            data=calendar.EntryData(
                day=monday + dt.timedelta(days=weekday),
                start_time=dt.time(hour, minute),
                content=content,
                place=place,
                host=people[host],
                participants=[people[n] for n in names],
                participant_units=[units[k] for k in unit_keys],
                participants_text=outsiders,
                preparing_unit=units["vp_th"],
            ),
            actor=people["hoant"],
        )
        count += 1
        if host == "hungtq":
            calendar.entry_create(
                calendar=chairman,
                data=calendar.EntryData(
                    day=monday + dt.timedelta(days=weekday), start_time=dt.time(hour, minute), content=content,
                    place=place, host=people[host],
                ),
                actor=people["tuandm"],
            )  # fmt: skip
            count += 1
    calendar.week_publish(calendar=agency, week_start=monday, actor=office_head)
    for weekday, hour, minute, content, place, host, team in _TCBC_WEEK:
        calendar.entry_create(
            calendar=tcbc,
            data=calendar.EntryData(
                day=monday + dt.timedelta(days=weekday), start_time=dt.time(hour, minute), content=content,
                place=place, host=people[host], participants=[people[n] for n in team],
            ),
            actor=people["sonbt"],
        )  # fmt: skip
        count += 1
    return count


# end of _calendar


def _persona(key: str) -> Any:
    from congvu.accounts.models import User
    from congvu.synthetic.demo import EMAIL_DOMAIN

    return User.objects.get(email=f"{key}@{EMAIL_DOMAIN}")


MESSAGES_MARKER = "Phân công rà soát vị trí việc làm"


def _messages(units: dict[str, Unit]) -> int:
    """The demo messages; the number of rows entered now (0 when already there): a head of division
    writes to two officers, one of them replies, the director writes to the whole division, and the
    deputy director sends a report with a file."""
    from congvu.collaboration.messages.models import Message
    from congvu.collaboration.messages.services import Draft, message_send

    son, minh, ha = _persona("sonbt"), _persona("minhnv"), _persona("hattt")
    nam, lan = _persona("namhv"), _persona("lanvt")
    if Message.objects.filter(subject=MESSAGES_MARKER, sender=son).exists():
        return 0
    year = timezone.localdate().year
    first = message_send(
        actor=son,
        draft=Draft(
            subject=MESSAGES_MARKER,
            body=(
                "Đề nghị anh Minh, chị Hà rà soát bản mô tả vị trí việc làm của phòng, "
                "gửi lại tôi trước thứ Sáu tuần này."
            ),
            people=[minh, ha],
        ),
    )
    reply = message_send(
        actor=minh,
        draft=Draft(
            subject=f"Trả lời: {MESSAGES_MARKER}",
            body="Em nhận, thứ Năm em gửi anh bản rà soát.",
            people=[son],
        ),
        reply_to=first,
    )
    to_unit = message_send(
        actor=nam,
        draft=Draft(
            subject=f"Kế hoạch tuyển dụng công chức năm {year + 1}",
            body="Phòng Tổ chức biên chế chuẩn bị dự thảo kế hoạch, trình Ban Giám đốc trong tháng.",
            units=[units["snv_tcbc"]],
        ),
    )
    with_file = message_send(
        actor=lan,
        draft=Draft(
            subject="Số liệu biên chế để tổng hợp",
            body="Anh Sơn xem số liệu biên chế kèm theo, tổng hợp vào báo cáo quý.",
            people=[son],
        ),
        uploads=[("so-lieu-bien-che.txt", "Đơn vị;Biên chế giao;Có mặt\nPhòng TCBC;8;7\n".encode())],
    )
    return len([first, reply, to_unit, with_file])


# end of _messages


REMINDERS_MARKER = "Hoàn thiện hồ sơ đề nghị nâng lương quý này"


def _reminders(units: dict[str, Unit]) -> int:
    """The demo reminders; the number of rows entered now (0 when already there): one the officer
    has acknowledged, one still waiting, and one past its due date. The overdue one is sent today
    with today's due date and then dated back (the one row the demo writes by hand, as the work
    demo does), since nobody may give a due date in the past."""
    import datetime as dt

    from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
    from congvu.collaboration.reminders.services import reminder_acknowledge, reminder_send

    son, minh, ha, nam = _persona("sonbt"), _persona("minhnv"), _persona("hattt"), _persona("namhv")
    if Reminder.objects.filter(content=REMINDERS_MARKER, sender=son).exists():
        return 0
    today = timezone.localdate()
    acknowledged = reminder_send(
        actor=son, recipients=[minh], content=REMINDERS_MARKER, due_on=today + dt.timedelta(days=3)
    )
    reminder_acknowledge(
        row=ReminderRecipient.objects.select_related("reminder").get(reminder=acknowledged), actor=minh
    )
    waiting = reminder_send(
        actor=son,
        recipients=[ha],
        content="Cập nhật danh sách công chức tham gia bồi dưỡng vào hệ thống",
        due_on=today + dt.timedelta(days=5),
        link="/phoi-hop/thu/",
    )
    overdue = reminder_send(
        actor=nam, recipients=[son], content="Gửi báo cáo tình hình thực hiện biên chế năm nay", due_on=today
    )
    past, sent = today - dt.timedelta(days=2), timezone.now() - dt.timedelta(days=7)
    Reminder.objects.filter(pk=overdue.pk).update(due_on=past, sent_at=sent)
    ReminderRecipient.objects.filter(reminder=overdue).update(due_on=past, sent_at=sent)
    return len([acknowledged, waiting, overdue])


# end of _reminders


def _person(key: str) -> Any:
    """A persona of the demo (``demo.PERSONAS``) by its key, through the e-mail it was given."""
    from congvu.accounts.models import User
    from congvu.synthetic.demo import EMAIL_DOMAIN

    return User.objects.get(email__iexact=f"{key}@{EMAIL_DOMAIN}")


def _boards(units: dict[str, Unit]) -> int:
    """The demo boards (COL-3, COL-6): Sở Nội vụ's Chi bộ, Công đoàn and Chi đoàn with their
    committees among the personas (entered by the administrator Lý Văn Kiên), and a few posts on
    the public board and the organisations' boards. The number of rows entered now (0 when already
    there)."""
    import datetime as dt

    from django.utils import timezone

    from congvu.collaboration.boards import services
    from congvu.collaboration.boards.models import CommitteeMember, Organisation

    snv = units["snv"]
    if Organisation.objects.filter(agency=snv).exists():
        return 0
    admin = _person("kienlv")
    since = timezone.localdate() - dt.timedelta(days=300)
    K, R = Organisation.Kind, CommitteeMember.Role
    plan = [
        (
            K.PARTY_CELL,
            "Chi bộ Sở Nội vụ",
            [("namhv", R.SECRETARY), ("lanvt", R.DEPUTY), ("sonbt", R.MEMBER)],
        ),
        (
            K.TRADE_UNION,
            "Công đoàn Sở Nội vụ",
            [("lanvt", R.SECRETARY), ("baopq", R.DEPUTY), ("hattt", R.MEMBER)],
        ),
        (K.YOUTH_UNION, "Chi đoàn Sở Nội vụ", [("minhnv", R.SECRETARY), ("nhungdth", R.DEPUTY)]),
    ]
    rows = 0
    found: dict[str, Organisation] = {}
    for kind, name, seats in plan:
        organisation = services.organisation_create(agency=snv, kind=kind, name=name, actor=admin)
        found[kind] = organisation
        rows += 1
        for username, role in seats:
            services.committee_member_add(
                organisation=organisation, user=_person(username), role=role, started_on=since, actor=admin
            )
            rows += 1
    posts: list[tuple[Any, str, str, str]] = [
        (None, "hattt", "Tìm chủ nhân chiếc ô để quên ở phòng họp tầng 2",
         "Chiếc ô màu xanh để quên sau cuộc họp sáng thứ Hai; anh chị nào để quên xin liên hệ Phòng TCBC."),
        (None, "baopq", "Phòng họp tầng 3 bảo trì điều hòa tuần này",
         "Từ thứ Ba đến thứ Năm phòng họp tầng 3 tạm ngừng sử dụng; các phòng đăng ký phòng họp tầng 2."),
        (K.PARTY_CELL, "namhv", "Sinh hoạt chi bộ thường kỳ tháng này",
         "Chi bộ sinh hoạt thường kỳ vào 14h00 thứ Sáu tuần cuối tháng tại phòng họp tầng 2. "
         "Đề nghị đảng viên tham dự đầy đủ."),
        (K.TRADE_UNION, "lanvt", "Đăng ký tham quan nghỉ dưỡng hè",
         "Công đoàn tổ chức chuyến tham quan cho đoàn viên; đăng ký với đồng chí Trần Thị Thu Hà trước ngày 20."),
        (K.YOUTH_UNION, "minhnv", "Ra quân Chủ nhật xanh",
         "Chi đoàn ra quân dọn vệ sinh khuôn viên cơ quan 7h00 sáng Chủ nhật; đoàn viên mang theo găng tay."),
    ]  # fmt: skip
    for kind, username, title, body in posts:
        services.board_post_create(
            agency=snv,
            organisation=found[kind] if kind else None,
            title=title,
            body=body,
            actor=_person(username),
        )
        rows += 1
    return rows


# end of _boards


def _announcements(units: dict[str, Unit]) -> int:
    """The demo announcements (COL-4): the director of Sở Nội vụ to the whole agency (read by two
    people), the head of Phòng Tổ chức biên chế to his division, and the Party cell's secretary to
    the whole agency. The number of rows entered now (0 when already there)."""
    from congvu.collaboration.announcements import services
    from congvu.collaboration.announcements.models import Announcement
    from congvu.collaboration.boards.models import Organisation

    snv, tcbc = units["snv"], units["snv_tcbc"]
    if Announcement.objects.filter(agency=snv).exists():
        return 0
    director, head = _person("namhv"), _person("sonbt")
    holiday = services.announcement_post(
        capacity_key=f"agency:{snv.pk}",
        title="Lịch nghỉ Tết Nguyên đán và phân công trực",
        body="Cán bộ, công chức nghỉ Tết theo thông báo của UBND tỉnh. Các phòng gửi lịch trực về Văn phòng "
        "Sở trước ngày 20; lãnh đạo phòng chịu trách nhiệm bố trí người trực.",
        whole_agency=True,
        actor=director,
    )
    meeting = services.announcement_post(
        capacity_key=f"unit:{tcbc.pk}",
        title="Họp phòng triển khai đề án vị trí việc làm",
        body="14h00 thứ Sáu tại phòng họp tầng 2. Mỗi chuyên viên chuẩn bị số liệu phần việc được giao.",
        whole_agency=False,
        units=[tcbc],
        actor=head,
    )
    rows = 2
    party = Organisation.objects.filter(agency=snv, kind=Organisation.Kind.PARTY_CELL).first()
    if party is not None:
        services.announcement_post(
            capacity_key=f"organisation:{party.pk}",
            title="Học tập, quán triệt nghị quyết của Đảng ủy khối",
            body="Chi bộ tổ chức học tập nghị quyết vào sáng thứ Tư tuần tới tại hội trường; đảng viên và quần "
            "chúng ưu tú tham dự.",
            whole_agency=True,
            actor=director,
        )
        rows += 1
    for username in ("minhnv", "hattt"):
        services.announcement_mark_read(announcement=holiday, actor=_person(username))
        rows += 1
    services.announcement_mark_read(announcement=meeting, actor=_person("minhnv"))
    return rows + 1


# end of _announcements


def _consultations(units: dict[str, Unit]) -> int:
    """The demo consultations; the number of rows entered now (0 when already there).

    The director of Sở Nội vụ appointed the head of TCBC to draft the agency's code of conduct; he
    posted it to his division, the CCVC division and the deputy director, with a deadline four days
    ahead; two officers have answered, the others have not yet."""
    import datetime as dt

    from django.utils import timezone

    from congvu.accounts.models import User
    from congvu.collaboration.consultations import services
    from congvu.collaboration.consultations.models import Consultation

    subject = "Dự thảo Quy chế văn hóa công sở của Sở Nội vụ"
    agency = units["snv"]
    if Consultation.objects.filter(agency=agency, subject=subject).exists():
        return 0
    from congvu.synthetic import demo

    keys = ["namhv", "lanvt", "sonbt", "minhnv", "hattt"]
    emails = {f"{key}@{demo.EMAIL_DOMAIN}": key for key in keys}
    people = {emails[u.email.lower()]: u for u in User.objects.filter(email__in=list(emails))}
    if len(people) < 5:
        return 0
    consultation = services.consultation_appoint(
        agency=agency,
        drafter=people["sonbt"],
        subject=subject,
        note="Phòng TCBC chủ trì soạn thảo, lấy ý kiến toàn Sở trước khi trình ký.",
        actor=people["namhv"],
    )
    deadline = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=4), dt.time(17, 0))
    )
    consultation = services.consultation_post(
        consultation=consultation,
        title="Góp ý dự thảo Quy chế văn hóa công sở",
        description=(
            "Đề nghị các đồng chí nghiên cứu dự thảo, góp ý về trang phục, giao tiếp và ứng xử với "
            "người dân; nếu không có ý kiến, chọn “Không có ý kiến”."
        ),
        deadline=deadline,
        audience=Consultation.Audience.CHOSEN,
        people=[people["lanvt"]],
        units=[units["snv_tcbc"], units["snv_ccvc"]],
        uploads=[("du-thao-quy-che-van-hoa-cong-so.txt", "Dự thảo Quy chế văn hóa công sở.\n".encode())],
        actor=people["sonbt"],
    )
    services.consultation_answer(
        consultation=consultation,
        answer="comment",
        text="Đề nghị bổ sung quy định về ứng xử trên mạng xã hội tại Điều 6.",
        actor=people["minhnv"],
    )
    services.consultation_answer(consultation=consultation, answer="no_comment", actor=people["hattt"])
    return 3


# end of _consultations


CHAT_GROUP_TITLE = "Tổ soạn thảo Đề án vị trí việc làm"


def _chat(units: dict[str, Unit]) -> int:
    """The demo chat: a one-to-one conversation of two officers of Sở Nội vụ (Nguyễn Văn Minh, Trần Thị
    Thu Hà) and a group of their division head; a few messages each, the last ones unread by some
    (Hà finds 1 + 4 unread, Sơn 3). The number of messages entered now (0 when already there)."""
    from congvu.accounts.models import User
    from congvu.collaboration.chat import services as chat
    from congvu.collaboration.chat.models import Conversation
    from congvu.synthetic.demo import EMAIL_DOMAIN

    if Conversation.objects.filter(title=CHAT_GROUP_TITLE).exists():
        return 0
    keys = ("sonbt", "quanlm", "minhnv", "hattt", "lanvt")
    people = {
        u.email.split("@")[0].lower(): u
        for u in User.objects.filter(email__in=[f"{k}@{EMAIL_DOMAIN}" for k in keys])
    }
    if len(people) < len(keys):
        return 0
    minh, ha, son, quan, lan = (people[k] for k in ("minhnv", "hattt", "sonbt", "quanlm", "lanvt"))
    direct = chat.conversation_open_direct(actor=minh, other=ha)
    group = chat.group_create(actor=son, title=CHAT_GROUP_TITLE, members=[quan, minh, ha, lan])
    lines = [
        (direct, minh, "Chị Hà ơi, chị gửi giúp em bảng tổng hợp biên chế quý IV của các phòng nhé."),
        (direct, ha, "Ừ, chị gửi trong sáng nay. Em cần bản có cả số hợp đồng 111 không?"),
        (group, son, "Cả tổ lưu ý: thứ Sáu này nộp bản dự thảo Đề án vị trí việc làm cho chị Lan duyệt."),
        (group, lan, "Các em gửi sớm để chị kịp đọc trước cuộc họp sáng thứ Hai."),
        (direct, minh, "Dạ cần cả số hợp đồng ạ. Em cảm ơn chị!"),
        (group, quan, "Phần khung năng lực anh đã xong, Minh ghép vào bản chung giúp anh."),
        (group, minh, "Dạ, em ghép xong sẽ gửi lên nhóm trước 16 giờ."),
    ]
    for conversation, sender, text in lines:
        chat.chat_message_send(conversation=conversation, actor=sender, body=text)
    return len(lines)


# end of _chat


# Fictitious mobile numbers (the 0912 000 1xx block) of the personas the demo's SMS reaches.
DEMO_PHONES = {
    "ducpv": "0912 000 101",
    "hungtq": "0912 000 102",
    "mailt": "0912 000 103",
    "khoapm": "0912 000 104",
    "thanghv": "0912 000 105",
    "huongntt": "0912 000 106",
    "hoant": "0912 000 107",
    "tuandm": "0912 000 108",
    "kienlv": "0912 000 109",
    "landtn": "0912 000 110",
    "phuchv": "0912 000 111",
    "anhvtk": "0912 000 112",
    "namhv": "0912 000 113",
    "hainv": "0912 000 114",
    "trietvm": "0912 000 115",
    "tailv": "0912 000 116",
}
DEMO_SMS_SENDER = "ducpv"  # the Chánh Văn phòng holds the SMS role on the province (COL-9)


def _sms(units: dict[str, Unit]) -> int:
    """The demo SMS: phone numbers for some personas, the SMS role for the office head (ducpv) on the
    province, and one SMS he sent to the leaders, handed to the logging gateway; the number of rows
    entered now (0 when already there)."""
    from congvu.accounts.models import User
    from congvu.accounts.users.services import user_update
    from congvu.collaboration.sms import services as sms
    from congvu.collaboration.sms.models import SmsMessage
    from congvu.org.models import RoleGrant
    from congvu.org.units.services import role_grant

    people = {u.username: u for u in User.objects.filter(username__in=DEMO_PHONES)}
    sender = people.get(DEMO_SMS_SENDER)
    if sender is None or SmsMessage.objects.filter(sender=sender).exists():
        return 0
    rows = 0
    for username, phone in DEMO_PHONES.items():
        person = people.get(username)
        if person is not None and not person.phone:
            user_update(user=person, actor=None, phone=phone)
            rows += 1
    if not RoleGrant.objects.filter(user=sender, role=RoleGrant.Role.SMS_SENDER).exists():
        role_grant(user=sender, role=RoleGrant.Role.SMS_SENDER, unit=units["tinh"], actor=None)
        rows += 1
    leaders = [
        people[u]
        for u in ("hungtq", "mailt", "khoapm", "thanghv", "namhv", "hainv", "trietvm")
        if u in people
    ]
    message = sms.sms_send(
        recipients=leaders,
        text="Kính mời các đồng chí dự họp giao ban tuần lúc 8 giờ sáng thứ Hai tại phòng họp số 1, UBND tỉnh.",
        link="/",
        unaccented=True,
        actor=sender,
    )
    sms.sms_deliver(message_id=message.pk)
    return rows + 1 + message.recipient_count


# end of _sms


def _notices(units: dict[str, Unit]) -> int:
    """The demo notices; the number of rows entered now (0 when already there): a maintenance window
    three days ahead (its banner already shows) and an incident, fixed, in the history."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from congvu.collaboration.notices import services
    from congvu.collaboration.notices.models import Notice

    maintenance_title = "Nâng cấp phần mềm quản lý văn bản lên phiên bản mới"
    if Notice.objects.filter(title=maintenance_title).exists():
        return 0
    from congvu.synthetic.demo import EMAIL_DOMAIN

    admin = get_user_model().objects.get(email=f"kienlv@{EMAIL_DOMAIN}")
    day = timezone.localdate() + dt.timedelta(days=3)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(19, 0)))
    incident = services.notice_create(
        actor=admin,
        kind=Notice.Kind.INCIDENT,
        severity=Notice.Severity.CRITICAL,
        title="Không gửi, nhận được văn bản liên thông",
        message="Trục liên thông văn bản quốc gia mất kết nối; văn bản gửi đi được giữ lại và gửi khi có kết nối.",
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    services.notice_end(
        notice=incident, actor=admin, resolution="Đã khôi phục kết nối; các văn bản đã được gửi."
    )
    services.notice_create(
        actor=admin,
        kind=Notice.Kind.MAINTENANCE,
        severity=Notice.Severity.WARNING,
        title=maintenance_title,
        message="Hệ thống tạm dừng để nâng cấp. Văn bản khẩn trong thời gian này xin gửi bằng thư điện tử công vụ.",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        show_before_hours=96,
    )
    return 2


# end of _notices


def _feedback(units: dict[str, Unit]) -> int:
    """The demo feedback; the number of rows entered now (0 when already there): a fault answered
    and resolved by the administrator, and a feature request waiting."""
    from django.contrib.auth import get_user_model

    from congvu.collaboration.feedback import services
    from congvu.collaboration.feedback.models import FeedbackReport

    fault = "Bấm “In sổ” ở trang văn bản đến thì trang báo lỗi."
    if FeedbackReport.objects.filter(description=fault).exists():
        return 0
    from congvu.synthetic.demo import EMAIL_DOMAIN

    people = {
        key: get_user_model().objects.get(email=f"{key}@{EMAIL_DOMAIN}")
        for key in ("kienlv", "minhnv", "anhvtk")
    }
    admin = people["kienlv"]
    report = services.report_create(
        actor=people["minhnv"], kind=FeedbackReport.Kind.FAULT, description=fault, page_path="/van-ban/den/"
    )
    report = services.report_transition(report=report, name="start", actor=admin)
    report = services.report_assign(report=report, assignee=admin, actor=admin)
    services.reply_create(
        report=report, body="Lỗi do mẫu sổ thiếu cột ghi chú; đã sửa, anh thử lại giúp.", actor=admin
    )
    services.report_transition(report=report, name="resolve", actor=admin, reason="Đã sửa mẫu in sổ.")
    services.report_create(
        actor=people["anhvtk"],
        kind=FeedbackReport.Kind.FEATURE,
        description="Đề nghị cho lọc văn bản đến theo lĩnh vực ngay trên danh sách.",
        page_path="/van-ban/den/",
    )
    return 2


# end of _feedback


PARTS: list[tuple[str, Any]] = [
    ("calendar", _calendar),
    ("messages", _messages),
    ("reminders", _reminders),
    ("boards", _boards),
    ("announcements", _announcements),
    ("consultations", _consultations),
    ("chat", _chat),
    ("sms", _sms),
    ("notices", _notices),
    ("feedback", _feedback),
]
