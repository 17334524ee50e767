"""Meta: the API root, /v2/meta, the API catalog and the analytics OpenAPI document."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pybuildkite
from pybuildkite.types.meta import ApiCatalog, Meta, Ping


def test_ping(buildkite_client: pybuildkite.Client, wire: Any) -> None:
    pong = buildkite_client.meta.ping()
    assert wire() == ("GET", "/", Counter(), None)
    assert isinstance(pong, Ping)
    assert pong.message == "🛠"
    assert isinstance(pong.timestamp, int) and pong.timestamp > 1_600_000_000


def test_meta_lists_webhook_ips(buildkite_client: pybuildkite.Client, wire: Any) -> None:
    meta = buildkite_client.meta.get()
    assert wire() == ("GET", "/v2/meta", Counter(), None)
    assert isinstance(meta, Meta)
    assert meta.webhook_ips == ["192.0.2.0/24", "198.51.100.12"]


def test_api_catalog_points_at_the_openapi_spec(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    catalog = buildkite_client.meta.api_catalog()
    assert wire()[:2] == ("GET", "/.well-known/api-catalog")
    assert isinstance(catalog, ApiCatalog)
    (entry,) = catalog.linkset
    assert entry.service_desc[0].href == f"{buildkite_emulator.url}/v2/analytics/openapi.yaml"
    assert entry.service_desc[0].type == "application/openapi+yaml"
    assert entry.service_doc[0].type == "text/html"


def test_analytics_openapi_is_yaml_text(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    spec = buildkite_client.meta.analytics_openapi()
    assert wire()[:2] == ("GET", "/v2/analytics/openapi.yaml")
    assert "yaml" in buildkite_emulator.requests[-1].headers["accept"]
    assert isinstance(spec, str)
    assert spec.startswith("openapi: 3.")
    assert "/v2/analytics/organizations/" in spec


def test_unknown_option_is_refused(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    with refused(TypeError, "unexpected keyword"):
        buildkite_client.meta.get(tiemout=3)  # type: ignore[call-arg]


async def test_async_meta(async_buildkite_client: pybuildkite.AsyncClient) -> None:
    client = async_buildkite_client
    assert (await client.meta.ping()).message == "🛠"
    assert (await client.meta.get()).webhook_ips
    assert (await client.meta.api_catalog()).linkset
    assert (await client.meta.analytics_openapi()).startswith("openapi:")
