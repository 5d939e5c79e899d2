"""The only write path of the boards (MISSION COL-3, COL-6): organisations and their committees,
posts and their attachments. Each function checks the policy again and writes its audit event in
its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.collaboration.boards import policies
from congvu.collaboration.boards.models import (
    BODY_MAX,
    NAME_MAX,
    TITLE_MAX,
    BoardPost,
    BoardPostAttachment,
    CommitteeMember,
    Organisation,
)
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.files import Upload, store_upload, uploads_inspected_first
from congvu.core.typed import typed_line, typed_text
from congvu.org import tree
from congvu.org.models import Unit

MAX_ATTACHMENTS = 5
REASON_MAX = 500
HORIZON = dt.timedelta(days=2 * 366)  # committee terms are entered within two years of today


# --- organisations ----------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, agency: Unit, kind: str, name: str, actor: Any) -> Organisation:
    policies.can_manage_organisations(actor, agency).require()
    if agency.kind not in tree.AGENCY_KINDS:
        raise Refused.invalid("Tổ chức đoàn thể được lập ở cấp cơ quan.", field="agency")
    if kind not in Organisation.Kind.values:
        raise Refused.invalid("Loại tổ chức không hợp lệ.", field="kind")
    name = typed_line(name, field="name", limit=NAME_MAX, what="tên tổ chức")
    if Organisation.objects.filter(agency=agency, kind=kind).exists():
        raise Refused.invalid(
            f"{agency.name} đã có {Organisation.Kind(kind).label} trên Hệ thống.", field="kind"
        )
    organisation = Organisation.objects.create(agency=agency, kind=kind, name=name)
    audit.record(
        actor=actor,
        action="collaboration.organisation.created",
        obj=organisation,
        after={"agency": agency.pk, "kind": kind, "name": name},
    )
    return organisation


@transaction.atomic
def organisation_rename(*, organisation: Organisation, name: str, actor: Any) -> Organisation:
    policies.can_manage_organisations(actor, organisation.agency).require()
    name = typed_line(name, field="name", limit=NAME_MAX, what="tên tổ chức")
    before = organisation.name
    organisation.name = name
    organisation.save(update_fields=["name"])
    audit.record(
        actor=actor,
        action="collaboration.organisation.renamed",
        obj=organisation,
        before={"name": before},
        after={"name": name},
    )
    return organisation


def _within_horizon(day: dt.date, *, field: str) -> None:
    today = timezone.localdate()
    if not today - HORIZON <= day <= today + HORIZON:
        raise Refused.invalid("Ngày phải trong khoảng hai năm trước hoặc sau hôm nay.", field=field)


@transaction.atomic
def committee_member_add(
    *,
    organisation: Organisation,
    user: Any,
    role: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    actor: Any,
) -> CommitteeMember:
    """Seat a person on the committee for a term; they must work in the organisation's agency."""
    policies.can_manage_organisations(actor, organisation.agency).require()
    if role not in CommitteeMember.Role.values:
        raise Refused.invalid("Chức danh không hợp lệ.", field="role")
    if not policies.works_in(user, organisation.agency):
        raise Refused.invalid(
            f"{user.full_name} không làm việc tại {organisation.agency.name}.", field="user"
        )
    _within_horizon(started_on, field="started_on")
    if ended_on is not None:
        _within_horizon(ended_on, field="ended_on")
        if ended_on < started_on:
            raise Refused.invalid("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", field="ended_on")
    if CommitteeMember.objects.current().filter(organisation=organisation, user=user).exists():
        raise Refused.invalid(
            f"{user.full_name} đang là thành viên {organisation.committee_name}.", field="user"
        )
    seat = CommitteeMember.objects.create(
        organisation=organisation, user=user, role=role, started_on=started_on, ended_on=ended_on
    )
    audit.record(
        actor=actor,
        action="collaboration.committeemember.added",
        obj=organisation,
        after={"user": user.pk, "name": user.full_name, "role": role, "from": started_on, "to": ended_on},
    )
    return seat


