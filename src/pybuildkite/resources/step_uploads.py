"""Step uploads: the pipeline uploads (``buildkite-agent pipeline upload``) of a build."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_str
from ..types.step_uploads import StepUpload
from .builds import build_number

__all__ = ["AsyncStepUploads", "StepUploads"]

_BASE = "/v2/organizations/{}/pipelines/{}/builds/{}/step-uploads"


class _StepUploadsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        pipeline: str,
        number: int,
        *,
        source_job_id: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[StepUpload]:
        """List a build's step uploads, newest first, without their definitions.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/step-uploads

        ``source_job_id`` keeps the uploads one job made. Builds past their maximum lifetime
        answer 410 (:class:`~pybuildkite.GoneError`).
        """  # noqa: E501
        query = {"filter[source_job_id]": check_str(source_job_id, "source_job_id")}
        return api_request(
            "GET", path(_BASE, org, pipeline, build_number(number)), cast=StepUpload,
            query=query, options=options, paginate="cursor", per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(
        self,
        org: str,
        pipeline: str,
        number: int,
        upload_id: str,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[StepUpload]:
        """Get a step upload with its definition rendered as YAML (unless too large).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/step-uploads/{upload.uuid}
        """  # noqa: E501
        return api_request(
            "GET", path(_BASE + "/{}", org, pipeline, build_number(number), upload_id),
            cast=StepUpload, options=options,
        )  # fmt: skip


class StepUploads(_StepUploadsEndpoints, SyncAPIResource):
    pass


class AsyncStepUploads(_StepUploadsEndpoints, AsyncAPIResource):
    pass
