"""Deliberate response cuts stay out of the server log; unfinished responses still show."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pybuildkite.testing import Emulator, Faults
from pybuildkite.testing._server import ServerThread

INCOMPLETE = "ASGI callable returned without completing response."


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def server_log() -> Iterator[_Collect]:
    # Attached to uvicorn's own logger, whose records do not reach the root logger; a server
    # starting reconfigures that logger's handlers, so tests start theirs before using this.
    handler = _Collect()
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _settle(log: _Collect, expected: int = 0) -> None:
    # The server thread logs after the client already saw the cut; give it a moment.
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and len(log.messages) < max(expected, 1):
        time.sleep(0.02)


def test_reset_and_truncate_are_not_logged(
    buildkite_emulator: Emulator, server_log: _Collect
) -> None:
    emu = buildkite_emulator
    emu.set_faults(Faults(script=("reset", "truncate")))
    headers = {"Authorization": f"Bearer {emu.token}"}
    for _ in range(2):
        with pytest.raises(httpx.TransportError):
            httpx.get(emu.url + "/v2/user", headers=headers, timeout=5)
    assert emu.injected["reset"] == 1 and emu.injected["truncate"] == 1
    _settle(server_log)
    assert INCOMPLETE not in server_log.messages
    # The server keeps answering afterwards.
    assert httpx.get(emu.url + "/v2/user", headers=headers, timeout=5).status_code == 200


async def _unfinished(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """An app with a bug: it starts a response and never finishes it."""
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})


def test_an_app_that_does_not_finish_is_still_logged() -> None:
    server = ServerThread([(_unfinished, "127.0.0.1", 0)])
    server.start()
    server_log = _Collect()
    logging.getLogger("uvicorn.error").addHandler(server_log)
    try:
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{server.ports[0]}/", timeout=2)
        _settle(server_log, 1)
    finally:
        logging.getLogger("uvicorn.error").removeHandler(server_log)
        server.stop()
    assert INCOMPLETE in server_log.messages
