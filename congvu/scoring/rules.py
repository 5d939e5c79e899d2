"""The arithmetic of the PAR index (standards §6.3, R-PAR-1..R-PAR-6), free of the database.

Points are ``Decimal`` with two places, rounded half-up at leaf level only (R-PAR-2); sums are
never rounded again. A node's maximum equals the sum of its children's (R-PAR-1). The index is
total / maximum × 100 with two decimals (R-PAR-3); without a survey the survey nodes leave both
sides (R-PAR-6). Ranking is competition ranking: equal indices share a rank, the next rank skips
("1, 2, 2, 4").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from congvu.core.decisions import Refused

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_NODE_POINTS = Decimal("1000")  # no node of any real index is worth more
MAX_DEPTH = 3  # lĩnh vực → tiêu chí → tiêu chí thành phần
MAX_NODES = 2000
MAX_TIERS = 10
MAX_QUANTITY = Decimal("1000000000")

METHODS = ("manual", "binary", "tiered", "proportional", "deduction", "survey")


def points(value: Any, *, field: str = "score", what: str = "Điểm") -> Decimal:
    """A number of points as typed ("1,5", "1.50", 1.5): two decimals, half-up, never negative."""
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(",", ".") if value is not None else ""
        if not text:
            raise Refused.invalid(f"{what} chưa được nhập.", field=field)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise Refused.invalid(f"{what} phải là một số, ví dụ 1,5.", field=field) from None
    if not number.is_finite():
        raise Refused.invalid(f"{what} phải là một số, ví dụ 1,5.", field=field)
    if number < 0:
        raise Refused.invalid(f"{what} không được âm.", field=field)
    if number > MAX_NODE_POINTS:
        raise Refused.invalid(f"{what} quá lớn.", field=field)
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def show(value: Decimal | None) -> str:
    """Points the Vietnamese way: "1,50"."""
    if value is None:
        return "—"
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}".replace(",", " ").replace(".", ",")


# --- the tree (R-PAR-1) ---------------------------------------------------------------------------


def code_parts(code: str) -> list[int]:
    """ "1.1.3" → [1, 1, 3]; refuses anything that is not dot-separated numbers, 1 to 3 levels."""
    text = (code or "").strip().rstrip(".")
    parts = text.split(".") if text else []
    if not parts or len(parts) > MAX_DEPTH or not all(p.isdigit() and len(p) <= 3 for p in parts):
        raise Refused.invalid(
            f"Mã tiêu chí “{code}” không hợp lệ: dùng dạng 1, 1.2 hoặc 1.2.3.", field="code"
        )
    return [int(p) for p in parts]


def normal_code(code: str) -> str:
    return ".".join(str(p) for p in code_parts(code))


def sort_key(code: str) -> str:
    return ".".join(f"{p:03d}" for p in code_parts(code))


def parent_code(code: str) -> str | None:
    parts = code_parts(code)
    return ".".join(map(str, parts[:-1])) if len(parts) > 1 else None


@dataclass(frozen=True)
class Mismatch:
    code: str
    max_points: Decimal
    children_sum: Decimal

    @property
    def message(self) -> str:
        return (
            f"Điểm tối đa của {self.code} ({show(self.max_points)}) khác tổng điểm tối đa các tiêu chí "
            f"con ({show(self.children_sum)})."
        )


def mismatches(nodes: Iterable[tuple[str, Decimal]]) -> list[Mismatch]:
    """R-PAR-1 over ``(code, max_points)`` pairs: every node with children whose maxima do not add
    up to its own, in code order."""
    table = {normal_code(code): value for code, value in nodes}
    sums: dict[str, Decimal] = {}
    for code, value in table.items():
        parent = parent_code(code)
        if parent is not None:
            sums[parent] = sums.get(parent, ZERO) + value
    wrong = [
        Mismatch(code, table[code], total)
        for code, total in sums.items()
        if code in table and table[code] != total
    ]
    return sorted(wrong, key=lambda m: sort_key(m.code))


def check_tree(nodes: Sequence[tuple[str, Decimal]]) -> None:
    """Refuse a tree that breaks R-PAR-1, has an orphan, a duplicate code or too many nodes."""
    if len(nodes) > MAX_NODES:
        raise Refused.invalid(f"Bộ tiêu chí có tối đa {MAX_NODES} dòng.", field="criteria")
    codes = [normal_code(code) for code, _ in nodes]
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise Refused.invalid(f"Mã tiêu chí {code} bị trùng.", field="criteria")
        seen.add(code)
    for code in codes:
        parent = parent_code(code)
        if parent is not None and parent not in seen:
            raise Refused.invalid(f"Tiêu chí {code} không có tiêu chí cha {parent}.", field="criteria")
    wrong = mismatches(nodes)
    if wrong:
        raise Refused.invalid(" ".join(m.message for m in wrong[:5]), field="criteria")


def tiers(values: Iterable[Any], maximum: Decimal) -> list[Decimal]:
    """The allowed points of a tiered criterion: distinct, within 0..max, the maximum among them."""
    found = sorted({points(v, field="tiers", what="Mức điểm") for v in values}, reverse=True)
    if not found or len(found) > MAX_TIERS:
        raise Refused.invalid(f"Tiêu chí theo mức cần từ 1 đến {MAX_TIERS} mức điểm.", field="tiers")
    if found[0] != maximum or found[-1] < 0:
        raise Refused.invalid("Mức điểm cao nhất phải bằng điểm tối đa của tiêu chí.", field="tiers")
    return found


# --- one leaf (R-PAR-2) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """What scoring a leaf needs to know about it (a ``Criterion`` fits)."""

    code: str
    max_points: Decimal
    method: str = "manual"
    tiers: tuple[str, ...] = ()
    deduction_step: Decimal | None = None


def _quantity(value: Any, *, field: str, what: str) -> Decimal:
    number = points(value, field=field, what=what) if not isinstance(value, Decimal) else value
    if number < 0 or number > MAX_QUANTITY:
        raise Refused.invalid(f"{what} không hợp lệ.", field=field)
    return number


def leaf_score(
    leaf: Any,
    *,
    score: Any = None,
    achieved: Any = None,
    planned: Any = None,
    deductions: int | None = None,
) -> Decimal:
    """The points of a leaf from what was typed, by its method; refuses what the method forbids.

    * manual: any score within 0..max;
    * binary: 0 or the maximum (đạt / không đạt);
    * tiered: one of the tiers;
    * proportional: achieved / planned × max, capped at max (or a typed score within 0..max);
    * deduction: max − deductions × step, floored at 0 (or a typed score within 0..max);
    * survey: never self-scored (the survey supplies it).
    """
    maximum = Decimal(leaf.max_points)
    code = leaf.code
    if leaf.method == "survey":
        raise Refused.invalid(
            f"Tiêu chí {code} lấy điểm từ điều tra xã hội học, đơn vị không tự chấm.", field="score"
        )
    if leaf.method == "proportional" and (achieved not in (None, "") or planned not in (None, "")):
        done = _quantity(achieved, field="achieved", what="Số đạt được")
        plan = _quantity(planned, field="planned", what="Số kế hoạch")
        if plan == 0:
            raise Refused.invalid("Số kế hoạch phải lớn hơn 0.", field="planned")
        if done > plan:
            done = plan
        return (maximum * done / plan).quantize(CENT, rounding=ROUND_HALF_UP)
    if leaf.method == "deduction" and deductions not in (None, ""):
        try:
            count = int(deductions)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise Refused.invalid("Số lần bị trừ phải là số nguyên.", field="deductions") from None
        if count < 0 or count > 1000:
            raise Refused.invalid("Số lần bị trừ không hợp lệ.", field="deductions")
        step = Decimal(leaf.deduction_step or 0)
        return max(ZERO, maximum - step * count).quantize(CENT, rounding=ROUND_HALF_UP)
    value = points(score)
    if value > maximum:
        raise Refused.invalid(
            f"Điểm của tiêu chí {code} ({show(value)}) vượt điểm tối đa {show(maximum)}.", field="score"
        )
    if leaf.method == "binary" and value not in (ZERO, maximum):
        raise Refused.invalid(
            f"Tiêu chí {code} chấm đạt ({show(maximum)}) hoặc không đạt (0).", field="score"
        )
    if leaf.method == "tiered" and leaf.tiers:
        allowed = {points(t) for t in leaf.tiers}
        if value not in allowed:
            listed = "; ".join(show(t) for t in sorted(allowed, reverse=True))
            raise Refused.invalid(f"Tiêu chí {code} chỉ chấm một trong các mức: {listed}.", field="score")
    return value


def bounded(leaf: Any, value: Any, *, field: str, what: str) -> Decimal:
    """An appraised or survey score: within 0..max of the leaf (TV-PAR-5), any method."""
    number = points(value, field=field, what=what)
    if number > Decimal(leaf.max_points):
        raise Refused.invalid(
            f"{what} của tiêu chí {leaf.code} ({show(number)}) vượt điểm tối đa {show(Decimal(leaf.max_points))}.",
            field=field,
        )
    return number


def final_score(*, survey_node: bool, self_score: Decimal | None, appraised: Decimal | None,
                survey: Decimal | None) -> Decimal:  # fmt: skip
    """The score that counts: the survey's for a survey node, else the appraised one, else the
    self-score while not appraised; nothing entered counts 0."""
    if survey_node:
        return survey if survey is not None else ZERO
    if appraised is not None:
        return appraised
    return self_score if self_score is not None else ZERO


# --- the index and the ranking (R-PAR-3, R-PAR-6) ------------------------------------------------


def index_percent(total: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return ZERO
    return (Decimal(total) * 100 / Decimal(maximum)).quantize(CENT, rounding=ROUND_HALF_UP)


def ranks(values: Sequence[Decimal]) -> list[int]:
    """Competition ranks of ``values``, highest first, in the order given: [91.43, 89, 89, 85.1]
    → [1, 2, 2, 4]."""
    order = sorted(values, reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(order, start=1):
        first.setdefault(value, position)
    return [first[v] for v in values]


GRADES = ((Decimal(90), "A"), (Decimal(80), "B"), (Decimal(70), "C"))


def grade(index: Decimal) -> str:
    """The older reports' grouping (standards §6.2.4): ≥ 90 % A, 80–90 % B, 70–80 % C, else D."""
    for floor, letter in GRADES:
        if index >= floor:
            return letter
    return "D"
