"""What the agencies, the office and the directing leaders read about directive tasks (seed 001
Đ5, Đ8.2, Đ8.3, Đ9; MISSION DIR-2..DIR-5, DIR-9): the "Nhiệm vụ chỉ đạo" list with its filters, the
office's review queue, the task page, the home section and the header search.

Every list starts from ``policies.visible_tasks`` (or a narrower set of the same tasks), is read with
its related rows in the same query and paged by keyset (``core.pagination``). The categories of the
statistics are defined once, in ``stats.selectors``; ``category_q`` applies them here, so that a
figure of a statistics page and the list it links to agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.assignments import selectors as assignment_selectors
from congvu.assignments.models import Assignment
from congvu.core import registry
from congvu.core.decisions import Refused
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import search_text
from congvu.directives import policies
from congvu.directives.models import DirectiveTask, TaskEvent, TaskReport
from congvu.directives.stats import selectors as stats
from congvu.directives.workflow import TASK_WORKFLOW
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, RoleGrant, Unit

S = DirectiveTask.Status
NOT_OPEN = (S.DONE, S.CANCELLED)
LIST_ORDER = ("deadline", "id")
QUEUE_ORDER = ("submitted_at", "id")
HOME_ROWS = 5
MAX_WORDS = 8

# --- the categories of the statistics (DIR-5, DIR-6) ----------------------------------------------

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
NOT_UPDATED = "not_updated"
CATEGORIES = stats.MEASURES  # the five categories and "total", as the statistics name them


def category_q(category: str, today: dt.date) -> Q:
    """The tasks behind one figure of the statistics, as of ``today``: the statistics' own
    definition (``stats.selectors.category_q``), cancelled tasks left out as they count nowhere."""
    if category not in CATEGORIES:
        raise Refused.invalid("Nhóm thống kê không hợp lệ.", field="category")
    return stats.category_q(category, today) & ~Q(status=S.CANCELLED)


# --- the list "Nhiệm vụ chỉ đạo" --------------------------------------------------------------------

TAB_MINE = "mine"
TAB_MONITOR = "monitor"
TAB_SIGNED = "signed"
TAB_ALL = "all"
TABS = (
    (TAB_ALL, _("Tất cả")),
    (TAB_MINE, _("Của cơ quan tôi")),
    (TAB_MONITOR, _("Tôi theo dõi")),
    (TAB_SIGNED, _("Tôi chỉ đạo")),
)
STATUS_OPEN = "open"


@dataclass
class Filters:
    tab: str = TAB_ALL
    status: str = ""  # "", "open" or a task status ("new" is "chưa cập nhật")
    overdue: bool = False
    text: str = ""
    agency: Unit | None = None  # the lead agency
    signer: Any = None
    start: dt.date | None = None  # issued on or after
    end: dt.date | None = None  # issued on or before
    category: str = ""
    standing: bool = False  # show the standing (container) tasks too


def people_ids(user: Any) -> list[int]:
    """The person and those they act for under a delegation."""
    return [user.pk, *(p.pk for p in tree.principals(user))]


def led_paths(user: Any) -> list[str]:
    people = [user, *tree.principals(user)]
    return sorted({path for p in people for path in org.facts(p).led_unit_paths})


def mine_q(user: Any) -> Q:
    """The lead agency's tasks I act on: I lead the lead unit itself (head, or deputy in charge), or
    I am the appointed handler — also for someone I act for."""
    q = Q(handler_id__in=people_ids(user))
    paths = led_paths(user)
    if paths:
        q |= Q(lead_path__in=paths)
    return q


def tab_queryset(user: Any, tab: str) -> QuerySet[DirectiveTask]:
    if tab == TAB_MINE:
        return DirectiveTask.objects.filter(mine_q(user))
    if tab == TAB_MONITOR:
        return DirectiveTask.objects.filter(monitor_id__in=people_ids(user))
    if tab == TAB_SIGNED:
        return DirectiveTask.objects.filter(signer_id__in=people_ids(user))
    if tab == TAB_ALL:
        return policies.visible_tasks(user)
    raise Refused.invalid("Danh sách không hợp lệ.", field="tab")


def text_filter(queryset: QuerySet[DirectiveTask], text: str) -> QuerySet[DirectiveTask]:
    """Folded words of ``search_text`` (number, content, lead agency): accents and case never matter."""
    for word in search_text(text).split()[:MAX_WORDS]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def apply_filters(
    queryset: QuerySet[DirectiveTask], filters: Filters, today: dt.date
) -> QuerySet[DirectiveTask]:
    if not filters.standing:
        queryset = queryset.filter(recurrence="")
    if filters.status == STATUS_OPEN:
        queryset = queryset.filter(status__in=DirectiveTask.OPEN_STATES)
    elif filters.status:
        if filters.status not in S.values:
            raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
        queryset = queryset.filter(status=filters.status)
    if filters.overdue:
        queryset = queryset.filter(status__in=DirectiveTask.OPEN_STATES, deadline__lt=today)
    if filters.category:
        queryset = queryset.filter(category_q(filters.category, today))
    if filters.agency is not None:
        queryset = queryset.filter(lead_unit_id=filters.agency.pk)
    if filters.signer is not None:
        queryset = queryset.filter(signer_id=filters.signer.pk)
    if filters.start is not None:
        queryset = queryset.filter(issued_on__gte=filters.start)
    if filters.end is not None:
        queryset = queryset.filter(issued_on__lte=filters.end)
    if filters.text:
        queryset = text_filter(queryset, filters.text)
    return queryset


ROW_RELATED = ("directive", "lead_unit", "handler", "monitor", "signer")


def task_page(
    user: Any,
    *,
    filters: Filters,
    after: str | None = None,
    size: int | None = None,
    today: dt.date | None = None,
) -> KeysetPage:
    """One page of "Nhiệm vụ chỉ đạo": the tab's tasks, filtered, nearest deadline first."""
    today = today or timezone.localdate()
    queryset = apply_filters(tab_queryset(user, filters.tab), filters, today).select_related(*ROW_RELATED)
    page = keyset_page(queryset, order=LIST_ORDER, after=after, size=size or settings.PAGE_SIZE)
    decorate(page.items, today)
    return page


