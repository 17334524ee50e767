"""Both pagination styles, fan-out once the last page is known, limits and link safety."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

import pybuildkite

from .conftest import BASE, Harness

PAGES = 7
PER_PAGE = 3


def build(n: int) -> dict[str, Any]:
    return {"id": f"b{n}", "number": n, "state": "passed"}


def page_server(
    pages: int = PAGES, *, with_last: bool = True, origin: str = BASE
) -> Callable[[httpx.Request], httpx.Response]:
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        page = int(query.get("page", ["1"])[0])
        per_page = int(query["per_page"][0])
        items = [build((page - 1) * per_page + i + 1) for i in range(per_page)]
        base = f"{origin}{request.url.path}?branch%5B%5D=main&per_page={per_page}"
        links = []
        if page < pages:
            links.append(f'<{base}&page={page + 1}>; rel="next"')
            if with_last:
                links.append(f'<{base}&page={pages}>; rel="last"')
        with lock:
            pass
        return httpx.Response(200, json=items, headers={"link": ", ".join(links)} if links else {})

    return handler


def numbers(items: list[Any]) -> list[int]:
    return [b.number for b in items]


@pytest.mark.parametrize("with_last", [True, False])
def test_sync_walks_every_page_in_order(harness: Callable[..., Harness], with_last: bool) -> None:
    h = harness(page_server(with_last=with_last))
    got = list(h.sync.builds.list("acme", branch="main", per_page=PER_PAGE))
    assert numbers(got) == list(range(1, PAGES * PER_PAGE + 1))
    assert len(h.requests) == PAGES
    pages_requested = sorted(
        int(parse_qs(r.url.query.decode()).get("page", ["1"])[0]) for r in h.requests
    )
    assert pages_requested == list(range(1, PAGES + 1))


@pytest.mark.parametrize("with_last", [True, False])
def test_async_walks_every_page_in_order(harness: Callable[..., Harness], with_last: bool) -> None:
    h = harness(page_server(with_last=with_last))

    async def main() -> list[Any]:
        return [b async for b in h.async_.builds.list("acme", branch="main", per_page=PER_PAGE)]

    assert numbers(asyncio.run(main())) == list(range(1, PAGES * PER_PAGE + 1))
    assert len(h.requests) == PAGES


def test_fan_out_runs_pages_concurrently(harness: Callable[..., Harness]) -> None:
    in_flight = [0]
    peak = [0]
    lock = threading.Lock()
    inner = page_server()
    gate = threading.Barrier(3, timeout=5)

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        page = parse_qs(request.url.query.decode()).get("page", ["1"])[0]
        if page in ("2", "3", "4"):
            gate.wait()  # only passes if three pages are in flight at once
        try:
            return inner(request)
        finally:
            with lock:
                in_flight[0] -= 1

    h = harness(handler)
    got = list(h.sync.builds.list("acme", per_page=PER_PAGE, concurrency=3))
    assert numbers(got) == list(range(1, PAGES * PER_PAGE + 1))
    assert peak[0] == 3


def test_limit_stops_early_without_fanning_out(harness: Callable[..., Harness]) -> None:
    h = harness(page_server())
    got = list(h.sync.builds.list("acme", per_page=PER_PAGE, limit=5))
    assert numbers(got) == [1, 2, 3, 4, 5]
    assert len(h.requests) == 2


def test_pages_and_first_page(harness: Callable[..., Harness]) -> None:
    h = harness(page_server(pages=2))
    pager = h.sync.builds.list("acme", per_page=PER_PAGE)
    first = pager.first_page()
    assert len(first) == PER_PAGE and first.next_url is not None and "page=2" in first.next_url
    assert [len(p) for p in pager.pages()] == [PER_PAGE, PER_PAGE]


def test_client_per_page_default_and_override(harness: Callable[..., Harness]) -> None:
    h = harness(page_server(pages=1), per_page=25)
    list(h.sync.builds.list("acme"))
    list(h.sync.builds.list("acme", per_page=7))
    assert [parse_qs(r.url.query.decode())["per_page"] for r in h.requests] == [["25"], ["7"]]


def test_next_link_to_another_origin_is_refused(harness: Callable[..., Harness]) -> None:
    h = harness(page_server(origin="https://evil.example.com", with_last=False))
    with pytest.raises(pybuildkite.PaginationError, match="another origin"):
        list(h.sync.builds.list("acme", per_page=PER_PAGE))
    assert len(h.requests) == 1


def test_repeated_next_link_ends_the_walk(harness: Callable[..., Harness]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json=[build(1)],
            headers={"link": f'<{BASE}/v2/builds?page=2&per_page=1>; rel="next"'},
        )

    h = harness(handler)
    assert len(list(h.sync.builds.list(per_page=1))) == 2
    assert len(h.requests) == 2


def cursor_server(pages: int = 3) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        after = parse_qs(request.url.query.decode()).get("after", ["0"])[0]
        n = int(after)
        nxt = f"{BASE}{request.url.path}?after={n + 1}&per_page=2" if n + 1 < pages else None
        body = {
            "items": [{"id": f"j{n}-{i}", "type": "script", "state": "passed"} for i in range(2)],
            "links": {"self": str(request.url), "next": nxt},
        }
        return httpx.Response(200, json=body)

    return handler


def test_cursor_style_follows_links_next(harness: Callable[..., Harness]) -> None:
    from pybuildkite._pagination import SyncPaginator
    from pybuildkite._request import api_request
    from pybuildkite.types.jobs import Job

    h = harness(cursor_server())
    req = api_request(
        "GET", "/v2/organizations/a/pipelines/b/builds/1/jobs", cast=Job, paginate="cursor"
    )
    ids = [job.id for job in SyncPaginator(h.sync._pipeline, req)]
    assert ids == ["j0-0", "j0-1", "j1-0", "j1-1", "j2-0", "j2-1"]
    assert len(h.requests) == 3


def test_async_cursor_style(harness: Callable[..., Harness]) -> None:
    from pybuildkite._pagination import AsyncPaginator
    from pybuildkite._request import api_request
    from pybuildkite.types.jobs import Job

    h = harness(cursor_server())
    req = api_request("GET", "/v2/x", cast=Job, paginate="cursor")

    async def main() -> list[str]:
        return [job.id async for job in AsyncPaginator(h.async_._pipeline, req)]

    assert len(asyncio.run(main())) == 6


def test_bad_page_body_raises_a_typed_error(harness: Callable[..., Harness]) -> None:
    h = harness(lambda r: httpx.Response(200, json={"not": "a list"}))
    with pytest.raises(pybuildkite.APIResponseValidationError):
        list(h.sync.builds.list("acme"))


def test_stable_by_pins_later_pages_to_the_newest_item_of_the_first(
    harness: Callable[..., Harness],
) -> None:
    from pybuildkite._pagination import SyncPaginator
    from pybuildkite._request import api_request
    from pybuildkite.types.builds import Build

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(parse_qs(request.url.query.decode()).get("page", ["1"])[0])
        items = [
            {**build(page * 10 + i), "created_at": f"2025-01-0{page}T10:00:0{i}.500Z"}
            for i in range(2)
        ]
        link = f'<{BASE}/v2/builds?per_page=2&page={page + 1}>; rel="next"' if page < 3 else ""
        return httpx.Response(200, json=items, headers={"link": link} if link else {})

    h = harness(handler)
    req = api_request(
        "GET", "/v2/builds", cast=Build, paginate="page", per_page=2, stable_by="created_to"
    )
    assert len(list(SyncPaginator(h.sync._pipeline, req))) == 6
    queries = [parse_qs(r.url.query.decode()) for r in h.requests]
    assert "created_to" not in queries[0]
    assert [q["created_to"] for q in queries[1:]] == [["2025-01-01T10:00:00.501Z"]] * 2
    # A caller's own created_to is kept, and nothing is pinned.
    h2 = harness(handler)
    req2 = api_request(
        "GET",
        "/v2/builds",
        cast=Build,
        paginate="page",
        query={"created_to": "x"},
        stable_by="created_to",
    )
    list(SyncPaginator(h2.sync._pipeline, req2))
    assert all(
        parse_qs(r.url.query.decode()).get("created_to", ["x"]) == ["x"] for r in h2.requests
    )
