"""Reads of consultations for screens and API alike (COL-5): the lists (to answer, mine, all
visible), one consultation's page, the drafter's report, and the home page's two blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.consultations import policies as may
from congvu.collaboration.consultations.models import Consultation, ConsultationFile, ConsultationRecipient
from congvu.collaboration.consultations.workflow import CONSULTATION_WORKFLOW
from congvu.core import registry
from congvu.core.pagination import KeysetPage, keyset_page

PAGE_SIZE = 30
ORDER = ("-dated_on", "-id")
SCOPES = ("to_answer", "mine", "all")
HOME_ITEMS = 5
HOME_LIMIT = 100  # awaiting answers counted on the home page at most ("100+")


def to_answer_queryset(user: Any) -> QuerySet[Consultation]:
    """Open consultations that wait on the person's answer (none given yet, deadline ahead)."""
    waiting = ConsultationRecipient.objects.filter(
        consultation=OuterRef("pk"), user_id=user.pk, answered_at__isnull=True
    )
    return Consultation.objects.filter(
        Exists(waiting), status=Consultation.Status.OPEN, deadline__gt=timezone.now()
    )


def mine_queryset(user: Any) -> QuerySet[Consultation]:
    """What the person drafts, and what they appointed someone to draft."""
    return Consultation.objects.filter(Q(drafter_id=user.pk) | Q(appointed_by_id=user.pk))


def with_tally(qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return qs.annotate(
        total=Count("recipients"),
        answered=Count("recipients", filter=Q(recipients__answered_at__isnull=False)),
    )


def page(user: Any, *, scope: str, after: str | None, size: int = PAGE_SIZE) -> KeysetPage:
    if scope == "to_answer":
        qs = to_answer_queryset(user)
    elif scope == "mine":
        qs = mine_queryset(user)
    else:
        qs = may.visible_consultations(user)
    qs = with_tally(qs.select_related("agency", "drafter"))
    return keyset_page(qs, order=ORDER, after=after, size=size)


# --- one consultation --------------------------------------------------------------------------------


@dataclass
class ConsultationPage:
    consultation: Consultation
    files: list[ConsultationFile]
    mine: ConsultationRecipient | None  # the person's own answer row, when they are asked
    actions: list[str]
    can_answer_now: bool
    past_deadline: bool

    @property
    def manage_actions(self) -> list[str]:
        """The acts beside answering (post, report, extend, close, cancel, keep)."""
        return [name for name in self.actions if name != "answer"]


def detail(user: Any, consultation: Consultation) -> ConsultationPage:
    files = list(
        ConsultationFile.objects.filter(consultation=consultation).select_related("file").order_by("id")
    )
    mine = (
        ConsultationRecipient.objects.filter(consultation=consultation, user_id=user.pk)
        .select_related("attachment")
        .first()
    )
    actions = CONSULTATION_WORKFLOW.allowed_names(consultation, user)
    past = consultation.deadline is not None and timezone.now() >= consultation.deadline
    return ConsultationPage(
        consultation=consultation,
        files=files,
        mine=mine,
        actions=actions,
        can_answer_now="answer" in actions and not past,
        past_deadline=past,
    )


@dataclass
class Report:
    consultation: Consultation
    answered: list[ConsultationRecipient] = field(default_factory=list)
    excused: list[ConsultationRecipient] = field(default_factory=list)  # gave a reason for none
    silent: list[ConsultationRecipient] = field(default_factory=list)  # not answered at all

    @property
    def responded(self) -> int:
        return len(self.answered) + len(self.excused)

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.excused) + len(self.silent)


def report(consultation: Consultation) -> Report:
    """Who answered, what and when; who gave a reason for not answering; who is silent (Đ7.5)."""
    rows = (
        ConsultationRecipient.objects.filter(consultation=consultation)
        .select_related("user", "attachment")
        .order_by("answered_at", "user__full_name", "id")
    )
    result = Report(consultation=consultation)
    for row in rows:
        if row.answered_at is None:
            result.silent.append(row)
        elif row.answer == ConsultationRecipient.Answer.EXCUSED:
            result.excused.append(row)
        else:
            result.answered.append(row)
    result.silent.sort(key=lambda r: (r.user.full_name, r.pk))
    return result


# --- "Hôm nay" -----------------------------------------------------------------------------------


def _home(user: Any) -> dict[str, Any]:
    """Read once per request for the section and the counter (two queries in all)."""
    cached = getattr(user, "_consultations_home", None)
    if cached is not None:
        return cached
    awaiting = list(
        to_answer_queryset(user).select_related("drafter").order_by("deadline", "id")[: HOME_LIMIT + 1]
    )
    drafting = list(
        with_tally(
            Consultation.objects.filter(
                drafter_id=user.pk, status__in=(Consultation.Status.APPOINTED, Consultation.Status.OPEN)
            )
        ).order_by("-dated_on", "-id")[:HOME_ITEMS]
    )
    cached = {"awaiting": awaiting, "drafting": drafting}
    user._consultations_home = cached
    return cached


def home_section(user: Any) -> dict[str, Any] | None:
    """ "Lấy ý kiến" on the home page: what waits on the person's answer (with its deadline) and
    what they draft (answered / total); hidden when neither."""
    if not getattr(user, "pk", None):
        return None
    data = _home(user)
    if not data["awaiting"] and not data["drafting"]:
        return None
    awaiting = data["awaiting"]
    return {
        "awaiting": awaiting[:HOME_ITEMS],
        "awaiting_total": min(len(awaiting), HOME_LIMIT),
        "awaiting_more": len(awaiting) > HOME_LIMIT,
        "drafting": data["drafting"],
    }


def home_counts(user: Any) -> list[registry.Count]:
    if not getattr(user, "pk", None):
        return []
    awaiting = _home(user)["awaiting"]
    return [
        registry.Count(
            _("Lấy ý kiến chờ tôi góp ý"),
            min(len(awaiting), HOME_LIMIT),
            reverse("collaboration:consultations_list") + "?xem=to_answer",
            "warn",
            waiting=True,
        )
    ]


def awaiting_count(user: Any) -> int:
    return min(len(_home(user)["awaiting"]), HOME_LIMIT) if getattr(user, "pk", None) else 0


def people_of_agency(agency: Any) -> list[Any]:
    """The agency's active people, in Vietnamese name order (the post form's choices)."""
    from congvu.accounts.models import User
    from congvu.org import tree

    people = list(User.objects.filter(pk__in=tree.agency_member_ids(agency)))
    people.sort(key=tree.person_sort_key)
    return people


def units_of_agency(agency: Any) -> list[Any]:
    """The agency's own units (nested agencies left out), in tree order."""
    from congvu.org import tree
    from congvu.org.models import Unit
    from congvu.org.tree import AGENCY_KINDS

    units = Unit.objects.filter(tree.subtree_q([agency.path])).order_by("path")
    nested = [u.path for u in units if u.kind in AGENCY_KINDS and u.pk != agency.pk]
    return [u for u in units if not any(u.path.startswith(p) for p in nested)]
