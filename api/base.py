"""Plumbing shared by every endpoint: Vietnamese error bodies, query parameters,
pagination and the JSON parser that keeps decimals exact.

Every error answers ``{"detail": "<Vietnamese sentence>"}``; a refused request that
had several problems adds ``"errors": [{"index", "field", "code", "message",
"value"}]`` — one entry per problem, ``index`` being the position in the posted
list (``null`` for a query parameter).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, JsonResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from bacthang.lib import safejson
from periods.codes import PeriodCodeError, PeriodSpec, parse_period

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Problem codes.  NOT_WRITABLE makes a write answer 403, CONFLICT alone 409, anything else 400.
INVALID, UNKNOWN, UNMAPPED, DUPLICATE, NOT_WRITABLE, CONFLICT = (
    "invalid", "unknown", "unmapped", "duplicate", "not_writable", "conflict")


def safe_text(text: str) -> str:
    """Text that can be stored and rendered: no NUL, no lone surrogate (from JSON escapes)."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def is_clean(text: str) -> bool:
    """No NUL (PostgreSQL refuses it) and valid Unicode (no lone surrogate)."""
    return "\x00" not in text and safe_text(text) == text


@dataclass
class Problem:
    """One reason a request was refused, with the place it came from."""

    message: str
    field: str = ""
    code: str = INVALID
    index: int | None = None
    value: object = None

    def as_dict(self) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        if isinstance(value, str):
            value = safe_text(value)
        return {"index": self.index, "field": self.field, "code": self.code, "message": safe_text(self.message),
                "value": value}


def status_for(problems: list[Problem], default: int = status.HTTP_400_BAD_REQUEST) -> int:
    codes = {p.code for p in problems}
    if NOT_WRITABLE in codes:
        return status.HTTP_403_FORBIDDEN
    if codes == {CONFLICT}:
        return status.HTTP_409_CONFLICT
    return default


class ProblemsError(exceptions.APIException):
    """A request refused for listed reasons (nothing was written)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, problems: list[Problem], detail: str | None = None, status_code: int | None = None):
        self.problems = problems
        if detail is None:
            detail = (f"Yêu cầu bị từ chối, không ghi gì: có {len(problems)} lỗi." if len(problems) != 1
                      else f"Yêu cầu bị từ chối: {problems[0].message}")
        super().__init__(detail)
        self.status_code = status_code or status_for(problems)


# Vietnamese bodies for DRF's own exceptions (its Vietnamese catalogue is mostly untranslated).
_MESSAGES = {
    exceptions.NotAuthenticated: "Chưa xác thực: gửi mã truy cập trong tiêu đề 'Authorization: Token <mã>'.",
    exceptions.AuthenticationFailed: "Mã truy cập không hợp lệ hoặc tài khoản đã bị khóa.",
    exceptions.PermissionDenied: "Bạn không có quyền thực hiện thao tác này.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.ParseError: "Nội dung gửi lên không phải JSON hợp lệ.",
    exceptions.UnsupportedMediaType: "Kiểu nội dung không được hỗ trợ; hãy gửi 'Content-Type: application/json'.",
    exceptions.NotAcceptable: "Chỉ trả về JSON (application/json).",
}


class Missing(exceptions.NotFound):
    """404 with a Vietnamese message of ours."""


class Denied(exceptions.PermissionDenied):
    """403 with a Vietnamese message of ours."""


class Refused(exceptions.APIException):
    """A request Django itself refused (body too large, too many fields): our status and message."""

    def __init__(self, detail: str, status_code: int):
        super().__init__(detail)
        self.status_code = status_code


# Vietnamese bodies of the errors Django answers by itself (bacthang.urls' handlers, for /api/).
STATUS_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức này không được hỗ trợ ở địa chỉ này.",
    413: "Nội dung gửi lên quá lớn.",
    500: "Lỗi máy chủ: yêu cầu chưa được thực hiện. Hãy thử lại sau; nếu vẫn lỗi, báo quản trị hệ thống.",
}


def status_message(status_code: int) -> str:
    return STATUS_MESSAGES.get(status_code, f"Yêu cầu không thực hiện được (mã lỗi {status_code}).")


def is_api_path(request) -> bool:
    path = getattr(request, "path_info", "") or ""
    return path == "/api" or path.startswith("/api/")


def json_error(status_code: int, detail: str | None = None) -> JsonResponse:
    """An error of the API's shape outside DRF (Django's own 400/403/404/500 under /api/)."""
    return JsonResponse({"detail": detail or status_message(status_code)}, status=status_code,
                        json_dumps_params={"ensure_ascii": False})


def request_refusal(exc) -> Refused | None:
    """Django's refusals of a request body, raised lazily when the body is read, as ours:
    413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, 400 for too many fields or files."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        size = f" (tối đa {_size(limit)})" if limit else ""
        return Refused(f"Nội dung gửi lên quá lớn{size}; hãy chia thành nhiều lần gửi.",
                       status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFieldsSent):
        return Refused(f"Nội dung gửi lên có quá nhiều trường (tối đa {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}).",
                       status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, TooManyFilesSent):
        return Refused(f"Gửi quá nhiều tệp một lần (tối đa {settings.DATA_UPLOAD_MAX_NUMBER_FILES}).",
                       status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SuspiciousOperation):
        return Refused(STATUS_MESSAGES[400], status.HTTP_400_BAD_REQUEST)
    return None


