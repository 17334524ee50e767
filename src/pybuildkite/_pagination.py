"""Lazy pagination over both of Buildkite's styles.

* page style: a bare JSON array, the next page in ``Link: <...>; rel="next"``;
* cursor style: ``{"items": [...], "links": {"next": ...}}``.

Iterating a paginator walks every item, fetching pages as needed. Once a page-style listing
names its last page, the remaining pages are fetched ``concurrency`` at a time (their URLs are
the next link with only ``page`` changed) and still yielded in order. Links are followed only to
the client's own origin, and a repeated URL ends the walk.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx
import pydantic

from ._encoding import format_datetime
from ._exceptions import PaginationError
from ._models import decoder_for

if TYPE_CHECKING:
    from ._pipeline import AsyncPipeline, BasePipeline, SyncPipeline
    from ._request import APIRequest

__all__ = ["AsyncPaginator", "Page", "SyncPaginator"]

T = TypeVar("T")

_PAGE_PARAM = re.compile(r"(^|&)page=[^&]*")


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a listing."""

    items: list[T]
    response: httpx.Response
    links: dict[str, str] = field(default_factory=dict)

    @property
    def next_url(self) -> str | None:
        return self.links.get("next")

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@cache
def _cursor_model(item_type: Any) -> Any:
    return pydantic.create_model(
        "CursorPage",
        items=(list[item_type], ...),
        links=(dict[str, str | None], {}),
    )


def _page_number(url: str) -> int | None:
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key == "page":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _with_page(url: str, number: int) -> str:
    """Change only the ``page`` value, leaving the rest of the query byte for byte."""
    parts = urlsplit(url)
    query, count = _PAGE_PARAM.subn(rf"\g<1>page={number}", parts.query)
    if not count:
        query = f"{query}&page={number}" if query else f"page={number}"
    return urlunsplit(parts._replace(query=query))


def parse_page(pipeline: BasePipeline, req: APIRequest[Any], response: httpx.Response) -> Page[Any]:
    """Decode one page of either style."""
    content = response.content
    try:
        if not content:
            raise ValueError("empty body")
        if req.paginate == "cursor":
            body = decoder_for(_cursor_model(req.item_type))(content)
            links = {k: v for k, v in body.links.items() if isinstance(v, str) and v}
            return Page(list(body.items), response, links)
        items = decoder_for(list[req.item_type])(content)  # type: ignore[name-defined]
    except (pydantic.ValidationError, ValueError) as err:
        raise pipeline.validation_error(response, err) from None
    return Page(items, response, _links(response))


def _links(response: httpx.Response) -> dict[str, str]:
    """``Link`` header URLs by rel; relative ones (RFC 8288 allows them) resolve against the
    URL that was requested."""
    base = response.request.url
    links: dict[str, str] = {}
    for rel, link in response.links.items():
        if rel is None:
            continue
        if "url" not in link:
            continue
        try:
            links[rel] = str(base.join(link["url"]))
        except httpx.InvalidURL as err:
            raise PaginationError(f"the server sent an unusable {rel!r} link: {err}") from None
    return links


class _PagePlan:
    """Decides which URL comes next: sequential links, or the known range up to ``last``."""

    def __init__(self, pipeline: BasePipeline, concurrency: int) -> None:
        self.pipeline = pipeline
        self.concurrency = concurrency
        self.seen: set[str] = set()

    def follow(self, url: str | None) -> str | None:
        if not url:
            return None
        self.pipeline.check_follow(url)
        if url in self.seen:
            return None  # a server that loops would otherwise keep us here forever
        self.seen.add(url)
        return url

    def fan_out(self, page: Page[Any], max_pages: int | None) -> list[str]:
        """URLs of every remaining page when the range is known, else []."""
        nxt, last = page.links.get("next"), page.links.get("last")
        if self.concurrency < 2 or not nxt or not last or max_pages == 1:
            return []
        first_n, last_n = _page_number(nxt), _page_number(last)
        if first_n is None or last_n is None or last_n < first_n:
            return []
        if max_pages is not None:
            last_n = min(last_n, first_n + max_pages - 1)
        if _with_page(nxt, last_n) != _with_page(last, last_n):
            return []  # next and last differ in more than the page number: don't guess
        urls = []
        for n in range(first_n, last_n + 1):
            url = nxt if n == first_n else _with_page(nxt, n)
            self.pipeline.check_follow(url)
            self.seen.add(url)
            urls.append(url)
        return urls


