"""Documents search (DOC-10, F-6d): vectors with and without diacritics, visibility exactly as
``documents.policies``, filters on every field, relevance and date order, bounded input."""

import datetime as dt

import pytest

from congvu.core.decisions import Refused
from congvu.core.text import fold
from congvu.documents import policies as documents
from congvu.documents.models import IncomingDocument, OutgoingDocument
from congvu.documents.search import policies
from congvu.documents.search.selectors import Filters, document_search, highlight, relevance
from tests.conftest import TODAY
from tests.documents.cast import build_documents_cast, incoming, outgoing

S = IncomingDocument.Status
OS = OutgoingDocument.Status


@pytest.fixture
def docs(province):
    cast = build_documents_cast(province)
    d = {}
    d["qd"] = incoming(
        cast,
        number=1234,
        subject="Quyết định phê duyệt đề án chuyển đổi số tỉnh Bình Sơn giai đoạn 2026–2030",
        arrival_date=TODAY - dt.timedelta(days=30),
    )
    IncomingDocument.objects.filter(pk=d["qd"].pk).update(code_notation="QĐ-UBND", signer_name="Trần Văn Đạt")
    d["qd"].refresh_from_db()
    from congvu.documents import services

    services.search_text_refresh(d["qd"])
    d["duong"] = incoming(
        cast,
        number=88,
        subject="Đề nghị hỗ trợ kinh phí làm đường giao thông nông thôn xã Hiệp An",
        urgency="flash",
        arrival_date=TODAY - dt.timedelta(days=3),
    )
    d["tuyen_dung"] = incoming(
        cast,
        status=S.IN_PROGRESS,
        lead_user=cast.chuyen_vien,
        subject="Báo cáo kết quả tuyển dụng công chức năm 2026",
        arrival_date=TODAY - dt.timedelta(days=1),
    )
    d["snv"] = incoming(cast, agency=cast.units.snv, subject="Hướng dẫn đánh giá xếp loại công chức năm 2026")
    d["draft"] = outgoing(cast, subject="Kế hoạch chuyển đổi số của Sở Nội vụ năm 2027")
    d["issued"] = outgoing(
        cast, status=OS.ISSUED, subject="Công văn về việc tăng cường kỷ luật, kỷ cương hành chính"
    )
    OutgoingDocument.objects.filter(pk=d["issued"].pk).update(issued_date=TODAY - dt.timedelta(days=2))
    for key in ("draft", "issued"):
        d[key].refresh_from_db()
        services.search_text_refresh(d[key])
    return cast, d


def pks(results):
    return [(h.direction, h.pk) for h in results.hits]


def found(user, query, **filters):
    return {h.pk for h in document_search(user, query, Filters(**filters)).hits}


@pytest.mark.parametrize(
    "query",
    ["chuyển đổi số", "chuyen doi so", "CHUYỂN ĐỔI SỐ", "Chuye\u0302\u0301n đổi số", "chuyen doi"],
)
def test_words_with_or_without_diacritics_find_the_same_documents(docs, query):
    cast, d = docs
    assert found(cast.van_thu, query) == {d["qd"].pk}  # the clerk does not see the officer's draft
    assert found(cast.chuyen_vien, query) == {d["draft"].pk}  # the drafter sees their draft


@pytest.mark.parametrize("query", ["so 1234", "số 1234", "1234/QĐ-UBND", "1234 qd ubnd", "1234/QD"])
def test_the_number_and_notation_is_found_however_it_is_typed(docs, query):
    cast, d = docs
    assert document_search(cast.van_thu, query).hits[0].pk == d["qd"].pk


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("duong giao thong nong thon", "duong"),
        ("đường giao thông", "duong"),
        ("dat", "qd"),  # the signer Trần Văn Đạt, đ typed as d
        ("{sender} tuyển dụng", "tuyen_dung"),  # the sender and the subject
        ("hiep an", "duong"),
    ],
)
def test_subject_sender_and_signer_are_searched(docs, query, key):
    cast, d = docs
    assert d[key].pk in found(cast.chu_tich, query.format(sender=cast.bnv.name))


def test_search_shows_exactly_what_the_policies_let_each_person_see(docs):
    cast, d = docs
    people = [
        cast.van_thu, cast.chu_tich, cast.pho_chu_tich, cast.giam_doc, cast.snv_clerk, cast.truong_phong,
        cast.chuyen_vien, cast.chuyen_vien_2, cast.chuyen_vien_khac, cast.quan_tri,
    ]  # fmt: skip
    for person in people:
        expected_in = set(documents.visible_incoming(person).values_list("pk", flat=True))
        expected_out = set(documents.visible_outgoing(person).values_list("pk", flat=True))
        assert (
            set(IncomingDocument.objects.filter(policies.incoming_q(person)).values_list("pk", flat=True))
            == expected_in
        )
        assert (
            set(OutgoingDocument.objects.filter(policies.outgoing_q(person)).values_list("pk", flat=True))
            == expected_out
        )
        hits = document_search(person, "", Filters(), "date").hits
        assert {h.pk for h in hits if h.direction == "incoming"} == expected_in
        assert {h.pk for h in hits if h.direction == "outgoing"} == expected_out
    assert found(cast.chuyen_vien_khac, "cong chuc") == set()
    assert found(cast.chuyen_vien, "tuyen dung") == {d["tuyen_dung"].pk}


