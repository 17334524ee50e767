"""Helpers for the REST resource tests (the emulator fixtures come from the pytest plugin)."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest


class Wire(NamedTuple):
    """One request as the emulator received it; the query is a multiset of pairs."""

    method: str
    path: str
    query: Counter[tuple[str, str]]
    json: Any


@pytest.fixture
def wire(buildkite_emulator: Any) -> Callable[[], Wire]:
    """``wire()`` is the last request the emulator received."""

    def last() -> Wire:
        r = buildkite_emulator.requests[-1]
        return Wire(r.method, r.path, Counter(r.query), r.json)

    return last


Refused = Callable[..., contextlib.AbstractContextManager[None]]


@pytest.fixture
def refused(buildkite_emulator: Any) -> Refused:
    """``with refused(TypeError, "match"): ...`` expects the error and no request sent."""

    @contextlib.contextmanager
    def check(exc: type[BaseException], match: str | None = None) -> Iterator[None]:
        before = len(buildkite_emulator.requests)
        with pytest.raises(exc, match=match):
            yield
        assert len(buildkite_emulator.requests) == before, "a refused call reached the server"

    return check
