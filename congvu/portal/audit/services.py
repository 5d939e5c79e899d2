"""Writes of the audit log screens: only the record that an export happened (R-SEC-2)."""

from __future__ import annotations

from typing import Any

from congvu.core import audit
from congvu.portal.audit.policies import can_view_audit_log


def audit_export_record(*, actor: Any, filters: dict[str, Any], file_format: str, rows: int) -> Any:
    """The export of the audit log is itself an audited act (R-SEC-2)."""
    can_view_audit_log(actor).require()
    return audit.record(
        actor=actor,
        action="core.audit.exported",
        object_type="core.auditevent",
        object_repr=f"Xuất nhật ký ({file_format.upper()}, {rows} dòng)",
        after={
            "filters": {k: v for k, v in filters.items() if v not in ("", None)},
            "format": file_format,
            "rows": rows,
        },
    )
