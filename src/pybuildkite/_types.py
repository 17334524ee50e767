"""Small shared types: the "not given" sentinel and per-call request options."""

from __future__ import annotations

from typing import Any, Final, Literal, TypedDict, TypeVar

import httpx

__all__ = ["NOT_GIVEN", "NotGiven", "RequestOptions", "TimeoutTypes"]

_T = TypeVar("_T")


class NotGiven:
    """A field left out, as opposed to one set to ``None`` (JSON ``null``) or ``False``.

    PATCH bodies need all three: leaving ``description`` out keeps it, ``None`` clears it.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

TimeoutTypes = float | httpx.Timeout | None


class RequestOptions(TypedDict, total=False):
    """Options every endpoint method accepts, for what the library does not model yet."""

    extra_query: dict[str, Any]
    extra_body: dict[str, Any]
    extra_headers: dict[str, str]
    timeout: TimeoutTypes
