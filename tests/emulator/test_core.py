"""Meta routes, authentication, scopes, errors and the request log."""

from __future__ import annotations

import httpx

from pybuildkite.testing import Emulator
from pybuildkite.testing._http import Req, Resp

UNAUTH = (
    "Authentication required. Please supply a valid API Access Token: "
    "https://buildkite.com/docs/apis/rest-api#authentication"
)


def test_unauthenticated_meta_routes(anon: httpx.Client) -> None:
    root = anon.get("/")
    assert root.status_code == 200
    assert root.json()["message"] == "🛠"
    assert isinstance(root.json()["timestamp"], int)
    assert anon.get("/v2/meta").json() == {"webhook_ips": ["192.0.2.0/24", "198.51.100.12"]}
    catalog = anon.get("/.well-known/api-catalog")
    assert catalog.status_code == 200
    assert "openapi.yaml" in catalog.json()["linkset"][0]["service-desc"][0]["href"]
    spec = anon.get("/v2/analytics/openapi.yaml")
    assert spec.status_code == 200
    assert spec.text.startswith("openapi: 3.0.3")
    assert spec.headers["content-type"].startswith("application/openapi+yaml")


def test_missing_and_invalid_tokens_get_401(anon: httpx.Client) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        r = anon.get("/v2/user", headers=headers)
        assert r.status_code == 401
        assert r.json() == {"message": UNAUTH}
    # Unknown paths are not revealed to anonymous callers either.
    assert anon.get("/v2/nothing-here").status_code == 401


def test_scope_check_gives_403(emu: Emulator, anon: httpx.Client) -> None:
    token = emu.create_token(scopes=["read_builds"])
    r = anon.get("/v2/user", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403
    assert r.json() == {"message": "Your access token doesn't have the read_user scope"}
    assert anon.get("/v2/builds", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    # The documented non-scope read_accounts maps to read_organizations.
    r = anon.get(
        f"/v2/organizations/{emu.org}/rate_limit", headers={"Authorization": f"Bearer {token}"}
    )
    assert r.json() == {"message": "Your access token doesn't have the read_organizations scope"}
    # Any valid token may read itself and list emojis.
    assert (
        anon.get("/v2/access-token", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
    r = anon.get(
        f"/v2/organizations/{emu.org}/emojis", headers={"Authorization": f"Bearer {token}"}
    )
    assert r.status_code == 200


def test_access_token_get_and_revoke(emu: Emulator, anon: httpx.Client) -> None:
    token = emu.create_token(scopes=["read_builds", "read_user"], description="CI")
    auth = {"Authorization": f"Bearer {token}"}
    body = anon.get("/v2/access-token", headers=auth).json()
    assert body["scopes"] == ["read_builds", "read_user"]
    assert body["description"] == "CI"
    assert body["created_at"].endswith(" UTC")
    assert body["user"] == {"name": "Ada Lovelace", "email": "ada@example.com"}
    assert set(body) == {"uuid", "scopes", "description", "created_at", "expires_at", "user"}
    assert anon.delete("/v2/access-token", headers=auth).status_code == 204
    assert anon.get("/v2/access-token", headers=auth).status_code == 401


def test_user_and_organizations(emu: Emulator, api: httpx.Client) -> None:
    user = api.get("/v2/user").json()
    assert user["id"] == emu.user_id
    assert user["created_at"].endswith("Z")
    orgs = api.get("/v2/organizations").json()
    assert [o["slug"] for o in orgs] == ["acme"]
    org = api.get("/v2/organizations/acme").json()
    assert org["url"] == f"{emu.url}/v2/organizations/acme"
    assert org["pipelines_url"].endswith("/pipelines")
    assert api.get("/v2/organizations/nope").json() == {"message": "No organization found"}


def test_trailing_slashes_and_cors(emu: Emulator, api: httpx.Client) -> None:
    r = api.get(f"/v2/organizations/{emu.org}/emojis/")
    assert r.status_code == 200
    assert {e["name"] for e in r.json()} >= {"rocket", "shipit"}
    assert r.headers["access-control-allow-origin"] == "*"
    assert "Link" in r.headers["access-control-expose-headers"]


def test_unknown_route_and_method(api: httpx.Client) -> None:
    assert api.get("/v2/nothing").json() == {"message": "Not Found"}
    assert api.delete("/v2/user").status_code == 405


def test_bad_json_wrong_types_and_unknown_fields(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="P")
    url = f"/v2/organizations/{emu.org}/pipelines/{slug}/builds"
    r = api.post(url, content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"message": "Problems parsing JSON"}
    r = api.post(url, json={"commit": "HEAD", "branch": "main", "env": "x"})
    assert r.status_code == 422
    assert r.json() == {
        "message": "Validation Failed",
        "errors": [{"field": "env", "code": "is invalid"}],
    }
    r = api.post(url, json={"commit": "HEAD", "branch": "main", "colour": "red"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "colour"
    # The server still serves after bad input.
    assert api.post(url, json={"commit": "HEAD", "branch": "main"}).status_code == 201


def test_handler_exception_is_500_and_server_survives(emu: Emulator, api: httpx.Client) -> None:
    def boom(req: Req) -> Resp:
        raise RuntimeError("kaboom")

    ep = next(e for e in emu._app.router.endpoints if e.template == "/v2/user")
    original = ep.handler
    ep.handler = boom
    try:
        r = api.get("/v2/user")
        assert r.status_code == 500
        assert r.json() == {"message": "Internal Server Error"}
    finally:
        ep.handler = original
    assert api.get("/v2/user").status_code == 200


def test_request_log(emu: Emulator, api: httpx.Client) -> None:
    emu.clear_requests()
    slug = emu.add_pipeline(name="Logged")
    api.post(
        f"/v2/organizations/{emu.org}/pipelines/{slug}/builds",
        json={"commit": "HEAD", "branch": "feature/x"},
    )
    api.get("/v2/builds", params=[("state[]", "passed"), ("branch", "a b")])
    first, second = emu.requests
    assert first.method == "POST"
    assert first.json == {"commit": "HEAD", "branch": "feature/x"}
    assert first.status == 201
    assert first.headers["authorization"] == f"Bearer {emu.token}"
    assert second.path == "/v2/builds"
    assert second.query == [("state[]", "passed"), ("branch", "a b")]
    emu.clear_requests()
    assert emu.requests == []


def test_raw_path_is_recorded_percent_encoded(emu: Emulator, api: httpx.Client) -> None:
    emu.clear_requests()
    api.get("/v2/organizations/ac%20me")
    assert emu.requests[0].path == "/v2/organizations/ac%20me"


def test_graphql_placeholder(emu: Emulator, api: httpx.Client) -> None:
    r = api.post("/graphql", json={"query": "{ viewer { user { name } } }"})
    assert r.status_code == 200
    assert r.json()["data"]["viewer"]["user"]["name"] == "Ada Lovelace"


def test_open_connections_counts_live_clients() -> None:
    import time

    # Its own emulator: the shared one may have other tests' connections coming and going.
    with Emulator() as emu:
        assert emu.open_connections == 0
        with httpx.Client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
            http.get(f"{emu.url}/v2/user").raise_for_status()
            assert emu.open_connections == 1
        deadline = time.monotonic() + 2
        while emu.open_connections and time.monotonic() < deadline:
            time.sleep(0.01)
        assert emu.open_connections == 0
