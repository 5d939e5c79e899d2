"""The one small workflow engine (STYLE: workflows are data).

An app's ``workflow.py`` declares its transitions as a tuple of :class:`Transition`. Applying one
re-reads the row under ``select_for_update()``, checks the source state and the guard, saves only
the changed fields and writes the audit event — all in one transaction. Nothing else in the code
base assigns a status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from congvu.core import audit
from congvu.core.decisions import Decision, Refused

Guard = Callable[[Any, Any], Decision]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str] | set[str]
    target: str | None  # None: the transition changes data but not the state (reassign, extend)
    guard: Guard
    needs_reason: bool = False
    label: str = ""
    stamps: tuple[str, ...] = field(default=())  # datetime fields set to "now" on this transition


class Workflow:
    def __init__(
        self, *, model: type[models.Model], transitions: Iterable[Transition], status_field: str = "status"
    ):
        self.model = model
        self.status_field = status_field
        self.transitions = {t.name: t for t in transitions}

    def __iter__(self):
        return iter(self.transitions.values())

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise Refused(f"Thao tác không hợp lệ: {name}.") from None

    def check(self, name: str, obj: Any, user: Any) -> Decision:
        """May ``user`` apply transition ``name`` to ``obj`` now? Used by templates and the API."""
        transition = self.get(name)
        if getattr(obj, self.status_field) not in transition.sources:
            return Decision.deny("Thao tác này không áp dụng được ở trạng thái hiện tại.")
        return transition.guard(user, obj)

    def allowed(self, obj: Any, user: Any) -> list[Transition]:
        return [t for t in self.transitions.values() if self.check(t.name, obj, user)]

    def apply(
        self,
        name: str,
        obj: Any,
        *,
        actor: Any,
        reason: str = "",
        changes: dict[str, Any] | None = None,
        request_ip: str | None = None,
    ) -> Any:
        """Apply a transition and return the fresh object; raise :class:`Refused` when not allowed."""
        transition = self.get(name)
        reason = (reason or "").strip()
        if transition.needs_reason and not reason:
            raise Refused("Vui lòng nêu lý do.", field="reason")
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            before_status = getattr(locked, self.status_field)
            if before_status not in transition.sources:
                raise Refused(
                    "Thao tác này không áp dụng được ở trạng thái hiện tại (có thể người khác vừa xử lý)."
                )
            decision = transition.guard(actor, locked)
            if not decision:
                raise Refused(decision.reason)
            changed: dict[str, Any] = {}
            if transition.target is not None:
                changed[self.status_field] = transition.target
            now = timezone.now()
            for stamp in transition.stamps:
                changed[stamp] = now
            changed.update(changes or {})
            before = {k: getattr(locked, k) for k in changed}
            for key, value in changed.items():
                setattr(locked, key, value)
            locked.save(update_fields=list(changed))
            audit.record(
                actor=actor,
                on_behalf_of=decision.on_behalf_of,
                action=f"{locked._meta.label_lower}.{transition.name}",
                obj=locked,
                before=before,
                after=changed,
                note=reason,
                ip=request_ip,
            )
        return locked
