"""``client.graphql``: Buildkite's GraphQL API through the same pipeline as REST.

>>> data = client.graphql("query { viewer { user { name } } }")  # doctest: +SKIP
>>> for pipeline in client.graphql.paginate(ORGANIZATION_PIPELINES, {"slug": "acme"}):
...     print(pipeline["slug"])  # doctest: +SKIP

Requests go to the client's ``graphql_url`` with the client's token, retries and rate-limit
handling. A response with GraphQL ``errors`` raises :class:`GraphQLError`; a query refused for
its complexity raises :class:`QueryTooComplexError`, which is never retried (it would be
refused again).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ._exceptions import (
    APIResponseValidationError,
    BuildkiteError,
    PaginationError,
    redacted_request,
    redacted_response,
)
from ._request import APIRequest, api_request

if TYPE_CHECKING:
    from graphql import GraphQLSchema

    from ._client import AsyncClient, Client

__all__ = [
    "AsyncGraphQL",
    "GraphQL",
    "GraphQLError",
    "QueryTooComplexError",
    "load_schema",
    "validate",
]

_TOO_COMPLEX = re.compile(
    r"complexity of (\d+),? which exceeds (?:the )?max(?:imum)? complexity of (\d+)", re.IGNORECASE
)


class GraphQLError(BuildkiteError):
    """The server answered with GraphQL ``errors``.

    ``errors`` is the list as sent; ``data`` is whatever partial result came with it (often
    ``None``); ``response`` is the HTTP response with credentials removed.
    """

    errors: list[dict[str, Any]]
    data: Any
    response: httpx.Response | None

    def __init__(
        self,
        message: str,
        *,
        errors: list[dict[str, Any]],
        data: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors
        self.data = data
        self.response = response

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields are not in ``args``, so the default reduce could not rebuild us.
        return (_restore, (type(self), self.__dict__))

    @property
    def messages(self) -> list[str]:
        return [str(err.get("message", "")) for err in self.errors]

    @property
    def paths(self) -> list[list[str | int] | None]:
        return [
            err.get("path") if isinstance(err.get("path"), list) else None for err in self.errors
        ]


def _restore(cls: type[GraphQLError], state: dict[str, Any]) -> GraphQLError:
    obj = cls.__new__(cls)
    Exception.__init__(obj, state.get("message", ""))
    obj.__dict__.update(state)
    return obj


class QueryTooComplexError(GraphQLError):
    """The query's requested complexity exceeds the per-query cap; split or narrow it."""

    complexity: int | None
    max_complexity: int | None

    def __init__(
        self,
        message: str,
        *,
        errors: list[dict[str, Any]],
        data: Any = None,
        response: httpx.Response | None = None,
        complexity: int | None = None,
        max_complexity: int | None = None,
    ) -> None:
        super().__init__(message, errors=errors, data=data, response=response)
        self.complexity = complexity
        self.max_complexity = max_complexity


# -- shared by both clients ---------------------------------------------------------------------


def _request_body(
    query: str, variables: Mapping[str, Any] | None, operation_name: str | None
) -> dict[str, Any]:
    if not isinstance(query, str) or not query.strip():
        raise ValueError("query must be a non-empty GraphQL document")
    if variables is not None and not isinstance(variables, Mapping):
        raise TypeError(f"variables must be a mapping, not {type(variables).__name__}")
    body: dict[str, Any] = {"query": query, "variables": dict(variables or {})}
    if operation_name is not None:
        body["operationName"] = operation_name
    return body


def _safe(response: httpx.Response) -> httpx.Response:
    return redacted_response(response, redacted_request(response.request))


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:10]:
        text = str(err.get("message", "error"))
        path = err.get("path")
        if isinstance(path, list) and path:
            text += f" (at {'.'.join(str(p) for p in path)})"
        parts.append(text)
    more = f" (+{len(errors) - 10} more)" if len(errors) > 10 else ""
    return "; ".join(parts) + more


