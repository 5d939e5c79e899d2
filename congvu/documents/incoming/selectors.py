"""Reads of incoming documents and dossiers, for the screens and the API alike (DOC-1..DOC-3, F-1g,
F-2a, F-4b). Every list starts from ``policies.visible_incoming`` / ``visible_dossiers``, is
keyset-paginated and reads its rows with what the screen shows in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congvu.core import registry
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import search_text
from congvu.documents import policies as may
from congvu.documents.incoming.policies import visible_dossiers
from congvu.documents.models import (
    URGENCY_RANK,
    URGENT_LEVELS,
    Direction,
    DocumentFile,
    Dossier,
    DossierEntry,
    IncomingDocument,
    Register,
    RouteRecipient,
    RouteStep,
)
from congvu.documents.workflow import INCOMING_WORKFLOW
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit

PAGE_SIZE = 30
LIST_RELATED = ("agency", "document_type", "sender_agency", "lead_user", "lead_unit", "register")
ORDER = ("-id",)  # registration order: the register's order within a year (số đến grows with it)


@dataclass
class Filters:
    """The register view's filters (F-1g): every one optional."""

    year: int | None = None
    status: str = ""
    urgency: str = ""  # a level, or "urgent" for every urgent level
    document_type_id: int | None = None
    sender: str = ""
    text: str = ""


def _people_ids(user: Any) -> list[int]:
    return [user.pk, *(p.pk for p in tree.principals(user))]


