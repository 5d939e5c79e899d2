"""What the entry screens and the API read (DIR-1, DIR-8, DIR-9; seed 001 Đ8.1, Đ10.2).

One read path for the screens and the API: the list of directives the person may read
(``policies.visible_directives``), newest issue first, keyset-paginated; the directive page with its
tasks; the late entries the office keeps an eye on; the office's view grants; the choices of the
entry form (the agency's units, leaders and office officers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import search_text
from congvu.directives import policies
from congvu.directives.models import Directive, DirectiveTask, Urgency, ViewGrant
from congvu.directives.tasks.selectors import decorate as decorate_tasks
from congvu.directives.workflow import DIRECTIVE_WORKFLOW
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, RoleGrant, Unit

LIST_ORDER = ("-issued_on", "-id")
STATUS_CHOICES = Directive.Status.choices
MAX_SEARCH_WORDS = 8


@dataclass
class Filters:
    """The list's filters, from the screen's query string or the API's parameters (all optional)."""

    text: str = ""
    status: str = ""  # "", draft, published
    signer: Any = None
    urgency: str = ""  # "", a ``Urgency`` value, or "urgent" for any urgency above normal
    late: bool = False


def sees_directives(user: Any) -> bool:
    """The menu's cheap test (org facts only, read once per request): the office of an agency, or a
    leader — the directing leaders and the agencies' heads. Anyone else reaches the list by a link."""
    facts = org.facts(user)
    if facts.led_unit_paths:
        return True
    return bool(office_agency_ids(user))


def office_agency_ids(user: Any) -> set[int]:
    """The agencies this person keeps as office, personally (no delegation, no query)."""
    return policies._office_agency_ids(user)


def late_q(today: dt.date) -> Q:
    """A late entry (seed 001 Đ8.1): a draft past its entry deadline, or published after it."""
    return Q(status=Directive.Status.DRAFT, entry_due__lt=today) | Q(
        status=Directive.Status.PUBLISHED, published_on__gt=F("entry_due")
    )


def text_filter(queryset: QuerySet[Directive], text: str) -> QuerySet[Directive]:
    """Folded search on ``search_text`` (number and subject): accents, case and đ/d never matter."""
    for word in search_text(text).split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def directives_for(
    user: Any, filters: Filters | None = None, *, today: dt.date | None = None
) -> QuerySet[Directive]:
    """The directives the person may read, filtered, with what a row shows (signer, task count)."""
    filters = filters or Filters()
    today = today or timezone.localdate()
    queryset = policies.visible_directives(user)
    if filters.text:
        queryset = text_filter(queryset, filters.text)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.signer is not None:
        queryset = queryset.filter(signer_id=filters.signer.pk)
    if filters.urgency == "urgent":
        queryset = queryset.exclude(urgency=Urgency.NORMAL)
    elif filters.urgency:
        queryset = queryset.filter(urgency=filters.urgency)
    if filters.late:
        queryset = queryset.filter(late_q(today))
    return queryset.select_related("signer", "agency").annotate(
        task_count=Count("tasks", filter=Q(tasks__parent__isnull=True))
    )


def directive_page(
    user: Any, *, filters: Filters | None = None, after: str | None = None, size: int | None = None
) -> KeysetPage:
    """One page of the list "Văn bản chỉ đạo": newest issue first."""
    today = timezone.localdate()
    page = keyset_page(
        directives_for(user, filters, today=today),
        order=LIST_ORDER,
        after=after,
        size=size or settings.PAGE_SIZE,
    )
    decorate(page.items, today)
    return page


def decorate(directives: list[Directive], today: dt.date) -> None:
    """What a row shows about the entry deadline: ``late`` (published after it, or a draft past it)."""
    for directive in directives:
        late = directive.entered_late or (
            directive.status == Directive.Status.DRAFT and directive.entry_due < today
        )
        setattr(directive, "late", late)  # noqa: B010 - a row's decoration, not a model field


def signer_choices(user: Any) -> list[Any]:
    """The leaders who signed a directive the person may read (the list's signer filter)."""
    from congvu.accounts.models import User

    signed = policies.visible_directives(user).values("signer_id")
    return sorted(User.objects.filter(pk__in=signed), key=tree.person_sort_key)


# --- late entries (seed 001 Đ8.1) ----------------------------------------------------------------


def late_entries(user: Any) -> QuerySet[Directive]:
    """The office's late entries: its agencies' drafts past their entry deadline, and the
    directives published after it — drafts first, then the newest issue. Nobody else has any."""
    agencies = [a.pk for a in policies.office_agencies(user)]
    if not agencies:
        return Directive.objects.none()
    today = timezone.localdate()
    return (
        Directive.objects.filter(agency_id__in=agencies)
        .filter(late_q(today))
        .select_related("signer", "agency")
        .annotate(task_count=Count("tasks", filter=Q(tasks__parent__isnull=True)))
        .order_by("status", "entry_due", "-id")
    )


