"""client.graphql: request shape, errors, rate limits, pagination, validation."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite import graphql_documents
from pybuildkite.graphql import GraphQLError, QueryTooComplexError, load_schema, validate
from tests.core.conftest import TOKEN, Harness, sequence

GRAPHQL = "https://graphql.buildkite.com/v1"
ROOT = Path(__file__).resolve().parents[1]
SHARED_SCHEMA = ROOT.parent / "shared" / "api" / "graphql" / "schema.graphql"
VIEWER = "query { viewer { user { name } } }"
PIPELINES = graphql_documents.ORGANIZATION_PIPELINES


def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def sent(request: httpx.Request) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(request.content)
    return body


def harness(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> Harness:
    return Harness(handler, **options)


# -- request shape ----------------------------------------------------------------------------


def test_posts_query_and_variables_to_the_graphql_url() -> None:
    h = harness(lambda r: answer({"data": {"viewer": {"user": {"name": "Ada"}}}}))
    data = h.sync.graphql(VIEWER, {"x": 1}, operation_name="Viewer")
    assert data == {"viewer": {"user": {"name": "Ada"}}}
    (request,) = h.requests
    assert request.method == "POST"
    assert str(request.url) == GRAPHQL
    assert sent(request) == {"query": VIEWER, "variables": {"x": 1}, "operationName": "Viewer"}
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"


def test_variables_default_to_an_empty_object() -> None:
    h = harness(lambda r: answer({"data": {}}))
    h.sync.graphql(VIEWER)
    assert sent(h.requests[0]) == {"query": VIEWER, "variables": {}}


def test_a_configured_graphql_url_is_used_and_gets_the_token() -> None:
    url = "https://graphql.example.test/v1"
    h = harness(lambda r: answer({"data": {}}), graphql_url=url)
    h.sync.graphql(VIEWER)
    assert str(h.requests[0].url) == url
    assert h.requests[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_the_token_does_not_follow_a_redirect_to_another_origin() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "graphql.buildkite.com":
            return httpx.Response(307, headers={"Location": "https://elsewhere.test/graphql"})
        return answer({"data": {"ok": True}})

    h = harness(handler)
    assert h.sync.graphql(VIEWER) == {"ok": True}
    assert [r.url.host for r in h.requests] == ["graphql.buildkite.com", "elsewhere.test"]
    assert "Authorization" not in h.requests[1].headers


def test_bad_arguments_fail_before_sending() -> None:
    h = harness(lambda r: answer({"data": {}}))
    with pytest.raises(ValueError, match="non-empty"):
        h.sync.graphql("  ")
    with pytest.raises(TypeError, match="mapping"):
        h.sync.graphql(VIEWER, ["not", "a", "mapping"])  # type: ignore[arg-type]
    assert h.requests == []


# -- errors -----------------------------------------------------------------------------------


def test_graphql_errors_raise_with_messages_paths_and_partial_data() -> None:
    errors = [
        {"message": "No organization found", "path": ["organization"]},
        {"message": "Also bad", "path": ["a", 0, "b"]},
    ]
    h = harness(lambda r: answer({"data": {"organization": None}, "errors": errors}))
    with pytest.raises(GraphQLError) as info:
        h.sync.graphql(VIEWER)
    err = info.value
    assert isinstance(err, pybuildkite.BuildkiteError)
    assert err.messages == ["No organization found", "Also bad"]
    assert err.paths == [["organization"], ["a", 0, "b"]]
    assert err.data == {"organization": None}
    assert err.errors == errors
    assert "No organization found (at organization)" in str(err)
    assert err.response is not None and "Authorization" not in err.response.request.headers
    copy = pickle.loads(pickle.dumps(err))
    assert (type(copy), str(copy), copy.errors, copy.data) == (
        GraphQLError,
        str(err),
        errors,
        err.data,
    )


def test_too_complex_is_its_own_error_and_not_retried() -> None:
    message = "Query has complexity of 60500, which exceeds max complexity of 50000"
    h = harness(lambda r: answer({"errors": [{"message": message}]}))
    with pytest.raises(QueryTooComplexError) as info:
        h.sync.graphql(VIEWER)
    assert info.value.complexity == 60500 and info.value.max_complexity == 50000
    assert pickle.loads(pickle.dumps(info.value)).complexity == 60500
    assert isinstance(info.value, GraphQLError)
    assert len(h.requests) == 1 and h.sleeps == []


def test_http_errors_keep_their_rest_classes() -> None:
    h = harness(lambda r: answer({"errors": [{"message": "Unauthorized"}]}, status=401))
    with pytest.raises(pybuildkite.AuthenticationError, match="Unauthorized"):
        h.sync.graphql(VIEWER)


def test_a_non_json_answer_is_a_validation_error() -> None:
    h = harness(lambda r: httpx.Response(200, text="<html>proxy</html>"))
    with pytest.raises(pybuildkite.APIResponseValidationError, match="not JSON"):
        h.sync.graphql(VIEWER)


RATE_LIMITED = {
    "errors": [
        {
            "message": "Your organization has exceeded the limit of 20000 complexity points. "
            "Please try again in 187 seconds."
        }
    ]
}


def test_a_429_is_waited_out_using_the_message() -> None:
    replies = iter([answer(RATE_LIMITED, status=429), answer({"data": {"ok": 1}})])
    h = harness(lambda r: next(replies))
    assert h.sync.graphql(VIEWER) == {"ok": 1}
    assert len(h.requests) == 2
    assert h.sleeps == [pytest.approx(187, abs=1)]


def test_a_429_longer_than_the_wait_limit_raises() -> None:
    h = harness(lambda r: answer(RATE_LIMITED, status=429), max_rate_limit_wait=60)
    with pytest.raises(pybuildkite.RateLimitError, match="187 seconds"):
        h.sync.graphql(VIEWER)
    assert h.sleeps == []


async def test_async_call_errors_and_429() -> None:
    replies = iter(
        [
            answer(RATE_LIMITED, status=429),
            answer({"data": {"ok": 1}}),
            answer({"errors": [{"message": "boom"}]}),
        ]
    )
    h = harness(lambda r: next(replies))
    assert await h.async_.graphql(VIEWER, {"a": 1}) == {"ok": 1}
    assert sent(h.requests[-1]) == {"query": VIEWER, "variables": {"a": 1}}
    assert h.requests[-1].headers["Authorization"] == f"Bearer {TOKEN}"
    assert h.sleeps == [pytest.approx(187, abs=1)]
    with pytest.raises(GraphQLError, match="boom"):
        await h.async_.graphql(VIEWER)


# -- pagination -------------------------------------------------------------------------------


def pages(style: str = "edges") -> Callable[[httpx.Request], httpx.Response]:
    """Three pages of pipelines, p1..p5, keyed by the $after cursor."""
    book = {None: (["p1", "p2"], "c1"), "c1": (["p3", "p4"], "c2"), "c2": (["p5"], None)}

    def handler(request: httpx.Request) -> httpx.Response:
        slugs, cursor = book[sent(request)["variables"].get("after")]
        nodes = [{"slug": s} for s in slugs]
        connection: dict[str, Any] = {
            "pageInfo": {"hasNextPage": cursor is not None, "endCursor": cursor}
        }
        if style == "edges":
            connection["edges"] = [{"node": n} for n in nodes]
        else:
            connection["nodes"] = nodes
        return answer({"data": {"organization": {"pipelines": connection}}})

    return handler


@pytest.mark.parametrize("style", ["edges", "nodes"])
def test_paginate_walks_three_pages(style: str) -> None:
    h = harness(pages(style))
    slugs = [n["slug"] for n in h.sync.graphql.paginate(PIPELINES, {"slug": "acme"})]
    assert slugs == ["p1", "p2", "p3", "p4", "p5"]
    assert [sent(r)["variables"] for r in h.requests] == [
        {"slug": "acme"},
        {"slug": "acme", "after": "c1"},
        {"slug": "acme", "after": "c2"},
    ]


def test_paginate_is_lazy() -> None:
    h = harness(pages())
    nodes = h.sync.graphql.paginate(PIPELINES, {"slug": "acme"})
    assert h.requests == []
    assert next(nodes) == {"slug": "p1"}
    assert len(h.requests) == 1


async def test_async_paginate_walks_three_pages() -> None:
    h = harness(pages())
    slugs = [n["slug"] async for n in h.async_.graphql.paginate(PIPELINES, {"slug": "acme"})]
    assert slugs == ["p1", "p2", "p3", "p4", "p5"]
    assert len(h.requests) == 3


def test_paginate_with_another_path_and_cursor_variable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        cursor = sent(request)["variables"].get("cursor")
        connection = {
            "edges": [{"node": {"number": 2 if cursor else 1}}],
            "pageInfo": {"hasNextPage": cursor is None, "endCursor": "next"},
        }
        return answer({"data": {"pipeline": {"builds": connection}}})

    h = harness(handler)
    nodes = h.sync.graphql.paginate(
        "query($cursor: String) { x }", path="pipeline.builds", cursor_variable="cursor"
    )
    assert [n["number"] for n in nodes] == [1, 2]


def test_paginate_stops_on_a_null_parent() -> None:
    h = harness(lambda r: answer({"data": {"organization": None}}))
    assert list(h.sync.graphql.paginate(PIPELINES, {"slug": "nope"})) == []


def test_paginate_refuses_a_repeated_cursor() -> None:
    connection = {"edges": [], "pageInfo": {"hasNextPage": True, "endCursor": "same"}}
    h = harness(lambda r: answer({"data": {"organization": {"pipelines": connection}}}))
    with pytest.raises(pybuildkite.PaginationError, match="repeated"):
        list(h.sync.graphql.paginate(PIPELINES, {"slug": "acme"}))
    assert len(h.requests) == 2


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"viewer": {}}, "no 'organization'"),
        ({"organization": {"pipelines": {"pageInfo": {}}}}, "neither edges"),
        ({"organization": {"pipelines": {"edges": []}}}, "pageInfo"),
    ],
)
def test_paginate_explains_a_query_that_cannot_be_paginated(data: Any, match: str) -> None:
    h = harness(lambda r: answer({"data": data}))
    with pytest.raises(pybuildkite.PaginationError, match=match):
        list(h.sync.graphql.paginate(PIPELINES, {"slug": "acme"}))


def test_paginate_checks_its_arguments_at_call_time() -> None:
    h = harness(pages())
    with pytest.raises(ValueError, match="path"):
        h.sync.graphql.paginate(PIPELINES, path="")
    with pytest.raises(ValueError, match="cursor_variable"):
        h.async_.graphql.paginate(PIPELINES, cursor_variable="")


# -- validation -------------------------------------------------------------------------------

MINI_SDL = "type Query { viewer: Viewer }  type Viewer { id: ID! }"


def test_validate_reports_problems_with_locations() -> None:
    assert validate("{ viewer { id } }", MINI_SDL) == []
    (problem,) = validate("{ viewer { nope } }", MINI_SDL)
    assert problem.startswith("1:12: ") and "nope" in problem
    (syntax,) = validate("{ viewer { ", MINI_SDL)
    assert "Syntax Error" in syntax


def test_validate_accepts_a_path_or_a_schema(tmp_path: Path) -> None:
    sdl_file = tmp_path / "schema.graphql"
    sdl_file.write_text(MINI_SDL)
    assert validate("{ viewer { id } }", sdl_file) == []
    assert validate("{ viewer { id } }", str(sdl_file)) == []
    assert validate("{ viewer { id } }", load_schema(MINI_SDL)) == []


def test_validate_explains_a_missing_graphql_core(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "graphql", None)
    with pytest.raises(ImportError, match=r"pybuildkite\[graphql\]"):
        validate("{ viewer { id } }", MINI_SDL)


def shipped_documents() -> list[tuple[str, str]]:
    """Every GraphQL document the project ships: the .graphql files in the package and the
    ```graphql blocks of the documentation."""
    found = [
        (str(p.relative_to(ROOT)), p.read_text()) for p in sorted((ROOT / "src").rglob("*.graphql"))
    ]
    for md in sorted([*ROOT.glob("*.md"), *(ROOT / "docs").rglob("*.md")]):
        for i, block in enumerate(md.read_text().split("```graphql\n")[1:]):
            found.append((f"{md.relative_to(ROOT)} block {i + 1}", block.split("```")[0]))
    return found


def test_the_package_ships_documents() -> None:
    assert set(graphql_documents.names()) >= {"viewer", "build", "pipeline_builds"}
    assert graphql_documents.read("viewer") == graphql_documents.VIEWER
    with pytest.raises(KeyError, match="shipped"):
        graphql_documents.read("nope")


@pytest.mark.parametrize(("where", "document"), shipped_documents())
def test_every_shipped_document_is_valid_against_buildkites_schema(
    where: str, document: str
) -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip(f"Buildkite's schema is not at {SHARED_SCHEMA}")
    assert validate(document, SHARED_SCHEMA) == [], where


def test_queries_are_retried_on_5xx_but_mutations_are_not() -> None:
    def flaky() -> Harness:
        return Harness(
            sequence(
                httpx.Response(502, json={"message": "bad gateway"}),
                httpx.Response(200, json={"data": {"ok": True}}),
            )
        )

    h = flaky()
    assert h.sync.graphql("# a read\nquery { viewer { user { name } } }") == {"ok": True}
    assert len(h.requests) == 2
    h = flaky()
    with pytest.raises(pybuildkite.APIStatusError):
        h.sync.graphql("mutation { pipelineCreate(input: {}) { pipeline { id } } }")
    assert len(h.requests) == 1
