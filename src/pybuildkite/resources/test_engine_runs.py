"""Test Engine runs: list a suite's runs, get one, and the data of its failed executions."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_bool, check_str
from ..types.test_engine import FailedExecution, Run

__all__ = ["AsyncTestEngineRuns", "TestEngineRuns"]


def _runs(org: str, suite: str) -> str:
    return path("/v2/analytics/organizations/{}/suites/{}/runs", org, suite)


class _TestEngineRunsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        suite: str,
        *,
        build_id: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Run]:
        """List a suite's runs; ``build_id`` (a build UUID) keeps one build's runs.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/runs
        """
        return api_request(
            "GET", _runs(org, suite), cast=Run, query={"build_id": check_str(build_id, "build_id")},
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, suite: str, run_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Run]:
        """Get a run.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/runs/{run.id}
        """
        return api_request(
            "GET", _runs(org, suite) + "/" + path("{}", run_id), cast=Run, options=options
        )

    @paginated
    def failed_executions(
        self,
        org: str,
        suite: str,
        run_id: str,
        *,
        include_failure_expanded: bool | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[FailedExecution]:
        """List a run's failed executions with their failure reasons.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/runs/{run.id}/failed_executions

        ``include_failure_expanded=True`` adds backtraces (``failure_expanded``).
        """  # noqa: E501
        query = {
            "include_failure_expanded": check_bool(
                include_failure_expanded, "include_failure_expanded"
            )
        }
        return api_request(
            "GET", _runs(org, suite) + "/" + path("{}/failed_executions", run_id),
            cast=FailedExecution, query=query, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip


class TestEngineRuns(_TestEngineRunsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineRuns(_TestEngineRunsEndpoints, AsyncAPIResource):
    pass
