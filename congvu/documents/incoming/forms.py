"""The incoming screens' forms: registration (Phụ lục VI), routing, closing into a dossier, sharing,
a dossier, and the register view's filters. Forms parse; the services judge (their refusals are
shown on the field they name, what was typed kept)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.catalogues.models import DocumentType, ExternalAgency
from congvu.catalogues.models import Field as DocumentField
from congvu.core.forms import HorizonDateField, MultipleFileField, field_of
from congvu.documents.incoming import selectors, services
from congvu.documents.models import Dossier, IncomingDocument, Register, Urgency

LENGTHS = services.FIELD_LENGTHS


class RegisterForm(forms.Form):
    """The clerk's registration (DOC-1, Phụ lục VI văn bản đến)."""

    sender_agency = forms.ModelChoiceField(
        label=_("Cơ quan gửi (danh mục)"), queryset=ExternalAgency.objects.none(), required=False
    )
    sender_name = forms.CharField(
        label=_("hoặc gõ tên cơ quan ban hành"), required=False, max_length=LENGTHS["sender_name"]
    )
    document_type = forms.ModelChoiceField(label=_("Loại văn bản"), queryset=DocumentType.objects.none())
    code_number = forms.CharField(label=_("Số"), required=False, max_length=LENGTHS["code_number"])
    code_notation = forms.CharField(label=_("Ký hiệu"), required=False, max_length=LENGTHS["code_notation"])
    issued_date = HorizonDateField(label=_("Ngày văn bản"), required=False)
    register = forms.ModelChoiceField(
        label=_("Sổ văn bản đến"),
        queryset=Register.objects.none(),
        required=False,
        empty_label=_("Sổ mặc định"),
    )
    arrival_date = HorizonDateField(label=_("Ngày đến"), required=False, help_text=_("Để trống: hôm nay."))
    arrival_number = forms.IntegerField(
        label=_("Số đến"),
        required=False,
        min_value=1,
        max_value=999_999,
        help_text=_("Để trống: hệ thống lấy số tiếp theo của sổ."),
    )
    subject = forms.CharField(
        label=_("Trích yếu nội dung"),
        max_length=LENGTHS["subject"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ghi rõ nội dung văn bản, không chỉ “V/v” hay “Công văn”."),
    )
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=LENGTHS["signer_name"])
    signer_position = forms.CharField(
        label=_("Chức vụ người ký"), required=False, max_length=LENGTHS["signer_position"]
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    is_priority = forms.BooleanField(label=_("Văn bản ưu tiên"), required=False)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=DocumentField.objects.none(), required=False)
    page_amount = forms.IntegerField(label=_("Số trang"), required=False, min_value=1, max_value=999)
    due_date = HorizonDateField(label=_("Hạn xử lý"), required=False)
    description = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=LENGTHS["description"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    presented_to = forms.ModelChoiceField(
        label=_("Trình lãnh đạo"), queryset=IncomingDocument.objects.none(), required=False
    )
    files = MultipleFileField(  # type: ignore[assignment]  # a field, not form.files
        label=_("Tệp văn bản (bản quét PDF giữ nguyên) và tệp đính kèm"),
        help_text=_("Tệp đầu tiên là văn bản; tối đa 25 MB mỗi tệp."),
    )
    confirm_duplicate = forms.BooleanField(label=_("Vẫn vào sổ (không phải văn bản trùng)"), required=False)
    confirm_subject = forms.BooleanField(label=_("Giữ trích yếu này"), required=False)

    def __init__(
        self,
        *args: Any,
        leaders: list[Any] | None = None,
        registers: list[Register] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field_of(self, "register", forms.ModelChoiceField).queryset = Register.objects.filter(
            pk__in=[r.pk for r in registers or []]
        )
        field_of(self, "sender_agency", forms.ModelChoiceField).queryset = ExternalAgency.objects.filter(
            is_active=True
        ).order_by("name")
        field_of(self, "document_type", forms.ModelChoiceField).queryset = DocumentType.objects.filter(
            is_active=True
        )
        field_of(self, "field", forms.ModelChoiceField).queryset = DocumentField.objects.filter(
            is_active=True
        )
        from congvu.accounts.models import User

        presented = field_of(self, "presented_to", forms.ModelChoiceField)
        presented.queryset = User.objects.filter(pk__in=[p.pk for p in leaders or []]).order_by("full_name")
        presented.label_from_instance = lambda u: u.full_name  # type: ignore[method-assign,assignment]
        if editing:
            for name in ("register", "arrival_date", "arrival_number", "presented_to"):
                del self.fields[name]

    def details(self) -> services.Details:
        data = self.cleaned_data
        return services.Details(
            document_type=data["document_type"],
            subject=data["subject"],
            sender_agency=data.get("sender_agency"),
            sender_name=data.get("sender_name") or "",
            code_number=data.get("code_number") or "",
            code_notation=data.get("code_notation") or "",
            issued_date=data.get("issued_date"),
            signer_name=data.get("signer_name") or "",
            signer_position=data.get("signer_position") or "",
            urgency=data.get("urgency") or Urgency.NORMAL,
            is_priority=bool(data.get("is_priority")),
            field=data.get("field"),
            page_amount=data.get("page_amount"),
            due_date=data.get("due_date"),
            description=data.get("description") or "",
        )

    @staticmethod
    def initial_for(doc: IncomingDocument) -> dict[str, Any]:
        names = (
            "sender_agency", "sender_name", "document_type", "code_number", "code_notation", "issued_date",
            "subject", "signer_name", "signer_position", "urgency", "is_priority", "field", "page_amount",
            "due_date", "description",
        )  # fmt: skip
        return {name: getattr(doc, name) for name in names}


class RouteForm(forms.Form):
    """Distribute (a leader) or forward (the lead): one lead, co-handlers, informed (DOC-2)."""

    lead = forms.ChoiceField(label=_("Xử lý chính"), required=False)
    coordinators = forms.MultipleChoiceField(
        label=_("Phối hợp"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    informed = forms.MultipleChoiceField(
        label=_("Để biết"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    instruction = forms.CharField(
        label=_("Ý kiến chỉ đạo (bút phê)"),
        required=False,
        max_length=services.MAX_INSTRUCTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = HorizonDateField(label=_("Hạn xử lý"), required=False)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    create_work = forms.BooleanField(
        label=_("Giao việc kèm văn bản (tạo công việc cho người/đơn vị xử lý chính)"), required=False
    )
    work_title = forms.CharField(label=_("Tên công việc"), required=False, max_length=500)

    def __init__(self, *args: Any, choices: selectors.RouteChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        options = choices.options()
        field_of(self, "lead", forms.ChoiceField).choices = [("", "— " + str(_("Chọn")) + " —"), *options]
        field_of(self, "coordinators", forms.MultipleChoiceField).choices = options
        field_of(self, "informed", forms.MultipleChoiceField).choices = options

    def route(self) -> services.Route:
        data = self.cleaned_data
        resolve = self.choices.resolve
        return services.Route(
            leads=[resolve(data["lead"])] if data.get("lead") else [],
            coordinators=[resolve(key) for key in data.get("coordinators") or []],
            informed=[resolve(key) for key in data.get("informed") or []],
            instruction=data.get("instruction") or "",
            deadline=data.get("deadline"),
            urgency=data.get("urgency") or None,
        )


class CloseForm(forms.Form):
    """End processing: file into a dossier chosen, or opened here (DOC-3)."""

    dossier = forms.ModelChoiceField(label=_("Hồ sơ có sẵn"), queryset=Dossier.objects.none(), required=False)
    new = forms.BooleanField(label=_("Lập hồ sơ mới"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị lập hồ sơ"), required=False)
    notation = forms.CharField(label=_("Số và ký hiệu hồ sơ"), required=False, max_length=20)
    dossier_title = forms.CharField(label=_("Tiêu đề hồ sơ"), required=False, max_length=500)
    maintenance = forms.CharField(
        label=_("Thời hạn bảo quản"), required=False, max_length=30, initial="10 năm"
    )
    note = forms.CharField(
        label=_("Ghi chú kết thúc"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, dossiers: list[Dossier], units: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        chosen = field_of(self, "dossier", forms.ModelChoiceField)
        chosen.queryset = Dossier.objects.filter(pk__in=[d.pk for d in dossiers])
        chosen.label_from_instance = lambda d: f"{d.notation} – {d.title} ({d.year})"  # type: ignore[method-assign,assignment]
        self.units = {str(u.pk): u for u in units}
        field_of(self, "unit", forms.ChoiceField).choices = [(str(u.pk), u.name) for u in units]

    def call_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data.get("new"):
            unit = self.units.get(data.get("unit") or "")
            return {
                "new_dossier": {
                    "unit": unit,
                    "notation": data.get("notation") or "",
                    "title": data.get("dossier_title") or "",
                    "maintenance": data.get("maintenance") or "",
                },
                "note": data.get("note") or "",
            }
        return {"dossier": data.get("dossier"), "note": data.get("note") or ""}


class ShareForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("Chia sẻ cho"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    note = forms.CharField(label=_("Lời nhắn"), required=False, max_length=2000)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.by_key = {str(p.pk): p for p in people}
        field_of(self, "people", forms.MultipleChoiceField).choices = [
            (str(p.pk), p.full_name) for p in people
        ]

    def chosen(self) -> list[Any]:
        return [self.by_key[key] for key in self.cleaned_data.get("people") or [] if key in self.by_key]


class DossierForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị lập hồ sơ"))
    year = forms.IntegerField(label=_("Năm hình thành"), min_value=2000, max_value=2100)
    notation = forms.CharField(label=_("Số và ký hiệu hồ sơ"), max_length=20)
    dossier_title = forms.CharField(label=_("Tiêu đề hồ sơ"), max_length=500)
    maintenance = forms.CharField(label=_("Thời hạn bảo quản"), max_length=30, initial="10 năm")
    description = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        field_of(self, "unit", forms.ChoiceField).choices = [(str(u.pk), u.name) for u in units]


URGENCY_FILTERS = [("", _("Mọi độ khẩn")), ("urgent", _("Khẩn trở lên")), *Urgency.choices]


class FilterForm(forms.Form):
    """The register view's filters (F-1g); a bad value is ignored, never an error page."""

    nam = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), *IncomingDocument.Status.choices],
    )
    do_khan = forms.ChoiceField(label=_("Độ khẩn"), required=False, choices=URGENCY_FILTERS)
    loai = forms.ModelChoiceField(
        label=_("Loại văn bản"), required=False, queryset=DocumentType.objects.none()
    )
    noi_gui = forms.CharField(label=_("Nơi gửi"), required=False, max_length=200)
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field_of(self, "nam", forms.TypedChoiceField).choices = [("", _("Mọi năm")), *((y, y) for y in years)]
        field_of(self, "loai", forms.ModelChoiceField).queryset = DocumentType.objects.filter(is_active=True)

    def filters(self) -> selectors.Filters:
        if not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        return selectors.Filters(
            year=data.get("nam"),
            status=data.get("trang_thai") or "",
            urgency=data.get("do_khan") or "",
            document_type_id=data["loai"].pk if data.get("loai") else None,
            sender=data.get("noi_gui") or "",
            text=data.get("q") or "",
        )
