"""Account requests: filing, submitting, withdrawing, processing and returning (ORG-3).

Seed 000 Điều 8: the head of a unit lists the people who need a new account (Phụ lục 1) or whose
account must change, stop or be cancelled (Phụ lục 2); the administrators act on it within
``ACCOUNT_REQUEST_DAYS`` (02) working days of receiving it. Every status change goes through
``ACCOUNT_REQUEST_WORKFLOW``; processing applies each line through the accounts and organisation
services in the same transaction, so a request is done entirely or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.accounts.models import AccountRequest, AccountRequestLine, User
from congvu.accounts.requests import selectors as selectors
from congvu.accounts.requests.policies import can_file
from congvu.accounts.requests.workflow import ACCOUNT_REQUEST_WORKFLOW
from congvu.accounts.users import services as user_services
from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.files import refuse_secret_text
from congvu.core.text import clean_note, clean_text
from congvu.core.workflow import clean_reason
from congvu.notifications.services import message, notification_settle, notify, subject_of
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Position, Unit
from congvu.org.units import services as unit_services

K = AccountRequest.Kind
S = AccountRequest.Status
LINE_FIELDS = (
    "full_name",
    "unit",
    "position",
    "email",
    "date_of_birth",
    "target_user",
    "change_description",
    "change_reason",
    "note",
)
DEFAULT_DESCRIPTION: dict[str, str] = {K.SUSPEND: "Dừng hoạt động tài khoản", K.RETIRE: "Hủy bỏ tài khoản"}


def _now() -> dt.datetime:
    """The moment of an act; tests replace it to freeze the submission date."""
    return timezone.now()


@dataclass
class LineData:
    """One line as typed by the filer; ``id`` names an existing line of the request being edited.

    For a change line, empty name, unit, position and e-mail mean "unchanged": they are filled in
    from the account so that the printed Phụ lục 2 shows the person's data after the change.
    """

    full_name: str = ""
    unit: Unit | None = None
    position: Position | None = None
    email: str = ""
    date_of_birth: dt.date | None = None
    target_user: User | None = None
    change_description: str = ""
    change_reason: str = ""
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class CreatedAccount:
    """A new account and its one-time password: shown once to the processing administrator,
    never stored in clear (ORG-6)."""

    line: AccountRequestLine
    username: str
    one_time_password: str


@dataclass
class ProcessResult:
    account_request: AccountRequest
    created: list[CreatedAccount] = field(default_factory=list)


# --- checking the lines -----------------------------------------------------------------------------


def _refuse(index: int, message: str, field_name: str | None = None) -> Refused:
    """A refusal that names the line (1-based for people) and, for forms, the field."""
    return Refused(
        f"Dòng {index + 1}: {message}", field=f"lines.{index}.{field_name}" if field_name else None
    )


def _unmarked(text: str, index: int, field_name: str, what: str) -> str:
    """``text`` typed on a line, refused on its field when it carries a secrecy marking (DOC-7)."""
    return refuse_secret_text(text, field=f"lines.{index}.{field_name}", what=f"{what} ở dòng {index + 1}")


def _clean_email(index: int, email: str, *, required: bool) -> str:
    email = (email or "").strip()
    if not email:
        if required:
            raise _refuse(index, "vui lòng nhập email công vụ.", "email")
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise _refuse(index, f"email “{email}” không hợp lệ.", "email") from None
    return email.lower()


def _check_unit(index: int, unit: Unit | None, root: Unit, field_name: str = "unit") -> Unit:
    if unit is None:
        raise _refuse(index, "vui lòng chọn đơn vị công tác.", field_name)
    if not tree.in_subtree(unit, root):
        raise _refuse(
            index, f"{unit.name} không thuộc {root.name}; chỉ đề nghị được cho đơn vị mình.", field_name
        )
    if not unit.is_active:
        raise _refuse(index, f"{unit.name} đã ngừng hoạt động.", field_name)
    return unit


def _clean_line(index: int, data: LineData, *, kind: str, root: Unit) -> dict[str, Any]:
    """Validate one line against the kind and the filing unit's subtree; return the values to store."""
    line = f"lines.{index}."
    description = ""
    if data.change_description:
        description = clean_text(data.change_description, field=f"{line}change_description")
        description = _unmarked(description, index, "change_description", "nội dung thay đổi")
    reason = _unmarked(
        clean_note(data.change_reason, field=f"{line}change_reason"), index, "change_reason", "lý do thay đổi"
    )
    note = _unmarked(clean_text(data.note, field=f"{line}note")[:300], index, "note", "ghi chú")
    if data.date_of_birth is not None and data.date_of_birth >= timezone.localdate():
        raise _refuse(index, "ngày sinh không hợp lệ.", "date_of_birth")
    if kind == K.CREATE:
        full_name = clean_text(data.full_name)
        if not full_name:
            raise _refuse(index, "vui lòng nhập họ và tên.", "full_name")
        if data.position is None:
            raise _refuse(index, "vui lòng chọn chức vụ.", "position")
        return {
            "full_name": full_name,
            "unit": _check_unit(index, data.unit, root),
            "position": data.position,
            "email": _clean_email(index, data.email, required=True),
            "date_of_birth": data.date_of_birth,
            "target_user": None,
            "change_description": "",
            "change_reason": "",
            "note": note,
        }

    target = data.target_user
    if target is None:
        raise _refuse(index, "vui lòng chọn tài khoản cần thay đổi.", "target_user")
    post = selectors.primary_post(target)
    if post is None or not tree.in_subtree(post.unit, root):
        raise _refuse(
            index, f"tài khoản {target.username} ({target.full_name}) không thuộc {root.name}.", "target_user"
        )
    if target.status == User.Status.RETIRED:
        raise _refuse(index, f"tài khoản {target.username} đã bị hủy bỏ.", "target_user")
    if kind in {K.CHANGE, K.SUSPEND} and target.status != User.Status.ACTIVE:
        raise _refuse(
            index, f"tài khoản {target.username} đang tạm dừng, không thay đổi được.", "target_user"
        )
    if not reason:
        raise _refuse(index, "vui lòng nêu lý do thay đổi.", "change_reason")
    values: dict[str, Any] = {
        "full_name": target.full_name,
        "unit": post.unit,
        "position": post.position,
        "email": target.email,
        "date_of_birth": target.date_of_birth,
        "target_user": target,
        "change_description": description or DEFAULT_DESCRIPTION.get(kind, ""),
        "change_reason": reason,
        "note": note,
    }
    if kind != K.CHANGE:
        return values
    if data.full_name and clean_text(data.full_name):
        values["full_name"] = clean_text(data.full_name)
    if data.unit is not None:
        values["unit"] = _check_unit(index, data.unit, root)
    if data.position is not None:
        values["position"] = data.position
    if data.email:
        values["email"] = _clean_email(index, data.email, required=False)
    if data.date_of_birth is not None:
        values["date_of_birth"] = data.date_of_birth
    differences = _differences(target, post, values)
    if not differences and not description:
        raise _refuse(
            index, "không có thay đổi nào so với tài khoản hiện tại; hãy nêu nội dung thay đổi.", "full_name"
        )
    if not description:
        values["change_description"] = "; ".join(differences)
    return values


