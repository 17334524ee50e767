"""api, graphql and rate-limit: raw access through the client's pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import Run, as_json, one_error_line


def test_api_get_prints_json(run: Run) -> None:
    assert as_json(run("api", "GET", "/v2/user"))["name"] == "Ada Lovelace"
    assert as_json(run("api", "get", "v2/user"))["name"] == "Ada Lovelace"  # any case, no "/"


def test_api_get_fields_become_the_query(run: Run, emu: Any) -> None:
    data = as_json(
        run(
            "api",
            "GET",
            "/v2/organizations/acme/pipelines/web-app/builds",
            "-f",
            "state[]=passed",
            "-f",
            "state[]=canceled",
            "-f",
            "per_page=100",
        )
    )
    assert data and {b["state"] for b in data} == {"passed", "canceled"}
    assert sorted(emu.requests[-1].query) == [
        ("per_page", "100"),
        ("state[]", "canceled"),
        ("state[]", "passed"),
    ]


def test_api_write_fields_become_a_nested_json_body(run: Run, emu: Any) -> None:
    data = as_json(
        run(
            "api",
            "POST",
            "/v2/organizations/acme/pipelines/deploy/builds",
            "-f",
            "commit=HEAD",
            "-f",
            "branch=main",
            "-f",
            "env[STAGE]=prod",
            "-F",
            "clean_checkout=true",
            "-F",
            'meta_data[attempt]="2"',
        )
    )
    assert data["state"] == "scheduled"
    assert emu.requests[-1].json == {
        "commit": "HEAD",
        "branch": "main",
        "env": {"STAGE": "prod"},
        "clean_checkout": True,
        "meta_data": {"attempt": "2"},
    }


def test_api_paginate_merges_every_page(run: Run, emu: Any) -> None:
    every = as_json(run("api", "GET", "/v2/organizations/acme/builds", "-f", "per_page=100"))
    emu.clear_requests()
    paged = as_json(
        run("api", "GET", "/v2/organizations/acme/builds", "-f", "per_page=2", "--paginate")
    )
    assert [b["id"] for b in paged] == [b["id"] for b in every]
    assert len(emu.requests) == -(-len(every) // 2)  # one request per page


def test_api_paginate_follows_cursor_listings(run: Run, emu: Any) -> None:
    path = "/v2/organizations/acme/pipelines/web-app/builds/6/jobs"
    paged = as_json(run("api", "GET", path, "-f", "per_page=1", "--paginate"))
    assert [j["id"] for j in paged] == [j["id"] for j in emu.get_build(None, "web-app", 6)["jobs"]]


def test_api_errors(run: Run) -> None:
    line = one_error_line(run("api", "GET", "/v2/organizations/acme/pipelines/nope"), 1)
    assert "404" in line
    one_error_line(run("api", "POST", "/v2/user", "--paginate"), 2)
    one_error_line(run("api", "GET", "/v2/user", "-f", "novalue"), 2)
    one_error_line(run("api", "GET", "/v2/user/", "--paginate"), 1)  # not a listing


def test_graphql_string_and_file(run: Run, emu: Any, tmp_path: Path) -> None:
    query = "query { viewer { user { name } } }"
    assert as_json(run("graphql", query))["viewer"]["user"]["name"] == "Ada Lovelace"
    document = tmp_path / "q.graphql"
    document.write_text('query { organization(slug: "acme") { name } }')
    data = as_json(run("graphql", f"@{document}", "-F", "first=3", "-F", "after=abc"))
    assert data["organization"]["name"] == "Acme Inc"
    sent = emu.requests[-1]
    assert sent.path == "/graphql"
    assert sent.json["query"] == document.read_text()
    assert sent.json["variables"] == {"first": 3, "after": "abc"}


def test_rate_limit_table_and_json(run: Run) -> None:
    table = run("rate-limit")
    assert table.exit_code == 0
    assert "organization" in table.stdout and "user (this token)" in table.stdout
    data = as_json(run("rate-limit", "--json"))
    org = data["organization"]
    assert org["limit"] > 0 and 0 <= org["remaining"] < org["limit"]
    assert data["user"]["scope"] == "rest_user"
