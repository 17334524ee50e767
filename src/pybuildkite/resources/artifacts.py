"""Artifacts: list (a build's, a job's), get, delete, and download.

Single artifacts live under their job, on the organization-scoped route or, when
``pipeline=`` and ``build=`` are given, the build-scoped one (see
:mod:`pybuildkite.resources.jobs`).

Buildkite answers a download with a redirect to a short-lived signed URL on its storage.
:meth:`~Artifacts.url` returns that URL without following it; :meth:`~Artifacts.download`
follows it and streams the content in chunks (the token is never sent to the storage host);
:meth:`~Artifacts.download_to` writes it to a file that appears only once complete. Memory use
stays the same whatever the artifact's size.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, Unpack

import httpx

from .. import _constants as C
from .._encoding import path
from .._exceptions import ChecksumMismatchError
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_choices, check_str, require_positive_int
from ..types.artifacts import ARTIFACT_STATES, Artifact, ArtifactDownload, ArtifactState
from .jobs import job_path

if TYPE_CHECKING:
    from .._pipeline import AsyncPipeline, BasePipeline, SyncPipeline

__all__ = ["Artifacts", "AsyncArtifacts"]


def _build_artifacts(org: str, pipeline: str, build: int) -> str:
    return path(
        "/v2/organizations/{}/pipelines/{}/builds/{}/artifacts",
        org, pipeline, require_positive_int(build, "build"),
    )  # fmt: skip


def _filters(state: Any, glob: Any) -> dict[str, Any]:
    if state is not None and not isinstance(state, str):
        raise TypeError(f"state must be a str, not {type(state).__name__}")
    return {
        "state": check_choices(state, "state", ARTIFACT_STATES),
        "path": check_str(glob, "path"),
    }


def _download_request(
    org: str,
    job_id: str,
    artifact_id: str,
    pipeline: str | None,
    build: int | None,
    *,
    options: RequestOptions,
    follow: bool,
) -> APIRequest[ArtifactDownload]:
    route = job_path(org, job_id, pipeline, build, "/artifacts/{}/download", artifact_id)
    # Following the redirect, the answer is the file itself, whatever its type.
    headers = {"Accept": "*/*"} if follow else None
    req = api_request("GET", route, cast=ArtifactDownload, headers=headers, options=options)
    req.follow_redirects = follow
    return req


def _signed_url(
    pipeline: BasePipeline, req: APIRequest[ArtifactDownload], response: httpx.Response
) -> str:
    # Location carries the URL; the JSON body repeats it (and is all a 200 answer would have).
    return pipeline.redirect_url(response) or pipeline.decode(req, response).url


def _undecoded(response: httpx.Response) -> bool:
    """No content-encoding to undo: the bytes on the wire are the file, and reading them as
    they arrive skips httpx's re-chunking (the larger part of its per-chunk cost)."""
    encoding: str = response.headers.get("content-encoding", "identity")
    return encoding.lower() == "identity"


def _chunks(pipeline: SyncPipeline, req: APIRequest[Any]) -> Generator[bytes, None, None]:
    with pipeline.stream(req) as response:
        try:
            if _undecoded(response):
                yield from response.iter_raw()
            else:
                yield from response.iter_bytes(C.DOWNLOAD_CHUNK_SIZE)
        except httpx.TransportError as exc:
            raise pipeline.connection_error(exc, response.request) from exc


async def _achunks(pipeline: AsyncPipeline, req: APIRequest[Any]) -> AsyncGenerator[bytes, None]:
    async with pipeline.stream(req) as response:
        try:
            chunks = (
                response.aiter_raw()
                if _undecoded(response)
                else response.aiter_bytes(C.DOWNLOAD_CHUNK_SIZE)
            )
            async for chunk in chunks:
                yield chunk
        except httpx.TransportError as exc:
            raise pipeline.connection_error(exc, response.request) from exc


_SHA1 = re.compile(r"[0-9a-fA-F]{40}")

#: Called with the size of each chunk as it is written.
Progress = Callable[[int], object]


