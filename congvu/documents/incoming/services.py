"""Use cases that write incoming documents and dossiers (DOC-1..DOC-3; seed 002 Điều 9; Nghị định
30/2020 Điều 20–24; Phụ lục VI F-1a..F-1k, F-4a..F-4e). Keyword-only, one transaction, audited.

- ``incoming_register``: the clerk types in a paper or e-mail document: Phụ lục VI fields, its
  scan or files, the arrival number (số đến) from the agency's incoming register (continuous in
  the year, R-NUM-5). A duplicate (F-1h) and a subject too vague to find it again (Đ9.1) are
  refused until the clerk confirms them.
- ``incoming_accept``: the clerk registers a document another agency of this installation sent.
- ``incoming_edit``: the clerk corrects the registration until the document is routed.
- ``incoming_distribute`` / ``incoming_forward``: a leader routes it (Đ9.2, Đ9.4), the lead passes it
  on (Đ9.3): exactly one lead, co-handlers, informed, instruction (bút phê), deadline, urgency; the
  leader's instruction may create work (giao việc) linked to the document in the same act.
- ``incoming_close``: the lead files it into a dossier (Đ9.5); a filed document never leaves it.
- ``incoming_share``: a reader shares it with a colleague.
- ``dossier_create``: a work dossier (hồ sơ công việc).

Permission is asked before the input is judged (the workflow's ``require``), so a person who may
not act learns that first. Notifications leave after commit.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.assignments import services as assignments
from congvu.assignments.models import Link
from congvu.catalogues.models import DocumentType, ExternalAgency
from congvu.catalogues.models import Field as DocumentField
from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.files import refuse_secret_text, uploads_inspected_first
from congvu.core.text import clean_note, clean_text, fold
from congvu.core.workflow import clean_reason
from congvu.documents import numbering, services
from congvu.documents import policies as may
from congvu.documents.incoming import policies, selectors
from congvu.documents.models import (
    Direction,
    DocumentFile,
    Dossier,
    DossierEntry,
    IncomingDocument,
    OutgoingRecipient,
    Register,
    RouteRecipient,
    RouteStep,
    Urgency,
)
from congvu.documents.workflow import INCOMING_WORKFLOW, set_delivery_state, set_recipient_state
from congvu.notifications.services import notify, subject_of
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit

# Phụ lục VI bounds (the column lengths are on the models).
MAX_PAGES = 999
MAX_INSTRUCTION = 2000
MAX_RECIPIENTS = 50  # people and units one step names
MIN_SUBJECT_WORDS = 4
# Subjects that say nothing of the matter (seed 002 Đ9.1: "trích yếu nội dung cụ thể").
GENERIC_SUBJECTS = {
    "v/v",
    "vv",
    "ve viec",
    "cong van",
    "van ban",
    "thong bao",
    "to trinh",
    "bao cao",
    "giay moi",
}

DUPLICATE = (
    "Văn bản có thể đã được vào sổ: số đến {arrival} ngày {day} (cùng cơ quan gửi, số và ký hiệu). "
    "Đánh dấu “Vẫn vào sổ” nếu đây là văn bản khác."
)
GENERIC = (
    "Trích yếu quá chung (“{subject}”): nên ghi rõ nội dung văn bản để tra cứu sau này "
    "(Quy chế, Điều 9). Đánh dấu “Giữ trích yếu này” nếu vẫn muốn lưu."
)
ONE_LEAD = "Mỗi lần chuyển phải có đúng một người hoặc một đơn vị xử lý chính."
TWO_LEADS = "Chỉ chọn một người hoặc một đơn vị xử lý chính; người, đơn vị khác là phối hợp hoặc để biết."


def _url(doc: IncomingDocument) -> str:
    return reverse("documents:incoming_detail", args=[doc.pk])


# --- the registration's fields --------------------------------------------------------------------


@dataclass
class Details:
    """What the clerk types for a document (Phụ lục VI, văn bản đến)."""

    document_type: DocumentType
    subject: str
    sender_agency: ExternalAgency | None = None
    sender_name: str = ""
    code_number: str = ""
    code_notation: str = ""
    issued_date: dt.date | None = None
    signer_name: str = ""
    signer_position: str = ""
    urgency: str = Urgency.NORMAL
    is_priority: bool = False
    field: DocumentField | None = None
    page_amount: int | None = None
    due_date: dt.date | None = None
    description: str = ""
    language: str = "Tiếng Việt"


FIELD_LENGTHS = {
    name: IncomingDocument._meta.get_field(name).max_length  # type: ignore[union-attr]
    for name in (
        "subject",
        "sender_name",
        "code_number",
        "code_notation",
        "signer_name",
        "signer_position",
        "description",
        "language",
    )
}
FIELD_LABELS = {
    "subject": "Trích yếu",
    "sender_name": "Cơ quan ban hành",
    "code_number": "Số",
    "code_notation": "Ký hiệu",
    "signer_name": "Người ký",
    "signer_position": "Chức vụ người ký",
    "description": "Ghi chú",
    "language": "Ngôn ngữ",
}


def _bounded(name: str, value: str, *, note: bool = False) -> str:
    text = clean_note(value or "", field=name) if note else clean_text(value or "", field=name)
    limit = FIELD_LENGTHS[name]
    if limit is not None and len(text) > limit:
        raise Refused.invalid(f"{FIELD_LABELS[name]} dài tối đa {limit} ký tự.", field=name)
    return refuse_secret_text(text, field=name, what=FIELD_LABELS[name].lower())


def is_generic_subject(subject: str) -> bool:
    """A subject that says nothing of the matter (seed 002 Đ9.1): "V/v", "Công văn", or fewer than
    four words — "Về việc báo cáo" counts its "về việc" for nothing."""
    folded = fold(subject).strip(" .:;-")
    if folded in GENERIC_SUBJECTS:
        return True
    words = [w for w in re.split(r"\s+", folded) if w]
    if words[:1] == ["v/v"]:
        return len(words) - 1 < MIN_SUBJECT_WORDS - 1
    if words[:2] == ["ve", "viec"]:
        return len(words) - 2 < MIN_SUBJECT_WORDS - 1
    return len(words) < MIN_SUBJECT_WORDS


def _clean_details(details: Details, *, arrival_date: dt.date, confirm_subject: bool) -> dict[str, Any]:
    subject = _bounded("subject", details.subject)
    if not subject:
        raise Refused.invalid("Vui lòng nhập trích yếu nội dung.", field="subject")
    if not confirm_subject and is_generic_subject(subject):
        raise Refused.invalid(GENERIC.format(subject=subject), field="confirm_subject")
    sender_name = _bounded("sender_name", details.sender_name)
    if details.sender_agency is not None:
        sender_name = sender_name or details.sender_agency.name
    if not sender_name:
        raise Refused.invalid(
            "Chọn cơ quan gửi trong danh mục, hoặc gõ tên cơ quan ban hành.", field="sender_name"
        )
    if details.urgency not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    if details.page_amount is not None and not 1 <= details.page_amount <= MAX_PAGES:
        raise Refused.invalid(f"Số trang từ 1 đến {MAX_PAGES}.", field="page_amount")
    if details.issued_date is not None:
        calendar.check_in_horizon(details.issued_date, field="issued_date")
        if details.issued_date > arrival_date:
            raise Refused.invalid("Ngày văn bản không được sau ngày đến.", field="issued_date")
    if details.due_date is not None:
        calendar.check_in_horizon(details.due_date, field="due_date")
    if not details.document_type.is_active:
        raise Refused.invalid("Loại văn bản này không còn dùng.", field="document_type")
    return {
        "document_type": details.document_type,
        "subject": subject,
        "sender_agency": details.sender_agency,
        "sender_name": sender_name,
        "sender_organ_id": details.sender_agency.agency_code if details.sender_agency else "",
        "code_number": _bounded("code_number", details.code_number),
        "code_notation": _bounded("code_notation", details.code_notation),
        "issued_date": details.issued_date,
        "signer_name": _bounded("signer_name", details.signer_name),
        "signer_position": _bounded("signer_position", details.signer_position),
        "urgency": details.urgency,
        "is_priority": bool(details.is_priority),
        "field": details.field,
        "page_amount": details.page_amount,
        "due_date": details.due_date,
        "description": _bounded("description", details.description, note=True),
        "language": _bounded("language", details.language) or "Tiếng Việt",
    }


def find_duplicate(
    *, agency: Unit, values: dict[str, Any], exclude: int | None = None
) -> IncomingDocument | None:
    """A document of the agency registered before with the same sender, number and notation — the
    sender known by its catalogue entry, its identifier (mã định danh) or its name (F-1h)."""
    if not values.get("code_number") and not values.get("code_notation"):
        return None
    same_sender = Q(sender_name__iexact=values["sender_name"])
    if values.get("sender_agency") is not None:
        same_sender |= Q(sender_agency=values["sender_agency"])
    if values.get("sender_organ_id"):
        same_sender |= Q(sender_organ_id=values["sender_organ_id"])
    found = IncomingDocument.objects.filter(
        same_sender,
        agency=agency,
        code_number=values["code_number"],
        code_notation__iexact=values["code_notation"],
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("id").first()


def _incoming_register(agency: Unit, register: Register | None) -> Register:
    if register is None:
        return services.default_register(agency=agency, direction=Direction.INCOMING)
    if register.agency_id != agency.pk or register.direction != Direction.INCOMING or not register.is_active:
        raise Refused.invalid("Sổ văn bản đến không thuộc cơ quan này.", field="register")
    return register


def _arrival_date(day: dt.date | None) -> dt.date:
    today = timezone.localdate()
    day = day or today
    calendar.check_in_horizon(day, field="arrival_date")
    if day > today:
        raise Refused.invalid("Ngày đến không được sau hôm nay.", field="arrival_date")
    return day


def _tell_leaders(doc: IncomingDocument, actor: Any) -> None:
    notify(
        recipients=[p for p in selectors.agency_leaders(doc.agency_id) if p.pk != actor.pk],
        title=gettext_noop("Văn bản đến chờ phân phối: %(subject)s"),
        body=gettext_noop("Số đến %(arrival)s, %(sender)s, độ khẩn: %(urgency)s."),
        params={
            "subject": doc.subject[:200],
            "arrival": doc.arrival_number,
            "sender": doc.sender_name,
            "urgency": doc.get_urgency_display(),
        },
        url=_url(doc),
        kind="documents.incoming.registered",
        event_key=f"incoming:{doc.pk}:registered",
        subject=subject_of(doc),
    )


@uploads_inspected_first
@transaction.atomic
def incoming_register(
    *,
    actor: Any,
    agency: Unit,
    details: Details,
    uploads: Sequence[Any] = (),
    register: Register | None = None,
    arrival_date: dt.date | None = None,
    arrival_number: int | None = None,
    presented_to: Any = None,
    confirm_duplicate: bool = False,
    confirm_subject: bool = False,
) -> IncomingDocument:
    """DOC-1: register a document that arrived on paper or by e-mail, straight into "registered"
    (chờ phân phối). The first upload is the document itself (a scanned PDF is kept as it is), the
    others its attachments. ``arrival_number``, typed by hand, must be the register's next number
    (refused otherwise: it would break the series)."""
    may.is_clerk(actor, agency.pk).require()
    day = _arrival_date(arrival_date)
    values = _clean_details(details, arrival_date=day, confirm_subject=confirm_subject)
    duplicate = find_duplicate(agency=agency, values=values)
    if duplicate is not None and not confirm_duplicate:
        raise Refused.invalid(
            DUPLICATE.format(
                arrival=duplicate.arrival_number or "—",
                day=f"{duplicate.arrival_date:%d/%m/%Y}" if duplicate.arrival_date else "—",
            ),
            field="confirm_duplicate",
        )
    if presented_to is not None and presented_to.pk not in {
        p.pk for p in selectors.agency_leaders(agency.pk)
    }:
        raise Refused.invalid("Chỉ trình được lãnh đạo của cơ quan.", field="presented_to")
    register = _incoming_register(agency, register)
    number = numbering.take_number(register, day.year, typed=arrival_number, field="arrival_number")
    now = timezone.now()
    doc = IncomingDocument.objects.create(
        agency=agency,
        register=register,
        arrival_year=day.year,
        arrival_number=number,
        arrival_date=day,
        registered_by=actor,
        registered_at=now,
        presented_to=presented_to,
        duplicate_of=duplicate,
        created_at=now,
        **values,
    )
    _attach(doc, list(uploads), actor)
    audit.record(
        actor=actor,
        on_behalf_of=may.is_clerk(actor, agency.pk).on_behalf_of,
        action="documents.incomingdocument.registered",
        obj=doc,
        after={
            "arrival_number": number,
            "arrival_date": day.isoformat(),
            "register": register.name,
            "number_and_notation": doc.number_and_notation,
            "sender": doc.sender_name,
            "duplicate_of": duplicate.pk if duplicate else None,
        },
    )
    services.search_text_refresh(doc)
    _tell_leaders(doc, actor)
    return doc


def _attach(doc: IncomingDocument, uploads: list[Any], actor: Any) -> list[DocumentFile]:
    """Keep and attach ``uploads``; the first is the document itself when it has no file yet."""
    if not uploads:
        return []
    first_is_main = doc.file_id is None
    attached = services.files_attach(doc=doc, uploads=uploads, actor=actor)
    if first_is_main:
        main = attached[0]
        DocumentFile.objects.filter(pk=main.pk).update(kind=DocumentFile.Kind.MAIN)
        main.kind = DocumentFile.Kind.MAIN
        IncomingDocument.objects.filter(pk=doc.pk).update(file=main.file)
        doc.file = main.file
    return attached


@uploads_inspected_first
@transaction.atomic
def incoming_files_add(*, doc: IncomingDocument, actor: Any, uploads: Sequence[Any]) -> IncomingDocument:
    """The clerk adds files to a registered document (the API registers in JSON, then sends the
    files): the first, when the document has none yet, is the document itself (a scan kept as it
    is), the others its attachments. Like correcting the registration, only before the document
    is routed (seed 002 Đ14.4); every file through the core file service (format by content, size)."""
    doc, decision = INCOMING_WORKFLOW.locked("edit", doc, actor=actor)
    if not uploads:
        raise Refused.invalid("Vui lòng chọn tệp.", field="files")
    attached = _attach(doc, list(uploads), actor)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.incomingdocument.files_added",
        obj=doc,
        after={"files": [{"name": item.file.original_name, "kind": item.kind} for item in attached]},
    )
    services.search_text_refresh(doc)
    return doc


@transaction.atomic
def incoming_accept(
    *,
    doc: IncomingDocument,
    actor: Any,
    register: Register | None = None,
    arrival_date: dt.date | None = None,
    arrival_number: int | None = None,
) -> IncomingDocument:
    """The clerk registers what another agency of this installation sent (received → registered):
    nothing is retyped; the arrival number comes from the register; the sender sees it received
    (F-1e, F-1k)."""
    INCOMING_WORKFLOW.require("register", doc, actor)
    day = _arrival_date(arrival_date)
    register = _incoming_register(doc.agency, register)
    number = numbering.take_number(register, day.year, typed=arrival_number, field="arrival_number")
    doc = INCOMING_WORKFLOW.apply(
        "register",
        doc,
        actor=actor,
        changes={
            "register": register,
            "arrival_year": day.year,
            "arrival_number": number,
            "arrival_date": day,
            "registered_by": actor,
        },
    )
    for delivery in OutgoingRecipient.objects.filter(delivered=doc):
        set_delivery_state(delivery, OutgoingRecipient.State.RECEIVED, received_at=timezone.now())
    services.search_text_refresh(doc)
    _tell_leaders(doc, actor)
    return doc


@uploads_inspected_first
@transaction.atomic
def incoming_edit(
    *,
    doc: IncomingDocument,
    actor: Any,
    details: Details,
    uploads: Sequence[Any] = (),
    confirm_duplicate: bool = False,
    confirm_subject: bool = False,
) -> IncomingDocument:
    """The clerk corrects the registration before the document is routed (seed 002 Đ14.4). The
    arrival number and date stay: the register's series is never rewritten."""
    doc, decision = INCOMING_WORKFLOW.locked("edit", doc, actor=actor)
    values = _clean_details(
        details, arrival_date=doc.arrival_date or timezone.localdate(), confirm_subject=confirm_subject
    )
    duplicate = find_duplicate(agency=doc.agency, values=values, exclude=doc.pk)
    if duplicate is not None and not confirm_duplicate:
        raise Refused.invalid(
            DUPLICATE.format(
                arrival=duplicate.arrival_number or "—",
                day=f"{duplicate.arrival_date:%d/%m/%Y}" if duplicate.arrival_date else "—",
            ),
            field="confirm_duplicate",
        )
    values["duplicate_of"] = duplicate
    before = {k: getattr(doc, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    for key, value in changed.items():
        setattr(doc, key, value)
    if changed:
        doc.save(update_fields=list(changed))
    _attach(doc, list(uploads), actor)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.incomingdocument.edited",
        obj=doc,
        before={k: before[k] for k in changed},
        after=changed,
    )
    services.search_text_refresh(doc)
    return doc


# --- routing --------------------------------------------------------------------------------------


@dataclass
class Route:
    """Whom one step sends the document to (DOC-2): exactly one lead; others coordinate or are
    informed. Each entry is a person (``User``) or a unit (``Unit``)."""

    leads: Sequence[Any]
    coordinators: Sequence[Any] = ()
    informed: Sequence[Any] = ()
    instruction: str = ""
    deadline: dt.date | None = None
    urgency: str | None = None


def _is_unit(target: Any) -> bool:
    return isinstance(target, Unit)


def _key(target: Any) -> tuple[str, int]:
    return ("unit" if _is_unit(target) else "user", target.pk)


def _name(target: Any) -> str:
    return target.name if _is_unit(target) else target.full_name


def route_reach(doc: IncomingDocument, actor: Any) -> tuple[Unit, list[str]]:
    """Where a step may send the document: the agency's leaders anywhere in the agency; the lead
    (a unit head passing it on, Đ9.3) within the lead unit, or the units the lead person works in."""
    if may.is_agency_leader(actor, doc.agency_id):
        return doc.agency, [doc.agency.path]
    if doc.lead_unit is not None:
        return doc.lead_unit, [doc.lead_unit.path]
    people = [actor, *tree.principals(actor)]
    paths = [m.unit.path for p in people for m in org.facts(p).memberships]
    return doc.agency, paths or [doc.agency.path]


def _inside(paths: list[str], unit_path: str) -> bool:
    return any(unit_path.startswith(path) for path in paths)


def _check_route(doc: IncomingDocument, route: Route, *, actor: Any) -> Route:
    if not route.leads:
        raise Refused.invalid(ONE_LEAD, field="lead")
    leads = list({_key(t): t for t in route.leads}.values())
    if len(leads) > 1:
        raise Refused.invalid(TWO_LEADS, field="lead")
    lead_key = _key(leads[0])
    coordinators = [t for t in {_key(t): t for t in route.coordinators}.values() if _key(t) != lead_key]
    taken = {lead_key, *(_key(t) for t in coordinators)}
    informed = [t for t in {_key(t): t for t in route.informed}.values() if _key(t) not in taken]
    if 1 + len(coordinators) + len(informed) > MAX_RECIPIENTS:
        raise Refused.invalid(
            f"Mỗi lần chuyển tối đa {MAX_RECIPIENTS} người, đơn vị nhận.", field="coordinators"
        )
    scope, paths = route_reach(doc, actor)
    for field, targets in (("lead", leads), ("coordinators", coordinators), ("informed", informed)):
        for target in targets:
            if _is_unit(target):
                if not _inside(paths, target.path) or target.pk == doc.agency_id:
                    raise Refused.invalid(f"{target.name} không thuộc {scope.name}.", field=field)
            else:
                if not target.is_active:
                    raise Refused.invalid(
                        f"Tài khoản của {target.full_name} không còn hoạt động.", field=field
                    )
                if not any(_inside(paths, m.unit.path) for m in org.facts(target).memberships):
                    raise Refused.invalid(f"{target.full_name} không thuộc {scope.name}.", field=field)
    instruction = clean_reason(route.instruction or "", field="instruction", what="ý kiến chỉ đạo")
    if len(instruction) > MAX_INSTRUCTION:
        raise Refused.invalid(f"Ý kiến chỉ đạo tối đa {MAX_INSTRUCTION} ký tự.", field="instruction")
    if route.deadline is not None:
        calendar.check_in_horizon(route.deadline, field="deadline")
        if route.deadline < timezone.localdate():
            raise Refused.invalid("Hạn xử lý không được trước hôm nay.", field="deadline")
    urgency = route.urgency or doc.urgency
    if urgency not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    return Route(leads, coordinators, informed, instruction, route.deadline, urgency)


def _people_of(target: Any) -> list[Any]:
    return list(tree.heads_of(target)) if _is_unit(target) else [target]


def _write_step(doc: IncomingDocument, route: Route, *, actor: Any, on_behalf_of: Any) -> RouteStep:
    parent = RouteStep.objects.filter(document=doc).order_by("-sent_at", "-id").first()
    step = RouteStep.objects.create(
        document=doc,
        parent=parent,
        sender=actor,
        on_behalf_of=on_behalf_of,
        instruction=route.instruction,
        deadline=route.deadline,
        urgency=route.urgency or doc.urgency,
    )
    rows = []
    for role, targets in (
        (RouteRecipient.Role.LEAD, route.leads),
        (RouteRecipient.Role.COORDINATE, route.coordinators),
        (RouteRecipient.Role.INFORM, route.informed),
    ):
        for target in targets:
            rows.append(
                RouteRecipient(
                    step=step,
                    document=doc,
                    role=role,
                    user=None if _is_unit(target) else target,
                    unit=target if _is_unit(target) else None,
                    deadline=route.deadline if role != RouteRecipient.Role.INFORM else None,
                    # Those only informed have nothing to do: their part is done when they get it.
                    state=RouteRecipient.State.DONE
                    if role == RouteRecipient.Role.INFORM
                    else RouteRecipient.State.PENDING,
                )
            )
    RouteRecipient.objects.bulk_create(rows)
    for target in [*route.leads, *route.coordinators, *route.informed]:
        if _is_unit(target):
            services.reader_add(doc=doc, unit=target)
        else:
            services.reader_add(doc=doc, user=target)
    return step


def _tell_recipients(doc: IncomingDocument, step: RouteStep, route: Route, actor: Any) -> None:
    params = {
        "subject": doc.subject[:200],
        "sender": actor.full_name,
        "instruction": step.instruction[:300] or "—",
    }
    for role, targets, title in (
        ("lead", route.leads, gettext_noop("Văn bản đến cần xử lý: %(subject)s")),
        ("coordinate", route.coordinators, gettext_noop("Văn bản đến cần phối hợp: %(subject)s")),
        ("inform", route.informed, gettext_noop("Văn bản đến để biết: %(subject)s")),
    ):
        people = [p for t in targets for p in _people_of(t) if p.pk != actor.pk]
        notify(
            recipients=people,
            title=title,
            body=gettext_noop("%(sender)s chuyển, ý kiến: %(instruction)s"),
            params=params,
            url=_url(doc),
            kind=f"documents.incoming.{role}",
            event_key=f"incoming-step:{step.pk}:{role}",
            subject=subject_of(doc),
            email=role != "inform",
        )


def _create_work(doc: IncomingDocument, route: Route, *, actor: Any, title: str) -> Any:
    """The leader's instruction as work (giao việc, DOC-2; TASK-2), linked to the document: the
    work module decides whom the leader may give work to and refuses on its own fields."""
    lead = route.leads[0]
    deadline = route.deadline or doc.due_date
    if deadline is None:
        raise Refused.invalid("Giao việc kèm văn bản cần có hạn xử lý.", field="deadline")
    title = clean_text(title or "", field="work_title") or route.instruction.split("\n")[0] or doc.subject
    item = assignments.assignment_create(
        actor=actor,
        title=title[: assignments.TITLE_MAX],
        description=f"<p>{_escape(route.instruction)}</p>" if route.instruction else "",
        lead_user=None if _is_unit(lead) else lead,
        lead_unit=lead if _is_unit(lead) else None,
        deadline=deadline,
        co_assignees=[t for t in route.coordinators if not _is_unit(t)],
    )
    Link.objects.create(
        assignment=item,
        kind="document",
        target_id=str(doc.pk),
        label=f"Văn bản đến {doc.number_and_notation or ''} — {doc.subject}"[:300],
    )
    return item


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _route(
    name: str,
    doc: IncomingDocument,
    route: Route,
    *,
    actor: Any,
    create_work: bool,
    work_title: str,
) -> RouteStep:
    decision = INCOMING_WORKFLOW.require(name, doc, actor)  # may they, before what they typed
    route = _check_route(doc, route, actor=actor)
    lead = route.leads[0]
    before_leads = list(
        RouteRecipient.objects.filter(
            document=doc, role=RouteRecipient.Role.LEAD, state=RouteRecipient.State.PENDING
        ).values_list("pk", flat=True)
    )
    doc = INCOMING_WORKFLOW.apply(
        name,
        doc,
        actor=actor,
        reason=route.instruction,
        changes={
            "lead_user": None if _is_unit(lead) else lead,
            "lead_unit": lead if _is_unit(lead) else None,
            # the leader's deadline becomes the document's (hạn xử lý, Phụ lục VI DueDate)
            **({"due_date": route.deadline} if route.deadline else {}),
        },
    )
    if before_leads:  # those who led it passed it on
        set_recipient_state(before_leads, RouteRecipient.State.FORWARDED)
    step = _write_step(doc, route, actor=actor, on_behalf_of=decision.on_behalf_of)
    if create_work:
        item = _create_work(doc, route, actor=actor, title=work_title)
        RouteStep.objects.filter(pk=step.pk).update(assignment=item)
        step.assignment = item
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.incomingdocument.routed",
        obj=doc,
        after={
            "step": step.pk,
            "lead": _name(lead),
            "coordinators": [_name(t) for t in route.coordinators],
            "informed": [_name(t) for t in route.informed],
            "deadline": route.deadline.isoformat() if route.deadline else None,
            "urgency": route.urgency,
            "assignment": step.assignment_id,
        },
        note=route.instruction[:500],
    )
    _tell_recipients(doc, step, route, actor)
    return step


