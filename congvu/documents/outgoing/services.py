"""Use cases that write outgoing documents (DOC-4, DOC-5; seed 002 Đ10, Đ14; Nghị định 30/2020
Điều 14–19). Keyword-only, one transaction, audited; every state change through ``OUTGOING_WORKFLOW``.

- ``draft_create`` / ``draft_edit`` / ``version_add``: the officer drafts (new, or as the reply to an
  incoming document); every version of the draft file is kept with its author and time.
- ``submit``: the review chain starts — the agency's ``ReviewChain`` (its default, or the one chosen
  on the draft) copied onto the draft as ``DraftReview`` rows, else the default chain: the head of
  the drafting unit, then the signer. Each step is due 3 working days after its turn comes (Đ10.7).
- ``pass_on`` / ``approve`` / ``return_draft`` / ``withdraw`` / ``cancel``: the reviewers' decisions
  and the drafter's.
- ``comment``: kept with the version it was made on; a disagreement between unit head and drafter
  is recorded on the review step and shown to the top leader (Đ10.8).
- ``number``: the clerk takes the next number of the chosen outgoing register under a row lock
  (R-NUM-1..5); ``check``: the drafter checks the numbered document (Đ10.6);
  ``send``: the clerk releases it; delivery goes through ``congvu.documents.exchange``.

A refused call raises ``Refused`` with the Vietnamese reason and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.catalogues.models import DocumentType, ExternalAgency, Field
from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.files import CheckResult, Upload, uploads_inspected_first
from congvu.core.text import clean_text
from congvu.core.workflow import clean_reason
from congvu.documents import exchange, numbering
from congvu.documents import policies as may
from congvu.documents import services as shared
from congvu.documents.models import (
    Direction,
    DocumentFile,
    DraftReview,
    DraftVersion,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    Register,
    ReviewChain,
    ReviewComment,
    ReviewStep,
    Urgency,
)
from congvu.documents.search import jobs as search_jobs
from congvu.documents.workflow import INCOMING_WORKFLOW, OUTGOING_WORKFLOW, set_review_state
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit

REVIEW_WORKING_DAYS = 3  # seed 002 Đ10.7: each reviewer gives an opinion within 3 working days
MAX_RECIPIENTS = 200
MAX_RELATED = 50
SUBJECT_MAX = 500
DESCRIPTION_MAX = 500
NOTE_MAX = 500
COMMENT_MAX = 2000
DOCX_TEXT_MAX = 2_000_000  # characters of a version's text kept for comparing

AWAITS_REVIEW = "review"
AWAITS_NUMBER = "number"
AWAITS_CHECK = "check"
AWAITS_FIX = "fix"
AWAITS_SEND = "send"

S = OutgoingDocument.Status


def _url(doc: OutgoingDocument) -> str:
    return reverse("documents:outgoing_detail", args=[doc.pk])


def _notify(
    doc: OutgoingDocument, people: Iterable[Any], title: str, event: str, awaits: str = "", **params: Any
):
    notify(
        recipients=[p for p in people if p is not None],
        title=title,
        params={"subject": doc.subject[:200], **params},
        url=_url(doc),
        kind=f"documents.outgoing.{event.split(':')[0]}",
        event_key=f"documents.outgoing:{doc.pk}:{event}",
        subject=subject_of(doc),
        awaits=awaits,
    )


# --- input ------------------------------------------------------------------------------------------


def _subject(value: str) -> str:
    subject = clean_text(value or "", field="subject")
    if not subject:
        raise Refused.invalid("Vui lòng nhập trích yếu nội dung văn bản.", field="subject")
    if len(subject) > SUBJECT_MAX:
        raise Refused.invalid(f"Trích yếu dài tối đa {SUBJECT_MAX} ký tự.", field="subject")
    return clean_reason(subject, field="subject", what="trích yếu")


def _bounded_note(value: str, *, field: str, what: str, limit: int) -> str:
    text = clean_reason(value or "", field=field, what=what)
    if len(text) > limit:
        raise Refused.invalid(f"{what.capitalize()} dài tối đa {limit} ký tự.", field=field)
    return text


def _due_date(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    return calendar.check_in_horizon(value, field="due_date")


def _urgency(value: str) -> str:
    if value not in Urgency.values:
        raise Refused.invalid("Độ khẩn không hợp lệ.", field="urgency")
    return value


def _document_type(value: DocumentType | None) -> DocumentType:
    if value is None or not value.is_active:
        raise Refused.invalid("Vui lòng chọn loại văn bản.", field="document_type")
    return value


def _field(value: Field | None) -> Field | None:
    if value is not None and not value.is_active:
        raise Refused.invalid("Lĩnh vực này không còn dùng.", field="field")
    return value


def _drafting_unit(actor: Any, unit: Unit | None) -> Unit:
    """The drafter's own unit (one they are a member of); by default their primary unit."""
    if unit is None:
        membership = org.primary_membership(actor)
        if membership is None:
            raise Refused.invalid("Bạn chưa thuộc đơn vị nào.", field="drafting_unit")
        return membership.unit
    if not any(m.unit_id == unit.pk for m in org.memberships(actor)):
        raise Refused.invalid("Chọn đơn vị soạn thảo là đơn vị bạn đang công tác.", field="drafting_unit")
    return unit


