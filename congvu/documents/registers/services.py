"""Writes of the registers feature: an agency's registers (R-NUM-2, R-NUM-3: each register its
own number series, the agency head decides the scheme), its review chains (DOC-4: who reviews
after whom is data), and the audit of a register's export (F-6l).

Every write checks its keeper again (STYLE: "a view's check is never the only one"), runs in one
transaction and records who did it, on whose behalf, before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from congvu.catalogues.models import DocumentType
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.documents.models import (
    Direction,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterYear,
    ReviewChain,
    ReviewStep,
)
from congvu.documents.registers import exports, policies
from congvu.org.models import Membership, RoleGrant, Unit
from congvu.org.tree import subtree_q

MAX_STEPS = 10  # a review chain longer than this is a mistake, not a procedure
NAME_TAKEN = "Cơ quan đã có sổ {direction} tên “{name}”."
CHAIN_NAME_TAKEN = "Cơ quan đã có quy trình duyệt tên “{name}”."


def _keeper(actor: Any, agency_id: int) -> Any:
    """The person the actor acts for (or None), after checking they keep the agency's registers."""
    decision = policies.can_keep(actor, agency_id)
    if not decision:
        raise Refused.not_allowed(decision.reason)
    return decision.on_behalf_of


# --- registers ------------------------------------------------------------------------------------


def _register_state(register: Register, types: Sequence[DocumentType] | None = None) -> dict[str, Any]:
    type_names = [t.name for t in types] if types is not None else []
    return {
        "name": register.name,
        "direction": register.direction,
        "is_default": register.is_default,
        "is_active": register.is_active,
        "document_types": sorted(type_names),
    }


def register_has_numbers(register: Register) -> bool:
    """Whether the register has given a number already (its direction can no longer change)."""
    if register.pk is None:
        return False
    return (
        RegisterYear.objects.filter(register=register, last_number__gt=0).exists()
        or IncomingDocument.objects.filter(register=register).exists()
        or OutgoingDocument.objects.filter(register=register).exists()
    )


def _check_default(register: Register) -> None:
    """One default register per direction: making this one the default unsets the other; the
    default register stays in use (every agency can register and issue at once)."""
    if register.is_default and not register.is_active:
        raise Refused.invalid(
            "Sổ mặc định phải đang dùng: chọn sổ khác làm mặc định trước khi ngừng dùng sổ này.",
            field="is_active",
        )
    if register.is_default:
        Register.objects.filter(
            agency_id=register.agency_id, direction=register.direction, is_default=True
        ).exclude(pk=register.pk).update(is_default=False)


def _check_types(types: Sequence[DocumentType], direction: str) -> None:
    inactive = [t.name for t in types if not t.is_active]
    if inactive:
        raise Refused.invalid(f"Loại văn bản đã ngừng dùng: {', '.join(inactive)}.", field="document_types")


def register_create(
    *,
    agency: Unit,
    name: str,
    direction: str,
    document_types: Sequence[DocumentType] = (),
    is_default: bool = False,
    is_active: bool = True,
    actor: Any,
) -> Register:
    """A new register of the agency: a number series of its own from 1 each year (R-NUM-2, R-NUM-3)."""
    on_behalf_of = _keeper(actor, agency.pk)
    name = " ".join((name or "").split())
    if not name:
        raise Refused.invalid("Nhập tên sổ.", field="name")
    if direction not in Direction.values:
        raise Refused.invalid("Chọn sổ văn bản đến hoặc sổ văn bản đi.", field="direction")
    _check_types(document_types, direction)
    register = Register(
        agency=agency, name=name, direction=direction, is_default=is_default, is_active=is_active
    )
    with transaction.atomic():
        if Register.objects.filter(agency=agency, direction=direction, name__iexact=name).exists():
            raise Refused.invalid(
                NAME_TAKEN.format(direction=Direction(direction).label.lower(), name=name), field="name"
            )
        _check_default(register)
        register.sort_order = (
            Register.objects.filter(agency=agency, direction=direction).count() + 1
        ) % 32000
        try:
            with transaction.atomic():
                register.save()
        except IntegrityError:  # someone else created it at the same moment
            raise Refused.invalid(
                NAME_TAKEN.format(direction=Direction(direction).label.lower(), name=name), field="name"
            ) from None
        register.document_types.set(document_types)
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="documents.register.created",
            obj=register,
            after=_register_state(register, document_types),
        )
    return register


