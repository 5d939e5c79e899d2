"""A synthetic scoring period at scale, for benchmarks (``congvu generate_scoring``; SCORE-6, the
results and the council report).

Fills one published period into a province (the one built by ``congvu generate_province``, or any
top agency given): a criteria set of exactly ``criteria`` leaves over the eight areas of the PAR
index (their maxima those of QĐ 2948/QĐ-BNV, 100 points; each area has criteria of up to four
sub-criteria, the last leaf of each area a survey leaf), and ``units`` assessed units — the level-1
units under the top agency (departments, districts; not the office), and new ones created under it
when there are too few. Every unit has submitted, every leaf is self-scored, appraised (≈15 %
lowered, with a reason) and the survey leaves carry a survey score; two appraisers have sent their
results and the period is published.

The data is SYNTHETIC: no audit rows and no notifications; rows are computed in memory and written
with ``bulk_create``. A second run replaces the period it made before (the set is named
``SET_NAME``). Random but seeded: the same seed gives the same scores.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from congvu.accounts.models import User
from congvu.org.models import RoleGrant, Unit
from congvu.scoring import rules
from congvu.scoring.models import Appraisal, Assessment, CriteriaSet, Criterion, Kind, Period, Score
from congvu.synthetic import province

SET_NAME = "Bộ chỉ số CCHC (dữ liệu sinh để đo hiệu năng)"
PERIOD_TITLE = "Chỉ số CCHC năm {year} (dữ liệu sinh)"
MANAGER_USERNAME = "bench.scoring"
APPRAISER_USERNAMES = ("bench.thamdinh1", "bench.thamdinh2")
AREAS = (
    ("Công tác chỉ đạo, điều hành CCHC", "10.00"),
    ("Xây dựng và tổ chức thực hiện văn bản QPPL", "10.00"),
    ("Cải cách thủ tục hành chính", "14.50"),
    ("Cải cách tổ chức bộ máy hành chính", "11.00"),
    ("Xây dựng và nâng cao chất lượng đội ngũ CCVC", "16.00"),
    ("Cải cách tài chính công", "7.00"),
    ("Hiện đại hóa hành chính", "16.00"),
    ("Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH", "15.50"),
)
SUBS_PER_CRITERION = 4
LOWERED_SHARE = 0.15
CENT = Decimal("0.01")
BATCH = 2000
SHARES = (Decimal("1"), Decimal("1"), Decimal("1"), Decimal("0.75"), Decimal("0.5"), Decimal("0"))


class NoProvince(Exception):
    """No generated province (and no top agency given)."""


@dataclass
class Result:
    period: Period
    units: int
    created_units: int
    leaves: int
    scores: int
    seconds: float
    manager_username: str
    password: str


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` amounts of two decimals adding up exactly (the last takes the rest)."""
    each = (total / parts).quantize(CENT, rounding=ROUND_HALF_UP)
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def tree_rows(leaves: int) -> list[dict[str, Any]]:
    """The nodes of a tree of exactly ``leaves`` leaves over the eight areas (R-PAR-1 holds)."""
    if leaves < len(AREAS) * 2:
        raise ValueError(f"at least {len(AREAS) * 2} leaves")
    counts = [leaves // len(AREAS) + (1 if i < leaves % len(AREAS) else 0) for i in range(len(AREAS))]
    rows: list[dict[str, Any]] = []
    for a, ((name, maximum), count) in enumerate(zip(AREAS, counts, strict=True), start=1):
        rows.append({"code": str(a), "name": name, "level": 1, "max": Decimal(maximum), "leaf": False})
        points = _split(Decimal(maximum), count)
        groups = [points[i : i + SUBS_PER_CRITERION] for i in range(0, count, SUBS_PER_CRITERION)]
        for c, group in enumerate(groups, start=1):
            code = f"{a}.{c}"
            rows.append({"code": code, "name": f"Tiêu chí {code}", "level": 2, "max": sum(group, Decimal(0)),
                         "leaf": False})  # fmt: skip
            for s, value in enumerate(group, start=1):
                last = c == len(groups) and s == len(group)
                sub = f"{code}.{s}"
                rows.append({"code": sub, "level": 3, "max": value, "leaf": True,
                             "name": f"Điều tra XHH {sub}" if last else f"Tiêu chí thành phần {sub}",
                             "method": Criterion.Method.SURVEY if last else Criterion.Method.MANUAL})  # fmt: skip
    rules.check_tree([(r["code"], r["max"]) for r in rows])
    return rows


def _account(username: str, full_name: str, unit: Unit, role: str | None = None) -> User:
    from django.contrib.auth.hashers import make_password

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username,
            full_name=full_name,
            email=f"{username}@{province.EMAIL_DOMAIN}",
            password=make_password(province.BENCH_PASSWORD),
            must_change_password=False,
        )
    if role and not RoleGrant.objects.filter(user=user, role=role, unit=unit).exists():
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


def _units(root: Unit, count: int) -> tuple[list[Unit], int]:
    found = list(Unit.objects.filter(parent=root, is_active=True, is_office=False).order_by("path")[:count])
    created = 0
    while len(found) < count:
        created += 1
        unit = Unit.objects.create(name=f"Đơn vị chấm điểm số {created}", short_name=f"CD{created}",
                                   parent=root, kind=Unit.Kind.DEPARTMENT, depth=root.depth + 1)  # fmt: skip
        unit.path = unit.path_for_self()
        Unit.objects.filter(pk=unit.pk).update(path=unit.path)
        found.append(unit)
    return found, created


