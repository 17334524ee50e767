"""Pipeline templates: list, get, create, update, delete (Enterprise plans)."""

from __future__ import annotations

from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body
from ..types.pipeline_templates import PipelineTemplate

__all__ = ["AsyncPipelineTemplates", "PipelineTemplates"]


def _template_path(org: str, template_uuid: str | None = None) -> str:
    if template_uuid is None:
        return path("/v2/organizations/{}/pipeline-templates", org)
    return path("/v2/organizations/{}/pipeline-templates/{}", org, template_uuid)


def _template_body(fields: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return check_body(fields, required=required, bools=("available",))


class _PipelineTemplatesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineTemplate]:
        """List pipeline templates (non-admins see only the available ones).

        GET /v2/organizations/{org.slug}/pipeline-templates
        """
        return api_request(
            "GET", _template_path(org), cast=PipelineTemplate, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, template_uuid: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PipelineTemplate]:
        """Get a pipeline template.

        GET /v2/organizations/{org.slug}/pipeline-templates/{uuid}
        """
        return api_request(
            "GET", _template_path(org, template_uuid), cast=PipelineTemplate, options=options
        )

    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        configuration: str,
        description: str | NotGiven = NOT_GIVEN,
        available: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineTemplate]:
        """Create a pipeline template; ``configuration`` is the pipeline YAML.

        POST /v2/organizations/{org.slug}/pipeline-templates

        Templates start unavailable to pipelines unless ``available=True``.
        """
        body = _template_body(
            {"name": name, "configuration": configuration, "description": description,
             "available": available},
            required=("name", "configuration"),
        )  # fmt: skip
        return api_request(
            "POST", _template_path(org), cast=PipelineTemplate, body=body, options=options
        )

    @endpoint
    def update(
        self,
        org: str,
        template_uuid: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        configuration: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        available: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[PipelineTemplate]:
        """Update a pipeline template; only the fields given are sent.

        PATCH /v2/organizations/{org.slug}/pipeline-templates/{uuid}
        """
        body = _template_body(
            {"name": name, "configuration": configuration, "description": description,
             "available": available},
        )  # fmt: skip
        return api_request(
            "PATCH", _template_path(org, template_uuid), cast=PipelineTemplate, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, template_uuid: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a pipeline template (422 while a pipeline uses it).

        DELETE /v2/organizations/{org.slug}/pipeline-templates/{uuid}
        """
        return api_request("DELETE", _template_path(org, template_uuid), options=options)


class PipelineTemplates(_PipelineTemplatesEndpoints, SyncAPIResource):
    pass


class AsyncPipelineTemplates(_PipelineTemplatesEndpoints, AsyncAPIResource):
    pass