class _Writer:
    """Writes chunks to the part file, hashing them and reporting progress as they come."""

    def __init__(self, sha1sum: str | None, on_progress: Progress | None) -> None:
        if sha1sum is not None and not (isinstance(sha1sum, str) and _SHA1.fullmatch(sha1sum)):
            raise ValueError(f"sha1sum must be 40 hexadecimal digits, not {sha1sum!r}")
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, not {type(on_progress).__name__}")
        self.expected = sha1sum.lower() if sha1sum is not None else None
        self.on_progress = on_progress
        self.digest = hashlib.sha1(usedforsecurity=False) if sha1sum is not None else None

    def write(self, file: BinaryIO, chunk: bytes) -> None:
        file.write(chunk)
        if self.digest is not None:
            self.digest.update(chunk)
        if self.on_progress is not None:
            self.on_progress(len(chunk))

    def check(self, dest: Path) -> None:
        """Raised inside the part file's ``with``: a mismatch leaves no file behind."""
        if self.digest is not None and self.expected is not None:
            actual = self.digest.hexdigest()
            if actual != self.expected:
                raise ChecksumMismatchError(
                    f"download of {dest.name!r} has SHA-1 {actual}, expected {self.expected}; "
                    "the file was not kept",
                    expected=self.expected,
                    actual=actual,
                )


class _PartFile:
    """Write ``dest`` through a temporary file beside it, renamed into place once complete.

    The rename is atomic within a directory, so ``dest`` is either absent (or its old
    content) or the whole download, never a partial file; on failure the temporary file goes.
    """

    def __init__(self, dest: str | os.PathLike[str]) -> None:
        if not isinstance(dest, str | os.PathLike):
            raise TypeError(f"dest must be a str or path, not {type(dest).__name__}")
        self.dest = Path(dest)
        if self.dest.is_dir():
            raise ValueError(f"dest {str(self.dest)!r} is a directory; pass the file to write")
        self.tmp = self.dest.with_name(f".{self.dest.name}.{secrets.token_hex(6)}.part")
        self.file: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        # "x": never clobber a file of the same name; the umask applies as for any new file.
        self.file = open(self.tmp, "xb")
        return self.file

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.file is not None
        done = False
        try:
            if exc_type is None:
                self.file.flush()
                os.fsync(self.file.fileno())
                self.file.close()
                os.replace(self.tmp, self.dest)
                done = True
        finally:
            if not done:
                self.file.close()
                with contextlib.suppress(FileNotFoundError):
                    self.tmp.unlink()


