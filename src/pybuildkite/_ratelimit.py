"""Rate-limit bookkeeping shared by every thread and task that uses one client.

Buildkite counts each REST request against an organization window (``RateLimit-*``) and a
per-user window (``RateLimit-User-*``). The limiter remembers what the last response said,
counts requests sent since, and makes callers wait for the window to turn over instead of
walking into 429s it could foresee.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import _constants as C
from ._retry import backoff_delay

__all__ = ["RateLimitScope", "RateLimitSnapshot", "RateLimiter", "rate_limit_wait"]

#: header prefix -> scope name used in 429 bodies
_HEADER_SCOPES = {"ratelimit-": "rest", "ratelimit-user-": "rest_user"}
_TRY_AGAIN = re.compile(r"(?:try again in|wait)\s+(\d+(?:\.\d+)?)\s+seconds?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RateLimitScope:
    """One window as the server last described it."""

    scope: str
    limit: int | None
    remaining: int | None
    reset: float | None  # seconds until the window resets, as read
    read_at: dt.datetime

    @property
    def reset_at(self) -> dt.datetime | None:
        return None if self.reset is None else self.read_at + dt.timedelta(seconds=self.reset)


@dataclass(frozen=True, slots=True)
class RateLimitSnapshot:
    """``client.rate_limit``: the organization and per-user windows from the last response."""

    organization: RateLimitScope | None
    user: RateLimitScope | None
    #: GraphQL counts complexity points in windows of its own (five minutes).
    graphql: RateLimitScope | None = None
    graphql_user: RateLimitScope | None = None

    def __getitem__(self, scope: str) -> RateLimitScope | None:
        return {
            "rest": self.organization,
            "rest_user": self.user,
            "graphql": self.graphql,
            "graphql_user": self.graphql_user,
        }.get(scope)


def _num(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _ratelimit_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The ``RateLimit-*`` headers, lower-cased, found in one pass over the raw list
    (cheaper on every response than a case-insensitive lookup per name)."""
    raw = getattr(headers, "raw", None)
    if raw is None:
        return {k.lower(): v for k, v in headers.items() if k.lower().startswith("ratelimit-")}
    return {
        k.decode("latin-1").lower(): v.decode("latin-1")
        for k, v in raw
        if k[:10].lower() == b"ratelimit-"
    }


class _Window:
    __slots__ = ("deadline", "limit", "remaining")

    def __init__(self, limit: int | None, remaining: int | None, deadline: float) -> None:
        self.limit = limit
        self.remaining = remaining
        self.deadline = deadline


