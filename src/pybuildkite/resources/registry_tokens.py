"""Registry tokens: the credentials that install packages from a registry."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_str
from ..types.packages import RegistryToken

__all__ = ["AsyncRegistryTokens", "RegistryTokens"]


def _tokens(org: str, registry: str, token_id: str | None = None) -> str:
    route = path("/v2/packages/organizations/{}/registries/{}/tokens", org, registry)
    return route if token_id is None else route + "/" + path("{}", token_id)


class _RegistryTokensEndpoints:
    @endpoint
    def create(
        self, org: str, registry: str, *, description: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[RegistryToken]:
        """Create a registry token.

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}/tokens
        """
        return api_request(
            "POST", _tokens(org, registry), cast=RegistryToken,
            body={"description": check_str(description, "description")}, options=options,
        )  # fmt: skip

    @paginated
    def list(
        self,
        org: str,
        registry: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[RegistryToken]:
        """List a registry's tokens.

        GET /v2/packages/organizations/{org.slug}/registries/{registry.slug}/tokens
        """
        # The docs leave pagination unsaid; page style follows Link headers if there are any.
        return api_request(
            "GET", _tokens(org, registry), cast=RegistryToken, options=options, paginate="page",
            per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, registry: str, id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[RegistryToken]:
        """Get a registry token.

        GET /v2/packages/organizations/{org.slug}/registries/{registry.slug}/tokens/{id}
        """
        return api_request("GET", _tokens(org, registry, id), cast=RegistryToken, options=options)

    @endpoint
    def update(
        self,
        org: str,
        registry: str,
        id: str,
        *,
        description: str,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[RegistryToken]:
        """Change a registry token's description (a POST, as Buildkite documents it).

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}/tokens/{id}
        """
        return api_request(
            "POST", _tokens(org, registry, id), cast=RegistryToken,
            body={"description": check_str(description, "description")}, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, registry: str, id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a registry token.

        DELETE /v2/packages/organizations/{org.slug}/registries/{registry.slug}/tokens/{id}
        """
        return api_request("DELETE", _tokens(org, registry, id), options=options)


class RegistryTokens(_RegistryTokensEndpoints, SyncAPIResource):
    pass


class AsyncRegistryTokens(_RegistryTokensEndpoints, AsyncAPIResource):
    pass
