"""Request/response helpers shared by every route module.

Handlers receive a :class:`Req` and return a :class:`Resp`.  Both are tiny
slotted classes rather than Starlette's request/response objects: the app is a
plain ASGI callable and these are built once per request with no parsing that a
handler does not ask for.

Pagination follows Buildkite:

* page style -- ``page`` (default 1; ``0`` also means 1) and ``per_page`` (default 30,
  max 100; a value outside 1..100 is answered with 400).  The body is a bare JSON array and the
  ``Link`` header carries ``next``/``last`` (when there is a later page) and
  ``first``/``prev`` (when there is an earlier one), each URL keeping the
  original query string with only ``page`` replaced.
* cursor style -- body ``{"items": [...], "links": {"self", "next", "prev", "first"}}``;
  ``after`` and ``before`` are opaque cursors and are mutually exclusive (400).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_plus

if TYPE_CHECKING:
    from ._state import Store, Token, User

JSON_TYPE = b"application/json; charset=utf-8"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30

Body = bytes | Iterator[bytes] | AsyncIterator[bytes]


class HTTPError(Exception):
    """Raised by handlers to answer with a JSON error body."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, **extra}


def not_found(what: str = "Not Found") -> HTTPError:
    return HTTPError(404, what)


def validation_failed(*errors: tuple[str, str]) -> HTTPError:
    """The documented ``Validation Failed`` shape with ``errors[{field, code}]``."""
    return HTTPError(
        422,
        "Validation Failed",
        errors=[{"field": f, "code": c} for f, c in errors],
    )


@dataclass(slots=True)
class Resp:
    status: int = 200
    body: Body = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    # Set for streamed bodies so clients still get a Content-Length.
    length: int | None = None

    def header(self, name: str, value: str) -> Resp:
        self.headers.append((name.encode("latin-1"), value.encode("latin-1")))
        return self


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_resp(data: Any, status: int = 200) -> Resp:
    return Resp(status, dumps(data), [(b"content-type", JSON_TYPE)])


def error_resp(status: int, message: str, **extra: Any) -> Resp:
    return json_resp({"message": message, **extra}, status)


def empty(status: int = 204) -> Resp:
    return Resp(status, b"")


def text_resp(text: str | bytes, content_type: str = "text/plain; charset=utf-8") -> Resp:
    data = text.encode() if isinstance(text, str) else text
    return Resp(200, data, [(b"content-type", content_type.encode())])


