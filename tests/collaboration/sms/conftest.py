"""The SMS cast: the province's people with mobile numbers, the office head (chanh_vp) holding the SMS
role on the province, and a recording gateway in place of an operator."""

from __future__ import annotations

import pytest

from tests.collaboration.sms.recording import RecordingGateway

PHONES = {
    "chu_tich": "0912 345 001",
    "pho_chu_tich": "0912.345.002",
    "chanh_vp": "0912345003",
    "van_thu": "+84 912 345 004",
    "giam_doc": "84912345005",
    "truong_phong": "0912345006",
    "chuyen_vien": "0912345007",
    "chuyen_vien_2": "0912345008",
    "chuyen_vien_khac": "0912345009",
    "quan_tri": "0912345010",
    "chu_tich_huyen": "0912345011",
}


@pytest.fixture
def gateway(settings):
    settings.SMS_GATEWAY = "tests.collaboration.sms.recording.RecordingGateway"
    RecordingGateway.sent = []
    RecordingGateway.refusing = set()
    RecordingGateway.broken = False
    return RecordingGateway


def give_phones(province) -> None:
    from congvu.accounts.models import User

    for key, phone in PHONES.items():
        User.objects.filter(pk=getattr(province, key).pk).update(phone=phone)
        getattr(province, key).phone = phone


@pytest.fixture
def cast(province, gateway):
    """The province with phones, and the SMS role for the office head on the whole province."""
    from congvu.org.models import RoleGrant
    from congvu.org.units.services import role_grant

    give_phones(province)
    role_grant(user=province.chanh_vp, role=RoleGrant.Role.SMS_SENDER, unit=province.units.tinh, actor=None)
    return province
