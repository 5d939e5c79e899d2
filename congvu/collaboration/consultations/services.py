"""Use cases that write consultations (COL-5; seed 002 Điều 7.5). Keyword-only, one transaction,
audited (``collaboration.consultation.<verb>``), "on behalf of" where a delegation lends the right.

- ``consultation_appoint``: a leader of the agency names the drafter of a matter (state appointed).
- ``consultation_post``: the drafter posts the draft — title, description, files (core file
  service), deadline (in the future, at most ``MAX_DEADLINE_DAYS`` ahead) and the audience (the whole
  agency, or up to ``MAX_CHOSEN_PEOPLE`` people and ``MAX_CHOSEN_UNITS`` units of it), written out
  as one recipient row per person; they are notified.
- ``consultation_answer``: a recipient answers — a comment (optional file), "không có ý kiến", or
  the reason they give none; changeable until the deadline, refused after it (409).
- ``consultation_extend`` / ``consultation_close`` / ``consultation_cancel``.
- ``consultation_keep``: an administrator keeps it longer than the month (date and reason).
- ``consultation_report_exported``: the report printed or downloaded (audited).
- ``consultations_expire`` / ``consultations_remind`` / ``consultations_clear``: the jobs' work.

Permission is asked before the input is judged, so a person who may not act learns that first.
Notifications leave with the transaction (``notify_many`` writes rows in it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.collaboration import retention
from congvu.collaboration.consultations import policies as may
from congvu.collaboration.consultations.models import (
    Consultation,
    ConsultationFile,
    ConsultationRecipient,
)
from congvu.collaboration.consultations.workflow import (
    CONSULTATION_WORKFLOW,
    mark_reminded,
    record_answer,
)
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.files import Upload, refuse_secret_text, store_upload, uploads_inspected_first
from congvu.core.text import clean_note, clean_text
from congvu.notifications.services import notify_many
from congvu.org import tree
from congvu.org.models import Membership, Unit

MAX_SUBJECT = 300
MAX_DESCRIPTION = 5000
MAX_ANSWER = 5000
MAX_FILES = 10
MAX_DEADLINE_DAYS = 90  # a consultation runs at most three months
MAX_CHOSEN_PEOPLE = 100
MAX_CHOSEN_UNITS = 30
MAX_RECIPIENTS = 3000  # a whole agency of this size is already very large
Answer = ConsultationRecipient.Answer
Audience = Consultation.Audience

PAST_DEADLINE = "Đã hết hạn góp ý ({deadline}): không gửi hoặc sửa ý kiến được nữa."


def _url(consultation: Consultation) -> str:
    return reverse("collaboration:consultations_detail", args=[consultation.pk])


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _bounded_text(text: str, *, field: str, limit: int, label: str, required: bool = False) -> str:
    cleaned = refuse_secret_text(clean_note(text or "", field=field), field=field, what=label.lower())
    if required and not cleaned:
        raise Refused.invalid(f"Vui lòng nhập {label.lower()}.", field=field)
    if len(cleaned) > limit:
        raise Refused.invalid(f"{label} tối đa {limit} ký tự.", field=field)
    return cleaned


def _check_deadline(deadline: dt.datetime | None, *, after: dt.datetime | None = None) -> dt.datetime:
    if deadline is None:
        raise Refused.invalid("Vui lòng chọn hạn góp ý.", field="deadline")
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    now = timezone.now()
    if deadline <= now:
        raise Refused.invalid("Hạn góp ý phải là một thời điểm trong tương lai.", field="deadline")
    if after is not None and deadline <= after:
        raise Refused.invalid(f"Hạn mới phải sau hạn hiện tại ({_local(after)}).", field="deadline")
    if deadline > now + dt.timedelta(days=MAX_DEADLINE_DAYS):
        raise Refused.invalid(f"Hạn góp ý tối đa {MAX_DEADLINE_DAYS} ngày kể từ hôm nay.", field="deadline")
    return deadline.replace(microsecond=0)


# --- appointing and posting -------------------------------------------------------------------------


@transaction.atomic
def consultation_appoint(
    *, agency: Unit, drafter: Any, subject: str, note: str = "", actor: Any
) -> Consultation:
    """A leader of ``agency`` appoints ``drafter`` (a person of the agency) to draft ``subject``."""
    decision = may.can_appoint(actor, agency).require()
    subject = clean_text(subject or "", field="subject")
    subject = refuse_secret_text(subject, field="subject", what="nội dung")
    if not subject:
        raise Refused.invalid("Vui lòng nhập nội dung cần soạn thảo, lấy ý kiến.", field="subject")
    if len(subject) > MAX_SUBJECT:
        raise Refused.invalid(f"Nội dung tối đa {MAX_SUBJECT} ký tự.", field="subject")
    note = _bounded_text(note, field="note", limit=2000, label="Ghi chú")
    if drafter is None or drafter.pk not in set(tree.agency_member_ids(agency)):
        raise Refused.invalid(f"Người soạn thảo phải là người của {agency.name}.", field="drafter")
    now = timezone.now()
    consultation = Consultation.objects.create(
        agency=agency,
        subject=subject,
        appointed_by=actor,
        appointed_on_behalf_of=decision.on_behalf_of,
        appointment_note=note,
        drafter=drafter,
        appointed_at=now,
        dated_on=timezone.localdate(),
    )
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.consultation.appointed",
        obj=consultation,
        after={"agency": agency.pk, "drafter": drafter.pk, "subject": subject},
        note=note,
    )
    if drafter.pk != actor.pk:
        notify_many(
            recipient_ids=[drafter.pk],
            title=gettext_noop("Bạn được giao soạn thảo để lấy ý kiến"),
            body=gettext_noop("%(subject)s"),
            params={"subject": subject[:200]},
            url=_url(consultation),
            kind="collaboration.consultation.appointed",
        )
    return consultation


def _audience_ids(agency: Unit, audience: str, people: Sequence[Any], units: Sequence[Unit]) -> list[int]:
    members = set(tree.agency_member_ids(agency))
    if audience == Audience.AGENCY:
        return sorted(members)
    if audience != Audience.CHOSEN:
        raise Refused.invalid("Vui lòng chọn người được lấy ý kiến.", field="audience")
    if len(people) > MAX_CHOSEN_PEOPLE:
        raise Refused.invalid(f"Chọn tối đa {MAX_CHOSEN_PEOPLE} người.", field="people")
    if len(units) > MAX_CHOSEN_UNITS:
        raise Refused.invalid(f"Chọn tối đa {MAX_CHOSEN_UNITS} đơn vị.", field="units")
    chosen = {p.pk for p in people}
    outside = [p for p in people if p.pk not in members]
    if outside:
        raise Refused.invalid(
            f"{outside[0].full_name} không thuộc {agency.name}: chỉ lấy ý kiến người trong cơ quan.",
            field="people",
        )
    for unit in units:
        if not unit.path.startswith(agency.path):
            raise Refused.invalid(f"{unit.name} không thuộc {agency.name}.", field="units")
    if units:
        in_units = Membership.objects.current().filter(tree.subtree_q([u.path for u in units], "unit__"))
        chosen |= members & set(in_units.values_list("user_id", flat=True))
    return sorted(chosen)


@uploads_inspected_first
@transaction.atomic
def consultation_post(
    *,
    consultation: Consultation,
    title: str,
    description: str,
    deadline: dt.datetime | None,
    audience: str,
    people: Sequence[Any] = (),
    units: Sequence[Unit] = (),
    uploads: Iterable[Upload] | None = None,
    actor: Any,
) -> Consultation:
    """The appointed drafter posts the draft to its audience (Đ7.5)."""
    locked, _decision = CONSULTATION_WORKFLOW.locked("post", consultation, actor=actor)
    title = clean_text(title or "", field="title") or locked.subject
    title = refuse_secret_text(title, field="title", what="tiêu đề")
    if len(title) > MAX_SUBJECT:
        raise Refused.invalid(f"Tiêu đề tối đa {MAX_SUBJECT} ký tự.", field="title")
    description = _bounded_text(description, field="description", limit=MAX_DESCRIPTION, label="Mô tả")
    files = list(uploads or [])
    if len(files) > MAX_FILES:
        raise Refused.invalid(f"Đính kèm tối đa {MAX_FILES} tệp.", field="files")
    deadline = _check_deadline(deadline)
    ids = [pk for pk in _audience_ids(locked.agency, audience, people, units) if pk != locked.drafter_id]
    if not ids:
        raise Refused.invalid("Chưa có ai được lấy ý kiến: hãy chọn người hoặc đơn vị.", field="people")
    if len(ids) > MAX_RECIPIENTS:
        raise Refused.invalid(f"Lấy ý kiến tối đa {MAX_RECIPIENTS} người một lần.", field="people")
    posted = CONSULTATION_WORKFLOW.apply(
        "post",
        locked,
        actor=actor,
        changes={
            "title": title,
            "description": description,
            "deadline": deadline,
            "audience": audience,
            "dated_on": timezone.localdate(),
        },
    )
    for upload in files:
        stored = store_upload(uploaded_file=upload, actor=actor)
        ConsultationFile.objects.create(consultation=posted, file=stored)
    ConsultationRecipient.objects.bulk_create(
        [ConsultationRecipient(consultation=posted, user_id=pk) for pk in ids], batch_size=1000
    )
    notify_many(
        recipient_ids=ids,
        title=gettext_noop("Đề nghị góp ý: %(title)s"),
        body=gettext_noop("Hạn góp ý: %(deadline)s."),
        params={"title": title[:200], "deadline": _local(deadline)},
        url=_url(posted),
        kind="collaboration.consultation.posted",
        event_key=f"consultation:{posted.pk}:posted",
    )
    return posted


# --- answering ---------------------------------------------------------------------------------------


@uploads_inspected_first
@transaction.atomic
def consultation_answer(
    *,
    consultation: Consultation,
    answer: str,
    text: str = "",
    upload: Upload | None = None,
    keep_attachment: bool = False,
    actor: Any,
) -> ConsultationRecipient:
    """A recipient gives or changes their answer before the deadline. ``keep_attachment`` keeps the
    file of an earlier answer when no new one is given."""
    locked, _decision = CONSULTATION_WORKFLOW.locked("answer", consultation, actor=actor)
    if locked.deadline is None or timezone.now() >= locked.deadline:
        raise Refused.wrong_state(PAST_DEADLINE.format(deadline=_local(locked.deadline or timezone.now())))
    if answer not in Answer.values:
        raise Refused.invalid("Vui lòng chọn góp ý, không có ý kiến, hoặc lý do không góp ý.", field="answer")
    label = "Lý do không góp ý" if answer == Answer.EXCUSED else "Nội dung góp ý"
    text = _bounded_text(text, field="text", limit=MAX_ANSWER, label=label, required=answer == Answer.EXCUSED)
    if answer == Answer.COMMENT and not text and upload is None and not keep_attachment:
        raise Refused.invalid("Vui lòng nhập nội dung góp ý hoặc đính kèm tệp góp ý.", field="text")
    if answer != Answer.COMMENT and upload is not None:
        raise Refused.invalid("Chỉ đính kèm tệp khi góp ý.", field="attachment")
    recipient = ConsultationRecipient.objects.select_for_update().get(consultation=locked, user_id=actor.pk)
    before = {"answer": recipient.answer, "text": recipient.text, "attachment": recipient.attachment_id}
    attachment = recipient.attachment if (keep_attachment and answer == Answer.COMMENT) else None
    if upload is not None:
        attachment = store_upload(uploaded_file=upload, actor=actor)
    if answer == Answer.COMMENT and not text and attachment is None:
        raise Refused.invalid("Vui lòng nhập nội dung góp ý hoặc đính kèm tệp góp ý.", field="text")
    changed = recipient.answered_at is not None
    record_answer(recipient, answer=answer, text=text, attachment=attachment)
    audit.record(
        actor=actor,
        action="collaboration.consultation.answer_changed"
        if changed
        else "collaboration.consultation.answered",
        obj=locked,
        before=before if changed else None,
        after={"answer": answer, "text": text[:500], "attachment": getattr(attachment, "pk", None)},
    )
    return recipient


# --- the drafter's and leaders' acts ----------------------------------------------------------------


@transaction.atomic
def consultation_extend(
    *, consultation: Consultation, deadline: dt.datetime | None, reason: str = "", actor: Any
) -> Consultation:
    """The drafter moves the deadline later; the recipients are told."""
    locked, _decision = CONSULTATION_WORKFLOW.locked("extend", consultation, actor=actor)
    deadline = _check_deadline(deadline, after=locked.deadline)
    extended = CONSULTATION_WORKFLOW.apply(
        "extend", locked, actor=actor, reason=reason, changes={"deadline": deadline}
    )
    ids = list(ConsultationRecipient.objects.filter(consultation=extended).values_list("user_id", flat=True))
    ConsultationRecipient.objects.filter(consultation=extended).update(reminded_at=None)
    notify_many(
        recipient_ids=ids,
        title=gettext_noop("Gia hạn góp ý: %(title)s"),
        body=gettext_noop("Hạn góp ý mới: %(deadline)s."),
        params={"title": extended.title[:200], "deadline": _local(deadline)},
        url=_url(extended),
        kind="collaboration.consultation.extended",
    )
    return extended


@transaction.atomic
def consultation_close(*, consultation: Consultation, reason: str = "", actor: Any) -> Consultation:
    """Close it before the deadline: no more answers."""
    return CONSULTATION_WORKFLOW.apply("close", consultation, actor=actor, reason=reason)


@transaction.atomic
def consultation_cancel(*, consultation: Consultation, reason: str, actor: Any) -> Consultation:
    return CONSULTATION_WORKFLOW.apply("cancel", consultation, actor=actor, reason=reason)


@transaction.atomic
def consultation_keep(
    *, consultation: Consultation, keep_until: dt.date | None, reason: str, actor: Any
) -> Consultation:
    """An administrator keeps the consultation until ``keep_until`` (Đ7.5: "gia hạn thêm thời gian lưu trữ")."""
    locked, _decision = CONSULTATION_WORKFLOW.locked("keep", consultation, actor=actor)
    keep_until, reason = retention.longer_keeping(
        kept_until=locked.kept_until, keep_until=keep_until, reason=reason
    )
    before = {"keep_until": locked.keep_until, "keep_reason": locked.keep_reason}
    locked.keep_until = keep_until
    locked.keep_reason = reason
    locked.save(update_fields=["keep_until", "keep_reason"])
    audit.record(
        actor=actor,
        action="collaboration.consultation.kept",
        obj=locked,
        before=before,
        after={"keep_until": keep_until, "keep_reason": reason},
        note=reason,
    )
    return locked


def consultation_report_exported(*, consultation: Consultation, file_format: str, actor: Any) -> None:
    """The report left the system (printed or downloaded): audited."""
    CONSULTATION_WORKFLOW.require("report", consultation, actor)
    audit.record(
        actor=actor,
        action="collaboration.consultation.exported",
        obj=consultation,
        after={"format": file_format},
    )


# --- the jobs' work --------------------------------------------------------------------------------


def consultations_expire(now: dt.datetime | None = None) -> int:
    """Close every open consultation whose deadline has passed (the clock's ``expire``)."""
    now = now or timezone.now()
    due = list(Consultation.objects.filter(status=Consultation.Status.OPEN, deadline__lte=now)[:1000])
    for consultation in due:
        CONSULTATION_WORKFLOW.apply("expire", consultation, actor=None)
    return len(due)


def consultations_remind(now: dt.datetime | None = None) -> int:
    """The day before the deadline, remind each recipient who has not answered — once each."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    tomorrow = local.date() + dt.timedelta(days=1)
    sent = 0
    due = Consultation.objects.filter(
        status=Consultation.Status.OPEN, deadline__gt=now, deadline__date__lte=tomorrow
    ).order_by("id")[:1000]
    for consultation in due:
        with transaction.atomic():
            waiting = list(
                ConsultationRecipient.objects.select_for_update()
                .filter(consultation=consultation, answered_at__isnull=True, reminded_at__isnull=True)
                .values_list("pk", "user_id")
            )
            if not waiting:
                continue
            notify_many(
                recipient_ids=[user_id for _pk, user_id in waiting],
                title=gettext_noop("Nhắc góp ý: %(title)s"),
                body=gettext_noop("Hạn góp ý: %(deadline)s. Bạn chưa gửi ý kiến."),
                params={"title": consultation.title[:200], "deadline": _local(consultation.deadline or now)},
                url=_url(consultation),
                kind="collaboration.consultation.reminder",
            )
            mark_reminded([pk for pk, _user in waiting])
            sent += len(waiting)
    return sent


def consultations_clear(today: dt.date | None = None) -> int:
    """Delete the consultations whose keeping ended before this month began (Đ7.5: kept one month
    from the consultation's date, cleared at the beginning of the next month); open ones wait until
    they end. Each deletion is audited; the drafts' stored files stay with the file service."""
    today = today or timezone.localdate()
    first_of_month = today.replace(day=1)
    first_of_last_month = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    # kept_until (dated_on + one month) falls before this month exactly when dated_on falls before
    # last month; an extension (keep_until) replaces that date.
    candidates = Consultation.objects.exclude(status=Consultation.Status.OPEN).filter(
        Q(keep_until__isnull=True, dated_on__lt=first_of_last_month) | Q(keep_until__lt=first_of_month)
    )
    cleared = 0
    for consultation in candidates.order_by("id")[:5000]:
        with transaction.atomic():
            audit.record(
                actor=None,
                action="collaboration.consultation.cleared",
                obj=consultation,
                before={"dated_on": consultation.dated_on, "kept_until": consultation.kept_until},
            )
            consultation.delete()
        cleared += 1
    return cleared
