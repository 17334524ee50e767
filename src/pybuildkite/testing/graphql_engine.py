"""Answers GraphQL queries from the emulator's in-memory state.

Queries are parsed and validated with graphql-core against a real schema (Buildkite's public
schema when the caller passes it, else :data:`BUILTIN_SDL`, a field-for-field subset of it), so a
document the emulator accepts is one the real API accepts too. The resolved subset: ``viewer``,
``organization`` (with ``pipelines`` and ``agents``), ``pipeline`` (with ``builds``) and
``build``. Any other field the document selects resolves to an error naming it, rather than to
a silent ``null``.

Complexity is counted the way Buildkite describes it, simplified: every object in the selection
costs 1, multiplied by the page size of each enclosing connection (500 when no ``first``/``last``
is given). The requested figure is computed before executing, and a query over
:data:`MAX_COMPLEXITY` is refused with Buildkite's own message; the actual figure counts the
objects really returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    build_schema,
    execute_sync,
    get_named_type,
    get_operation_ast,
    is_composite_type,
    is_object_type,
    parse,
    validate,
)

from ._http import HTTPError, decode_cursor, encode_cursor
from ._render import WEB
from ._state import Build, Organization, Pipeline, Store, User, graphql_id, iso

__all__ = ["BUILTIN_SDL", "DEFAULT_PAGE_SIZE", "MAX_COMPLEXITY", "MAX_PAGE_SIZE", "execute"]

#: Buildkite refuses a single query whose requested complexity exceeds this.
MAX_COMPLEXITY = 50_000
#: Page size assumed (for cost) and used (for results) when a connection gets no first/last.
DEFAULT_PAGE_SIZE = 500
#: Larger pages are clamped, as graphql-ruby's max_page_size does.
MAX_PAGE_SIZE = 500

#: The part of Buildkite's schema the engine resolves. Every type, field and argument here
#: exists in the public schema with the same type (a test checks), so documents valid here are
#: valid there.
BUILTIN_SDL = """
scalar DateTime

type Query {
  viewer: Viewer
  organization(slug: ID, uuid: ID): Organization
  pipeline(slug: ID, uuid: ID): Pipeline
  build(slug: ID, uuid: ID): Build
}

type Viewer {
  id: ID!
  user: User
}