def delete_generated() -> None:
    for criteria_set in CriteriaSet.objects.filter(name=SET_NAME):
        for period in criteria_set.periods.all():
            Score.objects.filter(assessment__period=period).delete()
            period.delete()
        criteria_set.delete()


@transaction.atomic
def build(*, units: int = 120, criteria: int = 100, seed: int = 1, root: Unit | None = None,
          stdout: Any = None) -> Result:  # fmt: skip
    started = time.perf_counter()
    root = root or province.generated_root()
    if root is None:
        raise NoProvince(province.ROOT_NAME)
    rng = random.Random(seed)
    delete_generated()
    today = timezone.localdate()
    now = timezone.now()
    year = today.year
    manager = _account(
        MANAGER_USERNAME, "Quản lý chấm điểm (dữ liệu sinh)", root, RoleGrant.Role.SCORING_MANAGEMENT
    )
    appraisers = [
        _account(name, f"Thành viên thẩm định {i}", root) for i, name in enumerate(APPRAISER_USERNAMES, 1)
    ]

    criteria_set = CriteriaSet.objects.create(
        year=year, kind=Kind.PAR_INDEX, name=SET_NAME, created_by=manager
    )
    rows = tree_rows(criteria)
    made: dict[str, Criterion] = {}
    for level in (1, 2, 3):
        batch = []
        for r in rows:
            if r["level"] != level:
                continue
            parts = r["code"].split(".")
            parent = made[".".join(parts[:-1])] if level > 1 else None
            batch.append(
                Criterion(
                    criteria_set=criteria_set,
                    parent=parent,
                    area=made[parts[0]] if level > 1 else None,
                    code=r["code"],
                    name=r["name"],
                    level=level,
                    max_points=r["max"],
                    method=r.get("method", Criterion.Method.MANUAL),
                    is_leaf=r["leaf"],
                    sort_key=rules.sort_key(r["code"]),
                )  # fmt: skip
            )
        for c in Criterion.objects.bulk_create(batch):
            made[c.code] = c
    areas = [made[str(a)] for a in range(1, len(AREAS) + 1)]
    Criterion.objects.filter(pk__in=[a.pk for a in areas]).update(area_id=F("pk"))
    leaves = [made[r["code"]] for r in rows if r["leaf"]]

    period = Period.objects.create(
        criteria_set=criteria_set, year=year, kind=Kind.PAR_INDEX, title=PERIOD_TITLE.format(year=year),
        self_deadline=today - dt.timedelta(days=40), appraisal_deadline=today - dt.timedelta(days=10),
        with_survey=True, status=Period.Status.PUBLISHED, opened_at=now - dt.timedelta(days=60),
        published_at=now - dt.timedelta(days=1), created_by=manager,
    )  # fmt: skip
    for i, appraiser in enumerate(appraisers):
        appraisal = Appraisal.objects.create(period=period, appraiser=appraiser,
                                             status=Appraisal.Status.SUBMITTED, submitted_at=now)  # fmt: skip
        appraisal.criteria.set(areas[i * 4 : (i + 1) * 4])
    assessed, created = _units(root, units)
    submitted_at = now - dt.timedelta(days=41)
    assessments = Assessment.objects.bulk_create(
        Assessment(period=period, unit=u, unit_path=u.path, status=Assessment.Status.SUBMITTED,
                   approved_at=submitted_at, submitted_at=submitted_at) for u in assessed
    )  # fmt: skip
    scores: list[Score] = []
    totals: dict[int, Decimal] = {}
    for assessment in assessments:
        skill = rng.random()  # a stronger unit scores more often at the maximum
        for leaf in leaves:
            top = Decimal(leaf.max_points)
            if leaf.method == Criterion.Method.SURVEY:
                survey = (top * Decimal(rng.randint(50, 100)) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                scores.append(Score(assessment=assessment, criterion=leaf, survey_score=survey))
                continue
            share = Decimal(1) if rng.random() < skill else rng.choice(SHARES)
            own = (top * share).quantize(CENT, rounding=ROUND_HALF_UP)
            appraised, reason = own, ""
            if own > 0 and rng.random() < LOWERED_SHARE:
                appraised = (own * Decimal(rng.choice((0, 25, 50, 75))) / 100).quantize(
                    CENT, rounding=ROUND_HALF_UP
                )
                reason = "Tài liệu kiểm chứng chưa đầy đủ."
            totals[assessment.pk] = totals.get(assessment.pk, Decimal(0)) + own
            scores.append(Score(assessment=assessment, criterion=leaf, self_score=own, appraised_score=appraised,
                                appraisal_reason=reason, appraised_by=appraisers[0 if int(leaf.code.split(".")[0]) <= 4 else 1],
                                appraised_at=now))  # fmt: skip
    Score.objects.bulk_create(scores, batch_size=BATCH)
    for assessment in assessments:
        assessment.self_total = totals.get(assessment.pk, Decimal(0))
    Assessment.objects.bulk_update(assessments, ["self_total"], batch_size=BATCH)
    return Result(period=period, units=len(assessments), created_units=created, leaves=len(leaves),
                  scores=len(scores), seconds=time.perf_counter() - started,
                  manager_username=manager.username, password=province.BENCH_PASSWORD)  # fmt: skip
