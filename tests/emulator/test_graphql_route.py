"""The emulator's GraphQL endpoint through pybuildkite.Client: auth, documents, pagination,
schema validation, complexity headers and the points budget."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

import pybuildkite
from pybuildkite.graphql import GraphQLError, QueryTooComplexError
from pybuildkite.graphql_documents import BUILD, ORGANIZATION_PIPELINES, PIPELINE_BUILDS, VIEWER
from pybuildkite.testing import Emulator, GraphQLLimits

SCHEMA = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "api" / "graphql" / "schema.graphql"
)


@pytest.fixture
def client(emu: Emulator) -> Iterator[pybuildkite.Client]:
    with pybuildkite.Client(token=emu.token, base_url=emu.url, graphql_url=emu.graphql_url) as c:
        yield c


@pytest.fixture
def gql(emu: Emulator) -> Iterator[httpx.Client]:
    """Plain httpx against the GraphQL path, to see statuses and headers as sent."""
    with httpx.Client(headers={"Authorization": f"Bearer {emu.token}"}, timeout=10) as c:
        yield c


def test_viewer_and_both_paths(
    emu: Emulator, client: pybuildkite.Client, gql: httpx.Client
) -> None:
    data = client.graphql(VIEWER)
    assert data["viewer"]["user"]["name"] == "Ada Lovelace"
    assert data["viewer"]["user"]["uuid"] == emu.user_id
    # graphql.buildkite.com/v1's path answers the same.
    r = gql.post(emu.url + "/v1", json={"query": "{ viewer { user { email } } }"})
    assert r.status_code == 200
    assert r.json() == {"data": {"viewer": {"user": {"email": "ada@example.com"}}}}


def test_token_and_scope_are_required(emu: Emulator) -> None:
    body = {"query": "{ viewer { user { name } } }"}
    with httpx.Client(timeout=10) as anon:
        assert anon.post(emu.graphql_url, json=body).status_code == 401
        no_gql = emu.create_token(scopes=["read_builds"])
        r = anon.post(emu.graphql_url, json=body, headers={"Authorization": f"Bearer {no_gql}"})
        assert r.status_code == 403
        assert r.json() == {"message": "Your access token doesn't have the graphql scope"}
    with pybuildkite.Client(token=no_gql, base_url=emu.url, graphql_url=emu.graphql_url) as c:
        with pytest.raises(pybuildkite.BuildkiteError) as info:
            c.graphql(VIEWER)
        assert info.value.status_code == 403  # type: ignore[attr-defined]


def test_paginates_organization_pipelines(emu: Emulator, client: pybuildkite.Client) -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    slugs = []
    for i in range(5):
        emu.clock.freeze(base + timedelta(minutes=i))
        slugs.append(emu.add_pipeline(name=f"Service {i}"))
    emu.clock.unfreeze()
    emu.clear_requests()
    nodes = list(client.graphql.paginate(ORGANIZATION_PIPELINES, {"slug": emu.org, "first": 2}))
    # Newest first, every pipeline exactly once, three pages of 2, 2 and 1.
    assert [n["slug"] for n in nodes] == slugs[::-1]
    assert [r.status for r in emu.requests if r.path == "/graphql"] == [200, 200, 200]


def test_pipeline_builds_created_at_to_and_build_by_uuid(
    emu: Emulator, client: pybuildkite.Client
) -> None:
    slug = emu.add_pipeline(name="App")
    start = datetime(2025, 3, 1, tzinfo=UTC)
    numbers = [
        emu.add_build(pipeline=slug, state="passed", created_at=start + timedelta(hours=h))
        for h in range(6)
    ]
    cutoff = (start + timedelta(hours=3)).isoformat().replace("+00:00", "Z")
    nodes = list(
        client.graphql.paginate(
            PIPELINE_BUILDS,
            {"slug": f"{emu.org}/{slug}", "first": 2, "createdAtTo": cutoff},
            path="pipeline.builds",
        )
    )
    assert [n["number"] for n in nodes] == numbers[:3][::-1]
    assert {n["state"] for n in nodes} == {"PASSED"}

    uuid = emu.get_build(None, slug, numbers[4])["id"]
    build = client.graphql(BUILD, {"uuid": uuid})["build"]
    assert build["uuid"] == uuid and build["number"] == numbers[4]
    assert build["pipeline"] == {"slug": slug, "name": "App"}
    assert client.graphql(BUILD, {"uuid": "no-such-build"}) == {"build": None}


def test_variables_as_a_json_string_and_operation_name(emu: Emulator, gql: httpx.Client) -> None:
    doc = (
        "query A($slug: ID!) { organization(slug: $slug) { slug } } "
        "query B { viewer { user { name } } }"
    )
    body = {"query": doc, "variables": json.dumps({"slug": emu.org}), "operationName": "A"}
    r = gql.post(emu.graphql_url, json=body)
    assert r.json() == {"data": {"organization": {"slug": "acme"}}}
    r = gql.post(emu.graphql_url, json={"query": doc, "operationName": "B"})
    assert r.json()["data"] == {"viewer": {"user": {"name": "Ada Lovelace"}}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "No query string was present"),
        ([1, 2], "No query string was present"),
        ({"query": "  "}, "No query string was present"),
        ({"query": "{ viewer { id } }", "variables": "{not json"}, "Variables are invalid JSON."),
        ({"query": "{ viewer { id } }", "variables": [1]}, "Variables must be an object."),
        ({"query": "{ viewer { id } }", "operationName": 3}, "operationName must be a string."),
        ({"query": "{ viewer { "}, "Syntax Error"),
    ],
)
def test_bad_requests_get_graphql_errors(
    emu: Emulator, gql: httpx.Client, body: object, message: str
) -> None:
    r = gql.post(emu.graphql_url, json=body)
    assert r.status_code == 200
    assert message in r.json()["errors"][0]["message"]


def test_validation_against_the_real_schema(emu: Emulator) -> None:
    if not SCHEMA.is_file():
        pytest.skip("Buildkite's schema.graphql is not available")
    doc = "{ viewer { user { name bot } } }"
    with (
        Emulator(graphql_schema=SCHEMA) as real,
        pybuildkite.Client(token=real.token, base_url=real.url, graphql_url=real.graphql_url) as c,
    ):
        with pytest.raises(GraphQLError) as info:
            c.graphql("{ viewer { nope } }")
        assert info.value.messages == ["Cannot query field 'nope' on type 'Viewer'."]
        # Valid for Buildkite (so validation passes) but outside what the emulator answers.
        with pytest.raises(GraphQLError) as info:
            c.graphql(doc)
        assert info.value.messages == ["the emulator does not resolve User.bot"]
        assert info.value.data == {"viewer": {"user": None}}
        assert c.graphql(VIEWER)["viewer"]["user"]["name"] == "Ada Lovelace"
    # Against the built-in subset the same document fails validation instead.
    with pybuildkite.Client(token=emu.token, base_url=emu.url, graphql_url=emu.graphql_url) as c:
        with pytest.raises(GraphQLError) as info:
            c.graphql(doc)
        assert info.value.messages == ["Cannot query field 'bot' on type 'User'."]


def test_unreadable_schema_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with Emulator(graphql_schema=tmp_path / "missing.graphql") as broken:
        r = httpx.post(
            broken.graphql_url,
            json={"query": "{ viewer { id } }"},
            headers={"Authorization": f"Bearer {broken.token}"},
        )
        assert r.status_code == 500
        assert "could not read its GraphQL schema" in r.json()["errors"][0]["message"]
        assert httpx.get(broken.url + "/v2/user", headers={
            "Authorization": f"Bearer {broken.token}"}).status_code == 200  # fmt: skip


def test_complexity_headers_and_stats(emu: Emulator, gql: httpx.Client) -> None:
    for i in range(3):
        emu.add_pipeline(name=f"P{i}")
    query = '{ organization(slug: "acme") { pipelines(first: 10) { edges { node { slug } } } } }'
    r = gql.post(
        emu.graphql_url,
        json={"query": query},
        headers={"Buildkite-Include-Query-Stats": "true"},
    )
    assert r.status_code == 200
    # organization 1 + pipelines 1 + 10 x (edge 1 + node 1) requested; 1 + 1 + 3 + 3 returned.
    assert r.headers["ratelimit-complexity-requested"] == "22"
    assert r.headers["ratelimit-complexity-actual"] == "8"
    assert r.json()["stats"] == {"requestedComplexity": 22, "actualComplexity": 8}
    # The points windows, charged with the actual complexity; REST's budget is not touched.
    assert r.headers["ratelimit-scope"] == "graphql"
    assert r.headers["ratelimit-limit"] == "20000"
    assert r.headers["ratelimit-remaining"] == str(20000 - 8)
    assert r.headers["ratelimit-user-scope"] == "graphql_user"
    assert r.headers["ratelimit-user-limit"] == "5000"
    assert r.headers["ratelimit-user-remaining"] == str(5000 - 8)
    assert 295 <= int(r.headers["ratelimit-reset"]) <= 300
    r = gql.post(emu.graphql_url, json={"query": query})
    assert "stats" not in r.json()
    assert r.headers["ratelimit-user-remaining"] == str(5000 - 16)


def test_too_complex_query_is_refused_and_costs_nothing(
    emu: Emulator, client: pybuildkite.Client, gql: httpx.Client
) -> None:
    emu.graphql_limits = GraphQLLimits(max_complexity=100)
    doc = '{ organization(slug: "acme") { pipelines { edges { node { slug } } } } }'
    with pytest.raises(QueryTooComplexError) as info:
        client.graphql(doc)
    assert (info.value.complexity, info.value.max_complexity) == (1002, 100)
    r = gql.post(emu.graphql_url, json={"query": "{ viewer { id } }"})
    assert r.headers["ratelimit-remaining"] == str(20000 - 1)


def test_per_user_budget_answers_429_and_the_client_waits(
    emu: Emulator, client: pybuildkite.Client, gql: httpx.Client
) -> None:
    emu.graphql_limits = GraphQLLimits(user=4, window=1.0)
    for _ in range(2):  # viewer + user: 2 points each
        assert gql.post(emu.graphql_url, json={"query": VIEWER}).status_code == 200
    r = gql.post(emu.graphql_url, json={"query": VIEWER})
    assert r.status_code == 429
    message = r.json()["errors"][0]["message"]
    match = re.fullmatch(
        r"You have exceeded your per-user limit of 4 complexity points\. "
        r"Please try again in (\d\.\d{3}) seconds\.",
        message,
    )
    assert match, message
    assert r.headers["ratelimit-user-remaining"] == "0"
    assert float(r.headers["ratelimit-user-reset"]) == pytest.approx(
        float(match.group(1)), abs=0.01
    )
    assert int(r.headers["ratelimit-remaining"]) == 20000 - 4

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    client._pipeline.sleep = sleep
    emu.clear_requests()
    started = time.monotonic()
    assert client.graphql(VIEWER)["viewer"]["user"]["name"] == "Ada Lovelace"
    assert [q.status for q in emu.requests] == [429, 200]
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 1.2
    assert time.monotonic() - started < 3


def test_organization_budget_message(emu: Emulator, gql: httpx.Client) -> None:
    emu.graphql_limits = GraphQLLimits(org=2, user=100)
    assert gql.post(emu.graphql_url, json={"query": VIEWER}).status_code == 200
    r = gql.post(emu.graphql_url, json={"query": VIEWER})
    assert r.status_code == 429
    # A window of 5 s or more is reported in whole seconds.
    assert re.fullmatch(
        r"Your organization has exceeded the limit of 2 complexity points\. "
        r"Please try again in (29\d|300) seconds\.",
        r.json()["errors"][0]["message"],
    )
    assert r.headers["ratelimit-remaining"] == "0"
    # REST is counted separately and still answers.
    rest = gql.get(emu.url + "/v2/user")
    assert rest.status_code == 200 and rest.headers["ratelimit-scope"] == "rest"
    emu.reset()
    assert gql.post(emu.graphql_url, json={"query": VIEWER}).status_code == 200


def test_injected_rate_limit_fault_has_the_graphql_shape(emu: Emulator, gql: httpx.Client) -> None:
    emu.set_faults(script=("rate_limit",), paths=("/graphql",))
    r = gql.post(emu.graphql_url, json={"query": VIEWER})
    assert r.status_code == 429
    assert r.json()["errors"][0]["message"].startswith(
        "Your organization has exceeded the limit of 20000 complexity points."
    )
    assert r.headers["ratelimit-scope"] == "graphql" and r.headers["ratelimit-remaining"] == "0"
    assert emu.injected["rate_limit"] == 1
    assert gql.post(emu.graphql_url, json={"query": VIEWER}).status_code == 200
