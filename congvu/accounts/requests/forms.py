"""Forms of the account-request screens (ORG-3): the request, its lines (a formset), the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.accounts.models import AccountRequest, AccountRequestLine, User
from congvu.accounts.requests.services import LineData
from congvu.core.forms import DateField, field_of, reason_field
from congvu.org.forms import AccountChoiceField, UnitChoiceField
from congvu.org.models import Position, Unit

K = AccountRequest.Kind
LINES_PREFIX = "lines"

# Which columns a line has, by kind: Phụ lục 1 for new accounts, Phụ lục 2 for the rest.
LINE_FIELDS = {
    K.CREATE: ("full_name", "date_of_birth", "unit", "position", "email", "note"),
    K.CHANGE: (
        "target_user",
        "full_name",
        "unit",
        "position",
        "email",
        "change_description",
        "change_reason",
        "note",
    ),
    K.SUSPEND: ("target_user", "change_reason", "note"),
    K.RETIRE: ("target_user", "change_reason", "note"),
}


class RequestForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị đề nghị"), queryset=Unit.objects.none(), empty_label=None)
    note = forms.CharField(
        label=_("Ghi chú chung"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "unit", forms.ModelChoiceField).queryset = Unit.objects.filter(
            pk__in=[u.pk for u in units]
        ).order_by("path")
        field_of(
            self, "unit", UnitChoiceField
        ).base_depth = 99  # no indentation: these are the units the person heads


class LineForm(forms.Form):
    """One person (one row of the appendix). Only the columns of the request's kind are shown."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    target_user = AccountChoiceField(
        label=_("Tài khoản"), queryset=User.objects.none(), empty_label=_("— Chọn tài khoản —")
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    date_of_birth = DateField(
        label=_("Ngày sinh"),
        required=False,
        help_text=_("Không bắt buộc; dùng khi trùng tên đăng nhập."),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị công tác"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —")
    )
    position = forms.ModelChoiceField(
        label=_("Chức vụ"), queryset=Position.objects.all(), empty_label=_("— Chọn chức vụ —")
    )
    email = forms.EmailField(
        label=_("Email công vụ"), max_length=254, error_messages={"invalid": _("Email không hợp lệ.")}
    )
    change_description = forms.CharField(
        label=_("Nội dung thay đổi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Để trống: hệ thống tự ghi những gì thay đổi."),
    )
    change_reason = forms.CharField(label=_("Lý do thay đổi"), widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args, kind: str, units, accounts, base_depth: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"id", *LINE_FIELDS[AccountRequest.Kind(kind)]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "unit" in self.fields:
            field_of(self, "unit", forms.ModelChoiceField).queryset = units
            field_of(self, "unit", UnitChoiceField).base_depth = base_depth
        if "target_user" in self.fields:
            field_of(self, "target_user", forms.ModelChoiceField).queryset = accounts
        if kind == K.CHANGE:
            for name in ("full_name", "unit", "position", "email"):
                self.fields[name].required = False
            self.fields["full_name"].help_text = _("Để trống những ô không đổi.")
            self.fields["unit"].label = _("Đơn vị công tác mới")
            self.fields["position"].label = _("Chức vụ mới")
            self.fields["full_name"].label = _("Họ và tên (nếu đổi)")
            self.fields["email"].label = _("Email (nếu đổi)")

    def to_line(self) -> LineData:
        data = self.cleaned_data
        return LineData(
            id=data.get("id"),
            full_name=data.get("full_name") or "",
            unit=data.get("unit"),
            position=data.get("position"),
            email=data.get("email") or "",
            date_of_birth=data.get("date_of_birth"),
            target_user=data.get("target_user"),
            change_description=data.get("change_description") or "",
            change_reason=data.get("change_reason") or "",
            note=data.get("note") or "",
        )


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> tuple[list[LineData], list[LineForm]]:
        """The lines to keep (not deleted, not left blank), with the form each came from."""
        lines, forms_ = [], []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            lines.append(form.to_line())
            forms_.append(form)
        return lines, forms_


def line_formset(
    *,
    kind: str,
    units,
    accounts,
    base_depth: int = 0,
    data=None,
    lines: list[AccountRequestLine] | None = None,
    extra: int = 1,
):
    initial = None
    if lines is not None:
        initial = [
            {
                "id": line.pk,
                "target_user": line.target_user_id,
                "full_name": line.full_name,
                "date_of_birth": line.date_of_birth,
                "unit": line.unit_id,
                "position": line.position_id,
                "email": line.email,
                "change_description": line.change_description,
                "change_reason": line.change_reason,
                "note": line.note,
            }
            for line in lines
        ]
    formset_class = forms.formset_factory(
        LineForm, formset=BaseLineFormSet, extra=extra, can_delete=True, max_num=200
    )
    formset = formset_class(
        data=data,
        initial=initial,
        prefix=LINES_PREFIX,
        form_kwargs={"kind": kind, "units": units, "accounts": accounts, "base_depth": base_depth},
    )
    for form in formset.forms:
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa dòng này")
    return formset


class ReasonForm(forms.Form):
    reason = reason_field(
        _("Lý do trả lại"), required=True, rows=3, required_message=_("Vui lòng nêu lý do trả lại.")
    )


class ProcessForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến xử lý"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút"), required=False, max_length=500)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(AccountRequest.Status.choices),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), required=False, queryset=Unit.objects.none(), empty_label=_("Tất cả")
    )
    overdue = forms.BooleanField(label=_("Chỉ đề nghị quá hạn"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "unit", forms.ModelChoiceField).queryset = units