def _differences(target: User, post: Any, values: dict[str, Any]) -> list[str]:
    """What a change line would change, in words (also the default 'nội dung thay đổi')."""
    changes = []
    if values["full_name"] != target.full_name:
        changes.append(f"Họ và tên: {target.full_name} → {values['full_name']}")
    if (values["email"] or "").lower() != (target.email or "").lower():
        changes.append(f"Email: {target.email or '(trống)'} → {values['email']}")
    if values["date_of_birth"] != target.date_of_birth and values["date_of_birth"] is not None:
        changes.append(f"Ngày sinh: {values['date_of_birth']:%d/%m/%Y}")
    if post is None or values["unit"].pk != post.unit_id:
        changes.append(f"Chuyển đơn vị: {post.unit.name if post else '(chưa có)'} → {values['unit'].name}")
    if post is None or values["position"].pk != post.position_id:
        changes.append(f"Chức vụ: {post.position.name if post else '(chưa có)'} → {values['position'].name}")
    return changes


def _clean_lines(lines: list[LineData], *, kind: str, root: Unit) -> list[dict[str, Any]]:
    if not lines:
        raise Refused("Đề nghị phải có ít nhất một người (một dòng).", field="lines")
    cleaned = [_clean_line(i, line, kind=kind, root=root) for i, line in enumerate(lines)]
    seen_emails: dict[str, int] = {}
    seen_targets: dict[int, int] = {}
    for i, values in enumerate(cleaned):
        if kind == K.CREATE:
            email = values["email"]
            if email in seen_emails:
                raise _refuse(i, f"email {email} trùng với dòng {seen_emails[email] + 1}.", "email")
            seen_emails[email] = i
        else:
            target = values["target_user"]
            if target.pk in seen_targets:
                raise _refuse(
                    i,
                    f"tài khoản {target.username} đã có ở dòng {seen_targets[target.pk] + 1}.",
                    "target_user",
                )
            seen_targets[target.pk] = i
    return cleaned


