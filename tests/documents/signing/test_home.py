"""The signer's home page: "Văn bản chờ ký" lists the documents waiting for their signature, and
"Chờ tôi xử lý" counts them; someone with nothing to sign sees neither (DOC-5)."""

import pytest

from tests.documents.cast import build_documents_cast
from tests.documents.signing.helpers import to_sign


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def test_the_signer_sees_what_waits_for_their_signature(cast, signed_in):
    doc = to_sign(cast, data=None, subject="Kế hoạch tuyển dụng chờ ký")
    page = signed_in(cast.chu_tich).get("/").content.decode()
    assert "Văn bản chờ ký" in page and "Kế hoạch tuyển dụng chờ ký" in page
    assert f'href="/van-ban/di/{doc.pk}/ky/"' in page
    assert '<a href="/van-ban/di/cho-ky/"><span class="n tone-warn">1</span> Văn bản chờ ký' in page


def test_someone_with_nothing_to_sign_sees_no_section(cast, signed_in):
    to_sign(cast, data=None, subject="Kế hoạch tuyển dụng chờ ký")
    page = signed_in(cast.pho_chu_tich).get("/").content.decode()
    assert "Văn bản chờ ký" not in page


@pytest.mark.parametrize("rows", [2, 12])
def test_the_section_costs_one_query_two_past_five(cast, signed_in, django_assert_max_num_queries, rows):
    from congvu.documents.signing import selectors

    for i in range(rows):
        to_sign(cast, data=None, subject=f"Văn bản {i}")
    cast.chu_tich._principals_cache = []
    with django_assert_max_num_queries(1 if rows <= 5 else 2):
        section = selectors.home_section(cast.chu_tich)
        assert section is not None and section["total"] == rows
        assert [item.drafter.full_name for item in section["items"]]
    assert len(section["items"]) == min(rows, 5)
