"""``pybuildkite api``, ``graphql`` and ``rate-limit``: raw access through the client's own
pipeline (authentication, retries, rate-limit pacing and error handling included)."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Iterable
from typing import Any

import click
import httpx
from rich.table import Table

from .. import Client, RateLimitScope, RateLimitSnapshot
from ._context import State, api_command, dump_json, pairs
from ._format import table

__all__ = ["api", "current_rate_limit", "graphql", "rate_limit", "rate_limit_table"]

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
_NO_BODY = frozenset({"GET", "HEAD", "DELETE"})


def _typed(value: str) -> Any:
    """``-F`` values: JSON literals (true, 3, null, [..]) become typed, anything else stays text;
    ``@file`` reads the file (``@-`` standard input)."""
    if value.startswith("@"):
        return _read_arg(value)
    try:
        return json.loads(value)
    except ValueError:
        return value


def _read_arg(value: str) -> str:
    name = value[1:]
    if name == "-":
        return sys.stdin.read()
    with open(name, encoding="utf-8") as f:
        return f.read()


def _fields(raw: Iterable[str], typed: Iterable[str]) -> list[tuple[str, Any]]:
    return [*pairs(raw, "-f"), *((k, _typed(v)) for k, v in pairs(typed, "-F"))]


def _query(fields: list[tuple[str, Any]]) -> dict[str, Any]:
    """Query parameters keep their names; ``key[]`` collects repeated values into a list."""
    params: dict[str, Any] = {}
    for key, value in fields:
        if key.endswith("[]"):
            params.setdefault(key, []).append(value)
        else:
            params[key] = value
    return params


_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")


def _body(fields: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON body: ``env[FOO]=1`` nests (``{"env": {"FOO": "1"}}``), ``tags[]=a`` appends."""
    body: dict[str, Any] = {}
    for key, value in fields:
        match = _KEY.fullmatch(key)
        if match is None:
            raise click.BadParameter(f"malformed key {key!r}", param_hint="-f/-F")
        *parents, leaf = [match[1], *re.findall(r"\[([^\[\]]*)\]", match[2])]
        appending = leaf == ""
        if appending:
            leaf = parents.pop()
        if "" in parents:
            raise click.BadParameter(f"'[]' may only end a key: {key!r}", param_hint="-f/-F")
        node = body
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise click.BadParameter(
                    f"{key!r} conflicts with another field", param_hint="-f/-F"
                )
        if appending:
            target = node.setdefault(leaf, [])
            if not isinstance(target, list):
                raise click.BadParameter(
                    f"{key!r} conflicts with another field", param_hint="-f/-F"
                )
            target.append(value)
        else:
            node[leaf] = value
    return body


def _decode(response: httpx.Response) -> Any:
    if not response.content:
        return None
    if "json" in response.headers.get("content-type", "json"):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


def _paginate(client: Client, path: str, params: dict[str, Any]) -> list[Any]:
    """Every item of a listing, page style (``Link: rel="next"``) or cursor style
    (``{"items": [...], "links": {"next": ...}}``), merged into one list."""
    items: list[Any] = []
    seen: set[str] = set()
    url: str | None = path
    first = True
    while url is not None:
        response = client.request("GET", url, params=params if first else None)
        first = False
        data = _decode(response)
        if isinstance(data, list):
            items.extend(data)
            url = response.links.get("next", {}).get("url")
        elif isinstance(data, dict) and isinstance(data.get("items"), list):
            items.extend(data["items"])
            links = data.get("links")
            url = links.get("next") if isinstance(links, dict) else None
        else:
            raise click.ClickException(f"{path} is not a paginated listing")
        if url is not None:
            if not _same_origin(response.request.url.join(url), client.base_url):
                raise click.ClickException(f"refusing to follow a next link to {url!r}")
            if url in seen:
                break  # a server repeating a link would otherwise keep us here forever
            seen.add(url)
    return items


