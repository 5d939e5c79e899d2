"""Forms of the outgoing screens: the draft (new, or a reply), a new version, a comment, a decision
with its note or reason, numbering, sending, and the lists' filters. Bounds here mirror the
services' (which judge again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.accounts.models import User
from congvu.catalogues.models import DocumentType, ExternalAgency, Field
from congvu.core.forms import HorizonDateField, MultipleFileField, reason_field
from congvu.documents.models import DraftVersion, OutgoingDocument, Register, ReviewChain, Urgency
from congvu.org.models import Membership, Position, Unit
from congvu.org.tree import AGENCY_KINDS


def issuing_agencies(agency: Unit) -> list[Unit]:
    """The agencies a drafter may draft for: their own, and those above it (a Sở drafts for UBND
    tỉnh: tham mưu), nearest first."""
    above = Unit.objects.filter(pk__in=agency.ancestor_ids, kind__in=AGENCY_KINDS).exclude(pk=agency.pk)
    return [agency, *sorted(above, key=lambda u: -u.depth)]


def agency_leaders(agency: Unit | list[Unit]) -> Any:
    """Who may sign for the agency (or agencies): the head and deputies of the agency unit itself."""
    units = agency if isinstance(agency, list) else [agency]
    posts = Membership.objects.current().filter(
        unit__in=units, position__level__in=[Position.Level.HEAD, Position.Level.DEPUTY]
    )
    return (
        User.objects.filter(status=User.Status.ACTIVE, memberships__in=posts).distinct().order_by("full_name")
    )


class DraftForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none(), required=False)
    document_type = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        queryset=DocumentType.objects.filter(is_active=True).order_by("sort_order", "name"),
    )
    subject = forms.CharField(
        label=_("Trích yếu nội dung"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nêu cụ thể nội dung văn bản, ví dụ: “Kế hoạch tuyển dụng công chức năm 2027”."),
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        queryset=Field.objects.filter(is_active=True).order_by("sort_order", "name"),
    )
    signer = forms.ModelChoiceField(label=_("Người ký"), required=False, queryset=User.objects.none())
    chain = forms.ModelChoiceField(
        label=_("Quy trình duyệt"),
        required=False,
        queryset=ReviewChain.objects.none(),
        empty_label=_("Quy trình mặc định của cơ quan"),
    )
    recipient_units = forms.ModelMultipleChoiceField(
        label=_("Nơi nhận trong hệ thống"),
        required=False,
        queryset=Unit.objects.filter(kind__in=AGENCY_KINDS, is_active=True).order_by("path"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    recipient_externals = forms.ModelMultipleChoiceField(
        label=_("Cơ quan ngoài (danh mục)"),
        required=False,
        queryset=ExternalAgency.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    recipient_names = forms.CharField(
        label=_("Nơi nhận khác"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    due_date = HorizonDateField(label=_("Hạn xử lý"), required=False)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    is_priority = forms.BooleanField(label=_("Văn bản ưu tiên"), required=False)
    description = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    draft_file = forms.FileField(label=_("Tệp dự thảo (.docx, .odt, .pdf)"))
    attachments = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(
        self,
        *args: Any,
        agency: Unit | None = None,
        editing: bool = False,
        choose_agency: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agencies = issuing_agencies(agency) if agency is not None and choose_agency else []
        if len(agencies) > 1:
            choice = self.fields["agency"]
            assert isinstance(choice, forms.ModelChoiceField)
            choice.queryset = Unit.objects.filter(pk__in=[a.pk for a in agencies])
            choice.empty_label = None
            choice.help_text = _(
                "Đơn vị tham mưu soạn thảo văn bản cho cơ quan cấp trên ký: chọn cơ quan đó."
            )
            self.initial.setdefault("agency", agency.pk if agency else None)
        else:
            del self.fields["agency"]
        signer = self.fields["signer"]
        assert isinstance(signer, forms.ModelChoiceField)
        signer.queryset = agency_leaders(agencies or [agency]) if agency is not None else User.objects.none()
        signer.label_from_instance = lambda u: u.full_name  # type: ignore[method-assign,assignment]
        chain = self.fields["chain"]
        assert isinstance(chain, forms.ModelChoiceField)
        chains = ReviewChain.objects.filter(agency=agency, is_active=True) if agency is not None else None
        if chains is not None and chains.exists():
            chain.queryset = chains
        else:
            del self.fields["chain"]
        if editing:
            del self.fields["draft_file"]
            del self.fields["attachments"]


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Tệp dự thảo mới"))
    note = forms.CharField(label=_("Ghi chú phiên bản"), required=False, max_length=500)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    disagreement = forms.BooleanField(
        label=_(
            "Ý kiến khác nhau giữa lãnh đạo đơn vị và người soạn thảo (trình lãnh đạo cơ quan quyết định)"
        ),
        required=False,
    )
    version = forms.ModelChoiceField(
        label=_("Phiên bản"), required=False, queryset=DraftVersion.objects.none()
    )

    def __init__(self, *args: Any, doc: OutgoingDocument | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = self.fields["version"]
        assert isinstance(version, forms.ModelChoiceField)
        if doc is not None:
            version.queryset = DraftVersion.objects.filter(document=doc).order_by("-number")
        version.label_from_instance = lambda v: f"v{v.number}"  # type: ignore[method-assign,assignment]


class NoteForm(forms.Form):
    note = reason_field(_("Ghi chú"))


class ReasonForm(forms.Form):
    reason = reason_field(_("Lý do"), required=True, required_message=_("Vui lòng nêu lý do."))


class NumberForm(forms.Form):
    register = forms.ModelChoiceField(label=_("Sổ văn bản đi"), queryset=Register.objects.none())
    number = forms.IntegerField(
        label=_("Số (để trống: số tiếp theo của sổ)"), required=False, min_value=1, max_value=999_999
    )

    def __init__(self, *args: Any, registers: list[Register] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["register"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Register.objects.filter(pk__in=[r.pk for r in registers or []]).order_by(
            "sort_order", "name"
        )
        if registers:
            self.initial.setdefault("register", next((r for r in registers if r.is_default), registers[0]).pk)


class SendForm(forms.Form):
    recipient_units = DraftForm.base_fields["recipient_units"]
    recipient_externals = DraftForm.base_fields["recipient_externals"]
    recipient_names = DraftForm.base_fields["recipient_names"]
    issued_amount = forms.IntegerField(label=_("Số lượng bản"), required=False, min_value=1, max_value=999)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))])
    khan = forms.BooleanField(label=_("Chỉ văn bản khẩn"), required=False)
    loai = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        required=False,
        queryset=DocumentType.objects.filter(is_active=True).order_by("sort_order", "name"),
    )
    so = forms.ModelChoiceField(label=_("Sổ"), required=False, queryset=Register.objects.none())
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def __init__(
        self,
        *args: Any,
        statuses: list[str] | None = None,
        registers: list[Register] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["trang_thai"]
        assert isinstance(status, forms.ChoiceField)
        if statuses:
            labels = dict(OutgoingDocument.Status.choices)
            status.choices = [("", _("Tất cả")), *[(s, labels[s]) for s in statuses]]
        else:
            del self.fields["trang_thai"]
        if registers is None:
            del self.fields["so"]
            del self.fields["nam"]
        else:
            so = self.fields["so"]
            assert isinstance(so, forms.ModelChoiceField)
            so.queryset = Register.objects.filter(pk__in=[r.pk for r in registers])

    def filters(self) -> Any:
        from congvu.documents.outgoing.selectors import Filters

        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            text=data.get("q") or "",
            status=data.get("trang_thai") or "",
            urgent_only=bool(data.get("khan")),
            document_type_id=data["loai"].pk if data.get("loai") else None,
            register_id=data["so"].pk if data.get("so") else None,
            year=data.get("nam"),
        )


def name_lines(text: str | None) -> list[str]:
    """The "other recipients" box: one name a line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