def register_update(
    *,
    register: Register,
    name: str,
    direction: str,
    document_types: Sequence[DocumentType] = (),
    is_default: bool,
    is_active: bool,
    actor: Any,
) -> Register:
    """Rename, limit to types, make default, stop or resume using. A register that has given a
    number keeps its direction: its numbers belong to that series."""
    on_behalf_of = _keeper(actor, register.agency_id)
    name = " ".join((name or "").split())
    if not name:
        raise Refused.invalid("Nhập tên sổ.", field="name")
    if direction not in Direction.values:
        raise Refused.invalid("Chọn sổ văn bản đến hoặc sổ văn bản đi.", field="direction")
    _check_types(document_types, direction)
    with transaction.atomic():
        locked = Register.objects.select_for_update().get(pk=register.pk)
        before = _register_state(locked, list(locked.document_types.all()))
        if direction != locked.direction and register_has_numbers(locked):
            raise Refused.invalid(
                "Sổ đã cấp số văn bản: không đổi được sổ đến thành sổ đi (hoặc ngược lại).",
                field="direction",
            )
        if (
            Register.objects.filter(agency_id=locked.agency_id, direction=direction, name__iexact=name)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise Refused.invalid(
                NAME_TAKEN.format(direction=Direction(direction).label.lower(), name=name), field="name"
            )
        locked.name, locked.direction = name, direction
        locked.is_default, locked.is_active = is_default, is_active
        if before["is_default"] and not is_default:
            others = Register.objects.filter(
                agency_id=locked.agency_id, direction=direction, is_default=True, is_active=True
            ).exclude(pk=locked.pk)
            if not others.exists():
                raise Refused.invalid(
                    "Cơ quan cần một sổ mặc định: chọn sổ khác làm mặc định thay cho sổ này.",
                    field="is_default",
                )
        _check_default(locked)
        locked.save(update_fields=["name", "direction", "is_default", "is_active"])
        locked.document_types.set(document_types)
        after = _register_state(locked, document_types)
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="documents.register.updated",
            obj=locked,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return locked


@dataclass(frozen=True)
class ExportRequest:
    """What was exported: the register, year, filters in words, the format and the row count."""

    register: Register
    year: int
    file_format: str
    rows: int
    filters: dict[str, str]
    book: str = "registration"  # or "follow_up": the incoming register's follow-up register


def register_exported(*, export: ExportRequest, actor: Any) -> None:
    """Audit a register printed or exported (F-6l: every print and export is recorded)."""
    decision = policies.can_read(actor, export.register.agency_id)
    if not decision:
        raise Refused.not_allowed(decision.reason)
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="documents.register.exported",
        obj=export.register,
        after={
            "year": export.year,
            "format": export.file_format,
            "rows": export.rows,
            **({"book": export.book} if export.book != "registration" else {}),
            **({"filters": export.filters} if export.filters else {}),
        },
    )


def register_export(
    *, register: Register, year: int, filters: Any, file_format: str, actor: Any, book: str = "registration"
) -> int:
    """Before a register's file is made: refuse a span too long for one file (``exports.check_size``)
    and audit the export (F-6l); the number of rows the file will hold."""
    rows = exports.check_size(register, year, filters, file_format)
    with transaction.atomic():
        register_exported(
            export=ExportRequest(
                register=register,
                year=year,
                file_format=file_format,
                rows=rows,
                filters=filters.words(),
                book=book,
            ),
            actor=actor,
        )
    return rows


