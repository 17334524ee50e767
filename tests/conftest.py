"""Suite-wide settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(scope="session", autouse=True)
def _no_proxy_from_the_shell() -> Iterator[None]:
    """The clients honour proxy variables (as httpx reads them), which do not spare
    127.0.0.1: a proxy set in the developer's shell would carry every test's traffic to the
    local servers. Tests that are about proxies set their own."""
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXY_VARIABLES:
            patch.delenv(name, raising=False)
            patch.delenv(name.lower(), raising=False)
        yield