class RateLimiter:
    """Thread-safe; the sync and async pipelines only differ in how they sleep."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, _Window] = {}
        self._scopes: dict[str, RateLimitScope] = {}
        self._monotonic = time.monotonic

    # -- reading ---------------------------------------------------------------------------
    def update(self, headers: Mapping[str, str], namespace: str = "rest") -> None:
        """Record the windows a response reports.

        ``namespace`` keeps GraphQL's complexity-point windows apart from REST's request
        counts: an exhausted GraphQL budget must not hold up REST calls, or the reverse.
        """
        headers = _ratelimit_headers(headers)
        if not headers:
            return  # most answers from servers other than Buildkite's carry none
        now = self._monotonic()
        wall = dt.datetime.now(dt.UTC)
        for prefix, default_scope in _HEADER_SCOPES.items():
            remaining = _num(headers.get(prefix + "remaining"))
            reset = _num(headers.get(prefix + "reset"))
            limit = _num(headers.get(prefix + "limit"))
            if remaining is None and reset is None:
                continue
            scope = headers.get(prefix + "scope") or default_scope
            key = _key(namespace, default_scope)
            info = RateLimitScope(
                scope=scope,
                limit=None if limit is None else int(limit),
                remaining=None if remaining is None else int(remaining),
                reset=reset,
                read_at=wall,
            )
            with self._lock:
                self._scopes[key] = info
                if reset is None or remaining is None:
                    continue
                deadline = now + reset
                window = self._windows.get(key)
                new_window = (
                    window is None or now >= window.deadline or (deadline > window.deadline + 0.5)
                )
                if new_window or window is None:
                    self._windows[key] = _Window(info.limit, int(remaining), deadline)
                else:
                    # Same window: responses to requests sent earlier can report a remaining
                    # count that is already stale, so never raise what was counted locally.
                    if window.remaining is None or remaining < window.remaining:
                        window.remaining = int(remaining)
                    window.deadline = min(window.deadline, deadline)

    def note_exhausted(self, scope: str, reset: float, namespace: str = "rest") -> None:
        """A 429 said ``scope`` is exhausted for ``reset`` more seconds."""
        key = _key(namespace, "rest_user" if scope.endswith("_user") else "rest")
        now = self._monotonic()
        with self._lock:
            window = self._windows.get(key)
            deadline = now + reset
            if window is None:
                self._windows[key] = _Window(None, 0, deadline)
            else:
                window.remaining = 0
                window.deadline = max(deadline, window.deadline if now < window.deadline else 0)

    def snapshot(self) -> RateLimitSnapshot:
        with self._lock:
            return RateLimitSnapshot(
                self._scopes.get("rest"),
                self._scopes.get("rest_user"),
                self._scopes.get("graphql"),
                self._scopes.get("graphql_user"),
            )

    # -- pacing ----------------------------------------------------------------------------
    def reserve(self, namespace: str = "rest") -> float:
        """Claim one request; return how long to wait first (0 when it may go now)."""
        now = self._monotonic()
        wait = 0.0
        with self._lock:
            windows = [w for k, w in self._windows.items() if k.startswith(namespace)]
            for window in windows:
                if window.remaining is None or now >= window.deadline:
                    continue
                if window.remaining <= 0:
                    wait = max(wait, window.deadline - now)
            if wait == 0.0:
                for window in windows:
                    if window.remaining is not None and now < window.deadline:
                        window.remaining -= 1
        return wait + (C.RATE_LIMIT_PADDING if wait else 0.0)


def _key(namespace: str, scope: str) -> str:
    """Window key: "rest", "rest_user", "graphql", "graphql_user"."""
    return scope if namespace == "rest" else scope.replace("rest", namespace, 1)


def rate_limit_wait(
    headers: Mapping[str, str],
    content: bytes,
    retries_done: int,
    rand: Callable[[], float] = random.random,
) -> tuple[float, str | None, str]:
    """How long to wait after a 429, and for which scope.

    Order of evidence: the scope and ``reset`` named in the body; that scope's reset header;
    any reset header; ``Retry-After``; a "try again in N seconds" message; then backoff.
    Returns (seconds, scope, where the number came from).
    """
    scope: str | None = None
    body: object = None
    try:
        body = json.loads(content) if content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        raw_scope = body.get("scope")
        scope = raw_scope if isinstance(raw_scope, str) else None
        reset = body.get("reset")
        if isinstance(reset, int | float) and not isinstance(reset, bool) and reset >= 0:
            return float(reset) + C.RATE_LIMIT_PADDING, scope, "body"
    if scope is not None:
        prefix = "ratelimit-user-" if scope == "rest_user" else "ratelimit-"
        reset_header = _num(headers.get(prefix + "reset"))
        if reset_header is not None:
            return reset_header + C.RATE_LIMIT_PADDING, scope, "scope header"
    resets = []
    for prefix, name in _HEADER_SCOPES.items():
        remaining = _num(headers.get(prefix + "remaining"))
        reset_header = _num(headers.get(prefix + "reset"))
        if reset_header is not None and (remaining is None or remaining <= 0):
            resets.append((reset_header, name))
    if resets:
        value, name = max(resets)
        return value + C.RATE_LIMIT_PADDING, scope or name, "header"
    retry_after = _num(headers.get("retry-after"))
    if retry_after is not None:
        return retry_after, scope, "retry-after"
    if isinstance(body, dict):
        for err in body.get("errors") or []:
            match = _TRY_AGAIN.search(str(err.get("message", "")) if isinstance(err, dict) else "")
            if match:
                return float(match.group(1)) + C.RATE_LIMIT_PADDING, scope, "message"
        match = _TRY_AGAIN.search(str(body.get("message", "")))
        if match:
            return float(match.group(1)) + C.RATE_LIMIT_PADDING, scope, "message"
    return backoff_delay(retries_done, rand), scope, "backoff"
