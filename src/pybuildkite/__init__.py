"""pybuildkite: a typed Python client for Buildkite's REST and GraphQL APIs.

Importing the package is cheap: the client, its HTTP stack and its models load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "2.0.0.dev0"

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from ._encoding import path
    from ._exceptions import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BuildkiteError,
        ChecksumMismatchError,
        ConflictError,
        GoneError,
        InternalServerError,
        NotFoundError,
        PaginationError,
        PermissionDeniedError,
        RangeNotSatisfiableError,
        RateLimitError,
        UnprocessableEntityError,
    )
    from ._pagination import AsyncPaginator, Page, SyncPaginator
    from ._ratelimit import RateLimitScope, RateLimitSnapshot
    from ._types import NOT_GIVEN, NotGiven, RequestOptions
    from .graphql import GraphQLError, QueryTooComplexError
    from .webhooks import WebhookVerificationError

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "BuildkiteError",
    "ChecksumMismatchError",
    "Client",
    "ConflictError",
    "GoneError",
    "GraphQLError",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "QueryTooComplexError",
    "RangeNotSatisfiableError",
    "RateLimitError",
    "RateLimitScope",
    "RateLimitSnapshot",
    "RequestOptions",
    "SyncPaginator",
    "UnprocessableEntityError",
    "WebhookVerificationError",
    "__version__",
    "path",
]

_EXPORTS = {
    "Client": "_client",
    "AsyncClient": "_client",
    "path": "_encoding",
    "AsyncPaginator": "_pagination",
    "Page": "_pagination",
    "SyncPaginator": "_pagination",
    "RateLimitScope": "_ratelimit",
    "RateLimitSnapshot": "_ratelimit",
    "NOT_GIVEN": "_types",
    "NotGiven": "_types",
    "RequestOptions": "_types",
    "GraphQLError": "graphql",
    "QueryTooComplexError": "graphql",
    "WebhookVerificationError": "webhooks",
}


def __getattr__(name: str) -> Any:
    import importlib

    module = _EXPORTS.get(name)
    if module is None and name in __all__:
        module = "_exceptions"
    if module is None:
        raise AttributeError(f"module 'pybuildkite' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pybuildkite.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
