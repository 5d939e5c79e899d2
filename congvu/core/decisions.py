"""Answers that carry their reason, and refusals that carry their kind (STYLE: Refusals).

A policy answers with a :class:`Decision`: true or false, with the Vietnamese reason shown to the
person when false. When a rule says no to an act, the engine, a policy or a service raises
:class:`Refused` with one of four kinds; the screens and the API turn the kind into the answer the
person sees (the form field in error, a 403/404/409 page, the JSON error with its status) in one
place each (``core.forms.bind_refusal``, ``core.middleware.RefusalMiddleware``, ``congvu.api``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class RefusalKind(StrEnum):
    NOT_ALLOWED = "not_allowed"  # the person may not do this (403)
    WRONG_STATE = "wrong_state"  # not in this state, or someone else just acted (409)
    INVALID = "invalid"  # the input is wrong; ``field`` names where (400)
    NOT_FOUND = "not_found"  # missing, or not visible to the person (404)


HTTP_STATUS: dict[RefusalKind, int] = {
    RefusalKind.NOT_ALLOWED: 403,
    RefusalKind.WRONG_STATE: 409,
    RefusalKind.INVALID: 400,
    RefusalKind.NOT_FOUND: 404,
}


class Refused(Exception):
    """A request that the rules refuse; ``message`` is shown to the person as it is.

    Use the constructors that say which kind: ``Refused.not_allowed(reason)``,
    ``Refused.wrong_state(reason)``, ``Refused.invalid(message, field=...)``,
    ``Refused.not_found(message)``. ``Refused(message, field=...)`` is invalid input.
    """

    Kind = RefusalKind

    def __init__(self, message: str, *, field: str | None = None, kind: RefusalKind = RefusalKind.INVALID):
        super().__init__(message)
        self.message = message
        self.field = field
        self.kind = RefusalKind(kind)

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.kind]

    @classmethod
    def not_allowed(cls, message: str) -> Refused:
        return cls(message, kind=RefusalKind.NOT_ALLOWED)

    @classmethod
    def wrong_state(cls, message: str) -> Refused:
        return cls(message, kind=RefusalKind.WRONG_STATE)

    @classmethod
    def invalid(cls, message: str, *, field: str | None = None) -> Refused:
        return cls(message, field=field, kind=RefusalKind.INVALID)

    @classmethod
    def not_found(cls, message: str) -> Refused:
        return cls(message, kind=RefusalKind.NOT_FOUND)

    def on_field(self, field: str | None) -> Refused:
        """The same refusal, told on another field (an API names its fields differently)."""
        return type(self)(self.message, field=field, kind=self.kind)

    def __repr__(self) -> str:
        return f"Refused({self.kind.value}: {self.message!r}, field={self.field!r})"


@dataclass(frozen=True)
class Decision:
    """True or false, with the Vietnamese reason shown to the person when false.

    ``on_behalf_of`` is set when the answer is yes only because the person acts for someone else
    under a delegation (ORG-8); services record it in the audit log.
    """

    allowed: bool
    reason: str = ""
    on_behalf_of: Any = None
    kind: RefusalKind = RefusalKind.NOT_ALLOWED

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def allow(cls, on_behalf_of: Any = None) -> Decision:
        return cls(True, "", on_behalf_of)

    @classmethod
    def deny(cls, reason: str, *, kind: RefusalKind = RefusalKind.NOT_ALLOWED) -> Decision:
        return cls(False, reason, kind=kind)

    def require(self, *, field: str | None = None, kind: RefusalKind | None = None) -> Decision:
        """This decision when it allows; otherwise raise the refusal it carries (403 by default).

        ``field`` and ``kind`` tell a refusal about a choice the person made on a form — a lead
        they may not pick is invalid input on that field (400), not a forbidden page."""
        if not self.allowed:
            raise Refused(self.reason, field=field, kind=kind or self.kind)
        return self