def _size(n: int) -> str:
    """2621440 → '2,5 MB', 20000 → '20 KB' (Vietnamese decimal comma)."""
    if n >= 1048576:
        return f"{n / 1048576:.1f}".replace(".", ",").removesuffix(",0") + " MB"
    return f"{max(1, round(n / 1024))} KB"


def _forget_body(request) -> None:
    """As DRF does after a parse error: an empty body, so rendering the answer (the browsable
    page reads request.data) does not raise the same error again."""
    if request is not None and hasattr(request, "_request"):
        request._data = QueryDict("", encoding=request._request._encoding)
        request._files = MultiValueDict()
        request._full_data = request._data


def _vietnamese_detail(exc: exceptions.APIException) -> str:
    """The message of DRF's own exceptions (its texts are English) in Vietnamese."""
    if isinstance(exc, (Missing, Denied, ProblemsError, Refused)):
        return str(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        wait = f" sau {int(exc.wait)} giây" if exc.wait else " sau"
        return f"Quá nhiều yêu cầu; hãy thử lại{wait}."
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "Phương thức này không được hỗ trợ ở địa chỉ này."
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) in ("Invalid page.", "Trang không tồn tại."):
        return "Trang không tồn tại."
    if isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("Nội dung"):
        return str(exc.detail)  # ours (DecimalJSONParser)
    for cls, message in _MESSAGES.items():
        if isinstance(exc, cls):
            return message
    return "Yêu cầu không hợp lệ."


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = Missing(str(exc.args[0]) if exc.args and exc.args[0] else "Không tìm thấy.")
    refusal = request_refusal(exc)
    if refusal is not None:
        _forget_body(context.get("request"))
        exc = refusal
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ProblemsError):
        response.data = {"detail": str(exc.detail), "errors": [p.as_dict() for p in exc.problems]}
    elif isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "Yêu cầu không hợp lệ.", "errors": _flatten(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"detail": _vietnamese_detail(exc)}
    return response


def _flatten(detail, field: str = "") -> list[dict]:
    out = []
    if isinstance(detail, dict):
        for k, v in detail.items():
            out.extend(_flatten(v, f"{field}.{k}" if field else str(k)))
    elif isinstance(detail, list):
        for v in detail:
            out.extend(_flatten(v, field))
    else:
        out.append(Problem(str(detail), field=field).as_dict())
    return out


