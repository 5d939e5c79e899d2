"""Reads for the outgoing screens and API (DOC-4, DOC-5): the lists (keyset-paginated, a fixed number
of queries whatever their length), the detail page's parts, the comparison of two versions, and
the home page's counts.

Lists:
- ``mine``: the drafts and documents I drafted (``status`` filter; open ones by default);
- ``to_review``: drafts whose current step waits on me (the person, someone I act for, or a role I
  hold on the agency), the earliest due first;
- ``to_number``: for the clerk, approved documents waiting for a number (and, with
  ``status=signed``, signed ones waiting to be sent);
- ``register``: the agency's numbered outgoing documents, by register and year, latest number first.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core import registry
from congvu.core.decisions import Refused
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import fold
from congvu.documents import policies as may
from congvu.documents.models import (
    URGENT_LEVELS,
    DocumentFile,
    DraftReview,
    DraftVersion,
    OutgoingDocument,
    OutgoingRecipient,
    Register,
    ReviewComment,
)
from congvu.org import policies as org
from congvu.org import tree

S = OutgoingDocument.Status
OPEN_MINE = (S.DRAFT, S.RETURNED, S.IN_REVIEW, S.APPROVED, S.NUMBERED, S.TO_SIGN, S.SIGNED)
NUMBERED = (S.NUMBERED, S.TO_SIGN, S.SIGNED, S.ISSUED)
PAGE_SIZE = 30
MAX_PAGE = 200
LIST_RELATED = ("document_type", "drafter", "drafting_unit", "signer", "register", "current_review__reviewer")

SCOPES = ("mine", "to_review", "to_number", "register")


@dataclass
class Filters:
    text: str = ""
    status: str = ""
    urgency: str = ""
    urgent_only: bool = False
    document_type_id: int | None = None
    register_id: int | None = None
    year: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _people_ids(user: Any) -> list[int]:
    return [user.pk, *(p.pk for p in tree.principals(user))]


def _role_q(user: Any) -> Q:
    """Steps held by a role: the roles the person (or whom they act for) holds, on that agency."""
    grants = [g for pk_user in [user, *tree.principals(user)] for g in org.facts(pk_user).roles]
    q = Q(pk__in=[])
    for grant in grants:
        q |= Q(current_review__role=grant.role, agency_id=grant.unit_id)
    return q


def mine_qs(user: Any) -> QuerySet[OutgoingDocument]:
    return OutgoingDocument.objects.filter(drafter_id__in=_people_ids(user))


def _waiting_on(ids: list[int]) -> Q:
    """Drafts whose current step waits on one of these people, found from the steps (the reviewer
    index), not by reading every draft in review across the province."""
    steps = DraftReview.objects.filter(reviewer_id__in=ids, state=DraftReview.State.PENDING).values("id")
    return Q(status=S.IN_REVIEW, current_review_id__in=steps)


def _waiting_on_roles(user: Any, ids: list[int]) -> Q:
    """Drafts whose current step waits on a role the person holds on its agency (and not already on
    them by name: the two are counted apart)."""
    return (
        Q(status=S.IN_REVIEW, current_review__state=DraftReview.State.PENDING)
        & _role_q(user)
        & ~Q(current_review__reviewer_id__in=ids)
    )


def to_review_qs(user: Any) -> QuerySet[OutgoingDocument]:
    ids = _people_ids(user)
    return OutgoingDocument.objects.filter(_waiting_on(ids) | _waiting_on_roles(user, ids))


def to_number_qs(user: Any) -> QuerySet[OutgoingDocument]:
    agencies = sorted(may.clerk_agency_ids(user))
    return OutgoingDocument.objects.filter(agency_id__in=agencies, status__in=[S.APPROVED, S.SIGNED])


def register_qs(user: Any) -> QuerySet[OutgoingDocument]:
    agencies = sorted(may.clerk_agency_ids(user) | may.leader_agency_ids(user))
    return OutgoingDocument.objects.filter(agency_id__in=agencies, status__in=NUMBERED)


def _filtered(qs: QuerySet[OutgoingDocument], filters: Filters) -> QuerySet[OutgoingDocument]:
    if filters.text:
        for word in fold(filters.text).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.urgent_only:
        qs = qs.filter(urgency__in=URGENT_LEVELS)
    if filters.document_type_id:
        qs = qs.filter(document_type_id=filters.document_type_id)
    if filters.register_id:
        qs = qs.filter(register_id=filters.register_id)
    if filters.year:
        qs = qs.filter(number_year=filters.year)
    return qs


ORDERS = {
    "mine": ("-id",),
    "to_review": ("current_review__due_date", "id"),
    "to_number": ("id",),
    "register": ("-number_year", "-number", "-id"),
}


def page(
    user: Any, *, scope: str, filters: Filters | None = None, after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """One page of a list, in a fixed number of queries."""
    filters = filters or Filters()
    if scope == "mine":
        qs = mine_qs(user)
        if not filters.status:
            qs = qs.filter(status__in=OPEN_MINE)
    elif scope == "to_review":
        qs = to_review_qs(user)
    elif scope == "to_number":
        qs = to_number_qs(user)
        if not filters.status:
            qs = qs.filter(status=S.APPROVED)
    elif scope == "register":
        qs = register_qs(user)
    else:
        raise Refused.invalid("Danh sách không hợp lệ.", field="scope")
    qs = _filtered(qs, filters).select_related(*LIST_RELATED)
    return keyset_page(qs, order=ORDERS[scope], after=after, size=max(1, min(size, MAX_PAGE)))


def counts(user: Any) -> dict[str, int]:
    """The home page's numbers in one query (kept on the person for the request: the counter and
    the home section both read them)."""
    cached = getattr(user, "_outgoing_counts", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    ids = _people_ids(user)
    late = Q(current_review__due_date__lt=today)
    # Two reads, each through its index: the steps waiting on the person by name, then the rest
    # (by role, the person's own drafts, the clerk's agencies) — one read of both would scan every
    # draft in review in the province.
    named = OutgoingDocument.objects.filter(_waiting_on(ids)).aggregate(
        to_review=Count("id"), to_review_late=Count("id", filter=late)
    )
    by_role = _waiting_on_roles(user, ids)
    mine = Q(drafter_id__in=ids)
    clerk_agencies = sorted(may.clerk_agency_ids(user))
    clerk = Q(agency_id__in=clerk_agencies, status=S.APPROVED)
    found = OutgoingDocument.objects.filter(
        by_role | (mine & Q(status__in=[S.RETURNED, S.NUMBERED])) | clerk
    ).aggregate(
        by_role=Count("id", filter=by_role),
        by_role_late=Count("id", filter=by_role & late),
        returned=Count("id", filter=mine & Q(status=S.RETURNED)),
        to_check=Count("id", filter=mine & Q(status=S.NUMBERED)),
        to_number=Count("id", filter=clerk),
    )
    found["to_review"] = (named["to_review"] or 0) + (found.pop("by_role") or 0)
    found["to_review_late"] = (named["to_review_late"] or 0) + (found.pop("by_role_late") or 0)
    result = {key: value or 0 for key, value in found.items()}
    result["is_clerk"] = int(bool(clerk_agencies))
    user._outgoing_counts = result
    return result


HOME_ROWS = 5


def home_section(user: Any) -> dict[str, Any] | None:
    """ "Văn bản đi" on the home page: the few drafts waiting on me, returned to me, to check, and —
    for a clerk — to number; hidden when nothing waits."""
    numbers = counts(user)
    if not any(numbers[k] for k in ("to_review", "returned", "to_check", "to_number")):
        return None
    groups = []
    if numbers["to_review"]:
        rows = list(
            to_review_qs(user)
            .select_related(*LIST_RELATED)
            .order_by("current_review__due_date", "id")[:HOME_ROWS]
        )
        groups.append(
            (_("Dự thảo chờ tôi duyệt"), numbers["to_review"], reverse("documents:outgoing_to_review"), rows)
        )
    if numbers["returned"] or numbers["to_check"]:
        rows = list(
            mine_qs(user)
            .filter(status__in=[S.RETURNED, S.NUMBERED])
            .select_related(*LIST_RELATED)
            .order_by("-id")[: 2 * HOME_ROWS]
        )
        for status, key, label in (
            (S.RETURNED, "returned", _("Dự thảo bị trả lại")),
            (S.NUMBERED, "to_check", _("Văn bản chờ kiểm tra")),
        ):
            if numbers[key]:
                mine_rows = [r for r in rows if r.status == status][:HOME_ROWS]
                groups.append(
                    (
                        label,
                        numbers[key],
                        f"{reverse('documents:outgoing_mine')}?trang_thai={status}",
                        mine_rows,
                    )
                )
    if numbers["to_number"]:
        rows = list(
            to_number_qs(user)
            .filter(status=S.APPROVED)
            .select_related(*LIST_RELATED)
            .order_by("id")[:HOME_ROWS]
        )
        groups.append(
            (_("Văn bản chờ cấp số"), numbers["to_number"], reverse("documents:outgoing_to_number"), rows)
        )
    return {"groups": groups}


# --- one document ------------------------------------------------------------------------------------


@dataclass
class VersionView:
    version: DraftVersion
    comments: list[ReviewComment]


def detail(doc: OutgoingDocument) -> dict[str, Any]:
    """Versions (author, time) each with the comments made on it; the review rounds with their
    steps; disagreements (Đ10.8); recipients; attachments."""
    versions = list(
        DraftVersion.objects.filter(document=doc).select_related("author", "file").order_by("-number")
    )
    comments = list(
        ReviewComment.objects.filter(document=doc)
        .select_related("author", "on_behalf_of", "review")
        .order_by("id")
    )
    by_version: dict[int | None, list[ReviewComment]] = {}
    for item in comments:
        by_version.setdefault(item.version_id, []).append(item)
    reviews = list(
        DraftReview.objects.filter(document=doc)
        .select_related("reviewer", "decided_by")
        .order_by("-round", "order")
    )
    rounds: dict[int, list[DraftReview]] = {}
    for review in reviews:
        rounds.setdefault(review.round, []).append(review)
    return {
        "versions": [VersionView(v, by_version.get(v.pk, [])) for v in versions],
        "loose_comments": by_version.get(None, []),
        "rounds": sorted(rounds.items(), reverse=True),
        "disagreements": [r for r in reviews if r.disagreement],
        "recipients": list(OutgoingRecipient.objects.filter(document=doc).select_related("delivered")),
        "attachments": list(
            DocumentFile.objects.filter(outgoing=doc, kind=DocumentFile.Kind.ATTACHMENT).select_related(
                "file"
            )
        ),
        "related": list(doc.related_incoming.all()),
    }


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def compare(doc: OutgoingDocument, first: int, second: int) -> dict[str, Any]:
    """The text of two versions, line by line (difflib): what the later one removed and added, each
    change shown with the author of the version that made it (DOC-4)."""
    versions = {
        v.number: v
        for v in DraftVersion.objects.filter(document=doc, number__in=[first, second]).select_related(
            "author"
        )
    }
    if first not in versions or second not in versions:
        raise Refused.invalid("Không tìm thấy phiên bản cần so sánh.", field="a")
    old, new = sorted([versions[first], versions[second]], key=lambda v: v.number)
    lines: list[DiffLine] = []
    before, after = old.text.splitlines(), new.text.splitlines()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", t) for t in before[i1:i2]]
            continue
        lines += [DiffLine("removed", t) for t in before[i1:i2]]
        lines += [DiffLine("added", t) for t in after[j1:j2]]
    readable = bool(old.text or new.text)
    return {"old": old, "new": new, "lines": lines, "readable": readable}


def registers_of(user: Any) -> list[Register]:
    agencies = sorted(may.clerk_agency_ids(user) | may.leader_agency_ids(user))
    return list(
        Register.objects.filter(agency_id__in=agencies, direction="outgoing").order_by(
            "agency_id", "sort_order", "name"
        )
    )


def waiting_counts(user: Any) -> list[registry.Count]:
    """ "Chờ tôi xử lý": drafts to review (red when one is past its 3 working days), drafts
    returned to me, numbered documents for me to check, and for a clerk those to number."""
    numbers = counts(user)
    found = []
    if numbers["to_review"]:
        tone = "bad" if numbers["to_review_late"] else "warn"
        found.append(
            registry.Count(
                _("Dự thảo chờ tôi duyệt"),
                numbers["to_review"],
                reverse("documents:outgoing_to_review"),
                tone,
                waiting=True,
            )
        )
    mine = reverse("documents:outgoing_mine")
    if numbers["returned"]:
        found.append(
            registry.Count(
                _("Dự thảo bị trả lại"),
                numbers["returned"],
                f"{mine}?trang_thai={S.RETURNED}",
                "bad",
                waiting=True,
            )
        )
    if numbers["to_check"]:
        found.append(
            registry.Count(
                _("Văn bản chờ kiểm tra"),
                numbers["to_check"],
                f"{mine}?trang_thai={S.NUMBERED}",
                "warn",
                waiting=True,
            )
        )
    if numbers["is_clerk"]:
        found.append(
            registry.Count(
                _("Văn bản chờ cấp số"),
                numbers["to_number"],
                reverse("documents:outgoing_to_number"),
                "warn",
                waiting=True,
            )
        )
    return found
