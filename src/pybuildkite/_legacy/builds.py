"""Builds (1.x ``pybuildkite.builds``)."""

# 1.x's methods take their arguments positionally; their signatures are kept as they were.
# ruff: noqa: PLR0917

from __future__ import annotations

import datetime
from collections.abc import Mapping
from enum import Enum
from typing import Any

from ._base import Resource
from .exceptions import BuildStateNotAList, NotValidBuildState, NotValidDateTime

__all__ = ["BuildQueryParams", "BuildState", "Builds"]

_PIPELINE_BUILDS = "organizations/{}/pipelines/{}/builds"


class BuildState(Enum):
    """Valid build states.

    ``FINISHED`` is a shortcut that matches passed, failed, blocked and canceled builds.
    """

    RUNNING = "running"
    SCHEDULED = "scheduled"
    PASSED = "passed"
    FAILING = "failing"
    FAILED = "failed"
    BLOCKED = "blocked"
    CANCELED = "canceled"
    CANCELING = "canceling"
    SKIPPED = "skipped"
    NOT_RUN = "not_run"
    FINISHED = "finished"
    CREATING = "creating"


class BuildQueryParams(Enum):
    """Query parameters for listing builds."""

    CREATOR = "creator"
    CREATED_FROM = "created_from"
    CREATED_TO = "created_to"
    FINISHED_FROM = "finished_from"
    STATE = "state"
    META_DATA = "meta_data"
    BRANCH = "branch"
    COMMIT = "commit"


def _filters(
    creator: str | None,
    created_from: datetime.date | None,
    created_to: datetime.date | None,
    finished_from: datetime.date | None,
    states: list[BuildState],
    meta_data: Mapping[str, Any] | None,
    branch: str | list[str] | None,
    commit: str | None,
    include_retried_jobs: bool | None,
    page: int,
) -> dict[str, Any]:
    """Check the 1.x build filters and turn them into query parameters.

    One state is sent as ``state=``, several as ``state[]=``; a branch string as ``branch=``, a
    list as ``branch[]=``; datetimes in UTC.
    """
    for date in (created_from, created_to, finished_from):
        if date is not None and not isinstance(date, datetime.date):
            raise NotValidDateTime
    if not isinstance(states, list):
        raise BuildStateNotAList
    if not all(isinstance(state, BuildState) for state in states):
        raise NotValidBuildState
    return {
        "creator": creator,
        "created_from": created_from,
        "created_to": created_to,
        "finished_from": finished_from,
        "state": (states[0] if len(states) == 1 else states) or None,
        "branch": branch or None,
        "commit": commit,
        "include_retried_jobs": True if include_retried_jobs is True else None,
        "page": page,
        "meta_data": meta_data or None,
    }