type User {
  id: ID!
  uuid: String!
  name: String!
  email: String!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type Organization {
  id: ID!
  uuid: String!
  name: String!
  slug: String!
  pipelines(
    after: String
    archived: Boolean
    before: String
    createdAtFrom: DateTime
    createdAtTo: DateTime
    first: Int
    last: Int
    search: String
  ): PipelineConnection
  agents(
    after: String
    before: String
    clustered: Boolean = true
    first: Int
    isRunningJob: Boolean
    last: Int
    metaData: [String!]
    paused: Boolean
    search: String
  ): AgentConnection
}

type PipelineConnection {
  count: Int!
  edges: [PipelineEdge]
  pageInfo: PageInfo
}

type PipelineEdge {
  cursor: String!
  node: Pipeline
}

type Pipeline {
  id: ID!
  uuid: String!
  name: String!
  slug: String!
  url: String!
  createdAt: DateTime
  organization: Organization!
  builds(
    after: String
    before: String
    branch: [String!]
    commit: [String!]
    createdAtFrom: DateTime
    createdAtTo: DateTime
    first: Int
    last: Int
    metaData: [String!]
    state: [BuildStates!]
  ): BuildConnection
}

enum BuildStates {
  BLOCKED
  CANCELED
  CANCELING
  CREATING
  FAILED
  FAILING
  NOT_RUN
  PASSED
  RUNNING
  SCHEDULED
  SKIPPED
}

type BuildConnection {
  count: Int!
  edges: [BuildEdge]
  pageInfo: PageInfo
}

type BuildEdge {
  cursor: String!
  node: Build
}

type Build {
  id: ID!
  uuid: String!
  number: Int!
  state: BuildStates!
  branch: String!
  commit: String!
  message: String
  url: String!
  createdAt: DateTime
  scheduledAt: DateTime
  startedAt: DateTime
  finishedAt: DateTime
  pipeline: Pipeline!
  organization: Organization!
}

type AgentConnection {
  count: Int!
  edges: [AgentEdge]
  pageInfo: PageInfo
}

type AgentEdge {
  cursor: String!
  node: Agent
}

type Agent {
  id: ID!
  uuid: String!
  name: String!
  hostname: String
  connectionState: String!
  version: String
  ipAddress: String
  metaData: [String!]
  createdAt: DateTime
  connectedAt: DateTime
  disconnectedAt: DateTime
  lostAt: DateTime
  isRunningJob: Boolean!
  paused: Boolean!
  priority: Int
  organization: Organization
}
"""


@lru_cache(maxsize=4)
def _schema(sdl: str) -> GraphQLSchema:
    return build_schema(sdl)


@dataclass(slots=True)
class _Context:
    state: Store
    viewer: User | None
    actual: int = 0


# -- arguments ------------------------------------------------------------------------------------


def _datetime(value: str | None, name: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise GraphQLError(f"{name}: {value!r} is not an ISO 8601 date-time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _created_between(created: dt.datetime, args: Mapping[str, Any]) -> bool:
    low = _datetime(args.get("createdAtFrom"), "createdAtFrom")
    high = _datetime(args.get("createdAtTo"), "createdAtTo")
    return (low is None or created >= low) and (high is None or created < high)


def _page_size(args: Mapping[str, Any]) -> int:
    size = args.get("first")
    if size is None:
        size = args.get("last")
    return DEFAULT_PAGE_SIZE if size is None else max(0, min(int(size), MAX_PAGE_SIZE))


def _position(ids: Mapping[str, int], cursor: str, name: str) -> int:
    try:
        key = decode_cursor(cursor)
    except HTTPError:
        raise GraphQLError(f"{name}: invalid cursor") from None
    if key not in ids:
        raise GraphQLError(f"{name}: the cursor no longer points at an item of this list")
    return ids[key]


def _connection(items: Sequence[Any], args: Mapping[str, Any]) -> dict[str, Any]:
    """A Relay connection over ``items``; cursors name an item, so inserts do not shift pages."""
    for name in ("first", "last"):
        if args.get(name) is not None and args[name] < 0:
            raise GraphQLError(f"{name} must not be negative")
    ids = {item.id: i for i, item in enumerate(items)}
    start, end = 0, len(items)
    if args.get("after"):
        start = _position(ids, args["after"], "after") + 1
    if args.get("before"):
        end = _position(ids, args["before"], "before")
    size = _page_size(args)
    if args.get("first") is None and args.get("last") is not None:
        lo, hi = max(start, end - size), end
    else:
        lo, hi = start, min(end, start + size)
    window = items[lo:hi] if lo < hi else []
    return {
        "count": len(items),
        "edges": [{"cursor": encode_cursor(item.id), "node": item} for item in window],
        "pageInfo": {
            "hasNextPage": hi < end,
            "hasPreviousPage": lo > start,
            "startCursor": encode_cursor(window[0].id) if window else None,
            "endCursor": encode_cursor(window[-1].id) if window else None,
        },
    }


# -- resolvers ------------------------------------------------------------------------------------

Resolver = Callable[[_Context, Any, dict[str, Any]], Any]


def _split_slug(slug: str | None, parts: int) -> list[str] | None:
    pieces = slug.split("/") if slug else []
    return pieces if len(pieces) == parts and all(pieces) else None


def _query_organization(ctx: _Context, _: Any, args: dict[str, Any]) -> Organization | None:
    if args.get("slug"):
        return ctx.state.org(args["slug"])
    return next((o for o in ctx.state.orgs.values() if o.id == args.get("uuid")), None)


def _query_pipeline(ctx: _Context, _: Any, args: dict[str, Any]) -> Pipeline | None:
    slug = _split_slug(args.get("slug"), 2)
    if slug is not None:
        return ctx.state.pipeline(slug[0], slug[1])
    return next(
        (
            p
            for o in ctx.state.orgs.values()
            for p in o.pipelines.values()
            if p.id == args.get("uuid")
        ),
        None,
    )


def _query_build(ctx: _Context, _: Any, args: dict[str, Any]) -> Build | None:
    slug = _split_slug(args.get("slug"), 3)
    if slug is not None:
        return ctx.state.build(slug[0], slug[1], slug[2])
    return ctx.state.builds_by_id.get(args.get("uuid") or "")


def _query_viewer(ctx: _Context, _: Any, args: dict[str, Any]) -> dict[str, Any] | None:
    if ctx.viewer is None:
        return None
    return {"id": graphql_id("Viewer", ctx.viewer.id), "user": ctx.viewer}


def _org_pipelines(ctx: _Context, org: Organization, args: dict[str, Any]) -> dict[str, Any]:
    search = (args.get("search") or "").lower()
    archived = args.get("archived")
    chosen = [
        p
        for p in org.pipelines.values()
        if (archived is None or (p.archived_at is not None) == archived)
        and (not search or search in p.name.lower() or search in p.slug)
        and _created_between(p.created_at, args)
    ]
    chosen.sort(key=lambda p: p.created_at, reverse=True)  # RECENTLY_CREATED, the default order
    return _connection(chosen, args)


def _org_agents(ctx: _Context, org: Organization, args: dict[str, Any]) -> dict[str, Any]:
    search = (args.get("search") or "").lower()
    wanted_meta = set(args.get("metaData") or ())
    chosen = [
        a
        for a in ctx.state.agents.values()
        if a.org is org
        # clustered: false leaves out agents in a cluster queue; true (the default) keeps all.
        and (args.get("clustered") is not False or a.cluster_queue_id is None)
        and (args.get("isRunningJob") is None or (a.job_id is not None) == args["isRunningJob"])
        and (args.get("paused") is None or a.paused == args["paused"])
        and wanted_meta <= set(a.meta_data)
        and (not search or search in a.name.lower() or any(search in m for m in a.meta_data))
    ]
    return _connection(chosen, args)


def _pipeline_builds(ctx: _Context, pipeline: Pipeline, args: dict[str, Any]) -> dict[str, Any]:
    branches = set(args.get("branch") or ())
    commits = set(args.get("commit") or ())
    states = {s.lower() for s in args.get("state") or ()}
    meta = [m.partition("=") for m in args.get("metaData") or ()]
    chosen = [
        b
        for b in pipeline.builds
        if (not branches or b.branch in branches)
        and (not commits or b.commit in commits)
        and (not states or b.state in states)
        and all(b.meta_data.get(k) == v for k, _, v in meta)
        and _created_between(b.created_at, args)
    ]
    chosen.sort(key=lambda b: (b.created_at, b.seq), reverse=True)  # newest first
    return _connection(chosen, args)


_RESOLVERS: dict[str, Resolver] = {
    "Query.viewer": _query_viewer,
    "Query.organization": _query_organization,
    "Query.pipeline": _query_pipeline,
    "Query.build": _query_build,
    "Organization.pipelines": _org_pipelines,
    "Organization.agents": _org_agents,
    "Pipeline.builds": _pipeline_builds,
    "Pipeline.organization": lambda ctx, p, args: p.org,
    "Pipeline.url": lambda ctx, p, args: f"{WEB}/{p.org.slug}/{p.slug}",
    "Build.organization": lambda ctx, b, args: b.pipeline.org,
    "Build.url": lambda ctx, b, args: (
        f"{WEB}/{b.pipeline.org.slug}/{b.pipeline.slug}/builds/{b.number}"
    ),
    "Agent.organization": lambda ctx, a, args: a.org,
    "Agent.isRunningJob": lambda ctx, a, args: a.job_id is not None,
}


def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)


def _default(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
    """Dict keys as named; records by attribute, with Buildkite's conventions applied."""
    name = info.field_name
    if isinstance(source, Mapping):
        return source.get(name)
    if name == "id":
        return graphql_id(info.parent_type.name, source.id)
    if name == "uuid":
        return source.id
    attr = _snake(name)
    if not hasattr(source, attr):
        raise GraphQLError(f"the emulator does not resolve {info.parent_type.name}.{name}")
    value = getattr(source, attr)
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(get_named_type(info.return_type), GraphQLEnumType) and isinstance(value, str):
        return value.upper()  # REST's "passed" is GraphQL's PASSED
    return value


def _resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
    ctx: _Context = info.context
    resolver = _RESOLVERS.get(f"{info.parent_type.name}.{info.field_name}")
    value = resolver(ctx, source, args) if resolver else _default(source, info)
    if value is not None and is_composite_type(get_named_type(info.return_type)):
        ctx.actual += len(value) if isinstance(value, list) else 1
    return value


# -- complexity -----------------------------------------------------------------------------------


def _int_value(node: ValueNode | None, variables: Mapping[str, Any]) -> int | None:
    """An Int argument as the query gives it, literally or through a variable (whose default
    the caller has already merged into ``variables``); anything else counts as not given."""
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, VariableNode):
        value = variables.get(node.name.value)
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return None


