"""Jobs: list a build's jobs, get, retry, reprioritize, unblock, logs, environment, and
remote sessions.

Buildkite serves every single-job operation on two routes: build-scoped
(``/pipelines/{pipeline}/builds/{number}/jobs/{id}``) and organization-scoped
(``/jobs/{id}``). Each method here serves both: it takes ``org`` and ``job_id``, and uses the
build-scoped route when ``pipeline=`` and ``build=`` are both given, the organization-scoped one
when neither is (a job id is unique, so both answer the same). VNC and SSH sessions exist only
organization-scoped.

Logs come in several forms: :meth:`~Jobs.log` (JSON, with section header times),
:meth:`~Jobs.log_text` (the raw terminal output), :meth:`~Jobs.log_html` (rendered),
:meth:`~Jobs.log_size` (``HEAD``, no body) and :meth:`~Jobs.tail` (the last bytes, through a
``Range`` request). :func:`pybuildkite.logs.strip_log` turns raw output into plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack

from .._encoding import path
from .._exceptions import RangeNotSatisfiableError
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_bool, check_choices, check_int, check_str, require_positive_int
from ..types.jobs import JOB_STATES, Job, JobEnv, JobLog, SSHSession, VNCSession

if TYPE_CHECKING:
    import httpx

    from .._pipeline import BasePipeline

__all__ = ["AsyncJobs", "Jobs"]


def job_path(
    org: str, job_id: str, pipeline: str | None, build: int | None, suffix: str = "", *rest: object
) -> str:
    """The path of a job (plus ``suffix``, whose ``{}`` take ``rest``) on the route chosen by
    whether ``pipeline`` and ``build`` were given."""
    if pipeline is None and build is None:
        return path("/v2/organizations/{}/jobs/{}" + suffix, org, job_id, *rest)
    if pipeline is None or build is None:
        raise ValueError(
            "pass both pipeline= and build= for the build-scoped route, or neither for the "
            "organization-scoped one"
        )
    return path(
        "/v2/organizations/{}/pipelines/{}/builds/{}/jobs/{}" + suffix,
        org, pipeline, require_positive_int(build, "build"), job_id, *rest,
    )  # fmt: skip


def _raw_log_request(
    org: str,
    job_id: str,
    pipeline: str | None,
    build: int | None,
    options: RequestOptions,
    *,
    accept: str = "text/plain",
    method: str = "GET",
    tail: int | None = None,
) -> APIRequest[Any]:
    headers = {"Accept": accept}
    if tail is not None:
        headers["Range"] = f"bytes=-{require_positive_int(tail, 'n')}"
    return api_request(
        method, job_path(org, job_id, pipeline, build, "/log"), headers=headers, options=options
    )


def _text(response: httpx.Response) -> str:
    # Logs are UTF-8 terminal output; a broken byte must not make the whole log unreadable.
    return response.content.decode("utf-8", "replace")


def _content_length(pipeline: BasePipeline, response: httpx.Response) -> int:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        err = ValueError("no valid Content-Length header")
        raise pipeline.validation_error(response, err) from None


def _tail(response: httpx.Response, n: int) -> bytes:
    # 206 carries only the tail; a server that ignores Range answers 200 with the whole log.
    return response.content if response.status_code == 206 else response.content[-n:]


class _JobsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        pipeline: str,
        build: int,
        *,
        state: str | Sequence[str] | None = None,
        include_retried_jobs: bool | None = None,
        step_key: str | None = None,
        group_key: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Job]:
        """List a build's jobs.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs

        Retried jobs are included unless ``include_retried_jobs=False`` (unlike builds, where
        they are left out by default). ``state`` takes job states, not ``"finished"``.
        """
        states = check_choices(state, "state", JOB_STATES)
        query = {
            "state[]": [states] if isinstance(states, str) else states,
            "include_retried_jobs": check_bool(include_retried_jobs, "include_retried_jobs"),
            "step_key": check_str(step_key, "step_key"),
            "group_key": check_str(group_key, "group_key"),
        }
        return api_request(
            "GET",
            path("/v2/organizations/{}/pipelines/{}/builds/{}/jobs", org, pipeline,
                 require_positive_int(build, "build")),
            cast=Job, query=query, options=options, paginate="cursor", per_page=per_page,
            limit=limit,
        )  # fmt: skip

    @endpoint
    def get(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Job]:
        """Get a job.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}
        GET /v2/organizations/{org.slug}/jobs/{job.id}
        """  # noqa: E501
        return api_request("GET", job_path(org, job_id, pipeline, build), cast=Job, options=options)

    @endpoint
    def retry(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Job]:
        """Retry a failed, timed out or canceled job; returns the new job.

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/retry
        PUT /v2/organizations/{org.slug}/jobs/{job.id}/retry

        A job can be retried once: to retry again, retry the job this returns.
        """  # noqa: E501
        return api_request(
            "PUT", job_path(org, job_id, pipeline, build, "/retry"), cast=Job, options=options
        )

    @endpoint
    def reprioritize(
        self,
        org: str,
        job_id: str,
        *,
        priority: int,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Job]:
        """Change a job's priority; agents pick up higher priorities first.

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/reprioritize
        PUT /v2/organizations/{org.slug}/jobs/{job.id}/reprioritize
        """  # noqa: E501
        if check_int(priority, "priority") is None:
            raise TypeError("priority must be an int, not None")
        return api_request(
            "PUT", job_path(org, job_id, pipeline, build, "/reprioritize"),
            cast=Job, body={"priority": priority}, options=options,
        )  # fmt: skip

    @endpoint
    def unblock(
        self,
        org: str,
        job_id: str,
        *,
        fields: Mapping[str, str | Sequence[str]] | NotGiven = NOT_GIVEN,
        unblocker: str | NotGiven = NOT_GIVEN,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Job]:
        """Unblock a block step's job, filling in its fields.

        PUT /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/unblock
        PUT /v2/organizations/{org.slug}/jobs/{job.id}/unblock

        ``unblocker`` is the id of the user to record (default: the token's user).
        """  # noqa: E501
        if not isinstance(fields, NotGiven):
            if not isinstance(fields, Mapping):
                raise TypeError(f"fields must be a mapping, not {type(fields).__name__}")
            for key in fields:
                check_str(key, "fields key")
            fields = {k: v if isinstance(v, str) else list(v) for k, v in fields.items()}
        if not isinstance(unblocker, NotGiven):
            check_str(unblocker, "unblocker")
        return api_request(
            "PUT", job_path(org, job_id, pipeline, build, "/unblock"),
            cast=Job, body={"fields": fields, "unblocker": unblocker}, options=options,
        )  # fmt: skip

    @endpoint
    def log(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[JobLog]:
        """Get a job's log with its section header times.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        return api_request(
            "GET", job_path(org, job_id, pipeline, build, "/log"), cast=JobLog, options=options
        )

    @endpoint
    def delete_log(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Delete a job's log.

        DELETE /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        DELETE /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        return api_request(
            "DELETE", job_path(org, job_id, pipeline, build, "/log"), cast=None, options=options
        )

    @endpoint
    def env(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[dict[str, str]]:
        """Get the environment variables a job ran with, as a dict.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/env
        GET /v2/organizations/{org.slug}/jobs/{job.id}/env
        """  # noqa: E501
        req = api_request(
            "GET", job_path(org, job_id, pipeline, build, "/env"), cast=JobEnv, options=options
        )
        req.decode = lambda content: JobEnv.model_validate_json(content).env
        return req

    @endpoint
    def vnc_session(
        self, org: str, job_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[VNCSession]:
        """Open a remote desktop (VNC) session on a running job's hosted macOS agent.

        POST /v2/organizations/{org.slug}/jobs/{job.id}/vnc-session
        """
        return api_request(
            "POST", job_path(org, job_id, None, None, "/vnc-session"),
            cast=VNCSession, options=options,
        )  # fmt: skip

    @endpoint
    def ssh_session(
        self, org: str, job_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[SSHSession]:
        """Open an SSH session on a running job's hosted macOS agent.

        POST /v2/organizations/{org.slug}/jobs/{job.id}/ssh-session
        """
        return api_request(
            "POST", job_path(org, job_id, None, None, "/ssh-session"),
            cast=SSHSession, options=options,
        )  # fmt: skip


class Jobs(_JobsEndpoints, SyncAPIResource):
    def log_text(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """Get a job's raw log output (terminal escapes included).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options)
        return _text(self._pipeline.send(req))

    def log_html(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """Get a job's log rendered as HTML.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options, accept="text/html")
        return _text(self._pipeline.send(req))

    def log_size(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> int:
        """The size of a job's raw log in bytes, without downloading it.

        HEAD /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        HEAD /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options, method="HEAD")
        return _content_length(self._pipeline, self._pipeline.send(req))

    def tail(
        self,
        org: str,
        job_id: str,
        n: int,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> bytes:
        """The last ``n`` bytes of a job's raw log (fewer if the log is shorter).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log

        Bytes, because the cut may fall inside a UTF-8 character; an empty log gives ``b""``.
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options, tail=n)
        try:
            response = self._pipeline.send(req)
        except RangeNotSatisfiableError:
            return b""  # Buildkite answers 416 for an empty log
        return _tail(response, n)


class AsyncJobs(_JobsEndpoints, AsyncAPIResource):
    async def log_text(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """Get a job's raw log output (terminal escapes included).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options)
        return _text(await self._pipeline.send(req))

    async def log_html(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """Get a job's log rendered as HTML.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options, accept="text/html")
        return _text(await self._pipeline.send(req))

    async def log_size(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> int:
        """The size of a job's raw log in bytes, without downloading it.

        HEAD /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        HEAD /v2/organizations/{org.slug}/jobs/{job.id}/log
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options, method="HEAD")
        return _content_length(self._pipeline, await self._pipeline.send(req))

    async def tail(
        self,
        org: str,
        job_id: str,
        n: int,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> bytes:
        """The last ``n`` bytes of a job's raw log (fewer if the log is shorter).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/log
        GET /v2/organizations/{org.slug}/jobs/{job.id}/log

        Bytes, because the cut may fall inside a UTF-8 character; an empty log gives ``b""``.
        """  # noqa: E501
        req = _raw_log_request(org, job_id, pipeline, build, options, tail=n)
        try:
            response = await self._pipeline.send(req)
        except RangeNotSatisfiableError:
            return b""
        return _tail(response, n)