@transaction.atomic
def committee_member_end(*, seat: CommitteeMember, ended_on: dt.date, actor: Any) -> CommitteeMember:
    """End a term on ``ended_on`` (the last day the person holds the seat)."""
    policies.can_manage_organisations(actor, seat.organisation.agency).require()
    _within_horizon(ended_on, field="ended_on")
    if ended_on < seat.started_on:
        raise Refused.invalid("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", field="ended_on")
    before = seat.ended_on
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    audit.record(
        actor=actor,
        action="collaboration.committeemember.ended",
        obj=seat.organisation,
        before={"user": seat.user_id, "to": before},
        after={"user": seat.user_id, "to": ended_on},
    )
    return seat


# --- posts ------------------------------------------------------------------------------------------


def _attach(post: BoardPost, uploads: Iterable[Upload], actor: Any) -> int:
    uploads = list(uploads)
    if post.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
        raise Refused.invalid(f"Mỗi bài đăng kèm tối đa {MAX_ATTACHMENTS} tệp.", field="files")
    for upload in uploads:
        stored = store_upload(uploaded_file=upload, actor=actor)
        BoardPostAttachment.objects.create(post=post, file=stored)
    return len(uploads)


@uploads_inspected_first
@transaction.atomic
def board_post_create(
    *,
    agency: Unit,
    organisation: Organisation | None,
    title: str,
    body: str,
    uploads: list[Upload] | None = None,
    actor: Any,
) -> BoardPost:
    if organisation is not None and organisation.agency_id != agency.pk:
        raise Refused.invalid("Tổ chức không thuộc cơ quan này.", field="organisation")
    policies.can_post(actor, agency, organisation).require()
    post = BoardPost.objects.create(
        agency=agency,
        organisation=organisation,
        title=typed_line(title, field="title", limit=TITLE_MAX, what="tiêu đề"),
        body=typed_text(body, field="body", limit=BODY_MAX, what="nội dung", required=True),
        author=actor,
        posted_at=timezone.now(),
    )
    files = _attach(post, uploads or [], actor)
    audit.record(
        actor=actor,
        action="collaboration.boardpost.created",
        obj=post,
        after={
            "agency": agency.pk,
            "organisation": organisation.pk if organisation else None,
            "files": files,
        },
    )
    return post


@uploads_inspected_first
@transaction.atomic
def board_post_edit(
    *, post: BoardPost, title: str, body: str, uploads: list[Upload] | None = None, actor: Any
) -> BoardPost:
    post = BoardPost.objects.select_for_update().select_related("agency").get(pk=post.pk)
    policies.can_edit(actor, post).require()
    before = {"title": post.title, "body": post.body}
    post.title = typed_line(title, field="title", limit=TITLE_MAX, what="tiêu đề")
    post.body = typed_text(body, field="body", limit=BODY_MAX, what="nội dung", required=True)
    post.edited_at = timezone.now()
    post.save(update_fields=["title", "body", "edited_at"])
    files = _attach(post, uploads or [], actor)
    audit.record(
        actor=actor,
        action="collaboration.boardpost.edited",
        obj=post,
        before=before,
        after={"title": post.title, "body": post.body, "files_added": files},
    )
    return post


@transaction.atomic
def board_post_remove(*, post: BoardPost, reason: str = "", actor: Any) -> None:
    """The author removes their post; an administrator of the agency removes anyone's, saying why."""
    found = BoardPost.objects.select_for_update().select_related("agency").filter(pk=post.pk).first()
    if found is None:
        raise Refused.wrong_state("Bài đăng đã được gỡ.")
    post = found
    policies.can_remove(actor, post).require()
    reason = typed_text(reason, field="reason", what="lý do", limit=REASON_MAX)
    if policies.removes_as_administrator(actor, post) and not reason:
        raise Refused.invalid("Vui lòng nêu lý do gỡ bài của người khác.", field="reason")
    audit.record(
        actor=actor,
        action="collaboration.boardpost.removed",
        obj=post,
        before={"title": post.title, "author": post.author_id, "posted_at": post.posted_at},
        note=reason,
    )
    post.delete()
