"""The only write path of messages (COL-2; seed 002 Điều 7.2).

Sending writes the message, its addresses as written, one copy for each person reached (a unit
addressed reaches its current members at this moment) and one for the sender, then notifies the
recipients with the message's link. A sent message is never edited. Everything else a person does
changes *their own copy* only: read/unread, star, file into a folder, move to the bin, delete for
good (the copy is then hidden from them, but the message and everybody else's copies stay, as the
record of an official exchange).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.collaboration.messages import policies
from congvu.collaboration.messages.models import (
    Message,
    MessageAddress,
    MessageAttachment,
    MessageCopy,
    MessageFolder,
)
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.files import Upload, refuse_secret_text, store_upload, uploads_inspected_first
from congvu.core.personal import touch
from congvu.core.text import clean_note, clean_text
from congvu.core.text import search_text as fold_words
from congvu.notifications.services import notify, subject_of
from congvu.org.models import Membership, Unit

MAX_SUBJECT = 255
MAX_BODY = 20_000
MAX_ADDRESSES = 50  # people and units as written
MAX_REACHED = 500  # people a message reaches once the units are expanded
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # all the files of one message together
MAX_FOLDERS = 50
MAX_FOLDER_NAME = 80
MAX_BATCH = 100  # copies moved or deleted at once

NO_RECIPIENT = "Vui lòng chọn ít nhất một người nhận hoặc một đơn vị nhận."
ONLY_ME = "Thư không gửi cho chính mình; vui lòng chọn người nhận khác."
NO_MEMBERS = "Đơn vị {unit} hiện không có ai để nhận thư."


@dataclass(frozen=True)
class Draft:
    """What a person wrote: subject, body, who to (people and units as picked)."""

    subject: str
    body: str = ""
    people: Sequence[Any] = ()
    units: Sequence[Unit] = ()


def _clean_draft(draft: Draft) -> tuple[str, str]:
    subject = clean_text(draft.subject, field="subject")
    if not subject:
        raise Refused.invalid("Vui lòng nhập tiêu đề thư.", field="subject")
    if len(subject) > MAX_SUBJECT:
        raise Refused.invalid(f"Tiêu đề tối đa {MAX_SUBJECT} ký tự.", field="subject")
    subject = refuse_secret_text(subject, field="subject", what="tiêu đề")
    body = clean_note(draft.body, field="body")
    if len(body) > MAX_BODY:
        raise Refused.invalid(f"Nội dung tối đa {MAX_BODY} ký tự.", field="body")
    body = refuse_secret_text(body, field="body", what="nội dung")
    return subject, body


def _unique(items: Iterable[Any]) -> list[Any]:
    seen: dict[int, Any] = {}
    for item in items:
        seen.setdefault(item.pk, item)
    return list(seen.values())


def _reach(*, actor: Any, people: list[Any], units: list[Unit]) -> list[tuple[Any, Unit | None]]:
    """Each person reached once, with the unit they were reached through (None: named personally)."""
    from congvu.accounts.models import User

    reached: dict[int, tuple[Any, Unit | None]] = {}
    for person in people:
        if person.pk != actor.pk:
            reached[person.pk] = (person, None)
    if units:
        posts = (
            Membership.objects.current()
            .filter(unit__in=units, user__status=User.Status.ACTIVE)
            .select_related("user")
            .order_by("unit_id", "id")
        )
        by_unit = {u.pk: u for u in units}
        found_units: set[int] = set()
        for post in posts:
            found_units.add(post.unit_id)
            if post.user_id != actor.pk:
                reached.setdefault(post.user_id, (post.user, by_unit[post.unit_id]))
        empty = [u for u in units if u.pk not in found_units]
        if empty:
            raise Refused.invalid(NO_MEMBERS.format(unit=empty[0].name), field="units")
    return list(reached.values())


def message_url(message: Message) -> str:
    return reverse("collaboration:messages_read", args=[message.pk])


@uploads_inspected_first
def message_send(
    *,
    actor: Any,
    draft: Draft,
    uploads: Sequence[Upload] = (),
    reply_to: Message | None = None,
    forward_of: Message | None = None,
) -> Message:
    """Send a message (COL-2). ``reply_to``/``forward_of`` must be messages the actor holds a copy
    of; a forward carries the original's attachments along. Refused as invalid input on its field:
    no subject, too long, no recipient, too many recipients or files, a file the file service
    refuses, a person or unit of another agency."""
    policies.can_send(actor).require()
    subject, body = _clean_draft(draft)
    people = _unique(draft.people)
    units = _unique(draft.units)
    if not people and not units:
        raise Refused.invalid(NO_RECIPIENT, field="people")
    if len(people) + len(units) > MAX_ADDRESSES:
        raise Refused.invalid(f"Mỗi thư gửi tối đa {MAX_ADDRESSES} người nhận, đơn vị nhận.", field="people")
    policies.can_write_to(actor, people=people, units=units).require(field="units" if units else "people")
    for original in (reply_to, forward_of):
        if original is not None and not policies.visible_copies(actor).filter(message=original).exists():
            raise Refused.not_found(policies.NOT_FOUND)
    carried = (
        list(MessageAttachment.objects.filter(message=forward_of).select_related("file"))
        if forward_of
        else []
    )
    files = list(uploads)
    if len(files) + len(carried) > MAX_ATTACHMENTS:
        raise Refused.invalid(f"Mỗi thư đính kèm tối đa {MAX_ATTACHMENTS} tệp.", field="files")
    total = sum(getattr(f, "size", 0) for f in files) + sum(a.file.size for a in carried)
    if total > MAX_ATTACHMENT_BYTES:
        limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise Refused.invalid(f"Tổng dung lượng tệp đính kèm của một thư tối đa {limit} MB.", field="files")
    with transaction.atomic():
        reached = _reach(actor=actor, people=people, units=units)
        if not reached:
            raise Refused.invalid(ONLY_ME, field="people")
        if len(reached) > MAX_REACHED:
            raise Refused.invalid(
                f"Thư này đến {len(reached)} người, quá mức {MAX_REACHED} người.", field="units"
            )
        now = timezone.now()
        agency = policies.sender_agency(actor)
        assert agency is not None  # can_send
        names = [actor.full_name, *(p.full_name for p, _ in reached), *(u.name for u in units)]
        message = Message.objects.create(
            sender=actor,
            agency=agency,
            subject=subject,
            body=body,
            sent_at=now,
            reply_to=reply_to,
            forward_of=forward_of,
            attachment_count=len(files) + len(carried),
            search_text=fold_words(subject, body, *names)[:20_000],
        )
        MessageAddress.objects.bulk_create(
            [MessageAddress(message=message, user=p) for p in people]
            + [MessageAddress(message=message, unit=u) for u in units]
        )
        stored = [a.file for a in carried] + [store_upload(uploaded_file=f, actor=actor) for f in files]
        MessageAttachment.objects.bulk_create(
            [MessageAttachment(message=message, file=f, ordinal=i) for i, f in enumerate(stored, start=1)]
        )
        MessageCopy.objects.bulk_create(
            [MessageCopy(message=message, owner=actor, is_sender=True, sent_at=now, read_at=now)]
            + [MessageCopy(message=message, owner=p, via_unit=u, sent_at=now) for p, u in reached]
        )
        audit.record(
            actor=actor,
            action="collaboration.message.sent",
            obj=message,
            after={
                "subject": subject,
                "people": [p.pk for p in people],
                "units": [u.pk for u in units],
                "reached": sorted(p.pk for p, _ in reached),
                "attachments": [f.pk for f in stored],
                "reply_to": reply_to.pk if reply_to else None,
                "forward_of": forward_of.pk if forward_of else None,
            },
        )
        notify(
            recipients=[p for p, _ in reached],
            title=gettext_noop("Thư mới từ %(sender)s: %(subject)s"),
            params={"sender": actor.full_name, "subject": subject[:200]},
            url=message_url(message),
            kind="collaboration.message",
            subject=subject_of(message),
            email=False,
        )
    return message


# --- the person's own copy ------------------------------------------------------------------------


def _own(copies: Sequence[MessageCopy], actor: Any) -> list[int]:
    if not copies:
        raise Refused.invalid("Vui lòng chọn ít nhất một thư.", field="messages")
    if len(copies) > MAX_BATCH:
        raise Refused.invalid(f"Mỗi lần xử lý tối đa {MAX_BATCH} thư.", field="messages")
    if any(c.owner_id != actor.pk or c.purged_at is not None for c in copies):
        raise Refused.not_found(policies.NOT_FOUND)
    return [c.pk for c in copies]


def own_copies(copies: Sequence[MessageCopy], actor: Any) -> Sequence[MessageCopy]:
    """The copies, once checked to be the actor's own and within the batch's bound."""
    _own(copies, actor)
    return copies


def message_mark(
    *, copy: MessageCopy, actor: Any, read: bool | None = None, starred: bool | None = None
) -> MessageCopy:
    """Mark the person's copy read or unread, starred or not; opening an unread message marks it read."""
    _own([copy], actor)
    changes: dict[str, Any] = {}
    if read is not None and read != (copy.read_at is not None):
        changes["read_at"] = timezone.now() if read else None
    if starred is not None and starred != copy.starred:
        changes["starred"] = starred
    if not changes:
        return copy
    with transaction.atomic():
        before = {k: getattr(copy, k) for k in changes}
        for key, value in changes.items():
            setattr(copy, key, value)
        copy.save(update_fields=list(changes))
        touch([actor])  # opening is not logged, but the unread count on "Hôm nay" moves
        if "starred" in changes or changes.get("read_at") is None:  # opening a message is not an act to log
            audit.record(
                actor=actor, action="collaboration.messagecopy.marked", obj=copy, before=before, after=changes
            )
    return copy