def _pages_needed(limit: int | None, first: Page[Any]) -> int | None:
    """With ``limit=``, how many more pages can matter (so a small limit never fans out)."""
    if limit is None:
        return None
    size = max(1, len(first.items))
    return max(1, -(-(limit - len(first.items)) // size))


def _absolute(req: APIRequest[Any], url: str, pin: tuple[str, str] | None) -> APIRequest[Any]:
    from dataclasses import replace

    # The link already carries the query (filters, per_page); don't add it twice.
    keys = {k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    extra = [pin] if pin and pin[0] not in keys else []
    return replace(req, path=url, query=extra, per_page=None)


def _pin(req: APIRequest[Any], first: Page[Any]) -> tuple[str, str] | None:
    """The ``stable_by`` value taken from the newest item of the first page."""
    if not req.stable_by or not first.items:
        return None
    newest = getattr(first.items[0], "created_at", None)
    if not isinstance(newest, dt.datetime):
        return None
    # One millisecond past the newest item: right whether the server treats the bound as
    # inclusive or exclusive, at the cost of admitting items created in that millisecond.
    return (req.stable_by, format_datetime(newest + dt.timedelta(milliseconds=1)))


class SyncPaginator(Generic[T]):
    """``for build in client.builds.list(...)`` walks every page lazily."""

    def __init__(self, pipeline: SyncPipeline, req: APIRequest[Any]) -> None:
        self._pipeline = pipeline
        self._req = req
        self._concurrency = req.concurrency or pipeline.config.page_concurrency

    def _fetch(self, url: str | None, pin: tuple[str, str] | None = None) -> Page[T]:
        req = self._req if url is None else _absolute(self._req, url, pin)
        response = self._pipeline.send(req)
        return parse_page(self._pipeline, req, response)

    def first_page(self) -> Page[T]:
        return self._fetch(None)

    def pages(self) -> Iterator[Page[T]]:
        plan = _PagePlan(self._pipeline, self._concurrency)
        page = self._fetch(None)
        pin = _pin(self._req, page)
        yield page
        while True:
            urls = plan.fan_out(page, _pages_needed(self._req.limit, page))
            if urls:
                yield from self._fetch_many(urls, pin)
                return
            url = plan.follow(page.next_url)
            if url is None:
                return
            page = self._fetch(url, pin)
            yield page

    def _fetch_many(self, urls: list[str], pin: tuple[str, str] | None) -> Iterator[Page[T]]:
        with concurrent.futures.ThreadPoolExecutor(
            max_workers=self._concurrency, thread_name_prefix="pybuildkite-page"
        ) as pool:
            pending = iter(urls)
            window = [pool.submit(self._fetch, u, pin) for u in islice(pending, self._concurrency)]
            try:
                while window:
                    page = window.pop(0).result()
                    for url in pending:
                        window.append(pool.submit(self._fetch, url, pin))
                        break
                    yield page
            finally:
                for future in window:
                    future.cancel()

    def __iter__(self) -> Iterator[T]:
        limit = self._req.limit
        if limit == 0:
            return
        count = 0
        for page in self.pages():
            for item in page.items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    def to_list(self) -> list[T]:
        return list(self)


class AsyncPaginator(Generic[T]):
    """``async for build in client.builds.list(...)``."""

    def __init__(self, pipeline: AsyncPipeline, req: APIRequest[Any]) -> None:
        self._pipeline = pipeline
        self._req = req
        self._concurrency = req.concurrency or pipeline.config.page_concurrency

    async def _fetch(self, url: str | None, pin: tuple[str, str] | None = None) -> Page[T]:
        req = self._req if url is None else _absolute(self._req, url, pin)
        response = await self._pipeline.send(req)
        return parse_page(self._pipeline, req, response)

    async def first_page(self) -> Page[T]:
        return await self._fetch(None)

    async def pages(self) -> AsyncIterator[Page[T]]:
        plan = _PagePlan(self._pipeline, self._concurrency)
        page = await self._fetch(None)
        pin = _pin(self._req, page)
        yield page
        while True:
            urls = plan.fan_out(page, _pages_needed(self._req.limit, page))
            if urls:
                async for fetched in self._fetch_many(urls, pin):
                    yield fetched
                return
            url = plan.follow(page.next_url)
            if url is None:
                return
            page = await self._fetch(url, pin)
            yield page

    async def _fetch_many(
        self, urls: list[str], pin: tuple[str, str] | None
    ) -> AsyncIterator[Page[T]]:
        pending = iter(urls)
        window = [
            asyncio.ensure_future(self._fetch(u, pin)) for u in islice(pending, self._concurrency)
        ]
        try:
            while window:
                page = await window.pop(0)
                for url in pending:
                    window.append(asyncio.ensure_future(self._fetch(url, pin)))
                    break
                yield page
        finally:
            for task in window:
                task.cancel()
            if window:
                await asyncio.gather(*window, return_exceptions=True)

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncIterator[T]:
        limit = self._req.limit
        if limit == 0:
            return
        count = 0
        async for page in self.pages():
            for item in page.items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    async def to_list(self) -> list[T]:
        return [item async for item in self]