def _issuing_agency(drafting_unit: Unit, reply_to: IncomingDocument | None, agency: Unit | None) -> Unit:
    """The agency that issues it: the one the reply answers for, else the one asked for (the drafting
    unit's agency or an agency above it: a Sở drafts for UBND tỉnh, tham mưu), else the drafting
    unit's agency."""
    own = tree.agency_of(drafting_unit)
    if reply_to is not None:
        return reply_to.agency
    if agency is None:
        return own
    if agency.pk != own.pk and agency.pk not in own.ancestor_ids:
        raise Refused.invalid(
            "Cơ quan ban hành phải là cơ quan của đơn vị soạn thảo hoặc cấp trên.", field="agency"
        )
    return agency


def _chain(agency: Unit, chain: ReviewChain | None) -> ReviewChain | None:
    """A review chain chosen for the draft: one of the issuing agency's active chains."""
    if chain is not None and (chain.agency_id != agency.pk or not chain.is_active):
        raise Refused.invalid("Quy trình duyệt này không dùng cho cơ quan ban hành văn bản.", field="chain")
    return chain


def _signer(agency: Unit, signer: Any) -> Any:
    if signer is None:
        return None
    if not signer.is_active or agency.pk not in may.leader_agency_ids(signer):
        raise Refused.invalid(
            f"Người ký phải là lãnh đạo của {agency.name} (cấp trưởng hoặc cấp phó).", field="signer"
        )
    return signer


def _recipients(
    units: Sequence[Unit], externals: Sequence[ExternalAgency], names: Sequence[str]
) -> list[dict]:
    rows: list[dict] = []
    seen_units: set[int] = set()
    for unit in units:
        if unit.pk in seen_units:
            continue
        seen_units.add(unit.pk)
        rows.append({"unit": unit, "name": unit.name[:200], "organ_id": unit.agency_code or ""})
    seen_ext: set[int] = set()
    for agency in externals:
        if agency.pk in seen_ext:
            continue
        if not agency.is_active:
            raise Refused.invalid(f"“{agency.name}” không còn trong danh mục.", field="recipients")
        seen_ext.add(agency.pk)
        rows.append({"external": agency, "name": agency.name[:200], "organ_id": agency.agency_code or ""})
    for raw in names:
        name = clean_text(raw or "", field="recipients")
        if not name:
            continue
        if len(name) > 200:
            raise Refused.invalid("Tên nơi nhận dài tối đa 200 ký tự.", field="recipients")
        rows.append({"name": name})
    if len(rows) > MAX_RECIPIENTS:
        raise Refused.invalid(f"Tối đa {MAX_RECIPIENTS} nơi nhận.", field="recipients")
    return rows


def _related(actor: Any, related: Sequence[IncomingDocument]) -> list[IncomingDocument]:
    if len(related) > MAX_RELATED:
        raise Refused.invalid(f"Tối đa {MAX_RELATED} văn bản liên quan.", field="related")
    visible = set(
        may.visible_incoming(actor).filter(pk__in=[d.pk for d in related]).values_list("pk", flat=True)
    )
    for doc in related:
        if doc.pk not in visible:
            raise Refused.invalid("Không tìm thấy văn bản liên quan.", field="related")
    return list(related)