def message_move(*, copies: Sequence[MessageCopy], actor: Any, folder: MessageFolder | None) -> int:
    """File the copies into ``folder``, or back to "Thư đến"/"Đã gửi" (None); from the bin too."""
    ids = _own(copies, actor)
    if folder is not None and folder.owner_id != actor.pk:
        raise Refused.not_found(policies.FOLDER_NOT_FOUND)
    with transaction.atomic():
        moved = MessageCopy.objects.filter(pk__in=ids).update(folder=folder, trashed_at=None)
        audit.record(
            actor=actor,
            action="collaboration.messagecopy.moved",
            object_type="collaboration.messagecopy",
            object_id=",".join(map(str, ids))[:200],
            after={"folder": folder.pk if folder else None, "copies": ids},
        )
    return moved


def message_trash(*, copies: Sequence[MessageCopy], actor: Any) -> int:
    """Move the person's copies to "Thùng rác"."""
    ids = _own(copies, actor)
    with transaction.atomic():
        count = MessageCopy.objects.filter(pk__in=ids, trashed_at__isnull=True).update(
            trashed_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action="collaboration.messagecopy.trashed",
            object_type="collaboration.messagecopy",
            object_id=",".join(map(str, ids))[:200],
            after={"copies": ids},
        )
    return count


