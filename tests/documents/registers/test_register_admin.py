"""An agency's registers are kept by its clerk or administrator (R-NUM-2, R-NUM-3: each register its
own number series): listed, created, edited, audited; others are refused, bad input is told in
Vietnamese with nothing saved."""

from __future__ import annotations

import pytest

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.documents import numbering
from congvu.documents.models import Direction, Register
from congvu.documents.registers import services
from tests.documents.cast import incoming


def test_clerk_creates_a_register_with_its_own_series(cast):
    register = services.register_create(
        agency=cast.units.tinh,
        name="Sổ văn bản đi – Quyết định",
        direction=Direction.OUTGOING,
        document_types=[cast.types.qd],
        actor=cast.van_thu,
    )
    assert list(register.document_types.all()) == [cast.types.qd]
    event = AuditEvent.objects.get(action="documents.register.created")
    assert event.actor == cast.van_thu and event.object_id == str(register.pk)
    assert event.after["document_types"] == ["Quyết định"]
    # A separate series: it starts at 1 whatever the default register has given.
    from django.db import transaction

    with transaction.atomic():
        assert numbering.take_number(cast.registers.tinh_out, 2026) == 1
        assert numbering.take_number(cast.registers.tinh_out, 2026) == 2
        assert numbering.take_number(register, 2026) == 1


def test_administrator_of_the_agency_keeps_registers_too(cast):
    register = services.register_create(
        agency=cast.units.snv,
        name="Sổ văn bản đến – Đơn thư",
        direction=Direction.INCOMING,
        actor=cast.quan_tri,
    )
    assert register.agency == cast.units.snv


@pytest.mark.parametrize("persona", ["chu_tich", "chuyen_vien", "snv_clerk"])
def test_others_may_not_create_a_register_of_the_province(cast, persona):
    with pytest.raises(Refused) as refused:
        services.register_create(
            agency=cast.units.tinh,
            name="Sổ riêng",
            direction=Direction.INCOMING,
            actor=getattr(cast, persona),
        )
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    assert not Register.objects.filter(name="Sổ riêng").exists()


def test_a_name_is_used_once_per_direction(cast):
    with pytest.raises(Refused) as refused:
        services.register_create(
            agency=cast.units.tinh, name="sổ văn bản đến", direction=Direction.INCOMING, actor=cast.van_thu
        )
    assert refused.value.field == "name" and "đã có sổ" in refused.value.message
    # the same name for the other direction is another register
    services.register_create(
        agency=cast.units.tinh, name="Sổ văn bản đến", direction=Direction.OUTGOING, actor=cast.van_thu
    )


def test_making_a_register_default_unsets_the_old_one(cast):
    new = services.register_create(
        agency=cast.units.tinh,
        name="Sổ đến 2",
        direction=Direction.INCOMING,
        is_default=True,
        actor=cast.van_thu,
    )
    cast.registers.tinh_in.refresh_from_db()
    assert new.is_default and not cast.registers.tinh_in.is_default


def test_the_default_register_cannot_be_stopped_nor_lose_its_default_alone(cast):
    register = cast.registers.tinh_in
    with pytest.raises(Refused) as refused:
        services.register_update(
            register=register,
            name=register.name,
            direction=register.direction,
            is_default=True,
            is_active=False,
            actor=cast.van_thu,
        )
    assert refused.value.field == "is_active"
    with pytest.raises(Refused) as refused:
        services.register_update(
            register=register,
            name=register.name,
            direction=register.direction,
            is_default=False,
            is_active=True,
            actor=cast.van_thu,
        )
    assert refused.value.field == "is_default"


def test_a_register_that_numbered_keeps_its_direction(cast):
    incoming(cast)
    register = cast.registers.tinh_in
    with pytest.raises(Refused) as refused:
        services.register_update(
            register=register,
            name=register.name,
            direction=Direction.OUTGOING,
            is_default=True,
            is_active=True,
            actor=cast.van_thu,
        )
    assert refused.value.field == "direction"
    register.refresh_from_db()
    assert register.direction == Direction.INCOMING