def decorate(tasks: list[DirectiveTask], today: dt.date) -> None:
    """What a row shows besides its fields: days left or overdue, the tone of its status."""
    for task in tasks:
        open_ = task.status in DirectiveTask.OPEN_STATES
        days = (task.deadline - today).days
        task.overdue = open_ and days < 0  # type: ignore[attr-defined]
        task.status_tone = STATUS_TONES.get(task.status, "muted")  # type: ignore[attr-defined]
        if not open_:
            task.due_label = ""  # type: ignore[attr-defined]
            task.due_tone = "muted"  # type: ignore[attr-defined]
        elif days < 0:
            task.due_label = _("quá hạn %(n)s ngày") % {"n": -days}  # type: ignore[attr-defined]
            task.due_tone = "bad"  # type: ignore[attr-defined]
        elif days == 0:
            task.due_label = _("đến hạn hôm nay")  # type: ignore[attr-defined]
            task.due_tone = "warn"  # type: ignore[attr-defined]
        else:
            task.due_label = _("còn %(n)s ngày") % {"n": days}  # type: ignore[attr-defined]
            task.due_tone = "warn" if days <= 3 else "ok"  # type: ignore[attr-defined]


STATUS_TONES: dict[str, str] = {
    S.NEW: "warn",
    S.REPORTED: "info",
    S.IN_PROGRESS: "info",
    S.REJECTED: "bad",
    S.RETURNED: "bad",
    S.DONE: "ok",
    S.CANCELLED: "muted",
}


def lead_agencies(user: Any) -> list[Unit]:
    """The lead agencies offered by the list's filter: the units under the agencies the person reads
    as office or signer, or those they lead."""
    people = [user, *tree.principals(user)]
    agency_ids = {a for p in people for a in policies._office_agency_ids(p)}
    signed = DirectiveTask.objects.filter(signer_id__in=[p.pk for p in people]).values("agency_id")
    q = Q(parent_id__in=agency_ids) | Q(parent_id__in=signed)
    paths = led_paths(user)
    if paths:
        q |= Q(path__in=paths)
    return list(Unit.objects.filter(q, is_active=True).order_by("path")[:500])


def signers(user: Any) -> list[Any]:
    """The directing leaders offered by the list's filter: the leaders of the person's office agencies."""
    people: dict[int, Any] = {}
    for agency in policies.office_agencies(user):
        for person in policies.leaders_of(agency):
            people[person.pk] = person
    return sorted(people.values(), key=tree.person_sort_key)


