"""The one small workflow engine (STYLE: workflows are data).

A feature's ``workflow.py`` declares one :class:`Workflow`: its transitions (which change the
state) and its actions (which need the same "may I, in this state?" answer but keep the state —
report progress, attach a file, edit the details). Declaring it registers it by name, so tools and
tests find every workflow (``WORKFLOWS``) and ``docs/workflows/<doc>`` is checked against it.

Screens, API, templates and services ask one question, ``workflow.check(name, obj, user)``: the
state first (a :class:`~congvu.core.decisions.Decision` of kind *wrong state*), then the guard (a
decision of kind *not allowed*, with the reason). ``require`` raises the refusal instead.

Applying a transition re-reads the row under ``select_for_update()``, checks the state and the
guard again, saves only the changed fields and writes the audit event — all in one transaction.
Services that carry out an action hold the same lock with ``workflow.locked(...)``. Nothing else in
the code base assigns a status.

What a person types with a step — a reason, a comment, a note — is cleaned by :func:`clean_reason`:
the engine refuses a transition's reason that carries a secrecy marking (DOC-7) before anything is
saved, and a service that reads such a text before applying (to store it, or to refuse it on its
own field) cleans it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from congvu.core import audit
from congvu.core.decisions import Decision, RefusalKind, Refused
from congvu.core.files import refuse_secret_text
from congvu.core.text import clean_note

Guard = Callable[[Any, Any], Decision]

WRONG_STATE = "Thao tác này không áp dụng được ở trạng thái hiện tại."
MAX_REASON = 2000  # the reason a person types with a step (``core.forms.reason_field`` bounds its box alike)
RACE = "Thao tác này không áp dụng được ở trạng thái hiện tại (có thể người khác vừa xử lý)."


@dataclass(frozen=True)
class Transition:
    """A step that moves the state (or, with ``target=None``, changes data the engine saves)."""

    name: str
    sources: frozenset[str] | set[str]
    target: str | None  # None: the transition changes data but not the state (reassign, extend)
    guard: Guard
    needs_reason: bool = False
    label: str = ""
    stamps: tuple[str, ...] = field(default=())  # datetime fields set to "now" on this transition
    internal: bool = False  # applied by a service as a consequence, never offered to a person
    wrong_state: str = ""  # the refusal outside ``sources``, when a plainer one than the default helps


@dataclass(frozen=True)
class Action:
    """A state-preserving act: allowed in ``sources`` to whom ``guard`` allows; a service does it."""

    name: str
    sources: frozenset[str] | set[str]
    guard: Guard
    label: str = ""
    target: None = None
    internal: bool = False
    wrong_state: str = ""


Step = Transition | Action

WORKFLOWS: dict[str, Workflow] = {}


def get_workflow(name: str) -> Workflow:
    return WORKFLOWS[name]


def clean_reason(text: str, *, field: str = "reason", what: str = "lý do") -> str:
    """A reason, comment or note a person types with a workflow step: NFC, line ends as ``\n``,
    trimmed (``clean_note``), and refused on ``field`` when it carries a secrecy marking — "MẬT"
    alone on a line, "[Tối mật]", "Độ mật: Mật" (DOC-7; seed 001 Đ6.1: no secret content in the
    system), with the same refusal as a stamped attachment. ``what`` names the text for the
    person ("lý do trả lại"). Words in ordinary prose — "giữ bí mật", "mật khẩu" — pass."""
    return refuse_secret_text(clean_note(text, field=field), field=field, what=what)


class Workflow:
    def __init__(
        self,
        *,
        model: type[models.Model],
        transitions: Iterable[Transition],
        actions: Iterable[Action] = (),
        name: str | None = None,
        doc: str = "",
        status_field: str = "status",
    ):
        self.model = model
        self.name = name or model._meta.label_lower
        self.doc = doc  # file under docs/workflows/ that describes it in plain words
        self.status_field = status_field
        self.transitions: dict[str, Transition] = {t.name: t for t in transitions}
        self.actions: dict[str, Action] = {a.name: a for a in actions}
        clash = set(self.transitions) & set(self.actions)
        if clash:
            raise ValueError(f"{self.name}: names used twice: {sorted(clash)}")
        if self.name in WORKFLOWS:
            raise ValueError(f"workflow {self.name!r} is declared twice")
        WORKFLOWS[self.name] = self

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions.values())

    @property
    def steps(self) -> dict[str, Step]:
        return {**self.transitions, **self.actions}

    def states(self) -> list[str]:
        field_ = self.model._meta.get_field(self.status_field)
        assert isinstance(field_, models.Field)
        return [value for value, _label in field_.choices or ()]

    def get(self, name: str) -> Step:
        step = self.transitions.get(name) or self.actions.get(name)
        if step is None:
            raise Refused.invalid(f"Thao tác không hợp lệ: {name}.")
        return step

    # --- may I? -------------------------------------------------------------------------------------

    def check(self, name: str, obj: Any, user: Any) -> Decision:
        """May ``user`` do ``name`` to ``obj`` now? State first, then the guard, with the reason."""
        step = self.get(name)
        if getattr(obj, self.status_field) not in step.sources:
            return Decision.deny(step.wrong_state or WRONG_STATE, kind=RefusalKind.WRONG_STATE)
        return step.guard(user, obj)

    def require(self, name: str, obj: Any, user: Any) -> Decision:
        """The allowing decision (it may carry ``on_behalf_of``), or raise the typed refusal."""
        return self.check(name, obj, user).require()

    def allowed(self, obj: Any, user: Any, names: Iterable[str] | None = None) -> list[Step]:
        """The steps ``user`` may take on ``obj`` now, in declaration order (or of ``names``);
        internal transitions are never offered."""
        wanted = [n for n, step in self.steps.items() if not step.internal] if names is None else list(names)
        return [self.get(n) for n in wanted if self.check(n, obj, user)]

    def allowed_names(self, obj: Any, user: Any, names: Iterable[str] | None = None) -> list[str]:
        return [step.name for step in self.allowed(obj, user, names)]

    # --- doing it -----------------------------------------------------------------------------------

    def locked(self, name: str, obj: Any, *, actor: Any) -> tuple[Any, Decision]:
        """Inside a transaction: the row as it is now, locked, and the decision to do ``name`` to it.

        Both are refusals of kind *wrong state*: a state the person could see is told plainly; a
        state that changed since the object was read is a lost race ("someone else just acted")."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.locked() must run inside transaction.atomic()")
        step = self.get(name)
        seen = getattr(obj, self.status_field)
        fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
        if getattr(fresh, self.status_field) not in step.sources:
            raced = seen in step.sources
            raise Refused.wrong_state(RACE if raced else step.wrong_state or WRONG_STATE)
        return fresh, step.guard(actor, fresh).require()

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
        """Apply a transition and return the fresh object; raise :class:`Refused` when not allowed,
        in the wrong state, or when ``reason`` is missing where the table needs one or carries a
        secrecy marking (field ``reason``, :func:`clean_reason`) — then nothing is saved."""
        transition = self.transitions.get(name)
        if transition is None:
            raise Refused.invalid(f"Thao tác không hợp lệ: {name}.")
        with transaction.atomic():
            locked, decision = self.locked(name, obj, actor=actor)  # may they, before what they typed
            reason = clean_reason(reason)
            if len(reason) > MAX_REASON:
                raise Refused.invalid(f"Lý do tối đa {MAX_REASON} ký tự.", field="reason")
            if transition.needs_reason and not reason:
                raise Refused.invalid("Vui lòng nêu lý do.", field="reason")
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
