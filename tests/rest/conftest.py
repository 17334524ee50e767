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


# -- storage faults for download tests -------------------------------------------------------


def failing_midway(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the storage server drop the connection after sending two chunks of any artifact."""
    from pybuildkite.testing import _server

    real = _server.artifact_chunks

    def chunks(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        for i, chunk in enumerate(real(*args, **kwargs)):
            if i == 2:
                raise ConnectionAbortedError("storage went away")
            yield chunk

    monkeypatch.setattr(_server, "artifact_chunks", chunks)


def corrupting(monkeypatch: pytest.MonkeyPatch, emu: Any) -> None:
    """Make the storage server flip one byte of any artifact it serves (size unchanged).

    The emulator works out an artifact's SHA-1 from its content the first time it renders
    it; that is done here first, so listings keep the SHA-1 of the true content.
    """
    from pybuildkite.testing import _render, _server

    for artifact in list(emu.store.artifacts.values()):
        _render.artifact_sha1(emu.store, artifact)
    real = _server.artifact_chunks

    def chunks(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        for i, chunk in enumerate(real(*args, **kwargs)):
            yield bytes([chunk[0] ^ 0xFF]) + chunk[1:] if i == 1 else chunk

    monkeypatch.setattr(_server, "artifact_chunks", chunks)
