"""The one request pipeline: encode, authenticate, pace, send, classify, retry, decode.

:class:`BasePipeline` holds every decision; :class:`SyncPipeline` and :class:`AsyncPipeline`
are short twins that differ only where they do I/O or sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import logging
import os
import random
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import httpx
import pydantic

from . import _constants as C
from ._encoding import query_string
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    PaginationError,
    error_for_status,
    redacted_request,
    redacted_response,
)
from ._ratelimit import RateLimiter, rate_limit_wait
from ._request import APIRequest
from ._retry import Failure, classify_exception, decide_retry, underlying_error
from ._transport import BULK, widen_reads
from ._types import NotGiven, TimeoutTypes

__all__ = ["AsyncPipeline", "ClientConfig", "Secret", "SyncPipeline"]

T = TypeVar("T")
log = logging.getLogger("pybuildkite")

_MAX_REDIRECTS = 5


class Secret:
    """Holds the token; never shows it in ``repr``/``str`` and refuses to be pickled."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"token must be a str, not {type(value).__name__}")
        if not value.strip():
            raise ValueError("token must not be empty")
        # A header value with a line break could smuggle headers; reject before any request.
        if any(ch in value for ch in "\r\n\x00") or value != value.strip():
            raise ValueError("token contains whitespace or control characters")
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a token cannot be pickled")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalise_base_url(url: str | httpx.URL, *, allow_insecure_http: bool) -> httpx.URL:
    parsed = httpx.URL(str(url))
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"base_url must be an http(s) URL with a host, got {str(url)!r}")
    if parsed.userinfo:
        raise ValueError("base_url must not contain credentials; pass token= instead")
    if parsed.scheme == "http" and not allow_insecure_http and not _is_loopback(parsed.host):
        raise ValueError(
            "refusing plain http:// to a non-loopback host (the token would travel in clear "
            "text); use https:// or pass allow_insecure_http=True"
        )
    return parsed.copy_with(raw_path=parsed.raw_path.rstrip(b"/"), query=None, fragment=None)


