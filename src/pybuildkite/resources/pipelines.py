"""Pipelines: list, get, create (YAML or visual steps), update, delete, archive, unarchive,
the GitHub webhook, and GitHub webhook processing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import (
    FieldSpec,
    check_enum,
    check_fields,
    check_str,
    require_change,
    require_str,
)
from ..types.pipelines import (
    TEAM_ACCESS_LEVELS,
    VISIBILITIES,
    GitHubWebhooks,
    Pipeline,
    PipelineVisibility,
    TeamAccessLevel,
)

__all__ = ["AsyncPipelines", "Pipelines"]

T = TypeVar("T")

_PIPELINE_FIELDS: FieldSpec = {
    "name": (str,),
    "repository": (str,),
    "slug": (str,),
    "cluster_id": (str, None),
    "configuration": (str,),
    "steps": (list,),
    "pipeline_template_uuid": (str, None),
    "description": (str, None),
    "default_branch": (str, None),
    "branch_configuration": (str, None),
    "allow_rebuilds": (bool,),
    "skip_queued_branch_builds": (bool,),
    "skip_queued_branch_builds_filter": (str, None),
    "cancel_running_branch_builds": (bool,),
    "cancel_running_branch_builds_filter": (str, None),
    "clone_mirror_url": (str, None),
    "default_command_step_timeout": (int, None),
    "maximum_command_step_timeout": (int, None),
    "emoji": (str, None),
    "color": (str, None),
    "env": (dict,),
    "provider_settings": (dict,),
    "tags": (list, None),
    "visibility": (str,),
    "teams": (dict,),
}


def _pipeline_body(values: Mapping[str, Any]) -> dict[str, Any]:
    body = check_fields(values, _PIPELINE_FIELDS)
    body["visibility"] = check_enum(body.get("visibility", NOT_GIVEN), "visibility", VISIBILITIES)
    teams = body.get("teams", NOT_GIVEN)
    if not isinstance(teams, NotGiven):
        for team, access in teams.items():
            check_str(team, "teams key (a team UUID)")
            check_enum(access, f"teams[{team!r}]", TEAM_ACCESS_LEVELS)
    return body


def _pipeline_path(org: str, slug: str, suffix: str = "") -> str:
    return path("/v2/organizations/{}/pipelines/{}" + suffix, org, slug)


class _PipelinesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        name: str | None = None,
        repository: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Pipeline]:
        """List an organization's pipelines.

        GET /v2/organizations/{org.slug}/pipelines

        ``name`` and ``repository`` match part of the value, ignoring case.
        """
        query = {"name": check_str(name, "name"), "repository": check_str(repository, "repository")}
        return api_request(
            "GET", path("/v2/organizations/{}/pipelines", org), cast=Pipeline, query=query,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, slug: str, **options: Unpack[RequestOptions]) -> APIRequest[Pipeline]:
        """Get a pipeline.

        GET /v2/organizations/{org.slug}/pipelines/{slug}
        """
        return api_request("GET", _pipeline_path(org, slug), cast=Pipeline, options=options)

    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        repository: str,
        configuration: str | NotGiven = NOT_GIVEN,
        steps: Sequence[Mapping[str, Any]] | NotGiven = NOT_GIVEN,
        pipeline_template_uuid: str | NotGiven = NOT_GIVEN,
        cluster_id: str | NotGiven = NOT_GIVEN,
        slug: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        default_branch: str | NotGiven = NOT_GIVEN,
        branch_configuration: str | NotGiven = NOT_GIVEN,
        allow_rebuilds: bool | NotGiven = NOT_GIVEN,
        skip_queued_branch_builds: bool | NotGiven = NOT_GIVEN,
        skip_queued_branch_builds_filter: str | NotGiven = NOT_GIVEN,
        cancel_running_branch_builds: bool | NotGiven = NOT_GIVEN,
        cancel_running_branch_builds_filter: str | NotGiven = NOT_GIVEN,
        clone_mirror_url: str | NotGiven = NOT_GIVEN,
        default_command_step_timeout: int | NotGiven = NOT_GIVEN,
        maximum_command_step_timeout: int | NotGiven = NOT_GIVEN,
        emoji: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
        env: Mapping[str, str] | NotGiven = NOT_GIVEN,
        provider_settings: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        visibility: PipelineVisibility | NotGiven = NOT_GIVEN,
        teams: Mapping[str, TeamAccessLevel] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Pipeline]:
        """Create a pipeline from YAML ``configuration`` or from visual ``steps``.

        POST /v2/organizations/{org.slug}/pipelines

        ``teams`` maps team UUIDs to ``read_only``, ``build_and_read`` or
        ``manage_build_and_read``; teams can only be set here, not by ``update``.
        ``env`` applies to visual-step pipelines only (YAML pipelines set ``env:`` in YAML).
        """
        require_str(name, "name")
        require_str(repository, "repository")
        yaml, visual = not isinstance(configuration, NotGiven), not isinstance(steps, NotGiven)
        if yaml and visual:
            raise ValueError("give configuration (a YAML pipeline) or steps (visual), not both")
        if not (yaml or visual) and isinstance(pipeline_template_uuid, NotGiven):
            raise ValueError(
                "a pipeline needs configuration (YAML), steps (visual) or pipeline_template_uuid"
            )
        # The keyword names are the body's field names.
        body = _pipeline_body(locals())
        return api_request(
            "POST", path("/v2/organizations/{}/pipelines", org), cast=Pipeline, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        slug: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        repository: str | NotGiven = NOT_GIVEN,
        configuration: str | NotGiven = NOT_GIVEN,
        steps: Sequence[Mapping[str, Any]] | NotGiven = NOT_GIVEN,
        pipeline_template_uuid: str | NotGiven | None = NOT_GIVEN,
        cluster_id: str | NotGiven | None = NOT_GIVEN,
        new_slug: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        default_branch: str | NotGiven | None = NOT_GIVEN,
        branch_configuration: str | NotGiven | None = NOT_GIVEN,
        allow_rebuilds: bool | NotGiven = NOT_GIVEN,
        skip_queued_branch_builds: bool | NotGiven = NOT_GIVEN,
        skip_queued_branch_builds_filter: str | NotGiven | None = NOT_GIVEN,
        cancel_running_branch_builds: bool | NotGiven = NOT_GIVEN,
        cancel_running_branch_builds_filter: str | NotGiven | None = NOT_GIVEN,
        clone_mirror_url: str | NotGiven | None = NOT_GIVEN,
        default_command_step_timeout: int | NotGiven | None = NOT_GIVEN,
        maximum_command_step_timeout: int | NotGiven | None = NOT_GIVEN,
        emoji: str | NotGiven | None = NOT_GIVEN,
        color: str | NotGiven | None = NOT_GIVEN,
        env: Mapping[str, str] | NotGiven = NOT_GIVEN,
        provider_settings: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven | None = NOT_GIVEN,
        visibility: PipelineVisibility | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Pipeline]:
        """Change a pipeline's settings: fields left out keep their value, ``None`` clears one.

        PATCH /v2/organizations/{org.slug}/pipelines/{slug}

        Renaming regenerates the slug unless ``new_slug`` is given.
        ``configuration`` replaces the whole YAML.
        """
        values = dict(locals())
        values["slug"] = values.pop("new_slug")
        req = api_request(
            "PATCH", _pipeline_path(org, slug), cast=Pipeline, body=_pipeline_body(values),
            options=options,
        )  # fmt: skip
        return require_change(req, "pipelines.update")

    @endpoint
    def delete(self, org: str, slug: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Delete a pipeline.

        DELETE /v2/organizations/{org.slug}/pipelines/{slug}
        """
        return api_request("DELETE", _pipeline_path(org, slug), options=options)

    @endpoint
    def archive(
        self, org: str, slug: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Pipeline]:
        """Archive a pipeline: it keeps its builds but can no longer build.

        POST /v2/organizations/{org.slug}/pipelines/{slug}/archive
        """
        return api_request(
            "POST", _pipeline_path(org, slug, "/archive"), cast=Pipeline, options=options
        )

    @endpoint
    def unarchive(
        self, org: str, slug: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Pipeline]:
        """Unarchive a pipeline.

        POST /v2/organizations/{org.slug}/pipelines/{slug}/unarchive
        """
        return api_request(
            "POST", _pipeline_path(org, slug, "/unarchive"), cast=Pipeline, options=options
        )

    @endpoint
    def add_webhook(
        self, org: str, slug: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Create the repository webhook for a pipeline whose repository is on GitHub.

        POST /v2/organizations/{org.slug}/pipelines/{slug}/webhook

        The answer's body is not documented, so nothing is returned.
        """
        return api_request("POST", _pipeline_path(org, slug, "/webhook"), options=options)

    @endpoint
    def github_webhooks(
        self, org: str, slug: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[GitHubWebhooks]:
        """Whether GitHub webhook processing is enabled for a pipeline.

        GET /v2/organizations/{org.slug}/pipelines/{slug}/github-webhooks

        404 unless the organization uses expanded webhook triggers and the pipeline is on GitHub.
        """
        return api_request(
            "GET", _pipeline_path(org, slug, "/github-webhooks"), cast=GitHubWebhooks,
            options=options,
        )  # fmt: skip

    @endpoint
    def enable_github_webhooks(
        self, org: str, slug: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[GitHubWebhooks]:
        """Enable GitHub webhook processing (idempotent).

        PUT /v2/organizations/{org.slug}/pipelines/{slug}/github-webhooks
        """
        return api_request(
            "PUT", _pipeline_path(org, slug, "/github-webhooks"), cast=GitHubWebhooks,
            options=options,
        )  # fmt: skip

    @endpoint
    def disable_github_webhooks(
        self, org: str, slug: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[GitHubWebhooks]:
        """Disable GitHub webhook processing (idempotent).

        DELETE /v2/organizations/{org.slug}/pipelines/{slug}/github-webhooks
        """
        return api_request(
            "DELETE", _pipeline_path(org, slug, "/github-webhooks"), cast=GitHubWebhooks,
            options=options,
        )  # fmt: skip


class Pipelines(_PipelinesEndpoints, SyncAPIResource):
    pass


class AsyncPipelines(_PipelinesEndpoints, AsyncAPIResource):
    pass
