"""A placeholder GraphQL endpoint.

``POST /graphql`` (and ``/v1``, the path of ``graphql.buildkite.com/v1``)
needs a token with the ``graphql`` scope.  Only ``viewer { user { ... } }`` and
``organization(slug:) { name slug }`` are answered; with a ``graphql_schema``
the document is first validated with graphql-core so schema errors come back
in GraphQL's ``errors`` shape.  Everything else gets an ``errors`` entry saying
the operation is not emulated.
"""

from __future__ import annotations

import re
from typing import Any

from .._http import Req, Resp, json_resp

_SCHEMA_CACHE: dict[str, Any] = {}


def _validate(path: str, query: str) -> list[str]:
    try:
        from graphql import build_schema, parse, validate
    except ImportError:  # pragma: no cover - graphql-core is an emulator dependency
        return []
    schema = _SCHEMA_CACHE.get(path)
    if schema is None:
        with open(path, encoding="utf-8") as fh:
            schema = build_schema(fh.read())
        _SCHEMA_CACHE[path] = schema
    try:
        doc = parse(query)
    except Exception as exc:
        return [str(exc)]
    return [e.message for e in validate(schema, doc)]


def graphql(req: Req) -> Resp:
    data = req.data()
    query = data.get("query")
    if not isinstance(query, str) or not query.strip():
        return json_resp({"errors": [{"message": "No query string was present"}]})
    schema_path = req.store.hooks.get("graphql_schema")
    if schema_path:
        problems = _validate(str(schema_path), query)
        if problems:
            return json_resp({"errors": [{"message": m} for m in problems]})
    out: dict[str, Any] = {}
    user = req.user
    if re.search(r"\bviewer\b", query) and user is not None:
        out["viewer"] = {
            "user": {"id": user.id, "uuid": user.id, "name": user.name, "email": user.email}
        }
    m = re.search(r'organization\s*\(\s*slug\s*:\s*"([^"]+)"', query)
    if m:
        org = req.store.orgs.get(m.group(1))
        out["organization"] = {"name": org.name, "slug": org.slug, "uuid": org.id} if org else None
    if not out:
        return json_resp(
            {"data": None, "errors": [{"message": "This operation is not emulated yet"}]}
        )
    return json_resp({"data": out})


ROUTES = [
    ("POST", "/graphql", graphql, ("graphql",)),
    ("POST", "/v1", graphql, ("graphql",)),
]
