"""Artifacts (1.x ``pybuildkite.artifacts``)."""

# 1.x's methods take their arguments positionally; their signatures are kept as they were.
# ruff: noqa: PLR0917

from __future__ import annotations

from typing import Any

from ._base import Resource
from .client import legacy_stream

__all__ = ["Artifacts"]

_BUILD = "organizations/{}/pipelines/{}/builds/{}"


class Artifacts(Resource):
    """Artifacts operations for the Buildkite API."""

    def list_artifacts_for_build(
        self,
        organization: str,
        pipeline: str,
        build: int | str,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of a build's artifacts across all of its jobs.

        :param organization: organization slug
        :param pipeline: pipeline slug
        :param build: build number
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url(_BUILD + "/artifacts", organization, pipeline, build),
            {"page": page},
            with_pagination=with_pagination,
        )

    def list_artifacts_for_job(
        self,
        organization: str,
        pipeline: str,
        build: int | str,
        job: str,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of a job's artifacts.

        :param organization: organization slug
        :param pipeline: pipeline slug
        :param build: build number
        :param job: job id
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url(_BUILD + "/jobs/{}/artifacts", organization, pipeline, build, job),
            {"page": page},
            with_pagination=with_pagination,
        )

    def get_artifact(
        self, organization: str, pipeline: str, build: int | str, job: str, artifact: str
    ) -> Any:
        """Returns an artifact.

        :param organization: organization slug
        :param pipeline: pipeline slug
        :param build: build number
        :param job: job id
        :param artifact: artifact id
        """
        return self.client.get(
            self._url(
                _BUILD + "/jobs/{}/artifacts/{}", organization, pipeline, build, job, artifact
            )
        )

    def download_artifact(
        self,
        organization: str,
        pipeline: str,
        build: int | str,
        job: str,
        artifact: str,
        as_stream: bool = False,
    ) -> Any:
        """Returns the content of an artifact as bytes (an iterator of chunks with ``as_stream``).

        The API answers with a redirect to the file's storage; it is followed without the
        token.

        :param organization: organization slug
        :param pipeline: pipeline slug
        :param build: build number
        :param job: job id
        :param artifact: artifact id
        :param as_stream: stream the artifact content
        """
        if as_stream:
            core = self.client._core_client(self.base_url)
            # 2.x checks its build number; 1.x accepted a numeric string too.
            number: Any = int(build) if isinstance(build, str) and build.isdigit() else build
            return legacy_stream(
                core.artifacts.download(
                    organization, str(job), str(artifact), pipeline=pipeline, build=number
                )
            )
        return self.client.get(
            self._url(
                _BUILD + "/jobs/{}/artifacts/{}/download",
                organization,
                pipeline,
                build,
                job,
                artifact,
            ),
            headers={"Accept": "application/octet-stream"},
        )