@transaction.atomic
def incoming_distribute(
    *, doc: IncomingDocument, actor: Any, route: Route, create_work: bool = False, work_title: str = ""
) -> RouteStep:
    """A leader of the agency routes a registered document (Đ9.2, Đ9.4): registered → in progress."""
    return _route("distribute", doc, route, actor=actor, create_work=create_work, work_title=work_title)


@transaction.atomic
def incoming_forward(
    *, doc: IncomingDocument, actor: Any, route: Route, create_work: bool = False, work_title: str = ""
) -> RouteStep:
    """The lead passes it on (a unit head to an officer, Đ9.3), or a leader re-routes it."""
    return _route("forward", doc, route, actor=actor, create_work=create_work, work_title=work_title)


# --- dossiers and closing -------------------------------------------------------------------------

MAINTENANCE_MAX = Dossier._meta.get_field("maintenance").max_length or 30


@transaction.atomic
def dossier_create(
    *,
    actor: Any,
    unit: Unit | None,
    notation: str,
    title: str,
    maintenance: str,
    year: int | None = None,
    description: str = "",
) -> Dossier:
    """A work dossier (hồ sơ công việc, Phụ lục VI F-4a): its notation is unique in the agency
    and year."""
    if unit is None:
        raise Refused.invalid("Chọn đơn vị lập hồ sơ.", field="unit")
    policies.can_open_dossier_for(actor, unit).require(field="unit", kind=Refused.Kind.INVALID)
    year = year or timezone.localdate().year
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Refused.invalid("Năm hình thành hồ sơ không hợp lệ.", field="year")
    notation = clean_text(notation, field="notation")
    title = refuse_secret_text(
        clean_text(title, field="dossier_title"), field="dossier_title", what="tiêu đề hồ sơ"
    )
    maintenance = clean_text(maintenance, field="maintenance")
    description = clean_note(description, field="description")
    for value, field, limit, label in (
        (notation, "notation", 20, "Số và ký hiệu hồ sơ"),
        (title, "dossier_title", 500, "Tiêu đề hồ sơ"),
        (maintenance, "maintenance", MAINTENANCE_MAX, "Thời hạn bảo quản"),
        (description, "description", 500, "Ghi chú"),
    ):
        if field != "description" and not value:
            raise Refused.invalid(f"Vui lòng nhập {label.lower()}.", field=field)
        if len(value) > limit:
            raise Refused.invalid(f"{label} dài tối đa {limit} ký tự.", field=field)
    agency = tree.agency_of(unit)
    if Dossier.objects.filter(agency=agency, year=year, notation__iexact=notation).exists():
        raise Refused.invalid(
            f"Năm {year} đã có hồ sơ số “{notation}” trong {agency.name}.", field="notation"
        )
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                agency=agency,
                unit=unit,
                year=year,
                notation=notation,
                title=title,
                maintenance=maintenance,
                description=description,
                created_by=actor,
                search_text=" ".join([fold(notation), fold(title)]),
            )
    except IntegrityError:
        raise Refused.invalid(f"Năm {year} đã có hồ sơ số “{notation}”.", field="notation") from None
    audit.record(
        actor=actor,
        action="documents.dossier.created",
        obj=dossier,
        after={"notation": notation, "title": title, "year": year, "unit": unit.name},
    )
    return dossier


