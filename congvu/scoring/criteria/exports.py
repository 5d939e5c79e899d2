"""A criteria set as a workbook, both ways (SCORE-1): one format, sheet "Bộ tiêu chí", one row per
node in code order under the header

    Mã | Tên tiêu chí | Điểm tối đa | Phương pháp chấm | Các mức điểm | Điểm trừ mỗi lần |
    Tài liệu kiểm chứng (Có/Không) | Hướng dẫn chấm

The method is written as its Vietnamese label (the codes are read too); tiers as "1; 0,5; 0".

Reading an uploaded workbook is bounded before openpyxl sees it: at most ``MAX_UPLOAD_BYTES``, a
real zip whose parts inflate to at most ``MAX_INFLATED_BYTES`` in all (a zip bomb is refused from
its central directory, never inflated), no macros (``core.files.check_upload``), then read in
read-only mode: at most ``rules.MAX_NODES`` rows, each cell within its length. Every refusal is a
``Refused`` naming the row ("Dòng 14: …"); the tree itself is checked whole by the service.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter

from congvu.core.decisions import Refused
from congvu.core.files import check_upload, clean_file_name
from congvu.core.text import fold, safe_cell
from congvu.scoring import rules
from congvu.scoring.services import NodeInput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Bộ tiêu chí"
HEADER = (
    "Mã",
    "Tên tiêu chí",
    "Điểm tối đa",
    "Phương pháp chấm",
    "Các mức điểm",
    "Điểm trừ mỗi lần",
    "Tài liệu kiểm chứng (Có/Không)",
    "Hướng dẫn chấm",
)
# The workbook's own words for the methods (a file format: fixed, whatever the screen's language).
METHOD_LABELS = {
    "manual": "Chấm theo hướng dẫn",
    "binary": "Đạt / không đạt",
    "tiered": "Theo mức",
    "proportional": "Theo tỷ lệ",
    "deduction": "Trừ điểm",
    "survey": "Điều tra xã hội học",
}
YES, NO = "Có", "Không"

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_INFLATED_BYTES = 20 * 1024 * 1024
MAX_PARTS = 200
CELL_LIMITS = (20, 500, 20, 60, 200, 20, 10, 4000)  # characters, per column
FIELD = "file"


# --- writing --------------------------------------------------------------------------------------


def number_text(value: Any) -> str:
    """Points as typed by a person: Decimal("0.50") → "0,5", Decimal("2.00") → "2"."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text.replace(".", ",")


def tiers_text(tiers: Iterable[Any]) -> str:
    return "; ".join(number_text(t) for t in tiers)


def filename(criteria_set: Any) -> str:
    return f"bo-tieu-chi-{criteria_set.year}-{criteria_set.pk}.xlsx"


