"""Jobs (1.x ``pybuildkite.jobs``)."""

# 1.x's methods take their arguments positionally; their signatures are kept as they were.
# ruff: noqa: PLR0917

from __future__ import annotations

from enum import Enum
from typing import Any

from ._base import Resource

__all__ = ["Jobs", "LogFormat"]

_JOB = "organizations/{}/pipelines/{}/builds/{}/jobs/{}"


class LogFormat(Enum):
    """Valid log formats (the ``Accept`` header sent for a job log)."""

    TEXT = "text/plain"
    HTML = "text/html"
    JSON = "application/json"

    def __str__(self) -> str:
        return self.value


class Jobs(Resource):
    """Job operations for the Buildkite API."""

    def get_job_log(
        self,
        organization: str,
        pipeline: str,
        build: int | str,
        job: str,
        log_format: LogFormat | str = LogFormat.HTML,
    ) -> Any:
        """Get a job's log output: ``bytes`` for TEXT and HTML, a dict for JSON.

        :param organization: Organization slug
        :param pipeline: Pipeline slug
        :param build: Build number
        :param job: Job id
        :param log_format: Mime type to return log in
        """
        return self.client.get(
            self._url(_JOB + "/log", organization, pipeline, build, job),
            headers={"Accept": str(log_format)},
        )

    def get_job_environment_variables(
        self, organization: str, pipeline: str, build: int | str, job: str
    ) -> Any:
        """Get a job's environment variables (``{"env": {...}}``)."""
        return self.client.get(self._url(_JOB + "/env", organization, pipeline, build, job))

    def retry_job(self, organization: str, pipeline: str, build: int | str, job: str) -> Any:
        """Retries a failed or timed_out job; returns the new job."""
        return self.client.put(self._url(_JOB + "/retry", organization, pipeline, build, job))

    def unblock_job(
        self,
        organization: str,
        pipeline: str,
        build: int | str,
        job: str,
        fields: dict[str, Any] | None,
        unblocker: str | None = None,
    ) -> Any:
        """Unblocks a build's "Block pipeline" job; returns the job.

        :param fields: values for the block step's fields
        :param unblocker: The user id of the person activating the job
        """
        return self.client.put(
            self._url(_JOB + "/unblock", organization, pipeline, build, job),
            body={"fields": fields, "unblocker": unblocker},
        )

    def delete_job_log(self, organization: str, pipeline: str, build: int | str, job: str) -> Any:
        """Delete a job's log output (returns ``True``)."""
        return self.client.delete(self._url(_JOB + "/log", organization, pipeline, build, job))
