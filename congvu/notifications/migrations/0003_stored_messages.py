"""Notifications written before messages were stored with their values: each known title and body is
turned back into its message (the msgid of the English catalogue) and values, so it shows in the
reader's language; the event key tells what it is about and what it waited for, so that the act
settles it. A text that matches no known message stays as it was written (shown as is)."""

import re

from django.db import migrations

ASSIGNMENT = "assignments.assignment"
# (title, possible bodies), in the order they are tried; the more specific body first.
MESSAGES = [
    ("Việc mới: %(title)s", ["%(giver)s (thay mặt %(principal)s) giao việc, hạn %(due)s.", "%(giver)s giao việc, hạn %(due)s."]),
    ("Theo dõi công việc: %(title)s", ["%(giver)s (thay mặt %(principal)s) mời theo dõi, hạn %(due)s.", "%(giver)s mời theo dõi, hạn %(due)s."]),
    ("Chờ duyệt: %(title)s", ["%(note)s"]),
    ("Đã duyệt: %(title)s", ["Đánh giá %(rating)s/%(scale)s. %(comment)s", "Đánh giá %(rating)s/%(scale)s."]),
    ("Bị trả lại: %(title)s", ["%(reason)s"]),
    ("Việc được giao cho bạn: %(title)s", ["%(reason)s"]),
    ("Việc đã giao cho người khác: %(title)s", ["%(reason)s"]),
    ("Đã hủy: %(title)s", ["%(reason)s"]),
    ("Đề nghị gia hạn: %(title)s", ["Đến %(new_deadline)s. %(reason)s"]),
    ("Đã gia hạn: %(title)s", ["Hạn mới %(new_deadline)s. %(note)s", "Hạn mới %(new_deadline)s."]),
    ("Không gia hạn: %(title)s", ["%(note)s"]),
    ("Sắp đến hạn: %(title)s", ["Hạn hoàn thành %(deadline)s. Vui lòng cập nhật tiến độ và gửi kết quả đúng hạn."]),
    (
        "Quá hạn: %(title)s",
        ["Công việc đã quá hạn hoàn thành (%(deadline)s). Vui lòng báo cáo tiến độ, gửi kết quả hoặc đề nghị gia hạn."],
    ),
    ("%(principal)s đề nghị ủy quyền cho %(delegate)s từ %(start)s đến %(end)s", ["Lý do: %(reason)s"]),
    ("Ủy quyền đã được duyệt: %(delegate)s xử lý thay %(principal)s từ %(start)s đến %(end)s", ["Lý do: %(reason)s"]),
    ("Đề nghị ủy quyền cho %(delegate)s không được duyệt", ["Lý do: %(reason)s"]),
    ("Ủy quyền đã chấm dứt: %(delegate)s thôi xử lý thay %(principal)s từ %(ended)s", ["", "Lý do: %(reason)s"]),
    ("Ủy quyền đã hết hạn: %(delegate)s thôi xử lý thay %(principal)s từ %(end)s", [""]),
    (
        "Thông báo ủy quyền: %(delegate)s xử lý công việc thay %(principal)s từ %(start)s đến %(end)s",
        [
            "%(principal)s ủy quyền cho %(delegate)s xử lý công việc trên hệ thống từ %(start)s đến %(end)s. "
            "Người được ủy quyền chịu trách nhiệm về các việc xử lý trong thời gian ủy quyền (Quy chế, Điều 11)."
        ],
    ),
    (
        "Đề nghị tài khoản cần xử lý: %(kind)s – %(unit)s (hạn %(due)s)",
        ["%(filer)s gửi đề nghị số %(number)s; cần xử lý trong %(days)s ngày làm việc."],
    ),
    ("Đề nghị tài khoản số %(number)s bị trả lại", ["Lý do: %(reason)s"]),
    (
        "Đề nghị tài khoản số %(number)s đã được xử lý",
        ["Tài khoản mới: %(accounts)s. Quản trị sẽ giao mật khẩu dùng một lần cho từng người.", "%(note)s"],
    ),
    (
        "Đã đến lúc đổi mật khẩu",
        [
            "Mật khẩu của bạn đã dùng hơn %(age)s ngày. Theo quy chế, mỗi người nên đổi mật "
            "khẩu ít nhất %(every)s ngày một lần để bảo đảm an toàn thông tin."
        ],
    ),
]
# Labels that were written into a title in Vietnamese and are shown translated now.
TRANSLATED_VALUES = {"kind": {"Cấp mới tài khoản", "Thay đổi thông tin", "Dừng hoạt động", "Hủy bỏ tài khoản"}}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")

# event key → (subject, what it waited for)
SUBJECTS = [
    (re.compile(r"assignment:(\d+):submitted:"), ASSIGNMENT, "review"),
    (re.compile(r"assignment:(\d+):extension:\d+$"), ASSIGNMENT, "extension"),
    (re.compile(r"assignment:(\d+):(new|returned:|reassigned:|due:|overdue:)"), ASSIGNMENT, "result"),
    (re.compile(r"assignment:(\d+):"), ASSIGNMENT, ""),
    (re.compile(r"delegation:(\d+):requested$"), "org.delegation", "decision"),
    (re.compile(r"delegation:(\d+):(approved|rejected|revoked|expired)$"), "org.delegation", ""),
    (re.compile(r"account_request:(\d+):submitted:"), "accounts.accountrequest", "processing"),
]


def _pattern(template):
    parts = PLACEHOLDER.split(template)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
    return re.compile(regex, re.S)


COMPILED = [(_pattern(t), t, [(_pattern(b), b) for b in bodies]) for t, bodies in MESSAGES]


def _match(pattern, text, params):
    found = pattern.fullmatch(text)
    if found is None:
        return False
    for key, value in found.groupdict().items():
        if key in params and params[key] != value:
            return False
    params.update(found.groupdict())
    return True


def _message(title, body):
    for title_pattern, title_msgid, bodies in COMPILED:
        params = {}
        if not _match(title_pattern, title, params):
            continue
        for body_pattern, body_msgid in bodies:
            values = dict(params)
            if _match(body_pattern, body, values):
                for key, labels in TRANSLATED_VALUES.items():
                    if values.get(key) in labels:
                        values[key] = {"msgid": values[key]}
                return title_msgid, body_msgid, values
    return None


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for note in Notification.objects.filter(params={}).iterator(chunk_size=2000):
        changes = {}
        found = _message(note.title, note.body)
        if found is not None:
            changes["title"], changes["body"], changes["params"] = found
        for pattern, label, awaits in SUBJECTS:
            key = pattern.match(note.event_key or "")
            if key:
                changes["subject"], changes["awaits"] = f"{label}:{key.group(1)}", awaits
                break
        if changes:
            Notification.objects.filter(pk=note.pk).update(**changes)


def backwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for note in Notification.objects.exclude(params={}).iterator(chunk_size=2000):
        values = {k: v["msgid"] if isinstance(v, dict) else v for k, v in note.params.items()}
        try:
            title, body = note.title % values, note.body % values
        except (KeyError, ValueError, TypeError):
            continue
        Notification.objects.filter(pk=note.pk).update(title=title[:300], body=body, params={})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_subject_params_repeats")]

    operations = [migrations.RunPython(forwards, backwards)]
