"""Form pickers that speak the organisation's language, shared by every module: a unit chosen from
the tree (indented so a long list still reads as a tree) and an account (name, login, posts)."""

from __future__ import annotations

from typing import Any

from django import forms

from congvu.org.models import Unit


def unit_label(unit: Unit, base_depth: int = 0) -> str:
    level = max(unit.depth - base_depth, 0)
    return "\u00a0\u00a0" * level + ("— " if level else "") + unit.name


def account_label(user: Any) -> str:
    """'Nguyễn Văn Minh (minhnv)', with the person's current posts when they were read."""
    posts = getattr(user, "current_posts", [])
    where = "; ".join(f"{m.position} – {m.unit}" for m in posts)
    return f"{user.full_name} ({user.username})" + (f" — {where}" if where else "")


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented under their parent, counted from ``base_depth`` (the shallowest offered)."""

    base_depth = 0

    def label_from_instance(self, obj: Unit) -> str:
        return unit_label(obj, self.base_depth)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return account_label(obj)
