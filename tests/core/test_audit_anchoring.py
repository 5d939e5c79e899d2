"""An insider who knows how the chain is built still cannot rewrite the audit log unseen (ADM-2):
the hashes are keyed with a secret kept outside the database, and signed checkpoints outside the
database pin the head, the number of rows and the anchor."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from congvu.core import audit, audit_checkpoints, jobs
from congvu.core.models import AuditChainHead, AuditEvent

from .test_audit_chain import fill, raw


def problems() -> list[audit.ChainProblem]:
    return list(audit_checkpoints.verify(batch_size=7))


def set_head(*, last: AuditEvent | None = None, anchor: str | None = None) -> None:
    """What an insider does to the one-row chain head (it has no trigger: it changes with every row)."""
    fields = {}
    if last is not None:
        fields.update(last_hash=last.hash, last_event_id=last.pk)
    if anchor is not None:
        fields.update(anchor_hash=anchor)
    AuditChainHead.objects.filter(pk=1).update(**fields)


def rehash_from(start: AuditEvent, *, scheme: int, key: str | None = None, settings=None) -> None:
    """Recompute ``start`` and every row after it, as a chain-aware insider would."""
    if key is not None:
        settings.AUDIT_HMAC_KEY = key
    prev = start.prev_hash
    last = None
    for event in AuditEvent.objects.filter(id__gte=start.pk).order_by("id"):
        event.prev_hash = prev
        event.hash_scheme = scheme
        event.hash = audit.compute_hash(prev, event)
        raw(
            "UPDATE core_auditevent SET prev_hash = %s, hash = %s, hash_scheme = %s WHERE id = %s",
            [event.prev_hash, event.hash, scheme, event.pk],
        )
        prev, last = event.hash, event
    set_head(last=last)


@pytest.mark.django_db
def test_new_rows_are_keyed_with_the_audit_key(settings):
    fill(5)
    assert set(AuditEvent.objects.values_list("hash_scheme", flat=True)) == {audit.SCHEME_HMAC}
    assert problems() == []
    settings.AUDIT_HMAC_KEY = "another key, as a copy of the database alone would have to guess"
    assert len(problems()) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("scheme", [audit.SCHEME_SHA256, audit.SCHEME_HMAC])
def test_rewriting_a_row_and_rehashing_everything_after_it_is_detected(scheme, settings):
    events = fill(20)
    target = events[8]
    raw("UPDATE core_auditevent SET note = %s WHERE id = %s", ["đã viết lại", target.pk])
    target.refresh_from_db()
    real_key = settings.AUDIT_HMAC_KEY
    # Without the key: plain SHA-256 (the old scheme) or a guessed key.
    rehash_from(target, scheme=scheme, key="a guessed key that is not the real one", settings=settings)
    settings.AUDIT_HMAC_KEY = real_key
    found = problems()
    assert found
    assert found[0].event_id == target.pk


@pytest.mark.django_db
def test_a_rewrite_made_even_with_the_key_is_caught_by_the_checkpoint(settings):
    events = fill(20)
    audit_checkpoints.checkpoint_write(reason="scheduled")
    target = events[8]
    raw("UPDATE core_auditevent SET note = %s WHERE id = %s", ["đã viết lại", target.pk])
    target.refresh_from_db()
    rehash_from(target, scheme=audit.SCHEME_HMAC)
    assert list(audit.verify(checkpoint=None)) == []  # the chain alone looks whole
    found = problems()
    assert [p.event_id for p in found] == [events[-1].pk]
    assert "viết lại" in found[0].problem


@pytest.mark.django_db
def test_deleting_the_oldest_rows_and_moving_the_anchor_is_detected():
    events = fill(110)
    audit_checkpoints.checkpoint_write(reason="scheduled")
    raw("DELETE FROM core_auditevent WHERE id <= %s", [events[99].pk])
    set_head(anchor=events[100].prev_hash)
    assert list(audit.verify(checkpoint=None)) == []  # the chain alone looks whole
    found = [p.problem for p in problems()]
    assert any("nay còn 10" in p for p in found)
    assert any("điểm neo" in p for p in found)


@pytest.mark.django_db
def test_deleting_the_newest_rows_and_moving_the_head_back_is_detected():
    events = fill(20)
    audit_checkpoints.checkpoint_write(reason="scheduled")
    raw("DELETE FROM core_auditevent WHERE id >= %s", [events[15].pk])
    set_head(last=events[14])
    assert list(audit.verify(checkpoint=None)) == []  # the chain alone looks whole
    found = problems()
    assert found[0].event_id == events[-1].pk
    assert "đã bị xóa" in found[0].problem


@pytest.mark.django_db
def test_rows_written_before_the_key_keep_verifying():
    """Rows of the old scheme (plain SHA-256) stay valid; keyed rows follow them."""
    legacy = fill(6)
    rehash_from(legacy[0], scheme=audit.SCHEME_SHA256)
    fill(4)
    schemes = list(AuditEvent.objects.order_by("id").values_list("hash_scheme", flat=True))
    assert schemes == [1] * 6 + [2] * 4
    assert problems() == []


@pytest.mark.django_db
def test_an_unkeyed_row_after_keyed_ones_is_a_rewrite():
    events = fill(10)
    rehash_from(events[6], scheme=audit.SCHEME_SHA256)
    found = problems()
    assert [p.event_id for p in found][:1] == [events[6].pk]
    assert "cách băm cũ" in found[0].problem


@pytest.mark.django_db
def test_a_forged_checkpoint_is_refused(audit_checkpoints_file):
    fill(3)
    forged = audit_checkpoints.current(reason="scheduled").body()
    forged["count"] = 2
    with audit_checkpoints_file.open("a") as handle:
        handle.write(json.dumps({**forged, "sig": "0" * 64}) + "\n")
    found = problems()
    assert len(found) == 1
    assert "chữ ký sai" in found[0].problem


@pytest.mark.django_db
def test_checkpoints_are_appended_to_the_file_and_mailed_to_the_auditors(settings, audit_checkpoints_file):
    settings.AUDIT_CHECKPOINT_EMAILS = ["kiemtoan@binhson.gov.vn"]
    events = fill(4)
    first = jobs.audit_checkpoint.call()
    fill(2)
    jobs.audit_checkpoint.call()
    lines = audit_checkpoints_file.read_text().splitlines()
    assert len(lines) == 2
    assert first == events[-1].pk
    assert audit_checkpoints.parse(lines[0]).count == 4
    assert audit_checkpoints.latest().count == 6
    assert [m.to for m in mail.outbox] == [["kiemtoan@binhson.gov.vn"]] * 2
    assert lines[1] in mail.outbox[1].body


@pytest.mark.django_db
def test_verify_command_names_the_checkpoint_it_matched():
    fill(3)
    call_command("audit", "checkpoint", stdout=StringIO())
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())
    assert "Chuỗi nhật ký toàn vẹn: 3 bản ghi" in out.getvalue()
    assert "Khớp điểm kiểm tra lúc 09:" in out.getvalue()  # the suite's clock ticks on from 09:00
    assert "02/12/2026 (bản ghi #" in out.getvalue()


@pytest.mark.django_db
def test_verify_command_fails_when_the_newest_rows_are_gone():
    events = fill(8)
    call_command("audit", "checkpoint", stdout=StringIO())
    raw("DELETE FROM core_auditevent WHERE id >= %s", [events[5].pk])
    set_head(last=events[4])
    err = StringIO()
    with pytest.raises(CommandError, match="KHÔNG toàn vẹn"):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert f"Bản ghi #{events[-1].pk}" in err.getvalue()


def test_deploy_check_warns_about_the_development_key(settings):
    from congvu.core.deploy_checks import audit_key_is_not_the_development_key

    settings.AUDIT_HMAC_KEY = settings.DEV_AUDIT_HMAC_KEY
    assert [w.id for w in audit_key_is_not_the_development_key(None)] == ["congvu.W001"]
    settings.AUDIT_HMAC_KEY = "a-real-secret-from-the-vault-0123456789abcdef"
    assert audit_key_is_not_the_development_key(None) == []
