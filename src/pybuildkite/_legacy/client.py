"""The 1.x ``Client`` (the one request helper every 1.x method uses) and ``Response``.

``Client.request`` keeps 1.x's contract (absolute URL in; parsed JSON, ``bytes``, a chunk
iterator, ``True`` or a :class:`Response` out) and sends through a :class:`pybuildkite.Client`,
created on first use and recreated when the token or the server changes.
"""

# 1.x's methods take their arguments positionally; their signatures are kept as they were.
# ruff: noqa: PLR0917

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
import weakref
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

import pybuildkite
from pybuildkite import NOT_GIVEN, APIConnectionError, APIStatusError

from .exceptions import legacy_error

__all__ = ["Client", "Response", "legacy_stream"]

_CHUNK_SIZE = 64 * 1024
_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([^",;]+)"?')


def _query_value(value: Any) -> Any:
    """Make a 1.x query value acceptable to the 2.x encoder (which 1.x's ``str()`` was)."""
    if isinstance(value, dt.datetime) and value.utcoffset() is None:
        return value.astimezone()  # a naive datetime is local time, as Python reads it
    if isinstance(value, Mapping):
        return {key: _query_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_query_value(item) for item in value]
    if isinstance(value, str | int | float | dt.date | enum.Enum):
        return value
    return str(value)


def _legacy_errors(chunks: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from chunks
    except (APIStatusError, APIConnectionError) as err:
        raise legacy_error(err) from err


def legacy_stream(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A 2.x download stream as 1.x gave it: the request is sent (and an error raised) now,
    the content arrives as the iterator is consumed."""
    stream = _legacy_errors(chunks)
    first = next(stream, None)
    return itertools.chain(() if first is None else (first,), stream)


class Client:
    """Internal API client of the 1.x API (``Buildkite().client``)."""

    def __init__(self, per_page: int = 100) -> None:
        """Create the client.

        :param per_page: Number of items per page for API requests (default: 100)
        """
        self.access_token = ""
        self.per_page = per_page
        self._core: pybuildkite.Client | None = None
        self._core_key: tuple[str, str] | None = None
        self._closer: weakref.finalize[[], Client] | None = None

    def is_access_token_set(self) -> bool:
        """Has this client got an access token set in it."""
        return self.access_token != ""

    def set_client_access_token(self, access_token: str) -> None:
        """Set an access token to use for API calls."""
        self.access_token = access_token

    def close(self) -> None:
        """Close the connection pool (it is also closed when the client is garbage-collected)."""
        if self._closer is not None:
            self._closer()  # closes the pool once, and forgets it
        self._core = self._core_key = self._closer = None

    def _core_client(self, url: str) -> pybuildkite.Client:
        """The 2.x client for this token and the server ``url`` is on, made on first use."""
        parts = httpx.URL(url)
        prefix, v2, _ = parts.path.partition("/v2/")
        server = f"{parts.scheme}://{parts.netloc.decode('ascii')}{prefix if v2 else ''}"
        key = (self.access_token, server)
        if self._core is None or self._core_key != key:
            self.close()
            core = pybuildkite.Client(
                token=self.access_token or None,
                base_url=server,
                # 1.x went wherever base_url pointed; a plain-http URL is the caller's choice.
                allow_insecure_http=parts.scheme == "http",
            )
            self._core, self._core_key = core, key
            self._closer = weakref.finalize(self, core.close)
        return self._core

    def request(
        self,
        method: str,
        url: str,
        query_params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        with_pagination: bool = False,
        as_stream: bool = False,
    ) -> Any:
        """Make a request to the API.

        With no ``Accept`` header, or ``application/json``, the answer is parsed JSON; with any
        other ``Accept`` it is ``bytes``, or with ``as_stream=True`` an iterator of ``bytes``
        chunks. ``DELETE`` and answers without a body give ``True``; ``with_pagination=True``
        gives a :class:`Response`. 4xx/5xx answers raise
        :class:`pybuildkite.exceptions.HTTPError` (also a ``requests`` ``HTTPError``).

        :param method: HTTP method to use
        :param url: URL to call
        :param query_params: Query parameters to use (``None`` values are left out)
        :param body: Body of the request (``None`` values are left out)
        :param headers: Dictionary of headers to use in HTTP request
        :param with_pagination: Bool to return a response with pagination attributes
        :param as_stream: Bool to stream the bytes response
        :return: response as parsed json, bytes, bytes chunks iterator, True or Response
        """
        headers = dict(headers or {})
        params = {k: _query_value(v) for k, v in (query_params or {}).items() if v is not None}
        if params.get("page") == 0:
            del params["page"]  # 1.x's default page=0 means the first page: leave it to the API
        params["per_page"] = str(self.per_page)
        json: Any = NOT_GIVEN
        if body is not None:
            json = {k: v for k, v in body.items() if v is not None}
        accept = headers.get("Accept")
        if as_stream and accept not in (None, "application/json"):
            # Streamed from the socket as the caller iterates, never held whole in memory.
            core = self._core_client(url)

            def chunks() -> Iterator[bytes]:
                with core.stream(method, url, params=params, json=json, headers=headers) as r:
                    yield from r.iter_bytes(_CHUNK_SIZE)

            return legacy_stream(chunks())
        try:
            response = self._core_client(url).request(
                method, url, params=params, json=json, headers=headers
            )
        except (APIStatusError, APIConnectionError) as err:
            raise legacy_error(err) from err

        if with_pagination:
            return Response(response.json()).append_pagination_data(response.headers)
        if (
            method.upper() == "DELETE"
            or response.status_code == 204
            or response.headers.get("content-type") is None
        ):
            return True
        if accept is None or accept == "application/json":
            return response.json()
        return response.content

    def get(
        self,
        url: str,
        query_params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        with_pagination: bool = False,
        as_stream: bool = False,
    ) -> Any:
        """Make a GET request to the API."""
        return self.request(
            "GET",
            url=url,
            query_params=query_params,
            headers=headers,
            with_pagination=with_pagination,
            as_stream=as_stream,
        )

    def post(
        self,
        url: str,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> Any:
        """Make a POST request to the API."""
        return self.request("POST", url=url, query_params=query_params, body=body, headers=headers)

    def put(
        self,
        url: str,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> Any:
        """Make a PUT request to the API."""
        return self.request("PUT", url=url, query_params=query_params, body=body, headers=headers)

    def delete(
        self,
        url: str,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> Any:
        """Make a DELETE request to the API."""
        return self.request(
            "DELETE", url=url, query_params=query_params, body=body, headers=headers
        )

    def patch(
        self,
        url: str,
        body: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        query_params: Mapping[str, Any] | None = None,
    ) -> Any:
        """Make a PATCH request to the API."""
        return self.request("PATCH", url=url, query_params=query_params, body=body, headers=headers)


class Response:
    """Response object used for pagination requests (``with_pagination=True``)."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.next_page: int | None = None
        self.last_page: int | None = None
        self.first_page: int | None = None
        self.previous_page: int | None = None

    def append_pagination_data(self, response_headers: Mapping[str, str]) -> Response:
        """Add pagination data to the response based on its ``Link`` header."""
        attributes = {
            "next": "next_page",
            "last": "last_page",
            "first": "first_page",
            "prev": "previous_page",
        }
        for url, rel in _LINK.findall(response_headers.get("Link") or ""):
            if rel in attributes:
                setattr(self, attributes[rel], self._get_page_number_from_url(url))
        return self

    def _get_page_number_from_url(self, url: str) -> int:
        """The ``page`` query parameter of ``url`` (0 when there is none)."""
        for key, value in parse_qsl(urlsplit(url.strip("<> ")).query):
            if key == "page":
                return int(value)
        return 0