class Query:
    """Decoded query pairs with Rails-style array and hash helpers."""

    __slots__ = ("pairs", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        pairs: list[tuple[str, str]] = []
        if raw:
            for part in raw.split("&"):
                if not part:
                    continue
                key, _, value = part.partition("=")
                pairs.append((unquote_plus(key), unquote_plus(value)))
        self.pairs = pairs

    def get(self, name: str) -> str | None:
        for key, value in reversed(self.pairs):
            if key == name:
                return value
        return None

    def has(self, name: str) -> bool:
        return any(k == name or k == name + "[]" for k, _ in self.pairs)

    def list(self, name: str) -> list[str]:
        """``name[]=a&name[]=b`` or plain ``name=a`` (comma lists are not split)."""
        arr = name + "[]"
        return [v for k, v in self.pairs if k in (name, arr) and v != ""]

    def hash(self, name: str) -> dict[str, str]:
        """``name[key]=value`` pairs."""
        prefix = name + "["
        out: dict[str, str] = {}
        for key, value in self.pairs:
            if key.startswith(prefix) and key.endswith("]") and len(key) > len(prefix) + 1:
                out[key[len(prefix) : -1]] = value
        return out

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None or value == "":
            return default
        return value.lower() in ("true", "1", "yes", "on")

    def int(self, name: str, default: int) -> int:
        value = self.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise HTTPError(400, f"{name} must be an integer") from None

    def datetime(self, name: str) -> datetime | None:
        value = self.get(name)
        if not value:
            return None
        return parse_time(value, name)


def parse_time(value: str, name: str = "value") -> datetime:
    text = value.strip()
    if text.endswith(" UTC"):
        text = text[:-4].replace(" ", "T") + "+00:00"
    text = text.replace("Z", "+00:00").replace("z", "+00:00")
    # A '+' in a query string decodes to a space; put the offset sign back.
    if len(text) > 19 and text[-6] == " ":
        text = text[:-6] + "+" + text[-5:]
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise HTTPError(400, f"{name} must be an ISO 8601 date") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


class Req:
    """What a handler needs to know about one request."""

    __slots__ = (
        "base_url",
        "body",
        "headers",
        "json",
        "method",
        "params",
        "path",
        "query",
        "raw_path",
        "store",
        "token",
        "user",
    )

    def __init__(
        self,
        *,
        method: str,
        path: str,
        raw_path: str,
        query: Query,
        headers: dict[str, str],
        body: bytes,
        json_body: Any,
        params: dict[str, str],
        store: Store,
        token: Token | None,
        user: User | None,
    ) -> None:
        self.method = method
        self.path = path
        self.raw_path = raw_path
        self.query = query
        self.headers = headers
        self.body = body
        self.json = json_body
        self.params = params
        self.store = store
        self.token = token
        self.user = user
        self.base_url = store.base_url

    def data(self) -> dict[str, Any]:
        """The JSON body as an object; empty body, ``{}`` and ``null`` all mean no fields."""
        if self.json is None:
            return {}
        if not isinstance(self.json, dict):
            raise HTTPError(422, "Validation Failed", errors=[{"field": "body", "code": "invalid"}])
        return self.json

    def accepts(self, mime: str) -> bool:
        return mime in self.headers.get("accept", "")

    def has_scope(self, scope: str) -> bool:
        return self.token is not None and scope in self.token.scopes

    @property
    def self_url(self) -> str:
        q = self.query.raw
        return self.base_url + self.raw_path + (("?" + q) if q else "")


# ---------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------


def page_params(req: Req) -> tuple[int, int]:
    page = req.query.int("page", 1)
    per_page = req.query.int("per_page", DEFAULT_PER_PAGE)
    if page == 0:
        page = 1  # pybuildkite 1.x sent page=0 for the first page, and Buildkite accepts it
    if page < 1:
        raise HTTPError(400, "page must be greater than or equal to 1")
    if per_page < 1 or per_page > MAX_PER_PAGE:
        raise HTTPError(400, f"per_page must be between 1 and {MAX_PER_PAGE}")
    return page, per_page


def _with_param(req: Req, name: str, value: str | None, drop: Sequence[str] = ()) -> str:
    """The request URL with ``name`` set to ``value`` (kept in place if present)."""
    parts: list[str] = []
    placed = False
    for part in req.query.raw.split("&") if req.query.raw else []:
        if not part:
            continue
        key = unquote_plus(part.partition("=")[0])
        if key == name:
            if value is not None and not placed:
                parts.append(f"{name}={quote(value, safe='')}")
                placed = True
            continue
        if key in drop:
            continue
        parts.append(part)
    if value is not None and not placed:
        parts.append(f"{name}={quote(value, safe='')}")
    url = req.base_url + req.raw_path
    return url + ("?" + "&".join(parts) if parts else "")


def link_header(req: Req, page: int, last_page: int) -> str:
    links: list[str] = []
    if page < last_page:
        links.append(f'<{_with_param(req, "page", str(page + 1))}>; rel="next"')
        links.append(f'<{_with_param(req, "page", str(last_page))}>; rel="last"')
    if page > 1:
        links.append(f'<{_with_param(req, "page", "1")}>; rel="first"')
        links.append(f'<{_with_param(req, "page", str(min(page - 1, last_page)))}>; rel="prev"')
    return ", ".join(links)


def paginate_page(
    req: Req,
    items: Sequence[Any],
    render: Callable[[Any], Any] | None = None,
    page_size: tuple[int, int] | None = None,
) -> Resp:
    """Slice ``items`` for the request's page and answer with a ``Link`` header."""
    page, per_page = page_size or page_params(req)
    total = len(items)
    last_page = max(1, -(-total // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    data = [render(i) for i in chunk] if render else list(chunk)
    resp = json_resp(data)
    link = link_header(req, page, last_page)
    if link:
        resp.header("link", link)
    return resp


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        pad = "=" * (-len(cursor) % 4)
        return base64.urlsafe_b64decode(cursor + pad).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HTTPError(400, "Invalid cursor") from None


def paginate_cursor(
    req: Req,
    items: Sequence[Any],
    key: Callable[[Any], str],
    render: Callable[[Any], Any] | None = None,
    mirror_link_header: bool = False,
) -> Resp:
    """Cursor pagination: ``{items, links}``; a cursor names the item next to the page."""
    per_page = req.query.int("per_page", DEFAULT_PER_PAGE)
    if per_page < 1 or per_page > MAX_PER_PAGE:
        raise HTTPError(400, f"per_page must be between 1 and {MAX_PER_PAGE}")
    after = req.query.get("after")
    before = req.query.get("before")
    if after and before:
        raise HTTPError(400, "Only one of after or before may be specified")
    keys = [key(i) for i in items]
    if after:
        target = decode_cursor(after)
        if target not in keys:
            raise HTTPError(400, "Invalid cursor")
        start = keys.index(target) + 1
        end = start + per_page
    elif before:
        target = decode_cursor(before)
        if target not in keys:
            raise HTTPError(400, "Invalid cursor")
        end = keys.index(target)
        start = max(0, end - per_page)
    else:
        start, end = 0, per_page
    chunk = items[start:end]
    drop = ("after", "before")
    links: dict[str, str] = {"self": req.self_url}
    if end < len(items) and chunk:
        links["next"] = _with_param(req, "after", encode_cursor(keys[end - 1]), drop)
    if start > 0 and chunk:
        links["prev"] = _with_param(req, "before", encode_cursor(keys[start]), drop)
    if start > 0:
        links["first"] = _with_param(req, "after", None, drop)
    data = [render(i) for i in chunk] if render else list(chunk)
    resp = json_resp({"items": data, "links": links})
    if mirror_link_header:
        rels = [f'<{url}>; rel="{rel}"' for rel, url in links.items() if rel != "self"]
        if rels:
            resp.header("link", ", ".join(rels))
    return resp


def branch_allowed(patterns: str, branch: str) -> bool:
    """A space-separated branch filter (``main release/*``, ``!`` to exclude) lets ``branch``
    through: pipelines' branch filters and notification services' alike."""
    allowed = False
    for pattern in patterns.split():
        if pattern.startswith("!"):
            if wildcard_match(pattern[1:], branch):
                return False
        elif wildcard_match(pattern, branch):
            allowed = True
    return allowed


def wildcard_match(pattern: str, value: str) -> bool:
    """Buildkite branch filters: ``*`` matches any run of characters."""
    if "*" not in pattern:
        return pattern == value
    parts = pattern.split("*")
    if not value.startswith(parts[0]) or not value.endswith(parts[-1]):
        return False
    pos = len(parts[0])
    end = len(value) - len(parts[-1])
    for mid in parts[1:-1]:
        idx = value.find(mid, pos, end)
        if idx < 0:
            return False
        pos = idx + len(mid)
    return pos <= end


def chunked(data: bytes, size: int = 65536) -> Iterable[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]
