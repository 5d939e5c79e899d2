"""Vietnamese text helpers (DOC-6 NFC, DOC-10 folding, stack notes §2 sorting), checked by property."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from congvu.core.text import clean_text, fold, nfc, search_text, sort_key

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " -/.,0123456789"), max_size=40
)
any_text = st.one_of(vietnamese_text, st.text(max_size=40))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@given(any_text)
@example("İstanbul ǰ ﬁ ß ᾳ")  # characters whose case folding or decomposition is unusual
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(any_text)
def test_nfc_and_nfd_fold_alike(text):
    assert fold(nfd(text)) == fold(nfc(text)) == fold(text)
    assert search_text(nfd(text)) == search_text(nfc(text))


@given(vietnamese_text)
def test_fold_leaves_plain_lowercase_ascii(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) == len(nfc(text))  # one letter in, one letter out


@given(any_text)
def test_search_text_is_words_separated_by_single_spaces(text):
    result = search_text(text)
    assert result == result.strip()
    assert "  " not in result
    assert search_text(result) == result
    assert all(word.isalnum() for word in result.split())


def test_known_folds():
    assert fold("Quyết Định Đà Nẵng") == "quyet dinh da nang"
    assert fold("ĐỨC ðức Ðức") == "duc duc duc"
    assert search_text("Số 12/QĐ-UBND", None, "Ủy ban") == "so 12 qd ubnd uy ban"
    assert clean_text("  Nguyễn\t Văn   Minh \n") == "Nguyễn Văn Minh"


@given(st.text(max_size=30))
def test_nfc_is_idempotent_and_normal(text):
    assert nfc(nfc(text)) == nfc(text)
    assert unicodedata.is_normalized("NFC", nfc(text))


SORTED_NAMES = [
    "Anh",
    "Ân",
    "Ấn",
    "Âu",
    "Bùi",
    "Dương",
    "Đặng",
    "Đỗ",
    "Hà",
    "Hạ",
    "Oanh",
    "Ông",
    "Ơn",
    "Út",
    "Uyên",
]


def test_sort_key_gives_vietnamese_alphabetical_order():
    shuffled = SORTED_NAMES[:]
    for seed in range(20):
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=sort_key) == SORTED_NAMES
    # Python's own order is wrong (code point order), which is why sort_key exists.
    assert sorted(SORTED_NAMES) != SORTED_NAMES


def test_sort_key_ignores_case_and_normal_form():
    for name in SORTED_NAMES:
        assert sort_key(name) == sort_key(name.upper()) == sort_key(nfd(name))


@given(st.lists(vietnamese_text, max_size=12))
def test_sorting_by_sort_key_does_not_depend_on_the_input_order(names):
    forwards = sorted(names, key=sort_key)
    backwards = sorted(reversed(names), key=sort_key)
    assert [sort_key(n) for n in forwards] == [sort_key(n) for n in backwards]
    assert [sort_key(n) for n in forwards] == sorted(sort_key(n) for n in names)
