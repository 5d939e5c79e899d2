"""Who may open the administration page "Quản trị"."""

from __future__ import annotations

from typing import Any

from congvu.core.decisions import Decision
from congvu.org import policies as org_policies


def can_open_administration(user: Any) -> Decision:
    decision = org_policies.is_administrator(user)
    return decision if decision else Decision.deny("Chỉ quản trị hệ thống mới vào được trang Quản trị.")
