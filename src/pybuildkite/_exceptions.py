"""The exception tree. Status codes map to classes in exactly one place: :func:`error_for_status`.

Every exception carries the request (and response, where there is one) with the
``Authorization`` header removed, so printing, logging or pickling an error never leaks the token.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BuildkiteError",
    "ChecksumMismatchError",
    "ConflictError",
    "GoneError",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RangeNotSatisfiableError",
    "RateLimitError",
    "UnprocessableEntityError",
    "error_for_status",
]

_SECRET_HEADERS = ("authorization", "proxy-authorization", "cookie", "x-buildkite-token")


def redacted_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` that is safe to keep: no credentials, no body stream."""
    headers = httpx.Headers(
        [(k, v) for k, v in request.headers.multi_items() if k.lower() not in _SECRET_HEADERS]
    )
    content = request.content if isinstance(request.stream, httpx.ByteStream) else b""
    return httpx.Request(request.method, request.url, headers=headers, content=content)


def redacted_response(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """A detached copy of ``response`` pointing at the redacted request."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "set-cookie"]
    # The body is already decoded; drop content-encoding so httpx does not try again.
    headers = [(k, v) for k, v in headers if k.lower() != "content-encoding"]
    return httpx.Response(response.status_code, headers=headers, content=content, request=request)


class BuildkiteError(Exception):
    """Root of every exception this library raises."""


class PaginationError(BuildkiteError):
    """A listing could not be followed safely (e.g. a next link pointing at another origin)."""


class ChecksumMismatchError(BuildkiteError):
    """A download arrived whole but not with the content it should have; it was not kept."""

    def __init__(self, message: str, *, expected: str, actual: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


class APIError(BuildkiteError):
    """Something went wrong with one request."""

    message: str
    request: httpx.Request

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[APIError], state: dict[str, Any]) -> APIError:
    obj = cls.__new__(cls)
    Exception.__init__(obj, state.get("message", ""))
    obj.__dict__.update(state)
    return obj


class APIConnectionError(APIError):
    """The request could not be sent, or no complete response came back."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, message: str = "Request timed out.", *, request: httpx.Request) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(APIError):
    """The server answered, but not with what the endpoint documents (bad JSON, wrong shape)."""

    response: httpx.Response
    status_code: int

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    response: httpx.Response
    status_code: int
    body: Any
    errors: list[Any]

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        errors = body.get("errors") if isinstance(body, dict) else None
        self.errors = errors if isinstance(errors, list) else []


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, invalid, expired or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the token lacks a scope, or the user lacks a permission or plan feature."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class GoneError(APIStatusError):
    """410."""


class RangeNotSatisfiableError(APIStatusError):
    """416: e.g. a log tail requested of an empty log."""


class UnprocessableEntityError(APIStatusError):
    """422: validation failed, or the resource is in the wrong state for the action."""


class RateLimitError(APIStatusError):
    """429 that could not be waited out within ``max_rate_limit_wait``."""

    scope: str | None
    reset_at: dt.datetime | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        scope: str | None = None,
        reset_at: dt.datetime | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body)
        self.scope = scope
        self.reset_at = reset_at


class InternalServerError(APIStatusError):
    """5xx."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    416: RangeNotSatisfiableError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _parse_error_body(response: httpx.Response) -> tuple[Any, str]:
    """Return (parsed body, human message) for an error response of any shape."""
    content = response.content
    if not content:
        return None, response.reason_phrase or "no body"
    try:
        body = json.loads(content)
    except ValueError:
        # A proxy's HTML page or plain text: keep a short, single-line excerpt.
        text = " ".join(content.decode("utf-8", "replace").split())
        return content.decode("utf-8", "replace"), text[:200]
    if isinstance(body, dict):
        message = body.get("message")
        if not isinstance(message, str):
            gql = body.get("errors")
            if isinstance(gql, list) and gql and isinstance(gql[0], dict):
                message = "; ".join(str(e.get("message")) for e in gql if isinstance(e, dict))
            else:
                message = response.reason_phrase or "error"
        return body, message
    return body, response.reason_phrase or "error"


def _format_errors(body: Any) -> str:
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list) or not errors:
        return ""
    parts = []
    for item in errors[:10]:
        if isinstance(item, dict):
            field, code = item.get("field"), item.get("code") or item.get("message")
            parts.append(f"{field}: {code}" if field else str(code))
        else:
            parts.append(str(item))
    return " (" + "; ".join(parts) + ")"


def error_for_status(
    response: httpx.Response,
    *,
    scope: str | None = None,
    reset_at: dt.datetime | None = None,
) -> APIStatusError:
    """Build the exception for an error response. ``response`` must already be redacted."""
    body, server_message = _parse_error_body(response)
    request = response.request
    message = (
        f"{request.method} {request.url.raw_path.decode('ascii', 'replace')} -> "
        f"{response.status_code}: {server_message}{_format_errors(body)}"
    )
    status = response.status_code
    if status == 429:
        return RateLimitError(message, response=response, body=body, scope=scope, reset_at=reset_at)
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(message, response=response, body=body)