def _filtered(qs: QuerySet[IncomingDocument], filters: Filters) -> QuerySet[IncomingDocument]:
    if filters.year:
        qs = qs.filter(
            Q(arrival_year=filters.year) | Q(arrival_year__isnull=True, created_at__year=filters.year)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.urgency == "urgent":
        qs = qs.filter(urgency__in=URGENT_LEVELS)
    elif filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.document_type_id:
        qs = qs.filter(document_type_id=filters.document_type_id)
    if filters.sender:
        qs = qs.filter(sender_name__icontains=filters.sender.strip())
    words = search_text(filters.text).split()
    for word in words[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def register_page(
    user: Any, *, filters: Filters, after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """The clerk's (and the agency leaders') incoming list: the register view of their agencies."""
    agencies = sorted(may.clerk_agency_ids(user) | may.leader_agency_ids(user))
    qs = may.visible_incoming(user).filter(agency_id__in=agencies)
    qs = _filtered(qs, filters).select_related(*LIST_RELATED)
    return keyset_page(qs, order=ORDER, after=after, size=size)


def visible_page(
    user: Any, *, filters: Filters, after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """Every incoming document the person may read, filtered (the API's list)."""
    qs = _filtered(may.visible_incoming(user), filters).select_related(*LIST_RELATED)
    return keyset_page(qs, order=ORDER, after=after, size=size)


def _pending_for_q(user: Any) -> Q:
    """Route recipients still waiting on the person: named personally, or a unit they lead."""
    people = [user, *tree.principals(user)]
    paths = sorted({p for person in people for p in org.facts(person).led_unit_paths})
    mine = Q(user_id__in=[p.pk for p in people])
    if paths:
        mine |= Q(unit__path__in=paths)
    return mine


def todo_queryset(user: Any) -> QuerySet[IncomingDocument]:
    """ "Văn bản cần xử lý": documents in progress with a recipient row pending for the person or
    for a unit they lead (as lead or co-handler)."""
    pending = RouteRecipient.objects.filter(
        _pending_for_q(user), document=OuterRef("pk"), state=RouteRecipient.State.PENDING
    )
    return IncomingDocument.objects.filter(Exists(pending), status=IncomingDocument.Status.IN_PROGRESS)


URGENCY_RANK_SQL = Case(
    *(When(urgency=level, then=Value(rank)) for level, rank in URGENCY_RANK.items()),
    default=Value(0),
    output_field=IntegerField(),
)
TODO_ORDER = ("-urgency_rank", "-id")  # the most urgent first (R-URG-2), then the newest


def todo_page(
    user: Any, *, filters: Filters | None = None, after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """What waits on the person, the most urgent first."""
    qs = _filtered(todo_queryset(user), filters or Filters()).select_related(*LIST_RELATED)
    return keyset_page(qs.annotate(urgency_rank=URGENCY_RANK_SQL), order=TODO_ORDER, after=after, size=size)


# --- the home page --------------------------------------------------------------------------------


def home_tally(user: Any) -> dict[str, int]:
    """The three numbers of the home page in ONE query: to register (clerk), to distribute (agency
    leaders), to handle (everyone with a pending route). Kept on the user for the request."""
    cached = getattr(user, "_incoming_tally", None)
    if cached is not None:
        return cached
    clerk = sorted(may.clerk_agency_ids(user))
    leader = sorted(may.leader_agency_ids(user))
    S = IncomingDocument.Status
    pending = RouteRecipient.objects.filter(
        _pending_for_q(user), document=OuterRef("pk"), state=RouteRecipient.State.PENDING
    )
    to_register = Q(agency_id__in=clerk, status=S.RECEIVED)
    to_distribute = Q(agency_id__in=leader, status=S.REGISTERED)
    to_handle = Q(status=S.IN_PROGRESS) & Q(Exists(pending))
    tally = IncomingDocument.objects.filter(to_register | to_distribute | to_handle).aggregate(
        to_register=Count("id", filter=to_register),
        to_distribute=Count("id", filter=to_distribute),
        to_handle=Count("id", filter=to_handle),
    )
    result = {k: v or 0 for k, v in tally.items()}
    user._incoming_tally = result
    return result


def home_counts(user: Any) -> list[registry.Count]:
    if not getattr(user, "pk", None):
        return []
    tally = home_tally(user)
    base = reverse("documents:incoming_list")
    counts = []
    if may.clerk_agency_ids(user):
        counts.append(
            registry.Count(
                _("Văn bản chờ vào sổ"),
                tally["to_register"],
                f"{base}?trang_thai=received",
                "warn",
                waiting=True,
            )
        )
    if may.leader_agency_ids(user):
        counts.append(
            registry.Count(
                _("Văn bản chờ phân phối"),
                tally["to_distribute"],
                f"{base}?trang_thai=registered",
                "warn",
                waiting=True,
            )
        )
    counts.append(
        registry.Count(
            _("Văn bản cần xử lý"), tally["to_handle"], reverse("documents:incoming_todo"), waiting=True
        )
    )
    return counts


HOME_ITEMS = 5


def home_section(user: Any) -> dict[str, Any] | None:
    """ "Văn bản cần xử lý" on "Hôm nay": the first few, urgent ones marked; hidden when none."""
    tally = home_tally(user)
    if not tally["to_handle"]:
        return None
    items = list(
        todo_queryset(user)
        .select_related("document_type")
        .annotate(urgency_rank=URGENCY_RANK_SQL)
        .order_by(*TODO_ORDER)[:HOME_ITEMS]
    )
    return {"items": items, "total": tally["to_handle"]}


# --- one document ---------------------------------------------------------------------------------


@dataclass
class TimelineStep:
    step: RouteStep
    leads: list[RouteRecipient] = field(default_factory=list)
    coordinators: list[RouteRecipient] = field(default_factory=list)
    informed: list[RouteRecipient] = field(default_factory=list)


@dataclass
class DocumentPage:
    doc: IncomingDocument
    files: list[DocumentFile]
    timeline: list[TimelineStep]
    entries: list[DossierEntry]
    actions: list[str]


def timeline(doc: IncomingDocument) -> list[TimelineStep]:
    """The route as it happened (DOC-2): who sent what to whom, when, with which instruction."""
    steps = (
        RouteStep.objects.filter(document=doc)
        .select_related("sender", "on_behalf_of", "assignment")
        .prefetch_related(
            Prefetch(
                "recipients", queryset=RouteRecipient.objects.select_related("user", "unit").order_by("id")
            )
        )
        .order_by("sent_at", "id")
    )
    result = []
    for step in steps:
        entry = TimelineStep(step)
        for recipient in step.recipients.all():
            {
                RouteRecipient.Role.LEAD: entry.leads,
                RouteRecipient.Role.COORDINATE: entry.coordinators,
                RouteRecipient.Role.INFORM: entry.informed,
            }[RouteRecipient.Role(recipient.role)].append(recipient)
        result.append(entry)
    return result


def document_page(user: Any, doc: IncomingDocument) -> DocumentPage:
    return DocumentPage(
        doc=doc,
        files=list(DocumentFile.objects.filter(incoming=doc).select_related("file").order_by("id")),
        timeline=timeline(doc),
        entries=list(DossierEntry.objects.filter(incoming=doc).select_related("dossier").order_by("id")),
        actions=INCOMING_WORKFLOW.allowed_names(doc, user),
    )


# --- dossiers -------------------------------------------------------------------------------------


def dossier_page(
    user: Any, *, year: int | None = None, text: str = "", after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    qs = visible_dossiers(user).select_related("agency", "unit").annotate(entry_count=Count("entries"))
    if year:
        qs = qs.filter(year=year)
    for word in search_text(text).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return keyset_page(qs, order=("-id",), after=after, size=size)


def dossier_entries(dossier: Dossier) -> list[DossierEntry]:
    return list(
        DossierEntry.objects.filter(dossier=dossier)
        .select_related("incoming", "incoming__document_type", "outgoing", "added_by")
        .order_by("ordinal")
    )


def fileable_dossiers(user: Any, doc: IncomingDocument) -> list[Dossier]:
    """Open dossiers of the document's agency the person may file into (the close form's choices)."""
    unit_ids = {m.unit_id for m in org.facts(user).memberships}
    led = org.facts(user).led_unit_paths
    q = Q(created_by_id=user.pk) | Q(unit_id__in=sorted(unit_ids))
    if led:
        q |= tree.subtree_q(led, "unit__")
    return list(
        Dossier.objects.filter(q, agency_id=doc.agency_id, status=Dossier.Status.OPEN)
        .select_related("unit")
        .order_by("-year", "notation", "id")[:200]
    )


def year_choices(today: dt.date) -> list[int]:
    return list(range(today.year, today.year - 6, -1))


# --- whom a route may name ------------------------------------------------------------------------

MAX_CHOICES = 500


@dataclass
class RouteChoices:
    """The units under the agency and the people working in it: a route's possible recipients,
    keyed "d<id>" (a unit, đơn vị) and "u<id>" (a person)."""

    units: list[Unit]
    people: list[Any]

    def options(self) -> list[tuple[str, str]]:
        return [(f"d{u.pk}", f"{'· ' * max(u.depth - 1, 0)}{u.name}") for u in self.units] + [
            (f"u{p.pk}", f"{p.full_name} — {p.unit_name}") for p in self.people
        ]

    def resolve(self, key: str) -> Any:
        by_key = {f"d{u.pk}": u for u in self.units} | {f"u{p.pk}": p for p in self.people}
        return by_key.get(key)


def route_choices(agency: Unit) -> RouteChoices:
    """Two queries: the units under the agency, the people with a current post in it."""
    from congvu.accounts.models import User
    from congvu.org.models import Membership

    units = list(
        Unit.objects.filter(path__startswith=agency.path, is_active=True)
        .exclude(pk=agency.pk)
        .order_by("path")[:MAX_CHOICES]
    )
    posts = Membership.objects.current().filter(unit__path__startswith=agency.path, is_primary=True)
    people = list(
        User.objects.filter(status=User.Status.ACTIVE, memberships__in=posts)
        .annotate(unit_name=F("memberships__unit__name"))
        .order_by("memberships__unit__path", "full_name", "pk")[:MAX_CHOICES]
    )
    unique = list({p.pk: p for p in reversed(people)}.values())[::-1]  # a person once, first post kept
    return RouteChoices(units=units, people=unique)


def share_people(doc: IncomingDocument) -> list[Any]:
    """Colleagues a reader may share with: the people of the receiving agency."""
    return route_choices(doc.agency).people


def own_units(user: Any) -> list[Unit]:
    """The units a person may open a dossier for: where they work, and what they lead exactly."""
    facts = org.facts(user)
    ids = {m.unit_id for m in facts.memberships}
    return list(
        Unit.objects.filter(Q(pk__in=sorted(ids)) | Q(path__in=facts.led_unit_paths)).order_by("path")
    )


def agency_leaders(agency_id: int) -> list[Any]:
    """The head and deputies of the agency unit itself, today (who distribute, Đ9.2)."""
    from congvu.accounts.models import User
    from congvu.org.models import Membership, Position

    posts = Membership.objects.current().filter(
        unit_id=agency_id, position__level__in=[Position.Level.HEAD, Position.Level.DEPUTY]
    )
    return list(
        User.objects.filter(status=User.Status.ACTIVE, memberships__in=posts).distinct().order_by("pk")
    )


def incoming_registers(agency: Unit) -> list[Register]:
    """The agency's active incoming registers (R-NUM-2: the head may keep separate series)."""
    return list(Register.objects.filter(agency=agency, direction=Direction.INCOMING, is_active=True))
