"""The API's one error shape, and the statuses that carry it (STYLE: Refusals, views and API).

``{"detail": "<Vietnamese reason>", "code": "<kind>", "field": "<name>"|null}`` with one status per
kind of refusal (``congvu.core.decisions``): 400 invalid input (``field`` names it), 401 not
signed in, 403 not allowed, 404 missing or not visible, 409 wrong state or lost race. Every
operation declares the errors it can answer (``errors(...)``) so the OpenAPI schema lists them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from congvu.core.decisions import HTTP_STATUS, Refused

NOT_SIGNED_IN = "Vui lòng đăng nhập, hoặc gửi mã truy cập cá nhân."

CODE_OF_STATUS: dict[int, str] = {status: kind.value for kind, status in HTTP_STATUS.items()}
CODE_OF_STATUS[401] = "not_signed_in"
CODE_OF_STATUS[405] = "method_not_allowed"


class ErrorOut(Schema):
    detail: str
    code: str
    field: str | None = None


# What the schema refuses most often, said in Vietnamese (other kinds keep pydantic's words).
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "thiếu giá trị bắt buộc",
    "int_parsing": "cần một số nguyên",
    "int_type": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "greater_than_equal": "số quá nhỏ",
    "less_than_equal": "số quá lớn",
    "date_parsing": "cần một ngày dạng yyyy-mm-dd",
    "date_from_datetime_parsing": "cần một ngày dạng yyyy-mm-dd",
    "datetime_parsing": "cần thời điểm dạng yyyy-mm-ddThh:mm",
    "datetime_from_date_parsing": "cần thời điểm dạng yyyy-mm-ddThh:mm",
    "bool_parsing": "cần true hoặc false",
    "string_type": "cần một chuỗi ký tự",
    "list_type": "cần một danh sách",
    "literal_error": "giá trị không nằm trong các giá trị cho phép",
    "string_too_long": "quá dài",
}


def errors(*statuses: int, ok: Any = None, ok_status: int = 200) -> dict[int, Any]:
    """An operation's ``response=``: its success schema and the errors it can answer — 401 and
    400 always: every operation needs a signed-in caller, and any input the schema refuses (an id
    in the path that is no number, a query value of the wrong type) is answered 400."""
    responses: dict[int, Any] = {ok_status: ok}
    for status in sorted({400, 401, *statuses}):
        responses[status] = ErrorOut
    return responses


def body(status: int, detail: str, field: str | None = None) -> dict[str, Any]:
    return {"detail": detail, "code": CODE_OF_STATUS.get(status, "error"), "field": field}


def install(api: NinjaAPI) -> None:
    """Turn every refusal, and ninja's own errors, into the one shape."""

    def respond(request: HttpRequest, status: int, detail: str, field: str | None = None):
        return api.create_response(request, body(status, detail, field), status=status)

    @api.exception_handler(Refused)
    def refused(request: HttpRequest, exc: Refused):
        return respond(request, exc.status, exc.message, exc.field)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return respond(request, 404, str(exc) or "Không tìm thấy.")

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request: HttpRequest, exc: AuthenticationError):
        return respond(request, 401, NOT_SIGNED_IN)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError):
        """Input the schema refuses: 400 naming the first wrong field, as a service's refusal does."""
        first: dict[str, Any] = exc.errors[0] if exc.errors else {}
        skip = {"body", "query", "path", "payload", "form", "file"}
        location = [str(part) for part in first.get("loc", ()) if part not in skip]
        field = ".".join(location) or None
        message = PYDANTIC_MESSAGES.get(str(first.get("type", "")), "") or str(first.get("msg", ""))
        return respond(request, 400, f"Dữ liệu không hợp lệ: {message or 'sai định dạng'}", field)