def docx_text(data: bytes) -> str:
    """The text of a DOCX, a paragraph a line (for comparing two versions), read by the same
    bounded reader as search's text extraction; '' for anything else."""
    lines = search_jobs.docx_text(data).splitlines()
    return "\n".join(line for line in lines if line.strip())[:DOCX_TEXT_MAX]


def _version_create(
    doc: OutgoingDocument, checked: CheckResult, *, actor: Any, note: str = ""
) -> DraftVersion:
    (attached,) = shared.files_attach(doc=doc, uploads=[checked], actor=actor, kind=DocumentFile.Kind.MAIN)
    last = DraftVersion.objects.filter(document=doc).aggregate(n=Max("number"))["n"] or 0
    text = docx_text(checked.data) if checked.extension == "docx" else ""
    return DraftVersion.objects.create(
        document=doc, number=last + 1, file_id=attached.file_id, author=actor, note=note, text=text
    )


def _docx_required(checked: CheckResult) -> None:
    if checked.extension not in ("docx", "odt", "doc", "pdf"):
        raise Refused.invalid("Tệp dự thảo phải là văn bản .docx, .doc, .odt hoặc .pdf.", field="draft_file")


# --- drafting -----------------------------------------------------------------------------------------


@uploads_inspected_first
@transaction.atomic
def draft_create(
    *,
    actor: Any,
    document_type: DocumentType | None,
    subject: str,
    field: Field | None = None,
    drafting_unit: Unit | None = None,
    agency: Unit | None = None,
    signer: Any = None,
    recipient_units: Sequence[Unit] = (),
    recipient_externals: Sequence[ExternalAgency] = (),
    recipient_names: Sequence[str] = (),
    due_date: dt.date | None = None,
    urgency: str = Urgency.NORMAL,
    is_priority: bool = False,
    description: str = "",
    upload: Upload | None = None,
    uploads: Sequence[Upload] = (),
    related: Sequence[IncomingDocument] = (),
    reply_to: IncomingDocument | None = None,
    chain: ReviewChain | None = None,
) -> OutgoingDocument:
    """DOC-4: a new draft, its first version (``upload``, the draft file) and attachments
    (``uploads``). As a reply (``reply_to``), the lead of the incoming document drafts for its
    agency and the two are linked."""
    if reply_to is not None:
        INCOMING_WORKFLOW.require("reply", reply_to, actor)
    unit = _drafting_unit(actor, drafting_unit)
    issuer = _issuing_agency(unit, reply_to, agency)
    values = {
        "document_type": _document_type(document_type),
        "subject": _subject(subject),
        "field": _field(field),
        "signer": _signer(issuer, signer),
        "chain": _chain(issuer, chain),
        "due_date": _due_date(due_date),
        "urgency": _urgency(urgency),
        "is_priority": bool(is_priority),
        "description": _bounded_note(description, field="description", what="ghi chú", limit=DESCRIPTION_MAX),
    }
    rows = _recipients(recipient_units, recipient_externals, recipient_names)
    related_docs = _related(actor, related)
    if upload is None:
        raise Refused.invalid("Vui lòng đính kèm tệp dự thảo.", field="draft_file")
    assert isinstance(upload, CheckResult)
    _docx_required(upload)
    doc = OutgoingDocument.objects.create(
        agency=issuer,
        drafter=actor,
        drafting_unit=unit,
        in_reply_to=reply_to,
        signer_name=(values["signer"].full_name[:50] if values["signer"] else ""),
        **values,
    )
    if related_docs:
        doc.related_incoming.set(related_docs)
    OutgoingRecipient.objects.bulk_create([OutgoingRecipient(document=doc, **row) for row in rows])
    version = _version_create(doc, upload, actor=actor)
    if uploads:
        shared.files_attach(doc=doc, uploads=uploads, actor=actor)
    shared.reader_add(doc=doc, user=actor)
    if reply_to is not None:
        shared.reader_add(doc=reply_to, user=actor)
    shared.search_text_refresh(doc)
    audit.record(
        actor=actor,
        action="documents.outgoingdocument.created",
        obj=doc,
        after={
            "subject": doc.subject,
            "document_type": doc.document_type.name,
            "version": version.number,
            "reply_to": reply_to.pk if reply_to else None,
        },
    )
    return doc


