"""Annotations on builds and on jobs: list, create, delete.

Build annotations are addressed by pipeline and build number; job annotations by job id, on
the organization-scoped route, or on the build-scoped one when ``pipeline=`` and ``build=``
are given too (see :mod:`pybuildkite.resources.jobs`).
"""

from __future__ import annotations

from typing import Any, Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_bool, check_choices, check_int, check_str, require_positive_int
from ..types.annotations import ANNOTATION_STYLES, Annotation, AnnotationStyle
from .jobs import job_path

__all__ = ["Annotations", "AsyncAnnotations"]

_LIST_SCOPES = frozenset({"build", "job", "all"})


def _build_path(org: str, pipeline: str, build: int, suffix: str = "", *rest: object) -> str:
    return path(
        "/v2/organizations/{}/pipelines/{}/builds/{}/annotations" + suffix,
        org, pipeline, require_positive_int(build, "build"), *rest,
    )  # fmt: skip


def _create_body(
    body: str,
    style: AnnotationStyle | NotGiven,
    context: str | NotGiven,
    priority: int | NotGiven,
    append: bool | NotGiven,
) -> dict[str, Any]:
    if check_str(body, "body") is None:
        raise TypeError("body must be a str, not None")
    if not isinstance(style, NotGiven):
        if not isinstance(style, str):
            raise TypeError(f"style must be a str, not {type(style).__name__}")
        check_choices(style, "style", ANNOTATION_STYLES)
    if not isinstance(context, NotGiven):
        check_str(context, "context")
    if not isinstance(priority, NotGiven):
        check_int(priority, "priority", minimum=1, maximum=10)
    if not isinstance(append, NotGiven):
        check_bool(append, "append")
    return {"body": body, "style": style, "context": context, "priority": priority,
            "append": append}  # fmt: skip


class _AnnotationsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        pipeline: str,
        build: int,
        *,
        scope: Literal["build", "job", "all"] | None = None,
        omit_body: bool | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Annotation]:
        """List a build's annotations.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/annotations

        ``scope`` is ``"build"`` (the default), ``"job"`` or ``"all"``; ``omit_body=True``
        leaves out ``body_html``.
        """
        if scope is not None and not isinstance(scope, str):
            raise TypeError(f"scope must be a str, not {type(scope).__name__}")
        query = {
            "scope": check_choices(scope, "scope", _LIST_SCOPES),
            "omit_body": check_bool(omit_body, "omit_body"),
        }
        return api_request(
            "GET", _build_path(org, pipeline, build), cast=Annotation, query=query,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        pipeline: str,
        build: int,
        *,
        body: str,
        style: AnnotationStyle | NotGiven = NOT_GIVEN,
        context: str | NotGiven = NOT_GIVEN,
        priority: int | NotGiven = NOT_GIVEN,
        append: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Annotation]:
        """Annotate a build (HTML or Markdown).

        POST /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/annotations

        ``context`` identifies the annotation within the build: creating one with an existing
        context replaces it, or with ``append=True`` adds to its body. ``priority`` is 1 to 10
        (default 3); higher shows first.
        """  # noqa: E501
        payload = _create_body(body, style, context, priority, append)
        route = _build_path(org, pipeline, build)
        return api_request("POST", route, cast=Annotation, body=payload, options=options)

    @endpoint
    def delete(
        self,
        org: str,
        pipeline: str,
        build: int,
        annotation_id: str,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Delete a build annotation.

        DELETE /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/annotations/{annotation.uuid}
        """  # noqa: E501
        route = _build_path(org, pipeline, build, "/{}", annotation_id)
        return api_request("DELETE", route, cast=None, options=options)

    @paginated
    def list_for_job(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Annotation]:
        """List a job's annotations.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/annotations
        GET /v2/organizations/{org.slug}/jobs/{job.id}/annotations
        """  # noqa: E501
        return api_request(
            "GET", job_path(org, job_id, pipeline, build, "/annotations"), cast=Annotation,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def create_for_job(
        self,
        org: str,
        job_id: str,
        *,
        body: str,
        style: AnnotationStyle | NotGiven = NOT_GIVEN,
        context: str | NotGiven = NOT_GIVEN,
        priority: int | NotGiven = NOT_GIVEN,
        append: bool | NotGiven = NOT_GIVEN,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Annotation]:
        """Annotate a job; ``context`` is unique within the job.

        POST /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/annotations
        POST /v2/organizations/{org.slug}/jobs/{job.id}/annotations
        """  # noqa: E501
        payload = _create_body(body, style, context, priority, append)
        route = job_path(org, job_id, pipeline, build, "/annotations")
        return api_request("POST", route, cast=Annotation, body=payload, options=options)

    @endpoint
    def delete_for_job(
        self,
        org: str,
        job_id: str,
        annotation_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Delete a job annotation.

        DELETE /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/annotations/{annotation.uuid}
        DELETE /v2/organizations/{org.slug}/jobs/{job.id}/annotations/{annotation.uuid}
        """  # noqa: E501
        route = job_path(org, job_id, pipeline, build, "/annotations/{}", annotation_id)
        return api_request("DELETE", route, cast=None, options=options)


class Annotations(_AnnotationsEndpoints, SyncAPIResource):
    pass


class AsyncAnnotations(_AnnotationsEndpoints, AsyncAPIResource):
    pass
