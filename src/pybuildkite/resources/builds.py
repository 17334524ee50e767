"""Builds: list (everywhere, an organization, a pipeline), get, create, cancel, rebuild,
retry failed jobs, and ``wait()`` for a build to finish."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Mapping, Sequence
from typing import Any, Unpack

from .. import _constants as C
from .._encoding import path
from .._exceptions import APITimeoutError
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_bool, check_choices, check_int, check_str, one_or_many
from ..types.builds import BUILD_STATE_FILTERS, Build, RetryFailedJobsResult

__all__ = ["AsyncBuilds", "Builds"]

_RETRY_STATES = frozenset({"canceled", "expired", "failed", "soft_failed", "timed_out"})


def _filters(
    state: Any,
    branch: Any,
    commit: Any,
    created_from: dt.datetime | None,
    created_to: dt.datetime | None,
    finished_from: dt.datetime | None,
    creator: str | None,
    meta_data: Mapping[str, str] | None,
    include_retried_jobs: bool | None,
    exclude_jobs: bool | None,
    exclude_pipeline: bool | None,
) -> dict[str, Any]:
    for name, value in (("created_from", created_from), ("created_to", created_to),
                        ("finished_from", finished_from)):  # fmt: skip
        if value is not None and not isinstance(value, dt.datetime):
            raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if meta_data is not None and not isinstance(meta_data, Mapping):
        raise TypeError("meta_data must be a mapping of str to str")
    states = check_choices(state, "state", BUILD_STATE_FILTERS)
    return {
        # Always the array form: it is what the docs show, and one value or many look alike.
        "state[]": [states] if isinstance(states, str) else states,
        "branch[]": _as_list(one_or_many(branch, "branch")),
        "commit[]": _as_list(one_or_many(commit, "commit")),
        "created_from": created_from,
        "created_to": created_to,
        "finished_from": finished_from,
        "creator": check_str(creator, "creator"),
        "meta_data": dict(meta_data) if meta_data else None,
        "include_retried_jobs": check_bool(include_retried_jobs, "include_retried_jobs"),
        "exclude_jobs": check_bool(exclude_jobs, "exclude_jobs"),
        "exclude_pipeline": check_bool(exclude_pipeline, "exclude_pipeline"),
    }


def _as_list(value: list[str] | str | None) -> list[str] | None:
    return [value] if isinstance(value, str) else value


class _BuildsEndpoints:
    @paginated
    def list(
        self,
        org: str | None = None,
        pipeline: str | None = None,
        *,
        state: str | Sequence[str] | None = None,
        branch: str | Sequence[str] | None = None,
        commit: str | Sequence[str] | None = None,
        created_from: dt.datetime | None = None,
        created_to: dt.datetime | None = None,
        finished_from: dt.datetime | None = None,
        creator: str | None = None,
        meta_data: Mapping[str, str] | None = None,
        include_retried_jobs: bool | None = None,
        exclude_jobs: bool | None = None,
        exclude_pipeline: bool | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Build]:
        """List builds, newest first: everywhere, for an organization, or for one pipeline.

        GET /v2/builds
        GET /v2/organizations/{org.slug}/builds
        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds

        ``state`` takes build states or ``"finished"``; ``branch`` accepts ``*`` wildcards.
        """
        if org is None:
            if pipeline is not None:
                raise ValueError("pipeline needs org")
            route = "/v2/builds"
        elif pipeline is None:
            route = path("/v2/organizations/{}/builds", org)
        else:
            route = path("/v2/organizations/{}/pipelines/{}/builds", org, pipeline)
        query = _filters(
            state, branch, commit, created_from, created_to, finished_from, creator,
            meta_data, include_retried_jobs, exclude_jobs, exclude_pipeline,
        )  # fmt: skip
        return api_request(
            "GET", route, cast=Build, query=query, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self,
        org: str,
        pipeline: str,
        number: int,
        *,
        include_retried_jobs: bool | None = None,
        include_test_engine: bool | None = None,
        exclude_jobs: bool | None = None,
        exclude_pipeline: bool | None = None,
        job_states: str | Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Build]:
        """Get a build by its number.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}
        """
        query = {
            "include_retried_jobs": check_bool(include_retried_jobs, "include_retried_jobs"),
            "include_test_engine": check_bool(include_test_engine, "include_test_engine"),
            "exclude_jobs": check_bool(exclude_jobs, "exclude_jobs"),
            "exclude_pipeline": check_bool(exclude_pipeline, "exclude_pipeline"),
            "job_states[]": _as_list(one_or_many(job_states, "job_states")),
        }
        return api_request(
            "GET", path("/v2/organizations/{}/pipelines/{}/builds/{}", org, pipeline, _number(number)),
            cast=Build, query=query, options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        pipeline: str,
        *,
        commit: str,
        branch: str,
        message: str | NotGiven = NOT_GIVEN,
        author: Mapping[str, str] | NotGiven = NOT_GIVEN,
        env: Mapping[str, str] | NotGiven = NOT_GIVEN,
        meta_data: Mapping[str, str] | NotGiven = NOT_GIVEN,
        clean_checkout: bool | NotGiven = NOT_GIVEN,
        ignore_pipeline_branch_filters: bool | NotGiven = NOT_GIVEN,
        pull_request_base_branch: str | NotGiven = NOT_GIVEN,
        pull_request_id: int | NotGiven = NOT_GIVEN,
        pull_request_labels: Sequence[str] | NotGiven = NOT_GIVEN,
        pull_request_repository: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Build]:
        """Create (trigger) a build. Never retried once sent, so it is never created twice.

        POST /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds
        """
        check_str(commit, "commit")
        check_str(branch, "branch")
        body = {
            "commit": commit,
            "branch": branch,
            "message": message,
            "author": author,
            "env": env,
            "meta_data": meta_data,
            "clean_checkout": clean_checkout,
            "ignore_pipeline_branch_filters": ignore_pipeline_branch_filters,
            "pull_request_base_branch": pull_request_base_branch,
            "pull_request_id": pull_request_id,
            "pull_request_labels": pull_request_labels,
            "pull_request_repository": pull_request_repository,
        }
        return api_request(
            "POST", path("/v2/organizations/{}/pipelines/{}/builds", org, pipeline),
            cast=Build, body=body, options=options,
        )  # fmt: skip

    @endpoint
    def cancel(
        self, org: str, pipeline: str, number: int, **options: Unpack[RequestOptions]
    ) -> APIRequest[Build]:
        """Cancel a scheduled, running or failing build (422 otherwise).

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/cancel
        """
        return api_request(
            "PUT",
            path("/v2/organizations/{}/pipelines/{}/builds/{}/cancel", org, pipeline, _number(number)),
            cast=Build, options=options,
        )  # fmt: skip

    @endpoint
    def rebuild(
        self, org: str, pipeline: str, number: int, **options: Unpack[RequestOptions]
    ) -> APIRequest[Build]:
        """Rebuild a build; returns the new build.

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/rebuild
        """
        return api_request(
            "PUT",
            path("/v2/organizations/{}/pipelines/{}/builds/{}/rebuild", org, pipeline, _number(number)),
            cast=Build, options=options,
        )  # fmt: skip

    @endpoint
    def retry_failed_jobs(
        self,
        org: str,
        pipeline: str,
        number: int,
        *,
        states: Sequence[str] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[RetryFailedJobsResult]:
        """Retry the build's failed jobs (asynchronously: the server answers 202).

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/retry_failed_jobs
        """
        if not isinstance(states, NotGiven):
            checked = check_choices(list(states), "states", _RETRY_STATES)
            states = checked if isinstance(checked, list) else [checked or ""]
        return api_request(
            "PUT",
            path("/v2/organizations/{}/pipelines/{}/builds/{}/retry_failed_jobs", org, pipeline,
                 _number(number)),
            cast=RetryFailedJobsResult, body={"states": states}, options=options,
        )  # fmt: skip


def _number(number: Any) -> int:
    checked = check_int(number, "number", minimum=1)
    assert checked is not None
    return checked


def _check_wait(timeout: float) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    return float(timeout)


class Builds(_BuildsEndpoints, SyncAPIResource):
    def wait(
        self,
        org: str,
        pipeline: str,
        number: int,
        *,
        timeout: float = C.DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = C.WAIT_POLL_INITIAL,
    ) -> Build:
        """Poll a build, backing off, until it reaches a terminal state; return it.

        Raises :class:`~pybuildkite.APITimeoutError` when ``timeout`` seconds pass first.
        A blocked build counts as finished only once it is no longer waiting on a block step.
        """
        deadline = time.monotonic() + _check_wait(timeout)
        delay = poll_interval
        while True:
            build = self.get(org, pipeline, number, exclude_jobs=True)
            if build.finished:
                return build
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _wait_timeout(org, pipeline, number, build, timeout)
            self._pipeline.sleep(min(delay, remaining))
            delay = min(delay * C.WAIT_POLL_FACTOR, C.WAIT_POLL_MAX)


class AsyncBuilds(_BuildsEndpoints, AsyncAPIResource):
    async def wait(
        self,
        org: str,
        pipeline: str,
        number: int,
        *,
        timeout: float = C.DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = C.WAIT_POLL_INITIAL,
    ) -> Build:
        """Poll a build, backing off, until it reaches a terminal state; return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _check_wait(timeout)
        delay = poll_interval
        while True:
            build = await self.get(org, pipeline, number, exclude_jobs=True)
            if build.finished:
                return build
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise _wait_timeout(org, pipeline, number, build, timeout)
            await self._pipeline.sleep(min(delay, remaining))
            delay = min(delay * C.WAIT_POLL_FACTOR, C.WAIT_POLL_MAX)


def _wait_timeout(org: str, pipeline: str, number: int, build: Build, timeout: float) -> APITimeoutError:
    import httpx

    request = httpx.Request("GET", path("/v2/organizations/{}/pipelines/{}/builds/{}", org, pipeline, number))
    return APITimeoutError(
        f"build {org}/{pipeline}#{number} still {build.state} after {timeout:g}s", request=request
    )
