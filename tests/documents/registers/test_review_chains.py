"""An agency's review chains (DOC-4: who reviews after whom is data per agency): ordered steps, each a
role (the drafting unit's head, the signing leader, a functional role) or a named person; created,
edited and re-ordered by the agency's clerk or administrator, audited; bad input refused whole."""

from __future__ import annotations

import pytest

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.documents.models import ReviewChain, ReviewStep
from congvu.documents.registers import services
from congvu.documents.registers.services import StepInput

K = ReviewStep.Kind


def _legal_chain(cast, actor=None):
    return services.chain_create(
        agency=cast.units.tinh,
        name="Văn bản có kiểm tra pháp chế",
        steps=[
            StepInput(label="Lãnh đạo đơn vị soạn thảo", kind=K.UNIT_HEAD),
            StepInput(label="Kiểm tra pháp chế", kind=K.PERSON, person_id=cast.chanh_vp.pk),
            StepInput(label="Theo dõi chỉ đạo", kind=K.ROLE, role="directive_monitor"),
            StepInput(label="Lãnh đạo ký", kind=K.SIGNER),
        ],
        is_default=True,
        actor=actor or cast.van_thu,
    )


def _steps(chain):
    return [(s.order, s.label, s.kind, s.person_id, s.role) for s in chain.steps.order_by("order")]


def test_clerk_creates_an_ordered_chain_and_it_is_audited(cast):
    chain = _legal_chain(cast)
    assert _steps(chain) == [
        (1, "Lãnh đạo đơn vị soạn thảo", K.UNIT_HEAD, None, ""),
        (2, "Kiểm tra pháp chế", K.PERSON, cast.chanh_vp.pk, ""),
        (3, "Theo dõi chỉ đạo", K.ROLE, None, "directive_monitor"),
        (4, "Lãnh đạo ký", K.SIGNER, None, ""),
    ]
    event = AuditEvent.objects.get(action="documents.reviewchain.created")
    assert event.actor == cast.van_thu and event.after["name"] == "Văn bản có kiểm tra pháp chế"
    assert [s["kind"] for s in event.after["steps"]] == ["unit_head", "person", "role", "signer"]


def test_a_new_default_unsets_the_old_one(cast):
    first = _legal_chain(cast)
    second = services.chain_create(
        agency=cast.units.tinh,
        name="Rút gọn",
        steps=[StepInput(label="", kind=K.SIGNER)],
        is_default=True,
        actor=cast.quan_tri,
    )
    first.refresh_from_db()
    assert second.is_default and not first.is_default
    assert _steps(second) == [(1, "Lãnh đạo ký văn bản", K.SIGNER, None, "")]  # the kind's name by default


def test_editing_reorders_and_records_what_changed(cast):
    chain = _legal_chain(cast)
    steps = [
        StepInput(label="Kiểm tra pháp chế", kind=K.PERSON, person_id=cast.chanh_vp.pk),
        StepInput(label="Lãnh đạo đơn vị soạn thảo", kind=K.UNIT_HEAD),
        StepInput(label="Lãnh đạo ký", kind=K.SIGNER),
    ]
    services.chain_update(
        chain=chain, name=chain.name, steps=steps, is_default=True, is_active=True, actor=cast.van_thu
    )
    assert [s[1] for s in _steps(chain)] == ["Kiểm tra pháp chế", "Lãnh đạo đơn vị soạn thảo", "Lãnh đạo ký"]
    event = AuditEvent.objects.get(action="documents.reviewchain.updated")
    assert set(event.before) == {"steps"} and len(event.after["steps"]) == 3


def test_a_step_moves_up(cast):
    chain = _legal_chain(cast)
    services.chain_step_move(chain=chain, order=2, up=True, actor=cast.van_thu)
    assert [s[1] for s in _steps(chain)][:2] == ["Kiểm tra pháp chế", "Lãnh đạo đơn vị soạn thảo"]


@pytest.mark.parametrize(
    "steps,field,message",
    [
        ([], "steps", "Quy trình duyệt cần ít nhất một bước."),
        ([StepInput(label="", kind=K.UNIT_HEAD)], "steps", "Bước cuối của quy trình là lãnh đạo ký văn bản"),
        (
            [StepInput(label="", kind=K.SIGNER), StepInput(label="", kind=K.SIGNER)],
            "steps",
            "Quy trình chỉ có một bước lãnh đạo ký văn bản.",
        ),
        (
            [StepInput(label="", kind=K.PERSON, person_id=None), StepInput(label="", kind=K.SIGNER)],
            "steps.0.person",
            "cần chọn một người của cơ quan",
        ),
        (
            [StepInput(label="", kind=K.ROLE, role="pháp chế"), StepInput(label="", kind=K.SIGNER)],
            "steps.0.role",
            "cần chọn một vai trò",
        ),
        (
            [StepInput(label="", kind="boss"), StepInput(label="", kind=K.SIGNER)],
            "steps.0.kind",
            "Chọn loại bước.",
        ),
        ([StepInput(label="", kind=K.SIGNER)] * 11, "steps", "tối đa 10 bước"),
    ],
)
def test_bad_steps_are_refused_and_nothing_saved(cast, steps, field, message):
    with pytest.raises(Refused) as refused:
        services.chain_create(agency=cast.units.tinh, name="Sai", steps=steps, actor=cast.van_thu)
    assert refused.value.field == field and message in refused.value.message
    assert not ReviewChain.objects.filter(name="Sai").exists()


