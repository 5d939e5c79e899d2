"""``core.typed``: what a person types into a record, checked one way in every module."""

from __future__ import annotations

import unicodedata

import pytest

from congvu.core.decisions import Refused
from congvu.core.typed import site_path, typed_line, typed_text


def test_a_line_is_nfc_with_its_spaces_collapsed():
    assert typed_line(
        unicodedata.normalize("NFD", "  Họp   giao ban "), field="t", what="tiêu đề", limit=20
    ) == ("Họp giao ban")


def test_a_text_keeps_its_lines():
    assert typed_text("Dòng một\r\nDòng hai  ", field="b", what="nội dung", limit=50) == "Dòng một\nDòng hai"


@pytest.mark.parametrize(
    ("value", "required"),
    [("", True), ("x" * 31, False), ("Họp\x00", False), ("[MẬT] Kế hoạch", False), ("Độ mật: Mật", False)],
)
def test_refused_on_its_field(value, required):
    for check in (typed_line, typed_text):
        with pytest.raises(Refused) as refused:
            check(value, field="title", what="tiêu đề", limit=30, required=required)
        assert refused.value.field == "title" and refused.value.status == 400


def test_nothing_typed_is_empty_when_not_required():
    assert typed_text(None, field="n", what="ghi chú", limit=10) == ""


@pytest.mark.parametrize(
    "value",
    [
        "https://ngoai.vn/",
        "//ngoai.vn/x",
        "/a\\b",
        "/a b",
        "/a\x07",
        "van-ban/12/",
        "javascript:alert(1)",
        "/" + "x" * 60,
    ],
)
def test_a_site_path_is_a_page_of_this_site_only(value):
    with pytest.raises(Refused) as refused:
        site_path(value, field="link", what="liên kết", limit=50)
    assert refused.value.field == "link"


def test_a_site_path_keeps_its_query():
    assert (
        site_path(" /van-ban/den/12/?q=so+12 ", field="link", what="liên kết", limit=50)
        == "/van-ban/den/12/?q=so+12"
    )
    assert site_path("", field="link", what="liên kết", limit=50) == ""
