"""Packages: publish (a multipart upload), request a presigned upload, list, get, copy to
another registry, delete. Buildkite answers 200 to every call here, deletes included."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from typing import IO, Unpack, cast

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_str
from ..types.packages import Package, PresignedUpload

__all__ = ["AsyncPackages", "FileInput", "Packages"]

#: What ``publish`` accepts: a path, the package's bytes, or a file opened in binary mode.
FileInput = str | os.PathLike[str] | bytes | IO[bytes]


def _packages(org: str, registry: str, package_id: str | None = None) -> str:
    route = path("/v2/packages/organizations/{}/registries/{}/packages", org, registry)
    return route if package_id is None else route + "/" + path("{}", package_id)


@contextlib.contextmanager
def _opened(file: object, filename: str | None) -> Iterator[tuple[IO[bytes], str]]:
    """The file to stream and the name to give it; a path is opened here and closed after."""
    check_str(filename, "filename")
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:
            yield handle, filename or os.path.basename(os.fspath(file))
        return
    if isinstance(file, bytes | bytearray | memoryview):
        if filename is None:
            raise ValueError("filename is required when file is bytes (the registry indexes by it)")
        yield io.BytesIO(bytes(file)), filename
        return
    if isinstance(file, io.TextIOBase):
        raise TypeError("file must be opened in binary mode ('rb'), not text mode")
    if not hasattr(file, "read"):
        raise TypeError(
            f"file must be a path, bytes or a binary file object, not {type(file).__name__}"
        )
    name = filename or getattr(file, "name", None)
    if not isinstance(name, str) or not name:
        raise ValueError("filename is required when the file object has no name")
    yield cast(IO[bytes], file), os.path.basename(name)


@contextlib.contextmanager
def _publishing(
    org: str, registry: str, file: FileInput, filename: str | None, options: RequestOptions
) -> Iterator[APIRequest[Package]]:
    """The publish request with a streamed ``multipart/form-data`` body (field ``file``)."""
    if "extra_body" in options:
        raise TypeError("publish sends multipart/form-data; extra_body does not apply")
    req: APIRequest[Package] = api_request(
        "POST", _packages(org, registry), cast=Package, options=options
    )
    with _opened(file, filename) as (handle, name):
        # httpx streams the file chunk by chunk, and rewinds it if a retry sends it again.
        req.files = {"file": (name, handle)}
        yield req


class _PackagesEndpoints:
    @endpoint
    def request_presigned_upload(
        self, org: str, registry: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[PresignedUpload]:
        """Ask where to upload a package file directly to storage.

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages/upload

        Send the file as the answer's ``form`` describes, then create the package from the
        uploaded file. Not in Buildkite's REST docs; the official Go client uses it.
        """
        return api_request(
            "POST", _packages(org, registry) + "/upload", cast=PresignedUpload, options=options
        )

    @paginated
    def list(
        self,
        org: str,
        registry: str,
        *,
        name: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Package]:
        """List a registry's packages, newest first; ``name`` keeps one package's versions.

        GET /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages
        """
        return api_request(
            "GET", _packages(org, registry), cast=Package, query={"name": check_str(name, "name")},
            options=options, paginate="cursor", per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, registry: str, id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Package]:
        """Get a package.

        GET /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages/{id}
        """
        return api_request("GET", _packages(org, registry, id), cast=Package, options=options)

    @endpoint
    def copy(
        self, org: str, registry: str, id: str, *, to: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Package]:
        """Copy a package to the registry whose slug is ``to``; returns the copy.

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages/{package.id}/copy

        Only alpine, deb, files, npm, python, rpm and ruby packages can be copied.
        """  # noqa: E501
        return api_request(
            "POST", _packages(org, registry, id) + "/copy", cast=Package,
            query={"to": check_str(to, "to")}, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, registry: str, id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a package.

        DELETE /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages/{id}
        """
        return api_request("DELETE", _packages(org, registry, id), options=options)


class Packages(_PackagesEndpoints, SyncAPIResource):
    def publish(
        self,
        org: str,
        registry: str,
        file: FileInput,
        *,
        filename: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Package:
        """Publish a package file, streamed as ``multipart/form-data`` (field ``file``).

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages

        ``file`` is a path, bytes or a binary file object; ``filename`` names it (required for
        bytes and for file objects without a ``name``). A path is opened and closed here; a
        file object is read from its start and left open.
        """
        with _publishing(org, registry, file, filename, options) as req:
            return self._pipeline.execute(req)


class AsyncPackages(_PackagesEndpoints, AsyncAPIResource):
    async def publish(
        self,
        org: str,
        registry: str,
        file: FileInput,
        *,
        filename: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Package:
        """Publish a package file, streamed as ``multipart/form-data`` (field ``file``).

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}/packages

        ``file`` is a path, bytes or a binary file object; ``filename`` names it (required for
        bytes and for file objects without a ``name``). A path is opened and closed here; a
        file object is read from its start and left open.
        """
        with _publishing(org, registry, file, filename, options) as req:
            return await self._pipeline.execute(req)