def test_the_filters_narrow_on_every_field(docs):
    cast, d = docs
    leader = cast.pho_chu_tich  # leads the agency; signs neither outgoing document
    # The agency leader reads what its units have on their path (the draft) and what it issued.
    assert found(leader, "", direction="outgoing") == {d["draft"].pk, d["issued"].pk}
    assert found(leader, "", urgency="flash") == {d["duong"].pk}
    assert found(leader, "", status="in_progress") == {d["tuyen_dung"].pk}
    assert found(leader, "", status="issued") == {d["issued"].pk}
    assert found(leader, "", signer="Tran Van Dat") == {d["qd"].pk}
    assert found(leader, "", sender=fold(cast.bnv.name)) == {d["qd"].pk, d["duong"].pk, d["tuyen_dung"].pk}
    assert found(leader, "", sender="UBND tỉnh Bình Sơn", direction="outgoing") == {
        d["draft"].pk,
        d["issued"].pk,
    }
    assert found(leader, "", document_type=cast.types.kh.pk) == {d["draft"].pk, d["issued"].pk}
    assert found(leader, "", document_type=cast.types.cv.pk) == {
        d["qd"].pk,
        d["duong"].pk,
        d["tuyen_dung"].pk,
    }
    week = {"date_from": TODAY - dt.timedelta(days=7), "date_to": TODAY}
    assert found(leader, "", **week) == {d["duong"].pk, d["tuyen_dung"].pk, d["issued"].pk}
    assert found(leader, "", year=TODAY.year) == {
        d["qd"].pk,
        d["duong"].pk,
        d["tuyen_dung"].pk,
        d["issued"].pk,
    }
    assert found(leader, "", year=TODAY.year - 1) == set()
    assert found(leader, "cong", direction="incoming", date_from=TODAY - dt.timedelta(days=2)) == {
        d["tuyen_dung"].pk
    }


def test_relevance_puts_the_number_first_and_date_order_the_newest(docs):
    cast, d = docs
    by_relevance = document_search(cast.chu_tich, "so 88", order="relevance")
    assert by_relevance.hits[0].pk == d["duong"].pk
    by_date = document_search(cast.chu_tich, "", order="date")
    dates = [h.date for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)
    assert [h.pk for h in by_date.hits[:2]] == [d["draft"].pk, d["tuyen_dung"].pk]  # today, yesterday


def test_relevance_weighs_number_then_subject_then_parties():
    tokens = ["1234"]
    assert relevance(tokens, number="1234/QĐ-UBND", subject="x", parties="") > relevance(
        tokens, number="99/QĐ", subject="Điều 1234", parties=""
    )
    words = ["chuyen", "doi", "so"]
    together = relevance(words, number="", subject="Đề án chuyển đổi số", parties="")
    apart = relevance(words, number="", subject="Chuyển giao, đổi mới, số hóa", parties="")
    assert together > apart


def test_matched_words_are_highlighted_and_the_rest_escaped():
    html = highlight("Quyết định <b>số</b> 1234/QĐ-UBND", ["so", "1234"])
    assert html == "Quyết định &lt;b&gt;<mark>số</mark>&lt;/b&gt; <mark>1234</mark>/QĐ-UBND"


def test_urgent_documents_are_marked_in_results(docs):
    cast, d = docs
    (hit,) = document_search(cast.van_thu, "giao thong").hits
    assert hit.is_urgent and hit.urgency_label == "Hỏa tốc"


def test_pages_are_limited_and_the_next_one_announced(docs):
    from congvu.documents.search import selectors

    cast, d = docs
    first = document_search(cast.chu_tich, "", order="date", size=2)
    second = document_search(cast.chu_tich, "", order="date", page=2, size=2)
    assert first.has_next and len(first.hits) == 2 and len(second.hits) == 2
    seen = [(h.direction, h.pk) for h in first.hits]
    assert not set(seen) & {(h.direction, h.pk) for h in second.hits}
    everything = document_search(cast.chu_tich, "", order="date", size=50).hits
    assert [(h.direction, h.pk) for h in everything[:4]] == seen + [(h.direction, h.pk) for h in second.hits]
    with pytest.raises(Refused):
        document_search(cast.chu_tich, "", page=selectors.MAX_PAGE + 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"query": "x" * 201}, "q"),
        ({"filters": Filters(direction="sideways")}, "direction"),
        ({"filters": Filters(urgency="very")}, "urgency"),
        ({"filters": Filters(status="lost")}, "status"),
        ({"filters": Filters(year=20266)}, "year"),
        ({"filters": Filters(date_from=TODAY, date_to=TODAY - dt.timedelta(days=1))}, "date_to"),
        ({"filters": Filters(sender="x" * 101)}, "sender"),
        ({"order": "alphabet"}, "order"),
        ({"page": 0}, "page"),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(docs, kwargs, field):
    cast, _d = docs
    args = {"query": "", "filters": None, "order": "relevance", "page": 1} | kwargs
    with pytest.raises(Refused) as refused:
        document_search(cast.van_thu, args["query"], args["filters"], args["order"], page=args["page"])
    assert refused.value.field == field


def test_search_syntax_typed_is_plain_text(docs):
    cast, d = docs
    assert found(cast.van_thu, 'chuyen* OR "doi" NEAR(so) -x') == set()
    assert found(cast.van_thu, "(chuyển) & đổi | số:*") == {d["qd"].pk}


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định 1234/QĐ-UBND về việc Đà Nẵng",
        "ỦY BAN NHÂN DÂN TỈNH – “Đề án 06”, ước tính",
        "Chuye\u0302\u0301n đổi số (NFD)",
        "Kính gửi: Sở Nội vụ; ½ ñ ß",
    ],
)
def test_ranking_folds_words_exactly_as_the_search_column(text):
    from congvu.core.text import search_text
    from congvu.documents.search.selectors import _words

    assert _words(text) == search_text(text).split()
