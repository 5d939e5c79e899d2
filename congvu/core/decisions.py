"""A policy answer that carries its reason (STYLE: guards that can say *why not*)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decision:
    """True or false, with the Vietnamese reason shown to the user when false.

    ``on_behalf_of`` is set when the answer is yes only because the user acts for someone else
    under a delegation (ORG-8); services record it in the audit log.
    """

    allowed: bool
    reason: str = ""
    on_behalf_of: Any = None

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def allow(cls, on_behalf_of: Any = None) -> Decision:
        return cls(True, "", on_behalf_of)

    @classmethod
    def deny(cls, reason: str) -> Decision:
        return cls(False, reason)


class Refused(Exception):
    """A request that the rules refuse; ``message`` is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
