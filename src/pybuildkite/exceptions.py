"""Exceptions of the pybuildkite 1.x API (implemented in ``pybuildkite._legacy.exceptions``).

Besides 1.x's own exceptions, the HTTP errors the 1.x API raises: each is the matching 2.x error
(``pybuildkite.NotFoundError``...) and, when ``requests`` is installed, a
``requests.exceptions.HTTPError`` as 1.x raised.
"""

from __future__ import annotations

from ._legacy.exceptions import (
    AuthenticationHTTPError,
    BadRequestHTTPError,
    BuildStateNotAList,
    ConflictHTTPError,
    GoneHTTPError,
    HTTPConnectionError,
    HTTPError,
    HTTPTimeout,
    InternalServerHTTPError,
    NoAcccessTokenException,
    NotFoundHTTPError,
    NotValidBuildState,
    NotValidDateTime,
    PermissionDeniedHTTPError,
    RangeNotSatisfiableHTTPError,
    RateLimitHTTPError,
    UnprocessableEntityHTTPError,
)

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
]
