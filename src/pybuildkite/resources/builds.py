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
from .._validate import (
    FieldSpec,
    check_bool,
    check_choices,
    check_fields,
    check_str,
    one_or_many,
    require_positive_int,
    require_str,
)
from ..types.builds import BUILD_STATE_FILTERS, Build, RetryFailedJobsResult

__all__ = ["AsyncBuilds", "Builds"]

#: Body fields of ``create`` (the keyword names are the field names) and what they accept.
_CREATE_FIELDS: FieldSpec = {
    "commit": (str,),
    "branch": (str,),
    "message": (str,),
    "author": (dict,),
    "env": (dict,),
    "meta_data": (dict,),
    "clean_checkout": (bool,),
    "ignore_pipeline_branch_filters": (bool,),
    "pull_request_base_branch": (str,),
    "pull_request_id": (int,),
    "pull_request_labels": (list,),
    "pull_request_repository": (str,),
}
_RETRY_STATES = frozenset({"canceled", "expired", "failed", "soft_failed", "timed_out"})


def _flags(values: Mapping[str, Any], *names: str) -> dict[str, bool | None]:
    return {name: check_bool(values[name], name) for name in names}


def _filters(v: Mapping[str, Any]) -> dict[str, Any]:
    """The listing filters, from the keyword arguments of ``list`` (same names)."""
    for name in ("created_from", "created_to", "finished_from"):
        if v[name] is not None and not isinstance(v[name], dt.datetime):
            raise TypeError(f"{name} must be a datetime, not {type(v[name]).__name__}")
    meta_data = v["meta_data"]
    if meta_data is not None and (
        not isinstance(meta_data, Mapping)
        or not all(isinstance(k, str) and k and isinstance(x, str) for k, x in meta_data.items())
    ):
        raise TypeError("meta_data must be a mapping of non-empty str keys to str values")
    return {
        # Always the array form: it is what the docs show, and one value or many look alike.
        "state[]": _as_list(check_choices(v["state"], "state", BUILD_STATE_FILTERS)),
        "branch[]": _as_list(one_or_many(v["branch"], "branch")),
        "commit[]": _as_list(one_or_many(v["commit"], "commit")),
        "created_from": v["created_from"],
        "created_to": v["created_to"],
        "finished_from": v["finished_from"],
        "creator": check_str(v["creator"], "creator"),
        "meta_data": dict(meta_data) if meta_data else None,
        **_flags(v, "include_retried_jobs", "include_paused", "exclude_jobs", "exclude_pipeline"),
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
        include_paused: bool | None = None,
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

        ``state`` takes build states or ``"finished"`` (passed, failed, blocked or canceled);
        ``branch`` accepts ``*`` wildcards; ``commit`` takes full SHAs; datetimes must be
        timezone-aware. ``include_paused=False`` drops builds whose jobs all wait on paused
        queues.
        """
        if org is None:
            if pipeline is not None:
                raise ValueError("pipeline needs org")
            route = "/v2/builds"
        elif pipeline is None:
            route = path("/v2/organizations/{}/builds", org)
        else:
            route = path("/v2/organizations/{}/pipelines/{}/builds", org, pipeline)
        query = _filters(locals())
        # Newest first: builds created while the walk goes on would push older ones onto
        # later pages, so later pages are pinned to created_to of the first page's newest.
        return api_request(
            "GET", route, cast=Build, query=query, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency, stable_by="created_to",
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
            **_flags(locals(), "include_retried_jobs", "include_test_engine", "exclude_jobs",
                     "exclude_pipeline"),
            "job_states[]": _as_list(one_or_many(job_states, "job_states")),
        }  # fmt: skip
        return api_request(
            "GET", _build_path(org, pipeline, number),
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

        ``commit`` may be a SHA, a ref or ``HEAD``; ``author`` is ``{"name": ..., "email": ...}``
        (the token's user by default).
        """
        require_str(commit, "commit")
        require_str(branch, "branch")
        body = check_fields(locals(), _CREATE_FIELDS)
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
            _build_path(org, pipeline, number, "/cancel"),
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
            _build_path(org, pipeline, number, "/rebuild"),
            cast=Build, options=options,
        )  # fmt: skip

    @endpoint
    def retry_failed_jobs(
        self,
        org: str,
        pipeline: str,
        number: int,
        *,
        states: str | Sequence[str] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[RetryFailedJobsResult]:
        """Retry the build's failed jobs (asynchronously: the server answers 202).

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/retry_failed_jobs

        ``states`` narrows which jobs: canceled, expired, failed, soft_failed, timed_out
        (all of them when left out).
        """  # noqa: E501
        body: dict[str, Any] = {}
        if not isinstance(states, NotGiven):
            checked = check_choices(states, "states", _RETRY_STATES)
            # The API takes one comma-separated string.
            body["states"] = ",".join([checked] if isinstance(checked, str) else checked or [])
        return api_request(
            "PUT",
            _build_path(org, pipeline, number, "/retry_failed_jobs"),
            cast=RetryFailedJobsResult, body=body or None, options=options,
        )  # fmt: skip


def _build_path(org: str, pipeline: str, number: Any, suffix: str = "") -> str:
    template = "/v2/organizations/{}/pipelines/{}/builds/{}" + suffix
    return path(template, org, pipeline, build_number(number))


def build_number(number: Any) -> int:
    """Builds are addressed by their number within the pipeline, never by UUID."""
    return require_positive_int(number, "number")


def _check_wait(timeout: float, poll_interval: float) -> float:
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
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
        deadline = time.monotonic() + _check_wait(timeout, poll_interval)
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
        deadline = loop.time() + _check_wait(timeout, poll_interval)
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


def _wait_timeout(
    org: str, pipeline: str, number: int, build: Build, timeout: float
) -> APITimeoutError:
    import httpx

    # No request failed, but the error type expects one: name the build that was polled.
    request = httpx.Request("GET", _build_path(org, pipeline, number))
    return APITimeoutError(
        f"build {org}/{pipeline}#{number} still {build.state} after {timeout:g}s", request=request
    )