def _file_into(dossier: Dossier, doc: IncomingDocument, actor: Any) -> DossierEntry:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)  # ordinals never repeat
    policies.can_file_into(actor, locked).require(field="dossier", kind=Refused.Kind.INVALID)
    existing = DossierEntry.objects.filter(dossier=locked, incoming=doc).first()
    if existing is not None:
        return existing
    last = DossierEntry.objects.filter(dossier=locked).aggregate(m=Max("ordinal"))["m"] or 0
    if last >= 999:
        raise Refused.invalid("Hồ sơ đã đủ 999 văn bản: lập hồ sơ mới.", field="dossier")
    return DossierEntry.objects.create(dossier=locked, ordinal=last + 1, incoming=doc, added_by=actor)


@transaction.atomic
def incoming_close(
    *,
    doc: IncomingDocument,
    actor: Any,
    dossier: Dossier | None = None,
    new_dossier: dict[str, Any] | None = None,
    note: str = "",
) -> DossierEntry:
    """The lead ends processing by filing the document into a dossier (Đ9.5): one chosen, or one
    opened on the spot (``new_dossier``: the ``dossier_create`` arguments). The entry is numbered
    in the dossier; no service takes a filed document out again."""
    decision = INCOMING_WORKFLOW.require("close", doc, actor)
    if (dossier is None) == (new_dossier is None):
        raise Refused.invalid("Chọn một hồ sơ có sẵn hoặc lập hồ sơ mới.", field="dossier")
    if new_dossier is not None:
        dossier = dossier_create(actor=actor, **new_dossier)
    assert dossier is not None
    entry = _file_into(dossier, doc, actor)
    pending = list(
        RouteRecipient.objects.filter(document=doc, state=RouteRecipient.State.PENDING).values_list(
            "pk", flat=True
        )
    )
    INCOMING_WORKFLOW.apply(
        "close",
        doc,
        actor=actor,
        reason=note,
        changes={"closed_by": actor},
    )
    set_recipient_state(pending, RouteRecipient.State.DONE)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.dossier.filed",
        obj=dossier,
        after={"incoming": doc.pk, "ordinal": entry.ordinal, "subject": doc.subject[:200]},
    )
    return entry