def origin(url: httpx.URL) -> tuple[str, str, int | None]:
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host.lower(), port)


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Resolved, validated configuration; immutable so copies can share it safely."""

    token: Secret | None
    base_url: httpx.URL
    graphql_url: httpx.URL
    timeout: httpx.Timeout
    max_retries: int
    per_page: int
    user_agent: str
    max_rate_limit_wait: float
    page_concurrency: int
    allow_insecure_http: bool

    @classmethod
    def resolve(
        cls,
        *,
        token: str | None,
        base_url: str | httpx.URL | None,
        graphql_url: str | httpx.URL | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int,
        per_page: int,
        user_agent: str | None,
        max_rate_limit_wait: float,
        page_concurrency: int,
        allow_insecure_http: bool,
    ) -> ClientConfig:
        from . import __version__
        from ._request import check_per_page

        if token is None:
            token = os.environ.get(C.ENV_TOKEN) or None
        if base_url is None:
            base_url = os.environ.get(C.ENV_BASE_URL) or C.DEFAULT_BASE_URL
        if graphql_url is None:
            graphql_url = os.environ.get(C.ENV_GRAPHQL_URL) or C.DEFAULT_GRAPHQL_URL
        if isinstance(timeout, NotGiven):
            resolved_timeout = C.DEFAULT_TIMEOUT
        elif timeout is None:
            raise ValueError("timeout must be finite; a hung connection would block forever")
        elif isinstance(timeout, httpx.Timeout):
            resolved_timeout = timeout
        elif isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 0:
            resolved_timeout = httpx.Timeout(float(timeout))
        else:
            raise ValueError(f"timeout must be a positive number or httpx.Timeout, got {timeout!r}")
        for name, value in (("max_retries", max_retries), ("page_concurrency", page_concurrency)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a non-negative int, got {value!r}")
        if page_concurrency < 1:
            raise ValueError("page_concurrency must be at least 1")
        if not isinstance(max_rate_limit_wait, int | float) or max_rate_limit_wait < 0:
            raise ValueError(f"max_rate_limit_wait must be >= 0, got {max_rate_limit_wait!r}")
        checked_per_page = check_per_page(per_page)
        assert checked_per_page is not None
        return cls(
            token=Secret(token) if token is not None else None,
            base_url=normalise_base_url(base_url, allow_insecure_http=allow_insecure_http),
            graphql_url=normalise_base_url(graphql_url, allow_insecure_http=allow_insecure_http),
            timeout=resolved_timeout,
            max_retries=max_retries,
            per_page=checked_per_page,
            user_agent=user_agent or f"pybuildkite/{__version__} httpx/{httpx.__version__}",
            max_rate_limit_wait=float(max_rate_limit_wait),
            page_concurrency=page_concurrency,
            allow_insecure_http=allow_insecure_http,
        )

    def replace(self, **changes: Any) -> ClientConfig:
        return replace(self, **changes)


class BasePipeline:
    """Everything about a request that is neither I/O nor sleeping."""

    def __init__(self, config: ClientConfig, limiter: RateLimiter | None = None) -> None:
        self.config = config
        self.limiter = limiter or RateLimiter()
        self._origins = {origin(config.base_url), origin(config.graphql_url)}
        self._base = str(config.base_url)
        self._graphql = str(config.graphql_url)
        # Normalised once: copying httpx.Headers is cheaper than building them per request.
        self._headers = httpx.Headers(
            {"User-Agent": config.user_agent, "Accept": "application/json"}
        )
        #: True when the httpx client is the library's own (no caller defaults to merge).
        self.own_http = False
        #: The own client's transport, when no proxy is mounted: requests go straight to it
        #: (see :meth:`SyncPipeline.transmit`). None means through ``http.send``.
        self.direct: Any = None
        self.rand: Callable[[], float] = random.random

    # -- building --------------------------------------------------------------------------
    def url_for(self, req: APIRequest[Any]) -> str:
        is_link = req.path.startswith(("http://", "https://"))
        url = req.path if is_link else self._base + req.path
        query = list(req.query)
        # A next-page link already carries per_page; only a first page gets the default.
        if req.paginate and not is_link and not any(k == "per_page" for k, _ in query):
            query.append(("per_page", str(req.per_page or self.config.per_page)))
        if query:
            url += ("&" if "?" in url else "?") + query_string(query)
        return url

    def namespace_for(self, url: str) -> str:
        """GraphQL and REST have separate rate-limit windows (points vs requests)."""
        return "graphql" if url.startswith(self._graphql) else "rest"

    def is_own_origin(self, url: httpx.URL) -> bool:
        return origin(url) in self._origins

    def check_follow(self, url: str) -> httpx.URL:
        """A next-page link must point back at the API, never at another origin."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as err:
            raise PaginationError(f"the server sent an unusable next-page link: {err}") from None
        if not self.is_own_origin(parsed):
            raise PaginationError(
                f"refusing to follow a next-page link to another origin: {parsed.host!r}"
            )
        return parsed

    def headers_for(self, req: APIRequest[Any]) -> httpx.Headers:
        headers = self._headers.copy()
        if req.content_type:
            headers["Content-Type"] = req.content_type
        for name, value in req.headers.items():
            headers[name] = value
        return headers

    def timeout_for(self, req: APIRequest[Any]) -> httpx.Timeout:
        if isinstance(req.timeout, NotGiven):
            return self.config.timeout
        if isinstance(req.timeout, httpx.Timeout):
            return req.timeout
        if req.timeout is None:
            raise ValueError("timeout must be finite")
        return httpx.Timeout(float(req.timeout))

    def build(
        self,
        client: httpx.Client | httpx.AsyncClient,
        req: APIRequest[Any],
        url: str,
        *,
        stream: bool = False,
    ) -> httpx.Request:
        content = req.body if req.method not in ("GET", "HEAD") else None
        timeout = self.timeout_for(req)
        if self.own_http:
            # Our own pool has no defaults to merge, so skip httpx's merging step.
            headers = self.headers_for(req)
            headers.setdefault("Accept-Encoding", "gzip, deflate")
            request = httpx.Request(
                req.method, url, headers=headers, content=content, files=req.files,
                extensions={"timeout": timeout.as_dict()},
            )  # fmt: skip
        else:
            # A caller's client may carry default headers, cookies or a base URL: merge them.
            request = client.build_request(
                req.method, url, headers=self.headers_for(req), content=content,
                files=req.files, timeout=timeout,
            )  # fmt: skip
        if stream:
            # The body will be read in chunks by the caller: the sync client's transport sends
            # such requests through its bulk pool (see _transport.py); others ignore the mark.
            request.extensions[BULK] = True
        # The token goes only to the API's own origin: never to artifact storage, a redirect
        # target elsewhere, or a look-alike host. Decided on the final request, so that an
        # Authorization default of a caller's own httpx client is dropped there too.
        if self.config.token is not None and self.is_own_origin(request.url):
            request.headers["Authorization"] = "Bearer " + self.config.token.get()
        else:
            request.headers.pop("Authorization", None)
        return request

    # -- classifying -----------------------------------------------------------------------
    def connection_error(
        self, exc: httpx.TransportError, request: httpx.Request
    ) -> APIConnectionError:
        safe = redacted_request(request)
        where = f"{request.method} {request.url.raw_path.decode('ascii', 'replace')}"
        cause = underlying_error(exc)
        if cause is not exc:
            # The aiohttp transport files most failures under ConnectTimeout; what really
            # happened (a certificate refused, a server hanging up) is the error underneath.
            timed_out = isinstance(cause, TimeoutError) or "Timeout" in type(cause).__name__
            detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        else:
            timed_out = isinstance(exc, httpx.TimeoutException)
            detail = str(exc) or type(exc).__name__
        if timed_out:
            return APITimeoutError(f"{where}: timed out ({detail})", request=safe)
        return APIConnectionError(f"{where}: connection error: {detail}", request=safe)

    def status_error(
        self, response: httpx.Response, scope: str | None = None, wait: float | None = None
    ) -> APIStatusError:
        safe_request = redacted_request(response.request)
        safe = redacted_response(response, safe_request)
        reset_at = None
        if wait is not None:
            import datetime as dt

            reset_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
        return error_for_status(safe, scope=scope, reset_at=reset_at)

    def redirect_url(self, response: httpx.Response) -> str | None:
        if response.status_code not in (301, 302, 303, 307, 308):
            return None
        location = response.headers.get("location")
        if not location:
            return None
        target = response.request.url.join(location)
        if target.userinfo:
            # Credentials in a Location header would make httpx send Basic auth to that host.
            target = target.copy_with(userinfo=b"")
        return str(target)

    def decode(self, req: APIRequest[T], response: httpx.Response) -> T:
        if req.decode is None:
            return None  # type: ignore[return-value]
        content = response.content
        try:
            if not content:
                raise ValueError("empty body")
            return req.decode(content)
        except (pydantic.ValidationError, ValueError) as err:
            raise self.validation_error(response, err) from None

    def validation_error(
        self, response: httpx.Response, err: Exception
    ) -> APIResponseValidationError:
        """A response that arrived but is not what the endpoint documents."""
        safe_request = redacted_request(response.request)
        safe = redacted_response(response, safe_request)
        ctype = response.headers.get("content-type", "?")
        if isinstance(err, pydantic.ValidationError):
            details = err.errors()
            first: dict[str, Any] = dict(details[0]) if details else {}
            if first.get("type") == "json_invalid":
                detail = f"body is not valid JSON (content-type {ctype})"
            else:
                loc = ".".join(str(p) for p in first.get("loc", ())) or "<root>"
                detail = (
                    f"body did not match {err.title}: {loc}: {first.get('msg', 'invalid')}"
                    f" ({err.error_count()} error(s))"
                )
        elif isinstance(err, httpx.DecodingError):
            encoding = response.headers.get("content-encoding", "?")
            detail = f"body could not be decoded as content-encoding {encoding!r}"
        else:
            detail = f"{err} (content-type {ctype})"
        where = f"{safe_request.method} {safe_request.url.raw_path.decode('ascii', 'replace')}"
        return APIResponseValidationError(
            f"{where} -> {response.status_code}: unexpected response: {detail}", response=safe
        )

    def log_response(
        self, request: httpx.Request, response: httpx.Response, started: float
    ) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %s (%.1f ms)",
                request.method,
                request.url.raw_path.decode("ascii", "replace").split("?")[0],
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )

    def log_retry(self, request: httpx.Request, reason: str, delay: float) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "retrying %s %s in %.2fs: %s",
                request.method,
                request.url.raw_path.decode("ascii", "replace").split("?")[0],
                delay,
                reason,
            )