def _result(response: httpx.Response) -> dict[str, Any]:
    """``data`` from a 2xx GraphQL response, or the matching exception."""
    try:
        body = json.loads(response.content)
    except ValueError:
        ctype = response.headers.get("content-type", "?")
        raise APIResponseValidationError(
            f"POST {response.request.url.path} -> {response.status_code}: "
            f"GraphQL answer is not JSON (content-type {ctype})",
            response=_safe(response),
        ) from None
    if not isinstance(body, dict):
        raise APIResponseValidationError(
            f"POST {response.request.url.path}: GraphQL answer is not a JSON object",
            response=_safe(response),
        )
    data = body.get("data")
    raw_errors = body.get("errors")
    if raw_errors:
        errors = [e if isinstance(e, dict) else {"message": str(e)} for e in raw_errors]
        message = _describe(errors)
        for err in errors:
            match = _TOO_COMPLEX.search(str(err.get("message", "")))
            if match:
                raise QueryTooComplexError(
                    message, errors=errors, data=data, response=_safe(response),
                    complexity=int(match.group(1)), max_complexity=int(match.group(2)),
                )  # fmt: skip
        raise GraphQLError(message, errors=errors, data=data, response=_safe(response))
    if not isinstance(data, dict):
        raise APIResponseValidationError(
            f"POST {response.request.url.path}: GraphQL answer has neither data nor errors",
            response=_safe(response),
        )
    return data


def _check_path(path: str) -> list[str]:
    if not isinstance(path, str) or not path.strip("."):
        raise ValueError("path must name a connection, e.g. 'organization.pipelines'")
    return path.split(".")


def _page(data: Mapping[str, Any], keys: Sequence[str]) -> tuple[list[Any], str | None]:
    """The nodes of one page and the cursor of the next (``None`` on the last page)."""
    node: Any = data
    for i, key in enumerate(keys):
        if not isinstance(node, Mapping) or key not in node:
            where = ".".join(keys[: i + 1])
            raise PaginationError(f"the response has no {where!r}; check path= against the query")
        node = node[key]
        if node is None:
            # e.g. ``organization: null`` for a slug that does not exist: nothing to list.
            return [], None
    if not isinstance(node, Mapping):
        raise PaginationError(f"{'.'.join(keys)!r} is not a connection")
    if isinstance(node.get("edges"), list):
        items = [edge.get("node") for edge in node["edges"] if isinstance(edge, Mapping)]
    elif isinstance(node.get("nodes"), list):
        items = list(node["nodes"])
    else:
        raise PaginationError(f"{'.'.join(keys)!r} selects neither edges {{ node }} nor nodes")
    info = node.get("pageInfo")
    if not isinstance(info, Mapping) or "hasNextPage" not in info or "endCursor" not in info:
        raise PaginationError(
            f"{'.'.join(keys)!r} must select pageInfo {{ hasNextPage endCursor }} to paginate"
        )
    cursor = info.get("endCursor")
    if not info.get("hasNextPage") or not cursor:
        return [n for n in items if n is not None], None
    return [n for n in items if n is not None], str(cursor)