@transaction.atomic
def draft_edit(
    *,
    doc: OutgoingDocument,
    actor: Any,
    recipient_units: Sequence[Unit] | None = None,
    recipient_externals: Sequence[ExternalAgency] | None = None,
    recipient_names: Sequence[str] | None = None,
    related: Sequence[IncomingDocument] | None = None,
    **changes: Any,
) -> OutgoingDocument:
    """The drafter's details, before review or after a return (``edit``): type, subject, field,
    signer, deadline, urgency, priority, note, recipients, related documents."""
    current, decision = OUTGOING_WORKFLOW.locked("edit", doc, actor=actor)
    allowed = {
        "document_type",
        "subject",
        "field",
        "signer",
        "due_date",
        "urgency",
        "is_priority",
        "description",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise Refused.invalid(f"Không sửa được: {', '.join(sorted(unknown))}.")
    cleaners: dict[str, Callable[[Any], Any]] = {
        "document_type": _document_type,
        "subject": _subject,
        "field": _field,
        "signer": lambda v: _signer(current.agency, v),
        "chain": lambda v: _chain(current.agency, v),
        "due_date": _due_date,
        "urgency": _urgency,
        "is_priority": bool,
        "description": lambda v: _bounded_note(v, field="description", what="ghi chú", limit=DESCRIPTION_MAX),
    }
    cleaned = {key: cleaners[key](value) for key, value in changes.items()}
    if "signer" in cleaned:
        cleaned["signer_name"] = cleaned["signer"].full_name[:50] if cleaned["signer"] else ""
    before = {k: str(getattr(current, k)) for k in cleaned}
    for key, value in cleaned.items():
        setattr(current, key, value)
    if cleaned:
        current.save(update_fields=list(cleaned))
    if recipient_units is not None or recipient_externals is not None or recipient_names is not None:
        rows = _recipients(recipient_units or (), recipient_externals or (), recipient_names or ())
        OutgoingRecipient.objects.filter(document=current).delete()
        OutgoingRecipient.objects.bulk_create([OutgoingRecipient(document=current, **row) for row in rows])
        cleaned["recipients"] = [row["name"] for row in rows]
    if related is not None:
        current.related_incoming.set(_related(actor, related))
        cleaned["related"] = [d.pk for d in related]
    shared.search_text_refresh(current)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.outgoingdocument.edited",
        obj=current,
        before=before,
        after={k: str(v) if not isinstance(v, list) else v for k, v in cleaned.items()},
    )
    return current


@uploads_inspected_first
@transaction.atomic
def version_add(*, doc: OutgoingDocument, actor: Any, upload: Upload, note: str = "") -> DraftVersion:
    """A new version of the draft file, by the drafter or the reviewer whose turn it is; every
    version is kept with its author and time (DOC-4)."""
    current, decision = OUTGOING_WORKFLOW.locked("add_version", doc, actor=actor)
    note = _bounded_note(note, field="note", what="ghi chú phiên bản", limit=NOTE_MAX)
    assert isinstance(upload, CheckResult)
    _docx_required(upload)
    version = _version_create(current, upload, actor=actor, note=note)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.outgoingdocument.version_added",
        obj=current,
        after={"version": version.number, "file": upload.name},
        note=note,
    )
    return version


def latest_version(doc: OutgoingDocument) -> DraftVersion | None:
    return DraftVersion.objects.filter(document=doc).order_by("-number").first()