class _DeadlineStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Wraps a response body so that reading all of it must finish by ``deadline``.

    httpx's read timeout is per read: a server trickling a byte every second never trips it.
    """

    def __init__(self, inner: Any, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _check(self) -> None:
        if time.monotonic() > self._deadline:
            raise httpx.ReadTimeout("the response body did not arrive within the timeout")

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            self._check()
            yield chunk

    def close(self) -> None:
        self._inner.close()

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Timed(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Sets ``response.elapsed`` when the body is closed, as httpx.Client does."""

    def __init__(self, inner: Any, response: httpx.Response, started: float) -> None:
        self._inner = inner
        self._response = response
        self._started = started

    def __iter__(self) -> Iterator[bytes]:
        yield from self._inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    def _stop_clock(self) -> None:
        self._response.elapsed = dt.timedelta(seconds=time.perf_counter() - self._started)

    def close(self) -> None:
        self._stop_clock()
        self._inner.close()

    async def aclose(self) -> None:
        self._stop_clock()
        await self._inner.aclose()


def adopt(request: httpx.Request, response: httpx.Response, started: float) -> httpx.Response:
    """Give a response from the direct path what ``httpx.Client.send`` would have: its
    request, and an ``elapsed`` set when the body is closed."""
    response.request = request
    response.stream = _Timed(response.stream, response, started)
    return response


