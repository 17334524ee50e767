"""The retry rule is a pure function: the whole matrix, and the delays pinned."""

from __future__ import annotations

import httpx
import pytest

from pybuildkite import _constants as C
from pybuildkite._retry import Failure, backoff_delay, classify_exception, decide_retry

METHODS = ["GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"]
IDEMPOTENT = {"GET", "HEAD", "PUT", "DELETE"}
REQ = httpx.Request("GET", "https://api.buildkite.com/v2/user")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses(method: str, status: int) -> None:
    decision = decide_retry(method, 0, 2, failure=Failure.STATUS, status=status, rand=lambda: 0)
    expected = method in IDEMPOTENT or status == 429
    assert decision.retry is expected


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 416, 422, 501])
def test_final_statuses_are_never_retried(method: str, status: int) -> None:
    assert not decide_retry(method, 0, 2, failure=Failure.STATUS, status=status).retry


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("exc", "reached_server"),
    [
        (httpx.ConnectError("refused", request=REQ), False),
        (httpx.ConnectTimeout("slow", request=REQ), False),
        (httpx.PoolTimeout("busy", request=REQ), False),
        (httpx.ReadTimeout("slow", request=REQ), True),
        (httpx.WriteTimeout("slow", request=REQ), True),
        (httpx.ReadError("reset", request=REQ), True),
        (httpx.RemoteProtocolError("truncated", request=REQ), True),
    ],
)
def test_transport_errors(method: str, exc: httpx.TransportError, reached_server: bool) -> None:
    decision = decide_retry(method, 0, 2, failure=classify_exception(exc))
    # A create that may have reached the server is never sent again.
    assert decision.retry is (method in IDEMPOTENT or not reached_server)


def test_retries_stop_at_max() -> None:
    assert decide_retry("GET", 1, 2, failure=Failure.NETWORK).retry
    assert not decide_retry("GET", 2, 2, failure=Failure.NETWORK).retry
    assert not decide_retry("GET", 0, 0, failure=Failure.NETWORK).retry


def test_backoff_delays_are_pinned() -> None:
    # Upper bound (rand=0) doubles from INITIAL_RETRY_DELAY and is capped at MAX_RETRY_DELAY.
    assert [backoff_delay(n, lambda: 0.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    # Jitter keeps at least half of the delay.
    assert [backoff_delay(n, lambda: 1.0) for n in range(3)] == [0.25, 0.5, 1.0]


def test_constants_quoted_in_docs_are_pinned() -> None:
    assert C.DEFAULT_MAX_RETRIES == 2
    assert C.DEFAULT_PER_PAGE == 100
    assert C.MAX_PER_PAGE == 100
    assert C.DEFAULT_MAX_RATE_LIMIT_WAIT >= 300
    assert C.DEFAULT_TIMEOUT.read == 30.0 and C.DEFAULT_TIMEOUT.connect == 10.0
    assert 4 <= C.DEFAULT_PAGE_CONCURRENCY <= 8