@transaction.atomic
def comment(
    *,
    doc: OutgoingDocument,
    actor: Any,
    text: str,
    disagreement: bool = False,
    version: DraftVersion | None = None,
) -> ReviewComment:
    """A comment on the draft, kept with the version it was made on (the latest, or the one named).
    ``disagreement`` marks a difference of opinion between the unit head and the drafter: it is
    recorded on the review step for the top leader, who decides (seed 002 Đ10.8)."""
    current, decision = OUTGOING_WORKFLOW.locked("comment", doc, actor=actor)
    text = _bounded_note(text, field="text", what="ý kiến", limit=COMMENT_MAX)
    if not text:
        raise Refused.invalid("Vui lòng nhập ý kiến.", field="text")
    if version is not None and version.document_id != current.pk:
        raise Refused.invalid("Phiên bản không thuộc văn bản này.", field="version")
    version = version or latest_version(current)
    review = may.current_review(current)
    own_review = review if review is not None and may.can_review(actor, current) else None
    if disagreement:
        target = review if review is not None else _last_decided_review(current)
        if target is None:
            raise Refused.invalid(
                "Chỉ ghi nhận ý kiến khác nhau khi dự thảo đã được trình duyệt.", field="disagreement"
            )
        stamp = f"{actor.full_name} ({timezone.localtime():%d/%m/%Y %H:%M}): {text}"
        combined = f"{target.disagreement}\n{stamp}" if target.disagreement else stamp
        set_review_state(target, target.state, disagreement=combined[:2000])
    note = ReviewComment.objects.create(
        document=current,
        version=version,
        review=own_review,
        author=actor,
        on_behalf_of=decision.on_behalf_of,
        text=text,
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.outgoingdocument.commented",
        obj=current,
        after={"version": version.number if version else None, "disagreement": disagreement},
        note=text,
    )
    if disagreement:
        _notify(
            current,
            _top_leaders(current),
            gettext_noop("Có ý kiến khác nhau về dự thảo: %(subject)s"),
            f"disagreement:{note.pk}",
        )
    return note


def _last_decided_review(doc: OutgoingDocument) -> DraftReview | None:
    return (
        DraftReview.objects.filter(document=doc)
        .exclude(state__in=[DraftReview.State.WAITING, DraftReview.State.SKIPPED])
        .order_by("-round", "-order")
        .first()
    )


def _top_leaders(doc: OutgoingDocument) -> list[Any]:
    """Who decides a disagreement (Đ10.8): the signer, else the agency's head."""
    if doc.signer_id:
        return [doc.signer]
    return list(tree.heads_of(doc.agency_id))


# --- the review chain ----------------------------------------------------------------------------------


def chain_for(doc: OutgoingDocument) -> ReviewChain | None:
    """The chain chosen on the draft, else the agency's default active chain, else None (default)."""
    if doc.chain_id:
        return doc.chain
    return ReviewChain.objects.filter(agency_id=doc.agency_id, is_active=True, is_default=True).first()


def _planned_steps(doc: OutgoingDocument, chain: ReviewChain | None) -> list[dict[str, Any]]:
    """Each step as (label, reviewer or role); a step with nobody to act is left out."""
    K = ReviewStep.Kind
    if chain is None:
        steps = [
            ReviewStep(order=1, label="Lãnh đạo đơn vị soạn thảo", kind=K.UNIT_HEAD),
            ReviewStep(order=2, label="Lãnh đạo ký văn bản", kind=K.SIGNER),
        ]
    else:
        steps = list(chain.steps.order_by("order").select_related("person"))
        if not steps:
            raise Refused.invalid(f"Quy trình duyệt “{chain.name}” chưa có bước nào.", field="chain")
    planned: list[dict[str, Any]] = []
    for step in steps:
        reviewer: Any = None
        role = ""
        if step.kind == K.UNIT_HEAD:
            reviewer = tree.head_of(doc.drafting_unit)
            if reviewer is None or reviewer.pk == doc.drafter_id:
                continue  # the drafter heads the unit (or nobody does): no unit step
        elif step.kind == K.SIGNER:
            if doc.signer_id is None:
                raise Refused.invalid("Vui lòng chọn người ký trước khi trình.", field="signer")
            reviewer = doc.signer
        elif step.kind == K.PERSON:
            reviewer = step.person
            if reviewer is None or not reviewer.is_active:
                raise Refused.invalid(
                    f"Bước “{step.label}” chưa có người duyệt đang làm việc.", field="chain"
                )
        else:
            role = step.role
        if reviewer is not None and planned and planned[-1]["reviewer"] == reviewer:
            continue  # the same person twice in a row reviews once
        planned.append({"label": step.label[:100], "reviewer": reviewer, "role": role})
    if not planned:
        raise Refused.invalid("Không xác định được người duyệt dự thảo.", field="chain")
    return planned


def _start_review(review: DraftReview, version: DraftVersion | None) -> None:
    today = timezone.localdate()
    set_review_state(
        review,
        DraftReview.State.PENDING,
        started_at=timezone.now(),
        due_date=calendar.add_working_days(today, REVIEW_WORKING_DAYS),
        version=version,
    )


