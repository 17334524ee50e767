"""Organization pipeline settings (organization admins): defaults for new pipelines and the
switches for hosted-agent SSH, public pipelines, advanced queue metrics and build export.

Every call answers with the full settings, the switches included (even the DELETEs).
"""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_int, check_str
from ..types.organization_admin import PipelineSettings

__all__ = ["AsyncOrganizationPipelineSettings", "OrganizationPipelineSettings"]


def _settings(
    method: str,
    org: str,
    action: str | None,
    options: RequestOptions,
    body: dict[str, object] | None = None,
) -> APIRequest[PipelineSettings]:
    route = path("/v2/organizations/{}/pipeline-settings", org)
    if action:
        route += "/" + action
    return api_request(method, route, cast=PipelineSettings, body=body, options=options)


class _OrganizationPipelineSettingsEndpoints:
    @endpoint
    def get(self, org: str, **options: Unpack[RequestOptions]) -> APIRequest[PipelineSettings]:
        """Get the organization's pipeline settings.

        GET /v2/organizations/{org.slug}/pipeline-settings
        """
        return _settings("GET", org, None, options)

    @endpoint
    def update(
        self,
        org: str,
        *,
        default_branch: str | NotGiven = NOT_GIVEN,
        default_cluster_id: str | NotGiven | None = NOT_GIVEN,
        default_timeout_in_minutes: int | NotGiven = NOT_GIVEN,
        maximum_timeout_in_minutes: int | NotGiven = NOT_GIVEN,
        scheduled_job_expiry_in_minutes: int | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineSettings]:
        """Change some pipeline settings; fields left out keep their value.

        PATCH /v2/organizations/{org.slug}/pipeline-settings

        ``default_cluster_id=None`` clears the default cluster.
        """
        body: dict[str, object] = {
            "default_branch": default_branch,
            "default_cluster_id": default_cluster_id,
            "default_timeout_in_minutes": default_timeout_in_minutes,
            "maximum_timeout_in_minutes": maximum_timeout_in_minutes,
            "scheduled_job_expiry_in_minutes": scheduled_job_expiry_in_minutes,
        }
        for name, value in body.items():
            if isinstance(value, NotGiven) or value is None:
                continue
            if name.endswith("_minutes"):
                check_int(value, name, minimum=1)
            else:
                check_str(value, name)
        return _settings("PATCH", org, None, options, body)

    @endpoint
    def enable_hosted_agents_ssh(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSettings]:
        """Allow SSH terminal access to hosted agents.

        PUT /v2/organizations/{org.slug}/pipeline-settings/hosted-agents-ssh
        """
        return _settings("PUT", org, "hosted-agents-ssh", options)

    @endpoint
    def disable_hosted_agents_ssh(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSettings]:
        """Turn off SSH terminal access to hosted agents.

        DELETE /v2/organizations/{org.slug}/pipeline-settings/hosted-agents-ssh
        """
        return _settings("DELETE", org, "hosted-agents-ssh", options)

    @endpoint
    def enable_public_pipelines(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSettings]:
        """Let members create public pipelines.

        PUT /v2/organizations/{org.slug}/pipeline-settings/public-pipelines
        """
        return _settings("PUT", org, "public-pipelines", options)

    @endpoint
    def disable_public_pipelines(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSettings]:
        """Stop members from creating public pipelines.

        DELETE /v2/organizations/{org.slug}/pipeline-settings/public-pipelines
        """
        return _settings("DELETE", org, "public-pipelines", options)

    @endpoint
    def enable_advanced_queue_metrics(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSettings]:
        """Turn on advanced queue metrics; one way: the API cannot turn them off again.

        PUT /v2/organizations/{org.slug}/pipeline-settings/advanced-queue-metrics
        """
        return _settings("PUT", org, "advanced-queue-metrics", options)

    @endpoint
    def configure_build_export(
        self,
        org: str,
        *,
        location: str,
        strategy_id: str,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineSettings]:
        """Export build data to a bucket (plan-gated).

        PUT /v2/organizations/{org.slug}/pipeline-settings/build-export

        ``location`` is a bucket name or URI (``s3://bucket``); ``strategy_id`` one of
        ``build_exports.supported_strategies`` (e.g. ``s3``, ``gcs``).
        """
        body: dict[str, object] = {
            "location": check_str(location, "location"),
            "strategy_id": check_str(strategy_id, "strategy_id"),
        }
        return _settings("PUT", org, "build-export", options, body)

    @endpoint
    def disable_build_export(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineSettings]:
        """Stop exporting build data and clear the export location.

        DELETE /v2/organizations/{org.slug}/pipeline-settings/build-export
        """
        return _settings("DELETE", org, "build-export", options)


class OrganizationPipelineSettings(_OrganizationPipelineSettingsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationPipelineSettings(_OrganizationPipelineSettingsEndpoints, AsyncAPIResource):
    pass
