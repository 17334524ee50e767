"""The emulator's GraphQL engine, on a hand-built store."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import build_schema, is_enum_type, is_object_type

import pybuildkite
from pybuildkite import graphql_documents as docs
from pybuildkite.graphql import QueryTooComplexError
from pybuildkite.testing import _state as s
from pybuildkite.testing.graphql_engine import BUILTIN_SDL, execute

SHARED_SCHEMA = (
    Path(__file__).resolve().parents[2] / "shared" / "api" / "graphql" / "schema.graphql"
)
T0 = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def store() -> s.Store:
    store = s.Store(seed=1)
    with store.lock:
        ada = s.User(id="u-ada", name="Ada", email="ada@example.com", created_at=T0)
        store.users[ada.id] = ada
        store.default_user_id = ada.id
        org = s.Organization(id="o-acme", slug="acme", name="Acme", created_at=T0)
        store.orgs[org.slug] = org
        for i in range(5):
            p = s.Pipeline(
                id=f"p-{i}", org=org, slug=f"app-{i}", name=f"App {i}", repository="git@x:y.git",
                created_at=T0 + timedelta(days=i), created_by=ada.id,
            )  # fmt: skip
            org.pipelines[p.slug] = p
        app = org.pipelines["app-0"]
        for n in range(1, 8):
            store.add_build_record(
                s.Build(
                    id=f"b-{n}",
                    seq=store.next_seq(),
                    pipeline=app,
                    number=n,
                    state="passed" if n % 2 else "failed",
                    branch="main" if n < 6 else "dev",
                    commit="abc",
                    message=f"build {n}",
                    creator_id=ada.id,
                    created_at=T0 + timedelta(hours=n),
                )
            )
        for i in range(3):
            a = s.Agent(
                id=f"a-{i}", org=org, name=f"agent-{i}", hostname="h", version="3.90.0",
                created_at=T0, creator_id=ada.id,
                cluster_queue_id="q-1" if i == 0 else None, job_id="j" if i == 1 else None,
            )  # fmt: skip
            store.agents[a.id] = a
    return store


def run(store: s.Store, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
    body, _ = execute(store, query, variables, **kw)
    assert "errors" not in body, body.get("errors")
    return body["data"]


def test_viewer(store: s.Store) -> None:
    data = run(store, "{ viewer { user { name email uuid } } }")
    assert data == {
        "viewer": {"user": {"name": "Ada", "email": "ada@example.com", "uuid": "u-ada"}}
    }


def test_ids_are_buildkite_style(store: s.Store) -> None:
    data = run(store, '{ organization(slug: "acme") { id uuid name slug } }')
    assert base64.b64decode(data["organization"]["id"]) == b"Organization---o-acme"
    assert data["organization"]["uuid"] == "o-acme"


def test_pipelines_page_with_cursors(store: s.Store) -> None:
    query = docs.ORGANIZATION_PIPELINES
    first = run(store, query, {"slug": "acme", "first": 2})["organization"]["pipelines"]
    assert [e["node"]["slug"] for e in first["edges"]] == ["app-4", "app-3"]  # newest first
    assert first["pageInfo"]["hasNextPage"] is True
    seen = [e["node"]["slug"] for e in first["edges"]]
    cursor = first["pageInfo"]["endCursor"]
    while cursor:
        page = run(store, query, {"slug": "acme", "first": 2, "after": cursor})
        connection = page["organization"]["pipelines"]
        seen += [e["node"]["slug"] for e in connection["edges"]]
        cursor = (
            connection["pageInfo"]["endCursor"] if connection["pageInfo"]["hasNextPage"] else None
        )
    assert seen == ["app-4", "app-3", "app-2", "app-1", "app-0"]


def test_a_cursor_survives_new_items(store: s.Store) -> None:
    query = docs.ORGANIZATION_PIPELINES
    first = run(store, query, {"slug": "acme", "first": 2})["organization"]["pipelines"]
    org = store.orgs["acme"]
    org.pipelines["new"] = s.Pipeline(
        id="p-new", org=org, slug="new", name="New", repository="r",
        created_at=T0 + timedelta(days=30), created_by="u-ada",
    )  # fmt: skip
    after = first["pageInfo"]["endCursor"]
    page = run(store, query, {"slug": "acme", "first": 2, "after": after})
    assert [e["node"]["slug"] for e in page["organization"]["pipelines"]["edges"]] == [
        "app-2",
        "app-1",
    ]


def test_pipeline_builds_filtered_by_created_at_to_and_state(store: s.Store) -> None:
    data = run(
        store,
        docs.PIPELINE_BUILDS,
        {"slug": "acme/app-0", "createdAtTo": "2025-01-01T05:00:00Z", "state": ["PASSED"]},
    )
    nodes = [e["node"] for e in data["pipeline"]["builds"]["edges"]]
    assert [(n["number"], n["state"]) for n in nodes] == [(3, "PASSED"), (1, "PASSED")]
    assert nodes[0]["createdAt"] == "2025-01-01T03:00:00.000Z"
    assert nodes[0]["url"] == "https://buildkite.com/acme/app-0/builds/3"


def test_pipeline_builds_by_branch(store: s.Store) -> None:
    data = run(store, docs.PIPELINE_BUILDS, {"slug": "acme/app-0", "branch": ["dev"]})
    assert [e["node"]["number"] for e in data["pipeline"]["builds"]["edges"]] == [7, 6]


def test_build_by_uuid_and_by_slug(store: s.Store) -> None:
    data = run(store, docs.BUILD, {"uuid": "b-4"})
    assert data["build"]["number"] == 4 and data["build"]["state"] == "FAILED"
    assert data["build"]["pipeline"] == {"slug": "app-0", "name": "App 0"}
    by_slug = run(store, '{ build(slug: "acme/app-0/2") { uuid } }')
    assert by_slug == {"build": {"uuid": "b-2"}}
    assert run(store, docs.BUILD, {"uuid": "missing"}) == {"build": None}


def test_agents_with_filters(store: s.Store) -> None:
    def names(**variables: Any) -> list[str]:
        data = run(store, docs.ORGANIZATION_AGENTS, {"slug": "acme", **variables})
        return [e["node"]["name"] for e in data["organization"]["agents"]["edges"]]

    assert names() == ["agent-0", "agent-1", "agent-2"]
    assert names(clustered=False) == ["agent-1", "agent-2"]
    running = run(
        store, '{ organization(slug: "acme") { agents(first: 5, isRunningJob: true) '
        "{ edges { node { name isRunningJob } } } } }",
    )  # fmt: skip
    assert running["organization"]["agents"]["edges"] == [
        {"node": {"name": "agent-1", "isRunningJob": True}}
    ]


def test_unknown_organization_is_null(store: s.Store) -> None:
    assert run(store, docs.ORGANIZATION_PIPELINES, {"slug": "nope"}) == {"organization": None}


def test_invalid_queries_are_answered_with_errors(store: s.Store) -> None:
    body, headers = execute(store, "{ viewer { nope } }", None)
    assert "data" not in body and "nope" in body["errors"][0]["message"]
    assert headers["RateLimit-Complexity-Requested"] == "0"
    body, _ = execute(store, "{ viewer { ", None)
    assert "Syntax Error" in body["errors"][0]["message"]


def test_bad_variables_and_cursors_are_errors(store: s.Store) -> None:
    body, _ = execute(store, docs.BUILD, {})
    assert "uuid" in body["errors"][0]["message"]
    body, _ = execute(store, docs.ORGANIZATION_PIPELINES, {"slug": "acme", "after": "%%%"})
    assert body["errors"][0]["path"] == ["organization", "pipelines"]


def test_complexity_headers_and_stats(store: s.Store) -> None:
    body, headers = execute(store, docs.PIPELINE_BUILDS, {"slug": "acme/app-0", "first": 3},
                            include_stats=True)  # fmt: skip
    # Requested: pipeline 1 + builds 1, then edges, node and pageInfo at the page size (3).
    assert headers["RateLimit-Complexity-Requested"] == "11"
    # Actual: pipeline, builds, 3 edges, 3 nodes, one pageInfo.
    assert headers["RateLimit-Complexity-Actual"] == "9"
    assert body["stats"] == {"requestedComplexity": 11, "actualComplexity": 9}


def test_connections_without_first_cost_500(store: s.Store) -> None:
    query = '{ organization(slug: "acme") { pipelines { edges { node { name } } } } }'
    _, headers = execute(store, query, None)
    assert headers["RateLimit-Complexity-Requested"] == str(1 + 1 + 500 + 500)


def test_too_complex_queries_are_refused_with_buildkites_message(store: s.Store) -> None:
    query = (
        '{ organization(slug: "acme") { pipelines(first: 500) { edges { node {'
        " builds(first: 500) { edges { node { number } } } } } } } }"
    )
    body, headers = execute(store, query, None)
    requested = int(headers["RateLimit-Complexity-Requested"])
    assert requested > 50_000
    assert body == {
        "errors": [
            {
                "message": f"Query has complexity of {requested}, which exceeds max complexity "
                "of 50000"
            }
        ]
    }


def test_unresolved_fields_say_so(store: s.Store) -> None:
    sdl = BUILTIN_SDL.replace("  email: String!\n", "  email: String!\n  bot: Boolean\n")
    body, _ = execute(store, "{ viewer { user { bot } } }", None, schema_sdl=sdl)
    assert body["errors"][0]["message"] == "the emulator does not resolve User.bot"


def test_builtin_sdl_is_a_subset_of_buildkites_schema() -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip(f"Buildkite's schema is not at {SHARED_SCHEMA}")
    real = build_schema(SHARED_SCHEMA.read_text())
    mine = build_schema(BUILTIN_SDL)
    for name, mine_type in mine.type_map.items():
        if name.startswith("__"):
            continue
        real_type = real.get_type(name)
        assert real_type is not None, name
        if is_enum_type(mine_type):
            assert is_enum_type(real_type) and set(mine_type.values) <= set(real_type.values)
        if not is_object_type(mine_type):
            continue
        assert is_object_type(real_type), name
        for field_name, field in mine_type.fields.items():
            real_field = real_type.fields.get(field_name)
            assert real_field is not None, f"{name}.{field_name}"
            assert str(field.type) == str(real_field.type), f"{name}.{field_name}"
            for arg_name, arg in field.args.items():
                real_arg = real_field.args[arg_name]
                assert str(arg.type) == str(real_arg.type), f"{name}.{field_name}({arg_name})"
                assert arg.default_value == real_arg.default_value, f"{name}.{field_name}"


@pytest.mark.parametrize("name", docs.names())
def test_every_shipped_document_runs_against_the_real_schema(store: s.Store, name: str) -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip(f"Buildkite's schema is not at {SHARED_SCHEMA}")
    variables = {"slug": "acme/app-0" if name == "pipeline_builds" else "acme", "uuid": "b-1"}
    body, _ = execute(store, docs.read(name), variables, schema_sdl=SHARED_SCHEMA.read_text())
    assert "errors" not in body, body.get("errors")
    assert body["data"] and all(v is not None for v in body["data"].values())


def test_the_client_paginates_through_the_engine(store: s.Store) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        body, headers = execute(store, sent["query"], sent["variables"])
        return httpx.Response(200, json=body, headers=headers)

    with pybuildkite.Client(
        token="bkua_test", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    ) as client:
        builds = client.graphql.paginate(
            docs.PIPELINE_BUILDS, {"slug": "acme/app-0", "first": 3}, path="pipeline.builds"
        )
        assert [b["number"] for b in builds] == [7, 6, 5, 4, 3, 2, 1]
        with pytest.raises(QueryTooComplexError) as info:
            client.graphql(
                '{ organization(slug: "acme") { pipelines(first: 500) { edges { node {'
                " builds(first: 500) { edges { node { number } } } } } } } }"
            )
        assert info.value.max_complexity == 50_000