def _warnings(cleaned: list[dict[str, Any]], kind: str) -> list[str]:
    if kind != K.CREATE:
        return []
    holders = selectors.active_email_holders(v["email"] for v in cleaned)
    messages = []
    for i, values in enumerate(cleaned):
        holder = holders.get(values["email"])
        if holder is not None:
            messages.append(
                f"Dòng {i + 1}: email {values['email']} đã thuộc tài khoản đang hoạt động "
                f"{holder.username} ({holder.full_name}). Nếu đúng là người này, hãy dùng đề nghị thay đổi."
            )
    return messages


def _write_lines(
    account_request: AccountRequest, cleaned: list[dict[str, Any]], ids: list[int | None]
) -> dict:
    """Make the request's lines exactly ``cleaned``: update those named by id, add the rest, drop
    the lines no longer listed. Returns counts for the audit event."""
    existing = {line.pk: line for line in account_request.lines.all()}
    kept: set[int] = set()
    added = changed = 0
    for values, line_id in zip(cleaned, ids, strict=True):
        line = existing.get(line_id) if line_id else None
        if line is None:
            AccountRequestLine.objects.create(request=account_request, **values)
            added += 1
            continue
        kept.add(line.pk)
        dirty = [k for k, v in values.items() if getattr(line, k) != v]
        if dirty:
            for key in dirty:
                setattr(line, key, values[key])
            line.save(update_fields=dirty)
            changed += 1
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        AccountRequestLine.objects.filter(pk__in=removed).delete()
    return {"added": added, "changed": changed, "removed": len(removed)}


# --- filing and editing -----------------------------------------------------------------------------


@dataclass
class Saved:
    account_request: AccountRequest
    warnings: list[str] = field(default_factory=list)


def request_create(*, actor: Any, kind: str, unit: Unit, lines: list[LineData], note: str = "") -> Saved:
    """File a draft request for ``unit``: only its head (or their delegate) may, and every line
    stays inside the unit's subtree."""
    if kind not in K.values:
        raise Refused("Loại đề nghị không hợp lệ.", field="kind")
    decision = can_file(actor, unit).require(field="unit")
    cleaned = _clean_lines(lines, kind=kind, root=unit)
    note = clean_reason(note, field="note", what="ghi chú")
    with transaction.atomic():
        account_request = AccountRequest.objects.create(kind=kind, unit=unit, filed_by=actor, note=note)
        counts = _write_lines(account_request, cleaned, [None] * len(cleaned))
        audit.record(
            actor=actor,
            on_behalf_of=decision.on_behalf_of,
            action=f"{AccountRequest._meta.label_lower}.created",
            obj=account_request,
            after={"kind": kind, "unit": unit, "lines": counts["added"]},
        )
    return Saved(account_request, _warnings(cleaned, kind))


def _forget_stale_descriptions(account_request: AccountRequest, lines: list[LineData]) -> None:
    """A 'nội dung thay đổi' that the system wrote is written again when the line changes: blank it
    when it comes back untouched, so that it follows the new values."""
    existing = {
        line.pk: line for line in account_request.lines.select_related("target_user", "unit", "position")
    }
    for data in lines:
        old = existing.get(data.id) if data.id else None
        if (
            old is None
            or old.target_user is None
            or (data.change_description or "").strip() != old.change_description
        ):
            continue
        values = {k: getattr(old, k) for k in ("full_name", "email", "date_of_birth", "unit", "position")}
        written = "; ".join(_differences(old.target_user, selectors.primary_post(old.target_user), values))
        if written == old.change_description:
            data.change_description = ""