def test_a_person_outside_the_agency_is_refused(cast):
    steps = [
        StepInput(label="", kind=K.PERSON, person_id=cast.truong_phong.pk),
        StepInput(label="", kind=K.SIGNER),
    ]
    with pytest.raises(Refused) as refused:
        services.chain_create(agency=cast.units.stc, name="Khác", steps=steps, actor=cast.quan_tri)
    assert refused.value.field == "steps.0.person"


@pytest.mark.parametrize("persona", ["chu_tich", "chuyen_vien", "snv_clerk"])
def test_only_the_clerk_or_administrator_keeps_chains(cast, persona):
    with pytest.raises(Refused) as refused:
        services.chain_create(
            agency=cast.units.tinh,
            name="X",
            steps=[StepInput(label="", kind=K.SIGNER)],
            actor=getattr(cast, persona),
        )
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED


# --- screens --------------------------------------------------------------------------------------


def test_clerk_builds_a_chain_on_screen(cast, signed_in):
    client = signed_in(cast.van_thu)
    assert client.get("/van-ban/quy-trinh-duyet/").status_code == 200
    assert client.get("/van-ban/quy-trinh-duyet/them/").status_code == 200
    data = {
        "name": "Có kiểm tra pháp chế",
        "is_active": "on",
        "step-0-position": "1", "step-0-label": "Trưởng phòng", "step-0-kind": "unit_head",
        "step-1-position": "3", "step-1-label": "Chủ tịch ký", "step-1-kind": "signer",
        "step-2-position": "2", "step-2-label": "Pháp chế", "step-2-kind": "person",
        "step-2-person": str(cast.chanh_vp.pk),
    }  # fmt: skip
    response = client.post("/van-ban/quy-trinh-duyet/them/", data)
    assert response.status_code == 302, response.content.decode()
    chain = ReviewChain.objects.get(name="Có kiểm tra pháp chế")
    assert [s[1] for s in _steps(chain)] == ["Trưởng phòng", "Pháp chế", "Chủ tịch ký"]
    page = client.get("/van-ban/quy-trinh-duyet/").content.decode()
    assert "Pháp chế" in page and "Phạm Văn Đức" in page
    response = client.post(f"/van-ban/quy-trinh-duyet/{chain.pk}/buoc/2/len/")
    assert response.status_code == 302
    assert [s[1] for s in _steps(chain)] == ["Pháp chế", "Trưởng phòng", "Chủ tịch ký"]


def test_bad_chain_on_screen_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.van_thu)
    data = {"name": "Thiếu bước ký", "step-0-label": "Trưởng phòng duyệt", "step-0-kind": "unit_head"}
    response = client.post("/van-ban/quy-trinh-duyet/them/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bước cuối của quy trình là lãnh đạo ký văn bản" in body
    assert 'value="Thiếu bước ký"' in body and 'value="Trưởng phòng duyệt"' in body
    data = {"name": "Người lạ", "step-0-kind": "person", "step-0-person": "999999", "step-1-kind": "signer"}
    body = client.post("/van-ban/quy-trinh-duyet/them/", data).content.decode()
    assert "Người được chọn không thuộc cơ quan." in body
    assert not ReviewChain.objects.exists()


def test_clerk_edits_a_chain_on_screen(cast, signed_in):
    chain = _legal_chain(cast)
    client = signed_in(cast.van_thu)
    page = client.get(f"/van-ban/quy-trinh-duyet/{chain.pk}/sua/").content.decode()
    assert 'value="Kiểm tra pháp chế"' in page
    response = client.post(
        f"/van-ban/quy-trinh-duyet/{chain.pk}/sua/",
        {"name": "Pháp chế rồi ký", "is_default": "on", "is_active": "on", "step-0-kind": "signer"},
    )
    assert response.status_code == 302
    chain.refresh_from_db()
    assert chain.name == "Pháp chế rồi ký" and len(_steps(chain)) == 1


def test_others_do_not_reach_the_chains(cast, signed_in):
    chain = _legal_chain(cast)
    assert signed_in(cast.chu_tich).get("/van-ban/quy-trinh-duyet/").status_code == 403
    assert signed_in(cast.snv_clerk).get(f"/van-ban/quy-trinh-duyet/{chain.pk}/sua/").status_code == 404
    assert (
        signed_in(cast.snv_clerk).post(f"/van-ban/quy-trinh-duyet/{chain.pk}/buoc/2/len/").status_code == 404
    )


@pytest.mark.parametrize("chains", [1, 6])
def test_the_chains_page_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, chains):
    for i in range(chains):
        services.chain_create(
            agency=cast.units.tinh, name=f"Quy trình {i}",
            steps=[StepInput(label="", kind=K.PERSON, person_id=cast.chanh_vp.pk), StepInput(label="", kind=K.SIGNER)],
            actor=cast.van_thu,
        )  # fmt: skip
    client = signed_in(cast.van_thu)
    client.get("/van-ban/quy-trinh-duyet/")
    # the constant part (6), the person's agencies, the chains, their steps with the people named
    with django_assert_max_num_queries(10):
        assert client.get("/van-ban/quy-trinh-duyet/").status_code == 200
