"""Consultations over the cast: Sở Nội vụ is the agency (GĐ Hoàng Văn Nam, PGĐ Vũ Thị Lan, TP Bùi
Thanh Sơn, CV Nguyễn Văn Minh and Trần Thị Thu Hà). The director appoints the head of TCBC to draft;
he posts it to the whole agency (the four others) with a deadline three days ahead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.collaboration.consultations import services


def in_days(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def appoint(province, *, by=None, drafter=None, subject="Dự thảo quy chế làm việc của Sở Nội vụ năm 2027"):
    return services.consultation_appoint(
        agency=province.units.snv,
        drafter=drafter or province.truong_phong,
        subject=subject,
        actor=by or province.giam_doc,
    )


def post(province, consultation, *, deadline=None, audience="agency", people=(), units=(), uploads=None):
    return services.consultation_post(
        consultation=consultation,
        title="Góp ý dự thảo quy chế làm việc năm 2027",
        description="Đề nghị các đồng chí góp ý vào dự thảo.",
        deadline=deadline or in_days(3),
        audience=audience,
        people=list(people),
        units=list(units),
        uploads=uploads,
        actor=province.truong_phong,
    )


@pytest.fixture
def appointed(province):
    return appoint(province)


@pytest.fixture
def opened(province, appointed):
    return post(province, appointed)