def request_update(
    *, account_request: AccountRequest, actor: Any, lines: list[LineData], note: str | None = None
) -> Saved:
    """Replace the lines of a draft (or returned) request: lines named by id are kept and updated,
    new ones added, missing ones removed."""
    with transaction.atomic():
        locked = AccountRequest.objects.select_for_update().select_related("unit").get(pk=account_request.pk)
        decision = ACCOUNT_REQUEST_WORKFLOW.require("edit", locked, actor)
        new_note = None if note is None else clean_reason(note, field="note", what="ghi chú")
        if locked.kind == K.CHANGE:
            _forget_stale_descriptions(locked, lines)
        cleaned = _clean_lines(lines, kind=locked.kind, root=locked.unit)
        counts = _write_lines(locked, cleaned, [line.id for line in lines])
        before: dict[str, Any] = {}
        if new_note is not None and new_note != locked.note:
            before["note"] = locked.note
            locked.note = new_note
            locked.save(update_fields=["note"])
        if before or any(counts.values()):
            audit.record(
                actor=actor,
                on_behalf_of=decision.on_behalf_of,
                action=f"{AccountRequest._meta.label_lower}.updated",
                obj=locked,
                before=before,
                after={**counts, **({"note": locked.note} if before else {})},
            )
    return Saved(locked, _warnings(cleaned, locked.kind))


# --- the transitions --------------------------------------------------------------------------------


# A submitted request waits for an administrator to process it; processing, returning or
# withdrawing it settles the notices of every administrator who was told.
AWAITS_PROCESSING = "processing"


def _detail_url(account_request: AccountRequest) -> str:
    return reverse("accounts:request_detail", args=[account_request.pk])


def request_submit(*, account_request: AccountRequest, actor: Any) -> AccountRequest:
    """Send the request to the administrators; its deadline is ``ACCOUNT_REQUEST_DAYS`` working days
    after the day it is received (seed 000 Đ8.2; the first day is not counted, R-WD-3)."""
    now = _now()
    due_on = calendar.add_working_days(timezone.localdate(now), settings.ACCOUNT_REQUEST_DAYS)
    ACCOUNT_REQUEST_WORKFLOW.require("submit", account_request, actor)
    with transaction.atomic():
        if not account_request.lines.exists():
            raise Refused("Đề nghị chưa có dòng nào; hãy thêm ít nhất một người trước khi gửi.")
        done = ACCOUNT_REQUEST_WORKFLOW.apply(
            "submit",
            account_request,
            actor=actor,
            changes={
                "submitted_at": now,
                "due_on": due_on,
                "response": "",
                "processed_by": None,
                "processed_at": None,
            },
        )
        notify(
            recipients=selectors.administrators_of(done.unit).exclude(pk=actor.pk),
            title=gettext_noop("Đề nghị tài khoản cần xử lý: %(kind)s – %(unit)s (hạn %(due)s)"),
            body=gettext_noop("%(filer)s gửi đề nghị số %(number)s; cần xử lý trong %(days)s ngày làm việc."),
            params={
                "kind": message(K(done.kind).label),
                "unit": done.unit.name,
                "due": f"{due_on:%d/%m/%Y}",
                "filer": actor.full_name,
                "number": done.pk,
                "days": settings.ACCOUNT_REQUEST_DAYS,
            },
            url=_detail_url(done),
            kind="account_request.submitted",
            event_key=f"account_request:{done.pk}:submitted:{now.isoformat()}",
            subject=subject_of(done),
            awaits=AWAITS_PROCESSING,
        )
    return done


def request_withdraw(*, account_request: AccountRequest, actor: Any, reason: str = "") -> AccountRequest:
    with transaction.atomic():
        done = ACCOUNT_REQUEST_WORKFLOW.apply("withdraw", account_request, actor=actor, reason=reason)
        notification_settle(subject=subject_of(done), awaits=AWAITS_PROCESSING)
    return done