def _closed_client() -> RuntimeError:
    return RuntimeError("Cannot send a request, as the client has been closed.")


class _Attempts:
    """Counters for one logical request across its attempts."""

    __slots__ = ("namespace", "rate_limited", "redirects", "retries", "retry_method")

    def __init__(self, namespace: str, retry_method: str) -> None:
        self.namespace = namespace
        self.retry_method = retry_method
        self.retries = 0
        self.rate_limited = 0
        self.redirects = 0


class _Decisions(BasePipeline):
    """What to do after each attempt; shared verbatim by the sync and async loops."""

    def start(self, req: APIRequest[Any]) -> tuple[str, _Attempts]:
        url = self.url_for(req)
        # A request marked idempotent (a GraphQL query) retries like a GET.
        return url, _Attempts(self.namespace_for(url), "GET" if req.idempotent else req.method)

    def bound_body(self, req: APIRequest[Any], response: httpx.Response) -> None:
        """Make reading the whole body fail once the request's read timeout has passed."""
        budget = self.timeout_for(req).read
        if budget is not None:
            response.stream = _DeadlineStream(response.stream, time.monotonic() + budget)

    def delay_after_error(
        self, exc: httpx.TransportError, request: httpx.Request, attempts: _Attempts
    ) -> float:
        """Seconds to wait before retrying a transport error; raises when it is final."""
        decision = decide_retry(
            attempts.retry_method, attempts.retries, self.config.max_retries,
            failure=classify_exception(exc), rand=self.rand,
        )  # fmt: skip
        if not decision.retry:
            raise self.connection_error(exc, request) from exc
        self.log_retry(request, f"{type(exc).__name__} ({decision.reason})", decision.delay)
        attempts.retries += 1
        return decision.delay

    def received(
        self, request: httpx.Request, response: httpx.Response, started: float, attempts: _Attempts
    ) -> None:
        self.log_response(request, response, started)
        self.limiter.update(response.headers, attempts.namespace)

    def redirect_to(
        self, req: APIRequest[Any], response: httpx.Response, attempts: _Attempts
    ) -> str | None:
        """The next URL when the response is a redirect we follow (the token is re-decided
        for the new origin when the request is rebuilt)."""
        if not req.follow_redirects:
            return None
        target = self.redirect_url(response)
        if target is not None:
            attempts.redirects += 1
            if attempts.redirects > _MAX_REDIRECTS:
                raise self.status_error(response)
        return target

    def delay_after_status(self, response: httpx.Response, attempts: _Attempts) -> float:
        """Seconds to wait before retrying an error status; raises when it is final.

        The body has been read. 429s wait for the window the server names, within
        ``max_rate_limit_wait``; other statuses follow :func:`decide_retry`.
        """
        request = response.request
        status = response.status_code
        if status == 429:
            wait, scope, source = rate_limit_wait(
                response.headers, response.content, attempts.rate_limited, self.rand
            )
            if scope:
                self.limiter.note_exhausted(scope, wait, attempts.namespace)
            within_budget = wait <= self.config.max_rate_limit_wait
            if within_budget and attempts.rate_limited < C.MAX_RATE_LIMIT_RETRIES:
                self.log_retry(request, f"429 {scope or ''} ({source})", wait)
                attempts.rate_limited += 1
                return wait
            raise self.status_error(response, scope, wait)
        decision = decide_retry(
            attempts.retry_method, attempts.retries, self.config.max_retries,
            failure=Failure.STATUS, status=status, rand=self.rand,
        )  # fmt: skip
        if not decision.retry:
            raise self.status_error(response)
        self.log_retry(request, decision.reason, decision.delay)
        attempts.retries += 1
        return decision.delay


