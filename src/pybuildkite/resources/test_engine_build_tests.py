"""Test Engine build tests: the tests of one build, with metrics for that build's window."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, paginated
from .._types import RequestOptions
from ..types.test_engine import Test, TestState
from .test_engine_tests import SortBy, Tags, filter_query, version_header

__all__ = ["AsyncTestEngineBuildTests", "TestEngineBuildTests"]


def _build_uuid(build_id: object) -> str:
    if isinstance(build_id, bool) or not isinstance(build_id, str):
        raise TypeError(
            f"build_id must be the build's UUID as a str (not its number), "
            f"got {type(build_id).__name__}"
        )
    try:
        uuid.UUID(build_id)
    except ValueError:
        raise ValueError(f"build_id must be the build's UUID, got {build_id!r}") from None
    return build_id


class _TestEngineBuildTestsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        build_id: str,
        *,
        labels: str | Sequence[str] | None = None,
        branch: str | None = None,
        owners: str | Sequence[str] | None = None,
        state: TestState | None = None,
        tags: Tags | None = None,
        sort_by: SortBy | None = None,
        order: Literal["asc", "desc"] | None = None,
        version: str | dt.date | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Test]:
        """List the tests of a build, addressed by its UUID (``build.id``), not its number.

        GET /v2/analytics/organizations/{org.slug}/builds/{build.id}/tests

        Filters work as in ``test_engine_tests.list``; metrics cover the build's lifetime.
        """
        query = filter_query(labels=labels, branch=branch, owners=owners, state=state,
                             tags=tags, sort_by=sort_by, order=order)  # fmt: skip
        route = path("/v2/analytics/organizations/{}/builds/{}/tests", org, _build_uuid(build_id))
        return api_request(
            "GET", route, cast=Test, query=query, headers=version_header(version), options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip


class TestEngineBuildTests(_TestEngineBuildTestsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineBuildTests(_TestEngineBuildTestsEndpoints, AsyncAPIResource):
    pass
