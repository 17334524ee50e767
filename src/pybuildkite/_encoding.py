"""Path and query encoding: the one place a value becomes part of a URL.

Every path parameter goes through :func:`path`, every query through :func:`encode_query`, so a
branch called ``fix/#12 ci`` or a slug with ``..`` can never change which route is requested.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from ._types import NotGiven

__all__ = ["encode_body", "encode_query", "format_datetime", "path", "quote_segment"]


def quote_segment(value: object, *, name: str = "path parameter") -> str:
    """Percent-encode one path segment; refuse values that are empty, ``.`` or ``..``."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{name} must be a str or int, not {type(value).__name__}")
    text = str(value)
    if text in ("", ".", ".."):
        shown = "empty" if text == "" else repr(text)
        raise ValueError(f"{name} must not be {shown}")
    try:
        # safe="" so "/", "?", "#" and "%" are escaped too; never quote_plus ("+" is literal).
        return quote(text, safe="", encoding="utf-8", errors="strict")
    except UnicodeEncodeError as err:
        raise ValueError(f"{name} is not encodable as UTF-8") from err


def path(template: str, *values: object) -> str:
    """Fill ``{}`` placeholders in ``template`` with percent-encoded segments."""
    parts = template.split("{}")
    if len(parts) != len(values) + 1:
        raise AssertionError(f"template {template!r} takes {len(parts) - 1} values")
    out = [parts[0]]
    for part, value in zip(parts[1:], values, strict=True):
        out.append(quote_segment(value))
        out.append(part)
    return "".join(out)


def format_datetime(value: dt.datetime | dt.date, *, name: str = "datetime") -> str:
    """ISO 8601 in UTC with a ``Z``; naive datetimes are refused rather than guessed."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise ValueError(
                f"{name} must be timezone-aware (naive datetimes are ambiguous); "
                "use e.g. datetime.now(timezone.utc)"
            )
        utc = value.astimezone(dt.UTC)
        text = utc.strftime("%Y-%m-%dT%H:%M:%S")
        if utc.microsecond:
            text += f".{utc.microsecond // 1000:03d}"
        return text + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")


def _scalar(value: object, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _scalar(value.value, name)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return format_datetime(value, name=name)
    raise TypeError(f"query parameter {name!r} cannot be a {type(value).__name__}")


def encode_query(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Turn keyword filters into query pairs, Rails style.

    ``None`` and NOT_GIVEN are left out; lists become ``name[]`` repeated; mappings become
    ``name[key]``; booleans ``true``/``false``; datetimes UTC ``...Z``.
    """
    pairs: list[tuple[str, str]] = []
    if not params:
        return pairs
    for name, value in params.items():
        if value is None or isinstance(value, NotGiven):
            continue
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str) or not key:
                    raise ValueError(f"query parameter {name!r} keys must be non-empty strings")
                pairs.append((f"{name}[{key}]", _scalar(item, f"{name}[{key}]")))
        elif isinstance(value, list | tuple | set | frozenset):
            key = name if name.endswith("[]") else f"{name}[]"
            pairs.extend((key, _scalar(item, name)) for item in value)
        else:
            pairs.append((name, _scalar(value, name)))
    return pairs


def query_string(pairs: Iterable[tuple[str, str]]) -> str:
    """Serialise pairs; brackets stay literal (as Buildkite documents), everything else escaped."""
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return format_datetime(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "model_dump"):
        return _jsonable(value.model_dump(mode="json", exclude_unset=True))
    return value


def encode_body(body: Mapping[str, Any] | None) -> bytes | None:
    """JSON-encode a request body, dropping fields that were not given (``None`` stays ``null``)."""
    if body is None:
        return None
    return json.dumps(_jsonable(body), separators=(",", ":"), ensure_ascii=False).encode()