def _requested_complexity(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
) -> int:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    given = dict(variables)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if given.get(name) is None and definition.default_value is not None:
            given[name] = _int_value(definition.default_value, {})

    def page_size(field: FieldNode) -> int:
        args = {arg.name.value: _int_value(arg.value, given) for arg in field.arguments or ()}
        return _page_size(args)

    def cost(selections: SelectionSetNode, parent: Any, multiplier: int) -> int:
        total = 0
        for sel in selections.selections:
            if isinstance(sel, FieldNode):
                field = getattr(parent, "fields", {}).get(sel.name.value)
                named = get_named_type(field.type) if field else None
                if named is None or not is_composite_type(named):
                    continue  # scalars, enums and __typename cost nothing
                total += multiplier
                inner = multiplier
                if named.name.endswith("Connection"):
                    inner *= page_size(sel)
                if sel.selection_set:
                    total += cost(sel.selection_set, named, inner)
            elif isinstance(sel, InlineFragmentNode):
                cond = sel.type_condition
                target = schema.get_type(cond.name.value) if cond else parent
                total += cost(sel.selection_set, target, multiplier)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value in fragments:
                frag = fragments[sel.name.value]
                target = schema.get_type(frag.type_condition.name.value)
                total += cost(frag.selection_set, target, multiplier)
        return total

    root = schema.get_root_type(operation.operation)
    return cost(operation.selection_set, root, 1) if is_object_type(root) else 0


