"""Board services (COL-3, COL-6): posting, editing, removing with the audit log; organisations and
committee seats kept by the agency's administrator; bad input refused with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.boards import services
from congvu.collaboration.boards.models import BoardPost, CommitteeMember, Organisation
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from tests.collaboration.boards.cast import build_organisations
from tests.conftest import TODAY


@pytest.fixture
def orgs(province):
    return build_organisations(province)


def _post(orgs, who, organisation=None, **kw):
    return services.board_post_create(
        agency=orgs.snv,
        organisation=organisation,
        title=kw.get("title", "Lịch sinh hoạt chi bộ tháng 12"),
        body=kw.get("body", "Sinh hoạt thường kỳ 14h00 ngày 10/12."),
        uploads=kw.get("uploads"),
        actor=who,
    )


def test_committee_member_posts_on_the_party_cell_board_and_it_is_audited(province, orgs):
    post = _post(orgs, province.giam_doc, orgs.party)
    assert post.organisation == orgs.party and post.author == province.giam_doc
    event = AuditEvent.objects.get(action="collaboration.boardpost.created")
    assert event.object_id == str(post.pk) and event.actor == province.giam_doc


def test_a_non_member_is_refused_and_nothing_is_saved(province, orgs):
    with pytest.raises(Refused) as refused:
        _post(orgs, province.chuyen_vien_2, orgs.party)
    assert refused.value.status == 403 and "Nhiệm kỳ" in refused.value.message
    assert not BoardPost.objects.exists()


def test_everyone_of_the_agency_posts_on_the_public_board(province, orgs):
    assert _post(orgs, province.chuyen_vien_2).organisation is None


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "Nội dung", "title"),
        ("x" * 201, "Nội dung", "title"),
        ("Tiêu đề", "  ", "body"),
        ("T", "y" * 10_001, "body"),
        ("Tiêu đề\x00", "Nội dung", "title"),  # a character no database stores
        ("Tiêu đề", "[Tối mật] Nội dung", "body"),  # a secrecy marking (DOC-7)
    ],
)
def test_bad_input_is_refused_on_its_field(province, orgs, title, body, field):
    with pytest.raises(Refused) as refused:
        _post(orgs, province.chuyen_vien, title=title, body=body)
    assert refused.value.field == field and refused.value.status == 400
    assert not BoardPost.objects.exists()


def test_attachments_go_through_the_file_service(province, orgs):
    post = _post(orgs, province.chuyen_vien, uploads=[("ke-hoach.txt", "Kế hoạch".encode())])
    assert [a.file.original_name for a in post.attachments.all()] == ["ke-hoach.txt"]
    with pytest.raises(Refused) as refused:
        _post(orgs, province.chuyen_vien, uploads=[("virus.exe", b"MZ\x90\x00")])
    assert refused.value.status == 400
    assert BoardPost.objects.count() == 1


def test_the_author_edits_and_the_edit_is_dated(province, orgs):
    post = _post(orgs, province.chuyen_vien)
    services.board_post_edit(post=post, title="Lịch mới", body="Đổi sang 15h00.", actor=province.chuyen_vien)
    post.refresh_from_db()
    assert post.title == "Lịch mới" and post.edited_at is not None
    with pytest.raises(Refused):
        services.board_post_edit(post=post, title="Sửa hộ", body="x", actor=province.truong_phong)


def test_administrator_removes_anothers_post_only_with_a_reason(province, orgs):
    post = _post(orgs, province.chuyen_vien)
    with pytest.raises(Refused) as refused:
        services.board_post_remove(post=post, reason="", actor=province.quan_tri)
    assert refused.value.field == "reason"
    services.board_post_remove(
        post=post, reason="Nội dung quảng cáo, không liên quan công việc", actor=province.quan_tri
    )
    assert not BoardPost.objects.exists()
    event = AuditEvent.objects.get(action="collaboration.boardpost.removed")
    assert event.note.startswith("Nội dung quảng cáo") and event.actor == province.quan_tri


def test_the_author_removes_their_own_without_a_reason_and_twice_is_a_conflict(province, orgs):
    post = _post(orgs, province.chuyen_vien)
    services.board_post_remove(post=post, actor=province.chuyen_vien)
    with pytest.raises(Refused) as refused:
        services.board_post_remove(post=post, actor=province.chuyen_vien)
    assert refused.value.status == 409


def test_administrator_keeps_organisations_and_committee_terms(province):
    snv = province.units.snv
    party = services.organisation_create(
        agency=snv, kind=Organisation.Kind.PARTY_CELL, name="Chi bộ Sở Nội vụ", actor=province.quan_tri
    )
    with pytest.raises(Refused) as twice:
        services.organisation_create(agency=snv, kind="party_cell", name="Chi bộ 2", actor=province.quan_tri)
    assert twice.value.field == "kind"
    with pytest.raises(Refused) as not_admin:
        services.organisation_create(agency=snv, kind="youth_union", name="Chi đoàn", actor=province.giam_doc)
    assert not_admin.value.status == 403
    seat = services.committee_member_add(
        organisation=party,
        user=province.truong_phong,
        role="secretary",
        started_on=TODAY - dt.timedelta(days=30),
        actor=province.quan_tri,
    )
    with pytest.raises(Refused) as outsider:
        services.committee_member_add(
            organisation=party,
            user=province.chuyen_vien_khac,
            role="member",
            started_on=TODAY,
            actor=province.quan_tri,
        )
    assert outsider.value.field == "user"
    with pytest.raises(Refused) as far:
        services.committee_member_add(
            organisation=party,
            user=province.chuyen_vien,
            role="member",
            started_on=TODAY - dt.timedelta(days=3 * 365),
            actor=province.quan_tri,
        )
    assert far.value.field == "started_on"
    with pytest.raises(Refused) as backwards:
        services.committee_member_end(
            seat=seat, ended_on=TODAY - dt.timedelta(days=31), actor=province.quan_tri
        )
    assert backwards.value.field == "ended_on"
    services.committee_member_end(seat=seat, ended_on=TODAY - dt.timedelta(days=1), actor=province.quan_tri)
    assert not CommitteeMember.objects.current().filter(pk=seat.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "collaboration.organisation.created",
        "collaboration.committeemember.added",
        "collaboration.committeemember.ended",
    } <= actions
