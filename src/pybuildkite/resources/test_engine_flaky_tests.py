"""Test Engine flaky tests: the legacy, deprecated listing.

Deprecated by Buildkite: use ``client.test_engine_tests.list(org, suite, label="flaky")``.
"""

from __future__ import annotations

import warnings
from typing import Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, paginated
from .._types import RequestOptions
from .._validate import check_choices, check_str
from ..types.test_engine import FlakyTest

__all__ = ["AsyncTestEngineFlakyTests", "TestEngineFlakyTests"]

_PERIODS = ("1hour", "4hours", "1day", "7days", "14days", "28days")


class _TestEngineFlakyTestsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        suite: str,
        *,
        search: str | None = None,
        branch: str | None = None,
        period: Literal["1hour", "4hours", "1day", "7days", "14days", "28days"] | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[FlakyTest]:
        """List a suite's flaky tests. Deprecated: use ``test_engine_tests.list(label="flaky")``.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/flaky-tests

        ``search`` matches names and scopes; ``period`` defaults to ``7days`` on the server.
        """
        # Frames: the caller, the bound method, this function.
        warnings.warn(
            "the flaky-tests endpoint is deprecated by Buildkite; use "
            "client.test_engine_tests.list(org, suite, label='flaky')",
            DeprecationWarning,
            stacklevel=3,
        )
        if period is not None:
            check_choices(check_str(period, "period"), "period", _PERIODS)
        query = {
            "search": check_str(search, "search"),
            "branch": check_str(branch, "branch"),
            "period": period,
        }
        return api_request(
            "GET", path("/v2/analytics/organizations/{}/suites/{}/flaky-tests", org, suite),
            cast=FlakyTest, query=query, options=options, paginate="page", per_page=per_page,
            limit=limit, concurrency=concurrency,
        )  # fmt: skip


class TestEngineFlakyTests(_TestEngineFlakyTestsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineFlakyTests(_TestEngineFlakyTestsEndpoints, AsyncAPIResource):
    pass