# --- review chains --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInput:
    """One step as typed: its label, kind and — for a person or role step — who."""

    label: str
    kind: str
    person_id: int | None = None
    role: str = ""


ROLE_CHOICES = tuple((value, label) for value, label in RoleGrant.Role.choices)


def _subtree_member_ids(agency: Unit) -> set[int]:
    """The active people holding a post in the agency or anywhere below it (a province's legal
    check may sit in its Văn phòng or its Sở Tư pháp)."""
    from congvu.accounts.models import User

    return set(
        Membership.objects.current()
        .filter(subtree_q([agency.path], "unit__"), user__status=User.Status.ACTIVE)
        .values_list("user_id", flat=True)
    )


def chain_people(agency: Unit) -> list[Any]:
    """Who a person step may name: the people of the agency and of the units below it."""
    from congvu.accounts.models import User

    ids = _subtree_member_ids(agency)
    return list(User.objects.filter(pk__in=ids).order_by("full_name", "pk")) if ids else []


def _clean_steps(agency: Unit, steps: Sequence[StepInput]) -> list[StepInput]:
    if not steps:
        raise Refused.invalid("Quy trình duyệt cần ít nhất một bước.", field="steps")
    if len(steps) > MAX_STEPS:
        raise Refused.invalid(f"Quy trình duyệt có tối đa {MAX_STEPS} bước.", field="steps")
    members: set[int] | None = None
    cleaned = []
    for i, step in enumerate(steps):
        label = " ".join((step.label or "").split())
        if step.kind not in ReviewStep.Kind.values:
            raise Refused.invalid("Chọn loại bước.", field=f"steps.{i}.kind")
        if not label:
            label = str(ReviewStep.Kind(step.kind).label)
        if len(label) > 100:
            raise Refused.invalid("Tên bước tối đa 100 ký tự.", field=f"steps.{i}.label")
        person_id, role = None, ""
        if step.kind == ReviewStep.Kind.PERSON:
            if members is None:
                members = _subtree_member_ids(agency)
            if step.person_id is None or step.person_id not in members:
                raise Refused.invalid(
                    "Bước “người được chỉ định” cần chọn một người của cơ quan.", field=f"steps.{i}.person"
                )
            person_id = step.person_id
        elif step.kind == ReviewStep.Kind.ROLE:
            if step.role not in RoleGrant.Role.values:
                raise Refused.invalid("Bước “vai trò” cần chọn một vai trò.", field=f"steps.{i}.role")
            role = step.role
        cleaned.append(StepInput(label=label, kind=step.kind, person_id=person_id, role=role))
    if cleaned[-1].kind != ReviewStep.Kind.SIGNER:
        raise Refused.invalid(
            "Bước cuối của quy trình là lãnh đạo ký văn bản (người duyệt ban hành).", field="steps"
        )
    if sum(1 for s in cleaned if s.kind == ReviewStep.Kind.SIGNER) > 1:
        raise Refused.invalid("Quy trình chỉ có một bước lãnh đạo ký văn bản.", field="steps")
    return cleaned


def _chain_state(chain: ReviewChain, steps: Sequence[StepInput]) -> dict[str, Any]:
    return {
        "name": chain.name,
        "is_default": chain.is_default,
        "is_active": chain.is_active,
        "steps": [
            {"label": s.label, "kind": s.kind, "person_id": s.person_id, "role": s.role} for s in steps
        ],
    }


def _steps_of(chain: ReviewChain) -> list[StepInput]:
    return [
        StepInput(label=s.label, kind=s.kind, person_id=s.person_id, role=s.role)
        for s in chain.steps.order_by("order")
    ]