@click.command()
@click.argument("method", type=click.Choice(_METHODS, case_sensitive=False))
@click.argument("path")
@click.option(
    "-f",
    "--raw-field",
    "raw",
    multiple=True,
    metavar="KEY=VALUE",
    help="A string field: the query for GET, HEAD and DELETE, else the JSON body.",
)
@click.option(
    "-F",
    "--field",
    "typed",
    multiple=True,
    metavar="KEY=VALUE",
    help="Like -f, but JSON literals (true, 42, null) are typed and @file is read.",
)
@click.option("--paginate", is_flag=True, help="Follow next links; print one merged array.")
@api_command(org=False, json_output=False)
def api(
    state: State,
    *,
    method: str,
    path: str,
    raw: tuple[str, ...],
    typed: tuple[str, ...],
    paginate: bool,
) -> None:
    """Send METHOD PATH (e.g. GET /v2/user) and print the answer.

    Keys nest with brackets: -f 'env[FOO]=bar' -f 'tags[]=a' -f 'tags[]=b'.
    """
    method = method.upper()
    fields = _fields(raw, typed)
    if paginate and method != "GET":
        raise click.UsageError("--paginate only works with GET")
    if paginate:
        result: Any = _paginate(state.client, path, _query(fields))
    elif method in _NO_BODY:
        result = _decode(state.client.request(method, path, params=_query(fields) or None))
    else:
        result = _decode(state.client.request(method, path, json=_body(fields)))
    if isinstance(result, str):
        sys.stdout.write(result)
    elif result is not None:
        click.echo(dump_json(result))


@click.command()
@click.argument("query")
@click.option(
    "-F",
    "--field",
    "typed",
    multiple=True,
    metavar="KEY=VALUE",
    help="A variable (JSON literals are typed; @file is read).",
)
@api_command(org=False, json_output=False)
def graphql(state: State, query: str, typed: tuple[str, ...]) -> None:
    """Run a GraphQL QUERY (the text, or @file, or @- for standard input); print the JSON.

    The endpoint is --graphql-url (BUILDKITE_GRAPHQL_URL); the emulator serves it at
    <its URL>/graphql.
    """
    if query.startswith("@"):
        query = _read_arg(query)
    variables = {k: _typed(v) for k, v in pairs(typed, "-F")}
    click.echo(dump_json(state.client.graphql(query, variables or None)))


def rate_limit_table(snapshot: RateLimitSnapshot) -> Table:
    def row(name: str, scope: RateLimitScope | None) -> tuple[str, ...]:
        if scope is None:
            return (name, "-", "-", "-", "not reported")

        def text(value: float | None) -> str:
            return "-" if value is None else f"{value:g}"

        reset = "-" if scope.reset is None else f"{scope.reset:g}s"
        return (name, text(scope.limit), text(scope.remaining), reset, scope.scope)

    return table(
        ("Window", "Limit", "Remaining", "Resets in", "Scope"),
        (row("organization", snapshot.organization), row("user (this token)", snapshot.user)),
        title="REST rate limits (per minute)",
    )


def snapshot_data(snapshot: RateLimitSnapshot) -> dict[str, Any]:
    def one(scope: RateLimitScope | None) -> dict[str, Any] | None:
        if scope is None:
            return None
        data = dataclasses.asdict(scope)
        data["read_at"] = scope.read_at.isoformat()
        data["reset_at"] = scope.reset_at.isoformat() if scope.reset_at else None
        return data

    return {"organization": one(snapshot.organization), "user": one(snapshot.user)}


def current_rate_limit(client: Client, org: str | None) -> RateLimitSnapshot:
    """Make one cheap request, so the snapshot is fresh, and return the client's view."""
    if org:
        client.organizations.get(org)
    else:
        client.access_token.get()
    return client.rate_limit


@click.command("rate-limit")
@api_command()
def rate_limit(state: State) -> None:
    """Show the REST rate-limit windows, as the server reports them after one cheap request
    (the organization's details with --org, otherwise the token's)."""
    snapshot = current_rate_limit(state.client, state.org)
    state.emit(snapshot_data(snapshot), lambda: rate_limit_table(snapshot))
