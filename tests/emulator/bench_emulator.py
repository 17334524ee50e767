"""Throughput of the emulator for simple GETs over one keep-alive connection.

Run ``python -m tests.emulator.bench_emulator`` (not collected by pytest: the
file name does not start with ``test_``).  ``run()`` returns requests/second so
benchmark suites can call it.
"""

from __future__ import annotations

import time

import httpx

from pybuildkite.testing import Emulator


def run(requests: int = 3000, path: str = "/v2/user") -> float:
    with (
        Emulator() as emu,
        httpx.Client(base_url=emu.url, headers={"Authorization": f"Bearer {emu.token}"}) as client,
    ):
        client.get(path)
        start = time.perf_counter()
        for _ in range(requests):
            client.get(path)
        elapsed = time.perf_counter() - start
    return requests / elapsed


if __name__ == "__main__":
    for p in ("/", "/v2/user", "/v2/organizations/acme"):
        print(f"{p}: {run(path=p):.0f} requests/s")