class SyncPipeline(_Decisions):
    def __init__(
        self,
        config: ClientConfig,
        http: httpx.Client,
        limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(config, limiter)
        self.http = http
        self.sleep: Callable[[float], None] = time.sleep

    def send(self, req: APIRequest[Any], *, stream: bool = False) -> httpx.Response:
        url, attempts = self.start(req)
        while True:
            wait = self.limiter.reserve(attempts.namespace)
            if 0 < wait <= self.config.max_rate_limit_wait:
                self.sleep(wait)
            request = self.build(self.http, req, url, stream=stream)
            started = time.perf_counter()
            try:
                response = self.transmit(request)
                if not stream:
                    self.bound_body(req, response)
                    try:
                        response.read()
                    except httpx.DecodingError as err:
                        raise self.validation_error(response, err) from None
                    finally:
                        response.close()  # returns the connection (or drops a broken one)
            except httpx.TransportError as exc:
                self.sleep(self.delay_after_error(exc, request, attempts))
                continue
            self.received(request, response, started, attempts)
            if response.status_code < 300:
                return response
            if target := self.redirect_to(req, response, attempts):
                response.close()
                url = target
                continue
            if response.status_code < 400:
                return response  # a redirect the caller wants to see (artifact URLs)
            try:
                response.read()
            except httpx.TransportError as exc:
                raise self.connection_error(exc, request) from exc
            self.sleep(self.delay_after_status(response, attempts))

    def transmit(self, request: httpx.Request) -> httpx.Response:
        """One HTTP exchange; the body is left to read."""
        if self.direct is None:
            return self.http.send(request, stream=True, follow_redirects=False)
        # The library's own pool with no proxy mounted: httpx.Client's layers (auth flows,
        # event hooks, redirect bookkeeping, cookie extraction) do nothing here, and cost
        # about a sixth of a small GET on loopback (see the README's benchmarks).
        if self.http.is_closed:
            raise _closed_client()
        started = time.perf_counter()
        try:
            response: httpx.Response = self.direct.handle_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        return adopt(request, response, started)

    def execute(self, req: APIRequest[T]) -> T:
        response = self.send(req)
        return self.decode(req, response)

    @contextlib.contextmanager
    def stream(self, req: APIRequest[Any]) -> Iterator[httpx.Response]:
        response = self.send(req, stream=True)
        try:
            yield response
        finally:
            response.close()


class AsyncPipeline(_Decisions):
    def __init__(
        self,
        config: ClientConfig,
        http: httpx.AsyncClient,
        limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(config, limiter)
        self.http = http
        self.sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep

    async def send(self, req: APIRequest[Any], *, stream: bool = False) -> httpx.Response:
        url, attempts = self.start(req)
        while True:
            wait = self.limiter.reserve(attempts.namespace)
            if 0 < wait <= self.config.max_rate_limit_wait:
                await self.sleep(wait)
            request = self.build(self.http, req, url, stream=stream)
            started = time.perf_counter()
            try:
                response = await self.transmit(request)
                if not stream:
                    self.bound_body(req, response)
                    try:
                        await response.aread()
                    except httpx.DecodingError as err:
                        raise self.validation_error(response, err) from None
                    finally:
                        await response.aclose()  # returns the connection (or drops it)
            except httpx.TransportError as exc:
                await self.sleep(self.delay_after_error(exc, request, attempts))
                continue
            self.received(request, response, started, attempts)
            if response.status_code < 300:
                return response
            if target := self.redirect_to(req, response, attempts):
                await response.aclose()
                url = target
                continue
            if response.status_code < 400:
                return response  # a redirect the caller wants to see (artifact URLs)
            try:
                await response.aread()
            except httpx.TransportError as exc:
                raise self.connection_error(exc, request) from exc
            await self.sleep(self.delay_after_status(response, attempts))

    async def transmit(self, request: httpx.Request) -> httpx.Response:
        """One HTTP exchange; the body is left to read (as :meth:`SyncPipeline.transmit`)."""
        if self.direct is None:
            return await self.http.send(request, stream=True, follow_redirects=False)
        if self.http.is_closed:
            raise _closed_client()
        started = time.perf_counter()
        try:
            response: httpx.Response = await self.direct.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        if request.extensions.get(BULK):
            widen_reads(response.stream)
        return adopt(request, response, started)

    async def execute(self, req: APIRequest[T]) -> T:
        response = await self.send(req)
        return self.decode(req, response)

    @contextlib.asynccontextmanager
    async def stream(self, req: APIRequest[Any]) -> AsyncIterator[httpx.Response]:
        response = await self.send(req, stream=True)
        try:
            yield response
        finally:
            await response.aclose()
