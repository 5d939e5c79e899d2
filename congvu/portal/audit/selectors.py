"""Reads for the audit log screens, its export and its API (ADM-2, R-SEC-2)."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core import audit, registry
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.text import search_text

# --- audit log ------------------------------------------------------------------------------------

RESULT_LABELS = audit.RESULT_LABELS
action_label = registry.audit_label


def action_groups() -> list[tuple[str, Any]]:
    """Code prefixes offered as filters of the log, with their labels."""
    return list(registry.REGISTRY.audit_action_groups)


def action_codes() -> list[tuple[str, Any]]:
    """Every action code a module labelled, with its label (offered as filters too)."""
    return sorted(registry.REGISTRY.audit_action_labels.items())


@dataclass(frozen=True)
class AuditRow:
    """One event as the log shows it: the action's label (the code stays beside it), the note as
    people read it ("hết thời gian chờ" for "idle"), and the object's page when its module can say."""

    event: AuditEvent
    label: str
    note: str
    object_url: str

    @property
    def code_parts(self) -> list[str]:
        """The code's parts, for a narrow column to break the code after a dot and nowhere else."""
        return self.event.action.split(".")


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """The rows of a page of the log; the objects' addresses are read once per object type."""
    links = registry.audit_object_links([(e.object_type, e.object_id) for e in events])
    return [
        AuditRow(
            event=event,
            label=action_label(event.action),
            note=registry.audit_note(event.action, event.note),
            object_url=links.get((event.object_type, event.object_id), ""),
        )
        for event in events
    ]


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log screen, its export and the API filter on. Dates are local days."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    ip: str = ""
    result: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items()}


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def is_ip_prefix(value: str) -> bool:
    return bool(value) and all(c in "0123456789abcdefABCDEF:." for c in value)


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events matching ``filters``, any order (the caller orders)."""
    qs = AuditEvent.objects.all()
    if filters.actor:
        who = filters.actor.strip()
        folded = search_text(who)
        condition = Q(actor_name__icontains=who) | Q(on_behalf_of_name__icontains=who)
        if folded:
            condition |= Q(actor__search_text__contains=folded) | Q(
                on_behalf_of__search_text__contains=folded
            )
        # A failed sign-in has no account: the login name typed is kept as the object.
        condition |= Q(actor__isnull=True, action="accounts.sign_in_failed", object_repr__iexact=who)
        qs = qs.filter(condition)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action.strip())
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        qs = qs.filter(occurred_at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    if filters.ip:
        ip = filters.ip.strip()
        try:
            qs = qs.filter(ip=str(ipaddress.ip_address(ip)))
        except ValueError:
            qs = qs.filter(ip__startswith=ip)
    if filters.result:
        qs = qs.filter(result=filters.result)
    return qs


def audit_event(pk: int) -> AuditEvent:
    """One event with its people (404 when there is none)."""
    event = AuditEvent.objects.select_related("actor", "on_behalf_of").filter(pk=pk).first()
    if event is None:
        raise Refused.not_found("Không tìm thấy sự kiện.")
    return event


def audit_page(filters: AuditFilters, *, after: str | None, size: int | None = None) -> KeysetPage:
    """One page of the list, newest first. The list needs no join: names are stored on the row."""
    qs = audit_events(filters).defer("before", "after", "prev_hash")
    return keyset_page(qs, order=("-id",), after=after, size=size or settings.PAGE_SIZE)


def audit_rows_for_export(filters: AuditFilters, *, limit: int) -> Iterator[AuditEvent]:
    """The rows of an export, newest first, with the accounts' login names."""
    qs = audit_events(filters).select_related("actor", "on_behalf_of").order_by("-id")[:limit]
    return qs.iterator(chunk_size=2000)


def display_value(value: Any) -> str:
    """A before/after value as people read it: a related row by its name, a list joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, dict):
        if set(value) == {"id", "repr"}:
            return str(value["repr"])
        return "; ".join(f"{k}: {display_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(display_value(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class DiffRow:
    field: str
    before: str
    after: str
    changed: bool


def audit_diff(event: AuditEvent) -> list[DiffRow]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        b = display_value(before.get(key)) if key in before else ""
        a = display_value(after.get(key)) if key in after else ""
        rows.append(DiffRow(key, b, a, key not in before or key not in after or before[key] != after[key]))
    return rows


def object_type_choices() -> list[tuple[str, str]]:
    """Every model's label, for the filter's list (no query)."""
    from django.apps import apps

    choices = [
        (m._meta.label_lower, f"{m._meta.verbose_name} ({m._meta.label_lower})")
        for m in apps.get_models()
        if m._meta.app_label in {"accounts", "org", "core", "catalogues", "notifications"}
        or m._meta.app_label.startswith("congvu")
    ]
    return sorted(choices, key=lambda c: c[0])
