"""Reads of work items for the lists (API and screens alike): the same scopes and filters.

Every list starts from ``policies.visible_assignments(user)`` and narrows it; the scope condition is
selective and indexed (``asg_lead_user_idx``, ``asg_approver_idx``, ``asg_assigner_idx``,
``asg_unit_path_idx``), the visibility rule then only filters those rows.

    scope       mine            I lead it (in person, as head of the lead unit, or for someone I act
                                for), or I am a co-assignee
                to_approve      waiting for my approval (submitted, I am the approver)
                assigned_by_me  I gave it (or it was given in my name)
                unit            the work of a unit I lead and everything below it (``unit_id``), or of
                                every subtree I lead
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from congvu.assignments import policies
from congvu.assignments.models import (
    Assignment,
    Attachment,
    ChecklistItem,
    Extension,
    Participant,
    ProgressReport,
)
from congvu.core.decisions import Refused
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.search import search
from congvu.org import policies as org
from congvu.org.models import Unit

SCOPES = ("mine", "to_approve", "assigned_by_me", "unit")
ORDERS: dict[str, tuple[str, ...]] = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "priority": ("-priority", "deadline", "id"),
    "newest": ("-id",),
}
LIST_RELATED = ("assigner", "approver", "lead_user", "lead_unit", "unit")


def _people_ids(user: Any) -> list[int]:
    return [user.pk, *(p.pk for p in org.principals(user))]


def scope_q(user: Any, scope: str, unit: Unit | None = None) -> Q:
    people = _people_ids(user)
    if scope == "mine":
        headed = sorted({u.pk for person in [user, *org.principals(user)] for u in org.headed_units(person)})
        coordinating = Participant.objects.filter(
            assignment=OuterRef("pk"), user_id__in=people, role=Participant.Role.COORDINATE
        )
        return Q(lead_user_id__in=people) | Q(lead_unit_id__in=headed) | Q(Exists(coordinating))
    if scope == "to_approve":
        return Q(approver_id__in=people, status=Assignment.Status.SUBMITTED)
    if scope == "assigned_by_me":
        return Q(assigner_id__in=people) | Q(assigned_on_behalf_of_id__in=people)
    if scope == "unit":
        if unit is not None:
            if not policies.leads_unit(user, unit):
                raise Refused(f"Ông/bà không phụ trách {unit.name}.", field="unit_id")
            return Q(unit_path__startswith=unit.path)
        paths = policies.led_paths(user)
        query = Q(pk__in=[])
        for path in paths:
            query |= Q(unit_path__startswith=path)
        return query
    raise Refused("Phạm vi danh sách không hợp lệ.", field="scope")


def assignment_list(
    user: Any,
    *,
    scope: str = "mine",
    unit: Unit | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    due_before: dt.date | None = None,
    priority: int | None = None,
    person_id: int | None = None,
    q: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Assignment]:
    """The filtered rows, not yet ordered or paginated. ``status`` also takes "open"."""
    today = today or timezone.localdate()
    qs = policies.visible_assignments(user).filter(scope_q(user, scope, unit))
    if status:
        if status == "open":
            qs = qs.filter(status__in=Assignment.OPEN_STATES)
        elif status in Assignment.Status.values:
            qs = qs.filter(status=status)
        else:
            raise Refused("Trạng thái không hợp lệ.", field="status")
    if overdue is True:
        qs = qs.filter(status__in=Assignment.OPEN_STATES, deadline__lt=today)
    elif overdue is False:
        qs = qs.exclude(status__in=Assignment.OPEN_STATES, deadline__lt=today)
    if due_before is not None:
        qs = qs.filter(deadline__lte=due_before)
    if priority is not None:
        if priority not in Assignment.Priority.values:
            raise Refused("Mức ưu tiên không hợp lệ.", field="priority")
        qs = qs.filter(priority=priority)
    if person_id is not None:
        qs = qs.filter(
            Q(lead_user_id=person_id)
            | Exists(
                Participant.objects.filter(
                    assignment=OuterRef("pk"), user_id=person_id, role=Participant.Role.COORDINATE
                )
            )
        )
    if q:
        qs = search(qs, q)
    return qs


def assignment_page(
    queryset: QuerySet[Assignment], *, sort: str = "deadline", after: str | None, size: int
) -> KeysetPage:
    if sort not in ORDERS:
        raise Refused("Cách sắp xếp không hợp lệ.", field="sort")
    return keyset_page(queryset.select_related(*LIST_RELATED), order=ORDERS[sort], after=after, size=size)


@dataclass
class AssignmentDetail:
    """One item with everything its page shows, each part read once."""

    item: Assignment
    participants: list[Participant]
    checklist: list[ChecklistItem]
    reports: list[ProgressReport]
    extensions: list[Extension]
    attachments: list[Attachment]
    children: list[Assignment]


def assignment_detail(user: Any, pk: int) -> AssignmentDetail:
    """The visible item (404 otherwise) with its people, checklist, timeline, extensions, files, subtasks."""
    item = policies.access_assignment(user, pk)
    return AssignmentDetail(
        item=item,
        participants=list(
            Participant.objects.filter(assignment=item).select_related("user").order_by("role", "id")
        ),
        checklist=list(item.checklist.all()),
        reports=list(
            ProgressReport.objects.filter(assignment=item)
            .select_related("author", "on_behalf_of")
            .prefetch_related("files")
            .order_by("-id")
        ),
        extensions=list(
            Extension.objects.filter(assignment=item)
            .select_related("requested_by", "decided_by")
            .order_by("-id")
        ),
        attachments=list(
            Attachment.objects.filter(assignment=item).select_related("file", "added_by").order_by("id")
        ),
        children=list(item.children.select_related("lead_user", "lead_unit").order_by("deadline", "id")),
    )
