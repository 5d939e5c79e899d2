"""What the board screens and the API read (COL-3, COL-6): the boards a person reads, a board's
posts (newest first, keyset-paginated, one query a page plus one for the attachments)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext

from congvu.collaboration.boards import policies
from congvu.collaboration.boards.models import BoardPostAttachment, CommitteeMember, Organisation
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.org import tree
from congvu.org.models import Unit

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
ORDER = ("-posted_at", "-id")


@dataclass
class Board:
    agency: Unit
    organisation: Organisation | None
    may_post: bool

    @property
    def key(self) -> str:
        return f"org-{self.organisation.pk}" if self.organisation else f"public-{self.agency.pk}"

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else gettext("Công cộng")


def boards(user: Any) -> list[Board]:
    """Each agency the person reads: its public board, then its organisations' boards."""
    ids = sorted(policies.readable_agency_ids(user))
    agencies = list(Unit.objects.filter(pk__in=ids).order_by("path"))
    organisations = list(Organisation.objects.filter(agency_id__in=ids).order_by("agency_id", "kind"))
    seats = set(
        CommitteeMember.objects.current()
        .filter(user_id=user.pk, organisation_id__in=[o.pk for o in organisations])
        .values_list("organisation_id", flat=True)
    )
    found: list[Board] = []
    for agency in agencies:
        found.append(Board(agency, None, policies.works_in(user, agency)))
        for organisation in organisations:
            if organisation.agency_id == agency.pk:
                organisation.agency = agency
                found.append(Board(agency, organisation, organisation.pk in seats))
    return found


def board_posts(
    user: Any, *, agency: Unit, organisation: Organisation | None, after: str | None, size: int = PAGE_SIZE
) -> KeysetPage:
    qs = (
        policies.visible_posts(user)
        .filter(agency=agency, organisation=organisation)
        .select_related("author")
        .prefetch_related(
            Prefetch("attachments", queryset=BoardPostAttachment.objects.select_related("file"))
        )
    )
    return keyset_page(qs, order=ORDER, after=after, size=max(1, min(size, MAX_PAGE_SIZE)))


ROLE_RANK = {
    CommitteeMember.Role.SECRETARY: 0,
    CommitteeMember.Role.DEPUTY: 1,
    CommitteeMember.Role.MEMBER: 2,
}


def committee(organisation: Organisation) -> list[CommitteeMember]:
    """Every seat with its person: the latest terms first, the secretary, the deputies, the members."""
    seats = list(
        CommitteeMember.objects.filter(organisation=organisation).select_related("user", "organisation")
    )
    seats.sort(
        key=lambda s: (-s.started_on.toordinal(), ROLE_RANK.get(s.role, 9), tree.person_sort_key(s.user))
    )
    return seats


def organisations_of(agency: Unit) -> list[Organisation]:
    return list(Organisation.objects.filter(agency=agency).order_by("kind"))


def agency_people(agency: Unit) -> Any:
    """The people who work in the agency now, by name (the committee is chosen among them)."""
    from congvu.accounts.models import User

    return User.objects.filter(pk__in=tree.agency_member_ids(agency)).order_by("full_name")