def message_purge(*, copies: Sequence[MessageCopy], actor: Any) -> int:
    """Delete the person's copies for good — only from "Thùng rác", and only theirs: the message
    stays for the others and for the record (seed 002 Đ7.2)."""
    ids = _own(copies, actor)
    if any(c.trashed_at is None for c in copies):
        raise Refused.wrong_state("Chỉ xóa hẳn được thư đã ở trong Thùng rác.")
    with transaction.atomic():
        count = MessageCopy.objects.filter(pk__in=ids, purged_at__isnull=True).update(
            purged_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action="collaboration.messagecopy.purged",
            object_type="collaboration.messagecopy",
            object_id=",".join(map(str, ids))[:200],
            after={"copies": ids},
        )
    return count


# --- folders --------------------------------------------------------------------------------------


def _folder_name(actor: Any, name: str, *, exclude: int | None = None) -> str:
    name = clean_text(name, field="name")
    if not name:
        raise Refused.invalid("Vui lòng nhập tên thư mục.", field="name")
    if len(name) > MAX_FOLDER_NAME:
        raise Refused.invalid(f"Tên thư mục tối đa {MAX_FOLDER_NAME} ký tự.", field="name")
    clash = MessageFolder.objects.filter(owner_id=actor.pk, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise Refused.invalid("Bạn đã có thư mục tên này.", field="name")
    return name


def folder_create(*, actor: Any, name: str) -> MessageFolder:
    with transaction.atomic():
        name = _folder_name(actor, name)
        if MessageFolder.objects.filter(owner_id=actor.pk).count() >= MAX_FOLDERS:
            raise Refused.invalid(f"Mỗi người có tối đa {MAX_FOLDERS} thư mục.", field="name")
        folder = MessageFolder.objects.create(owner=actor, name=name)
        audit.record(
            actor=actor, action="collaboration.messagefolder.created", obj=folder, after={"name": name}
        )
    return folder


def folder_rename(*, folder: MessageFolder, actor: Any, name: str) -> MessageFolder:
    if folder.owner_id != actor.pk:
        raise Refused.not_found(policies.FOLDER_NOT_FOUND)
    with transaction.atomic():
        name = _folder_name(actor, name, exclude=folder.pk)
        before = {"name": folder.name}
        folder.name = name
        folder.save(update_fields=["name"])
        audit.record(
            actor=actor,
            action="collaboration.messagefolder.renamed",
            obj=folder,
            before=before,
            after={"name": name},
        )
    return folder


def folder_delete(*, folder: MessageFolder, actor: Any) -> int:
    """Delete a folder; the messages in it go back to "Thư đến" / "Đã gửi". Returns how many."""
    if folder.owner_id != actor.pk:
        raise Refused.not_found(policies.FOLDER_NOT_FOUND)
    with transaction.atomic():
        returned = MessageCopy.objects.filter(Q(folder=folder)).update(folder=None)
        audit.record(
            actor=actor,
            action="collaboration.messagefolder.deleted",
            obj=folder,
            before={"name": folder.name},
            after={"returned": returned},
        )
        folder.delete()
    return returned
