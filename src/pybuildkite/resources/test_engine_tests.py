"""Test Engine tests: list with filters, get, find by scope and name, add or remove labels.

Test Engine filters are single comma-separated values with operators: ``!`` negates, a
trailing ``*`` matches a prefix, and for the ``result`` tag ``~`` (group contains) and ``^``
(group only). Pass either the raw string (``labels="flaky,!slow"``) or a list
(``labels=["flaky", "!slow"]``); ``tags`` also takes a mapping (``{"scm.branch": "main*"}``).

Responses follow the ``Buildkite-Version`` request header, sent as ``version="YYYY-MM-DD"``:
from ``2026-08-01`` on (:data:`~pybuildkite.types.test_engine.METRICS_VERSION`), tests carry
metrics (reliability, durations, execution counts); without it the legacy shape comes back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_choices, check_str, one_or_many
from ..types.test_engine import TEST_SORT_FIELDS, TEST_STATES, Test, TestState

__all__ = ["AsyncTestEngineTests", "TestEngineTests", "filter_query", "version_header"]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RESULT_ONLY_OPERATORS = ("~", "^")

SortBy = Literal["duration_avg", "duration_sum", "duration_min", "duration_max", "reliability"]
Tags = str | Mapping[str, str] | Sequence[str]


def version_header(version: str | dt.date | None) -> dict[str, str]:
    """The ``Buildkite-Version`` header, checked here so a malformed date never reaches the API."""
    if version is None:
        return {}
    if isinstance(version, dt.datetime):
        raise TypeError("version must be a date or a 'YYYY-MM-DD' string, not a datetime")
    if isinstance(version, dt.date):
        return {"Buildkite-Version": version.isoformat()}
    if not isinstance(version, str):
        raise TypeError(f"version must be a 'YYYY-MM-DD' string, not {type(version).__name__}")
    if not _DATE.fullmatch(version):
        raise ValueError(f"version must be a date in YYYY-MM-DD format, got {version!r}")
    try:
        dt.date.fromisoformat(version)
    except ValueError:
        raise ValueError(f"version {version!r} is not a calendar date") from None
    return {"Buildkite-Version": version}


def _comma_list(value: str | Sequence[str] | None, name: str) -> str | None:
    checked = one_or_many(value, name)
    if checked is None or isinstance(checked, str):
        return checked  # a string is already the wire form
    for item in checked:
        if "," in item:
            raise ValueError(f"{name} items must not contain commas, got {item!r}")
        if item == "!":
            raise ValueError(f"{name} items need a value after '!'")
    return ",".join(checked) if checked else None


def _tags(tags: Tags | None) -> str | None:
    if tags is None or isinstance(tags, str):
        return check_str(tags, "tags")
    if isinstance(tags, Mapping):
        for key, value in tags.items():
            check_str(key, "tags keys")
            check_str(value, f"tags[{key!r}]")
        items = [f"{key}:{value}" for key, value in tags.items()]
    else:
        items = [check_str(item, "tags items") or "" for item in tags]
    for item in items:
        key, sep, value = item.partition(":")
        if not sep or not key or not value:
            raise ValueError(f"tags items must be 'key:value', got {item!r}")
        if value.startswith(_RESULT_ONLY_OPERATORS) and key != "result":
            raise ValueError(f"the '~' and '^' operators apply only to the result tag: {item!r}")
    return _comma_list(items, "tags")


def filter_query(
    *,
    labels: str | Sequence[str] | None,
    branch: str | None,
    owners: str | Sequence[str] | None,
    state: str | None,
    tags: Tags | None,
    sort_by: str | None,
    order: str | None,
) -> dict[str, Any]:
    """The filters the suite and build test listings share."""
    if state is not None:
        check_choices(check_str(state, "state"), "state", TEST_STATES)
    if sort_by is not None:
        check_choices(check_str(sort_by, "sort_by"), "sort_by", TEST_SORT_FIELDS)
    if order is not None:
        check_choices(check_str(order, "order"), "order", ("asc", "desc"))
    return {
        "labels": _comma_list(labels, "labels"),
        "branch": check_str(branch, "branch"),
        "owners": _comma_list(owners, "owners"),
        "state": state,
        "tags": _tags(tags),
        "sort_by": sort_by,
        "order": order,
    }


def _window(
    period: str | None, min_timestamp: dt.datetime | None, max_timestamp: dt.datetime | None
) -> dict[str, Any]:
    if period is not None and (min_timestamp is not None or max_timestamp is not None):
        raise ValueError("pass either period or min_timestamp/max_timestamp, not both")
    for name, value in (("min_timestamp", min_timestamp), ("max_timestamp", max_timestamp)):
        if value is not None and not isinstance(value, dt.datetime):
            raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    return {
        "period": check_str(period, "period"),
        "min_timestamp": min_timestamp,
        "max_timestamp": max_timestamp,
    }


def _tests(org: str, suite: str) -> str:
    return path("/v2/analytics/organizations/{}/suites/{}/tests", org, suite)


class _TestEngineTestsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        suite: str,
        *,
        labels: str | Sequence[str] | None = None,
        label: str | None = None,
        branch: str | None = None,
        owners: str | Sequence[str] | None = None,
        state: TestState | None = None,
        tags: Tags | None = None,
        sort_by: SortBy | None = None,
        order: Literal["asc", "desc"] | None = None,
        period: str | None = None,
        min_timestamp: dt.datetime | None = None,
        max_timestamp: dt.datetime | None = None,
        version: str | dt.date | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Test]:
        """List a suite's tests.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests

        ``label="flaky"`` (the legacy single-label filter) lists flaky tests. ``period``
        (``"7days"``, ``"28days"``...) needs ``version`` 2026-08-01 or later.
        """
        query = filter_query(labels=labels, branch=branch, owners=owners, state=state,
                             tags=tags, sort_by=sort_by, order=order)  # fmt: skip
        query["label"] = check_str(label, "label")
        query.update(_window(period, min_timestamp, max_timestamp))
        return api_request(
            "GET", _tests(org, suite), cast=Test, query=query, headers=version_header(version),
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self,
        org: str,
        suite: str,
        test_id: str,
        *,
        period: str | None = None,
        min_timestamp: dt.datetime | None = None,
        max_timestamp: dt.datetime | None = None,
        version: str | dt.date | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Test]:
        """Get a test.

        GET /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/{test.id}
        """
        return api_request(
            "GET", _tests(org, suite) + "/" + path("{}", test_id), cast=Test,
            query=_window(period, min_timestamp, max_timestamp),
            headers=version_header(version), options=options,
        )  # fmt: skip

    @endpoint
    def find(
        self, org: str, suite: str, *, scope: str, name: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Test]:
        """Find a test by its scope and name (a read, though it is a POST).

        POST /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/find
        """
        body = {"scope": check_str(scope, "scope"), "name": check_str(name, "name")}
        return api_request(
            "POST", _tests(org, suite) + "/find", cast=Test, body=body, options=options
        )

    @endpoint
    def update_labels(
        self,
        org: str,
        suite: str,
        test_id: str,
        *,
        operator: Literal["add", "remove"],
        labels: Sequence[str],
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Test]:
        """Add labels to a test or remove them from it.

        PATCH /v2/analytics/organizations/{org.slug}/suites/{suite.slug}/tests/{test.id}/labels
        """
        check_choices(check_str(operator, "operator"), "operator", ("add", "remove"))
        if isinstance(labels, str):
            raise TypeError("labels must be a list of str")
        checked = one_or_many(labels, "labels")
        if not checked:
            raise ValueError("labels must name at least one label")
        return api_request(
            "PATCH", _tests(org, suite) + "/" + path("{}/labels", test_id), cast=Test,
            body={"operator": operator, "labels": checked}, options=options,
        )  # fmt: skip


class TestEngineTests(_TestEngineTestsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineTests(_TestEngineTestsEndpoints, AsyncAPIResource):
    pass