def request_reject(*, account_request: AccountRequest, actor: Any, reason: str) -> AccountRequest:
    """Return the request to its filer with the reason (mandatory); nothing else changes."""
    ACCOUNT_REQUEST_WORKFLOW.require("reject", account_request, actor)
    reason = clean_reason(reason, what="lý do trả lại")
    with transaction.atomic():
        done = ACCOUNT_REQUEST_WORKFLOW.apply(
            "reject",
            account_request,
            actor=actor,
            reason=reason,
            changes={"response": reason, "processed_by": actor, "processed_at": _now()},
        )
        notification_settle(subject=subject_of(done), awaits=AWAITS_PROCESSING)
        notify(
            recipients=[done.filed_by],
            title=gettext_noop("Đề nghị tài khoản số %(number)s bị trả lại"),
            body=gettext_noop("Lý do: %(reason)s"),
            params={"number": done.pk, "reason": reason},
            url=_detail_url(done),
            kind="account_request.rejected",
            subject=subject_of(done),
        )
    return done


def _apply_line(
    index: int, line: AccountRequestLine, *, kind: str, actor: Any, reference: str
) -> CreatedAccount | None:
    try:
        if kind == K.CREATE:
            new = user_services.user_create(
                full_name=line.full_name,
                unit=line.unit,
                position=line.position,
                email=line.email,
                date_of_birth=line.date_of_birth,
                actor=actor,
            )
            line.result_user = new.user
            line.save(update_fields=["result_user"])
            return CreatedAccount(
                line=line, username=new.user.username, one_time_password=new.one_time_password
            )
        assert line.target_user_id is not None  # every line but a new person's names an account
        target = User.objects.get(pk=line.target_user_id)
        reason = f"{line.change_reason} ({reference})"[:300]
        if kind == K.SUSPEND:
            user_services.user_suspend(user=target, actor=actor, reason=reason)
        elif kind == K.RETIRE:
            user_services.user_retire(user=target, actor=actor, reason=reason)
        else:
            changes: dict[str, Any] = {"full_name": line.full_name, "email": line.email}
            if line.date_of_birth is not None:
                changes["date_of_birth"] = line.date_of_birth
            user_services.user_update(user=target, actor=actor, **changes)
            post = selectors.primary_post(target)
            if post is None or post.unit_id != line.unit_id or post.position_id != line.position_id:
                unit_services.person_move(user=target, to_unit=line.unit, position=line.position, actor=actor)
                org.forget(target)
        line.result_user = target
        line.save(update_fields=["result_user"])
        return None
    except Refused as exc:
        raise Refused(f"Dòng {index + 1} ({line.full_name}): {exc.message}") from None


def request_process(*, account_request: AccountRequest, actor: Any, note: str = "") -> ProcessResult:
    """Apply every line — create, change, suspend or retire — and mark the request done, in one
    transaction: if one line is refused, nothing at all changes. The one-time passwords of the new
    accounts are returned to the caller only (ORG-6)."""
    ACCOUNT_REQUEST_WORKFLOW.require("process", account_request, actor)
    note = clean_reason(note, field="note", what="ghi chú")
    with transaction.atomic():
        locked = (
            AccountRequest.objects.select_for_update()
            .select_related("unit", "filed_by")
            .get(pk=account_request.pk)
        )
        if locked.status != S.SUBMITTED:
            raise Refused(
                "Thao tác này không áp dụng được ở trạng thái hiện tại (có thể người khác vừa xử lý)."
            )
        reference = f"đề nghị tài khoản số {locked.pk}"
        created = []
        for index, line in enumerate(selectors.request_lines(locked)):
            outcome = _apply_line(index, line, kind=locked.kind, actor=actor, reference=reference)
            if outcome is not None:
                created.append(outcome)
        done = ACCOUNT_REQUEST_WORKFLOW.apply(
            "process",
            locked,
            actor=actor,
            reason=note,
            changes={"processed_by": actor, "processed_at": _now(), "response": note},
        )
        summary = ", ".join(c.username for c in created)
        notification_settle(subject=subject_of(done), awaits=AWAITS_PROCESSING)
        notify(
            recipients=[done.filed_by],
            title=gettext_noop("Đề nghị tài khoản số %(number)s đã được xử lý"),
            body=gettext_noop(
                "Tài khoản mới: %(accounts)s. Quản trị sẽ giao mật khẩu dùng một lần cho từng người."
            )
            if summary
            else "%(note)s",
            params={"number": done.pk, "accounts": summary, "note": note},
            url=_detail_url(done),
            kind="account_request.done",
            subject=subject_of(done),
        )
    return ProcessResult(account_request=done, created=created)
