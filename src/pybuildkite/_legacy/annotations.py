"""Build annotations (1.x ``pybuildkite.annotations``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Annotations"]


class Annotations(Resource):
    """Annotation operations for the Buildkite API."""

    def list_annotations(
        self,
        organization: str,
        pipeline: str,
        build: int | str,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of a build's annotations.

        :param organization: organization slug
        :param pipeline: pipeline slug
        :param build: build number
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url(
                "organizations/{}/pipelines/{}/builds/{}/annotations", organization, pipeline, build
            ),
            {"page": page},
            with_pagination=with_pagination,
        )
