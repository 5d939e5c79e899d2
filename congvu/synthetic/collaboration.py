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


CHAT_LINES = (
    "Anh/chị xem giúp em dự thảo trước khi trình nhé.",
    "Đã nhận, chiều nay em gửi lại bản sửa.",
    "Cuộc họp chuyển sang 14 giờ, phòng họp số 2.",
    "Báo cáo tuần này nộp trước 16 giờ thứ Sáu.",
    "Em đã cập nhật số liệu vào bảng tổng hợp chung.",
    "Văn bản của Sở Tài chính đã về, anh xem trên hệ thống.",
    "Vâng ạ.",
    "Cảm ơn anh/chị!",
    "Phần này cần lãnh đạo phòng cho ý kiến trước.",
    "Hồ sơ đã đủ, em chuyển văn thư phát hành.",
)
GROUP_NAMES = ("Tổ công tác", "Nhóm soạn thảo", "Tổ giúp việc", "Nhóm theo dõi", "Ban tổ chức hội nghị")
BATCH = 5000


def _people_by_unit(root: Any) -> tuple[list[int], dict[int, list[int]]]:
    from congvu.org.models import Membership

    by_unit: dict[int, list[int]] = {}
    for user_id, unit_id in (
        Membership.objects.filter(unit__path__startswith=root.path, ended_on__isnull=True)
        .order_by("user_id")
        .values_list("user_id", "unit_id")
    ):
        by_unit.setdefault(unit_id, []).append(user_id)
    everyone = sorted({u for members in by_unit.values() for u in members})
    return everyone, by_unit


def generate_chat(
    *,
    seed: int = 1,
    people: int = 1000,
    per_person: tuple[int, int] = (20, 50),
    busy_share: float = 0.05,
    stdout: Any = None,
) -> int:
    """Chat for the benchmark, on the province of ``generate_province``: ``people`` of its staff (the
    bench account among them) each in ``per_person`` conversations — two thirds one-to-one with a
    colleague (mostly of the same unit), a third groups of 3–15 — with 3–30 messages each over the
    last 90 days, and a few hundred in the busy ones (``busy_share``). Members have read all but the
    last few messages of some conversations. Bulk inserts, no audit rows (synthetic data); the
    number of rows written. Existing chat rows are left as they are."""
    import datetime as dt
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from congvu.accounts.models import User
    from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
    from congvu.synthetic import province

    root = province.generated_root()
    if root is None:
        raise RuntimeError("no generated province: run generate_province first")
    rng = random.Random(seed)
    say = (lambda m: stdout.write(m)) if stdout is not None else (lambda m: None)
    everyone, by_unit = _people_by_unit(root)
    unit_of = {u: unit for unit, members in by_unit.items() for u in members}
    bench = User.objects.filter(username=province.BENCH_USERNAME).values_list("pk", flat=True).first()
    chosen = rng.sample(everyone, min(people, len(everyone)))
    if bench is not None and bench not in chosen:
        chosen[0] = bench
    chosen_set = set(chosen)
    now = timezone.now()
    wanted = {u: rng.randint(*per_person) for u in chosen}
    have: dict[int, int] = dict.fromkeys(chosen, 0)
    pairs: set[tuple[int, int]] = set()
    groups: list[list[int]] = []

    def colleague(user: int) -> int:
        pool = by_unit.get(unit_of.get(user, -1), [])
        if len(pool) > 1 and rng.random() < 0.6:
            return rng.choice(pool)
        return rng.choice(chosen)

    for user in chosen:
        tries = 0
        while have[user] < wanted[user] and tries < 200:
            tries += 1
            if rng.random() < 2 / 3:
                other = colleague(user)
                pair = (min(user, other), max(user, other))
                if other == user or pair in pairs:
                    continue
                pairs.add(pair)
                for member in pair:
                    if member in have:
                        have[member] += 1
            else:
                size = rng.randint(3, 15)
                group = {user}
                while len(group) < size:
                    group.add(colleague(user))
                groups.append(sorted(group))
                for member in group:
                    if member in have:
                        have[member] += 1
    conversations = [("direct", list(pair)) for pair in sorted(pairs)] + [("group", g) for g in groups]
    rng.shuffle(conversations)
    say(f"Kế hoạch: {len(pairs)} hội thoại hai người, {len(groups)} nhóm cho {len(chosen_set)} người.")

    def next_id(model: Any) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    written = 0
    with transaction.atomic():
        conv_id, msg_id = next_id(Conversation), next_id(ChatMessage)
        conv_rows: list[Conversation] = []
        member_rows: list[ConversationMember] = []
        message_rows: list[ChatMessage] = []

        def flush() -> None:
            nonlocal written
            Conversation.objects.bulk_create(conv_rows, batch_size=BATCH)
            ChatMessage.objects.bulk_create(message_rows, batch_size=BATCH)
            ConversationMember.objects.bulk_create(member_rows, batch_size=BATCH)
            written += len(conv_rows) + len(message_rows) + len(member_rows)
            for rows in (conv_rows, member_rows, message_rows):
                rows.clear()

        for kind, members in conversations:
            busy = rng.random() < busy_share
            count = rng.randint(200, 400) if busy else rng.randint(3, 30)
            started = now - dt.timedelta(days=90 * rng.random() ** 2, minutes=rng.randint(0, 600))
            step = (now - started) / (count + 1)
            first_id = msg_id
            at = started
            for _ in range(count):
                at = at + step * (0.5 + rng.random())
                at = min(at, now)
                message_rows.append(
                    ChatMessage(id=msg_id, conversation_id=conv_id, sender_id=rng.choice(members),
                                body=rng.choice(CHAT_LINES), sent_at=at)
                )  # fmt: skip
                msg_id += 1
            last_id = msg_id - 1
            low, high = (members[0], members[1]) if kind == "direct" else (None, None)
            conv_rows.append(
                Conversation(id=conv_id, kind=kind, created_by_id=members[0], created_at=started,
                             title="" if kind == "direct" else f"{rng.choice(GROUP_NAMES)} {conv_id}",
                             direct_low_id=low, direct_high_id=high, last_message_id=last_id, last_activity_at=at)
            )  # fmt: skip
            for i, member in enumerate(members):
                behind = rng.randint(1, 8) if rng.random() < 0.3 else 0
                member_rows.append(
                    ConversationMember(conversation_id=conv_id, user_id=member, joined_at=started,
                                       is_admin=(kind == "group" and i == 0),
                                       last_read_message_id=max(first_id - 1, last_id - behind))
                )  # fmt: skip
            conv_id += 1
            if len(message_rows) >= BATCH:
                flush()
        flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Conversation, ChatMessage, ConversationMember):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(
        no_style(), [Conversation, ChatMessage, ConversationMember]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    say(f"Đã ghi {written} dòng hội thoại.")
    return written


# end of generate_chat
