"""Pipeline schedules: builds created on a cron schedule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import FieldSpec, check_fields, require_change, require_str
from ..types.pipeline_schedules import PipelineSchedule

__all__ = ["AsyncPipelineSchedules", "PipelineSchedules"]

_SCHEDULE_FIELDS: FieldSpec = {
    "cronline": (str,),
    "label": (str, None),
    "message": (str, None),
    "commit": (str,),
    "branch": (str,),
    "env": (dict,),
    "enabled": (bool,),
}


def _schedules_path(org: str, pipeline: str, *schedule_id: str) -> str:
    base = "/v2/organizations/{}/pipelines/{}/schedules"
    return path(base + "/{}" * len(schedule_id), org, pipeline, *schedule_id)


class _PipelineSchedulesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        pipeline: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineSchedule]:
        """List a pipeline's schedules, newest first.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/schedules
        """
        return api_request(
            "GET", _schedules_path(org, pipeline), cast=PipelineSchedule, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, pipeline: str, schedule_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSchedule]:
        """Get a schedule.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/schedules/{id}
        """
        return api_request(
            "GET", _schedules_path(org, pipeline, schedule_id), cast=PipelineSchedule,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        pipeline: str,
        *,
        cronline: str,
        label: str | NotGiven = NOT_GIVEN,
        message: str | NotGiven = NOT_GIVEN,
        commit: str | NotGiven = NOT_GIVEN,
        branch: str | NotGiven = NOT_GIVEN,
        env: Mapping[str, str] | NotGiven = NOT_GIVEN,
        enabled: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineSchedule]:
        """Create a schedule.

        POST /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/schedules

        ``cronline`` is crontab syntax or ``@hourly``, ``@daily``...; ``commit`` defaults to
        ``HEAD`` and ``branch`` to the pipeline's default branch.
        """
        require_str(cronline, "cronline")
        body = check_fields(
            locals(), _SCHEDULE_FIELDS
        )  # the keyword names are the body's field names
        return api_request(
            "POST", _schedules_path(org, pipeline), cast=PipelineSchedule, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        pipeline: str,
        schedule_id: str,
        *,
        cronline: str | NotGiven = NOT_GIVEN,
        label: str | NotGiven | None = NOT_GIVEN,
        message: str | NotGiven | None = NOT_GIVEN,
        commit: str | NotGiven = NOT_GIVEN,
        branch: str | NotGiven = NOT_GIVEN,
        env: Mapping[str, str] | NotGiven = NOT_GIVEN,
        enabled: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineSchedule]:
        """Change a schedule; fields left out keep their value.

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/schedules/{id}

        Re-enabling a schedule clears ``failed_message`` and ``failed_at``.
        """
        req = api_request(
            "PUT", _schedules_path(org, pipeline, schedule_id), cast=PipelineSchedule,
            body=check_fields(locals(), _SCHEDULE_FIELDS), options=options,
        )  # fmt: skip
        return require_change(req, "pipeline_schedules.update")

    @endpoint
    def delete(
        self, org: str, pipeline: str, schedule_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a schedule.

        DELETE /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/schedules/{id}
        """
        return api_request("DELETE", _schedules_path(org, pipeline, schedule_id), options=options)


class PipelineSchedules(_PipelineSchedulesEndpoints, SyncAPIResource):
    pass


class AsyncPipelineSchedules(_PipelineSchedulesEndpoints, AsyncAPIResource):
    pass