# -- entry point ----------------------------------------------------------------------------------


def _errors(errors: Sequence[GraphQLError]) -> dict[str, Any]:
    return {"errors": [dict(err.formatted) for err in errors]}


def _headers(requested: int, actual: int) -> dict[str, str]:
    return {
        "RateLimit-Complexity-Requested": str(requested),
        "RateLimit-Complexity-Actual": str(actual),
    }


def execute(
    state: Store,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    schema_sdl: str | None = None,
    operation_name: str | None = None,
    viewer: User | None = None,
    include_stats: bool = False,
    max_complexity: int = MAX_COMPLEXITY,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Run one GraphQL request against ``state``; return ``(response body, extra headers)``.

    The body is what Buildkite answers with HTTP 200: ``{"data": ...}``, with ``"errors"`` when
    anything failed (syntax, validation, complexity, resolution). ``viewer`` is the user the
    request's token belongs to (default: the store's default user). ``include_stats`` mirrors the
    ``Buildkite-Include-Query-Stats: true`` request header.
    """
    schema = _schema(schema_sdl or BUILTIN_SDL)
    try:
        document = parse(query)
    except GraphQLError as err:
        return _errors([err]), _headers(0, 0)
    problems = validate(schema, document)
    if problems:
        return _errors(problems), _headers(0, 0)
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        message = (
            f"Unknown operation named {operation_name!r}."
            if operation_name
            else "Must provide operation name if query contains multiple operations."
        )
        return _errors([GraphQLError(message)]), _headers(0, 0)
    # Variables are coerced (and bad ones reported) by execute_sync itself.
    requested = _requested_complexity(schema, document, operation, variables or {})
    if requested > max_complexity:
        message = (
            f"Query has complexity of {requested}, which exceeds max complexity of {max_complexity}"
        )
        return _errors([GraphQLError(message)]), _headers(requested, 0)
    with state.lock:
        ctx = _Context(state, viewer or state.users.get(state.default_user_id))
        result = execute_sync(
            schema,
            document,
            context_value=ctx,
            variable_values=dict(variables or {}),
            operation_name=operation_name,
            field_resolver=_resolve,
        )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = _errors(result.errors)["errors"]
    if include_stats:
        body["stats"] = {"requestedComplexity": requested, "actualComplexity": ctx.actual}
    return body, _headers(requested, ctx.actual)