# --- the review queue (DIR-3) -------------------------------------------------------------------------


def office_agency_ids(user: Any) -> list[int]:
    people = [user, *tree.principals(user)]
    return sorted({a for p in people for a in policies._office_agency_ids(p)})


def _queue(user: Any) -> QuerySet[TaskReport]:
    agencies = office_agency_ids(user)
    if not agencies:
        return TaskReport.objects.none()
    return TaskReport.objects.filter(status=TaskReport.Status.PENDING, task__agency_id__in=agencies)


QUEUE_PAGE = 20  # a queue is worked from its top: each row carries its two forms
# What a row shows, and no more (a row read whole decodes the people's and tasks' every column).
QUEUE_FIELDS = (
    "id", "task_id", "content", "document_number", "document_date", "file_id", "proposal", "status",
    "submitted_at", "submitted_on", "due_on", "submitted_by_id",
    "task__id", "task__content", "task__deadline", "task__urgency", "task__directive_id", "task__lead_unit_id",
    "task__directive__id", "task__directive__number",
    "task__lead_unit__id", "task__lead_unit__name",
    "submitted_by__id", "submitted_by__full_name",
)  # fmt: skip


def review_queue(user: Any, after: str | None = None, limit: int = QUEUE_PAGE) -> KeysetPage:
    """The reports waiting for the office's review, oldest first (index ``dreport_queue_idx``), with
    their task, its directive and lead agency and who sent them."""
    # Four joins, not six: PostgreSQL's planning time grows with every relation (6 ms → 1.5 ms on
    # the province's data); the few files are read by one more query only when a row has one.
    queryset = (
        _queue(user)
        .select_related("task", "task__directive", "task__lead_unit", "submitted_by")
        .only(*QUEUE_FIELDS)
        .prefetch_related("file")
    )
    page = keyset_page(queryset, order=QUEUE_ORDER, after=after, size=max(1, min(limit, 200)))
    _queue_urls(page.items)
    return page


_ID = 987654321  # a stand-in id: each address is reversed once a page, then filled in per row


def _queue_urls(reports: list[TaskReport]) -> None:
    """Each row's four addresses, built from one ``reverse`` each (not four per row)."""
    task = reverse("directives:task_detail", args=[_ID])
    approve = reverse("directives:report_approve", args=[_ID])
    reject = reverse("directives:report_reject", args=[_ID])
    file = reverse("directives:task_report_file", args=[_ID, _ID + 1])
    for r in reports:
        r.task_url = task.replace(str(_ID), str(r.task_id))  # type: ignore[attr-defined]
        r.approve_url = approve.replace(str(_ID), str(r.pk))  # type: ignore[attr-defined]
        r.reject_url = reject.replace(str(_ID), str(r.pk))  # type: ignore[attr-defined]
        r.file_url = (  # type: ignore[attr-defined]
            file.replace(str(_ID + 1), str(r.pk)).replace(str(_ID), str(r.task_id)) if r.file_id else ""
        )


def review_queue_count(user: Any) -> int:
    return _queue(user).count()


# --- the task page --------------------------------------------------------------------------------


@dataclass
class TaskPageData:
    task: DirectiveTask
    co_units: list[Unit]
    reports: list[TaskReport]
    timeline: list[TaskEvent]
    pending: TaskReport | None
    items: list[DirectiveTask] = field(default_factory=list)
    work: list[Assignment] = field(default_factory=list)


def task_detail(task: DirectiveTask, today: dt.date | None = None) -> TaskPageData:
    """Everything the task page shows, in a few queries."""
    decorate([task], today or timezone.localdate())
    reports = list(
        task.reports.select_related("submitted_by", "submitted_on_behalf_of", "reviewed_by", "file").order_by(
            "-submitted_at", "-id"
        )
    )
    timeline = list(task.events.select_related("actor", "on_behalf_of", "unit").order_by("-at", "-id"))
    pending = next((r for r in reports if r.status == TaskReport.Status.PENDING), None)
    items: list[DirectiveTask] = []
    if task.recurrence:
        items = list(task.items.select_related("lead_unit").order_by("deadline", "id")[:100])
        decorate(items, today or timezone.localdate())
    return TaskPageData(
        task=task,
        co_units=list(task.co_units.order_by("path")),
        reports=reports,
        timeline=timeline,
        pending=pending,
        items=items,
        work=distributed_work(task),
    )


