"""Test Engine quarantine: skip, mute or re-enable a test, and list the muted and skipped ones.

Needs a Pro or Enterprise plan and test state management enabled for the suite.
"""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from ..types.test_engine import Test

__all__ = ["AsyncTestEngineQuarantine", "TestEngineQuarantine"]


def _tests(org: str, suite: str) -> str:
    return path("/v2/analytics/organizations/{}/suites/{}/tests", org, suite)


def _set_state(
    org: str, suite: str, test_id: str, action: str, options: RequestOptions
) -> APIRequest[Test]:
    route = _tests(org, suite) + "/" + path("{}", test_id) + "/" + action
    return api_request("PUT", route, cast=Test, options=options)


def _listing(
    org: str, suite: str, which: str, options: RequestOptions, *, per_page: int | None,
    limit: int | None,
) -> APIRequest[Test]:  # fmt: skip
    # The docs leave pagination unsaid; page style follows Link headers if there are any.
    return api_request(
        "GET", _tests(org, suite) + "/" + which, cast=Test, options=options, paginate="page",
        per_page=per_page, limit=limit,
    )  # fmt: skip


class _TestEngineQuarantineEndpoints:
    @endpoint
    def skip(
        self, org: str, suite: str, test_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Test]:
        """Skip a test: it no longer runs.

        PUT /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/{test.id}/skip
        """
        return _set_state(org, suite, test_id, "skip", options)

    @endpoint
    def mute(
        self, org: str, suite: str, test_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Test]:
        """Mute a test: it still runs, but its failures no longer fail builds.

        PUT /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/{test.id}/mute
        """
        return _set_state(org, suite, test_id, "mute", options)

    @endpoint
    def enable(
        self, org: str, suite: str, test_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Test]:
        """Take a test out of quarantine.

        PUT /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/{test.id}/enable
        """
        return _set_state(org, suite, test_id, "enable", options)

    @paginated
    def list_muted(
        self,
        org: str,
        suite: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Test]:
        """List a suite's muted tests.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/muted
        """
        return _listing(org, suite, "muted", options, per_page=per_page, limit=limit)

    @paginated
    def list_skipped(
        self,
        org: str,
        suite: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Test]:
        """List a suite's skipped tests.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/skipped
        """
        return _listing(org, suite, "skipped", options, per_page=per_page, limit=limit)


class TestEngineQuarantine(_TestEngineQuarantineEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineQuarantine(_TestEngineQuarantineEndpoints, AsyncAPIResource):
    pass
