"""1.x exceptions, plus HTTP errors that are both 2.x errors and ``requests`` errors.

1.x raised ``requests.exceptions.HTTPError`` (from ``raise_for_status()``) for 4xx/5xx answers.
The 1.x API now raises :class:`HTTPError` and its subclasses instead: each is the matching 2.x
error (``pybuildkite.NotFoundError``, ...) and, when ``requests`` is installed, also a
``requests.exceptions.HTTPError``, so ``except requests.exceptions.HTTPError as e:
e.response.status_code`` keeps working. ``requests`` is not a dependency of 2.x; without it the
classes are still raised, they just have no ``requests`` base.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pybuildkite import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    GoneError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RangeNotSatisfiableError,
    RateLimitError,
    UnprocessableEntityError,
)

if TYPE_CHECKING:
    from requests.exceptions import ConnectionError as _RequestsConnectionError
    from requests.exceptions import HTTPError as _RequestsHTTPError
    from requests.exceptions import Timeout as _RequestsTimeout
else:
    try:
        from requests.exceptions import ConnectionError as _RequestsConnectionError
        from requests.exceptions import HTTPError as _RequestsHTTPError
        from requests.exceptions import Timeout as _RequestsTimeout
    except ImportError:  # requests is optional in 2.x

        class _RequestsHTTPError(Exception):
            pass

        class _RequestsConnectionError(Exception):
            pass

        class _RequestsTimeout(Exception):
            pass


__all__ = [
    "AuthenticationHTTPError",
    "BadRequestHTTPError",
    "BuildStateNotAList",
    "ConflictHTTPError",
    "GoneHTTPError",
    "HTTPConnectionError",
    "HTTPError",
    "HTTPTimeout",
    "InternalServerHTTPError",
    "NoAcccessTokenException",
    "NotFoundHTTPError",
    "NotValidBuildState",
    "NotValidDateTime",
    "PermissionDeniedHTTPError",
    "RangeNotSatisfiableHTTPError",
    "RateLimitHTTPError",
    "UnprocessableEntityHTTPError",
    "legacy_error",
]


class NoAcccessTokenException(Exception):
    """Indicates that an access token was not set when it was required (spelled as in 1.x)."""


class NotValidDateTime(Exception):
    """Raised when date is not a valid datetime.date."""


class NotValidBuildState(Exception):
    """Raised when state is not a valid BuildState."""


class BuildStateNotAList(Exception):
    """Raised when build state is not passed as a list."""


# The two bases declare ``response``/``request`` with different types (httpx vs requests); the
# values are httpx objects, which offer what 1.x code reads: status_code, headers, json(),
# text, content.
class HTTPError(APIStatusError, _RequestsHTTPError):  # type: ignore[misc]
    """A 4xx/5xx answer: a ``pybuildkite.APIStatusError`` and a ``requests`` ``HTTPError``."""


class BadRequestHTTPError(HTTPError, BadRequestError):  # type: ignore[misc]
    """400."""


class AuthenticationHTTPError(HTTPError, AuthenticationError):  # type: ignore[misc]
    """401."""


class PermissionDeniedHTTPError(HTTPError, PermissionDeniedError):  # type: ignore[misc]
    """403."""


class NotFoundHTTPError(HTTPError, NotFoundError):  # type: ignore[misc]
    """404."""


class ConflictHTTPError(HTTPError, ConflictError):  # type: ignore[misc]
    """409."""


class GoneHTTPError(HTTPError, GoneError):  # type: ignore[misc]
    """410."""


class RangeNotSatisfiableHTTPError(HTTPError, RangeNotSatisfiableError):  # type: ignore[misc]
    """416."""


class UnprocessableEntityHTTPError(HTTPError, UnprocessableEntityError):  # type: ignore[misc]
    """422."""


class RateLimitHTTPError(HTTPError, RateLimitError):  # type: ignore[misc]
    """429 that could not be waited out."""


class InternalServerHTTPError(HTTPError, InternalServerError):  # type: ignore[misc]
    """5xx."""


class HTTPConnectionError(APIConnectionError, _RequestsConnectionError):  # type: ignore[misc]
    """No response: a ``pybuildkite.APIConnectionError`` and a ``requests`` ``ConnectionError``."""


class HTTPTimeout(APITimeoutError, _RequestsTimeout):  # type: ignore[misc]
    """Timed out: a ``pybuildkite.APITimeoutError`` and a ``requests`` ``Timeout``."""


_STATUS_ERRORS: tuple[tuple[type[APIStatusError], type[HTTPError]], ...] = (
    (BadRequestError, BadRequestHTTPError),
    (AuthenticationError, AuthenticationHTTPError),
    (PermissionDeniedError, PermissionDeniedHTTPError),
    (NotFoundError, NotFoundHTTPError),
    (ConflictError, ConflictHTTPError),
    (GoneError, GoneHTTPError),
    (RangeNotSatisfiableError, RangeNotSatisfiableHTTPError),
    (UnprocessableEntityError, UnprocessableEntityHTTPError),
    (RateLimitError, RateLimitHTTPError),
    (InternalServerError, InternalServerHTTPError),
)


def legacy_error(err: APIStatusError | APIConnectionError) -> Exception:
    """The 1.x-compatible twin of a 2.x error, carrying the same attributes."""
    new: Exception
    if isinstance(err, APIStatusError):
        cls = next((legacy for core, legacy in _STATUS_ERRORS if isinstance(err, core)), HTTPError)
        new = cls(err.message, response=err.response, body=err.body)
    elif isinstance(err, APITimeoutError):
        new = HTTPTimeout(err.message, request=err.request)
    else:
        new = HTTPConnectionError(err.message, request=err.request)
    new.__dict__.update(err.__dict__)
    return new
