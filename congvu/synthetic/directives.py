"""Synthetic directives at scale, for benchmarks (``congvu generate_directives``; DIR-6 statistics,
the review queue).

Fills directives into a province built by ``congvu generate_province`` (``congvu.synthetic.province``).
The data is SYNTHETIC: no audit rows and no notifications are written for it; it exists only to
measure the statistics and the office's screens on a realistic volume (by default 20,000
directives with 200,000 tasks, about ten a directive).

What it looks like:

- Issued by the top agency (UBND tỉnh) over three years ending today, signed by its chairman and
  vice-chairmen, entered by its office; the monitors are the office's leaders and the office
  staff given the directive-monitor role here (``MONITORS`` of them).
- Tasks for the level-1 units under the top agency (departments, districts; not the office
  itself), the busier ones more often; ≈20 % have one or two co-operating agencies; ≈8 % urgent.
- Deadlines 10 days to a year after the issue, moved to a working day. Categories of the tasks
  whose deadline has passed (most of them): done on time ≈57 %, done late ≈16 %, in progress and
  overdue, not updated and overdue, reports pending review ≈1 %, rejected, returned to the
  office, cancelled; those not yet due are mostly in progress or not updated. Overall: done on
  time ≈55 %, late ≈15 %, ≈2,000 reports pending review for 200,000 tasks.
- Each report is a ``TaskReport`` row (progress reports approved, the done report approved, a
  rejected one, a pending one) and the timeline a ``TaskEvent`` row per act.

Speed: the organisation is read once, rows are computed in memory with explicit ids and written
in batches: with ``COPY`` on PostgreSQL (psycopg ``cursor.copy``, as ``synthetic.assignments``
does), elsewhere with ``bulk_create``; ANALYZE of the database afterwards on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from congvu.core import calendar
from congvu.core.text import search_text
from congvu.directives.models import Directive, DirectiveTask, TaskEvent, TaskReport, Urgency
from congvu.directives.services import entry_due
from congvu.org.models import Membership, Position, RoleGrant, Unit
from congvu.org.tree import subtree_q
from congvu.synthetic import province as province
from congvu.synthetic.assignments import FIELDS, REBUILD_INDEXES_FROM, _create_indexes, _drop_indexes

T = DirectiveTask.Status
E = TaskEvent.Kind
BATCH = 5000
MONITORS = 8  # office staff given the directive-monitor role (besides the office's leaders)
YEARS = 3
CO_UNIT_SHARE = 0.20
URGENT_SHARE = 0.08
# What a task whose deadline has passed became, and one still ahead ("overdue" is open and past).
PAST_MIX = (
    ("on_time", 0.57),
    ("late", 0.16),
    ("cancelled", 0.01),
    ("reported", 0.008),
    ("rejected", 0.008),
    ("returned", 0.008),
    ("in_progress", 0.12),
    ("new", 0.116),
)
AHEAD_MIX = (
    ("on_time", 0.35),
    ("reported", 0.04),
    ("rejected", 0.02),
    ("returned", 0.02),
    ("in_progress", 0.37),
    ("new", 0.20),
)
STATUS_OF = {
    "on_time": T.DONE,
    "late": T.DONE,
    "cancelled": T.CANCELLED,
    "reported": T.REPORTED,
    "rejected": T.REJECTED,
    "returned": T.RETURNED,
    "in_progress": T.IN_PROGRESS,
    "new": T.NEW,
}
DURATIONS = (10, 15, 20, 30, 30, 45, 60, 60, 90, 120, 180, 365)
KINDS = tuple(Directive.Kind.values)
SUBJECTS = (
    "Về việc đẩy mạnh {field}",
    "Về việc triển khai thực hiện {field} năm {year}",
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về {field}",
    "Về việc tăng cường công tác {field}",
    "Kế hoạch thực hiện {field} năm {year}",
    "Về việc chấn chỉnh, nâng cao hiệu quả {field}",
)
TASK_TEXTS = (
    "Chủ trì, tham mưu triển khai {field}; báo cáo kết quả về UBND tỉnh",
    "Rà soát, đánh giá tình hình {field} trên địa bàn",
    "Xây dựng kế hoạch cụ thể thực hiện {field}",
    "Kiểm tra, đôn đốc các đơn vị thực hiện {field}",
    "Tổng hợp số liệu, báo cáo kết quả {field}",
    "Phối hợp tháo gỡ khó khăn, vướng mắc về {field}",
)


EVENT_COLUMNS = ("id", "task_id", "kind", "actor_id", "on_behalf_of_id", "at", "note", "unit_id", "report_id")


class NoProvince(Exception):
    pass


@dataclass
class DirectivesResult:
    directives: int
    tasks: int
    reports: int
    events: int
    by_category: dict[str, int]
    pending_reports: int
    office_username: str
    password: str
    seconds: float


@dataclass
class _Org:
    root: Unit
    office: Unit
    leaders: list[int]  # signers
    monitors: list[int]
    agencies: list[Unit]  # lead units
    heads: dict[int, int]  # unit id -> its head's user id (who reports)
    office_username: str


def _read_org(root: Unit) -> _Org:
    from congvu.accounts.models import User

    level1 = list(Unit.objects.filter(parent_id=root.pk, is_active=True).order_by("sort_order", "id"))
    office = next((u for u in level1 if u.is_office), None)
    if office is None:
        raise NoProvince(province.ROOT_NAME)
    posts = (
        Membership.objects.current()
        .filter(unit_id__in=[root.pk, *(u.pk for u in level1)], user__status=User.Status.ACTIVE)
        .order_by("unit_id", "position__sort_order", "id")
        .values_list("user_id", "unit_id", "position__level")
    )
    leaders: list[int] = []
    office_leaders: list[int] = []
    office_staff: list[int] = []
    heads: dict[int, int] = {}
    for user_id, unit_id, level in posts:
        if level == Position.Level.HEAD:
            heads.setdefault(unit_id, user_id)
        if unit_id == root.pk and level in (Position.Level.HEAD, Position.Level.DEPUTY):
            leaders.append(user_id)
        elif unit_id == office.pk:
            if level in (Position.Level.HEAD, Position.Level.DEPUTY):
                office_leaders.append(user_id)
            else:
                office_staff.append(user_id)
    if not leaders:
        raise NoProvince(province.ROOT_NAME)
    granted = office_staff[:MONITORS]
    for user_id in granted:
        RoleGrant.objects.get_or_create(user_id=user_id, role=RoleGrant.Role.DIRECTIVE_MONITOR, unit=root)
    monitors = granted + office_leaders
    if not monitors:
        raise NoProvince(province.ROOT_NAME)
    agencies = [u for u in level1 if not u.is_office and u.pk in heads]
    if not agencies:
        raise NoProvince(province.ROOT_NAME)
    username = User.objects.filter(pk=monitors[0]).values_list("username", flat=True).get()
    return _Org(root, office, leaders, monitors, agencies, heads, username)


def delete_generated() -> None:
    """The directives of a previously generated province (they protect its units and people)."""
    root = province.generated_root()
    if root is None:
        return
    directives = Directive.objects.filter(agency_id=root.pk)
    tasks = DirectiveTask.objects.filter(directive__in=directives)
    TaskEvent.objects.filter(task__in=tasks)._raw_delete(TaskEvent.objects.db)
    TaskReport.objects.filter(task__in=tasks)._raw_delete(TaskReport.objects.db)
    DirectiveTask.co_units.through.objects.filter(directivetask__in=tasks).delete()
    tasks.filter(parent__isnull=False)._raw_delete(DirectiveTask.objects.db)
    tasks._raw_delete(DirectiveTask.objects.db)
    directives._raw_delete(Directive.objects.db)


class _Builder:
    """Computes the rows of one directive at a time, deterministic for a seed."""

    def __init__(self, org: _Org, rng: random.Random, today: dt.date, ids: dict[str, int]):
        self.org = org
        self.rng = rng
        self.today = today
        self.tz = timezone.get_current_timezone()
        self.first_day = today - dt.timedelta(days=365 * YEARS)
        self.ids = ids
        # The busier agencies (the first departments, the districts) get more tasks.
        ranks = list(range(len(org.agencies)))
        rng.shuffle(ranks)
        self.agency_cum = list(accumulate(1.0 / (r + 4) for r in ranks))
        self.past = ([c for c, _w in PAST_MIX], list(accumulate(w for _c, w in PAST_MIX)))
        self.ahead = ([c for c, _w in AHEAD_MIX], list(accumulate(w for _c, w in AHEAD_MIX)))
        self.numbers: Counter = Counter()
        self.working: dict[dt.date, dt.date] = {}
        self.folded: dict[str, str] = {}

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _pick(self, table: tuple[list[str], list[float]]) -> str:
        values, cumulative = table
        return values[min(bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(values) - 1)]

    def _working(self, day: dt.date) -> dt.date:
        found = self.working.get(day)
        if found is None:
            found = self.working[day] = (
                day if calendar.is_working_day(day) else calendar.next_working_day(day)
            )
        return found

    def _at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = self.rng.randint(8, 16) if hour is None else hour
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.randrange(60), tzinfo=self.tz)

    def _between(self, first: dt.date, last: dt.date) -> dt.date:
        if last <= first:
            return first
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def _search(self, *parts: str) -> str:
        key = "\x00".join(parts)
        found = self.folded.get(key)
        if found is None:
            found = self.folded[key] = search_text(*parts)
        return found

    def directive(self, tasks: int, out: _Rows) -> None:
        rng, org, today = self.rng, self.org, self.today
        issued_on = self._working(self._between(self.first_day, today))
        if issued_on > today:
            issued_on = today
        urgency = Urgency.URGENT if rng.random() < URGENT_SHARE else Urgency.NORMAL
        self.numbers[issued_on.year] += 1
        number = f"{self.numbers[issued_on.year]}/UBND-VP"
        field = rng.choice(FIELDS)
        subject = rng.choice(SUBJECTS).format(field=field, year=issued_on.year)
        signer = rng.choice(org.leaders)
        entered_by = rng.choice(org.monitors)
        directive_id = self._next("directive")
        agencies = self._agencies(tasks)
        deadlines = [
            self._working(issued_on + dt.timedelta(days=rng.choice(DURATIONS))) for _ in range(tasks)
        ]
        due = entry_due(issued_on, urgency, deadlines)
        published_on = min(today, due if rng.random() < 0.9 else self._working(due + dt.timedelta(days=2)))
        published_on = max(published_on, issued_on)
        published_at = self._at(published_on)
        out.directives.append(
            Directive(
                id=directive_id,
                agency_id=org.root.pk,
                number=number,
                kind=rng.choice(KINDS),
                subject=subject,
                issued_on=issued_on,
                signer_id=signer,
                urgency=urgency,
                status=Directive.Status.PUBLISHED,
                entered_by_id=entered_by,
                created_at=published_at,
                entry_due=due,
                published_at=published_at,
                published_on=published_on,
                search_text=self._search(number, subject),
            )
        )
        for position, (lead, deadline) in enumerate(zip(agencies, deadlines, strict=True), start=1):
            self._task(
                out,
                directive_id=directive_id,
                number=number,
                position=position,
                lead=lead,
                deadline=deadline,
                issued_on=issued_on,
                urgency=urgency,
                signer=signer,
                entered_by=entered_by,
                published_at=published_at,
                field=field,
            )

    def _agencies(self, count: int) -> list[Unit]:
        agencies = self.org.agencies
        if count >= len(agencies):
            chosen = list(agencies)
            self.rng.shuffle(chosen)
            return (chosen * (count // len(chosen) + 1))[:count]
        picked: dict[int, Unit] = {}
        while len(picked) < count:
            index = bisect_right(self.agency_cum, self.rng.random() * self.agency_cum[-1])
            unit = agencies[min(index, len(agencies) - 1)]
            picked.setdefault(unit.pk, unit)
        return list(picked.values())

    def _task(
        self,
        out: _Rows,
        *,
        directive_id: int,
        number: str,
        position: int,
        lead: Unit,
        deadline: dt.date,
        issued_on: dt.date,
        urgency: str,
        signer: int,
        entered_by: int,
        published_at: dt.datetime,
        field: str,
    ) -> None:
        rng, today = self.rng, self.today
        category = self._pick(self.past if deadline < today else self.ahead)
        out.categories[category] += 1
        task_id = self._next("task")
        monitor = rng.choice(self.org.monitors)
        reporter = self.org.heads[lead.pk]
        content = rng.choice(TASK_TEXTS).format(field=field)
        start = published_at.date()
        task = DirectiveTask(
            id=task_id,
            directive_id=directive_id,
            position=position,
            content=content,
            lead_unit_id=lead.pk,
            lead_path=lead.path,
            monitor_id=monitor,
            deadline=deadline,
            status=STATUS_OF[category],
            agency_id=self.org.root.pk,
            signer_id=signer,
            issued_on=issued_on,
            urgency=urgency,
            created_at=published_at,
            updated_at=published_at,
            search_text=f"{self._search(number)} {self._search(content, lead.name, lead.short_name or '')}",
        )
        out.tasks.append(task)
        out.events.append(self._event(task_id, E.ASSIGNED, entered_by, published_at, unit=lead.pk))
        if rng.random() < CO_UNIT_SHARE and len(self.org.agencies) > 1:
            others = [
                u for u in rng.sample(self.org.agencies, min(3, len(self.org.agencies))) if u.pk != lead.pk
            ]
            for unit in others[: rng.choice((1, 1, 2))]:
                out.co_units.append((task_id, unit.pk))
        latest = min(today, deadline)
        if category == "new":
            return
        if category == "cancelled":
            day = self._between(start, latest)
            task.cancelled_at = self._at(day)
            task.updated_at = task.cancelled_at
            out.events.append(
                self._event(task_id, E.CANCELLED, monitor, task.cancelled_at, note="Văn bản đã được thay thế")
            )
            return
        if category == "returned":
            day = self._between(start, min(latest, start + dt.timedelta(days=5)))
            task.updated_at = self._at(day)
            out.events.append(
                self._event(
                    task_id,
                    E.RETURNED,
                    reporter,
                    task.updated_at,
                    note="Không thuộc chức năng, nhiệm vụ của đơn vị",
                    unit=lead.pk,
                )
            )
            return
        # Reports: a progress report approved first, often; then what the category needs.
        sent: list[dt.date] = []
        if category == "in_progress" or rng.random() < 0.5:
            sent.append(self._between(start, latest))
        if category in ("on_time", "reported", "rejected"):
            sent.append(self._between(sent[-1] if sent else start, latest))
        elif category == "late":
            late_day = min(today, deadline + dt.timedelta(days=1 + int(rng.expovariate(1 / 20))))
            if late_day <= deadline:  # a deadline of yesterday: late by today at the latest
                late_day = today
            sent.append(late_day)
        last = len(sent) - 1
        for i, day in enumerate(sent):
            final = i == last and category != "in_progress"
            proposal = TaskReport.Proposal.DONE if final else TaskReport.Proposal.PROGRESS
            self._report(out, task, reporter, monitor, day, proposal, category if final else "accepted")

    def _report(
        self,
        out: _Rows,
        task: DirectiveTask,
        reporter: int,
        monitor: int,
        day: dt.date,
        proposal: str,
        outcome: str,
    ) -> None:
        rng = self.rng
        report_id = self._next("report")
        submitted_at = self._at(day)
        document_date = day - dt.timedelta(days=rng.choice((0, 0, 1, 2)))
        document_date = max(document_date, task.issued_on)
        status = {
            "reported": TaskReport.Status.PENDING,
            "rejected": TaskReport.Status.REJECTED,
        }.get(outcome, TaskReport.Status.APPROVED)
        reviewed_at = None
        if status != TaskReport.Status.PENDING:
            reviewed_at = min(
                self._at(self._between(day, day + dt.timedelta(days=3)), 17), self._at(self.today, 8)
            )
            reviewed_at = max(reviewed_at, submitted_at)
        out.reports.append(
            TaskReport(
                id=report_id,
                task_id=task.pk,
                content="Đã triển khai thực hiện; kết quả cụ thể như báo cáo kèm theo",
                document_number=f"{rng.randint(1, 999)}/BC",
                document_date=document_date,
                proposal=proposal,
                status=status,
                submitted_by_id=reporter,
                submitted_at=submitted_at,
                due_on=document_date
                if task.urgency != Urgency.NORMAL
                else self._working(document_date + dt.timedelta(days=2)),
                submitted_on=day,
                reviewed_by_id=monitor if reviewed_at else None,
                reviewed_at=reviewed_at,
                review_note="Chưa đạt yêu cầu, đề nghị bổ sung kết quả cụ thể"
                if status == TaskReport.Status.REJECTED
                else "",
            )
        )
        out.events.append(self._event(task.pk, E.REPORTED, reporter, submitted_at, report=report_id))
        task.first_reported_at = task.first_reported_at or submitted_at
        task.last_reported_at = submitted_at
        task.updated_at = submitted_at
        if reviewed_at is None:
            return
        if status == TaskReport.Status.REJECTED:
            kind = E.REJECTED
            task.rejected_count += 1
        elif proposal == TaskReport.Proposal.DONE:
            kind = E.APPROVED
            task.completed_on, task.approved_at = day, reviewed_at
        else:
            kind = E.ACCEPTED
        task.updated_at = reviewed_at
        out.events.append(self._event(task.pk, kind, monitor, reviewed_at, report=report_id))

    def _event(
        self, task_id: int, kind: str, actor: int, at: dt.datetime, *, note: str = "", unit: int | None = None,
        report: int | None = None,
    ) -> tuple[Any, ...]:  # fmt: skip
        """An event as a row of ``EVENT_COLUMNS`` (the most numerous rows: no model instance)."""
        return (self._next("event"), task_id, kind, actor, None, at, note, unit, report)


@dataclass
class _Rows:
    directives: list[Directive]
    tasks: list[DirectiveTask]
    reports: list[TaskReport]
    events: list[tuple[Any, ...]]  # rows of EVENT_COLUMNS
    co_units: list[tuple[int, int]]
    categories: Counter

    def size(self) -> int:
        return len(self.tasks)

    def flush(self, totals: Counter) -> None:
        through = DirectiveTask.co_units.through
        co_units = [through(directivetask_id=t, unit_id=u) for t, u in self.co_units]
        batches: tuple[tuple[Any, list[Any]], ...] = (
            (Directive, self.directives),
            (DirectiveTask, self.tasks),
            (TaskReport, self.reports),
            (through, co_units),
        )
        for model, rows in batches:
            if connection.vendor == "postgresql":
                _copy(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=BATCH)
        if connection.vendor == "postgresql":
            _copy_tuples(TaskEvent, EVENT_COLUMNS, self.events)
        else:
            TaskEvent.objects.bulk_create(
                [TaskEvent(**dict(zip(EVENT_COLUMNS, row, strict=True))) for row in self.events],
                batch_size=BATCH,
            )
        totals["directives"] += len(self.directives)
        totals["tasks"] += len(self.tasks)
        totals["reports"] += len(self.reports)
        totals["pending"] += sum(r.status == TaskReport.Status.PENDING for r in self.reports)
        totals["events"] += len(self.events)
        for done in (self.directives, self.tasks, self.reports, self.events, self.co_units):
            done.clear()


def _copy(model: Any, rows: list[Any]) -> None:
    """PostgreSQL: the rows in one ``COPY`` (several times faster than INSERT for this volume)."""
    if not rows:
        return
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and getattr(rows[0], f.attname) is None)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.connection.cursor() as cursor:  # the psycopg connection, inside the transaction
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([getattr(row, name) for name in names])


def _copy_tuples(model: Any, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(n.removesuffix("_id")).column) for n in names
    )
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _last_id(model: Any) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def build(
    *, directives: int = 20_000, tasks: int | None = None, seed: int = 1, stdout: Any = None
) -> DirectivesResult:
    """Fill ``directives`` synthetic directives with ``tasks`` tasks in all (10 a directive by
    default) into the generated province. Raises ``NoProvince`` without one."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    if directives < 0:
        raise ValueError("directives must not be negative")
    tasks = directives * 10 if tasks is None else tasks
    if directives and tasks < directives:
        raise ValueError("every directive has at least one task")
    root = province.generated_root()
    if root is None:
        raise NoProvince(province.ROOT_NAME)
    started = time.perf_counter()
    rng = random.Random(seed)
    today = timezone.localdate()
    totals: Counter = Counter()
    categories: Counter = Counter()
    with transaction.atomic():
        org = _read_org(root)
        ids = {
            "directive": _last_id(Directive),
            "task": _last_id(DirectiveTask),
            "report": _last_id(TaskReport),
            "event": _last_id(TaskEvent),
        }
        builder = _Builder(org, rng, today, ids)
        # Numbers already used this year by earlier runs: go on after them.
        builder.numbers.update(
            {
                y: Directive.objects.filter(agency=root, issued_on__year=y).count()
                for y in range(today.year - YEARS, today.year + 1)
            }
        )
        rows = _Rows([], [], [], [], [], categories)
        dropped: list[str] = []
        if connection.vendor == "postgresql" and tasks >= REBUILD_INDEXES_FROM:
            # Building the secondary indexes once after COPY beats updating them row by row.
            for model in (DirectiveTask, TaskReport, TaskEvent, DirectiveTask.co_units.through):
                dropped += _drop_indexes(model)
        left = tasks
        for n in range(directives):
            # Tasks spread over the directives left: 0.3 to 1.7 × the average, at least one each.
            remaining = directives - n
            average = left / remaining
            count = (
                left - (remaining - 1)
                if remaining == 1
                else max(1, min(left - (remaining - 1), round(rng.uniform(0.3, 1.7) * average)))
            )
            left -= count
            builder.directive(count, rows)
            if rows.size() >= BATCH * 4:
                rows.flush(totals)
            if (n + 1) % 5000 == 0:
                say(f"… {n + 1} văn bản chỉ đạo — {time.perf_counter() - started:.0f} giây")
        rows.flush(totals)
        if dropped:
            say(f"Dựng lại {len(dropped)} chỉ mục — {time.perf_counter() - started:.0f} giây")
            _create_indexes(dropped)
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Directive, DirectiveTask, TaskReport, TaskEvent]
        ):
            with connection.cursor() as cursor:
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return DirectivesResult(
        directives=totals["directives"],
        tasks=totals["tasks"],
        reports=totals["reports"],
        events=totals["events"],
        by_category=dict(categories),
        pending_reports=totals["pending"],
        office_username=org.office_username,
        password=province.BENCH_PASSWORD,
        seconds=time.perf_counter() - started,
    )


def generated_tasks() -> Any:
    """The tasks of the generated province (tests, benchmarks)."""
    root = province.generated_root()
    if root is None:
        return DirectiveTask.objects.none()
    return DirectiveTask.objects.filter(subtree_q([root.path], "lead_"))
