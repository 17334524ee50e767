"""Package registries: create, list, get, update, delete.

Buildkite answers 200 to every call here, creates and deletes included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_str, one_or_many
from ..types.packages import Registry

__all__ = ["AsyncPackageRegistries", "PackageRegistries"]

OidcPolicy = str | Sequence[Any]


def _registries(org: str, registry: str | None = None) -> str:
    route = path("/v2/packages/organizations/{}/registries", org)
    return route if registry is None else route + "/" + path("{}", registry)


def _checked(body: dict[str, Any]) -> dict[str, Any]:
    for name, value in body.items():
        if isinstance(value, NotGiven) or value is None or name == "oidc_policy":
            continue
        if name == "team_ids":
            if isinstance(value, str):
                raise TypeError("team_ids must be a list of str")
            body[name] = one_or_many(value, name)
        else:
            check_str(value, name, allow_empty=name == "description")
    return body


class _PackageRegistriesEndpoints:
    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        ecosystem: str,
        team_ids: Sequence[str] | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        emoji: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
        oidc_policy: OidcPolicy | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Registry]:
        """Create a registry.

        POST /v2/packages/organizations/{org.slug}/registries

        ``ecosystem`` is e.g. ``ruby``, ``python``, ``npm``, ``oci``, ``debian``; ``team_ids`` is
        required when the organization uses teams. ``oidc_policy`` is YAML text or a list of
        policy statements.
        """
        check_str(name, "name")
        check_str(ecosystem, "ecosystem")
        body = _checked({
            "name": name, "ecosystem": ecosystem, "team_ids": team_ids,
            "description": description, "emoji": emoji, "color": color,
            "oidc_policy": oidc_policy,
        })  # fmt: skip
        return api_request("POST", _registries(org), cast=Registry, body=body, options=options)

    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Registry]:
        """List the organization's registries.

        GET /v2/packages/organizations/{org.slug}/registries
        """
        # The docs leave pagination unsaid; page style follows Link headers if there are any.
        return api_request(
            "GET", _registries(org), cast=Registry, options=options, paginate="page",
            per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, registry: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Registry]:
        """Get a registry by its slug.

        GET /v2/packages/organizations/{org.slug}/registries/{registry.slug}
        """
        return api_request("GET", _registries(org, registry), cast=Registry, options=options)

    @endpoint
    def update(
        self,
        org: str,
        registry: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        oidc_policy: OidcPolicy | NotGiven | None = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Registry]:
        """Change a registry's name, description or OIDC policy.

        POST /v2/packages/organizations/{org.slug}/registries/{registry.slug}

        Sent as a POST, as Buildkite documents it. A new ``oidc_policy`` replaces the whole
        policy.
        """
        body = _checked({"name": name, "description": description, "oidc_policy": oidc_policy})
        return api_request(
            "POST", _registries(org, registry), cast=Registry, body=body, options=options
        )

    @endpoint
    def delete(
        self, org: str, registry: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a registry and its packages.

        DELETE /v2/packages/organizations/{org.slug}/registries/{registry.slug}
        """
        return api_request("DELETE", _registries(org, registry), options=options)


class PackageRegistries(_PackageRegistriesEndpoints, SyncAPIResource):
    pass


class AsyncPackageRegistries(_PackageRegistriesEndpoints, AsyncAPIResource):
    pass
