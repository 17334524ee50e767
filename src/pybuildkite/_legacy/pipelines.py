"""Pipelines (1.x ``pybuildkite.pipelines``)."""

# 1.x's methods take their arguments positionally; their signatures are kept as they were.
# ruff: noqa: PLR0917

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["PipelineException", "Pipelines"]

_DEFAULT_STEPS: list[dict[str, Any]] = [
    {"type": "script", "name": ":pipeline:", "command": "buildkite-agent pipeline upload"}
]


class PipelineException(Exception):
    """Raised when ``update_pipeline`` is given both ``configuration`` and ``steps``."""


class Pipelines(Resource):
    """Pipeline operations for the Buildkite API."""

    def list_pipelines(
        self, organization: str, page: int = 0, with_pagination: bool = False
    ) -> Any:
        """Returns a paginated list of an organization's pipelines.

        :param organization: Organization slug
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url("organizations/{}/pipelines", organization),
            query_params={"page": page},
            with_pagination=with_pagination,
        )

    def get_pipeline(self, organization: str, pipeline_name: str) -> Any:
        """Get a pipeline.

        :param organization: Organization slug
        :param pipeline_name: Pipeline slug
        """
        return self.client.get(
            self._url("organizations/{}/pipelines/{}", organization, pipeline_name)
        )

    def create_pipeline(
        self,
        organization: str,
        pipeline_name: str,
        git_repository: str,
        build_steps: list[dict[str, Any]] = _DEFAULT_STEPS,  # 1.x's default, never mutated
        team_uuids: list[str] | None = None,
        branch_configuration: str | None = None,
        default_branch: str | None = None,
        provider_settings: dict[str, Any] | None = None,
    ) -> Any:
        """Create a pipeline with (web visual) ``steps``; see ``create_yaml_pipeline`` for YAML.

        :param organization: Organization slug
        :param pipeline_name: Pipeline name
        :param git_repository: repo URL
        :param build_steps: list of build pipeline steps
        :param team_uuids: A list of team UUIDs
        :param branch_configuration: A branch filter pattern for the builds of this pipeline
        :param default_branch: The name of the default branch in the repository
        :param provider_settings: A dictionary of provider-specific settings
        """
        return self._create(
            organization,
            pipeline_name,
            git_repository,
            {"steps": build_steps},
            team_uuids,
            branch_configuration,
            default_branch,
            provider_settings,
        )

    def create_yaml_pipeline(
        self,
        organization: str,
        pipeline_name: str,
        git_repository: str,
        configuration: str,
        team_uuids: list[str] | None = None,
        branch_configuration: str | None = None,
        default_branch: str | None = None,
        provider_settings: dict[str, Any] | None = None,
    ) -> Any:
        """Create a pipeline from a YAML ``configuration`` (a valid pipeline.yml).

        :param organization: Organization slug
        :param pipeline_name: Pipeline name
        :param git_repository: repo URL
        :param configuration: a valid pipeline.yml
        :param team_uuids: A list of team UUIDs
        :param branch_configuration: A branch filter pattern for the builds of this pipeline
        :param default_branch: The name of the default branch in the repository
        :param provider_settings: A dictionary of provider-specific settings
        """
        return self._create(
            organization,
            pipeline_name,
            git_repository,
            {"configuration": configuration},
            team_uuids,
            branch_configuration,
            default_branch,
            provider_settings,
        )

    def _create(
        self,
        organization: str,
        name: str,
        repository: str,
        definition: dict[str, Any],
        team_uuids: list[str] | None,
        branch_configuration: str | None,
        default_branch: str | None,
        provider_settings: dict[str, Any] | None,
    ) -> Any:
        body = {
            "name": name,
            "repository": repository,
            **definition,
            "team_uuids": team_uuids,
            "branch_configuration": branch_configuration,
            "default_branch": default_branch,
            "provider_settings": provider_settings,
        }
        return self.client.post(self._url("organizations/{}/pipelines", organization), body=body)

    def delete_pipeline(self, organization: str, pipeline: str) -> Any:
        """Delete a pipeline (returns ``True``)."""
        return self.client.delete(
            self._url("organizations/{}/pipelines/{}", organization, pipeline)
        )

    def update_pipeline(
        self,
        organization: str,
        pipeline: str,
        branch_configuration: str | None = None,
        cancel_running_branch_builds: bool | None = None,
        cancel_running_branch_builds_filter: str | None = None,
        default_branch: str | None = None,
        description: str | None = None,
        env: dict[str, Any] | None = None,
        name: str | None = None,
        provider_settings: dict[str, Any] | None = None,
        repository: str | None = None,
        configuration: str | None = None,
        steps: Any = None,
        skip_queued_branch_builds: bool | None = None,
        skip_queued_branch_builds_filter: str | None = None,
        visibility: str | None = None,
    ) -> Any:
        """Patch a pipeline: only the fields given (not ``None``) are sent.

        :raises PipelineException: if both ``configuration`` and ``steps`` are given
        """
        if configuration is not None and steps is not None:
            raise PipelineException(
                "Cannot set both `configuration` and `steps`. If you've migrated to YAML steps, "
                "please use `configuration`. Otherwise, use `steps`"
            )
        body = {
            "branch_configuration": branch_configuration,
            "cancel_running_branch_builds": cancel_running_branch_builds,
            "cancel_running_branch_builds_filter": cancel_running_branch_builds_filter,
            "default_branch": default_branch,
            "description": description,
            "env": env,
            "name": name,
            "provider_settings": provider_settings,
            "repository": repository,
            "configuration": configuration,
            "steps": steps,
            "skip_queued_branch_builds": skip_queued_branch_builds,
            "skip_queued_branch_builds_filter": skip_queued_branch_builds_filter,
            "visibility": visibility,
        }
        return self.client.patch(
            self._url("organizations/{}/pipelines/{}", organization, pipeline), body=body
        )

    def archive_pipeline(self, organization: str, pipeline: str) -> Any:
        """Archive a pipeline; returns the pipeline."""
        return self.client.post(
            self._url("organizations/{}/pipelines/{}/archive", organization, pipeline)
        )

    def unarchive_pipeline(self, organization: str, pipeline: str) -> Any:
        """Unarchive a pipeline; returns the pipeline."""
        return self.client.post(
            self._url("organizations/{}/pipelines/{}/unarchive", organization, pipeline)
        )