def _write_steps(chain: ReviewChain, steps: Sequence[StepInput]) -> None:
    # Drafts copy a chain's steps when submitted (DraftReview): rewriting the steps never changes a
    # draft already in review.
    ReviewStep.objects.filter(chain=chain).delete()
    ReviewStep.objects.bulk_create(
        [
            ReviewStep(
                chain=chain, order=order, label=s.label, kind=s.kind, person_id=s.person_id, role=s.role
            )
            for order, s in enumerate(steps, start=1)
        ]
    )


def _chain_default(chain: ReviewChain) -> None:
    if chain.is_default and not chain.is_active:
        raise Refused.invalid("Quy trình mặc định phải đang dùng.", field="is_active")
    if chain.is_default:
        ReviewChain.objects.filter(agency_id=chain.agency_id, is_default=True).exclude(pk=chain.pk).update(
            is_default=False
        )


def chain_create(
    *,
    agency: Unit,
    name: str,
    steps: Sequence[StepInput],
    is_default: bool = False,
    is_active: bool = True,
    actor: Any,
) -> ReviewChain:
    """A review chain of the agency: ordered steps, the last the signing leader (DOC-4)."""
    on_behalf_of = _keeper(actor, agency.pk)
    name = " ".join((name or "").split())
    if not name:
        raise Refused.invalid("Nhập tên quy trình.", field="name")
    cleaned = _clean_steps(agency, steps)
    chain = ReviewChain(agency=agency, name=name, is_default=is_default, is_active=is_active)
    with transaction.atomic():
        if ReviewChain.objects.filter(agency=agency, name__iexact=name).exists():
            raise Refused.invalid(CHAIN_NAME_TAKEN.format(name=name), field="name")
        _chain_default(chain)
        try:
            with transaction.atomic():
                chain.save()
        except IntegrityError:
            raise Refused.invalid(CHAIN_NAME_TAKEN.format(name=name), field="name") from None
        _write_steps(chain, cleaned)
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="documents.reviewchain.created",
            obj=chain,
            after=_chain_state(chain, cleaned),
        )
    return chain


def chain_update(
    *,
    chain: ReviewChain,
    name: str,
    steps: Sequence[StepInput],
    is_default: bool,
    is_active: bool,
    actor: Any,
) -> ReviewChain:
    """Rename, re-order, add or remove steps, make default, stop or resume using. Drafts already in
    review keep the steps they were given."""
    on_behalf_of = _keeper(actor, chain.agency_id)
    name = " ".join((name or "").split())
    if not name:
        raise Refused.invalid("Nhập tên quy trình.", field="name")
    cleaned = _clean_steps(chain.agency, steps)
    with transaction.atomic():
        locked = ReviewChain.objects.select_for_update().get(pk=chain.pk)
        before = _chain_state(locked, _steps_of(locked))
        if (
            ReviewChain.objects.filter(agency_id=locked.agency_id, name__iexact=name)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise Refused.invalid(CHAIN_NAME_TAKEN.format(name=name), field="name")
        locked.name, locked.is_default, locked.is_active = name, is_default, is_active
        _chain_default(locked)
        locked.save(update_fields=["name", "is_default", "is_active"])
        _write_steps(locked, cleaned)
        after = _chain_state(locked, cleaned)
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="documents.reviewchain.updated",
            obj=locked,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return locked


def chain_step_move(*, chain: ReviewChain, order: int, up: bool, actor: Any) -> ReviewChain:
    """Move one step up or down (a button on the chain's page); the signing step stays last."""
    steps = _steps_of(chain)
    index = order - 1
    other = index - 1 if up else index + 1
    if not (0 <= index < len(steps) and 0 <= other < len(steps)):
        raise Refused.invalid("Không chuyển được bước này.", field="steps")
    steps[index], steps[other] = steps[other], steps[index]
    return chain_update(
        chain=chain,
        name=chain.name,
        steps=steps,
        is_default=chain.is_default,
        is_active=chain.is_active,
        actor=actor,
    )
