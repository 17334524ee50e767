"""The API server's ASGI application.

A single plain ASGI callable does, in order: request logging, route matching
(Starlette routes, bucketed by segment count), fault injection, bearer-token
authentication, rate limiting, scope checks, JSON body parsing, the handler
call (under the store lock) and CORS/rate-limit headers.  Each step is cheap
so the emulator sustains well over a thousand small requests a second.

Rate limits: :class:`RateLimiter` counts REST requests (``RateLimits``);
:class:`PointsLimiter` counts GraphQL complexity points (``GraphQLLimits``).  A
route whose handler has ``own_rate_limits = True`` (the GraphQL route) is left
out of REST counting and charges points itself; an injected ``rate_limit``
fault on it answers GraphQL's 429 rather than REST's.

Bodies: an empty body, ``{}`` and ``null`` all mean "no fields".  A non-empty
body that is not valid JSON is answered with 400 ``{"message": "Problems
parsing JSON"}`` (unless it is multipart or form data, which only the package
publish route accepts).  Any exception in a handler becomes a 500 JSON body and
is logged; the server keeps serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import math
import re
import socket
import struct
import threading
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.routing import Match, Route

from ._catalog import CATALOG
from ._config import FaultState, GraphQLLimits, RateLimits
from ._http import HTTPError, Query, Req, Resp, dumps, error_resp, json_resp
from ._state import RequestRecord, Store

log = logging.getLogger("pybuildkite.testing")

UNAUTHENTICATED_MESSAGE = (
    "Authentication required. Please supply a valid API Access Token: "
    "https://buildkite.com/docs/apis/rest-api#authentication"
)

Handler = Callable[[Req], Resp] | Callable[[Req], Awaitable[Resp]]
# (method, path template, handler) or with an explicit scope tuple (None = no auth).
RouteEntry = tuple[Any, ...]

_PARAM = re.compile(r"\{([^}]+)\}")

ASGIScope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def shape(template: str) -> str:
    return _PARAM.sub("{}", template.rstrip("/") or "/")


def _catalog_scopes() -> dict[tuple[str, str], tuple[str, ...] | None]:
    out: dict[tuple[str, str], tuple[str, ...] | None] = {}
    for _group, method, path, _status, _pag, scopes, alts, _is_list in CATALOG:
        out[(method, shape(path))] = scopes
        for alt in alts:
            out.setdefault((alt, shape(path)), scopes)
    return out


CATALOG_SCOPES = _catalog_scopes()
_UNSET = object()


def scopes_for(method: str, template: str) -> tuple[str, ...] | None:
    key = shape(template)
    for m in (method, "GET" if method == "HEAD" else method):
        if (m, key) in CATALOG_SCOPES:
            return CATALOG_SCOPES[(m, key)]
    # A verb variant of a documented write route needs the same write scopes.
    for (m, k), scopes in CATALOG_SCOPES.items():
        writes = bool(scopes) and all(s.startswith("write_") for s in scopes or ())
        if k == key and writes and method in ("PUT", "PATCH", "POST", "DELETE") and m != "GET":
            return scopes
    return ()


@dataclass(slots=True)
class Endpoint:
    method: str
    template: str
    handler: Handler
    scopes: tuple[str, ...] | None
    route: Route
    is_async: bool
    specificity: tuple[int, ...]


def _not_dispatched(request: Any) -> None:  # pragma: no cover - matching only
    raise AssertionError("the emulator dispatches through App, not through the route")


def make_endpoint(entry: RouteEntry) -> Endpoint:
    method, template, handler = entry[0], entry[1], entry[2]
    scopes = entry[3] if len(entry) > 3 else _UNSET
    if scopes is _UNSET:
        scopes = scopes_for(method, template)
    template = template.rstrip("/") or "/"
    segments = template.strip("/").split("/") if template != "/" else []
    # The catalog's placeholders ({org.slug}) become Starlette path parameters ({org_slug}).
    starlette_path = _PARAM.sub(lambda m: "{" + re.sub(r"\W", "_", m.group(1)) + "}", template)
    return Endpoint(
        method=method,
        template=template,
        handler=handler,
        scopes=scopes,  # type: ignore[arg-type]
        route=Route(starlette_path, _not_dispatched, methods=[method]),
        is_async=inspect.iscoroutinefunction(handler),
        specificity=tuple(1 if "{" in s else 0 for s in segments),
    )


class Router:
    """Method + path matching with Starlette routes; earlier tiers (deep routes) win.

    Matching runs on the raw, still percent-encoded path, so ``%2F`` inside a branch name
    stays inside its segment; handlers decode their parameters. Routes are bucketed by
    segment count so a request is only tried against routes of its own length.
    """

    def __init__(self, tiers: Sequence[Iterable[RouteEntry]]) -> None:
        self._buckets: dict[int, list[Endpoint]] = {}
        self.endpoints: list[Endpoint] = []
        for tier in tiers:
            eps = sorted((make_endpoint(e) for e in tier), key=lambda e: e.specificity)
            for ep in eps:
                n = len(ep.specificity)
                self._buckets.setdefault(n, []).append(ep)
                self.endpoints.append(ep)

    def match(self, method: str, path: str) -> tuple[Endpoint | None, dict[str, str], bool]:
        """Return (endpoint, params, path_exists_for_another_method)."""
        n = 0 if path == "/" else path.count("/")
        scope = {"type": "http", "path": path, "root_path": "", "method": method}
        other = False
        fallback: tuple[Endpoint, dict[str, str]] | None = None
        for ep in self._buckets.get(n, ()):
            found, child = ep.route.matches(scope)
            if found is Match.NONE:
                continue
            params: dict[str, str] = child.get("path_params", {})
            if found is Match.FULL and ep.method == method:
                return ep, params, False
            # Starlette answers HEAD from a GET route; a route declared for HEAD still wins.
            if found is Match.FULL and fallback is None:
                fallback = (ep, params)
            other = True
        if fallback is not None:
            return fallback[0], fallback[1], False
        return None, {}, other


class _FixedWindows:
    """Windows per organization and per user that open on their first use and last
    ``limits.window`` seconds, as Buildkite counts both REST requests and GraphQL points."""

    def __init__(self, store: Store, limits: Any) -> None:
        self.store = store
        self.limits = limits
        self._lock = threading.Lock()
        self._windows: dict[str, list[float]] = {}

    def configure(self, limits: Any) -> None:
        with self._lock:
            self.limits = limits
            self._windows.clear()

    def _hit(self, key: str, now: float, amount: float) -> tuple[int, float]:
        """Add ``amount`` to the window (call under the lock); its total and seconds left."""
        w = self._windows.get(key)
        if w is None or now >= w[0] + self.limits.window:
            w = [now, 0.0]
            self._windows[key] = w
        w[1] += amount
        return int(w[1]), max(0.0, w[0] + self.limits.window - now)

    def format_reset(self, seconds: float) -> str:
        if self.limits.window >= 5:
            return str(math.ceil(seconds))
        return f"{seconds:.3f}"


class RateLimiter(_FixedWindows):
    """REST: requests counted against fixed windows per organization and per user."""

    limits: RateLimits

    def check(
        self, org: str, user: str, count: bool = True
    ) -> tuple[list[tuple[bytes, bytes]], dict[str, Any] | None]:
        now = self.store.clock.monotonic()
        with self._lock:
            lim = self.limits
            org_n, org_reset = self._hit("org:" + org, now, 1 if count else 0)
            user_n, user_reset = self._hit("user:" + user, now, 1 if count else 0)
        fmt = self.format_reset
        headers = [
            (b"ratelimit-scope", b"rest"),
            (b"ratelimit-remaining", str(max(0, lim.org - org_n)).encode()),
            (b"ratelimit-limit", str(lim.org).encode()),
            (b"ratelimit-reset", fmt(org_reset).encode()),
            (b"ratelimit-user-scope", b"rest_user"),
            (b"ratelimit-user-remaining", str(max(0, lim.user - user_n)).encode()),
            (b"ratelimit-user-limit", str(lim.user).encode()),
            (b"ratelimit-user-reset", fmt(user_reset).encode()),
        ]
        exceeded: dict[str, Any] | None = None
        if org_n > lim.org:
            headers.append((b"ratelimit-warning", b"You have exceeded your API rate limit."))
            exceeded = self.body("rest", lim.org, org_n, org_reset)
        if user_n > lim.user:
            headers.append((b"ratelimit-user-warning", b"You have exceeded your API rate limit."))
            if exceeded is None:
                exceeded = self.body("rest_user", lim.user, user_n, user_reset)
        return headers, exceeded

    def body(self, scope: str, limit: int, current: int, reset: float) -> dict[str, Any]:
        text = self.format_reset(reset)
        value: float | int = int(text) if "." not in text else float(text)
        return {
            "message": "You have exceeded your API rate limit. "
            f"Please wait {text} seconds before making more requests.",
            "scope": scope,
            "limit": limit,
            "current": current,
            "reset": value,
        }

    def snapshot(self, org: str) -> tuple[int, int, float]:
        now = self.store.clock.monotonic()
        with self._lock:
            n, reset = self._hit("org:" + org, now, 0)
            return self.limits.org, n, reset


class PointsLimiter(_FixedWindows):
    """GraphQL's budgets: fixed windows of complexity points per organization and per user.

    :meth:`check` only looks (a query is refused once a window is spent); :meth:`charge`
    spends a query's actual complexity after it has run, as Buildkite counts it.
    """

    limits: GraphQLLimits

    def _state(self, org: str, user: str, points: int) -> tuple[int, float, int, float]:
        now = self.store.clock.monotonic()
        with self._lock:
            return (*self._hit("org:" + org, now, points), *self._hit("user:" + user, now, points))

    def _refusal(
        self, message: str, org_used: int, org_reset: float, user_used: int, user_reset: float
    ) -> Resp:
        resp = json_resp({"errors": [{"message": message}]}, 429)
        resp.headers.extend(self._headers(org_used, org_reset, user_used, user_reset))
        return resp

    def _org_spent(self, reset: float) -> str:
        return (
            f"Your organization has exceeded the limit of {self.limits.org} complexity points. "
            f"Please try again in {self.format_reset(reset)} seconds."
        )

    def _headers(
        self, org_used: int, org_reset: float, user_used: int, user_reset: float
    ) -> list[tuple[bytes, bytes]]:
        lim = self.limits
        fmt = self.format_reset
        return [
            (b"ratelimit-scope", b"graphql"),
            (b"ratelimit-remaining", str(max(0, lim.org - org_used)).encode()),
            (b"ratelimit-limit", str(lim.org).encode()),
            (b"ratelimit-reset", fmt(org_reset).encode()),
            (b"ratelimit-user-scope", b"graphql_user"),
            (b"ratelimit-user-remaining", str(max(0, lim.user - user_used)).encode()),
            (b"ratelimit-user-limit", str(lim.user).encode()),
            (b"ratelimit-user-reset", fmt(user_reset).encode()),
        ]

    def check(self, org: str, user: str) -> Resp | None:
        """The 429 to answer when either window is already spent, else ``None``."""
        org_used, org_reset, user_used, user_reset = self._state(org, user, 0)
        lim = self.limits
        if org_used >= lim.org:
            message = self._org_spent(org_reset)
        elif user_used >= lim.user:
            message = (
                f"You have exceeded your per-user limit of {lim.user} complexity points. "
                f"Please try again in {self.format_reset(user_reset)} seconds."
            )
        else:
            return None
        return self._refusal(message, org_used, org_reset, user_used, user_reset)

    def charge(self, org: str, user: str, points: int) -> list[tuple[bytes, bytes]]:
        """Spend ``points`` from both windows; the headers describe what is left."""
        return self._headers(*self._state(org, user, max(0, points)))

    def storm_response(self) -> Resp:
        """An injected 429 (fault ``rate_limit``): the organization's budget looks spent."""
        lim = self.limits
        return self._refusal(self._org_spent(lim.window), lim.org, lim.window, 0, lim.window)


