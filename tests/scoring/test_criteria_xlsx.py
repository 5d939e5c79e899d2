"""The criteria workbook both ways (SCORE-1): export then import gives the same tree; a workbook
that breaks R-PAR-1 (TV-PAR-1), names a bad method, misses a parent, or is no workbook at all is
refused with the row named, and nothing is created. Uploads are bounded before openpyxl reads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from congvu.core.decisions import Refused
from congvu.scoring import services
from congvu.scoring.criteria import exports
from congvu.scoring.criteria.exports import XLSX
from congvu.scoring.models import CriteriaSet, Kind
from tests.scoring.cast import build_scoring_cast
from tests.scoring.criteria_help import row_of, workbook_of

CREATE = "/cham-diem/bo-tieu-chi/them-moi/"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def _post(client, data, name="bo.xlsx"):
    upload = SimpleUploadedFile(name, data, XLSX)
    return client.post(
        CREATE, {"year": "2027", "kind": Kind.PAR_INDEX, "name": "Bộ nhập", "start": "xlsx", "file": upload}
    )


def test_the_workbook_has_the_one_format(cast):
    book = load_workbook(io.BytesIO(exports.workbook(services.nodes_of(cast.criteria_set))), read_only=True)
    sheet = book[exports.SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exports.HEADER
    assert rows[1][:4] == ("1", "Công tác chỉ đạo, điều hành CCHC", 10.0, "Chấm theo hướng dẫn")
    tiered = next(r for r in rows if r[0] == "1.1.3")
    assert tiered[3:5] == ("Theo mức", "1; 0,5; 0") and tiered[6] == "Có"
    deduction = next(r for r in rows if r[0] == "1.2")
    assert deduction[3] == "Trừ điểm" and deduction[5] == 0.25
    assert len(rows) == 54


def test_export_then_import_gives_the_same_tree(cast, signed_in):
    client = signed_in(cast.home_affairs)
    exported = client.get(f"/cham-diem/bo-tieu-chi/{cast.criteria_set.pk}/xuat-excel/")
    assert exported["Content-Disposition"].startswith("attachment; filename=")
    response = _post(client, exported.content)
    assert response.status_code == 302
    assert services.nodes_of(CriteriaSet.objects.get(name="Bộ nhập")) == services.nodes_of(cast.criteria_set)


def test_the_method_codes_are_read_too(cast):
    def codes(sheet):
        for row in sheet.iter_rows(min_row=2):
            row[3].value = {v: k for k, v in exports.METHOD_LABELS.items()}[row[3].value]

    nodes = exports.read_workbook("bo.xlsx", workbook_of(cast.criteria_set, codes))
    assert nodes == exports.read_workbook("bo.xlsx", workbook_of(cast.criteria_set))


def test_text_that_looks_like_a_formula_comes_back_as_typed(cast):
    nodes = services.nodes_of(cast.criteria_set)
    nodes[1] = services.NodeInput(**{**nodes[1].__dict__, "name": "=1+1 không phải công thức"})
    back = exports.read_workbook("bo.xlsx", exports.workbook(nodes))
    assert back[1].name == "=1+1 không phải công thức"


def test_a_sum_mismatch_is_refused_and_nothing_created(cast, signed_in):
    """TV-PAR-1: 1.1.3 changed to 1.25 → "sum mismatch"."""

    def change(sheet):
        row_of(sheet, "1.1.3")[2].value = 1.25
        row_of(sheet, "1.1.3")[4].value = "1,25; 0,5; 0"

    response = _post(signed_in(cast.home_affairs), workbook_of(cast.criteria_set, change))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dòng 3: Điểm tối đa của 1.1 (2,00) khác tổng điểm tối đa các tiêu chí con (2,25)." in body
    assert CriteriaSet.objects.count() == 1


def test_a_bad_method_names_the_row(cast, signed_in):
    def change(sheet):
        row_of(sheet, "1.3")[3].value = "Chấm theo cảm tính"

    response = _post(signed_in(cast.home_affairs), workbook_of(cast.criteria_set, change))
    assert response.status_code == 400
    assert "Dòng 8: phương pháp chấm “Chấm theo cảm tính” không hợp lệ" in response.content.decode()
    assert CriteriaSet.objects.count() == 1


def test_a_missing_parent_names_the_row(cast):
    def change(sheet):
        row_of(sheet, "2.1")[0].value = "2.9"  # 2.1.1 and 2.1.2 lose their parent

    with pytest.raises(Refused) as refused:
        exports.read_workbook("bo.xlsx", workbook_of(cast.criteria_set, change))
    assert refused.value.message.startswith("Dòng 14: tiêu chí 2.1.1 không có tiêu chí cha 2.1")


def test_bad_cells_name_the_row(cast):
    def long_name(sheet):
        row_of(sheet, "1.4")[1].value = "x" * 501

    def bad_code(sheet):
        row_of(sheet, "1.4")[0].value = "1.a"

    def bad_points(sheet):
        row_of(sheet, "1.4")[2].value = "nhiều"

    def bad_evidence(sheet):
        row_of(sheet, "1.4")[6].value = "Có lẽ"

    def duplicate(sheet):
        row_of(sheet, "1.5")[0].value = "1.4"

    for edit, said in ((long_name, "Dòng 9: cột “Tên tiêu chí” dài quá 500"), (bad_code, "Dòng 9: Mã tiêu chí"),
                       (bad_points, "Dòng 9: Điểm tối đa của 1.4 phải là một số"),
                       (bad_evidence, "Dòng 9: cột tài liệu kiểm chứng"), (duplicate, "Dòng 10: mã tiêu chí 1.4 trùng với dòng 9")):  # fmt: skip
        with pytest.raises(Refused) as refused:
            exports.read_workbook("bo.xlsx", workbook_of(cast.criteria_set, edit))
        assert refused.value.message.startswith(said), refused.value.message


def test_a_file_that_is_no_workbook_is_refused(cast, signed_in):
    client = signed_in(cast.home_affairs)
    response = _post(client, b"Ma;Ten\n1;Linh vuc\n", name="bo.csv")
    assert response.status_code == 400 and "không phải tệp Excel .xlsx" in response.content.decode()
    response = _post(client, b"PK\x03\x04 not really a zip")
    assert response.status_code == 400 and "bị hỏng" in response.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "xin chào")
    response = _post(client, buffer.getvalue())
    assert response.status_code == 400
    assert CriteriaSet.objects.count() == 1


def test_a_zip_bomb_is_refused_before_it_is_opened(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (21 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < exports.MAX_UPLOAD_BYTES
    with pytest.raises(Refused) as refused:
        exports.read_workbook("bo.xlsx", data)
    assert "giải nén quá lớn" in refused.value.message


def test_a_file_over_two_megabytes_is_refused(cast, signed_in):
    with pytest.raises(Refused) as refused:
        exports.read_workbook("bo.xlsx", b"PK\x03\x04" + b"0" * exports.MAX_UPLOAD_BYTES)
    assert "lớn hơn 2 MB" in refused.value.message
    response = _post(signed_in(cast.home_affairs), b"PK\x03\x04" + b"0" * exports.MAX_UPLOAD_BYTES)
    assert response.status_code == 400 and "lớn hơn 2 MB" in response.content.decode()


def test_too_many_rows_are_refused(cast, monkeypatch):
    monkeypatch.setattr(exports.rules, "MAX_NODES", 10)
    with pytest.raises(Refused) as refused:
        exports.read_workbook("bo.xlsx", workbook_of(cast.criteria_set))
    assert refused.value.message == "Dòng 12: bộ tiêu chí có tối đa 10 dòng."


def test_a_wrong_header_is_refused(cast):
    def change(sheet):
        sheet.cell(row=1, column=1).value = "STT"

    with pytest.raises(Refused) as refused:
        exports.read_workbook("bo.xlsx", workbook_of(cast.criteria_set, change))
    assert refused.value.message.startswith("Dòng 1: tiêu đề cột không đúng mẫu")


def test_import_replaces_the_tree_of_a_set_not_in_use(cast, signed_in):
    draft = services.set_create(year=2027, kind=Kind.PAR_INDEX, name="Nháp",
                                nodes=[services.NodeInput(code="1", name="Một", max_points="5")],
                                actor=cast.home_affairs)  # fmt: skip
    client = signed_in(cast.home_affairs)
    upload = SimpleUploadedFile("bo.xlsx", workbook_of(cast.criteria_set), XLSX)
    response = client.post(f"/cham-diem/bo-tieu-chi/{draft.pk}/nhap-excel/", {"file": upload})
    assert response.status_code == 302
    assert services.nodes_of(draft) == services.nodes_of(cast.criteria_set)

    def change(sheet):
        row_of(sheet, "1.1.3")[2].value = 1.25

    upload = SimpleUploadedFile("bo.xlsx", workbook_of(cast.criteria_set, change), XLSX)
    response = client.post(f"/cham-diem/bo-tieu-chi/{draft.pk}/nhap-excel/", {"file": upload})
    assert response.status_code == 400 and "Dòng 3:" in response.content.decode()
    assert services.nodes_of(draft) == services.nodes_of(cast.criteria_set)
