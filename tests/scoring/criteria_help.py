"""Shared pieces of the criteria-set tests: the edit table as posted, a workbook changed in place."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from congvu.scoring import services
from congvu.scoring.criteria import exports
from congvu.scoring.criteria.forms import initial_rows


def table(criteria_set, *, change=None, extra_rows=0, delete=()):
    """The edit form as the page posts it, with ``change`` {code: {field: value}} typed over it."""
    rows = initial_rows(services.nodes_of(criteria_set))
    data = {
        "n-TOTAL_FORMS": str(len(rows) + extra_rows),
        "n-INITIAL_FORMS": str(len(rows)),
        "n-MIN_NUM_FORMS": "0",
        "n-MAX_NUM_FORMS": "100",
        "save": "1",
    }
    for i, row in enumerate(rows):
        row.update((change or {}).get(row["code"], {}))
        for name, value in row.items():
            if name == "evidence_required":
                if value:
                    data[f"n-{i}-{name}"] = "on"
            else:
                data[f"n-{i}-{name}"] = value
        if row["code"] in delete:
            data[f"n-{i}-DELETE"] = "on"
    return data


def workbook_of(criteria_set, edit=None) -> bytes:
    """The set's export, with ``edit(sheet)`` applied to its sheet."""
    data = exports.workbook(services.nodes_of(criteria_set))
    if edit is None:
        return data
    book = load_workbook(io.BytesIO(data))
    edit(book[exports.SHEET])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet, code):
    for row in sheet.iter_rows(min_row=2):
        if str(row[0].value) == code:
            return row
    raise KeyError(code)