def reviewers_of(doc: OutgoingDocument, review: DraftReview) -> list[Any]:
    """Who may act on a step: its person, or those holding its role on the agency."""
    if review.reviewer_id is not None:
        return [review.reviewer]
    from congvu.accounts.models import User

    return list(
        User.objects.filter(
            status=User.Status.ACTIVE, role_grants__role=review.role, role_grants__unit_id=doc.agency_id
        ).distinct()
    )


def _turn_told(doc: OutgoingDocument, review: DraftReview) -> None:
    _notify(
        doc,
        reviewers_of(doc, review),
        gettext_noop("Dự thảo chờ bạn cho ý kiến: %(subject)s"),
        f"review:{review.pk}",
        awaits=AWAITS_REVIEW,
    )


@transaction.atomic
def submit(*, doc: OutgoingDocument, actor: Any, note: str = "") -> OutgoingDocument:
    """The drafter submits: a new round of the review chain starts at its first step (DOC-4)."""
    current, _decision = OUTGOING_WORKFLOW.locked("submit", doc, actor=actor)
    note = _bounded_note(note, field="reason", what="ghi chú", limit=NOTE_MAX)
    chain = chain_for(current)
    planned = _planned_steps(current, chain)
    last_round = DraftReview.objects.filter(document=current).aggregate(r=Max("round"))["r"] or 0
    reviews = [
        DraftReview.objects.create(document=current, round=last_round + 1, order=i, **step)
        for i, step in enumerate(planned, start=1)
    ]
    first = reviews[0]
    _start_review(first, latest_version(current))
    for review in reviews:
        if review.reviewer is not None:
            shared.reader_add(doc=current, user=review.reviewer)
    doc = OUTGOING_WORKFLOW.apply(
        "submit", current, actor=actor, reason=note, changes={"current_review": first, "chain": chain}
    )
    notification_settle(subject=subject_of(doc), awaits=AWAITS_FIX)
    _turn_told(doc, first)
    return doc


def _decide(doc: OutgoingDocument, review: DraftReview, actor: Any, state: str) -> None:
    """Record the step's decision (after the transition: its guard reads the step still pending)."""
    set_review_state(review, state, actor=actor)
    notification_settle(subject=subject_of(doc), awaits=AWAITS_REVIEW)


def _current(doc: OutgoingDocument) -> DraftReview:
    review = may.current_review(doc)
    assert review is not None  # the guards allowed a reviewer of the current step
    return review


@transaction.atomic
def pass_on(*, doc: OutgoingDocument, actor: Any, note: str = "") -> OutgoingDocument:
    """The current reviewer agrees: the next step's turn (3 working days from now)."""
    current, _decision = OUTGOING_WORKFLOW.locked("pass_on", doc, actor=actor)
    review = _current(current)
    following = (
        DraftReview.objects.filter(
            document=current, round=review.round, order__gt=review.order, state=DraftReview.State.WAITING
        )
        .order_by("order")
        .first()
    )
    assert following is not None  # can_pass_on allows only when a later step waits
    doc = OUTGOING_WORKFLOW.apply(
        "pass_on", current, actor=actor, reason=note, changes={"current_review": following}
    )
    _decide(doc, review, actor, DraftReview.State.APPROVED)
    _start_review(following, latest_version(doc))
    _turn_told(doc, following)
    return doc


@transaction.atomic
def approve(*, doc: OutgoingDocument, actor: Any, note: str = "") -> OutgoingDocument:
    """The last step's reviewer approves it for issuing: it goes to the clerk to be numbered."""
    current, _decision = OUTGOING_WORKFLOW.locked("approve", doc, actor=actor)
    review = _current(current)
    doc = OUTGOING_WORKFLOW.apply(
        "approve", current, actor=actor, reason=note, changes={"current_review": None}
    )
    _decide(doc, review, actor, DraftReview.State.APPROVED)
    from congvu.accounts.models import User

    clerks = User.objects.filter(
        status=User.Status.ACTIVE, role_grants__role="clerk", role_grants__unit_id=doc.agency_id
    ).distinct()
    _notify(doc, clerks, gettext_noop("Văn bản chờ cấp số: %(subject)s"), "approved", awaits=AWAITS_NUMBER)
    _notify(
        doc, [doc.drafter], gettext_noop("Dự thảo đã được duyệt ban hành: %(subject)s"), "approved-drafter"
    )
    return doc


