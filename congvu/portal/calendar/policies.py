"""Who may change the agency's calendar of days off and make-up days (R-WD-1, R-WD-5)."""

from __future__ import annotations

from typing import Any

from congvu.core.decisions import Decision
from congvu.org import policies as org_policies


def can_manage_calendar(user: Any) -> Decision:
    decision = org_policies.is_administrator(user)
    return decision if decision else Decision.deny("Chỉ quản trị hệ thống mới sửa được lịch ngày nghỉ.")