class _ArtifactsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        pipeline: str,
        build: int,
        *,
        state: ArtifactState | None = None,
        path: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Artifact]:
        """List a build's artifacts.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/artifacts

        ``path`` matches exactly or as a glob (``"logs/*"``).
        """
        return api_request(
            "GET", _build_artifacts(org, pipeline, build), cast=Artifact,
            query=_filters(state, path), options=options, paginate="page", per_page=per_page,
            limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @paginated
    def list_for_job(
        self,
        org: str,
        job_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        state: ArtifactState | None = None,
        path: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Artifact]:
        """List a job's artifacts.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts
        """  # noqa: E501
        return api_request(
            "GET", job_path(org, job_id, pipeline, build, "/artifacts"), cast=Artifact,
            query=_filters(state, path), options=options, paginate="page", per_page=per_page,
            limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Artifact]:
        """Get an artifact.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}
        """  # noqa: E501
        route = job_path(org, job_id, pipeline, build, "/artifacts/{}", artifact_id)
        return api_request("GET", route, cast=Artifact, options=options)

    @endpoint
    def delete(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Delete an artifact from Buildkite's storage (an organization's own bucket is left alone).

        DELETE /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}
        DELETE /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}
        """  # noqa: E501
        route = job_path(org, job_id, pipeline, build, "/artifacts/{}", artifact_id)
        return api_request("DELETE", route, cast=None, options=options)


class Artifacts(_ArtifactsEndpoints, SyncAPIResource):
    def url(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """The artifact's signed download URL, valid for a short time (assume a minute).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}/download
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}/download
        """  # noqa: E501
        req = _download_request(
            org, job_id, artifact_id, pipeline, build, options=options, follow=False
        )
        return _signed_url(self._pipeline, req, self._pipeline.send(req))

    def download(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Iterator[bytes]:
        """Stream an artifact's content: ``for chunk in client.artifacts.download(...)``.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}/download
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}/download

        Nothing is sent until iteration starts. A connection lost midway raises
        :class:`~pybuildkite.APIConnectionError`.
        """  # noqa: E501
        req = _download_request(
            org, job_id, artifact_id, pipeline, build, options=options, follow=True
        )
        return _chunks(self._pipeline, req)

    def download_to(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        dest: str | os.PathLike[str],
        *,
        pipeline: str | None = None,
        build: int | None = None,
        sha1sum: str | None = None,
        on_progress: Progress | None = None,
        **options: Unpack[RequestOptions],
    ) -> Path:
        """Download an artifact to the file ``dest``; returns its path.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}/download
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}/download

        ``dest`` appears (or is replaced) only once the whole artifact has arrived; a failed
        download leaves no partial file behind. With ``sha1sum`` (e.g. the artifact's own
        ``sha1sum``) the content is checked first: a mismatch raises
        :class:`~pybuildkite.ChecksumMismatchError` and keeps nothing. ``on_progress`` is
        called with the size of each chunk as it is written.
        """  # noqa: E501
        writer = _Writer(sha1sum, on_progress)
        req = _download_request(
            org, job_id, artifact_id, pipeline, build, options=options, follow=True
        )
        part = _PartFile(dest)
        chunks = _chunks(self._pipeline, req)
        with contextlib.closing(chunks), part as file:
            for chunk in chunks:
                writer.write(file, chunk)
            writer.check(part.dest)
        return part.dest


class AsyncArtifacts(_ArtifactsEndpoints, AsyncAPIResource):
    async def url(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> str:
        """The artifact's signed download URL, valid for a short time (assume a minute).

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}/download
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}/download
        """  # noqa: E501
        req = _download_request(
            org, job_id, artifact_id, pipeline, build, options=options, follow=False
        )
        return _signed_url(self._pipeline, req, await self._pipeline.send(req))

    def download(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        *,
        pipeline: str | None = None,
        build: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[bytes]:
        """Stream an artifact's content: ``for chunk in client.artifacts.download(...)``.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}/download
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}/download

        Nothing is sent until iteration starts. A connection lost midway raises
        :class:`~pybuildkite.APIConnectionError`.
        """  # noqa: E501
        req = _download_request(
            org, job_id, artifact_id, pipeline, build, options=options, follow=True
        )
        return _achunks(self._pipeline, req)

    async def download_to(
        self,
        org: str,
        job_id: str,
        artifact_id: str,
        dest: str | os.PathLike[str],
        *,
        pipeline: str | None = None,
        build: int | None = None,
        sha1sum: str | None = None,
        on_progress: Progress | None = None,
        **options: Unpack[RequestOptions],
    ) -> Path:
        """Download an artifact to the file ``dest``; returns its path.

        GET /v2/organizations/{org.slug}/pipelines/{pipeline.slug}/builds/{build.number}/jobs/{job.id}/artifacts/{id}/download
        GET /v2/organizations/{org.slug}/jobs/{job.id}/artifacts/{id}/download

        As :meth:`Artifacts.download_to`: no partial file on failure, ``sha1sum`` checked
        before the file is kept, ``on_progress`` called with each chunk's size.
        """  # noqa: E501
        writer = _Writer(sha1sum, on_progress)
        req = _download_request(
            org, job_id, artifact_id, pipeline, build, options=options, follow=True
        )
        part = _PartFile(dest)
        chunks = _achunks(self._pipeline, req)
        # Writes go straight to the file: a chunk's local write is brief next to the network
        # read before it, and a thread hop per chunk would cost more than it saves.
        async with contextlib.aclosing(chunks):
            with part as file:
                async for chunk in chunks:
                    writer.write(file, chunk)
                writer.check(part.dest)
        return part.dest
