"""Rate-limit parsing, the 429 wait rule for each header form, and shared pacing."""

from __future__ import annotations

import json

import pytest

from pybuildkite import _constants as C
from pybuildkite._ratelimit import RateLimiter, rate_limit_wait

PAD = C.RATE_LIMIT_PADDING


def _body(**kw: object) -> bytes:
    return json.dumps(kw).encode()


def test_wait_uses_the_scope_and_reset_named_in_the_body() -> None:
    headers = {"ratelimit-reset": "5", "ratelimit-user-reset": "42", "retry-after": "1"}
    body = _body(message="...", scope="rest_user", limit=50, current=55, reset=42)
    assert rate_limit_wait(headers, body, 0) == (42 + PAD, "rest_user", "body")


def test_wait_uses_the_named_scope_header_when_the_body_has_no_reset() -> None:
    headers = {"ratelimit-reset": "5", "ratelimit-user-reset": "17"}
    assert rate_limit_wait(headers, _body(scope="rest_user"), 0) == (
        17 + PAD,
        "rest_user",
        "scope header",
    )
    assert rate_limit_wait(headers, _body(scope="rest"), 0) == (5 + PAD, "rest", "scope header")


def test_wait_uses_the_exhausted_window_from_headers() -> None:
    headers = {
        "ratelimit-remaining": "10", "ratelimit-reset": "5",
        "ratelimit-user-remaining": "0", "ratelimit-user-reset": "33",
    }  # fmt: skip
    assert rate_limit_wait(headers, b"", 0) == (33 + PAD, "rest_user", "header")


def test_wait_falls_back_to_retry_after_then_message_then_backoff() -> None:
    assert rate_limit_wait({"retry-after": "7"}, b"", 0) == (7.0, None, "retry-after")
    gql = _body(errors=[{"message": "Your organization has exceeded the limit of 20000 "
                         "complexity points. Please try again in 187 seconds."}])  # fmt: skip
    assert rate_limit_wait({}, gql, 0) == (187 + PAD, None, "message")
    delay, scope, source = rate_limit_wait({}, b"not json", 3)
    assert source == "backoff" and scope is None and 0 < delay <= C.MAX_RETRY_DELAY


def test_snapshot_reads_both_windows() -> None:
    limiter = RateLimiter()
    limiter.update(
        {
            "ratelimit-scope": "rest",
            "ratelimit-remaining": "150",
            "ratelimit-limit": "200",
            "ratelimit-reset": "30",
            "ratelimit-user-scope": "rest_user",
            "ratelimit-user-remaining": "40",
            "ratelimit-user-limit": "50",
            "ratelimit-user-reset": "12",
        }
    )
    snap = limiter.snapshot()
    assert snap.organization is not None and snap.user is not None
    assert (snap.organization.limit, snap.organization.remaining, snap.organization.reset) == (
        200,
        150,
        30,
    )
    assert (snap.user.scope, snap.user.limit, snap.user.remaining) == ("rest_user", 50, 40)
    assert snap["rest_user"] is snap.user
    assert snap.user.reset_at is not None


def test_pacing_waits_for_an_exhausted_window_and_counts_locally() -> None:
    limiter = RateLimiter()
    clock = [100.0]
    limiter._monotonic = lambda: clock[0]
    limiter.update({"ratelimit-user-remaining": "2", "ratelimit-user-reset": "10"})
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == 0.0
    # The two requests above used the window up; the third waits for it to turn over.
    assert limiter.reserve() == pytest.approx(10 + PAD)
    # A late response from before those requests must not hand the budget back.
    limiter.update({"ratelimit-user-remaining": "1", "ratelimit-user-reset": "9"})
    assert limiter.reserve() > 0
    clock[0] = 111.0
    assert limiter.reserve() == 0.0


def test_a_429_marks_its_scope_exhausted_for_everyone() -> None:
    limiter = RateLimiter()
    clock = [0.0]
    limiter._monotonic = lambda: clock[0]
    limiter.note_exhausted("rest", 20)
    assert limiter.reserve() == pytest.approx(20 + PAD)
    clock[0] = 21
    assert limiter.reserve() == 0.0


def test_graphql_points_and_rest_requests_are_separate_windows() -> None:
    limiter = RateLimiter()
    limiter.update({"ratelimit-remaining": "0", "ratelimit-reset": "187"}, "graphql")
    assert limiter.reserve("rest") == 0.0
    assert limiter.reserve("graphql") == pytest.approx(187 + PAD, abs=0.5)
    limiter.note_exhausted("rest", 30)
    snap = limiter.snapshot()
    assert snap.graphql is not None and snap.graphql.remaining == 0
    assert snap.organization is None
    assert limiter.reserve("rest") == pytest.approx(30 + PAD, abs=0.5)
