"""Portals: list, get, create, update, delete (saved GraphQL operations with their own token)."""

from __future__ import annotations

from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body
from ..types.portals import CreatedPortal, Portal

__all__ = ["AsyncPortals", "Portals"]


def _portal_path(org: str, portal: str | None = None) -> str:
    if portal is None:
        return path("/v2/organizations/{}/portals", org)
    return path("/v2/organizations/{}/portals/{}", org, portal)


def _portal_body(fields: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return check_body(fields, required=required, bools=("user_invokable",))


class _PortalsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Portal]:
        """List an organization's portals.

        GET /v2/organizations/{org.slug}/portals
        """
        return api_request(
            "GET", _portal_path(org), cast=Portal, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, portal: str, **options: Unpack[RequestOptions]) -> APIRequest[Portal]:
        """Get a portal (``portal`` is its slug).

        GET /v2/organizations/{org.slug}/portals/{portal.slug}
        """
        return api_request("GET", _portal_path(org, portal), cast=Portal, options=options)

    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        query: str,
        slug: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        allowed_ip_addresses: str | NotGiven = NOT_GIVEN,
        user_invokable: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[CreatedPortal]:
        """Create a portal; the answer is the only one that carries its ``token``.

        POST /v2/organizations/{org.slug}/portals

        ``query`` is the GraphQL operation; ``allowed_ip_addresses`` space-separated CIDRs.
        """
        body = _portal_body(
            {"name": name, "query": query, "slug": slug, "description": description,
             "allowed_ip_addresses": allowed_ip_addresses, "user_invokable": user_invokable},
            required=("name", "query"),
        )  # fmt: skip
        return api_request(
            "POST", _portal_path(org), cast=CreatedPortal, body=body, options=options
        )

    @endpoint
    def update(
        self,
        org: str,
        portal: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        query: str | NotGiven = NOT_GIVEN,
        slug: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        allowed_ip_addresses: str | NotGiven | None = NOT_GIVEN,
        user_invokable: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Portal]:
        """Update a portal; only the fields given are sent (``slug`` renames it).

        PUT /v2/organizations/{org.slug}/portals/{portal.slug}
        """
        body = _portal_body(
            {"name": name, "query": query, "slug": slug, "description": description,
             "allowed_ip_addresses": allowed_ip_addresses, "user_invokable": user_invokable},
        )  # fmt: skip
        return api_request(
            "PUT", _portal_path(org, portal), cast=Portal, body=body, options=options
        )

    @endpoint
    def delete(self, org: str, portal: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Delete a portal.

        DELETE /v2/organizations/{org.slug}/portals/{portal.slug}
        """
        return api_request("DELETE", _portal_path(org, portal), options=options)


class Portals(_PortalsEndpoints, SyncAPIResource):
    pass


class AsyncPortals(_PortalsEndpoints, AsyncAPIResource):
    pass
