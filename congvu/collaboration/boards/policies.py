"""Who reads and posts on the boards (MISSION COL-3, COL-6; seed 002 Đ7.3, Đ7.6–7.8).

- Everyone who works in an agency reads all of its boards; the agency's administrators read them
  too (they moderate).
- The public board ("Công cộng", Đ7.3): everyone of the agency posts.
- An organisation's board (Chi bộ Đ7.6, Công đoàn Đ7.7, Chi đoàn Đ7.8): only the members of its
  committee in their term post; a former member does not.
- A post is edited and removed by its author ("tự chỉnh sửa, cập nhật, xóa thông tin mình đã đưa
  lên"); an administrator of the agency may remove any post, with a reason that the log keeps.
- The organisations and their committees are kept by the agency's administrators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congvu.collaboration.boards.models import BoardPost, CommitteeMember, Organisation
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import RoleGrant, Unit

NOT_IN_AGENCY = "Chỉ người làm việc tại cơ quan mới đăng bài lên bảng tin của cơ quan."
NOT_AUTHOR = "Chỉ người đăng bài mới sửa được bài này."
NOT_AUTHOR_OR_ADMIN = "Chỉ người đăng bài hoặc quản trị của cơ quan mới gỡ được bài này."
NOT_ADMIN = "Chỉ quản trị của cơ quan mới quản lý được các tổ chức đoàn thể."


def agencies_of(user: Any) -> list[Unit]:
    """The agencies (cơ quan) the person works in now, one per post. Kept for the request, and
    between requests under the organisation's version (``tree.kept``), as the person's posts are."""
    if not getattr(user, "pk", None):
        return []
    cached = getattr(user, "_collab_agencies", None)
    if cached is None:

        def load(now: Any) -> tuple[list[Unit], None]:
            found: dict[int, Unit] = {}
            for membership in org.memberships(user):
                agency = tree.agency_of(membership.unit)
                found[agency.pk] = agency
            return list(found.values()), None

        cached = tree.kept(user, "collaboration.agencies", load)
        user._collab_agencies = cached
    return cached


def agency_ids(user: Any) -> set[int]:
    return {a.pk for a in agencies_of(user)}


def works_in(user: Any, agency: Unit | int) -> bool:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in agency_ids(user)


def administers(user: Any, agency: Unit) -> bool:
    return bool(org.is_administrator(user, agency))


def readable_agency_ids(user: Any) -> set[int]:
    """The agencies whose boards the person reads: where they work, and what they administer."""
    ids = agency_ids(user)
    if not getattr(user, "pk", None):
        return ids
    cached = getattr(user, "_collab_readable", None)
    if cached is None:
        cached = set(ids)
        if org.is_system_administrator(user) or any(
            g.role == RoleGrant.Role.ADMINISTRATOR for g in org.roles(user)
        ):
            cached |= {a.pk for a in managed_agencies(user)}
        user._collab_readable = cached
    return cached


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(agency_id__in=sorted(readable_agency_ids(user)))


def visible_posts(user: Any) -> QuerySet[BoardPost]:
    return BoardPost.objects.filter(agency_id__in=sorted(readable_agency_ids(user)))


def access_organisation(user: Any, pk: int) -> Organisation:
    found = visible_organisations(user).select_related("agency").filter(pk=pk).first()
    if found is None:
        raise Refused.not_found("Không tìm thấy tổ chức.")
    return found


def access_agency_board(user: Any, agency_id: int) -> Unit:
    if agency_id not in readable_agency_ids(user):
        raise Refused.not_found("Không tìm thấy bảng tin.")
    agency = Unit.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Refused.not_found("Không tìm thấy bảng tin.")
    return agency


def access_post(user: Any, pk: int) -> BoardPost:
    post = visible_posts(user).select_related("agency", "organisation", "author").filter(pk=pk).first()
    if post is None:
        raise Refused.not_found("Không tìm thấy bài đăng.")
    return post


def access_seat(user: Any, pk: int) -> CommitteeMember:
    seat = (
        CommitteeMember.objects.select_related("organisation", "organisation__agency", "user")
        .filter(pk=pk, organisation__agency_id__in=sorted(readable_agency_ids(user)))
        .first()
    )
    if seat is None:
        raise Refused.not_found("Không tìm thấy thành viên.")
    return seat


def committee_seat(user: Any, organisation: Organisation) -> CommitteeMember | None:
    """The person's seat on the committee today, or None."""
    return (
        CommitteeMember.objects.current()
        .filter(organisation=organisation, user_id=user.pk)
        .order_by("role", "id")
        .first()
    )


def can_post(user: Any, agency: Unit, organisation: Organisation | None) -> Decision:
    """Đ7.3: everyone of the agency on the public board; Đ7.6–7.8: the committee on its board."""
    if organisation is None:
        return Decision.allow() if works_in(user, agency) else Decision.deny(NOT_IN_AGENCY)
    if committee_seat(user, organisation) is not None:
        return Decision.allow()
    if CommitteeMember.objects.filter(organisation=organisation, user_id=user.pk).exists():
        return Decision.deny(
            f"Nhiệm kỳ của đồng chí trong {organisation.committee_name} {organisation.name} đã kết thúc "
            "hoặc chưa bắt đầu: không đăng bài lên bảng tin này được nữa."
        )
    return Decision.deny(
        f"Chỉ thành viên {organisation.committee_name} mới đăng bài lên bảng tin của {organisation.name}."
    )


def can_edit(user: Any, post: BoardPost) -> Decision:
    return Decision.allow() if post.author_id == user.pk else Decision.deny(NOT_AUTHOR)


def can_remove(user: Any, post: BoardPost) -> Decision:
    if post.author_id == user.pk or administers(user, post.agency):
        return Decision.allow()
    return Decision.deny(NOT_AUTHOR_OR_ADMIN)


def removes_as_administrator(user: Any, post: BoardPost) -> bool:
    """Someone else's post, removed by an administrator: a reason is required and kept."""
    return post.author_id != user.pk and administers(user, post.agency)


def can_manage_organisations(user: Any, agency: Unit) -> Decision:
    return Decision.allow() if administers(user, agency) else Decision.deny(NOT_ADMIN)


def managed_agencies(user: Any) -> list[Unit]:
    """The agencies whose organisations the person keeps (as their administrator)."""
    if not getattr(user, "pk", None):
        return []
    return list(org.administered_units(user).filter(kind__in=tree.AGENCY_KINDS).order_by("path"))