def distributed_work(task: DirectiveTask) -> list[Assignment]:
    """ "Công việc đã giao": the work items given inside the agency from this task (issue #10), with
    their lead person or unit, in one query; each row links to the work's own page, which checks
    who may read it."""
    work = list(
        Assignment.objects.filter(links__kind="directive", links__target_id=str(task.pk))
        .select_related("lead_user", "lead_unit")
        .order_by("deadline", "id")[:200]
    )
    for item in work:
        vars(item)["status_tone"] = assignment_selectors.STATUS_TONES.get(str(item.status), "muted")
    return work


@dataclass
class DistributeChoices:
    """Whom the leader may give work to from the task: people and units of the lead agency."""

    people: list[Any]
    units: list[Unit]


def distribute_choices(user: Any, task: DirectiveTask) -> DistributeChoices:
    """The work module's own candidates (``assign_candidates``: its scope rule), kept to the lead
    unit's subtree — the task is distributed inside the agency — and without the leader."""
    candidates = assignment_selectors.assign_candidates(user)
    inside = set(
        Membership.objects.current()
        .filter(unit__path__startswith=task.lead_path)
        .values_list("user_id", flat=True)
    )
    people = [p for p in candidates.people if p.pk != user.pk and p.pk in inside]
    units = [u for u in candidates.units if u.path.startswith(task.lead_path) and u.pk != task.lead_unit_id]
    return DistributeChoices(people=people, units=units)


@dataclass
class TaskActions:
    names: list[str]
    review: bool  # approve or reject the pending report

    def __contains__(self, name: str) -> bool:
        return name in self.names or (name in ("approve", "reject") and self.review)

    @property
    def any(self) -> bool:
        return bool(self.names) or self.review


def task_actions(user: Any, page: TaskPageData) -> TaskActions:
    """What the person may do on the task now, as the workflow says."""
    names = TASK_WORKFLOW.allowed_names(page.task, user)
    review = page.pending is not None and bool(
        TASK_WORKFLOW.check(
            "approve" if page.pending.proposal == TaskReport.Proposal.DONE else "accept", page.task, user
        )
    )
    return TaskActions(names=names, review=review)


def report_of(task: DirectiveTask, report_id: int) -> TaskReport:
    report = task.reports.select_related("file").filter(pk=report_id).first()
    if report is None or report.file is None:
        raise Refused.not_found("Không tìm thấy tệp.")
    return report


def lead_people(task: DirectiveTask) -> list[Any]:
    """Who the lead agency's leader may appoint: the people of the lead unit and the units under it."""
    from congvu.accounts.models import User

    posts = Membership.objects.current().filter(unit__path__startswith=task.lead_path)
    people = User.objects.filter(status=User.Status.ACTIVE, memberships__in=posts).distinct()
    return sorted(people[:500], key=tree.person_sort_key)


def assignable_units(agency_id: int) -> list[Unit]:
    """The units a task of the agency may be given to: the agencies under it (two levels)."""
    agency = Unit.objects.get(pk=agency_id)
    return list(
        Unit.objects.filter(
            path__startswith=agency.path, depth__gt=agency.depth, depth__lte=agency.depth + 2, is_active=True
        ).order_by("path")
    )


def office_people(agency_id: int) -> list[Any]:
    """Who may monitor a task of the agency (DIR-9): its office's people and the monitor role holders."""
    from congvu.accounts.models import User

    posts = Membership.objects.current().filter(unit__is_office=True, unit__parent_id=agency_id)
    roles = RoleGrant.objects.filter(unit_id=agency_id, role=RoleGrant.Role.DIRECTIVE_MONITOR)
    people = User.objects.filter(
        Q(memberships__in=posts) | Q(pk__in=roles.values("user_id")), status=User.Status.ACTIVE
    ).distinct()
    return sorted(people, key=tree.person_sort_key)


# --- home, counters, nav, search ----------------------------------------------------------------


def is_office_anywhere(user: Any) -> bool:
    return bool(getattr(user, "pk", None)) and bool(office_agency_ids(user))