@transaction.atomic
def incoming_share(*, doc: IncomingDocument, actor: Any, people: Iterable[Any], note: str = "") -> int:
    """A reader shares the document with colleagues (F-3b): they read it from now on."""
    decision = INCOMING_WORKFLOW.require("share", doc, actor)
    people = list({p.pk: p for p in people if p.pk != actor.pk}.values())
    if not people:
        raise Refused.invalid("Chọn người nhận chia sẻ.", field="people")
    if len(people) > MAX_RECIPIENTS:
        raise Refused.invalid(f"Chia sẻ tối đa {MAX_RECIPIENTS} người mỗi lần.", field="people")
    note = clean_reason(note, field="note", what="lời nhắn")
    if len(note) > MAX_INSTRUCTION:
        raise Refused.invalid(f"Lời nhắn tối đa {MAX_INSTRUCTION} ký tự.", field="note")
    for person in people:
        if not person.is_active:
            raise Refused.invalid(f"Tài khoản của {person.full_name} không còn hoạt động.", field="people")
        services.reader_add(doc=doc, user=person, shared=True)
    services.audit_event(
        "documents.incomingdocument.shared",
        doc,
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        note=note[:500],
        after={"people": [p.full_name for p in people]},
    )
    notify(
        recipients=people,
        title=gettext_noop("Văn bản được chia sẻ: %(subject)s"),
        body=gettext_noop("%(sender)s chia sẻ văn bản đến."),
        params={"subject": doc.subject[:200], "sender": actor.full_name},
        url=_url(doc),
        kind="documents.incoming.shared",
        event_key=f"incoming:{doc.pk}:shared:{actor.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        subject=subject_of(doc),
        email=False,
    )
    return len(people)


def incoming_viewed(*, doc: IncomingDocument, actor: Any) -> None:
    """Every view of a document is audited (F-5a)."""
    services.audit_event("documents.incomingdocument.viewed", doc, actor=actor)


def incoming_printed(*, doc: IncomingDocument, actor: Any) -> None:
    """The "phiếu giải quyết văn bản đến" printed (F-6l)."""
    services.audit_event("documents.incomingdocument.slip_printed", doc, actor=actor)
