"""Who may read the audit log (ADM-2).

Choice: **every administrator sees every event**, a unit administrator as much as a system
administrator. Investigations cross units (a failed sign-in has no account and no unit; a change to
a unit touches people of other units), and the log of one agency is small enough that partitioning
it would hide more than it protects. Nobody, administrator or not, can change or remove an event: no
screen, API or admin action exists for it, and PostgreSQL refuses it by trigger.
"""

from __future__ import annotations

from typing import Any

from congvu.core.decisions import Decision
from congvu.org import policies as org_policies


def can_view_audit_log(user: Any) -> Decision:
    decision = org_policies.is_administrator(user)
    return decision if decision else Decision.deny("Chỉ quản trị hệ thống mới xem được nhật ký hệ thống.")