def late_entry_count(user: Any) -> int:
    """What still waits on the office: its drafts past their entry deadline (one query; none for
    someone who is no office)."""
    agencies = [a.pk for a in policies.office_agencies(user)]
    if not agencies:
        return 0
    return Directive.objects.filter(
        agency_id__in=agencies, status=Directive.Status.DRAFT, entry_due__lt=timezone.localdate()
    ).count()


def late_counts(user: Any) -> list[Any]:
    """ "Chờ tôi xử lý" on the home page: the office's drafts past their entry deadline (shown only
    when there are some; no query for someone who is no office)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from congvu.core import registry

    ids = sorted(office_agency_ids(user))
    if not ids:
        return []
    count = Directive.objects.filter(
        agency_id__in=ids, status=Directive.Status.DRAFT, entry_due__lt=timezone.localdate()
    ).count()
    if not count:
        return []
    label = _("Văn bản chỉ đạo quá hạn cập nhật")
    return [registry.Count(label, count, reverse("directives:late"), "bad", waiting=True)]


# --- one directive --------------------------------------------------------------------------------


def directive_tasks(directive: Directive) -> list[DirectiveTask]:
    """The directive's tasks (not the periodic items of standing ones) with the lead agency, the
    co-operating agencies and the monitor whose phone and e-mail the page shows (DIR-9)."""
    tasks = list(
        directive.tasks.filter(parent__isnull=True)
        .select_related("lead_unit", "monitor")
        .prefetch_related("co_units")
        .order_by("position", "id")
    )
    decorate_tasks(tasks, timezone.localdate())  # the tone and "overdue" every task list shows
    return tasks


def directive_actions(user: Any, directive: Directive) -> dict[str, bool]:
    """What the page offers: publish or correct a draft, add a task (``DIRECTIVE_WORKFLOW`` decides)."""
    names = set(DIRECTIVE_WORKFLOW.allowed_names(directive, user, ("publish", "add_task", "edit")))
    return {"publish": "publish" in names, "add_task": "add_task" in names, "edit": "edit" in names}


# --- the entry form's choices ---------------------------------------------------------------------


def agency_units(agency: Unit) -> list[Unit]:
    """The units a task may be given to: every active unit under the agency (not the agency)."""
    return list(tree.subtree(agency).filter(is_active=True).exclude(pk=agency.pk).order_by("path"))


def office_officers(agency: Unit) -> list[Any]:
    """Who may monitor a task (DIR-9): the people of the agency's office unit and the holders of
    the directive-monitor role on the agency."""
    from congvu.accounts.models import User

    in_office = Membership.objects.current().filter(unit__is_office=True, unit__parent_id=agency.pk)
    monitors = RoleGrant.objects.filter(unit_id=agency.pk, role=RoleGrant.Role.DIRECTIVE_MONITOR)
    people = User.objects.filter(
        Q(pk__in=in_office.values("user_id")) | Q(pk__in=monitors.values("user_id")),
        status=User.Status.ACTIVE,
    )
    return sorted(people, key=tree.person_sort_key)


# --- view grants (DIR-8) --------------------------------------------------------------------------


def grants_for(user: Any) -> QuerySet[ViewGrant]:
    """The grants on the agencies the person keeps as office (nothing for anyone else)."""
    agencies = policies.office_agencies(user)
    if not agencies:
        return ViewGrant.objects.none()
    return ViewGrant.objects.filter(tree.subtree_q([a.path for a in agencies], "unit__")).select_related(
        "user", "unit", "granted_by"
    )


def grant_page(user: Any, *, after: str | None = None, size: int | None = None) -> KeysetPage:
    return keyset_page(grants_for(user), order=("-id",), after=after, size=size or settings.PAGE_SIZE)


def grant_units(user: Any) -> list[Unit]:
    """The units the office may grant: its agencies and everything under them."""
    agencies = policies.office_agencies(user)
    if not agencies:
        return []
    return list(
        Unit.objects.filter(tree.subtree_q([a.path for a in agencies]), is_active=True).order_by("path")
    )


def access_grant(user: Any, pk: int) -> ViewGrant:
    """A grant the office keeps, or 404 alike for missing and someone else's."""
    from congvu.core.decisions import Refused

    grant = grants_for(user).filter(pk=pk).first()
    if grant is None:
        raise Refused.not_found("Không tìm thấy quyền xem.")
    return grant
