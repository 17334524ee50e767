"""The request description: what a resource method hands to the pipeline.

Resource methods never touch httpx. They return an :class:`APIRequest` (method, encoded path,
query pairs, JSON body, how to decode the answer) and the pipeline does the rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import httpx

from . import _constants as C
from ._encoding import encode_body, encode_query
from ._models import decoder_for
from ._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutTypes

__all__ = ["APIRequest", "api_request", "check_per_page"]

T = TypeVar("T")

Decode = Callable[[bytes], T]
PaginationStyle = Literal["page", "cursor"]


@dataclass(slots=True)
class APIRequest(Generic[T]):
    method: str
    path: str  # percent-encoded path under the base URL, or an absolute URL
    query: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    #: multipart/form-data fields (httpx's ``files=``), streamed; exclusive with ``body``.
    files: Mapping[str, Any] | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    decode: Decode[T] | None = None  # None: the answer has no body worth decoding
    item_type: Any = None  # for listings: the type of one item
    paginate: PaginationStyle | None = None
    per_page: int | None = None
    limit: int | None = None
    concurrency: int | None = None
    follow_redirects: bool = True
    #: Safe to repeat whatever the method (e.g. a GraphQL query, which is POSTed).
    idempotent: bool = False
    #: For newest-first listings: a query parameter (``created_to``) that the paginator pins
    #: to the newest item of the first page, so that items created while it walks the
    #: remaining pages cannot shift them (no duplicates, none missed).
    stable_by: str | None = None


def check_per_page(per_page: object) -> int | None:
    if per_page is None:
        return None
    if isinstance(per_page, bool) or not isinstance(per_page, int):
        raise TypeError(f"per_page must be an int, not {type(per_page).__name__}")
    if not 1 <= per_page <= C.MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {C.MAX_PER_PAGE}, got {per_page}")
    return per_page


def _check_limit(limit: object) -> int | None:
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    return limit


def _check_timeout(timeout: Any) -> TimeoutTypes | NotGiven:
    """A per-call timeout: a positive, finite number of seconds or an httpx.Timeout."""
    if isinstance(timeout, NotGiven | httpx.Timeout):
        return timeout
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise ValueError(f"timeout must be a positive, finite number of seconds, got {timeout!r}")
    return float(timeout)


def api_request(
    method: str,
    path: str,
    *,
    cast: Any = None,
    query: Mapping[str, Any] | None = None,
    body: Mapping[str, Any] | None = None,
    options: RequestOptions | Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    paginate: PaginationStyle | None = None,
    per_page: int | None = None,
    limit: int | None = None,
    concurrency: int | None = None,
    stable_by: str | None = None,
    decode: Callable[[bytes], Any] | None = None,
) -> APIRequest[Any]:
    """Describe one request; every argument is validated here, before anything is sent.

    ``cast`` is the result type (a model, ``list[Model]``, ``dict``...), or for listings the
    type of one item. ``None`` means the answer carries no body (204 and friends).
    """
    opts: Mapping[str, Any] = options or {}
    unknown = set(opts) - set(RequestOptions.__annotations__)
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    pairs = encode_query(query)
    extra_query = opts.get("extra_query")
    if extra_query:
        pairs.extend(encode_query(extra_query))
    payload: dict[str, Any] | None = None
    if body is not None:
        payload = {k: v for k, v in body.items() if not isinstance(v, NotGiven)}
    extra_body = opts.get("extra_body")
    if extra_body:
        payload = {**(payload or {}), **extra_body}
    all_headers = dict(headers or {})
    all_headers.update(opts.get("extra_headers") or {})
    # ``decode`` is for answers that are not JSON (YAML, text); otherwise the cast decides.
    if decode is None and paginate is None and cast is not None:
        decode = decoder_for(cast)
    if concurrency is not None and (
        isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1
    ):
        raise ValueError(f"concurrency must be a positive int, got {concurrency!r}")
    return APIRequest(
        method=method,
        path=path,
        query=pairs,
        body=encode_body(payload),
        content_type="application/json" if payload is not None else None,
        headers=all_headers,
        timeout=_check_timeout(opts.get("timeout", NOT_GIVEN)),
        decode=decode,
        item_type=cast if paginate else None,
        paginate=paginate,
        per_page=check_per_page(per_page),
        limit=_check_limit(limit),
        concurrency=concurrency,
        stable_by=stable_by if stable_by and not any(k == stable_by for k, _ in pairs) else None,
    )
