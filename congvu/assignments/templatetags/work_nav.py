"""The menu's question for the work screens: does this person lead a unit ("Việc của đơn vị")?"""

from __future__ import annotations

from typing import Any

from django import template

from congvu.assignments import policies

register = template.Library()


@register.simple_tag
def leads_units(user: Any) -> bool:
    """True for a leader (in person or on someone's behalf); read from the per-request org cache."""
    return bool(getattr(user, "is_authenticated", False) and policies.led_paths(user))
