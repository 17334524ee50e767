"""Retry decisions as pure functions, so they can be tested without a network or a clock.

The rule: GET, HEAD, PUT and DELETE retry on connection errors, timeouts, truncated bodies and
408/429/5xx. POST and PATCH are retried only when the request provably never reached the server
(it failed while connecting, or waiting for a pooled connection) or when the server answered 429
(a rate-limited request was not processed). That way a create is never sent twice.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from . import _constants as C

__all__ = [
    "Failure",
    "RetryDecision",
    "backoff_delay",
    "classify_exception",
    "decide_retry",
    "underlying_error",
]


class Failure(enum.Enum):
    """What went wrong with an attempt, as far as retrying is concerned."""

    NOT_SENT = (
        "not_sent"  # connect error, connect timeout, pool timeout: nothing reached the server
    )
    TIMEOUT = "timeout"  # read or write timed out after the request may have been received
    NETWORK = "network"  # reset, truncated body, protocol error after sending
    STATUS = "status"  # the server answered with a status


#: aiohttp errors that really are raised before a request is written.
_AIOHTTP_CONNECT_ERRORS = frozenset(
    {"ClientConnectorError", "ClientConnectorDNSError", "ClientConnectorSSLError",
     "ClientConnectorCertificateError", "ClientProxyConnectionError", "ConnectionTimeoutError"}
)  # fmt: skip


def underlying_error(exc: BaseException) -> BaseException:
    """The aiohttp error an httpx error was mapped from, if any, else ``exc`` itself."""
    cause = exc.__cause__
    if cause is not None and type(cause).__module__.startswith("aiohttp"):
        return cause
    return exc


def _sent_through_aiohttp(exc: BaseException) -> bool:
    """The aiohttp transport reports a server that hung up mid-response as ConnectTimeout;
    look at the aiohttp error underneath so a POST is not mistaken for one never sent."""
    cause = underlying_error(exc)
    return cause is not exc and type(cause).__name__ not in _AIOHTTP_CONNECT_ERRORS


def classify_exception(exc: httpx.TransportError) -> Failure:
    """Map an httpx transport error to what it means for a retry."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.NETWORK if _sent_through_aiohttp(exc) else Failure.NOT_SENT
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    return Failure.NETWORK


@dataclass(frozen=True, slots=True)
class RetryDecision:
    retry: bool
    delay: float = 0.0
    reason: str = ""


def backoff_delay(retries_done: int, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with jitter: ``min(cap, initial * 2**n)``, scaled into (50%, 100%]."""
    base = min(C.MAX_RETRY_DELAY, C.INITIAL_RETRY_DELAY * (2**retries_done))
    return float(base * (1.0 - 0.5 * rand()))


def decide_retry(
    method: str,
    retries_done: int,
    max_retries: int,
    *,
    failure: Failure,
    status: int | None = None,
    rand: Callable[[], float] = random.random,
) -> RetryDecision:
    """Decide whether to retry a failed attempt (429s are handled by the rate limiter)."""
    if retries_done >= max_retries:
        return RetryDecision(False, reason="retries exhausted")
    idempotent = method.upper() in C.IDEMPOTENT_METHODS
    if failure is Failure.STATUS:
        if status is None or status not in C.RETRYABLE_STATUSES:
            return RetryDecision(False, reason=f"status {status} is final")
        if not idempotent and status != 429:
            return RetryDecision(False, reason=f"{method} is not retried on {status}")
        return RetryDecision(True, backoff_delay(retries_done, rand), f"status {status}")
    if failure is Failure.NOT_SENT:
        return RetryDecision(True, backoff_delay(retries_done, rand), "request was not sent")
    if not idempotent:
        return RetryDecision(False, reason=f"{method} may have reached the server")
    return RetryDecision(True, backoff_delay(retries_done, rand), failure.value)