def _skip_rest(doc: OutgoingDocument, review: DraftReview) -> None:
    for later in DraftReview.objects.filter(
        document=doc, round=review.round, state__in=[DraftReview.State.WAITING, DraftReview.State.PENDING]
    ):
        set_review_state(later, DraftReview.State.SKIPPED)


@transaction.atomic
def return_draft(*, doc: OutgoingDocument, actor: Any, reason: str) -> OutgoingDocument:
    """The current reviewer returns it to the drafter, with a reason (seed 002 Đ10.2–10.4)."""
    current, _decision = OUTGOING_WORKFLOW.locked("return", doc, actor=actor)
    reason = _bounded_note(reason, field="reason", what="lý do trả lại", limit=2000)
    if not reason:
        raise Refused.invalid("Vui lòng nêu lý do trả lại.", field="reason")
    review = _current(current)
    doc = OUTGOING_WORKFLOW.apply(
        "return", current, actor=actor, reason=reason, changes={"current_review": None}
    )
    _decide(doc, review, actor, DraftReview.State.RETURNED)
    _skip_rest(doc, review)
    _notify(
        doc,
        [doc.drafter],
        gettext_noop("Dự thảo bị trả lại: %(subject)s"),
        f"returned:{review.pk}",
        awaits=AWAITS_FIX,
    )
    return doc


@transaction.atomic
def withdraw(*, doc: OutgoingDocument, actor: Any, note: str = "") -> OutgoingDocument:
    """The drafter takes it back before a decision: the round ends, the draft is theirs again."""
    current, _decision = OUTGOING_WORKFLOW.locked("withdraw", doc, actor=actor)
    review = may.current_review(current)
    doc = OUTGOING_WORKFLOW.apply(
        "withdraw", current, actor=actor, reason=note, changes={"current_review": None}
    )
    if review is not None:
        _skip_rest(doc, review)
    notification_settle(subject=subject_of(doc), awaits=AWAITS_REVIEW)
    return doc


@transaction.atomic
def cancel(*, doc: OutgoingDocument, actor: Any, reason: str) -> OutgoingDocument:
    """The drafter abandons the draft, with a reason."""
    current, _decision = OUTGOING_WORKFLOW.locked("cancel", doc, actor=actor)
    notification_settle(subject=subject_of(current))
    return OUTGOING_WORKFLOW.apply("cancel", current, actor=actor, reason=reason)


# --- issuing ---------------------------------------------------------------------------------------------


def registers_for(doc: OutgoingDocument) -> list[Register]:
    """The agency's active outgoing registers this document may be numbered in: those limited to
    its type, and those open to every type (R-NUM-2)."""
    registers = list(
        Register.objects.filter(agency_id=doc.agency_id, direction=Direction.OUTGOING, is_active=True)
        .prefetch_related("document_types")
        .order_by("sort_order", "name", "pk")
    )
    return [r for r in registers if not r.document_types.all() or doc.document_type in r.document_types.all()]


def notation_of(doc: OutgoingDocument) -> str:
    """The ký hiệu: "KH-UBND"; for a công văn (no abbreviation) "UBND-TCBC" (Phụ lục I §3)."""
    unit = "" if doc.document_type.abbreviation else doc.drafting_unit.short_name
    return numbering.notation(
        type_abbreviation=doc.document_type.abbreviation, issuer=doc.agency.short_name, unit=unit
    )


def next_number_preview(register: Register) -> int:
    """The number the register would give now (the clerk's form shows it; ``number`` decides)."""
    return numbering.next_number(register, timezone.localdate().year)


