"""The GraphQL endpoint: ``POST /graphql`` (and ``POST /v1``, the path of
``graphql.buildkite.com/v1``), answered by :mod:`pybuildkite.testing.graphql_engine`.

* Authentication and scopes are checked as for REST: no valid token is a 401, a token
  without the ``graphql`` scope a 403.
* The body is ``{"query", "variables", "operationName"}``; ``variables`` may also arrive as
  a JSON-encoded string (some clients send it that way).  A missing query, or variables
  that are not an object, are answered 200 with an ``errors`` entry, as GraphQL servers do.
* When the emulator was given ``graphql_schema=`` (a path to Buildkite's
  ``schema.graphql``), documents are validated against that schema; its text is read once
  and cached.  Otherwise the engine's built-in subset of the schema is used.
* ``Buildkite-Include-Query-Stats: true`` adds ``stats`` to the body; every answer carries
  ``RateLimit-Complexity-Requested`` / ``-Actual``.
* Budgets (:class:`~pybuildkite.testing.GraphQLLimits`): the actual complexity of each
  answered query is charged to the organization's and the user's points windows; once one
  is spent the answer is 429 with Buildkite's message ("... Please try again in N
  seconds.") and ``RateLimit-*`` headers describing the points windows.  The organization
  charged is the default organization when the token's user belongs to it, else the
  user's first organization (Buildkite tokens belong to one organization).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from .._http import Req, Resp, json_resp
from .._state import Store, User

PATHS = ("/graphql", "/v1")

_SCHEMA_LOCK = threading.Lock()
_SCHEMA_TEXT: dict[str, str] = {}


def _schema_text(path: str) -> str:
    # Read once per path: the public schema is a quarter of a megabyte, and graphql_engine
    # caches the parsed schema by its text.
    with _SCHEMA_LOCK:
        text = _SCHEMA_TEXT.get(path)
        if text is None:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            _SCHEMA_TEXT[path] = text
        return text


def _errors(message: str, status: int = 200) -> Resp:
    return json_resp({"errors": [{"message": message}]}, status)


def _org_of(store: Store, user: User) -> str:
    default = store.orgs.get(store.default_org)
    if default is not None and user.id in default.member_ids:
        return default.slug
    for org in store.orgs.values():
        if user.id in org.member_ids:
            return org.slug
    return store.default_org


def _variables(raw: Any) -> dict[str, Any] | str:
    """The variables as an object, or the error message to answer with."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return "Variables are invalid JSON."
        if raw is None:
            return {}
    if not isinstance(raw, dict):
        return "Variables must be an object."
    return raw


def graphql(req: Req) -> Resp:
    from .. import graphql_engine

    data = req.json
    if not isinstance(data, dict):
        return _errors("No query string was present")
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        return _errors("No query string was present")
    variables = _variables(data.get("variables"))
    if isinstance(variables, str):
        return _errors(variables)
    operation = data.get("operationName")
    if operation is not None and not isinstance(operation, str):
        return _errors("operationName must be a string.")
    schema_sdl: str | None = None
    schema_path = req.store.hooks.get("graphql_schema")
    if schema_path:
        try:
            schema_sdl = _schema_text(str(schema_path))
        except OSError as exc:
            return _errors(f"The emulator could not read its GraphQL schema: {exc}", 500)
    user = req.user
    assert user is not None  # the route needs a token, so the app has found its user
    limiter = req.store.hooks["graphql_limiter"]
    org = _org_of(req.store, user)
    refused = limiter.check(org, user.id)
    if refused is not None:
        return refused  # type: ignore[no-any-return]
    body, headers = graphql_engine.execute(
        req.store,
        query,
        variables,
        schema_sdl=schema_sdl,
        operation_name=operation or None,
        viewer=user,
        include_stats=req.headers.get("buildkite-include-query-stats", "").lower() == "true",
        max_complexity=limiter.limits.max_complexity,
    )
    resp = json_resp(body)
    for name, value in headers.items():
        resp.header(name.lower(), value)
    actual = int(headers.get("RateLimit-Complexity-Actual", "0") or 0)
    resp.headers.extend(limiter.charge(org, user.id, actual))
    return resp


# The app leaves REST's request counting to other routes: this one charges points instead.
graphql.own_rate_limits = True  # type: ignore[attr-defined]

ROUTES = [("POST", path, graphql, ("graphql",)) for path in PATHS]