def workbook(nodes: Sequence[NodeInput]) -> bytes:
    """The rows (``services.nodes_of``) as the one workbook format."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(SHEET)
    head = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True})
    text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    area = book.add_format({"border": 1, "bold": True, "text_wrap": True, "valign": "top"})
    number = book.add_format({"border": 1, "num_format": "0.00", "valign": "top"})
    area_number = book.add_format({"border": 1, "bold": True, "num_format": "0.00", "valign": "top"})
    for col, label in enumerate(HEADER):
        sheet.write_string(0, col, label, head)
    for col, width in enumerate((9, 48, 11, 20, 14, 12, 14, 60)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for r, node in enumerate(nodes, start=1):
        top = "." not in str(node.code)
        fmt, fmt_number = (area, area_number) if top else (text, number)
        sheet.write_string(r, 0, str(node.code), fmt)
        sheet.write_string(r, 1, safe_cell(str(node.name)), fmt)
        sheet.write_number(r, 2, float(Decimal(str(node.max_points))), fmt_number)
        sheet.write_string(r, 3, METHOD_LABELS.get(node.method, node.method), fmt)
        sheet.write_string(r, 4, tiers_text(node.tiers), fmt)
        if node.deduction_step not in (None, ""):
            sheet.write_number(r, 5, float(Decimal(str(node.deduction_step))), fmt_number)
        else:
            sheet.write_blank(r, 5, None, fmt)
        sheet.write_string(r, 6, YES if node.evidence_required else NO, fmt)
        sheet.write_string(r, 7, safe_cell(str(node.guidance or "")), fmt)
    book.close()
    return buffer.getvalue()


# --- reading --------------------------------------------------------------------------------------


def _refuse(message: str) -> Refused:
    return Refused.invalid(message, field=FIELD)


def _check_package(name: str, data: bytes) -> None:
    """The file before openpyxl opens it: its size, a zip whose declared parts stay in budget, and
    an .xlsx without macros."""
    display = clean_file_name(name) or "tệp"
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(f"Tệp “{display}” lớn hơn 2 MB: bộ tiêu chí không cần tệp lớn như vậy.")
    if not display.lower().endswith(".xlsx") or not data.startswith(b"PK\x03\x04"):
        raise _refuse(f"Tệp “{display}” không phải tệp Excel .xlsx. Hãy dùng tệp xuất từ hệ thống làm mẫu.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _refuse(f"Tệp “{display}” bị hỏng: không đọc được.") from None
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_INFLATED_BYTES:
        raise _refuse(f"Tệp “{display}” khi giải nén quá lớn (hơn 20 MB) nên không được tiếp nhận.")
    try:
        check_upload(display, data)  # the content is an .xlsx, without macros
    except Refused as refused:
        raise _refuse(refused.message) from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    text = str(value).strip()
    if text[:2] in {"'" + c for c in ("=", "+", "-", "@")}:
        text = text[1:]  # written by safe_cell
    return text


def _method(text: str) -> str | None:
    if not text:
        return "manual"
    folded = fold(text).replace(" ", "")
    for code, label in METHOD_LABELS.items():
        if folded in (code, fold(label).replace(" ", "")):
            return code
    return None


def _evidence(text: str) -> bool | None:
    folded = fold(text)
    if folded in ("", "khong", "k", "no", "0", "false"):
        return False
    if folded in ("co", "c", "x", "yes", "1", "true"):
        return True
    return None


def _row(number: int, cells: Sequence[Any]) -> NodeInput:
    texts = [_cell_text(v) for v in cells]
    for col, (text, limit) in enumerate(zip(texts, CELL_LIMITS, strict=True)):
        if len(text) > limit:
            raise _refuse(f"Dòng {number}: cột “{HEADER[col]}” dài quá {limit} ký tự.")
    code, name, maximum, method_text, tiers, step, evidence_text, guidance = texts
    try:
        code = rules.normal_code(code)
        rules.points(maximum, field=FIELD, what=f"Điểm tối đa của {code}")
    except Refused as refused:
        raise _refuse(f"Dòng {number}: {refused.message}") from None
    if not name:
        raise _refuse(f"Dòng {number}: tiêu chí {code} chưa có tên.")
    method = _method(method_text)
    if method is None:
        allowed = ", ".join(METHOD_LABELS.values())
        raise _refuse(
            f"Dòng {number}: phương pháp chấm “{method_text}” không hợp lệ; dùng một trong: {allowed}."
        )
    evidence = _evidence(evidence_text)
    if evidence is None:
        raise _refuse(f"Dòng {number}: cột tài liệu kiểm chứng ghi “Có” hoặc “Không”.")
    return NodeInput(
        code=code,
        name=name,
        max_points=maximum,
        method=method,
        tiers=tuple(t.strip() for t in tiers.split(";") if t.strip()),
        deduction_step=step or None,
        guidance=guidance,
        evidence_required=evidence,
    )


def _check_tree(found: list[tuple[int, NodeInput]]) -> None:
    """Duplicates, orphans and R-PAR-1, each told with the row it is on."""
    rows: dict[str, int] = {}
    for number, node in found:
        if node.code in rows:
            raise _refuse(f"Dòng {number}: mã tiêu chí {node.code} trùng với dòng {rows[node.code]}.")
        rows[node.code] = number
    for number, node in found:
        parent = rules.parent_code(node.code)
        if parent is not None and parent not in rows:
            raise _refuse(f"Dòng {number}: tiêu chí {node.code} không có tiêu chí cha {parent}.")
    wrong = rules.mismatches([(n.code, rules.points(n.max_points)) for _, n in found])
    if wrong:
        raise _refuse(" ".join(f"Dòng {rows[m.code]}: {m.message}" for m in wrong[:5]))


def read_workbook(name: str, data: bytes) -> list[NodeInput]:
    """The rows of an uploaded workbook in the one format, checked; refused with the row named."""
    from openpyxl import load_workbook  # about a quarter of a second to import

    _check_package(name, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken package
        raise _refuse("Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.") from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        found: list[tuple[int, NodeInput]] = []
        for number, cells in enumerate(sheet.iter_rows(max_col=len(HEADER), values_only=True), start=1):
            padded = list(cells) + [None] * (len(HEADER) - len(cells))
            if number == 1:
                header = [fold(_cell_text(v)) for v in padded[:3]]
                if header != [fold(h) for h in HEADER[:3]]:
                    raise _refuse(
                        "Dòng 1: tiêu đề cột không đúng mẫu (Mã | Tên tiêu chí | Điểm tối đa | …). "
                        "Hãy dùng tệp xuất từ hệ thống làm mẫu."
                    )
                continue
            if all(v is None or str(v).strip() == "" for v in padded):
                continue
            if len(found) >= rules.MAX_NODES:
                raise _refuse(f"Dòng {number}: bộ tiêu chí có tối đa {rules.MAX_NODES} dòng.")
            found.append((number, _row(number, padded)))
    finally:
        book.close()
    if not found:
        raise _refuse("Tệp không có dòng tiêu chí nào dưới dòng tiêu đề.")
    _check_tree(found)
    return [node for _, node in found]
