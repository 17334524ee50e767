"""Both pagination styles, with exact Link headers and cursor links."""

from __future__ import annotations

import httpx

from pybuildkite.testing import Emulator


def test_page_links_are_exact_and_keep_the_query(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Pages")
    emu.add_builds(7, pipeline=slug)
    base = f"{emu.url}/v2/organizations/acme/pipelines/{slug}/builds"
    r = api.get(f"/v2/organizations/acme/pipelines/{slug}/builds?branch=main&per_page=3")
    assert len(r.json()) == 3
    assert r.headers["link"] == (
        f'<{base}?branch=main&per_page=3&page=2>; rel="next", '
        f'<{base}?branch=main&per_page=3&page=3>; rel="last"'
    )
    r = api.get(f"/v2/organizations/acme/pipelines/{slug}/builds?page=2&branch=main&per_page=3")
    assert r.headers["link"] == (
        f'<{base}?page=3&branch=main&per_page=3>; rel="next", '
        f'<{base}?page=3&branch=main&per_page=3>; rel="last", '
        f'<{base}?page=1&branch=main&per_page=3>; rel="first", '
        f'<{base}?page=1&branch=main&per_page=3>; rel="prev"'
    )
    r = api.get(f"/v2/organizations/acme/pipelines/{slug}/builds?per_page=3&page=3")
    assert [b["number"] for b in r.json()] == [1]
    assert 'rel="next"' not in r.headers["link"]
    assert 'rel="prev"' in r.headers["link"]
    # Everything on one page: no Link header at all.
    assert "link" not in api.get(f"/v2/organizations/acme/pipelines/{slug}/builds").headers


def test_page_defaults_and_bounds(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Bounds")
    emu.add_builds(31, pipeline=slug)
    url = f"/v2/organizations/acme/pipelines/{slug}/builds"
    assert len(api.get(url).json()) == 30
    assert len(api.get(url, params={"per_page": 100}).json()) == 31
    r = api.get(url, params={"per_page": 101})
    assert r.status_code == 400
    assert r.json() == {"message": "per_page must be between 1 and 100"}
    # pybuildkite 1.x asked for page=0 first; Buildkite serves page 1 for it.
    zero = api.get(url, params={"page": 0, "per_page": 10})
    assert zero.status_code == 200
    assert zero.json() == api.get(url, params={"page": 1, "per_page": 10}).json()
    assert 'page=2&per_page=10>; rel="next"' in zero.headers["link"]
    assert api.get(url, params={"page": -1}).status_code == 400
    assert api.get(url, params={"page": "x"}).json() == {"message": "page must be an integer"}
    assert api.get(url, params={"page": 9}).json() == []


def test_cursor_pagination_of_jobs(emu: Emulator, api: httpx.Client) -> None:
    config = "steps:\n" + "".join(f"  - command: echo {i}\n" for i in range(5))
    slug = emu.add_pipeline(name="Cursor", configuration=config)
    number = emu.add_build(pipeline=slug)
    url = f"/v2/organizations/acme/pipelines/{slug}/builds/{number}/jobs"
    first = api.get(url, params={"per_page": 2}).json()
    assert [j["command"] for j in first["items"]] == ["echo 0", "echo 1"]
    assert first["links"]["self"] == f"{emu.url}{url}?per_page=2"
    assert "prev" not in first["links"]
    second = api.get(first["links"]["next"]).json()
    assert [j["command"] for j in second["items"]] == ["echo 2", "echo 3"]
    assert second["links"]["first"] == f"{emu.url}{url}?per_page=2"
    back = api.get(second["links"]["prev"]).json()
    assert [j["command"] for j in back["items"]] == ["echo 0", "echo 1"]
    third = api.get(second["links"]["next"]).json()
    assert [j["command"] for j in third["items"]] == ["echo 4"]
    assert "next" not in third["links"]
    r = api.get(url, params={"after": "x", "before": "y"})
    assert r.status_code == 400
    assert r.json() == {"message": "Only one of after or before may be specified"}
    assert api.get(url, params={"after": "bm9wZQ"}).status_code == 400
    assert api.get(url, params={"per_page": 500}).status_code == 400
