"""Pipelines: list, get, create (YAML or visual steps), update, delete, archive, unarchive,
the GitHub webhook, and GitHub webhook processing."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, TypeVar, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_choices, check_str
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

#: What each body field accepts; ``None`` in a tuple means JSON ``null`` is meaningful
#: (on update it clears the setting).
FieldSpec = Mapping[str, tuple[type | None, ...]]

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

_KIND_NAMES = {str: "a str", bool: "a bool", int: "an int", list: "a list", dict: "a mapping"}


def _check_field(name: str, value: Any, kinds: tuple[type | None, ...]) -> Any:
    if value is None:
        if None in kinds:
            return None
        raise TypeError(f"{name} cannot be None (leave it out instead)")
    for kind in kinds:
        if kind is dict and isinstance(value, Mapping):
            return dict(value)
        if kind is list and isinstance(value, Sequence) and not isinstance(value, str | bytes):
            return list(value)
        if kind is int and isinstance(value, bool):
            continue  # True is an int to Python, never a number of minutes to Buildkite
        if kind is not None and kind not in (dict, list) and isinstance(value, kind):
            return value
    expected = " or ".join("None" if k is None else _KIND_NAMES[k] for k in kinds)
    raise TypeError(f"{name} must be {expected}, not {type(value).__name__}")


def check_fields(values: Mapping[str, Any], spec: FieldSpec) -> dict[str, Any]:
    """The body: each field of ``spec`` taken from ``values`` (a method's ``locals()``), checked.

    NOT_GIVEN fields stay NOT_GIVEN (the request drops them); mappings and sequences become
    plain dicts and lists so that they serialise as JSON objects and arrays.
    """
    body: dict[str, Any] = {}
    for name, kinds in spec.items():
        value = values.get(name, NOT_GIVEN)
        body[name] = value if isinstance(value, NotGiven) else _check_field(name, value, kinds)
    return body


def require_str(value: Any, name: str) -> str:
    """A required, non-empty string field."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    checked = check_str(value, name)
    assert checked is not None
    return checked


def require_change(req: APIRequest[T], what: str) -> APIRequest[T]:
    """An update that changes nothing is a mistake; say so instead of sending it."""
    if req.body in (None, b"{}"):
        raise ValueError(f"{what}: give at least one field to change")
    return req


def check_enum(value: Any, name: str, choices: Collection[str]) -> Any:
    """A single documented value of a body field (typos fail here, not as a 422)."""
    if isinstance(value, NotGiven):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return check_choices(value, name, choices)


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
