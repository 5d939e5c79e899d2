"""R-PAR-1…R-PAR-6 and the test vectors TV-PAR-1…5 of standards §6.3, on the pure arithmetic."""

from decimal import Decimal as D

import pytest

from congvu.core.decisions import Refused
from congvu.scoring import rules
from congvu.scoring.sample import ROWS


def tree():
    return [(code, D(points)) for code, _name, points, *_ in ROWS]


def test_tv_par_1_the_sample_tree_adds_up_to_100():
    rules.check_tree(tree())
    areas = [points for code, points in tree() if "." not in code]
    assert sum(areas) == D("100.00")
    assert sum(p for c, p in tree() if c.count(".") == 1 and c.startswith("1.")) == D("10.00")


def test_tv_par_1_changing_a_leaf_breaks_the_sum():
    changed = [(c, D("1.25") if c == "1.1.3" else p) for c, p in tree()]
    with pytest.raises(Refused) as refused:
        rules.check_tree(changed)
    assert "Điểm tối đa của 1.1 (2,00) khác tổng điểm tối đa các tiêu chí con (2,25)." in str(refused.value)


def test_tv_par_2_the_index_of_89_points_is_89_percent():
    finals = [D(x) for x in ("9.5", "8.75", "13.0", "10.0", "14.5", "6.0", "15.25", "12.0")]
    assert sum(finals) == D("89.00")
    assert rules.index_percent(sum(finals), D("100.00")) == D("89.00")


def test_tv_par_3_equal_indices_share_a_rank_and_the_next_skips():
    assert rules.ranks([D("91.43"), D("89.00"), D("89.00")]) == [1, 2, 2]
    assert rules.ranks([D("89.00"), D("85.10"), D("91.43"), D("89.00")]) == [2, 4, 1, 2]


def test_tv_par_4_without_a_survey_the_index_is_over_the_non_survey_maximum():
    assert rules.index_percent(D("64.40"), D("70.00")) == D("92.00")


def test_tv_par_5_scores_above_the_maximum_are_refused():
    leaf = rules.Leaf("1.2", D("1.00"))
    with pytest.raises(Refused, match="vượt điểm tối đa 1,00"):
        rules.leaf_score(leaf, score="1.2")
    with pytest.raises(Refused, match="vượt điểm tối đa"):
        rules.bounded(leaf, "1.2", field="score", what="Điểm thẩm định")
    assert rules.bounded(leaf, "0.5", field="score", what="Điểm thẩm định") == D("0.50")


@pytest.mark.parametrize("typed", ["-0.5", "abc", "", "NaN", "Infinity", "1e9"])
def test_what_is_not_a_score_is_refused(typed):
    with pytest.raises(Refused):
        rules.leaf_score(rules.Leaf("1.4", D("1.00")), score=typed)


def test_points_round_half_up_at_the_leaf():
    assert rules.points("0,125") == D("0.13")
    assert rules.points("0.124") == D("0.12")
    proportional = rules.Leaf("1.3", D("2.00"), "proportional")
    assert rules.leaf_score(proportional, achieved="1", planned="3") == D("0.67")
    assert rules.leaf_score(proportional, achieved="9", planned="8") == D("2.00")  # capped at max


def test_each_method_refuses_what_it_does_not_allow():
    binary = rules.Leaf("1.1.1", D("0.50"), "binary")
    assert rules.leaf_score(binary, score="0.5") == D("0.50")
    with pytest.raises(Refused, match="đạt"):
        rules.leaf_score(binary, score="0.25")
    tiered = rules.Leaf("1.1.3", D("1.00"), "tiered", ("1.00", "0.50", "0"))
    assert rules.leaf_score(tiered, score="0,5") == D("0.50")
    with pytest.raises(Refused, match="một trong các mức: 1,00; 0,50; 0,00"):
        rules.leaf_score(tiered, score="0.75")
    deduction = rules.Leaf("1.2", D("1.00"), "deduction", deduction_step=D("0.25"))
    assert rules.leaf_score(deduction, deductions=2) == D("0.50")
    assert rules.leaf_score(deduction, deductions=7) == D("0.00")  # floored at 0
    with pytest.raises(Refused, match="điều tra xã hội học"):
        rules.leaf_score(rules.Leaf("1.6", D("3.00"), "survey"), score="2")
    with pytest.raises(Refused, match="lớn hơn 0"):
        rules.leaf_score(rules.Leaf("1.3", D("2.00"), "proportional"), achieved="1", planned="0")


def test_codes_are_dotted_numbers_of_at_most_three_levels():
    assert rules.sort_key("1.10.2") == "001.010.002"
    assert rules.sort_key("1.9") < rules.sort_key("1.10")
    for bad in ("1.2.3.4", "a.1", "", "1..2"):
        with pytest.raises(Refused):
            rules.code_parts(bad)


def test_a_tree_with_an_orphan_or_a_duplicate_is_refused():
    with pytest.raises(Refused, match="không có tiêu chí cha 2"):
        rules.check_tree([("1", D(1)), ("2.1", D(1))])
    with pytest.raises(Refused, match="bị trùng"):
        rules.check_tree([("1", D(1)), ("1", D(1))])