def test_update_is_audited_with_what_changed(cast):
    register = cast.registers.tinh_out
    services.register_update(
        register=register,
        name="Sổ văn bản đi hành chính",
        direction=register.direction,
        document_types=[cast.types.cv, cast.types.kh],
        is_default=True,
        is_active=True,
        actor=cast.van_thu,
    )
    event = AuditEvent.objects.get(action="documents.register.updated")
    assert event.before == {"name": "Sổ văn bản đi", "document_types": []}
    assert event.after == {"name": "Sổ văn bản đi hành chính", "document_types": ["Công văn", "Kế hoạch"]}


# --- screens --------------------------------------------------------------------------------------


def test_clerk_sees_the_registers_and_adds_one(cast, signed_in):
    client = signed_in(cast.van_thu)
    page = client.get("/van-ban/so/").content.decode()
    assert "Sổ văn bản đến" in page and "Sổ văn bản đi" in page and "Thêm sổ" in page
    response = client.post(
        f"/van-ban/so/them/?co_quan={cast.units.tinh.pk}",
        {
            "name": "Sổ văn bản đi – Tờ trình",
            "direction": "outgoing",
            "document_types": [cast.types.kh.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    register = Register.objects.get(name="Sổ văn bản đi – Tờ trình")
    assert register.agency == cast.units.tinh and register.is_active and not register.is_default


def test_bad_input_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.van_thu)
    response = client.post(
        f"/van-ban/so/them/?co_quan={cast.units.tinh.pk}",
        {"name": "Sổ văn bản đến", "direction": "incoming", "is_active": "on"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Cơ quan đã có sổ văn bản đến tên “Sổ văn bản đến”." in body
    assert 'value="Sổ văn bản đến"' in body
    response = client.post(
        f"/van-ban/so/them/?co_quan={cast.units.tinh.pk}", {"name": "x" * 201, "direction": "sideways"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tên sổ tối đa 200 ký tự." in body and "Chọn sổ văn bản đến hoặc sổ văn bản đi." in body
    assert Register.objects.filter(agency=cast.units.tinh).count() == 2


def test_clerk_edits_a_register(cast, signed_in):
    client = signed_in(cast.van_thu)
    register = cast.registers.tinh_out
    assert client.get(f"/van-ban/so/{register.pk}/sua/").status_code == 200
    response = client.post(
        f"/van-ban/so/{register.pk}/sua/",
        {"name": "Sổ văn bản đi chung", "direction": "outgoing", "is_default": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    register.refresh_from_db()
    assert register.name == "Sổ văn bản đi chung"


def test_leader_reads_but_does_not_keep(cast, signed_in):
    client = signed_in(cast.chu_tich)
    page = client.get("/van-ban/so/").content.decode()
    assert "Xem sổ" in page and "Thêm sổ" not in page
    assert client.get(f"/van-ban/so/{cast.registers.tinh_out.pk}/sua/").status_code == 403


def test_other_agencies_registers_are_not_found(cast, signed_in):
    client = signed_in(cast.snv_clerk)
    assert client.get(f"/van-ban/so/{cast.registers.tinh_out.pk}/sua/").status_code == 404
    assert client.get(f"/van-ban/so/{cast.registers.tinh_in.pk}/").status_code == 404
    assert client.get(f"/van-ban/so/?co_quan={cast.units.tinh.pk}").status_code == 404


def test_an_officer_has_no_register_screen(cast, signed_in):
    assert signed_in(cast.chuyen_vien).get("/van-ban/so/").status_code == 403


@pytest.mark.parametrize("extra", [0, 8])
def test_the_registers_page_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, extra):
    for i in range(extra):
        services.register_create(
            agency=cast.units.tinh, name=f"Sổ riêng {i}", direction=Direction.OUTGOING,
            document_types=[cast.types.qd, cast.types.kh], actor=cast.van_thu,
        )  # fmt: skip
    client = signed_in(cast.van_thu)
    client.get("/van-ban/so/")
    # the constant part (6), the person's agencies, the registers and their types
    with django_assert_max_num_queries(10):
        assert client.get("/van-ban/so/").status_code == 200
