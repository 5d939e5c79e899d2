"""Benchmark of the chat conversation list (COL-8, issue #12), measured against a bare ceiling in the
same run, after bench/documents_bench.py.

    python bench/collaboration_chat_bench.py [--database-url sqlite:///var/bench-chat/db.sqlite3] [--generate]
        [--units 60 --users 1500 --people 1000] [--calls 200] [--rounds 3]

1. With ``--generate``: (re)creates the database (a SQLite file is removed; a PostgreSQL database is
   dropped and created), migrates it, runs ``congvu generate_province --units N --users M --items 0
   --directives 0 --documents 0`` and ``congvu.synthetic.collaboration.generate_chat(people=P)``:
   P people each in 20–50 conversations, 5 % of them busy (200–400 messages).
2. Picks the person in the most conversations.
3. Measures in-process, ``--calls`` calls each, ``--rounds`` rounds, the load average printed at
   each round's start:
   - the ceiling: the 50 newest rows of the message table by primary key (one indexed read);
   - the conversation list, first page (50 rows: last message, its sender, the other person,
     unread per row — ``selectors.conversation_page``) and the second page (keyset);
   - the unread total (the menu's badge and the home page count);
   - the poll of an open conversation with nothing new (membership + messages after the last id);
   - for comparison, the notifications page ``GET /thong-bao/`` (the layout, the menu and its badges);
   - the page "Hội thoại" itself, ``GET /phoi-hop/hoi-thoai/`` through Django's middleware, view
     and template (the server time of one request at a time, c=1, without the HTTP server).
4. Prints p50/p95 ms per round, the ratio of each p50 to the ceiling's, and the verdict against the
   goal: p95 ≤ 25 ms for the list.

A script, not a test: it exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_db import generate_province, percentile, setup_django, timed  # noqa: E402

GOAL_LIST_MS = 25.0
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench-chat' / 'db.sqlite3'}"


@dataclass
class Series:
    label: str
    goal: float
    p50: list[float] = field(default_factory=list)
    p95: list[float] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)
    rows: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--users", type=int, default=1500)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.generate:
        generate_province(args.database_url, units=args.units, users=args.users)
    setup_django(args.database_url)
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from congvu.accounts.models import User
    from congvu.collaboration.chat import policies, selectors
    from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
    from congvu.synthetic.collaboration import generate_chat

    if args.generate:
        started = time.perf_counter()
        written = generate_chat(people=args.people, stdout=sys.stdout)
        print(f"generate_chat: {written} rows in {time.perf_counter() - started:.1f} s", flush=True)
    busiest = (
        ConversationMember.objects.filter(left_at__isnull=True)
        .values("user_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        sys.exit("no chat in this database (run with --generate)")
    user = User.objects.get(pk=busiest["user_id"])
    busy_member = (
        ConversationMember.objects.filter(user=user, left_at__isnull=True)
        .order_by("-conversation__last_message_id")
        .first()
    )
    assert busy_member is not None
    counts = (Conversation.objects.count(), ChatMessage.objects.count(), ConversationMember.objects.count())
    first = selectors.conversation_page(user)
    print(
        f"person: {user.username} in {busiest['n']} conversations, {selectors.unread_total(user)} unread; "
        f"{counts[0]} conversations, {counts[1]} messages, {counts[2]} memberships"
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(user, backend="congvu.accounts.backends.LocalPasswordBackend")

    def fresh() -> Any:
        return User.objects.get(pk=user.pk)  # no count kept on the object between calls

    def ceiling() -> list[Any]:
        return list(ChatMessage.objects.order_by("-id").values_list("id", "body")[:50])

    def page_1() -> list[Any]:
        return selectors.conversation_page(user).items

    def page_2() -> list[Any]:
        return selectors.conversation_page(user, after=first.next_cursor).items

    last = busy_member.conversation.last_message_id or 0

    def poll() -> list[Any]:
        member = policies.membership(user, busy_member.conversation_id)
        assert member is not None
        return selectors.messages_after(busy_member.conversation_id, after=last)

    def page_http() -> list[Any]:
        response = client.get("/phoi-hop/hoi-thoai/")
        assert response.status_code == 200, response.status_code
        return [response]

    def inbox_http() -> list[Any]:
        response = client.get("/thong-bao/")
        assert response.status_code == 200, response.status_code
        return [response]

    plans: list[tuple[Series, Callable[[], Any]]] = [
        (Series("ceiling: 50 newest messages by id", 0), ceiling),
        (Series("conversation list, page 1 (selector)", GOAL_LIST_MS), page_1),
        (Series("conversation list, page 2 (selector)", GOAL_LIST_MS), page_2),
        (Series("unread total (badge, home)", GOAL_LIST_MS), lambda: [selectors.unread_total(fresh())]),
        (Series("poll, nothing new (2 queries)", GOAL_LIST_MS), poll),
        (Series("GET /thong-bao/ (a product page, to compare)", 0), inbox_http),
        (Series("GET /phoi-hop/hoi-thoai/ (server, c=1)", GOAL_LIST_MS), page_http),
    ]
    loads = []
    for round_no in range(1, args.rounds + 1):
        loads.append(os.getloadavg()[0])
        base = None
        for series, fn in plans:
            values, result = timed(args.calls, fn)
            series.rows = len(result)
            p50 = statistics.median(values)
            series.p50.append(p50)
            series.p95.append(percentile(values, 95))
            if base is None:
                base = p50
            series.ratio.append(p50 / base if base else float("nan"))
        print(f"round {round_no} done, load average {loads[-1]:.2f}", flush=True)
    vendor = connection.vendor
    connection.close()

    def runs(values: list[float], fmt: str) -> str:
        return " / ".join(format(v, fmt) for v in values)

    print()
    print(
        f"Công Vụ chat benchmark — {counts[0]} conversations, {counts[1]} messages, {vendor}, in-process, "
        f"{os.cpu_count()} CPU(s), load average {' / '.join(f'{v:.2f}' for v in loads)} at each round's start"
    )
    head = f"{'what':<42} {'rows':>5} {'p50 ms (runs)':>22} {'p95 ms (runs)':>22} {'× ceiling p50':>18} {'goal':>6}"
    print(head)
    print("-" * len(head))
    for series, _fn in plans:
        worst = max(series.p95)
        verdict = "" if not series.goal else ("OK" if worst <= series.goal else "MISS")
        print(
            f"{series.label:<42} {series.rows:>5} {runs(series.p50, '.1f'):>22} {runs(series.p95, '.1f'):>22} "
            f"{runs(series.ratio, '.1f'):>18} {verdict:>6}"
        )
    print()
    print(f"Goal: the conversation list p95 ≤ {GOAL_LIST_MS:.0f} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