class _Cursors:
    """Refuses a cursor seen before, so a server that repeats itself cannot loop us forever."""

    def __init__(self, variables: Mapping[str, Any] | None, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError("cursor_variable must be a variable name such as 'after'")
        self.variables = dict(variables or {})
        self.name = name
        self._seen: set[str] = set()

    def advance(self, cursor: str) -> None:
        if cursor in self._seen:
            raise PaginationError(f"the server repeated the cursor {cursor!r}; stopping")
        self._seen.add(cursor)
        self.variables[self.name] = cursor


_MUTATION = re.compile(r"(?:^|[\s}])mutation\b")
_COMMENT = re.compile(r"#[^\n]*")


def _post(url: str, body: dict[str, Any], query: str) -> APIRequest[Any]:
    """The POST of a document. A query (no mutation in the document) reads only, so it is
    retried like a GET on 5xx and timeouts; a mutation is sent at most once."""
    req = api_request("POST", url, body=body)
    req.idempotent = not _MUTATION.search(_COMMENT.sub("", query))
    return req


class GraphQL:
    """``client.graphql``: call it to run a document, or ``paginate()`` a connection."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def __call__(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """Run ``query`` and return its ``data``; GraphQL ``errors`` raise :class:`GraphQLError`."""
        body = _request_body(query, variables, operation_name)
        url = str(self._client.graphql_url)
        return _result(self._client._pipeline.send(_post(url, body, query)))

    def paginate(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        path: str = "organization.pipelines",
        cursor_variable: str = "after",
        operation_name: str | None = None,
    ) -> Iterator[Any]:
        """Yield every node of the connection at ``path``, one request per page, lazily.

        The query must declare ``$after: String`` (or ``cursor_variable``), pass it to the
        connection, and select ``pageInfo { hasNextPage endCursor }`` with ``edges { node }`` or
        ``nodes``.
        """
        keys = _check_path(path)
        cursors = _Cursors(variables, cursor_variable)
        _request_body(query, cursors.variables, operation_name)  # fail now, not on next()

        def pages() -> Iterator[Any]:
            while True:
                data = self(query, cursors.variables, operation_name=operation_name)
                nodes, cursor = _page(data, keys)
                yield from nodes
                if cursor is None:
                    return
                cursors.advance(cursor)

        return pages()


class AsyncGraphQL:
    """``AsyncClient.graphql``: the same calls, awaited."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def __call__(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """Run ``query`` and return its ``data``; GraphQL ``errors`` raise :class:`GraphQLError`."""
        body = _request_body(query, variables, operation_name)
        url = str(self._client.graphql_url)
        return _result(await self._client._pipeline.send(_post(url, body, query)))

    def paginate(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        path: str = "organization.pipelines",
        cursor_variable: str = "after",
        operation_name: str | None = None,
    ) -> AsyncIterator[Any]:
        """Yield every node of the connection at ``path`` (``async for``), one page at a time."""
        keys = _check_path(path)
        cursors = _Cursors(variables, cursor_variable)
        _request_body(query, cursors.variables, operation_name)

        async def pages() -> AsyncIterator[Any]:
            while True:
                data = await self(query, cursors.variables, operation_name=operation_name)
                nodes, cursor = _page(data, keys)
                for node in nodes:
                    yield node
                if cursor is None:
                    return
                cursors.advance(cursor)

        return pages()


# -- validation (needs graphql-core) -------------------------------------------------------------


def _graphql_core() -> Any:
    try:
        import graphql
    except ImportError as err:
        raise ImportError(
            "validating GraphQL documents needs graphql-core: pip install 'pybuildkite[graphql]'"
        ) from err
    return graphql


@lru_cache(maxsize=8)
def _schema_from_sdl(sdl: str) -> GraphQLSchema:
    schema: GraphQLSchema = _graphql_core().build_schema(sdl)
    return schema


def load_schema(schema: str | os.PathLike[str] | GraphQLSchema) -> GraphQLSchema:
    """A graphql-core schema from SDL text, a path to an SDL file, or a schema (returned as is).

    A ``str`` counts as SDL when it contains ``{`` (every schema does) and as a path otherwise.
    """
    graphql = _graphql_core()
    if isinstance(schema, graphql.GraphQLSchema):
        return schema  # type: ignore[no-any-return]
    if isinstance(schema, os.PathLike) or (isinstance(schema, str) and "{" not in schema):
        sdl = Path(schema).read_text(encoding="utf-8")
    elif isinstance(schema, str):
        sdl = schema
    else:
        raise TypeError(
            f"schema must be SDL, a path or a GraphQLSchema, not {type(schema).__name__}"
        )
    return _schema_from_sdl(sdl)


def validate(document: str, schema: str | os.PathLike[str] | GraphQLSchema) -> list[str]:
    """Check ``document`` against ``schema``; return the problems found (empty when valid).

    Each problem reads ``"line:column: message"``. Needs the optional graphql-core package.
    """
    graphql = _graphql_core()
    resolved = load_schema(schema)
    try:
        parsed = graphql.parse(document)
    except graphql.GraphQLError as err:
        return [_located(err)]
    return [_located(err) for err in graphql.validate(resolved, parsed)]


def _located(err: Any) -> str:
    locations = err.locations or []
    where = f"{locations[0].line}:{locations[0].column}: " if locations else ""
    return where + str(err.message)
