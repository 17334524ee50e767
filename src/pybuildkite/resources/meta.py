"""Meta: the unauthenticated endpoints (API root, webhook IPs, API catalog, OpenAPI spec)."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from ..types import meta as t

__all__ = ["AsyncMeta", "Meta"]


def _utf8(content: bytes) -> str:
    return content.decode("utf-8")


class _MetaEndpoints:
    @endpoint
    def get(self, **options: Unpack[RequestOptions]) -> APIRequest[t.Meta]:
        """Get meta information: the IP ranges Buildkite's webhooks come from (poll daily).

        GET /v2/meta
        """
        return api_request("GET", "/v2/meta", cast=t.Meta, options=options)

    @endpoint
    def ping(self, **options: Unpack[RequestOptions]) -> APIRequest[t.Ping]:
        """Ping the API root: a cheap liveness check.

        GET /
        """
        return api_request("GET", "/", cast=t.Ping, options=options)

    @endpoint
    def api_catalog(self, **options: Unpack[RequestOptions]) -> APIRequest[t.ApiCatalog]:
        """Get the RFC 9727 API catalog, which points at the Test Engine OpenAPI spec.

        GET /.well-known/api-catalog
        """
        return api_request(
            "GET", "/.well-known/api-catalog", cast=t.ApiCatalog, options=options,
            headers={"Accept": "application/linkset+json, application/json"},
        )  # fmt: skip

    @endpoint
    def analytics_openapi(self, **options: Unpack[RequestOptions]) -> APIRequest[str]:
        """Get the Test Engine (analytics) OpenAPI specification as YAML text.

        GET /v2/analytics/openapi.yaml
        """
        # The body is YAML, not JSON: decode it as text rather than through a model.
        return api_request(
            "GET", "/v2/analytics/openapi.yaml", options=options, decode=_utf8,
            headers={"Accept": "application/openapi+yaml, application/yaml, text/yaml, */*"},
        )  # fmt: skip


class Meta(_MetaEndpoints, SyncAPIResource):
    pass


class AsyncMeta(_MetaEndpoints, AsyncAPIResource):
    pass
