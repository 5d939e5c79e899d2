"""The audit log speaks Vietnamese ("Smaller, each seen": the log showed raw codes such as
``assignments.assignment.created``): every action the product records has a label registered by
the module that records it, the object is named and linked when its module can place it, the raw
code stays beside the label and filters the log, and a sign-out says why it happened.

``EVERY_ACTION`` is written by hand from the services and the workflows — never read from the label
registry, or the test would agree with any gap; a second test checks that no code written in the
code base is missing from it.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from django.urls import reverse

from congvu.assignments import services as work
from congvu.core import audit, registry
from congvu.core.models import AuditEvent
from congvu.core.workflow import WORKFLOWS
from tests.assignments.screen_helpers import give, submitted
from tests.org.delegation_helpers import approved

PACKAGE = Path(__file__).resolve().parents[2] / "congvu"

CATALOGUE_MODELS = ("documenttype", "field", "urgencylevel", "confidentialitylevel", "externalagency")
CATALOGUE_VERBS = ("created", "updated", "deleted", "activated", "deactivated")

EVERY_ACTION = {
    # signing in and the credentials a person holds
    "accounts.sign_in", "accounts.sign_in_failed", "accounts.sign_out", "accounts.password_changed",
    "accounts.mfa_enrolled", "accounts.mfa_backup_codes_regenerated", "accounts.otp_failed",
    "accounts.session.ended", "accounts.session.ended_others",
    "accounts.api_token.created", "accounts.api_token.revoked", "accounts.api_token.revoked_all",
    # accounts and account requests
    "accounts.user.created", "accounts.user.updated", "accounts.user.password_reset",
    "accounts.user.unlocked", "accounts.user.permissions_changed",
    "accounts.user.suspend", "accounts.user.reactivate", "accounts.user.retire",
    "accounts.accountrequest.created", "accounts.accountrequest.updated",
    "accounts.accountrequest.submit", "accounts.accountrequest.withdraw",
    "accounts.accountrequest.process", "accounts.accountrequest.reject",
    # the organisation
    "org.unit.created", "org.unit.updated", "org.unit.activated", "org.unit.deactivated",
    "org.position.created", "org.position.updated",
    "org.membership.started", "org.membership.ended", "org.membership.in_charge_set",
    "org.role.granted", "org.role.revoked",
    "org.delegation.request", "org.delegation.approve", "org.delegation.auto_approve",
    "org.delegation.reject", "org.delegation.cancel", "org.delegation.revoke",
    "org.province.generated",
    # work
    "assignments.assignment.created", "assignments.assignment.updated", "assignments.assignment.progress",
    "assignments.assignment.start", "assignments.assignment.submit", "assignments.assignment.approve",
    "assignments.assignment.return", "assignments.assignment.reassign", "assignments.assignment.extend",
    "assignments.assignment.cancel", "assignments.attachment.added", "assignments.checklist.toggled",
    "assignments.extension.requested", "assignments.extension.grant", "assignments.extension.refuse",
    "assignments.plan.created", "assignments.plan.item_added", "assignments.plan.item_removed",
    # directive follow-up (seed 001)
    "directives.directive.created", "directives.directive.updated", "directives.directive.publish", "directives.task.created",
    "directives.task.updated", "directives.task.appoint", "directives.task.distributed",
    "directives.directivetask.report",
    "directives.directivetask.accept", "directives.directivetask.approve", "directives.directivetask.reject",
    "directives.directivetask.return", "directives.directivetask.reassign", "directives.directivetask.cancel",
    "directives.grant.created", "directives.grant.revoked", "directives.period.closed",
    # scoring (seed 003)
    "scoring.set.created", "scoring.set.updated", "scoring.set.deleted", "scoring.period.created",
    "scoring.period.updated", "scoring.period.open", "scoring.period.publish", "scoring.appraisal.appointed",
    "scoring.appraisal.removed", "scoring.appraisal.submit", "scoring.appraisal.unlock",
    "scoring.assessment.saved", "scoring.assessment.approve", "scoring.assessment.send_back",
    "scoring.assessment.submit", "scoring.assessment.reopen", "scoring.evidence.added",
    "scoring.evidence.removed", "scoring.score.appraised", "scoring.score.surveyed", "scoring.entry.granted",
    "scoring.entry.revoked", "scoring.entryrequest.created", "scoring.entryrequest.approve",
    "scoring.entryrequest.reject",
    # official documents (seed 002 Đ9, Đ10; seed 004): the workflows, then each feature's own codes
    *(f"documents.incomingdocument.{verb}" for verb in ("register", "distribute", "forward", "close")),
    *(
        f"documents.outgoingdocument.{verb}"
        for verb in ("submit", "pass_on", "approve", "return", "withdraw", "number", "check", "sign", "send", "cancel")
    ),
    "documents.incomingdocument.downloaded", "documents.outgoingdocument.downloaded",
    # documents: incoming (registration, routing, dossiers)
    "documents.incomingdocument.registered", "documents.incomingdocument.edited",
    "documents.incomingdocument.files_added",
    "documents.incomingdocument.routed", "documents.incomingdocument.shared", "documents.incomingdocument.viewed",
    "documents.incomingdocument.slip_printed", "documents.dossier.created", "documents.dossier.filed",

    # documents: outgoing (drafts, review, numbering, sending)
    *(f"documents.outgoingdocument.{verb}" for verb in ("created", "edited", "version_added", "commented")),
    "documents.incomingdocument.received",  # written by exchange.InternalTransport on delivery

    # documents: signing (signatures, verification, print marks)
    "documents.incomingdocument.printed", "documents.outgoingdocument.printed",

    # documents: registers (registers, exports, statistics, review chains)
    "documents.register.created", "documents.register.updated", "documents.register.exported",
    "documents.reviewchain.created", "documents.reviewchain.updated",

    # documents: search (extraction, search)

    # collaboration: boards (seed 002 Đ7.3, Đ7.6-7.8)
    "collaboration.organisation.created", "collaboration.organisation.renamed",
    "collaboration.committeemember.added", "collaboration.committeemember.ended",
    "collaboration.boardpost.created", "collaboration.boardpost.edited", "collaboration.boardpost.removed",
    # collaboration: announcements (seed 002 Đ7.4)
    "collaboration.announcement.posted", "collaboration.announcement.edited", "collaboration.announcement.removed",
    "collaboration.announcement.extended", "collaboration.announcement.cleared",
    # collaboration: calendar (seed 002 Đ7.1)
    "collaboration.calendarentry.cleared", "collaboration.calendarentry.created",
    "collaboration.calendarentry.deleted", "collaboration.calendarentry.updated",
    "collaboration.calendarfile.attached", "collaboration.calendarfile.downloaded",
    "collaboration.calendarweek.mark_updated", "collaboration.calendarweek.publish",
    "collaboration.workcalendar.exported", "collaboration.workcalendar.keepers_set",
    "collaboration.workcalendar.opened",
    # collaboration: messages and reminders (seed 002 Đ7.2, Đ8)
    "collaboration.message.sent", "collaboration.messagecopy.marked", "collaboration.messagecopy.moved",
    "collaboration.messagecopy.purged", "collaboration.messagecopy.trashed",
    "collaboration.messagefolder.created", "collaboration.messagefolder.deleted",
    "collaboration.messagefolder.renamed", "collaboration.reminder.cancelled", "collaboration.reminder.sent",
    "collaboration.reminderrecipient.acknowledge", "collaboration.reminderrecipient.cancel",
    "collaboration.reminderrecipient.complete", "collaboration.reminderrecipient.overdue_flagged",
    # collaboration: consultations (seed 002 Đ7.5)
    "collaboration.consultation.answer_changed", "collaboration.consultation.appointed",
    "collaboration.consultation.cancel", "collaboration.consultation.cleared",
    "collaboration.consultation.close", "collaboration.consultation.expire",
    "collaboration.consultation.exported", "collaboration.consultation.extend",
    "collaboration.consultation.kept", "collaboration.consultation.post",
    # collaboration: chat (seed 002 Đ11)
    "collaboration.chatmessage.retracted", "collaboration.chatmessage.sent",
    "collaboration.conversation.created", "collaboration.conversation.member_left",
    "collaboration.conversation.member_removed", "collaboration.conversation.members_added",
    # collaboration: notices and feedback (ADM-4, ADM-5)
    "collaboration.notice.created", "collaboration.notice.ended", "collaboration.notice.updated",
    "collaboration.feedbackreport.assign", "collaboration.feedbackreport.created",
    "collaboration.feedbackreport.reject", "collaboration.feedbackreport.reopen",
    "collaboration.feedbackreport.reply", "collaboration.feedbackreport.resolve",
    "collaboration.feedbackreport.start",
    # collaboration: SMS (COL-9); notifications: the devices that receive Web Push
    "collaboration.smsmessage.sent", "collaboration.smsdelivery.deliver", "collaboration.smsdelivery.fail",
    "notifications.pushsubscription.created", "notifications.pushsubscription.removed",

    # core: the calendar, files, the log itself
    "core.calendar.override_created", "core.calendar.override_updated", "core.calendar.override_deleted",
    "core.audit.exported", "core.audit.purged", "core.backup.created", "core.backup.restored", "core.file.stored",
    # the catalogues
    *(f"catalogues.{model}.{verb}" for model in CATALOGUE_MODELS for verb in CATALOGUE_VERBS),
}  # fmt: skip


def codes_written_in_the_code_base() -> set[str]:
    """``action="…"`` literals of the services, and ``<model>.<transition>`` of every workflow."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found |= set(re.findall(r'\baction="([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    for path in PACKAGE.rglob("workflow.py"):
        importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    for workflow in WORKFLOWS.values():
        found |= {f"{workflow.model._meta.label_lower}.{name}" for name in workflow.transitions}
    return found


def test_every_action_the_product_records_has_a_vietnamese_label():
    missing = sorted(code for code in EVERY_ACTION if not registry.audit_label(code))
    assert missing == []
    for code in EVERY_ACTION:
        label = registry.audit_label(code)
        assert label != code and "." not in label and label[0].isupper(), code


def test_the_hand_written_list_holds_every_code_of_the_code_base():
    assert codes_written_in_the_code_base() - EVERY_ACTION == set()


def test_a_sign_out_says_why():
    assert registry.audit_note("accounts.sign_out", "idle") == "hết thời gian chờ"
    assert registry.audit_note("accounts.sign_out", "") == "tự đăng xuất"
    assert registry.audit_note("org.unit.updated", "idle") == "idle"  # other notes as written


def test_the_list_names_links_and_labels_what_happened(province, signed_in):
    item = submitted(give(province.truong_phong, province.chuyen_vien), province.chuyen_vien)
    work.return_result(item=item, actor=province.truong_phong, reason="Bổ sung số liệu")
    delegation = approved(province.giam_doc, province.pho_giam_doc, province.chu_tich)
    audit.record(
        actor=province.chuyen_vien, action="accounts.sign_out", obj=province.chuyen_vien, note="idle"
    )
    client = signed_in(province.quan_tri)

    body = client.get("/quan-tri/nhat-ky/").content.decode()
    assert "Trả lại kết quả công việc" in body
    assert "<code>assignments.<wbr>assignment.<wbr>return</code>" in body
    assert f'<a href="/cong-viec/{item.pk}/">{item.title}</a>' in body
    assert "Duyệt ủy quyền" in body and f'href="/to-chuc/uy-quyen/{delegation.pk}/"' in body
    assert "hết thời gian chờ" in body
    # The code is a link that filters the log on it.
    filtered = client.get("/quan-tri/nhat-ky/?action=assignments.assignment.return")
    assert {row.event.action for row in filtered.context["rows"]} == {"assignments.assignment.return"}
    assert 'href="/quan-tri/nhat-ky/?action=assignments.assignment.return"' in body
    # The filter's suggestions carry every labelled code.
    assert '<option value="assignments.assignment.return">Trả lại kết quả công việc</option>' in body


def test_the_detail_and_the_api_say_the_same(province, signed_in):
    item = give(province.truong_phong, province.chuyen_vien)
    event = AuditEvent.objects.get(action="assignments.assignment.created")
    out = audit.record(
        actor=province.chuyen_vien, action="accounts.sign_out", obj=province.chuyen_vien, note="idle"
    )
    client = signed_in(province.quan_tri)
    detail = client.get(reverse("portal:audit_detail", args=[event.pk])).content.decode()
    assert "<h1>Giao việc" in detail and f'<a href="/cong-viec/{item.pk}/">{item.title}</a>' in detail
    sign_out = client.get(reverse("portal:audit_detail", args=[out.pk])).content.decode()
    assert "hết thời gian chờ" in sign_out and '<code class="small muted">idle</code>' in sign_out
    items = {e["id"]: e for e in client.get("/api/v1/audit-events").json()["items"]}
    assert items[event.pk]["action_label"] == "Giao việc"
    assert items[event.pk]["object_url"] == f"/cong-viec/{item.pk}/"
    assert (items[out.pk]["note"], items[out.pk]["note_label"]) == ("idle", "hết thời gian chờ")


def test_an_extension_is_linked_to_its_item_in_one_query(province, signed_in, django_assert_max_num_queries):
    items = [give(province.truong_phong, province.chuyen_vien, title=f"Việc {i}") for i in range(5)]
    for item in items:
        extension = work.request_extension(
            item=item,
            actor=province.chuyen_vien,
            new_deadline=item.deadline.replace(day=28),
            reason="Chờ số liệu",
        )
        work.decide_extension(extension=extension, actor=province.truong_phong, grant=True, note="")
    client = signed_in(province.quan_tri)
    client.get("/quan-tri/nhat-ky/")
    with django_assert_max_num_queries(11):
        response = client.get("/quan-tri/nhat-ky/?action=assignments.extension.grant")
    rows = response.context["rows"]
    assert len(rows) == 5 and {row.label for row in rows} == {"Đồng ý gia hạn"}
    assert {row.object_url for row in rows} == {f"/cong-viec/{item.pk}/" for item in items}