@transaction.atomic
def number(
    *, doc: OutgoingDocument, actor: Any, register: Register | None = None, typed: int | None = None
) -> OutgoingDocument:
    """DOC-5: the clerk numbers the approved document from the chosen outgoing register (default:
    the agency's default one), the register's year row locked so two clerks never take the same
    number; a typed number that breaks the series is refused (R-NUM-1)."""
    current, _decision = OUTGOING_WORKFLOW.locked("number", doc, actor=actor)
    if register is None:
        register = shared.default_register(agency=current.agency, direction=Direction.OUTGOING)
    if register.pk not in {r.pk for r in registers_for(current)}:
        raise Refused.invalid("Sổ này không dùng cho văn bản này.", field="register")
    if typed is not None and not 1 <= typed <= 999_999:
        raise Refused.invalid("Số văn bản không hợp lệ.", field="number")
    code_notation = notation_of(current)
    today = timezone.localdate()
    taken = numbering.take_number(register, today.year, typed=typed, field="number")
    doc = OUTGOING_WORKFLOW.apply(
        "number",
        current,
        actor=actor,
        changes={
            "register": register,
            "number_year": today.year,
            "number": taken,
            "code_number": numbering.format_number(taken),
            "code_notation": code_notation,
            "issued_date": today,
            "numbered_by": actor,
        },
    )
    shared.search_text_refresh(doc)
    notification_settle(subject=subject_of(doc), awaits=AWAITS_NUMBER)
    _notify(
        doc,
        [doc.drafter],
        gettext_noop("Văn bản đã cấp số %(number)s, chờ bạn kiểm tra: %(subject)s"),
        "numbered",
        awaits=AWAITS_CHECK,
        number=doc.number_and_notation,
    )
    return doc


@transaction.atomic
def check(*, doc: OutgoingDocument, actor: Any, note: str = "") -> OutgoingDocument:
    """The drafter checked the numbered document (seed 002 Đ10.6): it goes to the signer."""
    current, _decision = OUTGOING_WORKFLOW.locked("check", doc, actor=actor)
    doc = OUTGOING_WORKFLOW.apply("check", current, actor=actor, reason=note)
    notification_settle(subject=subject_of(doc), awaits=AWAITS_CHECK)
    _notify(doc, [doc.signer], gettext_noop("Văn bản chờ ký: %(subject)s"), "to_sign")
    return doc


@transaction.atomic
def send(
    *,
    doc: OutgoingDocument,
    actor: Any,
    recipient_units: Sequence[Unit] = (),
    recipient_externals: Sequence[ExternalAgency] = (),
    recipient_names: Sequence[str] = (),
    issued_amount: int | None = None,
) -> OutgoingDocument:
    """The clerk releases the signed document to its recipients (those of the draft and any added
    here): the date is recorded, and each recipient is reached through its transport
    (``congvu.documents.exchange``) — an agency of this installation receives it as an incoming
    document. A recipient whose delivery fails is marked failed; the others are not held back."""
    current, _decision = OUTGOING_WORKFLOW.locked("send", doc, actor=actor)
    if issued_amount is not None and not 1 <= issued_amount <= 999:
        raise Refused.invalid("Số lượng bản từ 1 đến 999.", field="issued_amount")
    existing_units = set(
        OutgoingRecipient.objects.filter(document=current, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    existing_ext = set(
        OutgoingRecipient.objects.filter(document=current, external__isnull=False).values_list(
            "external_id", flat=True
        )
    )
    rows = _recipients(
        [u for u in recipient_units if u.pk not in existing_units],
        [e for e in recipient_externals if e.pk not in existing_ext],
        recipient_names,
    )
    OutgoingRecipient.objects.bulk_create([OutgoingRecipient(document=current, **row) for row in rows])
    recipients = list(
        OutgoingRecipient.objects.filter(
            document=current, state=OutgoingRecipient.State.WAITING
        ).select_related("unit")
    )
    if not recipients and not OutgoingRecipient.objects.filter(document=current).exists():
        raise Refused.invalid("Vui lòng chọn ít nhất một nơi nhận.", field="recipients")
    changes: dict[str, Any] = {"issued_by": actor}
    if issued_amount is not None:
        changes["issued_amount"] = issued_amount
    doc = OUTGOING_WORKFLOW.apply("send", current, actor=actor, changes=changes)
    available = exchange.transports()
    for recipient in recipients:
        transport = exchange.transport_for(recipient, available)
        try:
            with transaction.atomic():
                if transport is None:
                    raise RuntimeError("no transport reaches this recipient")
                transport.deliver(document=doc, recipient=recipient, actor=actor)
        except Exception as error:  # one recipient's failure never holds back the others
            exchange.delivery_failed(recipient, str(error)[:500] or type(error).__name__)
    notification_settle(subject=subject_of(doc), awaits=AWAITS_SEND)
    _notify(doc, [doc.drafter], gettext_noop("Văn bản đã phát hành: %(subject)s"), "issued")
    return doc