class _Abort(Exception):
    """Ends a response early so the server drops the connection."""


_CORS = [
    (b"access-control-allow-origin", b"*"),
    (
        b"access-control-expose-headers",
        b"Link, RateLimit-Remaining, RateLimit-Limit, "
        b"RateLimit-Reset, RateLimit-User-Remaining, RateLimit-User-Limit, RateLimit-User-Reset",
    ),
]


class App:
    """The API ASGI app.  ``emu`` hooks give it access to churn and transports."""

    def __init__(
        self,
        store: Store,
        tiers: Sequence[Iterable[RouteEntry]],
        *,
        limits: RateLimits,
        graphql_limits: GraphQLLimits | None = None,
        faults: FaultState,
        churn: Callable[[str | None, int], None],
        transport_for: Callable[[tuple[str, int] | None], asyncio.Transport | None],
        request_log_limit: int = 200_000,
    ) -> None:
        self.store = store
        self.router = Router(tiers)
        self.limiter = RateLimiter(store, limits)
        self.graphql_limiter = PointsLimiter(store, graphql_limits or GraphQLLimits())
        self.faults = faults
        self.churn = churn
        self.transport_for = transport_for
        self.requests: deque[RequestRecord] = deque(maxlen=request_log_limit)
        self.requests_lock = threading.Lock()
        self.closing = threading.Event()

    # -- ASGI --------------------------------------------------------------------

    async def __call__(self, scope: ASGIScope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        chunks: list[bytes] = []
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunks.append(msg.get("body", b""))
            if not msg.get("more_body"):
                break
        body = b"".join(chunks)
        headers: dict[str, str] = {}
        for k, v in scope["headers"]:
            name = k.decode("latin-1").lower()
            value = v.decode("latin-1")
            headers[name] = headers[name] + ", " + value if name in headers else value
        raw_path = scope.get("raw_path") or scope["path"].encode()
        raw = raw_path.decode("latin-1")
        query = Query(scope.get("query_string", b"").decode("latin-1"))
        record = RequestRecord(
            method=scope["method"],
            path=raw,
            query=query.pairs,
            headers=headers,
            body=body,
            json=None,
        )
        with self.requests_lock:
            self.requests.append(record)
        fault = "ok"
        try:
            resp, fault = await self.handle(
                scope, raw=raw, query=query, headers=headers, body=body, record=record
            )
        except Exception:
            log.exception("emulator error handling %s %s", scope["method"], raw)
            resp = error_resp(500, "Internal Server Error")
        record.status = resp.status
        await self.send_response(scope, send, resp, fault)

    async def handle(
        self,
        scope: ASGIScope,
        *,
        raw: str,
        query: Query,
        headers: dict[str, str],
        body: bytes,
        record: RequestRecord,
    ) -> tuple[Resp, str]:
        method = scope["method"]
        path = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
            raw = raw.rstrip("/") or "/"
        if method == "OPTIONS":
            resp = Resp(204)
            resp.header("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, HEAD")
            resp.header(
                "access-control-allow-headers", "Authorization, Content-Type, Accept, Range"
            )
            return resp, "ok"
        fault = "ok"
        fstate = self.faults
        if fstate.config.applies(method, path):
            fault, churn = fstate.decide()
            if churn:
                fstate.count("churn")
                self.churn(fstate.config.churn_pipeline, fstate.config.churn_builds)
            cfg = fstate.config
            if cfg.latency:
                fstate.count("latency")
                await asyncio.sleep(cfg.latency)
            if fault == "slow":
                fstate.count("slow")
                await asyncio.sleep(cfg.slow_delay)
            if fault == "error":
                fstate.count("error")
                return error_resp(cfg.error_status, "Service Unavailable"), "ok"
        endpoint, params, other = self.router.match(method, path)
        store = self.store
        token = user = None
        auth = headers.get("authorization", "")
        needs_auth = endpoint is None or endpoint.scopes is not None
        if auth[:7].lower() == "bearer ":
            found = store.user_for_token(auth[7:].strip())
            if found is not None:
                token, user = found
        # GraphQL counts complexity points in windows of its own (its route charges them), so
        # its requests neither spend nor report the REST request budget.
        own_limits = endpoint is not None and getattr(endpoint.handler, "own_rate_limits", False)
        rl_headers: list[tuple[bytes, bytes]] = []
        exceeded: dict[str, Any] | None = None
        if not own_limits:
            org_slug = self._org_for(path, user)
            rl_headers, exceeded = self.limiter.check(org_slug, user.id if user else "anonymous")
        if fault == "rate_limit":
            fstate.count("rate_limit")
            if own_limits:
                return self.graphql_limiter.storm_response(), "ok"
            lim = self.limiter.limits
            exceeded = self.limiter.body("rest", lim.org, lim.org + 1, lim.window)
            rl_headers.append((b"ratelimit-warning", b"You have exceeded your API rate limit."))
            fault = "ok"
        dispatched = self._dispatch(
            method=method,
            path=path,
            raw=raw,
            query=query,
            headers=headers,
            body=body,
            record=record,
            endpoint=endpoint,
            params=params,
            other=other,
            token=token,
            user=user,
            needs_auth=needs_auth,
            exceeded=exceeded,
        )
        resp = dispatched if isinstance(dispatched, Resp) else await dispatched
        resp.headers.extend(rl_headers)
        if method == "HEAD":
            resp = self._head(resp)
        return resp, fault

    def _org_for(self, path: str, user: Any) -> str:
        if path.startswith("/v2/organizations/"):
            return path[18:].split("/", 1)[0]
        for prefix in ("/v2/analytics/organizations/", "/v2/packages/organizations/"):
            if path.startswith(prefix):
                return path[len(prefix) :].split("/", 1)[0]
        return self.store.default_org

    def _dispatch(
        self,
        *,
        method: str,
        path: str,
        raw: str,
        query: Query,
        headers: dict[str, str],
        body: bytes,
        record: RequestRecord,
        endpoint: Endpoint | None,
        params: dict[str, str],
        other: bool,
        token: Any,
        user: Any,
        needs_auth: bool,
        exceeded: dict[str, Any] | None,
    ) -> Resp | Awaitable[Resp]:
        if needs_auth and token is None:
            return error_resp(401, UNAUTHENTICATED_MESSAGE)
        if exceeded is not None:
            return json_resp(exceeded, 429)
        if endpoint is None:
            if other:
                return error_resp(405, "Method Not Allowed")
            return error_resp(404, "Not Found")
        if endpoint.scopes and token is not None:
            for scope_name in endpoint.scopes:
                if scope_name not in token.scopes:
                    return error_resp(403, f"Your access token doesn't have the {scope_name} scope")
        parsed: Any = None
        if body.strip():
            ctype = headers.get("content-type", "")
            if not ctype.startswith(("multipart/", "application/x-www-form-urlencoded")):
                try:
                    parsed = json.loads(body)
                except (ValueError, UnicodeDecodeError):
                    return error_resp(400, "Problems parsing JSON")
                record.json = parsed
        req = Req(
            method=method,
            path=path,
            raw_path=raw,
            query=query,
            headers=headers,
            body=body,
            json_body=parsed,
            params=params,
            store=self.store,
            token=token,
            user=user,
        )
        if endpoint.is_async:
            return self._call_async(endpoint, req)
        try:
            with self.store.lock:
                result = endpoint.handler(req)
            assert isinstance(result, Resp)
            return result
        except HTTPError as exc:
            return json_resp(exc.body, exc.status)
        except Exception:
            log.exception("emulator handler failed for %s %s", method, raw)
            return error_resp(500, "Internal Server Error")

    async def _call_async(self, endpoint: Endpoint, req: Req) -> Resp:
        try:
            result = endpoint.handler(req)
            if inspect.isawaitable(result):
                result = await result
            assert isinstance(result, Resp)
            return result
        except HTTPError as exc:
            return json_resp(exc.body, exc.status)
        except Exception:
            log.exception("emulator handler failed for %s %s", req.method, req.raw_path)
            return error_resp(500, "Internal Server Error")

    @staticmethod
    def _head(resp: Resp) -> Resp:
        if isinstance(resp.body, bytes):
            if not any(k == b"content-length" for k, _ in resp.headers):
                resp.header("content-length", str(len(resp.body)))
            resp.body = b""
        return resp

    # -- sending -----------------------------------------------------------------

    async def send_response(self, scope: ASGIScope, send: Send, resp: Resp, fault: str) -> None:
        headers = list(resp.headers)
        headers.extend(_CORS)
        body = resp.body
        has_length = any(k == b"content-length" for k, _ in headers)
        if isinstance(body, bytes):
            if not has_length:
                headers.append((b"content-length", str(len(body)).encode()))
        elif resp.length is not None and not has_length:
            headers.append((b"content-length", str(resp.length).encode()))
        is_bytes_body = isinstance(body, bytes)
        if fault in ("reset", "truncate", "trickle") and is_bytes_body and body:
            assert isinstance(body, bytes)
            await self._faulty_send(
                scope, send, status=resp.status, headers=headers, body=body, fault=fault
            )
            return
        await send({"type": "http.response.start", "status": resp.status, "headers": headers})
        if isinstance(body, bytes):
            await send({"type": "http.response.body", "body": body})
            return
        async for chunk in _aiter(body):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async def _faulty_send(
        self,
        scope: ASGIScope,
        send: Send,
        *,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        fault: str,
    ) -> None:
        self.faults.count(fault)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        transport = self.transport_for(scope.get("client"))
        if fault == "trickle":
            delay = 1.0 / max(self.faults.config.trickle_bytes_per_second, 1e-6)
            for i in range(len(body)):
                if self.closing.is_set() or (transport is not None and transport.is_closing()):
                    raise _Abort()
                await send(
                    {"type": "http.response.body", "body": body[i : i + 1], "more_body": True}
                )
                await asyncio.sleep(delay)
            await send({"type": "http.response.body", "body": b""})
            return
        part = body[: max(1, len(body) // 2)]
        await send({"type": "http.response.body", "body": part, "more_body": True})
        if transport is None:
            raise _Abort()
        # Let the partial response reach the client before cutting the line.
        for _ in range(50):
            if transport.get_write_buffer_size() == 0:
                break
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.02)
        if fault == "reset":
            sock = transport.get_extra_info("socket")
            if sock is not None:
                # Linger 0 turns the close into a TCP RST, as a dropped connection looks.
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        else:
            transport.close()

    # -- request log -------------------------------------------------------------

    def snapshot_requests(self) -> list[RequestRecord]:
        with self.requests_lock:
            return list(self.requests)

    def clear_requests(self) -> None:
        with self.requests_lock:
            self.requests.clear()


async def _aiter(body: Iterator[bytes] | AsyncIterator[bytes] | bytes) -> AsyncIterator[bytes]:
    if isinstance(body, bytes):
        yield body
        return
    if isinstance(body, AsyncIterator):
        async for chunk in body:
            yield chunk
        return
    for chunk in body:
        yield chunk
        # Yield to the loop so a large stream does not starve other requests.
        await asyncio.sleep(0)


def encode_json(data: Any) -> bytes:
    return dumps(data)
