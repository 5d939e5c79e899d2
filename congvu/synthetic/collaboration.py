"""The generated province's collaboration, for benchmarks: work calendars (the agency's weekly
calendar) and chat conversations. Bulk inserts on top of ``generate_province``."""

from __future__ import annotations

from typing import Any

CALENDAR_BATCH = 5000
CALENDAR_WEEKS = 52  # a year of weeks: the 47 before this one, this one and the 4 after
ENTRIES_PER_WEEK = 15  # per agency calendar and per leader's calendar
_CONTENTS = (
    "Giao ban lãnh đạo đầu tuần",
    "Họp Ban Chỉ đạo chuyển đổi số",
    "Tiếp công dân định kỳ",
    "Làm việc với Sở Nội vụ về đề án vị trí việc làm",
    "Kiểm tra tiến độ giải ngân vốn đầu tư công",
    "Hội nghị trực tuyến của Chính phủ với các địa phương",
    "Nghe báo cáo dự toán ngân sách năm sau",
    "Tiếp và làm việc với đoàn công tác của Bộ",
    "Kiểm tra công tác phòng, chống thiên tai",
    "Họp thẩm định quy hoạch xây dựng",
    "Dự lễ khởi công công trình trọng điểm",
    "Làm việc tại cơ quan",
)
_PLACES = ("Phòng họp số 1", "Phòng họp số 2", "Hội trường", "Trụ sở tiếp công dân", "Tại cơ sở", "")
_SLOTS = ((7, 30), (8, 0), (9, 0), (10, 0), (14, 0), (15, 0), (16, 0))


def generate_calendar(*, seed: int = 1) -> int:
    """A year of work calendar for every agency of the generated province (``generate_province``):
    its weekly calendar (every week published) and each of its leaders' calendars, about
    ``ENTRIES_PER_WEEK`` entries a week each, hosted by a leader, with one or two participants.
    SYNTHETIC: bulk inserts, no audit rows. Writes nothing when the province has calendars already.
    Returns the entries written."""
    import datetime as dt
    import random

    from django.db import transaction
    from django.utils import timezone

    from congvu.collaboration.calendar.models import CalendarEntry, CalendarWeek, WorkCalendar
    from congvu.org import tree
    from congvu.org.models import Membership, Position, Unit
    from congvu.synthetic import province

    root = province.generated_root()
    if root is None:
        raise RuntimeError("no generated province: run generate_province first")
    agencies = list(
        Unit.objects.filter(tree.subtree_q([root.path]), kind__in=tree.AGENCY_KINDS).order_by("path")
    )
    if WorkCalendar.objects.filter(agency__in=agencies).exists():
        return 0
    rng = random.Random(seed)
    leaders: dict[int, list[Any]] = {}
    for m in (
        Membership.objects.current()
        .filter(unit__in=agencies, position__level__in=[Position.Level.HEAD, Position.Level.DEPUTY])
        .select_related("user", "position")
        .order_by("unit_id", "position__sort_order", "id")
    ):
        leaders.setdefault(m.unit_id, []).append(m.user)
    today = timezone.localdate()
    first_monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=CALENDAR_WEEKS - 5)
    now = timezone.now()
    written = 0
    with transaction.atomic():
        calendars: list[tuple[WorkCalendar, list[Any]]] = []
        for agency in agencies:
            people = leaders.get(agency.pk, [])
            calendars.append(
                (
                    WorkCalendar(kind=WorkCalendar.Kind.AGENCY, agency=agency, unit=agency, name=agency.name),
                    people,
                )
            )
            for leader in people:
                calendars.append(
                    (
                        WorkCalendar(
                            kind=WorkCalendar.Kind.LEADER, agency=agency, unit=agency, leader=leader,
                            name=f"{leader.full_name} — {agency.short_name}"[:255],
                        ),
                        [leader],
                    )
                )  # fmt: skip
        WorkCalendar.objects.bulk_create([c for c, _p in calendars], batch_size=CALENDAR_BATCH)
        weeks = [
            CalendarWeek(
                calendar=c, week_start=first_monday + dt.timedelta(weeks=w),
                status=CalendarWeek.Status.PUBLISHED, published_at=now,
            )
            for c, _p in calendars
            if c.kind == WorkCalendar.Kind.AGENCY
            for w in range(CALENDAR_WEEKS)
        ]  # fmt: skip
        CalendarWeek.objects.bulk_create(weeks, batch_size=CALENDAR_BATCH)
        week_of = {(w.calendar_id, w.week_start): w for w in weeks}
        through = CalendarEntry.participants.through
        pending: list[CalendarEntry] = []
        hosts: list[list[Any]] = []

        def flush() -> None:
            CalendarEntry.objects.bulk_create(pending, batch_size=CALENDAR_BATCH)
            links = [
                through(calendarentry_id=e.pk, user_id=p.pk)
                for e, people in zip(pending, hosts, strict=True)
                for p in people
            ]
            through.objects.bulk_create(links, batch_size=CALENDAR_BATCH, ignore_conflicts=True)
            pending.clear()
            hosts.clear()

        for calendar, people in calendars:
            for w in range(CALENDAR_WEEKS):
                monday = first_monday + dt.timedelta(weeks=w)
                week = week_of.get((calendar.pk, monday))
                for _ in range(ENTRIES_PER_WEEK):
                    hour, minute = rng.choice(_SLOTS)
                    host = rng.choice(people) if people else None
                    pending.append(
                        CalendarEntry(
                            calendar=calendar, week=week, day=monday + dt.timedelta(days=rng.randrange(5)),
                            start_time=dt.time(hour, minute), content=rng.choice(_CONTENTS),
                            place=rng.choice(_PLACES), host=host, created_by=host or root_creator(),
                            participants_text="Lãnh đạo các phòng, đơn vị liên quan" if rng.random() < 0.4 else "",
                        )
                    )  # fmt: skip
                    hosts.append(rng.sample(people, k=min(len(people), rng.randint(0, 2))))
                    written += 1
                if len(pending) >= CALENDAR_BATCH:
                    flush()
        if pending:
            flush()
    return written


def root_creator() -> Any:
    """Who wrote an entry of an agency without leaders: the benchmark's own account."""
    from congvu.accounts.models import User
    from congvu.synthetic import province

    found = getattr(root_creator, "_found", None)
    if found is None:
        found = User.objects.get(username=province.BENCH_USERNAME)
        root_creator._found = found  # type: ignore[attr-defined]
    return found


# end of generate_calendar


def generate_chat(*, seed: int = 1) -> int:
    """Generated chat rows for the benchmark; the number written."""
    return 0


# end of generate_chat