def _rows(queryset: QuerySet[DirectiveTask], count: int, today: dt.date) -> list[DirectiveTask]:
    """The first rows of a home list, read only when there is something to show."""
    if not count:
        return []
    rows = list(queryset.select_related("directive", "lead_unit").order_by(*LIST_ORDER)[:HOME_ROWS])
    decorate(rows, today)
    return rows


def home_section(user: Any) -> dict[str, Any] | None:
    """The directives part of "Hôm nay": the office's reports to review and tasks returned to it; the
    lead agency's tasks to report on and reports rejected; the directing leader's overdue tasks.

    One aggregate reads every number; a list's rows are read only when its number is not zero."""
    if not getattr(user, "pk", None):
        return None
    today = timezone.localdate()
    tasks_url = reverse("directives:tasks")
    agencies = office_agency_ids(user)
    mine = mine_q(user)
    due_q = mine & Q(status__in=(S.NEW, S.IN_PROGRESS, S.REJECTED))
    rejected_q = mine & Q(status=S.REJECTED)
    overdue_q = Q(signer_id__in=people_ids(user), status__in=DirectiveTask.OPEN_STATES, deadline__lt=today)
    returned_q = Q(agency_id__in=agencies, status=S.RETURNED) if agencies else Q(pk__in=[])
    tally = (
        DirectiveTask.objects.filter(due_q | overdue_q | returned_q, recurrence="")
        .order_by()
        .aggregate(
            due=Count("id", filter=due_q),
            rejected=Count("id", filter=rejected_q),
            overdue=Count("id", filter=overdue_q),
            returned=Count("id", filter=returned_q),
        )
    )
    base = DirectiveTask.objects.filter(recurrence="")
    section: dict[str, Any] = {
        "office": bool(agencies),
        "due_count": tally["due"],
        "due": _rows(base.filter(due_q), tally["due"], today),
        "rejected_count": tally["rejected"],
        "overdue_count": tally["overdue"],
        "overdue": _rows(base.filter(overdue_q), tally["overdue"], today),
        "returned_count": tally["returned"],
        "returned": _rows(base.filter(returned_q), tally["returned"], today),
    }
    counts: list[registry.Count] = []
    if agencies:
        queue = review_queue(user, limit=HOME_ROWS)
        section["queue"] = queue.items
        section["queue_count"] = review_queue_count(user) if queue.has_next else len(queue.items)
        counts += [
            registry.Count(
                _("Báo cáo chỉ đạo chờ duyệt"),
                section["queue_count"],
                reverse("directives:review_queue"),
                "warn",
                waiting=True,
            ),
            registry.Count(
                _("Nhiệm vụ chỉ đạo bị trả lại Văn phòng"),
                tally["returned"],
                f"{tasks_url}?tab={TAB_ALL}&status={S.RETURNED}",
                "bad",
                waiting=True,
            ),
        ]
    if tally["due"]:
        counts += [
            registry.Count(
                _("Nhiệm vụ chỉ đạo cần báo cáo"),
                tally["due"],
                f"{tasks_url}?tab={TAB_MINE}&status={STATUS_OPEN}",
                waiting=True,
            ),
            registry.Count(
                _("Báo cáo chỉ đạo bị từ chối"),
                tally["rejected"],
                f"{tasks_url}?tab={TAB_MINE}&status={S.REJECTED}",
                "bad",
                waiting=True,
            ),
        ]
    if tally["overdue"]:
        counts.append(
            registry.Count(
                _("Nhiệm vụ tôi chỉ đạo quá hạn"),
                tally["overdue"],
                f"{tasks_url}?tab={TAB_SIGNED}&overdue=1",
                "bad",
            )
        )
    if not counts:
        return None
    section["counts"] = counts
    return section


def task_hits(user: Any, query: str, limit: int) -> list[registry.SearchHit]:
    """The tasks the person may read whose number, content or lead agency has every word typed."""
    words = search_text(query).split()
    if not words:
        return []
    found = text_filter(policies.visible_tasks(user), query).select_related("directive", "lead_unit")
    rows = list(found.order_by("-issued_on", "-id")[:limit])
    return [
        registry.SearchHit(
            title=f"{task.directive.number}: {task.content[:120]}",
            url=reverse("directives:task_detail", args=[task.pk]),
            kind=_("Nhiệm vụ chỉ đạo"),
            detail=f"{task.lead_unit.name} · {task.get_status_display()} · {task.deadline:%d/%m/%Y}",
        )
        for task in rows
    ]
