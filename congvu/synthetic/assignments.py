"""Synthetic work items at scale, for benchmarks (``congvu generate_assignments``; issue #3).

Fills work items into a province built by ``congvu generate_province`` (``congvu.synthetic.province``).
The data is SYNTHETIC: no audit rows, no notifications, no progress reports are written for it; it
exists only to measure the work screens and the evaluation report on a realistic volume.

What it looks like:

- Leads: ≈85 % people, ≈15 % units. A Zipf-like weight ``1 / (rank + k)`` over the people (ranks
  shuffled, ``k`` ≈ N/1700) gives a long tail: the busiest officer has a few thousand items for a
  million, most people a handful.
- Assigners follow TASK-1 / Điều 7 (``congvu.assignments.policies``): the head or a deputy of the
  lead's own unit (only above the lead's rank there), or a leader of a unit above it — mostly the
  nearest. A unit as lead is given work by a leader of a unit strictly above it. The approver is
  the assigner. The head of the top unit leads nothing (nobody above him gives him work).
- Dates over three years (the two past years and this one) and a few months ahead. Status mix:
  done ≈60 % (≈80 % of it on time, ``completed_on ≤ deadline``), cancelled ≈3 %, open ≈37 %
  (assigned / in_progress / submitted / returned, about a third of it overdue). Done work is rated
  1–5 (mostly 4–5); ≈10 % of the work was returned at least once; progress matches the status.
- ``unit``/``unit_path`` are the lead's unit; ≈15 % of the person-led items have 1–2 co-assignees
  (or followers) from the lead's unit.

Speed: memberships are read once; rows are computed in memory with precomputed assigner tables;
on PostgreSQL they are written with ``COPY`` (psycopg ``cursor.copy``), elsewhere with
``bulk_create`` in batches of 5,000; ANALYZE of the whole database afterwards on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from congvu.assignments.models import Assignment, Participant
from congvu.core.text import search_text
from congvu.org.models import PATH_STEP, Membership, Position, Unit
from congvu.synthetic import province as province

S = Assignment.Status
BATCH = 5000
COPY_CHUNK = 50_000
REBUILD_INDEXES_FROM = 100_000  # items: above this, drop the secondary indexes and build them after
RANK = {Position.Level.HEAD: 3, Position.Level.DEPUTY: 2, Position.Level.STAFF: 1}

PERSON_SHARE = 0.85
PARTICIPANT_SHARE = 0.15
# status: share of all items
STATUS_MIX = (
    (S.DONE, 0.60),
    (S.CANCELLED, 0.03),
    (S.ASSIGNED, 0.37 * 0.25),
    (S.IN_PROGRESS, 0.37 * 0.50),
    (S.SUBMITTED, 0.37 * 0.15),
    (S.RETURNED, 0.37 * 0.10),
)
ON_TIME_SHARE = 0.80
OVERDUE_SHARE = 0.30  # of the open work
RATINGS = ((5, 0.40), (4, 0.40), (3, 0.15), (2, 0.04), (1, 0.01))
PRIORITIES = ((1, 0.10), (2, 0.65), (3, 0.18), (4, 0.07))
DISTANCE_WEIGHTS = (1.0, 0.35, 0.10, 0.03, 0.01)  # own unit, parent, grandparent, …

FIELDS = (
    "cải cách hành chính",
    "chuyển đổi số",
    "ngân sách quý III",
    "công tác cán bộ",
    "phòng, chống tham nhũng",
    "thi đua, khen thưởng",
    "quản lý đất đai",
    "xây dựng nông thôn mới",
    "an toàn thông tin",
    "giải ngân vốn đầu tư công",
    "chỉ số PAR INDEX",
    "chỉ số hài lòng SIPAS",
    "dịch vụ công trực tuyến",
    "đào tạo, bồi dưỡng công chức",
    "sắp xếp tổ chức bộ máy",
    "phòng, chống thiên tai",
    "an toàn thực phẩm",
    "bảo vệ môi trường",
    "thu ngân sách nhà nước",
    "giảm nghèo bền vững",
    "Đề án 06",
    "văn hóa công sở",
    "tiếp công dân",
    "giải quyết khiếu nại, tố cáo",
    "kiểm soát thủ tục hành chính",
    "quy hoạch tỉnh",
    "trật tự xây dựng",
    "bảo hiểm xã hội",
)
DOCUMENTS = ("quyết định", "kế hoạch", "tờ trình", "công văn", "báo cáo", "đề án", "chỉ thị")
RECORDS = ("nhân sự", "đề nghị khen thưởng", "dự án", "đất đai", "thanh tra", "tuyển dụng", "nâng lương")
MEETINGS = ("giao ban tuần", "giao ban tháng", "Ban Giám đốc", "UBND tỉnh", "Ban Chỉ đạo", "sơ kết quý")
ASKERS = ("cử tri", "Sở Tài chính", "Bộ Nội vụ", "UBND huyện", "Thanh tra tỉnh", "Hội đồng nhân dân")
TEMPLATES = (
    "Xây dựng báo cáo {field} {period}",
    "Tham mưu văn bản {doc} về {field}",
    "Rà soát hồ sơ {record} {period}",
    "Chuẩn bị nội dung họp {meeting} về {field}",
    "Tổng hợp số liệu {field} {period}",
    "Dự thảo kế hoạch triển khai {field} {period}",
    "Kiểm tra, đôn đốc thực hiện {field}",
    "Trả lời kiến nghị của {asker} về {field}",
    "Góp ý dự thảo {doc} về {field}",
    "Tổ chức hội nghị sơ kết {field} {period}",
    "Cập nhật cơ sở dữ liệu {record}",
    "Đánh giá kết quả thực hiện {field} {period}",
)
_QUARTERS = ("I", "II", "III", "IV")


@dataclass
class AssignmentsResult:
    items: int
    participants: int
    by_status: dict[str, int]
    person_led: int
    on_time: int
    late: int
    overdue: int
    returned: int
    busiest_username: str
    busiest_count: int
    head_username: str
    head_unit: str
    head_subtree_items: int
    password: str
    seconds: float
    method: str


@dataclass
class _Person:
    id: int
    unit_id: int
    rank: int


@dataclass
class _Tables:
    """Everything read once from the organisation, plus the precomputed choice tables."""

    units: dict[int, Unit]
    people: list[_Person]
    members: dict[int, list[int]] = field(default_factory=dict)  # unit id -> user ids
    head_of: dict[int, int] = field(default_factory=dict)  # unit id -> a head's user id
    # (unit id, rank of the lead; 0 for the unit itself as lead) -> (assigner ids, cumulative weights)
    assigners: dict[tuple[int, int], tuple[list[int], list[float]]] = field(default_factory=dict)


class NoProvince(Exception):
    pass


# --- reading the organisation ----------------------------------------------------------------------


def _may_give(unit: Unit, lead_rank: int, rank: int, own_unit: Unit | None) -> bool:
    """Mirror of ``policies._strictly_below`` / ``_person_below`` for a leader whose led subtree
    contains ``unit``: the unit is neither the leader's own unit nor above it; or, in the leader's
    own unit, the lead (a person, ``lead_rank`` 1–3) ranks below the leader (0 = the unit leads)."""
    if own_unit is None:
        return False
    if own_unit.pk == unit.pk:
        return 0 < lead_rank < rank
    return not own_unit.path.startswith(unit.path)


def _ancestor_ids(unit: Unit) -> list[int]:
    """From the unit itself up to the root."""
    return [int(unit.path[i : i + PATH_STEP]) for i in range(len(unit.path) - PATH_STEP, -1, -PATH_STEP)]


def _read_tables(root: Unit) -> _Tables:
    units = {
        u.pk: u for u in Unit.objects.filter(path__startswith=root.path).only("id", "path", "depth", "name")
    }
    posts = (
        Membership.objects.current()
        .filter(unit_id__in=units)
        .order_by("user_id", "-is_primary", "id")
        .values_list("id", "user_id", "unit_id", "position__level", "user__status")
    )
    charged: dict[int, list[int]] = defaultdict(list)
    for membership_id, unit_id in Membership.in_charge_of.through.objects.filter(
        membership__unit_id__in=units
    ).values_list("membership_id", "unit_id"):
        charged[membership_id].append(unit_id)

    tables = _Tables(units=units, people=[])
    # leaders[x] = [(user id, rank, own unit id)]: who leads the subtree of unit x in their own right
    leaders: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    seen: set[int] = set()
    for membership_id, user_id, unit_id, level, status in posts:
        rank = RANK[level]
        active = status == "active"
        if rank == 3:
            leaders[unit_id].append((user_id, 3, unit_id))
            tables.head_of.setdefault(unit_id, user_id)
        elif rank == 2:
            for charged_unit in charged.get(membership_id) or [unit_id]:
                if charged_unit in units:
                    leaders[charged_unit].append((user_id, 2, unit_id))
        if user_id in seen or not active:
            continue
        seen.add(user_id)
        tables.people.append(_Person(user_id, unit_id, rank))
        tables.members.setdefault(unit_id, []).append(user_id)

    # Leaders of each unit's subtree, by distance: a leader of an ancestor leads the whole subtree;
    # a deputy in charge of a unit other than their own may give work to anyone in it.
    def table(unit: Unit, lead_rank: int) -> tuple[list[int], list[float]]:
        ids: list[int] = []
        weights: list[float] = []
        ancestors = _ancestor_ids(unit)
        for distance, ancestor_id in enumerate(ancestors):
            found = []
            for user_id, rank, own_unit in leaders.get(ancestor_id, ()):
                if not _may_give(unit, lead_rank, rank, units.get(own_unit)):
                    continue
                found.append((user_id, rank))
            if not found:
                continue
            share = DISTANCE_WEIGHTS[min(distance, len(DISTANCE_WEIGHTS) - 1)]
            total = sum(1.5 if rank == 3 else 1.0 for _u, rank in found)
            for user_id, rank in found:
                ids.append(user_id)
                weights.append(share * (1.5 if rank == 3 else 1.0) / total)
        return ids, list(accumulate(weights))

    for unit in units.values():
        for lead_rank in (0, 1, 2, 3):
            ids, cumulative = table(unit, lead_rank)
            if ids:
                tables.assigners[(unit.pk, lead_rank)] = (ids, cumulative)
    return tables


# --- the rows --------------------------------------------------------------------------------------


def _period_text(day: dt.date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return f"năm {day.year}"
    if roll < 0.70:
        return f"quý {_QUARTERS[(day.month - 1) // 3]} năm {day.year}"
    if roll < 0.85:
        return f"tháng {day.month}/{day.year}"
    return f"6 tháng {'đầu' if day.month <= 6 else 'cuối'} năm {day.year}"


def _title(day: dt.date, rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        field=rng.choice(FIELDS),
        period=_period_text(day, rng),
        doc=rng.choice(DOCUMENTS),
        record=rng.choice(RECORDS),
        meeting=rng.choice(MEETINGS),
        asker=rng.choice(ASKERS),
    )


def _cumulative(pairs) -> tuple[list[Any], list[float]]:
    values = [v for v, _w in pairs]
    return values, list(accumulate(w for _v, w in pairs))


def _zipf_cumulative(n: int, rng: random.Random, *, offset: float) -> list[float]:
    """Cumulative weights 1/(rank + offset) over ``n`` entries, ranks shuffled."""
    ranks = list(range(n))
    rng.shuffle(ranks)
    return list(accumulate(1.0 / (r + 1 + offset) for r in ranks))


class _Builder:
    """Computes one row at a time (a dict of column values), deterministic for a seed."""

    def __init__(self, tables: _Tables, rng: random.Random, today: dt.date):
        self.t = tables
        self.rng = rng
        self.today = today
        self.tz = timezone.get_current_timezone()
        self.first_day = dt.date(today.year - 2, 1, 1)
        self.span_days = (today - self.first_day).days
        self.statuses = _cumulative(STATUS_MIX)
        self.ratings = _cumulative(RATINGS)
        self.priorities = _cumulative(PRIORITIES)
        self.people = [p for p in tables.people if (p.unit_id, p.rank) in tables.assigners]
        self.people_cum = _zipf_cumulative(len(self.people), rng, offset=max(5.0, len(self.people) / 1700))
        self.lead_units = [u for u in tables.units.values() if (u.pk, 0) in tables.assigners]
        self.units_cum = _zipf_cumulative(
            len(self.lead_units), rng, offset=max(3.0, len(self.lead_units) / 60)
        )
        self.titles: dict[str, str] = {}

    def _pick(self, table: tuple[list[Any], list[float]]) -> Any:
        values, cumulative = table
        return values[min(bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(values) - 1)]

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.randrange(60), tzinfo=self.tz)

    def row(self, item_id: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
        rng = self.rng
        if self.people and (rng.random() < PERSON_SHARE or not self.lead_units):
            person = self.people[
                min(bisect_right(self.people_cum, rng.random() * self.people_cum[-1]), len(self.people) - 1)
            ]
            lead_user, lead_unit, unit_id = person.id, None, person.unit_id
            assigner = self._pick(self.t.assigners[(unit_id, person.rank)])
        else:
            unit = self.lead_units[
                min(bisect_right(self.units_cum, rng.random() * self.units_cum[-1]), len(self.lead_units) - 1)
            ]
            lead_user, lead_unit, unit_id = None, unit.pk, unit.pk
            assigner = self._pick(self.t.assigners[(unit_id, 0)])
            person = None
        status = self._pick(self.statuses)
        duration = rng.choice((3, 5, 7, 10, 10, 14, 15, 20, 30, 30, 45, 60, 90))
        today = self.today
        completed_on = None
        if status in (S.DONE, S.CANCELLED):
            deadline = self.first_day + dt.timedelta(days=rng.randrange(self.span_days + 30))
            start = deadline - dt.timedelta(days=duration)
            if start > today:
                start = today
                deadline = max(deadline, start)
            if status == S.DONE:
                on_time = rng.random() < ON_TIME_SHARE
                if on_time or deadline >= today:
                    latest = min(deadline, today)
                    completed_on = start + dt.timedelta(days=rng.randrange((latest - start).days + 1))
                else:
                    completed_on = min(today, deadline + dt.timedelta(days=rng.randint(1, 30)))
        elif rng.random() < OVERDUE_SHARE:
            deadline = today - dt.timedelta(days=1 + int(rng.expovariate(1 / 40)))
            deadline = max(deadline, self.first_day + dt.timedelta(days=duration))
            start = deadline - dt.timedelta(days=duration)
        else:
            deadline = today + dt.timedelta(days=int(rng.expovariate(1 / 30)))
            start = min(today, deadline - dt.timedelta(days=duration))
            start = max(start, today - dt.timedelta(days=120))
        created = self._at(start, rng.randint(7, 16))
        progress = {
            S.ASSIGNED: 0,
            S.IN_PROGRESS: rng.choice((10, 20, 30, 40, 50, 60, 70, 80, 90)),
            S.SUBMITTED: 100,
            S.RETURNED: rng.choice((50, 60, 70, 80, 90)),
            S.DONE: 100,
            S.CANCELLED: rng.choice((0, 0, 10, 20, 30, 50)),
        }[status]
        returned = 0
        if status == S.RETURNED:
            returned = rng.choice((1, 1, 1, 2, 3))
        elif status in (S.DONE, S.SUBMITTED, S.IN_PROGRESS) and rng.random() < 0.07:
            returned = rng.choice((1, 1, 2))
        submitted_at = completed_at = cancelled_at = None
        rating = None
        updated = created
        if status in (S.SUBMITTED, S.DONE, S.RETURNED):
            submit_day = completed_on or min(
                today, max(start, deadline - dt.timedelta(days=rng.randrange(4)))
            )
            submitted_at = self._at(max(start, submit_day), rng.randint(8, 16))
            updated = max(updated, submitted_at)
        if status == S.DONE:
            assert completed_on is not None  # finished work has its day
            completed_at = self._at(completed_on, 17)
            rating = self._pick(self.ratings)
            updated = max(updated, completed_at)
        if status == S.CANCELLED:
            cancel_day = min(today, start + dt.timedelta(days=rng.randrange(duration + 1)))
            cancelled_at = self._at(cancel_day, rng.randint(8, 16))
            updated = max(updated, cancelled_at)
        if status == S.IN_PROGRESS:
            updated = self._at(min(today, start + dt.timedelta(days=rng.randrange(duration + 1))), 10)
            updated = max(updated, created)
        title = _title(start, rng)
        folded = self.titles.get(title)
        if folded is None:
            folded = self.titles[title] = search_text(title)
        unit = self.t.units[unit_id]
        values = {
            "id": item_id,
            "title": title,
            "description": "",
            "assigner_id": assigner,
            "assigned_on_behalf_of_id": None,
            "approver_id": assigner,
            "lead_user_id": lead_user,
            "lead_unit_id": lead_unit,
            "unit_id": unit_id,
            "unit_path": unit.path,
            "parent_id": None,
            "plan_item_id": None,
            "start_date": start,
            "deadline": deadline,
            "deadline_working_days": None,
            "priority": self._pick(self.priorities),
            "status": status.value,
            "progress": progress,
            "created_at": created,
            "updated_at": updated,
            "submitted_at": submitted_at,
            "completed_at": completed_at,
            "completed_on": completed_on,
            "cancelled_at": cancelled_at,
            "returned_count": returned,
            "rating": rating,
            "evaluation": "",
            "search_text": folded,
        }
        participants: list[tuple[int, str]] = []
        if person is not None and rng.random() < PARTICIPANT_SHARE:
            colleagues = self.t.members.get(unit_id, ())
            if len(colleagues) > 1:
                for user_id in rng.sample(colleagues, min(len(colleagues), rng.choice((2, 2, 3)))):
                    if user_id != lead_user and user_id != assigner and len(participants) < 2:
                        role = (
                            Participant.Role.COORDINATE if rng.random() < 0.8 else Participant.Role.FOLLOWER
                        )
                        participants.append((user_id, role.value))
        return values, participants


# --- writing ---------------------------------------------------------------------------------------


def _columns() -> tuple[list[str], dict[str, Any]]:
    """Every concrete column of the table, with a default for those the builder does not set
    (a field added later keeps working)."""
    names, defaults = [], {}
    for f in Assignment._meta.concrete_fields:
        names.append(f.attname)
        if f.attname != "id":
            defaults[f.attname] = f.get_default()
    return names, defaults


class _Writer:
    def __init__(self, use_copy: bool):
        self.use_copy = use_copy
        self.columns, self.defaults = _columns()
        self.items: list[dict[str, Any]] = []
        self.participants: list[tuple[int, int, str]] = []

    def add(self, values: dict[str, Any], participants: list[tuple[int, str]]) -> None:
        self.items.append(values)
        self.participants.extend((values["id"], user_id, role) for user_id, role in participants)
        if len(self.items) >= (COPY_CHUNK if self.use_copy else BATCH):
            self.flush()

    def flush(self) -> None:
        if not self.items and not self.participants:
            return
        if self.use_copy:
            self._copy()
        else:
            Assignment.objects.bulk_create(
                [Assignment(**{**self.defaults, **v}) for v in self.items], batch_size=BATCH
            )
            Participant.objects.bulk_create(
                [Participant(assignment_id=a, user_id=u, role=r) for a, u, r in self.participants],
                batch_size=BATCH,
            )
        self.items.clear()
        self.participants.clear()

    def _copy(self) -> None:
        table = connection.ops.quote_name(Assignment._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        raw = connection.connection  # the psycopg connection, inside Django's transaction
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in self.items:
                    copy.write_row([values[c] if c in values else self.defaults[c] for c in self.columns])
            if self.participants:
                ptable = connection.ops.quote_name(Participant._meta.db_table)
                with cursor.copy(f"COPY {ptable} (assignment_id, user_id, role) FROM STDIN") as copy:
                    for row in self.participants:
                        copy.write_row(row)


def _drop_indexes(model) -> list[str]:
    """Drop the table's secondary indexes (not those behind a constraint) and return their
    definitions: building them once after a large COPY is several times faster than updating them
    row by row. Inside the transaction, so a failure puts them back."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = %s
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.conrelid = %s::regclass AND c.conindid = (quote_ident(i.indexname))::regclass
              )
            """,
            [table, connection.ops.quote_name(table)],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _name, definition in found]


def _create_indexes(definitions: list[str]) -> None:
    with connection.cursor() as cursor:
        # The foreign keys are DEFERRABLE INITIALLY DEFERRED: check the rows copied now (PostgreSQL
        # refuses CREATE INDEX on a table with pending trigger events).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


def _reset_sequence() -> None:
    for sql in connection.ops.sequence_reset_sql(no_style(), [Assignment]):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _head_with_biggest_subtree(tables: _Tables, root: Unit, per_unit: Counter) -> tuple[str, str, int]:
    """The head of a level-1 department (Sở/Văn phòng, else any level-1 unit) with the most work
    in its subtree."""
    from congvu.accounts.models import User

    top = [u for u in tables.units.values() if u.depth == root.depth + 1 and u.pk in tables.head_of]
    departments = [u for u in top if Unit.objects.filter(pk=u.pk, kind=Unit.Kind.DEPARTMENT).exists()] or top
    if not departments:
        return "", "", 0
    subtree: Counter = Counter()
    for unit_id, count in per_unit.items():
        path = tables.units[unit_id].path
        for d in departments:
            if path.startswith(d.path):
                subtree[d.pk] += count
    best = max(departments, key=lambda u: (subtree[u.pk], -u.pk))
    username = (
        User.objects.filter(pk=tables.head_of[best.pk]).values_list("username", flat=True).first() or ""
    )
    return username, best.name, subtree[best.pk]


def generate_assignments(*, count: int, seed: int = 1, stdout=None) -> int:
    """Fill ``count`` synthetic work items into the generated province; returns the number built.

    Raises ``NoProvince`` when ``congvu generate_province`` has not been run. See the module
    docstring for what the data looks like (it is synthetic: no audit rows).
    """
    result = build(count=count, seed=seed, stdout=stdout)
    return result.items


def build(*, count: int, seed: int = 1, stdout=None) -> AssignmentsResult:
    from congvu.accounts.models import User

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    if count < 0:
        raise ValueError("count must not be negative")
    root = province.generated_root()
    if root is None:
        raise NoProvince(province.ROOT_NAME)
    started = time.perf_counter()
    rng = random.Random(seed)
    tables = _read_tables(root)
    if not tables.assigners:
        raise NoProvince(province.ROOT_NAME)
    today = timezone.localdate()
    builder = _Builder(tables, rng, today)
    say(
        f"Đọc cơ cấu: {len(tables.units)} đơn vị, {len(tables.people)} người — "
        f"{time.perf_counter() - started:.1f} giây."
    )
    use_copy = connection.vendor == "postgresql"
    writer = _Writer(use_copy)
    by_status: Counter = Counter()
    per_person: Counter = Counter()
    per_unit: Counter = Counter()
    on_time = late = overdue = returned = participants = person_led = 0
    with transaction.atomic():
        last = Assignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        dropped: list[str] = []
        if use_copy and count >= REBUILD_INDEXES_FROM:
            dropped = _drop_indexes(Assignment) + _drop_indexes(Participant)
        for n in range(count):
            values, people = builder.row(last + 1 + n)
            writer.add(values, people)
            participants += len(people)
            status = values["status"]
            by_status[status] += 1
            per_unit[values["unit_id"]] += 1
            if values["lead_user_id"]:
                per_person[values["lead_user_id"]] += 1
                person_led += 1
            if status == S.DONE:
                if values["completed_on"] <= values["deadline"]:
                    on_time += 1
                else:
                    late += 1
            elif status in Assignment.OPEN_STATES and values["deadline"] < today:
                overdue += 1
            returned += values["returned_count"] > 0
            if (n + 1) % 200_000 == 0:
                say(f"… {n + 1} công việc — {time.perf_counter() - started:.0f} giây")
        writer.flush()
        if dropped:
            say(f"Dựng lại {len(dropped)} chỉ mục — {time.perf_counter() - started:.0f} giây")
            _create_indexes(dropped)
        _reset_sequence()
    if use_copy:
        with connection.cursor() as cursor:
            # Every table, the organisation's too: never analysed, the planner took 2,000 units for 210.
            cursor.execute("ANALYZE")
    busiest_id, busiest_count = per_person.most_common(1)[0] if per_person else (None, 0)
    busiest = (
        User.objects.filter(pk=busiest_id).values_list("username", flat=True).first() or ""
        if busiest_id is not None
        else ""
    )
    head, head_unit, head_items = _head_with_biggest_subtree(tables, root, per_unit)
    return AssignmentsResult(
        items=count,
        participants=participants,
        by_status=dict(by_status),
        person_led=person_led,
        on_time=on_time,
        late=late,
        overdue=overdue,
        returned=returned,
        busiest_username=busiest,
        busiest_count=busiest_count,
        head_username=head,
        head_unit=head_unit,
        head_subtree_items=head_items,
        password=province.BENCH_PASSWORD,
        seconds=time.perf_counter() - started,
        method="COPY" if use_copy else "bulk_create",
    )