class Builds(Resource):
    """Build operations for the Buildkite API."""

    def list_all(
        self,
        creator: str | None = None,
        created_from: datetime.date | None = None,
        created_to: datetime.date | None = None,
        finished_from: datetime.date | None = None,
        states: list[BuildState] = [],  # noqa: B006 (1.x's default, never mutated)
        meta_data: Mapping[str, Any] | None = None,
        branch: str | list[str] | None = None,
        commit: str | None = None,
        include_retried_jobs: bool | None = None,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of all builds across all the user's organizations.

        :param creator: Filters the results by the user (UUID) who created the build
        :param created_from: builds created on or after this date or datetime
        :param created_to: builds created before this date or datetime
        :param finished_from: builds finished on or after this date or datetime
        :param states: Filters the results by build states [List of BuildState]
        :param meta_data: Filters the results by the given meta_data (``meta_data[key]=value``)
        :param branch: Filters the results by the given branch or branches
        :param commit: Filters the results by the commit (full sha)
        :param include_retried_jobs: Include all retried job executions if True
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        query = _filters(
            creator, created_from, created_to, finished_from, states, meta_data, branch,
            commit, include_retried_jobs, page,
        )  # fmt: skip
        return self.client.get(self._url("builds"), query, with_pagination=with_pagination)

    def list_all_for_org(
        self,
        organization: str,
        creator: str | None = None,
        created_from: datetime.date | None = None,
        created_to: datetime.date | None = None,
        finished_from: datetime.date | None = None,
        states: list[BuildState] = [],  # noqa: B006 (1.x's default, never mutated)
        meta_data: Mapping[str, Any] | None = None,
        branch: str | list[str] | None = None,
        commit: str | None = None,
        include_retried_jobs: bool | None = None,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of an organization's builds (filters as ``list_all``).

        :param organization: Organization slug
        """
        query = _filters(
            creator, created_from, created_to, finished_from, states, meta_data, branch,
            commit, include_retried_jobs, page,
        )  # fmt: skip
        return self.client.get(
            self._url("organizations/{}/builds", organization),
            query,
            with_pagination=with_pagination,
        )

    def list_all_for_pipeline(
        self,
        organization: str,
        pipeline: str,
        creator: str | None = None,
        created_from: datetime.date | None = None,
        created_to: datetime.date | None = None,
        finished_from: datetime.date | None = None,
        states: list[BuildState] = [],  # noqa: B006 (1.x's default, never mutated)
        meta_data: Mapping[str, Any] | None = None,
        branch: str | list[str] | None = None,
        commit: str | None = None,
        include_retried_jobs: bool | None = None,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of a pipeline's builds (filters as ``list_all``).

        :param organization: Organization slug
        :param pipeline: Pipeline slug
        """
        query = _filters(
            creator, created_from, created_to, finished_from, states, meta_data, branch,
            commit, include_retried_jobs, page,
        )  # fmt: skip
        return self.client.get(
            self._url(_PIPELINE_BUILDS, organization, pipeline),
            query,
            with_pagination=with_pagination,
        )

    def get_build_by_number(
        self,
        organization: str,
        pipeline: str,
        build_number: int | str,
        include_retried_jobs: bool | None = None,
    ) -> Any:
        """Get a build by its number.

        :param include_retried_jobs: Include all retried job executions if True
        """
        return self.client.get(
            self._url(_PIPELINE_BUILDS + "/{}", organization, pipeline, build_number),
            query_params={"include_retried_jobs": True if include_retried_jobs is True else None},
        )

    def create_build(
        self,
        organization: str,
        pipeline: str,
        commit: str,
        branch: str,
        author: dict[str, str] | None = None,
        clean_checkout: bool | None = None,
        env: dict[str, str] | None = None,
        ignore_pipeline_branch_filters: bool | None = None,
        message: str | None = None,
        meta_data: dict[str, str] | None = None,
        pull_request_base_branch: str | None = None,
        pull_request_id: int | None = None,
        pull_request_repository: str | None = None,
        pull_request_labels: list[str] | None = None,
    ) -> Any:
        """Create a build; returns the build.

        :param commit: Commit to build (e.g. ``HEAD``)
        :param branch: Branch to build
        :param author: ``{"name": ..., "email": ...}``
        :param clean_checkout: Boolean to perform a clean checkout
        :param env: Any ENV variables for the build
        :param ignore_pipeline_branch_filters: Boolean to ignore any branch filtering
        :param message: Message of the build
        :param meta_data: Meta data for the build
        :param pull_request_base_branch: Base branch of a PR build
        :param pull_request_id: ID for a PR build
        :param pull_request_repository: Repository for a PR build
        :param pull_request_labels: List of labels assigned to the pull request
        """
        body = {
            "commit": commit,
            "branch": branch,
            "author": author,
            "clean_checkout": clean_checkout,
            "env": env,
            "ignore_pipeline_branch_filters": ignore_pipeline_branch_filters,
            "message": message,
            "meta_data": meta_data,
            "pull_request_base_branch": pull_request_base_branch,
            "pull_request_id": pull_request_id,
            "pull_request_repository": pull_request_repository,
            "pull_request_labels": pull_request_labels,
        }
        return self.client.post(self._url(_PIPELINE_BUILDS, organization, pipeline), body)

    def cancel_build(self, organization: str, pipeline: str, build_number: int | str) -> Any:
        """Cancel a build; returns the build."""
        return self.client.put(
            self._url(_PIPELINE_BUILDS + "/{}/cancel", organization, pipeline, build_number)
        )

    def rebuild_build(self, organization: str, pipeline: str, build_number: int | str) -> Any:
        """Rebuild a build; returns the new build."""
        return self.client.put(
            self._url(_PIPELINE_BUILDS + "/{}/rebuild", organization, pipeline, build_number)
        )
