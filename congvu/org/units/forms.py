"""Forms of the organisation screens. They parse input only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import DateInput, field_of
from congvu.org import tree
from congvu.org.forms import AccountChoiceField, UnitChoiceField, UnitMultipleChoiceField, account_label
from congvu.org.models import Position, RoleGrant, Unit
from congvu.org.units import selectors as unit_selectors


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(
        label=_("Tên viết tắt"),
        max_length=30,
        help_text=_("Dùng trong ký hiệu văn bản và tên đăng nhập, ví dụ STTTT, VP."),
    )
    agency_code = forms.CharField(
        label=_("Mã định danh"),
        max_length=13,
        required=False,
        help_text=_(
            "Theo QCVN 102:2016/BTTTT, dạng NNN.NN.NN.XNN, ví dụ 000.00.00.H29. Để trống nếu chưa có."
        ),
        widget=forms.TextInput(attrs={"placeholder": "000.00.00.H29", "autocomplete": "off"}),
    )
    parent = UnitChoiceField(label=_("Đơn vị cấp trên"), queryset=Unit.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=Unit.Kind.choices, initial=Unit.Kind.DIVISION)
    is_office = forms.BooleanField(
        label=_("Là văn phòng của cơ quan cấp trên"),
        required=False,
        help_text=_("Chánh Văn phòng theo dõi, đôn đốc công việc lãnh đạo cơ quan giao."),
    )
    sort_order = forms.IntegerField(label=_("Thứ tự hiển thị"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)

    def __init__(
        self, *args: Any, parents: Any, allow_root: bool, editing: Unit | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        if editing is not None:
            # A unit cannot move under itself or a descendant: leave them out of the list.
            parents = parents.exclude(tree.subtree_q([editing.path]))
        field = field_of(self, "parent", UnitChoiceField)
        field.queryset = parents
        field.required = not allow_root
        field.empty_label = _("(Không có — đơn vị cấp cao nhất)") if allow_root else None
        if editing is None:
            del self.fields["is_active"]


class PositionForm(forms.Form):
    name = forms.CharField(label=_("Tên chức vụ"), max_length=120)
    level = forms.ChoiceField(label=_("Cấp"), choices=Position.Level.choices)
    sort_order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=0)


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm tài khoản"),
        required=False,
        max_length=100,
        help_text=_("Họ tên, tên đăng nhập hoặc thư điện tử; gõ không dấu cũng được."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _account_field(label: Any) -> AccountChoiceField:
    from congvu.accounts.models import User

    return AccountChoiceField(
        label=label,
        queryset=User.objects.filter(status=User.Status.ACTIVE),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy tìm và chọn một tài khoản."),
            "invalid_choice": _("Tài khoản không hợp lệ."),
        },
    )


class _PicksAccount(forms.Form):
    """A form whose ``user`` radio list shows only the search results (never the whole table),
    while validation accepts any active account."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"user": _account_field(_("Tài khoản")), **self.fields}
        field_of(self, "user", AccountChoiceField).widget.choices = []

    def show_candidates(self, candidates: list[Any]) -> None:
        field = self.fields["user"]
        field.widget.choices = [(u.pk, account_label(u)) for u in candidates]


class MembershipAddForm(_PicksAccount):
    position = forms.ModelChoiceField(label=_("Chức vụ"), queryset=Position.objects.none())
    is_primary = forms.BooleanField(
        label=_("Đơn vị công tác chính"),
        required=False,
        initial=True,
        help_text=_("Bỏ chọn nếu là chức vụ kiêm nhiệm."),
    )
    started_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "position", forms.ModelChoiceField).queryset = unit_selectors.positions()
        self.fields["started_on"].initial = timezone.localdate


class MembershipEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ngày kết thúc"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate


class PersonMoveForm(forms.Form):
    to_unit = UnitChoiceField(label=_("Chuyển đến đơn vị"), queryset=Unit.objects.none())
    position = forms.ModelChoiceField(label=_("Chức vụ mới"), queryset=Position.objects.none())
    on = forms.DateField(label=_("Từ ngày"), widget=DateInput())

    def __init__(self, *args: Any, destinations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "to_unit", forms.ModelChoiceField).queryset = destinations
        field_of(self, "position", forms.ModelChoiceField).queryset = unit_selectors.positions()
        self.fields["on"].initial = timezone.localdate


class InChargeForm(forms.Form):
    units = UnitMultipleChoiceField(
        label=_("Các đơn vị được giao phụ trách"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống là phụ trách chung toàn đơn vị."),
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "units", forms.ModelChoiceField).queryset = choices


GRANTABLE_ROLES = RoleGrant.Role.choices


class RoleGrantForm(_PicksAccount):
    role = forms.ChoiceField(label=_("Vai trò"), choices=GRANTABLE_ROLES)