class DecimalJSONParser(JSONParser):
    """JSON with numbers read as exact decimals (1735.6 stays 1735.6, never 1735.5999…),
    through the one safe reader (``bacthang.lib.safejson``: nesting limited, NaN refused,
    Vietnamese messages)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        try:
            text = codecs.decode(stream.read(), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError("Nội dung gửi lên bị từ chối: không phải văn bản UTF-8 hợp lệ.") from exc
        try:
            return safejson.loads(text)
        except safejson.JSONError as exc:
            raise exceptions.ParseError(f"Nội dung gửi lên bị từ chối: {exc}") from exc


class Pagination(PageNumberPagination):
    page_size = api_settings.PAGE_SIZE or 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = "Trang không tồn tại."


# Base of every endpoint: JSON (and DRF's browsable page), Vietnamese errors.  (A comment, not a
# docstring: drf-spectacular would print a docstring as the description of every operation.)
class ApiView(GenericAPIView):

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    parser_classes = [DecimalJSONParser]
    pagination_class = Pagination

    def get_exception_handler(self):
        return exception_handler

    def params(self) -> Params:
        return Params(self.request.query_params)


class Params:
    """Reads query parameters; every bad one becomes a Problem, raised together by ``done()``."""

    TRUE = {"1", "true", "yes", "on"}
    FALSE = {"0", "false", "no", "off"}

    def __init__(self, query):
        self.query = query
        self.problems: list[Problem] = []

    def bad(self, name: str, message: str, value=None, code: str = INVALID) -> None:
        self.problems.append(Problem(message, field=name, code=code, value=value))

    def text(self, name: str, required: bool = False, max_length: int = 128) -> str | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            if required:
                self.bad(name, f"Thiếu tham số '{name}'.")
            return None
        if not is_clean(raw):
            self.bad(name, f"Tham số '{name}' chứa ký tự không hợp lệ.")
            return None
        if len(raw) > max_length:
            self.bad(name, f"Tham số '{name}' dài quá {max_length} ký tự.", raw[:40])
            return None
        return raw

    def texts(self, name: str, max_length: int = 128) -> list[str]:
        out = []
        for raw in self.query.getlist(name):
            if raw == "":
                continue
            if not is_clean(raw):
                self.bad(name, f"Tham số '{name}' chứa ký tự không hợp lệ.")
            elif len(raw) > max_length:
                self.bad(name, f"Tham số '{name}' dài quá {max_length} ký tự.", raw[:40])
            else:
                out.append(raw)
        return out

    def integer(self, name: str, minimum: int | None = None, maximum: int | None = None,
                default: int | None = None) -> int | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            self.bad(name, f"Tham số '{name}' phải là số nguyên.", raw)
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.bad(name, f"Tham số '{name}' phải trong khoảng {minimum}–{maximum}.", raw)
            return default
        return value

    def choice(self, name: str, choices) -> str | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        if raw not in choices:
            self.bad(name, f"Tham số '{name}' phải là một trong: {', '.join(choices)}.", raw)
            return None
        return raw

    def boolean(self, name: str, default: bool = False) -> bool:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        low = raw.lower()
        if low in self.TRUE:
            return True
        if low in self.FALSE:
            return False
        self.bad(name, f"Tham số '{name}' phải là true hoặc false.", raw)
        return default

    def date(self, name: str) -> dt.date | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        try:
            if not _ISO_DATE.match(raw):
                raise ValueError(raw)
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.bad(name, f"Tham số '{name}' phải là ngày dạng YYYY-MM-DD.", raw)
            return None

    def period(self, name: str, required: bool = False) -> PeriodSpec | None:
        raw = self.text(name, required=required, max_length=16)
        if raw is None:
            return None
        if raw != raw.strip().upper():
            self.bad(name, f"Mã kỳ '{raw}' phải viết in hoa, không có khoảng trắng, ví dụ 2023Q4.", raw)
            return None
        try:
            return parse_period(raw)
        except PeriodCodeError as e:
            self.bad(name, str(e), raw)
            return None

    def done(self) -> None:
        if self.problems:
            raise ProblemsError(self.problems)

