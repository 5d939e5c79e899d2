"""Delegation use cases (ORG-8): request, decide, cancel, revoke — each in one transaction with its
audit row; notifications leave after commit.

Seed 002 Đ13.3: a leader who is away delegates to a person of their own unit; Đ4.5: with the
approval of their leader; Đ11: the whole agency is told who holds the authority and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.files import refuse_secret_text
from congvu.core.tasks_api import enqueue_on_commit
from congvu.core.text import clean_text
from congvu.core.workflow import clean_reason
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org import policies
from congvu.org.delegations import policies as delegation_policies
from congvu.org.delegations import selectors
from congvu.org.delegations.workflow import DELEGATION_WORKFLOW
from congvu.org.models import Delegation

AUTO_APPROVAL_NOTE = (
    "Tự động duyệt: người ủy quyền là thủ trưởng đơn vị cao nhất, không có lãnh đạo cấp trên trong hệ thống."
)


# A requested delegation waits for a leader's decision; deciding or cancelling it settles the notices.
AWAITS_DECISION = "decision"


def _params(delegation: Delegation, **more: Any) -> dict[str, Any]:
    return {
        "principal": delegation.principal.full_name,
        "delegate": delegation.delegate.full_name,
        "start": selectors.local_text(delegation.starts_at),
        "end": selectors.local_text(delegation.ends_at),
        **more,
    }


def _aware(value: dt.datetime | None, field: str, label: str) -> dt.datetime:
    if value is None:
        raise Refused(f"Vui lòng nhập thời điểm {label}.", field=field)
    calendar.check_in_horizon(value.date(), field=field)  # before any shift of zone can overflow
    if timezone.is_naive(value):  # a wall-clock time typed in the agency's zone
        value = timezone.make_aware(value)
    return value


def delegation_request(
    *,
    principal: Any,
    delegate: Any,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    reason: str,
    actor: Any,
) -> Delegation:
    """Ask to lend the principal's processing authority to ``delegate`` for [starts_at, ends_at).

    Refused: someone else's authority, a delegate outside the principal's unit subtree, an inactive
    account, oneself, a window that ends before it starts or is already over, and an overlap with
    another requested or approved delegation of the same principal. The head of the top unit has no
    leader to approve, so their request is approved at once (``auto_approve``, noted in the audit log).
    """
    from congvu.accounts.models import User

    if actor is None or principal is None or actor.pk != principal.pk:
        raise Refused("Bạn chỉ có thể ủy quyền quyền xử lý của chính mình.")
    allowed = delegation_policies.can_request(principal)
    if not allowed:
        raise Refused(allowed.reason)
    if delegate is None:
        raise Refused("Vui lòng chọn người được ủy quyền.", field="delegate")
    if delegate.pk == principal.pk:
        raise Refused("Không thể ủy quyền cho chính mình.", field="delegate")
    if not delegate.is_active:
        raise Refused(f"Tài khoản của {delegate.full_name} không còn hoạt động.", field="delegate")
    if not selectors.is_delegate_candidate(principal, delegate):
        raise Refused(
            f"{delegate.full_name} không thuộc đơn vị của bạn. Chỉ được ủy quyền cho người trong đơn vị mình "
            "(Quy chế, Điều 13 khoản 3).",
            field="delegate",
        )
    starts_at = _aware(starts_at, "starts_at", "bắt đầu")
    ends_at = _aware(ends_at, "ends_at", "kết thúc")
    if ends_at <= starts_at:
        raise Refused("Thời điểm kết thúc phải sau thời điểm bắt đầu.", field="ends_at")
    if ends_at <= timezone.now():
        raise Refused("Thời điểm kết thúc đã qua.", field="ends_at")
    reason = refuse_secret_text(clean_text(reason, field="reason"), field="reason", what="lý do ủy quyền")
    if not reason:
        raise Refused("Vui lòng nêu lý do ủy quyền (ví dụ: đi công tác, nghỉ phép).", field="reason")

    with transaction.atomic():
        # One request at a time per principal, so two overlapping requests cannot both pass.
        User.objects.select_for_update().filter(pk=principal.pk).first()
        clash = selectors.overlapping(principal, starts_at, ends_at).order_by("starts_at").first()
        if clash is not None:
            raise Refused(
                f"Bạn đã có ủy quyền ({clash.display_status.lower()}) cho {clash.delegate.full_name} "
                f"{selectors.window_text(clash)}, trùng thời gian này.",
                field="starts_at",
            )
        delegation = Delegation.objects.create(
            principal=principal,
            delegate=delegate,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
            requested_by=actor,
        )
        audit.record(
            actor=actor,
            action="org.delegation.request",
            obj=delegation,
            after={"delegate": delegate, "starts_at": starts_at, "ends_at": ends_at, "reason": reason},
        )
        if DELEGATION_WORKFLOW.check("auto_approve", delegation, actor):
            delegation = DELEGATION_WORKFLOW.apply(
                "auto_approve",
                delegation,
                actor=actor,
                reason=AUTO_APPROVAL_NOTE,
                changes={"decided_by": actor},
            )
            _announce_approval(delegation)
        else:
            notify(
                recipients=policies.superiors(principal),
                title=gettext_noop(
                    "%(principal)s đề nghị ủy quyền cho %(delegate)s từ %(start)s đến %(end)s"
                ),
                body=gettext_noop("Lý do: %(reason)s"),
                params=_params(delegation, reason=reason),
                url=selectors.detail_url(delegation),
                kind="delegation.requested",
                event_key=f"delegation:{delegation.pk}:requested",
                subject=subject_of(delegation),
                awaits=AWAITS_DECISION,
            )
    return delegation


def _announce_approval(delegation: Delegation) -> None:
    """Delegate and principal now; the whole agency from a background task after commit (Đ11)."""
    notification_settle(subject=subject_of(delegation), awaits=AWAITS_DECISION)
    notify(
        recipients=[delegation.delegate, delegation.principal],
        title=gettext_noop(
            "Ủy quyền đã được duyệt: %(delegate)s xử lý thay %(principal)s từ %(start)s đến %(end)s"
        ),
        body=gettext_noop("Lý do: %(reason)s"),
        params=_params(delegation, reason=delegation.reason),
        url=selectors.detail_url(delegation),
        kind="delegation.approved",
        event_key=f"delegation:{delegation.pk}:approved",
        subject=subject_of(delegation),
    )
    enqueue_on_commit("congvu.org.delegations.jobs.notify_agency_of_delegation", delegation.pk)


def delegation_approve(*, delegation: Delegation, actor: Any, note: str = "") -> Delegation:
    with transaction.atomic():
        delegation = DELEGATION_WORKFLOW.apply(
            "approve", delegation, actor=actor, reason=note, changes={"decided_by": actor}
        )
        _announce_approval(delegation)
    return delegation


def delegation_reject(*, delegation: Delegation, actor: Any, reason: str) -> Delegation:
    """The leader refuses the request, saying why (the reason is kept and sent to the principal)."""
    DELEGATION_WORKFLOW.require("reject", delegation, actor)
    reason = clean_reason(reason, what="lý do không duyệt")
    with transaction.atomic():
        delegation = DELEGATION_WORKFLOW.apply(
            "reject", delegation, actor=actor, reason=reason, changes={"decided_by": actor}
        )
        notification_settle(subject=subject_of(delegation), awaits=AWAITS_DECISION)
        notify(
            recipients=[delegation.principal],
            title=gettext_noop("Đề nghị ủy quyền cho %(delegate)s không được duyệt"),
            body=gettext_noop("Lý do: %(reason)s"),
            params=_params(delegation, reason=reason),
            url=selectors.detail_url(delegation),
            kind="delegation.rejected",
            event_key=f"delegation:{delegation.pk}:rejected",
            subject=subject_of(delegation),
        )
    return delegation


def delegation_cancel(*, delegation: Delegation, actor: Any, reason: str = "") -> Delegation:
    """The principal withdraws the request: no leader is asked to decide it any more."""
    with transaction.atomic():
        delegation = DELEGATION_WORKFLOW.apply("cancel", delegation, actor=actor, reason=reason)
        notification_settle(subject=subject_of(delegation), awaits=AWAITS_DECISION)
    return delegation


def delegation_revoke(*, delegation: Delegation, actor: Any, reason: str = "") -> Delegation:
    """End an approved delegation now; anyone but the principal says why."""
    DELEGATION_WORKFLOW.require("revoke", delegation, actor)
    reason = clean_reason(reason, what="lý do chấm dứt ủy quyền")
    if actor.pk != delegation.principal_id and not reason:
        raise Refused("Vui lòng nêu lý do chấm dứt ủy quyền.", field="reason")
    with transaction.atomic():
        delegation = DELEGATION_WORKFLOW.apply("revoke", delegation, actor=actor, reason=reason)
        notify(
            recipients=[p for p in (delegation.delegate, delegation.principal) if p.pk != actor.pk],
            title=gettext_noop(
                "Ủy quyền đã chấm dứt: %(delegate)s thôi xử lý thay %(principal)s từ %(ended)s"
            ),
            body=gettext_noop("Lý do: %(reason)s") if reason else "",
            params=_params(
                delegation,
                ended=selectors.local_text(delegation.ended_at or timezone.now()),
                reason=reason,
            ),
            url=selectors.detail_url(delegation),
            kind="delegation.revoked",
            event_key=f"delegation:{delegation.pk}:revoked",
            subject=subject_of(delegation),
        )
    return delegation


_ACTIONS = {
    "approve": lambda d, actor, reason: delegation_approve(delegation=d, actor=actor, note=reason),
    "reject": lambda d, actor, reason: delegation_reject(delegation=d, actor=actor, reason=reason),
    "cancel": lambda d, actor, reason: delegation_cancel(delegation=d, actor=actor, reason=reason),
    "revoke": lambda d, actor, reason: delegation_revoke(delegation=d, actor=actor, reason=reason),
}


def delegation_act(*, delegation: Delegation, action: str, actor: Any, reason: str = "") -> Delegation:
    """One entry point for the screens and the API: apply a user action by its name."""
    handler = _ACTIONS.get(action)
    if handler is None:
        raise Refused(f"Thao tác không hợp lệ: {action}.")
    return handler(delegation, actor, reason or "")


def delegation_mark_expiry_notified(*, delegation: Delegation) -> bool:
    """Tell delegate and principal once that the window has passed (the hourly job)."""
    with transaction.atomic():
        claimed = Delegation.objects.filter(pk=delegation.pk, expiry_notified_at__isnull=True).update(
            expiry_notified_at=timezone.now()
        )
        if not claimed:
            return False
        notify(
            recipients=[delegation.delegate, delegation.principal],
            title=gettext_noop("Ủy quyền đã hết hạn: %(delegate)s thôi xử lý thay %(principal)s từ %(end)s"),
            params=_params(delegation),
            url=selectors.detail_url(delegation),
            kind="delegation.expired",
            event_key=f"delegation:{delegation.pk}:expired",
            subject=subject_of(delegation),
        )
    return True
