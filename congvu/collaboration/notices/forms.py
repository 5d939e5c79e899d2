"""Forms of the notice screens (ADM-4). The rules live in the service; a form only reads input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.notices import services
from congvu.collaboration.notices.models import Notice
from congvu.core.forms import reason_field

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
INPUT_FORMATS = [DATETIME_LOCAL, "%d/%m/%Y %H:%M"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Notice.Kind.choices)
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Notice.Severity.choices, initial="warning")
    title = forms.CharField(label=_("Tiêu đề"), max_length=services.MAX_TITLE)
    message = forms.CharField(
        label=_("Nội dung"),
        max_length=services.MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Thời gian tạm dừng, phần việc bị ảnh hưởng và cách làm trong thời gian đó."),
    )
    starts_at = forms.DateTimeField(
        label=_("Bắt đầu (ngày, giờ)"),
        widget=DateTimeLocalInput(),
        input_formats=INPUT_FORMATS,
        required=False,
        help_text=_("Giờ Việt Nam (UTC+7). Để trống khi sự cố đang diễn ra: bắt đầu ngay."),
    )
    ends_at = forms.DateTimeField(
        label=_("Kết thúc dự kiến (ngày, giờ)"), widget=DateTimeLocalInput(), input_formats=INPUT_FORMATS
    )
    show_before_hours = forms.IntegerField(
        label=_("Hiện thông báo trước (giờ)"),
        min_value=0,
        max_value=services.MAX_SHOW_BEFORE_HOURS,
        initial=services.DEFAULT_SHOW_BEFORE_HOURS,
        help_text=_("Mặc định 72 giờ (3 ngày) trước khi bắt đầu."),
    )

    @classmethod
    def for_notice(cls, data: Any, notice: Notice) -> NoticeForm:
        initial = {
            "kind": notice.kind,
            "severity": notice.severity,
            "title": notice.title,
            "message": notice.message,
            "starts_at": timezone.localtime(notice.starts_at),
            "ends_at": timezone.localtime(notice.ends_at),
            "show_before_hours": int(notice.show_before.total_seconds() // 3600),
        }
        return cls(data, initial=initial)


class EndForm(forms.Form):
    resolution = reason_field(
        _("Ghi chú khắc phục"),
        max_length=services.MAX_RESOLUTION,
        help_text=_("Ví dụ: đã khôi phục máy chủ, hệ thống hoạt động bình thường."),
    )
